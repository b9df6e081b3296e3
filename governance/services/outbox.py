"""The notification outbox: audit events that someone must hear about at once become notifications.

The audit trail is the outbox. Every service writes its audit event in the transaction of the change, so an
event exists exactly when the change committed; this processor reads the events it has not handled yet, creates
the notifications (review requested → the people who may sign; sign-off recorded → the requester; review stale →
the signers; initiative advanced, in production, stopped or held → owner and sponsor; criterion stale → owner)
and records each event in ``HandledEvent`` in the same transaction. Handled events are rows of their own, not a
high-water id, because ids do not commit in order. Events older than ``EVENT_HORIZON`` are left alone: news a
week old is no longer news, and it keeps the first run on an existing database from mailing its whole history.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from adoption.models import GateCriterion, Initiative
from core.web import person_name
from governance.choices import Audience, NotificationKind, ReminderKind, ReviewStatus
from governance.models import AuditEvent, GateReview, HandledEvent, ReminderPolicy
from governance.recipients import eligible_signers
from governance.services.delivery import Draft, notifications_create

logger = logging.getLogger(__name__)

EVENT_HORIZON = datetime.timedelta(days=7)
BATCH_SIZE = 1000

REVIEW_EVENTS = {
    "gate_review.requested": NotificationKind.REVIEW_REQUESTED,
    "gate_review.stale": NotificationKind.REVIEW_STALE,
    "gate_review.answered": NotificationKind.REVIEW_ANSWERED,
}
INITIATIVE_EVENTS = {
    "initiative.advanced": NotificationKind.INITIATIVE_ADVANCED,
    "initiative.entered_production": NotificationKind.INITIATIVE_ENTERED_PRODUCTION,
    "initiative.stopped": NotificationKind.INITIATIVE_STOPPED,
    "initiative.held": NotificationKind.INITIATIVE_HELD,
    "evaluation.regression": NotificationKind.EVALUATION_REGRESSION,
}
SIGNOFF_EVENT = "signoff.recorded"
REGRESSION_EVENT = "evaluation.regression"
STALE_EVENT = "criterion.stale"
VERBS = [*REVIEW_EVENTS, *INITIATIVE_EVENTS, SIGNOFF_EVENT, STALE_EVENT]


def _initiative_url(key: str) -> str:
    return f"/initiatives/{key}/"


def _review_url(review_id: int) -> str:
    return f"/reviews/{review_id}/"


class _Batch:
    """The rows a batch of events refers to, each kind loaded in one query."""

    def __init__(self, events: list[AuditEvent]):
        review_ids = {int(e.target_id) for e in events if e.verb in REVIEW_EVENTS or e.verb == SIGNOFF_EVENT}
        self.reviews = (
            {r.pk: r for r in GateReview.objects.filter(pk__in=review_ids).select_related("initiative__business_unit")}
            if review_ids
            else {}
        )
        self.signers = eligible_signers(
            [
                self.reviews[int(e.target_id)]
                for e in events
                if e.verb in REVIEW_EVENTS and int(e.target_id) in self.reviews
            ]
        )
        initiative_ids = {e.initiative_id for e in events if e.verb in INITIATIVE_EVENTS or e.verb == STALE_EVENT}
        self.initiatives = (
            Initiative.objects.only("key", "title", "phase", "owner_id", "sponsor_id").in_bulk(initiative_ids)
            if initiative_ids
            else {}
        )
        criterion_ids = {int(e.target_id) for e in events if e.verb == STALE_EVENT}
        self.criteria = (
            GateCriterion.objects.select_related("template")
            .only("code", "phase", "template__title")
            .in_bulk(criterion_ids)
            if criterion_ids
            else {}
        )
        self.stale_audiences = set(_audiences(ReminderKind.STALE_EVIDENCE))


def _audiences(kind: str) -> list[str]:
    policy = ReminderPolicy.objects.filter(kind=kind, enabled=True).first()
    return [a for step in (policy.steps if policy else []) for a in step.get("notify", [])]


def _actor_name(event: AuditEvent) -> str:
    return person_name(event.actor) if event.actor else event.actor_repr


def _event_drafts(event: AuditEvent, kind: str, people: Iterable[int], context, **target) -> list[Draft]:
    """One notification of ``kind`` about ``event`` for each person; the dedupe key names the event, so an outbox
    read twice creates each once. ``context`` is a dict or a function of the person; ``target``: the link, the
    initiative and what the notification is about."""
    return [
        Draft(
            recipient_id=user_id,
            kind=kind,
            dedupe_key=f"event:{event.pk}:{kind}:u{user_id}",
            context=context(user_id) if callable(context) else context,
            **target,
        )
        for user_id in people
    ]


def _review_drafts(event: AuditEvent, batch: _Batch) -> list[Draft]:
    review = batch.reviews.get(int(event.target_id))
    if review is None:
        return []
    initiative = review.initiative
    base = {"key": initiative.key, "title": initiative.title, "phase": review.phase, "review_id": review.pk}
    common = {
        "url": _review_url(review.pk),
        "initiative_id": initiative.pk,
        "target_type": "gate_review",
        "target_id": str(review.pk),
    }
    if event.verb == SIGNOFF_EVENT:
        after = event.after
        # The requester and the owner hear each decision (the owner answers requested changes).
        people = sorted({review.requested_by_id, initiative.owner_id} - {event.actor_id, None})
        kind = NotificationKind.SIGNOFF_RECORDED
        context = {
            **base,
            "actor": _actor_name(event),
            "slot": after.get("slot", "").removesuffix("_2"),
            "decision": after.get("decision", ""),
            "comment": after.get("comment", ""),
            "flags": [flag.get("title", "") for flag in after.get("flags", [])],
            **({"advances_to": after["advances_to"]} if after.get("advances_to") else {}),
        }
        return _event_drafts(event, kind, people, context, **common)
    if review.status != ReviewStatus.OPEN:
        return []  # decided or withdrawn before we got to it: nothing left to sign
    kind = REVIEW_EVENTS[event.verb]
    signers = {
        user_id: roles for user_id, roles in batch.signers.get(review.pk, {}).items() if user_id != event.actor_id
    }
    actor = _actor_name(event)
    return _event_drafts(
        event, kind, signers, lambda user_id: {**base, "actor": actor, "slots": signers[user_id]}, **common
    )


def _initiative_drafts(event: AuditEvent, batch: _Batch) -> list[Draft]:
    initiative = batch.initiatives.get(event.initiative_id)
    if initiative is None:
        return []
    kind = INITIATIVE_EVENTS[event.verb]
    context = {
        "key": initiative.key,
        "title": initiative.title,
        "phase": event.after.get("phase", initiative.phase),
        "from_phase": event.before.get("phase", ""),
        "reason": event.after.get("reason", ""),
        "failure_mode": event.after.get("primary_failure_mode", ""),
    }
    # People hear of what others did; a regression is the pipeline's news, even when it pushed with the owner's token.
    actor = None if event.verb == REGRESSION_EVENT else event.actor_id
    people = {initiative.owner_id, initiative.sponsor_id} - {None, actor}
    return _event_drafts(
        event,
        kind,
        sorted(people),
        context,
        url=_initiative_url(initiative.key),
        initiative_id=initiative.pk,
        target_type="initiative",
        target_id=initiative.key,
    )


def _stale_drafts(event: AuditEvent, batch: _Batch) -> list[Draft]:
    initiative = batch.initiatives.get(event.initiative_id)
    criterion = batch.criteria.get(int(event.target_id))
    if initiative is None or criterion is None:
        return []
    people = set()
    if Audience.INITIATIVE_OWNER in batch.stale_audiences:
        people.add(initiative.owner_id)
    if Audience.BUSINESS_SPONSOR in batch.stale_audiences and initiative.sponsor_id:
        people.add(initiative.sponsor_id)
    kind = NotificationKind.CRITERION_STALE
    context = {
        "key": initiative.key,
        "title": initiative.title,
        "code": criterion.code,
        "criterion": criterion.template.title,
        "phase": criterion.phase,
        "waiver_expires_on": event.after.get("waiver_expires_on") or "",
        "evidence_date": event.after.get("evidence_date") or "",
    }
    target = {"target_type": "criterion", "target_id": str(criterion.pk)}
    url = _initiative_url(initiative.key)
    return _event_drafts(event, kind, sorted(people), context, url=url, initiative_id=initiative.pk, **target)


HANDLERS: dict[str, Callable[[AuditEvent, _Batch], list[Draft]]] = {
    **dict.fromkeys(REVIEW_EVENTS, _review_drafts),
    SIGNOFF_EVENT: _review_drafts,
    **dict.fromkeys(INITIATIVE_EVENTS, _initiative_drafts),
    STALE_EVENT: _stale_drafts,
}


def unhandled_events(*, since: datetime.datetime):
    return AuditEvent.objects.filter(verb__in=VERBS, at__gte=since).filter(
        ~Exists(HandledEvent.objects.filter(event_id=OuterRef("pk")))
    )


def notifications_from_events(*, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Turn the audit events not yet handled into notifications; returns how many notifications were created.

    The events to handle are read once; each batch of them is one transaction with a constant number of queries.
    Events another worker is handling are skipped (``skip_locked``), an event committed meanwhile is the next run's,
    and an event handled twice in a race creates nothing twice (the dedupe keys).
    """
    now = now or timezone.now()
    # Events are stamped with the real clock: with ``now`` in the future (run_sweeps --at), look back from today.
    since = min(now, timezone.now()) - EVENT_HORIZON
    # The events to handle, read once without order or limit (through the verb-and-moment index: ordered by id
    # and limited, PostgreSQL walks every audit event instead), then handled batch by batch in id order.
    pending = sorted(unhandled_events(since=since).order_by().values_list("pk", flat=True))
    created = 0
    for start in range(0, len(pending), batch_size):
        with transaction.atomic():
            events = list(
                unhandled_events(since=since)
                .filter(pk__in=pending[start : start + batch_size])
                .select_related("actor")
                .select_for_update(skip_locked=True, no_key=True, of=("self",))
                .order_by("pk")
            )
            if not events:
                continue
            batch = _Batch(events)
            drafts: list[Draft] = []
            counts: dict[int, int] = {}
            for event in events:
                try:
                    made = HANDLERS[event.verb](event, batch)
                except Exception:
                    # One event this code cannot read must not stop every later one from being notified: log it
                    # loudly and record it handled without notifications.
                    logger.exception("Audit event %s (%s) could not be turned into notifications", event.pk, event.verb)
                    made = []
                counts[event.pk] = len(made)
                drafts.extend(made)
            created += len(notifications_create(drafts))
            handled_at = timezone.now()
            HandledEvent.objects.bulk_create(
                [HandledEvent(event_id=pk, handled_at=handled_at, notifications=n) for pk, n in counts.items()],
                ignore_conflicts=True,
            )
    return created
