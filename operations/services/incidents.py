"""The incident register: an incident recorded with one report deadline per regime obligation whose incident duty
covers its severity; the owner, the compliance officers and the CoE told at once; reminders scheduled toward each
deadline at moments that fit it (``governance.services.reminders.incident_deadlines_sweep``, also run every
minute by beat); a critical incident opens an extra compliance review and may put the initiative on hold; the report
to the authority closes its deadline."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import Initiative
from core.db import lock_one
from core.exceptions import NotFound, Refused
from governance import actions
from governance.audit import audit_record
from governance.choices import NotificationKind, ReminderKind
from governance.recipients import global_holders
from governance.services.delivery import Draft, notifications_create
from governance.services.lifecycle import initiative_transition
from governance.services.reminders import policy_steps
from governance.services.scheduling import compliance_assignee_for, compliance_review_extra
from operations import inputs
from operations.choices import IncidentStatus, Severity
from operations.models import Incident, IncidentDeadline
from operations.obligations import incident_duties, text

logger = logging.getLogger(__name__)

SWEEP_TASK = "operations.sweep_incident_deadlines"


def incident_recipients(initiative: Initiative) -> list[int]:
    """Who hears of an incident at once: the owner, the compliance officer responsible and the compliance lead, and
    the CoE."""
    people = [initiative.owner_id]
    assignee = compliance_assignee_for(initiative)
    if assignee is not None:
        people.append(assignee.pk)
    people += global_holders(Role.COMPLIANCE_OFFICER) + global_holders(Role.COE_ADMIN)
    return sorted(set(people))


def reminder_moments(incident: Incident, deadline: IncidentDeadline) -> list[datetime.datetime]:
    """When each step of the incident-deadline policy falls due for ``deadline`` (its share of the time between
    detection and the deadline), in the future only."""
    policy = policy_steps(ReminderKind.INCIDENT_DEADLINE)
    if policy is None:
        return []
    span = deadline.due_at - incident.detected_at
    now = timezone.now()
    moments = [incident.detected_at + span * (step.at / 100) for step in policy.steps]
    # A second past each moment, so the sweep it triggers finds the step reached.
    return [moment + datetime.timedelta(seconds=1) for moment in moments if moment > now]


def _schedule_reminders(moments: list[datetime.datetime]) -> None:
    """Queue the sweep at each moment (after the commit); beat's minute sweep is the safety net if the broker is
    down, and the dedupe key keeps every reminder single."""
    from celery import current_app

    for moment in sorted(set(moments)):
        try:
            current_app.send_task(SWEEP_TASK, eta=moment)
        except Exception:  # the broker may be down; the minute sweep reminds anyway
            logger.warning("incident reminder not queued for %s; the minute sweep will send it", moment, exc_info=True)


def incident_record(
    *,
    actor,
    initiative: Initiative,
    severity: str,
    summary: str,
    detected_at: datetime.datetime,
    people_affected: int | None = None,
    contained_at: datetime.datetime | None = None,
    hold: bool = False,
) -> Incident:
    """Record an incident: its report deadlines, a notification to the owner, compliance and the CoE at once, the
    reminders toward each deadline; a critical one opens an extra compliance review; ``hold`` puts the initiative
    on hold (the hold edge: the sponsor or the CoE)."""
    data = inputs.IncidentInput.clean_arguments(locals())
    refused = inputs.IncidentInput.refused
    if data["detected_at"] > timezone.now() + datetime.timedelta(minutes=5):
        raise Refused(refused, reasons=[_("The incident cannot be detected in the future.")])
    moments: list[datetime.datetime] = []
    with transaction.atomic():
        locked = actions.action_lock("record_incident", user=actor, initiative=initiative)
        incident = Incident.objects.create(
            initiative=locked,
            severity=data["severity"],
            summary=data["summary"],
            people_affected=data["people_affected"] or 0,
            detected_at=data["detected_at"],
            contained_at=data["contained_at"],
            status=IncidentStatus.CONTAINED if data["contained_at"] else IncidentStatus.OPEN,
            recorded_by=actor,
        )
        deadlines = [
            IncidentDeadline.objects.create(
                initiative=locked,
                incident=incident,
                regime=applied.regime,
                obligation=applied.code,
                authority=text(spec.get("authority")),
                hours=int(spec["deadline_hours"]),
                due_at=incident.detected_at + datetime.timedelta(hours=int(spec["deadline_hours"])),
            )
            for applied, spec in incident_duties(locked, incident.severity)
        ]
        audit_record(
            actor=actor,
            verb="incident.recorded",
            target=incident,
            initiative=locked,
            after={
                "severity": incident.severity,
                "summary": incident.summary,
                "people_affected": incident.people_affected,
                "detected_at": incident.detected_at.isoformat(),
                "deadlines": [
                    {"regime": d.regime, "obligation": d.obligation, "due_at": d.due_at.isoformat()} for d in deadlines
                ],
            },
        )
        first = min((d.due_at for d in deadlines), default=None)
        context = {
            "incident_id": incident.pk,
            "severity": incident.severity,
            "summary": incident.summary[:300],
            "detected_at": incident.detected_at.isoformat(),
            "due_at": first.isoformat() if first else "",
            "deadlines": len(deadlines),
        }
        notifications_create(
            Draft(
                recipient_id=person,
                kind=NotificationKind.INCIDENT_RECORDED,
                dedupe_key=f"incident_recorded:incident:{incident.pk}:u{person}",
                context={"key": locked.key, "title": locked.title, **context},
                url=f"/initiatives/{locked.key}/incidents/",
                initiative_id=locked.pk,
                target_type="incident",
                target_id=str(incident.pk),
            )
            for person in incident_recipients(locked)
        )
        if incident.severity == Severity.CRITICAL:
            compliance_review_extra(
                initiative=locked,
                actor=actor,
                due_on=timezone.localdate() + datetime.timedelta(days=7),
                reason=_("A critical incident was recorded."),
            )
        if data["hold"]:
            initiative_transition(
                actor=actor,
                initiative=locked,
                edge="hold",
                data={"reason": _("Incident: %(summary)s") % {"summary": incident.summary[:200]}},
                locked=True,
            )
        for deadline in deadlines:
            moments += reminder_moments(incident, deadline)
        transaction.on_commit(lambda: _schedule_reminders(moments), robust=True)
    return incident


def incident_report(
    *, actor, deadline: IncidentDeadline, reference: str, reported_at: datetime.datetime | None = None
) -> IncidentDeadline:
    """Record the report of an incident to the authority (its reference and time, now by default): the deadline
    closes and its reminders stop."""
    data = inputs.IncidentReportInput.clean_arguments(locals())
    refused = inputs.IncidentReportInput.refused
    with transaction.atomic():
        initiative_id = IncidentDeadline.objects.filter(pk=deadline.pk).values_list("initiative_id", flat=True).first()
        if initiative_id is None:
            raise NotFound(_("Report deadline not found."))
        initiative = actions.action_lock("record_incident", user=actor, initiative=Initiative(pk=initiative_id))
        deadline = lock_one(
            IncidentDeadline.objects.filter(pk=deadline.pk).select_related("incident"), _("Report deadline not found.")
        )
        if deadline.reported_at is not None:
            raise Refused(refused, reasons=[_("This report was already recorded.")])
        reported_at = data["reported_at"] or timezone.now()
        if reported_at < deadline.incident.detected_at:
            raise Refused(refused, reasons=[_("The report cannot come before the incident was detected.")])
        deadline.reported_at = reported_at
        deadline.reference = data["reference"]
        deadline.reported_by = actor
        deadline.save(update_fields=["reported_at", "reference", "reported_by"])
        audit_record(
            actor=actor,
            verb="incident.reported",
            target=deadline.incident,
            initiative=initiative,
            after={
                "regime": deadline.regime,
                "obligation": deadline.obligation,
                "reference": deadline.reference,
                "reported_at": reported_at.isoformat(),
                "late": reported_at > deadline.due_at,
            },
        )
    return deadline


def incident_status_set(
    *, actor, incident: Incident, status: str, contained_at: datetime.datetime | None = None
) -> Incident:
    """Mark an incident contained (at ``contained_at``, now by default) or closed; an incident closes only once
    every report it owes is recorded. It leaves the board's open incidents when closed."""
    data = inputs.IncidentStatusInput.clean_arguments(locals())
    refused = inputs.IncidentStatusInput.refused
    with transaction.atomic():
        initiative_id = Incident.objects.filter(pk=incident.pk).values_list("initiative_id", flat=True).first()
        if initiative_id is None:
            raise NotFound(_("Incident not found."))
        initiative = actions.action_lock("record_incident", user=actor, initiative=Initiative(pk=initiative_id))
        incident = lock_one(Incident.objects.filter(pk=incident.pk), _("Incident not found."))
        if incident.status == IncidentStatus.CLOSED:
            raise Refused(refused, reasons=[_("The incident is closed.")])
        contained_at = data["contained_at"] or incident.contained_at or timezone.now()
        if contained_at < incident.detected_at:
            raise Refused(refused, reasons=[_("The incident cannot be contained before it was detected.")])
        if data["status"] == IncidentStatus.CLOSED and incident.deadlines.filter(reported_at__isnull=True).exists():
            raise Refused(refused, reasons=[_("Record every report the incident owes before closing it.")])
        before = {
            "status": incident.status,
            "contained_at": incident.contained_at.isoformat() if incident.contained_at else None,
        }
        incident.status = data["status"]
        incident.contained_at = contained_at
        incident.save(update_fields=["status", "contained_at"])
        audit_record(
            actor=actor,
            verb=f"incident.{incident.status}",
            target=incident,
            initiative=initiative,
            before=before,
            after={"status": incident.status, "contained_at": contained_at.isoformat()},
        )
    return incident
