"""Who may sign a slot of a gate review, and why not: the one home of the signing rule.

The rule (PRODUCT.md §2, four eyes): the review is open and its initiative active; the signer holds the slot's role
for the initiative (globally, in its business unit or above, or on it); the person who requested the review and the
initiative's owner never sign; one person signs at most one slot of a review, whatever roles they hold; whoever
waived a criterion of the review's phase does not sign its compliance slot; a slot is signed once per round (a review
whose evidence changed starts a new round when the next sign-off arrives, so nothing counts as signed in it yet).

``refusal`` states the rule once, over facts fetched beforehand. Everything else here only fetches facts and asks it:
``sign_refusal`` for one person and one slot (the sign-off service, the API), ``signable_slots`` for one person on one
review (the review page's sign form), ``slot_signers`` for every slot of one review (the review page's "May sign"
lists), ``eligible_signers_many`` for a batch of reviews (the reminders' recipients). ``inbox_condition`` is the same
rule written as SQL for the sign-off inbox, which must page through the database; a test proves it picks exactly the
reviews ``signable_slots`` offers. The database keeps its own trigger on sign-offs (``governance.models.reviews``
FOUR_EYES_SQL) as the last line of defence; a test proves it refuses exactly the four-eyes cases refused here.

Delegation (``governance.models.Delegation``): a signer lends one signing role they hold, in the scope of that
assignment, to a named person for a fixed period; the delegate then signs that role's slots "on behalf of" the
delegator. As a bank's auditor reads it, a signature on behalf of someone uses two people's names, so every
four-eyes check applies to both: neither the delegate nor the delegator requested the review or owns the
initiative, neither waived a criterion of the phase for a compliance slot, and a person's authority — their own or
lent — fills at most one slot of a review (a delegate cannot sign a second slot of a review they or their delegator
signed, in person or through anyone). A person who holds the role themselves signs in person, never on behalf.
``delegations_in_force()`` says which delegations count today; ``lent_roles()`` and ``_lent_holders()`` fetch them.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role, Status
from adoption.models import BusinessUnit, GateCriterion, Initiative
from core.exceptions import DomainError, Forbidden, NotFound, Refused
from governance import access
from governance.choices import SIGNER_ROLES, ReviewStatus, Scope
from governance.models import Delegation, GateReview, ReviewSlot, SignOff
from governance.permissions import VIEW, act_as

User = get_user_model()

# The slot whose signer may not have waived a criterion of the phase.
WAIVER_BARRED_ROLE = Role.COMPLIANCE_OFFICER


@dataclass(frozen=True)
class Refusal:
    """Why a person may not sign a slot: the exception the sign-off service raises, and its sentence."""

    kind: type[DomainError]
    reason: str
    # The rules the database trigger enforces as well (requester, owner, another slot, waiver author).
    four_eyes: bool = False
    # The person does not hold the slot's role: a delegation of it might still let them sign on someone's behalf.
    role_missing: bool = False

    def error(self) -> DomainError:
        if self.kind is Refused:
            return Refused(_("The sign-off was not recorded."), reasons=[self.reason])
        return self.kind(self.reason)


@dataclass
class ReviewFacts:
    """What the rule reads about one review, fetched in a few queries (or for many reviews at once)."""

    review: GateReview
    initiative: Initiative
    # Every slot of the review by id, the inactive ones too (a sign-off may sit on a slot a tier change dropped).
    slots: dict[int, ReviewSlot] = field(default_factory=dict)
    # (slot id, round, signer id) of every sign-off of the review, all rounds.
    signoffs: list[tuple[int, int, int]] = field(default_factory=list)
    # (slot id, delegator id) of every sign-off made on someone's behalf, all rounds.
    lent_signoffs: list[tuple[int, int]] = field(default_factory=list)
    # Who waived a criterion of the review's phase.
    waiver_authors: set[int] = field(default_factory=set)
    # The evidence changed since the review froze it: the next sign-off starts a new round.
    stale: bool = False

    @property
    def active_slots(self) -> list[ReviewSlot]:
        """The slots the review needs now, in its order."""
        return sorted((s for s in self.slots.values() if s.active), key=lambda s: (s.order, s.ordinal))

    @property
    def signed_now(self) -> set[int]:
        """Slots already signed in the round a sign-off would be counted in."""
        if self.stale:
            return set()
        return {slot_id for slot_id, round_, _signer in self.signoffs if round_ == self.review.round}

    def slots_signed_by(self, user_id: int) -> set[int]:
        """The slots signed by ``user_id`` in person or on their behalf by a delegate (one person's authority)."""
        own = {slot_id for slot_id, _round, signer in self.signoffs if signer == user_id}
        return own | {slot_id for slot_id, delegator in self.lent_signoffs if delegator == user_id}


@dataclass(frozen=True)
class Lent:
    """A delegation in force, as the rule reads it: who signs, for whom, which role, where."""

    delegation_id: int
    delegate_id: int
    delegator_id: int
    delegator_name: str
    role: str
    place: tuple
    unit_path: str = ""


def delegations_in_force(today=None) -> Q:
    """The delegations that count on ``today`` (the deployment's date): within their period, not revoked, the
    delegator's assignment still in force, both people active. A delegation ends by itself; nothing sweeps it."""
    today = today or timezone.localdate()
    now = timezone.now()
    return (
        Q(revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today)
        & Q(assignment__revoked_at__isnull=True)
        & (Q(assignment__expires_at__isnull=True) | Q(assignment__expires_at__gt=now))
        & Q(delegator__is_active=True, delegate__is_active=True)
    )


def _lent_rows(rows) -> list[Lent]:
    from core.web import person_name

    result = []
    for item in rows:
        if item.scope == Scope.GLOBAL:
            place = ("global",)
        elif item.scope == Scope.BUSINESS_UNIT:
            place = ("unit", item.business_unit_id)
        else:
            place = ("initiative", item.initiative_id)
        result.append(
            Lent(
                item.pk,
                item.delegate_id,
                item.delegator_id,
                person_name(item.delegator),
                item.role,
                place,
                item.business_unit.path if item.business_unit_id else "",
            )
        )
    return result


def lent_roles(*, user_id: int | None) -> list[Lent]:
    """The signing roles lent to ``user_id`` today (one query)."""
    if user_id is None:
        return []
    rows = (
        Delegation.objects.filter(delegations_in_force(), delegate_id=user_id, role__in=SIGNER_ROLES)
        .select_related("delegator", "business_unit")
        .order_by("pk")
    )
    return _lent_rows(rows)


def _lent_holders(*, roles: set[str], initiatives: list[Initiative]) -> list[Lent]:
    """Every delegation in force of one of ``roles`` whose scope covers one of ``initiatives`` (one query)."""
    if not roles or not initiatives:
        return []
    unit_ids = {unit for initiative in initiatives for unit in initiative.business_unit.ancestor_ids}
    rows = (
        Delegation.objects.filter(delegations_in_force(), role__in=roles)
        .filter(
            Q(scope=Scope.GLOBAL)
            | Q(scope=Scope.BUSINESS_UNIT, business_unit_id__in=unit_ids)
            | Q(scope=Scope.INITIATIVE, initiative_id__in={i.pk for i in initiatives})
        )
        .select_related("delegator", "business_unit")
        .order_by("pk")
    )
    return _lent_rows(rows)


def review_refusal(*, review: GateReview, initiative: Initiative) -> Refusal | None:
    """Why nobody may sign any slot of ``review`` now (closed, or its initiative not active), or None."""
    if review.waiting_for_owner:
        return Refusal(
            Refused, _("Changes were requested on this review: signing resumes when the owner answers them.")
        )
    if review.status != ReviewStatus.OPEN:
        return Refusal(
            Refused, _("This review is closed (%(status)s).") % {"status": review.get_status_display().lower()}
        )
    if initiative.status != Status.ACTIVE:
        return Refusal(
            Refused,
            _("%(key)s is %(status)s.") % {"key": initiative.key, "status": initiative.get_status_display().lower()},
        )
    return None


def refusal(
    *, facts: ReviewFacts, slot: ReviewSlot, user_id: int | None, holds_role: bool, lent: Lent | None = None
) -> Refusal | None:
    """Why the person ``user_id`` may not sign ``slot`` of the review ``facts`` describe, or None when they may;
    with ``lent``, signing on behalf of its delegator (``holds_role`` then says the delegation covers the slot).

    The checks run in the order the sign-off service reports them, so the first refusal is the one it raises.
    """
    review, initiative = facts.review, facts.initiative
    closed = review_refusal(review=review, initiative=initiative)
    if closed is not None:
        return closed
    if lent is not None:
        behalf = _behalf_refusal(facts=facts, slot=slot, lent=lent)
        if behalf is not None:
            return behalf
    if user_id is not None and user_id == review.requested_by_id:
        return Refusal(Forbidden, _("You requested this review, so you cannot sign it (four eyes)."), four_eyes=True)
    if user_id is not None and user_id == initiative.owner_id:
        return Refusal(
            Forbidden,
            _("You own %(key)s, so you cannot sign its gate review (four eyes).") % {"key": initiative.key},
            four_eyes=True,
        )
    other = sorted(facts.slots_signed_by(user_id) - {slot.pk}) if user_id is not None else []
    if other:
        return Refusal(
            Forbidden,
            _("You already signed the %(slot)s slot of this review; one person signs one slot (four eyes).")
            % {"slot": facts.slots[other[0]].get_role_display()},
            four_eyes=True,
        )
    if slot.role == WAIVER_BARRED_ROLE and user_id in facts.waiver_authors:
        return Refusal(
            Forbidden,
            _("You waived a criterion of this phase, so you cannot sign its compliance slot (four eyes)."),
            four_eyes=True,
        )
    if not holds_role:
        return Refusal(
            Forbidden,
            _("You cannot sign the %(slot)s slot: you do not hold that role for %(key)s.")
            % {"slot": slot.get_role_display(), "key": initiative.key},
            role_missing=True,
        )
    if slot.pk in facts.signed_now:
        return Refusal(
            Refused, _("The %(slot)s slot is already signed in this round.") % {"slot": slot.get_role_display()}
        )
    return None


def _behalf_refusal(*, facts: ReviewFacts, slot: ReviewSlot, lent: Lent) -> Refusal | None:
    """The four-eyes checks of ``refusal`` applied to the delegator whose authority a delegate would use."""
    review, initiative, name = facts.review, facts.initiative, lent.delegator_name
    if lent.delegator_id in (review.requested_by_id, initiative.owner_id):
        return Refusal(
            Forbidden,
            _("%(name)s requested this review or owns %(key)s, so nobody signs it on their behalf (four eyes).")
            % {"name": name, "key": initiative.key},
            four_eyes=True,
        )
    other = sorted(facts.slots_signed_by(lent.delegator_id) - {slot.pk})
    if other:
        return Refusal(
            Forbidden,
            _(
                "%(name)s already signed the %(slot)s slot of this review, in person or through a delegate; one "
                "person's authority signs one slot (four eyes)."
            )
            % {"name": name, "slot": facts.slots[other[0]].get_role_display()},
            four_eyes=True,
        )
    if slot.role == WAIVER_BARRED_ROLE and lent.delegator_id in facts.waiver_authors:
        return Refusal(
            Forbidden,
            _(
                "%(name)s waived a criterion of this phase, so nobody signs its compliance slot on their behalf "
                "(four eyes)."
            )
            % {"name": name},
            four_eyes=True,
        )
    return None


def capacity(
    *,
    facts: ReviewFacts,
    slot: ReviewSlot,
    user_id: int | None,
    perms: set[str],
    lent: list[Lent] | Callable[[], list[Lent]] | None = None,
) -> tuple[Refusal | None, Lent | None]:
    """May ``user_id`` sign ``slot``, and in what capacity: (None, None) in person; (None, a delegation) on its
    delegator's behalf; (the refusal, None) not at all. In person first: someone who holds the role signs as
    themselves. ``lent`` (the delegations in force to the person) is fetched only when needed."""
    holds = act_as(slot.role) in perms
    own = refusal(facts=facts, slot=slot, user_id=user_id, holds_role=holds)
    if own is None or not own.role_missing or user_id is None or VIEW not in perms:
        return own, None
    if lent is None:
        lent = lent_roles(user_id=user_id)
    elif callable(lent):
        lent = lent()
    first = None
    for item in lent:
        if item.role != slot.role or not _applies(item.place, facts.initiative):
            continue
        refused = refusal(facts=facts, slot=slot, user_id=user_id, holds_role=True, lent=item)
        if refused is None:
            return None, item
        first = first or refused
    return first or own, None


# --- Fetching the facts -----------------------------------------------------------------------------------------


def review_facts(
    review: GateReview,
    *,
    stale: bool | None = None,
    slots: Iterable[ReviewSlot] | None = None,
    signoffs: Iterable[SignOff] | None = None,
    criteria: Iterable[GateCriterion] | None = None,
) -> ReviewFacts:
    """The facts of one review (three queries; a fourth, the evidence hash, unless ``stale`` is given).

    A page that has read them already hands them in and the facts cost no query: ``slots`` (every slot of the
    review, the inactive ones too), ``signoffs`` (every sign-off of the review, all rounds), ``criteria`` (every
    criterion of the review's phase, for who waived one).
    """
    initiative = review.initiative
    if stale is None:
        from adoption.selectors.criteria import evidence_set_hash

        stale = review.status == ReviewStatus.OPEN and evidence_set_hash(initiative=initiative) != review.evidence_hash
    if signoffs is None:
        rows = list(
            SignOff.objects.filter(review=review).values_list("slot_id", "round", "signer_id", "on_behalf_of_id")
        )
    else:
        rows = [(s.slot_id, s.round, s.signer_id, s.on_behalf_of_id) for s in signoffs]
    if criteria is None:
        waiver_authors = set(
            GateCriterion.objects.filter(initiative=initiative, phase=review.phase, waived_by__isnull=False)
            .values_list("waived_by_id", flat=True)
            .distinct()
        )
    else:
        waiver_authors = {c.waived_by_id for c in criteria if c.phase == review.phase and c.waived_by_id is not None}
    return ReviewFacts(
        review=review,
        initiative=initiative,
        slots={slot.pk: slot for slot in (review.slots.all() if slots is None else slots)},
        signoffs=[(slot_id, round_, signer) for slot_id, round_, signer, _behalf in rows],
        lent_signoffs=[(slot_id, behalf) for slot_id, _round, _signer, behalf in rows if behalf is not None],
        waiver_authors=waiver_authors,
        stale=stale,
    )


def sign_refusal(
    *, user, review: GateReview, slot: ReviewSlot, facts: ReviewFacts | None = None, perms: set[str] | None = None
) -> Refusal | None:
    """May ``user`` sign ``slot`` of ``review`` now, and if not, why (the sign-off service and the API ask this)."""
    facts = facts or review_facts(review)
    if perms is None:
        perms = access.initiative_permissions(user=user, initiative=review.initiative)
    if VIEW not in perms:
        # Invisible initiatives are reported as missing, never as forbidden.
        return Refusal(NotFound, _("Initiative %(key)s was not found.") % {"key": review.initiative.key})
    user_id = user.pk if user.is_authenticated else None
    return capacity(facts=facts, slot=slot, user_id=user_id, perms=perms)[0]


def sign_capacity(
    *, user, review: GateReview, slot: ReviewSlot, facts: ReviewFacts | None = None, perms: set[str] | None = None
) -> tuple[Refusal | None, Lent | None]:
    """``sign_refusal``, and the delegation a permitted signature would use (None: in person). The sign-off
    service asks this."""
    facts = facts or review_facts(review)
    if perms is None:
        perms = access.initiative_permissions(user=user, initiative=review.initiative)
    refused = sign_refusal(user=user, review=review, slot=slot, facts=facts, perms=perms)
    if refused is not None:
        return refused, None
    return capacity(facts=facts, slot=slot, user_id=user.pk, perms=perms)


def signable_slots(
    *,
    user,
    review: GateReview,
    facts: ReviewFacts | None = None,
    perms: set[str] | None = None,
    lent: list[Lent] | None = None,
) -> list[str]:
    """Keys of the slots ``user`` may sign on ``review`` now, in the review's order. ``lent``: the delegations in
    force to ``user`` that cover the review's slots, when the caller has read them (``review_lent``)."""
    if review.status != ReviewStatus.OPEN or not user.is_authenticated:
        return []
    facts = facts or review_facts(review)
    if perms is None:
        perms = access.initiative_permissions(user=user, initiative=review.initiative)
    if lent is None and VIEW in perms and any(act_as(slot.role) not in perms for slot in facts.active_slots):
        lent = lent_roles(user_id=user.pk)
    return [
        slot.key
        for slot in facts.active_slots
        if capacity(facts=facts, slot=slot, user_id=user.pk, perms=perms, lent=lent or [])[0] is None
    ]


def review_lent(*, facts: ReviewFacts) -> list[Lent]:
    """Every delegation in force of a role of the review's active slots whose scope covers its initiative (one
    query): ``slot_signers`` reads them all, and a person's own among them are exactly the delegations of
    ``lent_roles`` that ``capacity`` may use on this review."""
    return _lent_holders(roles={slot.role for slot in facts.active_slots}, initiatives=[facts.initiative])


def slot_signers(
    *, review: GateReview, facts: ReviewFacts | None = None, lent: list[Lent] | None = None
) -> dict[int, list]:
    """For each active slot of ``review`` still to be signed in this round: the people who may sign it, by name.

    Three queries plus the facts, whatever the number of slots (two when ``lent``, ``review_lent``, is given).
    """
    if review.status != ReviewStatus.OPEN:
        return {}
    facts = facts or review_facts(review)
    slots = facts.active_slots
    roles = {slot.role for slot in slots}
    holders = _holders(roles=roles, initiatives=[review.initiative])
    if lent is None:
        lent = review_lent(facts=facts)
    people = {
        person.pk: person
        for person in User.objects.filter(
            pk__in={user_id for user_id, _role, _place in holders} | {item.delegate_id for item in lent}
        ).order_by("first_name", "last_name", "username")
    }
    order = list(people)
    result: dict[int, list] = {}
    for slot in slots:
        if slot.pk in facts.signed_now:
            continue
        ids = {user_id for user_id, role, place in holders if role == slot.role and _applies(place, review.initiative)}
        signers = [
            people[user_id]
            for user_id in sorted(ids & set(people), key=order.index)
            if refusal(facts=facts, slot=slot, user_id=user_id, holds_role=True) is None
        ]
        # Delegates, each shown with whom they sign for (``person.on_behalf_of``), unless they sign in person.
        for item in lent:
            person = people.get(item.delegate_id)
            if person is None or item.delegate_id in ids or item.role != slot.role:
                continue
            if not _applies(item.place, review.initiative) or any(p.pk == person.pk for p in signers):
                continue
            if refusal(facts=facts, slot=slot, user_id=item.delegate_id, holds_role=True, lent=item) is None:
                delegate = copy.copy(person)
                delegate.on_behalf_of = item.delegator_name
                signers.append(delegate)
        result[slot.pk] = signers
    return result


def eligible_signers_many(reviews: Iterable[GateReview]) -> dict[int, dict[int, list[str]]]:
    """For each open review: who may sign one of its unsigned slots of the current round, and as which roles.

    For the reminder sweeps. Four queries whatever the number of reviews; ``reviews`` must have
    ``initiative__business_unit`` loaded. Staleness is not checked here (a sweep does not recompute evidence
    hashes): a stale review's signers are reminded of the slots still unsigned in its current round.
    """
    reviews = [r for r in reviews if r.status == ReviewStatus.OPEN and r.initiative.status == Status.ACTIVE]
    if not reviews:
        return {}
    by_id = {r.pk: r for r in reviews}
    facts = {r.pk: ReviewFacts(review=r, initiative=r.initiative) for r in reviews}
    for slot in ReviewSlot.objects.filter(review_id__in=by_id):
        facts[slot.review_id].slots[slot.pk] = slot
    for review_id, slot_id, round_, signer_id, behalf in SignOff.objects.filter(review_id__in=by_id).values_list(
        "review_id", "slot_id", "round", "signer_id", "on_behalf_of_id"
    ):
        facts[review_id].signoffs.append((slot_id, round_, signer_id))
        if behalf is not None:
            facts[review_id].lent_signoffs.append((slot_id, behalf))
    waivers: dict[tuple[int, str], set[int]] = defaultdict(set)
    for initiative_id, phase, author in GateCriterion.objects.filter(
        initiative_id__in={r.initiative_id for r in reviews}, waived_by__isnull=False
    ).values_list("initiative_id", "phase", "waived_by_id"):
        waivers[(initiative_id, phase)].add(author)
    for review in reviews:
        facts[review.pk].waiver_authors = waivers[(review.initiative_id, review.phase)]
    holders = _holders(
        roles={slot.role for item in facts.values() for slot in item.active_slots},
        initiatives=[review.initiative for review in reviews],
    )
    lent = _lent_holders(
        roles={slot.role for item in facts.values() for slot in item.active_slots},
        initiatives=[review.initiative for review in reviews],
    )
    by_role: dict[str, list[tuple[int, tuple, Lent | None]]] = defaultdict(list)
    for user_id, role, place in holders:
        by_role[role].append((user_id, place, None))
    in_person = {(user_id, role, place) for user_id, role, place in holders}
    for item in lent:
        by_role[item.role].append((item.delegate_id, item.place, item))
    result: dict[int, dict[int, list[str]]] = {}
    for review in reviews:
        for slot in facts[review.pk].active_slots:
            for user_id, place, item in by_role[slot.role]:
                if not _applies(place, review.initiative):
                    continue
                if item is not None and any(
                    u == user_id and r == slot.role and _applies(p, review.initiative) for u, r, p in in_person
                ):
                    continue  # holds the role themselves: reminded as a signer in person
                if refusal(facts=facts[review.pk], slot=slot, user_id=user_id, holds_role=True, lent=item) is not None:
                    continue
                roles = result.setdefault(review.pk, {}).setdefault(user_id, [])
                if slot.role not in roles:
                    roles.append(slot.role)
    return result


def _holders(*, roles: set[str], initiatives: list[Initiative]) -> list[tuple[int, str, tuple]]:
    """(user id, role, where it applies) of every active person holding one of ``roles`` for one of
    ``initiatives``, in a stable order (one query). A place is ("global",), ("unit", id) or ("initiative", id)."""
    if not roles or not initiatives:
        return []
    unit_ids = {unit for initiative in initiatives for unit in initiative.business_unit.ancestor_ids}
    rows = (
        access.active_assignments()
        .filter(role__in=roles, user__is_active=True)
        .filter(
            Q(scope=Scope.GLOBAL)
            | Q(scope=Scope.BUSINESS_UNIT, business_unit_id__in=unit_ids)
            | Q(scope=Scope.INITIATIVE, initiative_id__in={i.pk for i in initiatives})
        )
        .order_by("pk")
        .values_list("user_id", "role", "scope", "business_unit_id", "initiative_id")
    )
    places = {Scope.GLOBAL: lambda unit, item: ("global",), Scope.BUSINESS_UNIT: lambda unit, item: ("unit", unit)}
    return [
        (user_id, role, places.get(scope, lambda unit, item: ("initiative", item))(unit_id, initiative_id))
        for user_id, role, scope, unit_id, initiative_id in rows
    ]


def unit_signers(*, roles: Iterable[str], units: list[BusinessUnit]) -> dict[int, dict[str, list]]:
    """Per business unit, per role of ``roles``: the active people who hold it for the unit's initiatives (globally,
    in the unit or a unit above), by display name, in one query. They may sign that role's slots of the unit's gate
    reviews, subject to four eyes (never the owner or the requester, one slot per person per review); people
    granted a role on one initiative only (its business sponsor, say) sign there too."""
    roles = set(roles)
    result: dict[int, dict[str, list]] = {unit.pk: {role: [] for role in roles} for unit in units}
    if not roles or not units:
        return result
    unit_ids = {ancestor for unit in units for ancestor in unit.ancestor_ids}
    rows = (
        access.active_assignments()
        .filter(role__in=roles, user__is_active=True)
        .filter(Q(scope=Scope.GLOBAL) | Q(scope=Scope.BUSINESS_UNIT, business_unit_id__in=unit_ids))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username", "pk")
    )
    for assignment in rows:
        for unit in units:
            if assignment.scope == Scope.GLOBAL or assignment.business_unit_id in unit.ancestor_ids:
                people = result[unit.pk][assignment.role]
                if assignment.user not in people:
                    people.append(assignment.user)
    return result


def _applies(place: tuple, initiative: Initiative) -> bool:
    if place[0] == "global":
        return True
    if place[0] == "unit":
        return place[1] in initiative.business_unit.ancestor_ids
    return place[1] == initiative.pk


# --- The inbox: the same rule as a filter the database applies --------------------------------------------------


def inbox_condition(*, user) -> Q | None:
    """The open reviews with a slot ``user`` may sign now, as a filter on GateReview (None: none can be).

    The rule of ``refusal`` in SQL, one clause per check: not the requester nor the owner;
    a slot of a role the user holds in the initiative's scope, unsigned in the current round, that is the slot they
    already signed if they signed one; no compliance slot for a waiver author of the phase. Staleness is not
    recomputed for a list (it needs each review's evidence): a stale review with every slot signed in its round
    appears once its next round starts.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    held = set(access.active_assignments().filter(user=user).values_list("role", flat=True))
    roles = [role for role in SIGNER_ROLES if role in held]
    lent = lent_roles(user_id=user.pk)
    if not roles and not lent:
        return None
    mine = SignOff.objects.filter(Q(signer=user) | Q(on_behalf_of=user), review=OuterRef("review"))
    open_slots = (
        ReviewSlot.objects.filter(review=OuterRef("pk"), active=True)
        .exclude(Exists(SignOff.objects.filter(slot=OuterRef("pk"), round=OuterRef("review__round"))))
        # One person signs one slot: if they signed a slot of this review, only that slot is still theirs.
        .exclude(Exists(mine.exclude(slot=OuterRef("pk"))))
    )
    waived = GateCriterion.objects.filter(
        initiative=OuterRef("review__initiative"), phase=OuterRef("review__phase"), waived_by=user
    )
    condition = Q(pk__in=[])
    for role in roles:
        slots = open_slots.filter(role=role)
        if role == WAIVER_BARRED_ROLE:
            slots = slots.exclude(Exists(waived))
        condition |= Q(Exists(slots)) & access.permission_filter(
            user=user, action=act_as(role), initiative_field="initiative", joined=True
        )
    if lent:
        condition |= _lent_inbox_condition(user=user, lent=lent, held=roles, open_slots=open_slots)
    # An open review's initiative is always active (hold and stop close the open review), so the initiative's
    # status needs no clause here.
    # The owner's initiatives as a subquery: a join would read every initiative in the signer's scope to leave out
    # the few they own.
    owned = Initiative.objects.filter(owner=user).values("pk")
    return condition & Q(status=ReviewStatus.OPEN) & ~Q(requested_by=user) & ~Q(initiative_id__in=owned)


def inbox(*, user) -> QuerySet[GateReview]:
    """Open reviews with a slot ``user`` may sign, oldest first (the sign-off inbox)."""
    condition = inbox_condition(user=user)
    if condition is None:
        return GateReview.objects.none()
    return (
        GateReview.objects.filter(condition)
        .select_related("initiative", "initiative__business_unit", "requested_by")
        .order_by("requested_at", "pk")
    )


def _lent_inbox_condition(*, user, lent: list[Lent], held: list[str], open_slots: QuerySet) -> Q:
    """The reviews a delegate may sign on a delegator's behalf: ``refusal`` with ``lent``, as SQL. A slot whose
    role the delegate holds in the initiative's scope is theirs in person, so the delegation's clause leaves it out
    (``capacity``: in person first)."""
    condition = Q(pk__in=[])
    seen = access.permission_filter(user=user, action=VIEW, initiative_field="initiative", joined=True)
    for item in lent:
        behalf = SignOff.objects.filter(
            Q(signer_id=item.delegator_id) | Q(on_behalf_of_id=item.delegator_id), review=OuterRef("review")
        )
        slots = open_slots.filter(role=item.role).exclude(Exists(behalf.exclude(slot=OuterRef("pk"))))
        if item.role == WAIVER_BARRED_ROLE:
            for author in (user.pk, item.delegator_id):
                slots = slots.exclude(
                    Exists(
                        GateCriterion.objects.filter(
                            initiative=OuterRef("review__initiative"), phase=OuterRef("review__phase"), waived_by=author
                        )
                    )
                )
        if item.place[0] == "unit":
            where = Q(initiative__business_unit__path__startswith=item.unit_path)
        elif item.place[0] == "initiative":
            where = Q(initiative_id=item.place[1])
        else:
            where = Q()
        clause = Q(Exists(slots)) & where & seen & ~Q(requested_by_id=item.delegator_id)
        clause &= ~Q(initiative__owner_id=item.delegator_id)
        if item.role in held:
            in_person = access.permission_filter(
                user=user, action=act_as(item.role), initiative_field="initiative", joined=True
            )
            if not in_person:
                continue  # held everywhere: always signed in person
            clause &= ~in_person
        condition |= clause
    return condition
