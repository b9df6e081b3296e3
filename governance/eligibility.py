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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from adoption.choices import Role, Status
from adoption.models import BusinessUnit, GateCriterion, Initiative
from core.exceptions import DomainError, Forbidden, NotFound, Refused
from governance import access
from governance.choices import SIGNER_ROLES, ReviewStatus, Scope
from governance.models import GateReview, ReviewSlot, SignOff
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
        return {slot_id for slot_id, _round, signer in self.signoffs if signer == user_id}


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


def refusal(*, facts: ReviewFacts, slot: ReviewSlot, user_id: int | None, holds_role: bool) -> Refusal | None:
    """Why the person ``user_id`` may not sign ``slot`` of the review ``facts`` describe, or None when they may.

    The checks run in the order the sign-off service reports them, so the first refusal is the one it raises.
    """
    review, initiative = facts.review, facts.initiative
    closed = review_refusal(review=review, initiative=initiative)
    if closed is not None:
        return closed
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
        )
    if slot.pk in facts.signed_now:
        return Refusal(
            Refused, _("The %(slot)s slot is already signed in this round.") % {"slot": slot.get_role_display()}
        )
    return None


# --- Fetching the facts -----------------------------------------------------------------------------------------


def review_facts(review: GateReview, *, stale: bool | None = None) -> ReviewFacts:
    """The facts of one review (three queries; a fourth, the evidence hash, unless ``stale`` is given)."""
    initiative = review.initiative
    if stale is None:
        from adoption.selectors.criteria import evidence_set_hash

        stale = review.status == ReviewStatus.OPEN and evidence_set_hash(initiative=initiative) != review.evidence_hash
    return ReviewFacts(
        review=review,
        initiative=initiative,
        slots={slot.pk: slot for slot in review.slots.all()},
        signoffs=list(SignOff.objects.filter(review=review).values_list("slot_id", "round", "signer_id")),
        waiver_authors=set(
            GateCriterion.objects.filter(initiative=initiative, phase=review.phase, waived_by__isnull=False)
            .values_list("waived_by_id", flat=True)
            .distinct()
        ),
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
    return refusal(facts=facts, slot=slot, user_id=user_id, holds_role=act_as(slot.role) in perms)


def signable_slots(
    *, user, review: GateReview, facts: ReviewFacts | None = None, perms: set[str] | None = None
) -> list[str]:
    """Keys of the slots ``user`` may sign on ``review`` now, in the review's order."""
    if review.status != ReviewStatus.OPEN or not user.is_authenticated:
        return []
    facts = facts or review_facts(review)
    if perms is None:
        perms = access.initiative_permissions(user=user, initiative=review.initiative)
    return [
        slot.key
        for slot in facts.active_slots
        if refusal(facts=facts, slot=slot, user_id=user.pk, holds_role=act_as(slot.role) in perms) is None
    ]


def slot_signers(*, review: GateReview, facts: ReviewFacts | None = None) -> dict[int, list]:
    """For each active slot of ``review`` still to be signed in this round: the people who may sign it, by name.

    Three queries plus the facts, whatever the number of slots.
    """
    if review.status != ReviewStatus.OPEN:
        return {}
    facts = facts or review_facts(review)
    slots = facts.active_slots
    holders = _holders(roles={slot.role for slot in slots}, initiatives=[review.initiative])
    people = {
        person.pk: person
        for person in User.objects.filter(pk__in={user_id for user_id, _role, _place in holders}).order_by(
            "first_name", "last_name", "username"
        )
    }
    order = list(people)
    result: dict[int, list] = {}
    for slot in slots:
        if slot.pk in facts.signed_now:
            continue
        ids = {user_id for user_id, role, place in holders if role == slot.role and _applies(place, review.initiative)}
        result[slot.pk] = [
            people[user_id]
            for user_id in sorted(ids & set(people), key=order.index)
            if refusal(facts=facts, slot=slot, user_id=user_id, holds_role=True) is None
        ]
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
    for review_id, slot_id, round_, signer_id in SignOff.objects.filter(review_id__in=by_id).values_list(
        "review_id", "slot_id", "round", "signer_id"
    ):
        facts[review_id].signoffs.append((slot_id, round_, signer_id))
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
    by_role: dict[str, list[tuple[int, tuple]]] = defaultdict(list)
    for user_id, role, place in holders:
        by_role[role].append((user_id, place))
    result: dict[int, dict[int, list[str]]] = {}
    for review in reviews:
        for slot in facts[review.pk].active_slots:
            for user_id, place in by_role[slot.role]:
                if not _applies(place, review.initiative):
                    continue
                if refusal(facts=facts[review.pk], slot=slot, user_id=user_id, holds_role=True) is not None:
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
    if not roles:
        return None
    mine = SignOff.objects.filter(review=OuterRef("review"), signer=user)
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
    # An open review's initiative is always active (hold and stop close the open review), so the initiative's
    # status needs no clause here.
    return condition & Q(status=ReviewStatus.OPEN) & ~Q(requested_by=user) & ~Q(initiative__owner=user)


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
