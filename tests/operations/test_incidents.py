"""Incidents: a report deadline per obligation whose incident duty covers the severity (4 h, or 1 h for a critical
information infrastructure operator), everyone told at once, each deadline reminder sent once, the report closing
the deadline, a critical incident's extra compliance review and hold."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.models import ComplianceReview, Notification
from governance.services.reminders import incident_deadlines_sweep
from operations.models import IncidentDeadline
from operations.services.incidents import incident_record, incident_report, reminder_moments

from .conftest import answer, to_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(regime, cast):
    initiative = to_production(cast["initiative"])
    answer(initiative, cast["owner"])
    return initiative


def record(cast, initiative, severity="major", at=None, **more):
    return incident_record(
        actor=cast["owner"],
        initiative=initiative,
        severity=severity,
        summary="The chatbot showed another customer's balance.",
        people_affected=3,
        detected_at=at or timezone.now() - datetime.timedelta(minutes=10),
        **more,
    )


def test_a_major_incident_has_a_four_hour_deadline_and_everyone_hears_at_once(live, cast):
    incident = record(cast, live)
    (deadline,) = incident.deadlines.all()
    assert (deadline.obligation, deadline.hours) == ("incident_report", 4)
    assert deadline.due_at == incident.detected_at + datetime.timedelta(hours=4)
    told = set(Notification.objects.filter(kind="incident_recorded").values_list("recipient__username", flat=True))
    assert {"owner", "compliance", "coe"} <= told
    assert "outsider" not in told
    assert "sponsor" not in told
    message = Notification.objects.get(kind="incident_recorded", recipient=cast["owner"])
    assert "major incident was recorded on" in message.subject
    assert "first report to an authority is due by" in message.message


def test_a_critical_infrastructure_operator_has_one_hour(live, cast):
    answer(live, cast["owner"], critical_infrastructure=True)
    (deadline,) = record(cast, live).deadlines.all()
    assert (deadline.obligation, deadline.hours) == ("incident_report_cii", 1)


def test_a_minor_incident_owes_no_report(live, cast):
    incident = record(cast, live, severity="minor")
    assert incident.deadlines.count() == 0
    assert Notification.objects.filter(kind="incident_recorded", recipient=cast["owner"]).count() == 1


def test_reminders_are_queued_at_half_and_four_fifths_of_the_time(live, cast):
    incident = record(cast, live)
    deadline = incident.deadlines.get()
    moments = reminder_moments(incident, deadline)
    assert [round((m - incident.detected_at).total_seconds()) for m in moments] == [2 * 3600 + 1, int(3.2 * 3600) + 1]


def test_each_deadline_reminder_fires_once(live, cast):
    incident = record(cast, live)
    deadline = incident.deadlines.get()
    early = incident.detected_at + datetime.timedelta(hours=1)
    assert incident_deadlines_sweep(now=early) == 0
    half = incident.detected_at + datetime.timedelta(hours=2, minutes=1)
    assert incident_deadlines_sweep(now=half) >= 1
    assert incident_deadlines_sweep(now=half + datetime.timedelta(minutes=1)) == 0
    later = incident.detected_at + datetime.timedelta(hours=3, minutes=20)
    sent = incident_deadlines_sweep(now=later)
    assert sent >= 2
    assert incident_deadlines_sweep(now=later) == 0
    reminders = Notification.objects.filter(kind="incident_deadline")
    assert reminders.filter(recipient=cast["owner"]).count() == 2
    assert reminders.filter(recipient=cast["coe"]).count() == 1
    # Reported: nothing more.
    incident_report(actor=cast["compliance"], deadline=deadline, reference="CAC-GD-77")
    assert incident_deadlines_sweep(now=incident.detected_at + datetime.timedelta(hours=3, minutes=59)) == 0


def test_the_report_closes_the_deadline_once(live, cast):
    deadline = record(cast, live).deadlines.get()
    with pytest.raises(InvalidInput):
        incident_report(actor=cast["owner"], deadline=deadline, reference="")
    incident_report(actor=cast["owner"], deadline=deadline, reference="CAC-1")
    deadline.refresh_from_db()
    assert deadline.reference == "CAC-1"
    assert deadline.reported_by == cast["owner"]
    with pytest.raises(Refused):
        incident_report(actor=cast["owner"], deadline=deadline, reference="CAC-2")


def test_a_critical_incident_opens_an_extra_compliance_review_and_may_hold(live, cast):
    with pytest.raises(Forbidden):  # the owner cannot hold: the whole incident is not recorded
        record(cast, live, severity="critical", hold=True)
    assert not IncidentDeadline.objects.exists()
    incident_record(
        actor=cast["coe"],
        initiative=live,
        severity="critical",
        summary="Prompt injection leaked data.",
        detected_at=timezone.now(),
        hold=True,
    )
    review = ComplianceReview.objects.get(initiative=live, status="open")
    assert review.due_on == timezone.localdate() + datetime.timedelta(days=7)
    live.refresh_from_db()
    assert live.status == "on_hold"


def test_outsiders_and_bad_input(live, cast):
    with pytest.raises(NotFound):
        record({**cast, "owner": cast["outsider"]}, live)
    with pytest.raises(Forbidden):
        record({**cast, "owner": cast["sponsor"]}, live)
    with pytest.raises(InvalidInput):
        record(cast, live, severity="apocalyptic")
    with pytest.raises(InvalidInput):
        record(cast, live, contained_at=timezone.now() - datetime.timedelta(days=1))
    assert not IncidentDeadline.objects.exists()


def test_an_incident_is_contained_then_closed_once_its_reports_are_recorded(live, cast):
    from operations.services.incidents import incident_status_set

    incident = record(cast, live)
    incident_status_set(actor=cast["owner"], incident=incident, status="contained")
    incident.refresh_from_db()
    assert incident.status == "contained"
    assert incident.contained_at is not None
    with pytest.raises(Refused) as refused:
        incident_status_set(actor=cast["owner"], incident=incident, status="closed")
    assert "Record every report" in refused.value.reasons[0]
    incident_report(actor=cast["compliance"], deadline=incident.deadlines.get(), reference="CAC-9")
    incident_status_set(actor=cast["compliance"], incident=incident, status="closed")
    incident.refresh_from_db()
    assert incident.status == "closed"
    with pytest.raises(Forbidden):
        incident_status_set(actor=cast["sponsor"], incident=record(cast, live), status="contained")
