"""Periodic reminder sweeps: phase time boxes, open gate reviews, compliance reviews, waivers about to expire,
stale evidence and the weekly executive digest (PRODUCT.md §5), each as of an explicit ``now``.

Every reminder is a ``Notification`` whose dedupe key names its kind, target, period and threshold and its
recipient, so a sweep may run twice, overlap another, be retried or be redelivered and still create each reminder
once. A sweep works in batches, each one transaction with a constant number of queries; the targets of a batch are
locked with ``skip_locked``, so two workers sweeping at once share the work instead of waiting, and a row a user's
transaction holds is simply found by the next sweep. Each audience gets only the latest step it has reached: a
sweep that starts late (or a target first seen past several thresholds) sends one reminder, not a backlog.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import (
    DurationField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from adoption.choices import CriterionStatus, Role, Status
from adoption.models import GateCriterion, Initiative
from adoption.models.clock import percent_reached_at
from adoption.selectors.funnel import funnel_summary
from adoption.services.criteria import criteria_mark_stale
from core.web import person_name
from governance.choices import (
    ActionItemStatus,
    Audience,
    ComplianceReviewStatus,
    NotificationKind,
    ReminderKind,
    ReviewStatus,
)
from governance.models import ComplianceActionItem, ComplianceReview, GateReview, ReminderMark, ReminderPolicy
from governance.recipients import eligible_signers, global_holders
from governance.services.compliance import compliance_reviews_schedule_missing
from governance.services.delivery import Draft, notifications_create, notifications_resend_due
from governance.services.outbox import notifications_from_events

BATCH_SIZE = 500


@dataclass(frozen=True)
class Step:
    at: int
    audiences: tuple[str, ...]
    escalation: bool = False


@dataclass(frozen=True)
class Policy:
    """A reminder policy as the sweeps read it: its steps by ``at``, the repeat interval and its audiences."""

    steps: list[Step]
    repeat_every: int | None
    repeat_audiences: tuple[str, ...]
    version: int = 1


def policy_steps(kind: str) -> Policy | None:
    """The enabled policy of ``kind``, or None when it is disabled or has no step."""
    policy = ReminderPolicy.objects.filter(kind=kind, enabled=True).first()
    if policy is None or not policy.steps:
        return None
    steps = sorted(
        (Step(int(s["at"]), tuple(s.get("notify", [])), bool(s.get("escalation"))) for s in policy.steps),
        key=lambda s: s.at,
    )
    return Policy(steps, policy.repeat_every_days, tuple(policy.repeat_audiences), policy.version)


def latest_steps(steps: list[Step], reached: Callable[[Step], bool]) -> dict[str, Step]:
    """For each audience, the latest step (by ``at``) it appears in that ``reached`` accepts."""
    latest: dict[str, Step] = {}
    for step in steps:
        if reached(step):
            for audience in step.audiences:
                latest[audience] = step
    return latest


class _Holders:
    """Global role holders, looked up once per sweep and only when a step names them."""

    ROLES = {Audience.COE_ADMIN: Role.COE_ADMIN, Audience.COMPLIANCE_LEAD: Role.COMPLIANCE_OFFICER}

    def __init__(self):
        self._cache: dict[str, list[int]] = {}

    def __call__(self, audience: str) -> list[int]:
        if audience not in self._cache:
            self._cache[audience] = global_holders(self.ROLES[audience])
        return self._cache[audience]


def audience_people(audience: str, *, initiative: Initiative, holders: _Holders, own: dict | None = None) -> list[int]:
    """Who one audience of a reminder step is for one initiative: the audiences a sweep defines for itself (``own``:
    the eligible signers of a review, a compliance review's assignee, a waiver's author), else the owner, the
    sponsor, or the global holders of a role (the CoE, the compliance lead, executives)."""
    if own and audience in own:
        # A sweep may name another audience instead (a compliance review nobody is assigned: the compliance lead).
        people = own[audience]
        return holders(people) if isinstance(people, str) else list(people)
    if audience == Audience.INITIATIVE_OWNER:
        return [initiative.owner_id]
    if audience == Audience.BUSINESS_SPONSOR:
        return [initiative.sponsor_id] if initiative.sponsor_id else []
    return holders(audience)


@dataclass(frozen=True)
class Due:
    """What one target is reminded of: the period its dedupe key names, each audience's latest step reached, the
    kind's own parameters (a dict, or a function of (audience, person)) and the audiences the sweep defines itself
    (``own``: a review's eligible signers, a compliance review's assignee, a waiver's author)."""

    target: object
    initiative: Initiative
    period: str
    latest: dict[str, Step]
    context: dict | Callable[[str, int], dict]
    own: dict | None = None
    # When the target's next step falls due (None: no later step), for a sweep that keeps marks (``basis``).
    next_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Reminder:
    """One kind of reminder: its notification kind and policy, what its target is called, and its link."""

    kind: str
    policy: str
    target_type: str
    # The dedupe key's name for the target ("review:12"), and the page a reminder links to.
    about: str
    url: str

    def sweep(
        self,
        *,
        now: datetime.datetime | None,
        batch_size: int,
        targets: Callable[[Policy, datetime.datetime], QuerySet],
        reminders: Callable[[list, Policy, datetime.datetime], Iterable[Due]],
        lock_of: tuple = ("self", "initiative"),
        basis: tuple[str, ...] = (),
        also: tuple[str, ...] = (),
    ) -> int:
        """This kind's sweep as of ``now``: nothing while its policy is disabled, else the rows ``targets`` selects,
        batch by batch, each reminded as ``reminders`` says. Returns the notifications created.

        With ``basis`` (the target's fields its clock and audience depend on) the sweep keeps a ``ReminderMark``
        per target and selects only the targets whose mark is missing, was made on another basis (the fields, the
        policy's version, the holders of the global roles it names or ``also`` uses) or whose next step has come:
        what was reminded already is left out in the query, so a repeat run reads nothing it would not send."""
        now = now or timezone.now()
        policy = policy_steps(self.policy)
        if policy is None:
            return 0
        holders = _Holders()
        queryset = targets(policy, now)
        marks: list[ReminderMark] = []
        if basis:
            queryset = queryset.annotate(mark_basis=self.basis(policy, holders, basis, also)).filter(
                ~Exists(
                    ReminderMark.objects.filter(
                        kind=self.policy, target_id=OuterRef("pk"), basis=OuterRef("mark_basis")
                    ).filter(Q(next_at__isnull=True) | Q(next_at__gt=now))
                )
            )

        def build(batch: list) -> Iterable[Draft]:
            for due in reminders(batch, policy, now):
                if basis:
                    target = due.target
                    marks.append(
                        ReminderMark(
                            kind=self.policy, target_id=target.pk, basis=target.mark_basis, next_at=due.next_at
                        )
                    )
                yield from self.drafts(due, holders)

        def mark() -> None:
            if marks:
                ReminderMark.objects.bulk_create(
                    marks,
                    update_conflicts=True,
                    unique_fields=["kind", "target_id"],
                    update_fields=["basis", "next_at"],
                )
                marks.clear()

        return _sweep(queryset, build=build, batch_size=batch_size, lock_of=lock_of, after=mark)

    def basis(self, policy: Policy, holders: _Holders, fields: tuple[str, ...], also: tuple[str, ...]) -> Expression:
        """The basis of a target's mark, as SQL: what the sweep's reminders depend on beyond the target (the
        policy's version, the people of the global audiences) and the target's ``fields``."""
        named = {a for step in policy.steps for a in step.audiences} | set(policy.repeat_audiences) | set(also)
        people = ";".join(f"{a}={','.join(map(str, holders(a)))}" for a in sorted(named) if a in _Holders.ROLES)
        parts: list = [Value(f"v{policy.version};{people}")]
        for field in fields:
            parts += [Value("|"), Cast(F(field), TextField())]
        return Concat(*parts, output_field=TextField())

    def drafts(self, due: Due, holders: _Holders) -> Iterable[Draft]:
        """One reminder per person of each audience at its latest step. The dedupe key names the policy, the
        target, the period and the step, so a retried or repeated sweep never sends it twice."""
        initiative, target = due.initiative, due.target
        for audience, step in due.latest.items():
            for user_id in audience_people(audience, initiative=initiative, holders=holders, own=due.own):
                own_context = due.context(audience, user_id) if callable(due.context) else due.context
                yield Draft(
                    recipient_id=user_id,
                    kind=self.kind,
                    dedupe_key=_key(self.policy, f"{self.about}:{target.pk}", due.period, step.at, user_id),
                    context={
                        "key": initiative.key,
                        "title": initiative.title,
                        "threshold": step.at,
                        "escalation": step.escalation,
                        **own_context,
                    },
                    url=self.url.format(key=initiative.key, pk=target.pk),
                    initiative_id=initiative.pk,
                    target_type=self.target_type,
                    target_id=initiative.key if self.target_type == "initiative" else str(target.pk),
                )


TIME_BOX = Reminder(
    NotificationKind.PHASE_TIME_BOX, ReminderKind.PHASE_TIME_BOX, "initiative", "initiative", "/initiatives/{key}/"
)
REVIEW_WAITING = Reminder(
    NotificationKind.GATE_REVIEW_WAITING, ReminderKind.GATE_REVIEW, "gate_review", "review", "/reviews/{pk}/"
)
COMPLIANCE_DUE = Reminder(
    NotificationKind.COMPLIANCE_REVIEW_DUE,
    ReminderKind.COMPLIANCE_REVIEW,
    "compliance_review",
    "compliance_review",
    "/compliance/{pk}/",
)
COMPLIANCE_ACTION_DUE = Reminder(
    NotificationKind.COMPLIANCE_ACTION_DUE,
    ReminderKind.COMPLIANCE_ACTION,
    "compliance_action_item",
    "action_item",
    "/compliance/actions/{pk}/",
)
WAIVER_EXPIRING = Reminder(
    NotificationKind.WAIVER_EXPIRING, ReminderKind.WAIVER_EXPIRY, "criterion", "criterion", "/initiatives/{key}/"
)


def _sweep(
    queryset: QuerySet,
    *,
    build: Callable[[list], Iterable[Draft]],
    batch_size: int,
    lock_of: tuple = ("self",),
    after: Callable[[], None] | None = None,
) -> int:
    """Lock ``queryset`` batch by batch (keyset by pk, skipping rows others hold) and create ``build``'s drafts.

    A target that hangs off an initiative is locked with its initiative (``lock_of``), in the one statement that
    skips what others hold: the services lock the initiative first and the target next, and a sweep holding the
    target while its notification's foreign key waits for the initiative deadlocks with them. ``FOR NO KEY UPDATE``
    keeps the services out but not the key-share locks of other writers' foreign keys.
    """
    created = 0
    last = 0
    while True:
        with transaction.atomic():
            batch = list(
                queryset.filter(pk__gt=last)
                .select_for_update(skip_locked=True, no_key=True, of=lock_of)
                .order_by("pk")[:batch_size]
            )
            if not batch:
                return created
            created += len(notifications_create(build(batch)))
            if after is not None:
                after()
        if len(batch) < batch_size:
            return created
        last = batch[-1].pk


def _key(kind: str, target: str, period: str, threshold: int, user_id: int) -> str:
    return f"{kind}:{target}:{period}:{threshold}:u{user_id}"


# --- Phase time boxes -------------------------------------------------------------------------------------------


class _Seconds(Func):
    """EXTRACT(EPOCH FROM interval): an interval as (fractional) seconds."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


# What the time-box reminder and the phase clock read of an initiative.
TIME_BOX_FIELDS = (
    *("pk", "key", "title", "phase", "owner_id", "sponsor_id"),
    *("phase_entered_at", "planned_phase_end", "phase_held_seconds", "status", "production_entered_at"),
    "hold_started_at",
)


def phase_time_boxes_sweep(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Remind about active initiatives by how much of the phase time box they have used (hold excluded):
    by default the owner at 75%, owner and CoE at 100%, the sponsor at 125%."""

    def targets(policy: Policy, now: datetime.datetime) -> QuerySet:
        # planned_phase_end already includes the time on hold; take it out of both the time used and the time box.
        since_entry = ExpressionWrapper(Value(now) - F("phase_entered_at"), output_field=DurationField())
        length = ExpressionWrapper(F("planned_phase_end") - F("phase_entered_at"), output_field=DurationField())
        held = F("phase_held_seconds")
        return (
            Initiative.objects.filter(status=Status.ACTIVE)
            .alias(used=_Seconds(since_entry) - held, box=_Seconds(length) - held)
            .filter(used__gte=F("box") * (policy.steps[0].at / 100.0))
            # What the reminder and the phase clock read.
            .only(*TIME_BOX_FIELDS)
        )

    def reminders(initiatives: list[Initiative], policy: Policy, now: datetime.datetime) -> Iterable[Due]:
        for initiative in initiatives:
            clock = initiative.phase_clock(now)
            held = datetime.timedelta(seconds=initiative.phase_held_seconds)
            deadline = initiative.planned_phase_end - held  # the end of the time box had there been no hold
            context = {
                "phase": initiative.phase,
                "percent": clock.percent,
                # The end as a moment: its date is written in the reader's zone and style, and the days left or
                # over are counted when the notification is read (adoption.models.clock.days_left_until).
                "deadline": initiative.planned_phase_end.isoformat(),
                "days_left": max(clock.days_left, 0),
                "days_over": clock.overdue_days,
            }
            period = f"{initiative.phase}@{timezone.localdate(deadline).isoformat()}"
            latest = latest_steps(policy.steps, lambda s, p=clock.percent: p >= s.at)
            later = [step.at for step in policy.steps if step.at > clock.percent]
            next_at = percent_reached_at(initiative, min(later)) if later else None
            yield Due(initiative, initiative, period, latest, context, next_at=next_at)

    return TIME_BOX.sweep(
        now=now,
        batch_size=batch_size,
        targets=targets,
        reminders=reminders,
        lock_of=("self",),
        # The clock (phase, entry, end, time held) and the people (owner, sponsor) a reminder depends on.
        basis=TIME_BOX_BASIS,
    )


TIME_BOX_BASIS = ("phase", "phase_entered_at", "planned_phase_end", "phase_held_seconds", "owner_id", "sponsor_id")


# --- Open gate reviews ------------------------------------------------------------------------------------------


def gate_reviews_sweep(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Chase open gate reviews: by default the people who may sign an unsigned slot after 3 days, the CoE after 7."""

    def targets(policy: Policy, now: datetime.datetime) -> QuerySet:
        since = now - datetime.timedelta(days=policy.steps[0].at)
        return GateReview.objects.filter(status=ReviewStatus.OPEN, requested_at__lte=since).select_related(
            "initiative__business_unit"
        )

    def reminders(reviews: list[GateReview], policy: Policy, now: datetime.datetime) -> Iterable[Due]:
        signers = eligible_signers(reviews)
        for review in reviews:
            days_open = (now - review.requested_at).days
            eligible = signers.get(review.pk, {})
            open_roles = sorted({role for roles in eligible.values() for role in roles})

            def context(audience, user_id, eligible=eligible, review=review, days_open=days_open, roles=open_roles):
                slots = eligible[user_id] if audience == Audience.ELIGIBLE_SIGNERS else roles
                return {"phase": review.phase, "review_id": review.pk, "days_open": days_open, "slots": slots}

            latest = latest_steps(policy.steps, lambda s, d=days_open: d >= s.at)
            own = {Audience.ELIGIBLE_SIGNERS: eligible}
            later = [step.at for step in policy.steps if step.at > days_open]
            next_at = review.requested_at + datetime.timedelta(days=min(later)) if later else None
            yield Due(review, review.initiative, "open", latest, context, own, next_at=next_at)

    # A new round asks every slot again. The signers are those who may sign when a step falls due: a step already
    # sent is not sent again to someone granted a role later (the request itself told everyone eligible then).
    return REVIEW_WAITING.sweep(
        now=now, batch_size=batch_size, targets=targets, reminders=reminders, basis=("requested_at", "round")
    )


# --- Compliance reviews -----------------------------------------------------------------------------------------


def latest_steps_by_due_date(policy: Policy, days: int) -> dict[str, Step]:
    """Each audience's latest step ``days`` after a due date (negative before it), with the policy's repeat after
    it (weekly by default): a step of its own for each interval passed."""
    latest = latest_steps(policy.steps, lambda s: days >= s.at)
    every = policy.repeat_every
    if every and days >= every:
        repeat = Step(at=days - days % every, audiences=policy.repeat_audiences)
        for audience in policy.repeat_audiences:
            if audience not in latest or latest[audience].at < repeat.at:
                latest[audience] = repeat
    return latest


def next_day_by_due_date(policy: Policy, due_on: datetime.date, days: int) -> datetime.datetime | None:
    """The start of the day (in the project's zone) of the next step after ``days`` relative to ``due_on``, the
    policy's repeats included (``latest_steps_by_due_date``); None when there is none."""
    later = [step.at for step in policy.steps if step.at > days]
    every = policy.repeat_every
    if every and policy.repeat_audiences:
        later.append(max(every, (days // every + 1) * every))
    if not later:
        return None
    day = due_on + datetime.timedelta(days=min(later))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def compliance_reviews_sweep(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Remind about open compliance reviews: by default the assignee 14 and 3 days before the due date, on it and
    weekly after it; the compliance lead and the CoE once it is overdue."""

    def targets(policy: Policy, now: datetime.datetime) -> QuerySet:
        until = timezone.localdate(now) - datetime.timedelta(days=policy.steps[0].at)
        return ComplianceReview.objects.filter(status=ComplianceReviewStatus.OPEN, due_on__lte=until).select_related(
            "initiative", "assignee"
        )

    def reminders(reviews: list[ComplianceReview], policy: Policy, now: datetime.datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        for review in reviews:
            days = (today - review.due_on).days
            latest = latest_steps_by_due_date(policy, days)
            context = {
                "review_id": review.pk,
                "due_on": review.due_on.isoformat(),
                "days_relative": days,
                "assignee": person_name(review.assignee),
            }
            # Nobody in scope to assign: the compliance lead has to hear about it instead.
            own = {Audience.ASSIGNEE: [review.assignee_id] if review.assignee_id else Audience.COMPLIANCE_LEAD}
            next_at = next_day_by_due_date(policy, review.due_on, days)
            yield Due(review, review.initiative, review.due_on.isoformat(), latest, context, own, next_at=next_at)

    return COMPLIANCE_DUE.sweep(
        now=now,
        batch_size=batch_size,
        targets=targets,
        reminders=reminders,
        basis=("due_on", "assignee_id"),
        also=(Audience.COMPLIANCE_LEAD,),
    )


# --- Compliance action items -----------------------------------------------------------------------------------


def compliance_actions_sweep(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Chase open action items of compliance reviews: by default their owner 3 days before the due date, on it and
    weekly after it; the compliance lead a week late."""

    def targets(policy: Policy, now: datetime.datetime) -> QuerySet:
        until = timezone.localdate(now) - datetime.timedelta(days=policy.steps[0].at)
        return ComplianceActionItem.objects.filter(status=ActionItemStatus.OPEN, due_on__lte=until).select_related(
            "initiative", "owner"
        )

    def reminders(items: list[ComplianceActionItem], policy: Policy, now: datetime.datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        for item in items:
            days = (today - item.due_on).days
            context = {
                "action_item_id": item.pk,
                "review_id": item.review_id,
                "action": item.title,
                "due_on": item.due_on.isoformat(),
                "days_relative": days,
                "owner": person_name(item.owner),
            }
            own = {Audience.ACTION_OWNER: [item.owner_id]}
            yield Due(
                item, item.initiative, item.due_on.isoformat(), latest_steps_by_due_date(policy, days), context, own
            )

    return COMPLIANCE_ACTION_DUE.sweep(now=now, batch_size=batch_size, targets=targets, reminders=reminders)


# --- Waivers about to expire ------------------------------------------------------------------------------------


def waivers_expiring_sweep(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Warn before a waiver lapses: by default its author and the owner, 7 days before."""

    def targets(policy: Policy, now: datetime.datetime) -> QuerySet:
        today = timezone.localdate(now)
        horizon = max(step.at for step in policy.steps)
        return GateCriterion.objects.filter(
            status=CriterionStatus.WAIVED,
            initiative__status__in=[Status.ACTIVE, Status.ON_HOLD],
            phase=F("initiative__phase"),
            waiver_expires_on__gte=today,
            waiver_expires_on__lte=today + datetime.timedelta(days=horizon),
        ).select_related("initiative", "template", "waived_by")

    def reminders(criteria: list[GateCriterion], policy: Policy, now: datetime.datetime) -> Iterable[Due]:
        # ``at`` counts days before expiry, so the latest step reached is the one with the smallest ``at``.
        descending = sorted(policy.steps, key=lambda s: -s.at)
        for criterion in criteria:
            days_left = (criterion.waiver_expires_on - timezone.localdate(now)).days
            context = {
                "code": criterion.code,
                "criterion": criterion.template.title,
                "expires_on": criterion.waiver_expires_on.isoformat(),
                "days_left": days_left,
                "waived_by": person_name(criterion.waived_by),
            }
            latest = latest_steps(descending, lambda s, d=days_left: d <= s.at)
            own = {Audience.WAIVER_AUTHOR: [criterion.waived_by_id]}
            yield Due(criterion, criterion.initiative, criterion.waiver_expires_on.isoformat(), latest, context, own)

    return WAIVER_EXPIRING.sweep(now=now, batch_size=batch_size, targets=targets, reminders=reminders)


# --- Stale evidence ---------------------------------------------------------------------------------------------


def stale_evidence_sweep(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Turn expired evidence and lapsed waivers stale (adoption's sweep), then tell the owners through the outbox,
    which reads the ``criterion.stale`` events that sweep wrote. Returns (criteria turned stale, notifications)."""
    now = now or timezone.now()
    turned = criteria_mark_stale(now=now)
    return turned, notifications_from_events(now=now)


# --- Weekly executive digest ------------------------------------------------------------------------------------


def _funnel_context(funnel) -> dict:
    return {
        "total": funnel.total,
        "by_status": dict(funnel.by_status),
        "overdue": funnel.overdue,
        "phases": [
            {
                "phase": p.phase,
                "active": p.active,
                "on_hold": p.on_hold,
                "entered": p.entered,
                "advanced": p.advanced,
                "conversion_percent": None if p.conversion is None else round(p.conversion * 100),
                "median_days": p.median_days,
            }
            for p in funnel.phases
        ],
        "stops_by_failure_mode": {mode: n for mode, n in funnel.stops_by_failure_mode.items() if n},
        "stops_not_a_failure": funnel.stops_not_a_failure,
        "value": {name: str(amount) for name, amount in (funnel.value or {}).items()},
    }


def executive_digest_send(*, now: datetime.datetime | None = None) -> int:
    """This week's digest (funnel summary) for every executive who has not had it yet."""
    now = now or timezone.now()
    policy = policy_steps(ReminderKind.EXECUTIVE_DIGEST)
    if policy is None:
        return 0
    audiences = {audience for step in policy.steps for audience in step.audiences}
    people: list[int] = []
    if Audience.EXECUTIVE in audiences:
        people += global_holders(Role.EXECUTIVE)
    if Audience.COE_ADMIN in audiences:
        people += global_holders(Role.COE_ADMIN)
    if not people:
        return 0
    year, week, _weekday = timezone.localdate(now).isocalendar()
    period = f"{year}-W{week:02d}"
    # Executives and the CoE are global roles and see the same portfolio: one funnel serves them all. The people
    # are few and the dedupe key is the guard, so nothing is locked here.
    viewer = get_user_model().objects.get(pk=people[0])
    context = {"week": period, "currency": "", **_funnel_context(funnel_summary(user=viewer))}
    drafts = [
        Draft(
            recipient_id=user_id,
            kind=NotificationKind.EXECUTIVE_DIGEST,
            dedupe_key=_key(ReminderKind.EXECUTIVE_DIGEST, "portfolio", period, 0, user_id),
            context=context,
            url="/funnel/",
            target_type="portfolio",
        )
        for user_id in sorted(set(people))
    ]
    with transaction.atomic():
        return len(notifications_create(drafts))


# --- Filings and incidents (the operations app) -----------------------------------------------------------------

FILING_DUE = Reminder(
    NotificationKind.FILING_DUE, ReminderKind.FILING_DUE, "filing", "filing", "/initiatives/{key}/filings/"
)
FILING_WAITING = Reminder(
    NotificationKind.FILING_WAITING, ReminderKind.FILING_WAITING, "filing", "filing", "/initiatives/{key}/filings/"
)
INCIDENT_DEADLINE = Reminder(
    NotificationKind.INCIDENT_DEADLINE,
    ReminderKind.INCIDENT_DEADLINE,
    "incident_deadline",
    "incident_deadline",
    "/initiatives/{key}/incidents/",
)
# Filings still to be made (or made again) by their due date.
FILING_TO_FILE = ("draft", "rejected", "refile_needed")


def _filing_context(filing) -> dict:
    return {
        "filing_id": filing.pk,
        "regime": filing.regime,
        "obligation": filing.obligation,
        "filing_kind": filing.kind,
        "authority": filing.authority,
    }


def filings_due_sweep(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Chase filings not yet made by their due date: by default the owner 14 and 3 days before, the owner and the
    compliance lead on the day, the owner weekly after it."""
    from operations.models import Filing

    def targets(policy: Policy, now: datetime.datetime) -> QuerySet:
        until = timezone.localdate(now) - datetime.timedelta(days=policy.steps[0].at)
        return Filing.objects.filter(
            status__in=FILING_TO_FILE,
            due_on__lte=until,
            initiative__status__in=[Status.ACTIVE, Status.IN_PRODUCTION, Status.ON_HOLD],
        ).select_related("initiative")

    def reminders(filings: list, policy: Policy, now: datetime.datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        for filing in filings:
            days = (today - filing.due_on).days
            context = {**_filing_context(filing), "due_on": filing.due_on.isoformat(), "days_relative": days}
            latest = latest_steps_by_due_date(policy, days)
            yield Due(filing, filing.initiative, f"{filing.status}@{filing.due_on.isoformat()}", latest, context)

    return FILING_DUE.sweep(now=now, batch_size=batch_size, targets=targets, reminders=reminders)


def filings_waiting_sweep(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Chase filings submitted long ago without the authority's answer: by default the owner after 30 days, the
    owner and the compliance lead after 60."""
    from operations.models import Filing

    def targets(policy: Policy, now: datetime.datetime) -> QuerySet:
        until = timezone.localdate(now) - datetime.timedelta(days=policy.steps[0].at)
        return Filing.objects.filter(
            status="submitted",
            submitted_on__lte=until,
            initiative__status__in=[Status.ACTIVE, Status.IN_PRODUCTION, Status.ON_HOLD],
        ).select_related("initiative")

    def reminders(filings: list, policy: Policy, now: datetime.datetime) -> Iterable[Due]:
        today = timezone.localdate(now)
        for filing in filings:
            days = (today - filing.submitted_on).days
            context = {**_filing_context(filing), "since": filing.submitted_on.isoformat(), "days_open": days}
            latest = latest_steps(policy.steps, lambda s, d=days: d >= s.at)
            yield Due(filing, filing.initiative, filing.submitted_on.isoformat(), latest, context)

    return FILING_WAITING.sweep(now=now, batch_size=batch_size, targets=targets, reminders=reminders)


def incident_deadline_share(
    *, detected_at: datetime.datetime, due_at: datetime.datetime, now: datetime.datetime
) -> int:
    """The percent of the time between an incident's detection and its report deadline used at ``now``."""
    length = (due_at - detected_at).total_seconds()
    if length <= 0:
        return 100
    return int((now - detected_at).total_seconds() * 100 // length)


def incident_deadlines_sweep(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Chase the reports an incident owes authorities, by the share of the time to the deadline used: by default
    the owner and the compliance lead at 50%, with the CoE at 80%. Runs every minute (an hour-scale deadline needs
    minute-scale reminders) and at the moments each step falls due (``operations.services.incidents``); the dedupe
    key makes each step fire once."""
    from operations.models import IncidentDeadline

    def targets(policy: Policy, now: datetime.datetime) -> QuerySet:
        return IncidentDeadline.objects.filter(reported_at__isnull=True, incident__detected_at__lte=now).select_related(
            "initiative", "incident"
        )

    def reminders(deadlines: list, policy: Policy, now: datetime.datetime) -> Iterable[Due]:
        for deadline in deadlines:
            used = incident_deadline_share(detected_at=deadline.incident.detected_at, due_at=deadline.due_at, now=now)
            latest = latest_steps(policy.steps, lambda s, u=used: u >= s.at)
            if not latest:
                continue
            context = {
                "incident_id": deadline.incident_id,
                "severity": deadline.incident.severity,
                "regime": deadline.regime,
                "obligation": deadline.obligation,
                "authority": deadline.authority,
                "due_at": deadline.due_at.isoformat(),
                "hours": deadline.hours,
                "percent": used,
            }
            yield Due(deadline, deadline.initiative, deadline.due_at.isoformat(), latest, context)

    return INCIDENT_DEADLINE.sweep(now=now, batch_size=batch_size, targets=targets, reminders=reminders)


# --- Everything at once -----------------------------------------------------------------------------------------


# What ``sweeps_run_all`` reports, in order; the second element says whether the count is of new notifications.
RESULTS = (
    ("compliance reviews scheduled", False),
    ("criteria turned stale", False),
    ("event notifications (incl. stale evidence)", True),
    ("phase time-box reminders", True),
    ("gate-review reminders", True),
    ("compliance-review reminders", True),
    ("waiver-expiry reminders", True),
    ("compliance action-item reminders", True),
    ("executive digests", True),
    ("filing reminders", True),
    ("incident deadline reminders", True),
    ("emails resent", False),
)


def sweeps_run_all(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Every sweep once, as of ``now``, in an order where each sees what the one before produced; returns what
    each produced, labelled as in ``RESULTS`` (``manage.py run_sweeps`` and the ``governance.sweep_all`` task)."""
    now = now or timezone.now()
    scheduled = compliance_reviews_schedule_missing(today=timezone.localdate(now))
    turned, from_events = stale_evidence_sweep(now=now)
    counts = [
        scheduled,
        turned,
        from_events,
        phase_time_boxes_sweep(now=now),
        gate_reviews_sweep(now=now),
        compliance_reviews_sweep(now=now),
        waivers_expiring_sweep(now=now),
        compliance_actions_sweep(now=now),
        executive_digest_send(now=now),
        filings_due_sweep(now=now) + filings_waiting_sweep(now=now),
        incident_deadlines_sweep(now=now),
        # Delivery runs on the real clock, whatever ``now`` the reminders were computed for.
        notifications_resend_due(),
    ]
    return {label: count for (label, _notifies), count in zip(RESULTS, counts, strict=True)}


def parse_moment(value: str | None) -> datetime.datetime:
    """An ISO 8601 datetime (a naive one is in the project's time zone) as an aware datetime; now when empty."""
    if not value:
        return timezone.now()
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not an ISO 8601 datetime: {value!r}")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


__all__ = [
    "RESULTS",
    "compliance_actions_sweep",
    "compliance_reviews_sweep",
    "executive_digest_send",
    "filings_due_sweep",
    "filings_waiting_sweep",
    "gate_reviews_sweep",
    "incident_deadlines_sweep",
    "parse_moment",
    "phase_time_boxes_sweep",
    "stale_evidence_sweep",
    "sweeps_run_all",
    "waivers_expiring_sweep",
]
