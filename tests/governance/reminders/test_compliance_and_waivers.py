"""Compliance-review reminders (14 and 3 days before, the due date, weekly after; overdue to the lead and the CoE),
waivers about to expire, and owners told when a criterion turns stale."""

import datetime

import pytest
from django.utils import timezone

from adoption.models import GateCriterion, Initiative
from adoption.services.criteria import criterion_waive
from governance.models import ComplianceReview, HandledEvent, Notification
from governance.services.reminders import compliance_reviews_sweep, stale_evidence_sweep, waivers_expiring_sweep

pytestmark = pytest.mark.django_db


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def review(cast):
    """An open compliance review of the initiative, now in production, due in 30 days."""
    initiative = cast["initiative"]
    Initiative.objects.filter(pk=initiative.pk).update(status="in_production", production_entered_at=timezone.now())
    return ComplianceReview.objects.create(
        initiative=initiative,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        risk_tier="limited",
        assignee=cast["signers"]["compliance_officer"],
    )


def sent(**filters) -> list[tuple[str, int, bool]]:
    return sorted(
        (n.recipient.username, n.context["threshold"], n.context["escalation"])
        for n in Notification.objects.filter(kind="compliance_review_due", **filters).select_related("recipient")
    )


def test_assignee_14_and_3_days_before_on_the_day_then_weekly_and_escalation_when_overdue(cast, review):
    due = review.due_on

    def sweep(offset: int) -> int:
        return compliance_reviews_sweep(now=noon(due + datetime.timedelta(days=offset)))

    assert [sweep(offset) for offset in (-15, -14, -13, -10, -3, -1, 0)] == [0, 1, 0, 0, 1, 0, 1]
    assert sent() == [
        ("compliance_officer", -14, False),
        ("compliance_officer", -3, False),
        ("compliance_officer", 0, False),
    ]

    assert sweep(1) == 2  # overdue: the compliance lead and the CoE
    assert sent(context__escalation=True) == [("coe", 1, True), ("lead", 1, True)]
    assert [sweep(offset) for offset in (2, 6, 7, 8, 13, 14, 14, 21)] == [0, 0, 1, 0, 0, 1, 0, 1]
    assert [t for user, t, _e in sent() if user == "compliance_officer"] == [-14, -3, 0, 7, 14, 21]

    weekly = Notification.objects.get(context__threshold=14)
    assert weekly.subject == f"Compliance review of {cast['initiative'].key} is 14 days overdue"
    assert weekly.url == f"/compliance/{review.pk}/"


def test_an_unassigned_review_goes_to_the_compliance_lead(cast, review):
    ComplianceReview.objects.filter(pk=review.pk).update(assignee=None)
    compliance_reviews_sweep(now=noon(review.due_on - datetime.timedelta(days=3)))
    assert sent() == [("lead", -3, False)]


def test_a_new_due_date_rearms_the_reminders_and_a_completed_review_is_quiet(cast, review):
    compliance_reviews_sweep(now=noon(review.due_on))
    ComplianceReview.objects.filter(pk=review.pk).update(due_on=review.due_on + datetime.timedelta(days=60))
    assert compliance_reviews_sweep(now=noon(review.due_on + datetime.timedelta(days=60))) == 1
    ComplianceReview.objects.filter(pk=review.pk).update(status="cancelled")
    assert compliance_reviews_sweep(now=noon(review.due_on + datetime.timedelta(days=90))) == 0


@pytest.fixture
def waived(cast):
    """The feasibility spike waived by the CoE until 20 days from today."""
    criterion = GateCriterion.objects.get(initiative=cast["initiative"], code="feasibility_spike")
    return criterion_waive(
        actor=cast["coe"],
        criterion=criterion,
        reason="A vendor demo replaces the spike.",
        expires_on=timezone.localdate() + datetime.timedelta(days=20),
    )


def test_waiver_author_and_owner_hear_seven_days_before_it_expires(cast, waived):
    expires = waived.waiver_expires_on
    assert waivers_expiring_sweep(now=noon(expires - datetime.timedelta(days=8))) == 0
    assert waivers_expiring_sweep(now=noon(expires - datetime.timedelta(days=7))) == 2
    assert waivers_expiring_sweep(now=noon(expires - datetime.timedelta(days=2))) == 0
    notes = Notification.objects.filter(kind="waiver_expiring").select_related("recipient")
    assert sorted(n.recipient.username for n in notes) == ["coe", "owner"]
    note = notes[0]
    assert note.context["days_left"] == 7
    assert note.subject == f"A waiver on {cast['initiative'].key} expires in 7 days"
    assert "Feasibility spike done within 2 weeks" in note.message
    # Past its expiry the waiver is the stale sweep's business, not this one's.
    assert waivers_expiring_sweep(now=noon(expires + datetime.timedelta(days=1))) == 0


def test_owner_hears_once_when_a_criterion_turns_stale(cast, waived, time_machine):
    time_machine.move_to(noon(waived.waiver_expires_on + datetime.timedelta(days=1)))
    turned, notified = stale_evidence_sweep(now=timezone.now())
    assert (turned, notified) == (1, 1)
    note = Notification.objects.get(kind="criterion_stale")
    assert note.recipient == cast["owner"]
    assert note.subject == f"“Feasibility spike done within 2 weeks” on {cast['initiative'].key} has gone stale"
    assert "waiver expired" in note.message
    assert HandledEvent.objects.filter(event__verb="criterion.stale", notifications=1).count() == 1
    assert stale_evidence_sweep(now=timezone.now()) == (0, 0)
    assert Notification.objects.filter(kind="criterion_stale").count() == 1
