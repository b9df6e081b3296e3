"""Who receives a notification, resolved for a whole batch at once (a constant number of queries per batch).

The per-initiative checks in ``governance.access`` answer "may this person sign"; a sweep over hundreds of reviews
needs the same answer for every review in one go, so the rules are applied here to rows fetched together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from adoption.choices import Role
from adoption.models import GateCriterion
from governance.access import active_assignments
from governance.choices import ReviewStatus, Scope
from governance.models import GateReview, ReviewSlot, SignOff

User = get_user_model()


@dataclass(frozen=True)
class Recipient:
    id: int
    email: str
    name: str
    language: str


def recipients(user_ids: Iterable[int]) -> dict[int, Recipient]:
    """The active users among ``user_ids`` with their address and language (one query)."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    rows = User.objects.filter(pk__in=ids, is_active=True).values_list(
        "pk", "email", "first_name", "last_name", "username", "preference__language"
    )
    return {
        pk: Recipient(
            id=pk,
            email=email or "",
            name=f"{first} {last}".strip() or username,
            language=language or settings.LANGUAGE_CODE,
        )
        for pk, email, first, last, username, language in rows
    }


def global_holders(role: str) -> list[int]:
    """Ids of active users holding ``role`` for the whole organisation (the CoE, the compliance lead, executives)."""
    return sorted(
        active_assignments()
        .filter(role=role, scope=Scope.GLOBAL, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )


def eligible_signers(reviews: list[GateReview]) -> dict[int, dict[int, list[str]]]:
    """For each open review: who may sign one of its unsigned slots of the current round, and as which roles.

    The rules of ``signoff_record``: the holder of the slot's role in the initiative's scope, never the requester
    or the owner, nobody who signed another slot of the review, and no waiver author of the phase for a compliance
    slot. Four queries whatever the number of reviews; ``reviews`` must have ``initiative__business_unit`` loaded.
    """
    reviews = [r for r in reviews if r.status == ReviewStatus.OPEN]
    if not reviews:
        return {}
    by_id = {r.pk: r for r in reviews}
    slots = list(ReviewSlot.objects.filter(review_id__in=by_id, active=True).values_list("pk", "review_id", "role"))
    signed_now: set[int] = set()
    signed_slot_of: dict[tuple[int, int], set[int]] = defaultdict(set)
    for review_id, slot_id, round_, signer_id in SignOff.objects.filter(review_id__in=by_id).values_list(
        "review_id", "slot_id", "round", "signer_id"
    ):
        if round_ == by_id[review_id].round:
            signed_now.add(slot_id)
        signed_slot_of[(review_id, signer_id)].add(slot_id)
    initiative_ids = {r.initiative_id for r in reviews}
    waivers: dict[tuple[int, str], set[int]] = defaultdict(set)
    for initiative_id, phase, author in GateCriterion.objects.filter(
        initiative_id__in=initiative_ids, waived_by__isnull=False
    ).values_list("initiative_id", "phase", "waived_by_id"):
        waivers[(initiative_id, phase)].add(author)
    unit_ids = {unit for r in reviews for unit in r.initiative.business_unit.ancestor_ids}
    holders = (
        active_assignments()
        .filter(role__in={role for _, _, role in slots}, user__is_active=True)
        .filter(
            Q(scope=Scope.GLOBAL)
            | Q(scope=Scope.BUSINESS_UNIT, business_unit_id__in=unit_ids)
            | Q(scope=Scope.INITIATIVE, initiative_id__in=initiative_ids)
        )
        .values_list("user_id", "role", "scope", "business_unit_id", "initiative_id")
    )
    # Each holder filed under (role, where it applies), with its place in the list: a slot looks at the holders of
    # its role for the whole organisation, its initiative's units and the initiative, in that list's order.
    holders_at: dict[tuple[str, object], list[tuple[int, int]]] = defaultdict(list)
    for index, (user_id, role, scope, unit_id, holder_initiative_id) in enumerate(holders):
        if scope == Scope.GLOBAL:
            holders_at[(role, None)].append((index, user_id))
        elif scope == Scope.BUSINESS_UNIT:
            holders_at[(role, ("unit", unit_id))].append((index, user_id))
        else:
            holders_at[(role, ("initiative", holder_initiative_id))].append((index, user_id))

    result: dict[int, dict[int, list[str]]] = {}
    for slot_id, review_id, role in slots:
        if slot_id in signed_now:
            continue
        review = by_id[review_id]
        initiative = review.initiative
        excluded = {review.requested_by_id, initiative.owner_id}
        if role == Role.COMPLIANCE_OFFICER:
            excluded |= waivers[(initiative.pk, review.phase)]
        places = [None, ("initiative", initiative.pk)]
        places += [("unit", unit) for unit in set(initiative.business_unit.ancestor_ids)]
        in_scope = sorted(holder for place in places for holder in holders_at.get((role, place), ()))
        for _index, user_id in in_scope:
            if user_id in excluded:
                continue
            if signed_slot_of[(review_id, user_id)] - {slot_id}:
                continue  # one person signs one slot of a review
            roles = result.setdefault(review_id, {}).setdefault(user_id, [])
            if role not in roles:
                roles.append(role)
    return result
