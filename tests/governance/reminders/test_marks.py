"""Reminder marks: a sweep reads only the targets whose next step has come or whose basis (clock, people, policy,
global roles) changed since it reminded them, and still reminds exactly as before."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import Role
from adoption.models import Initiative
from adoption.models.clock import percent_reached_at
from governance.choices import ReminderKind
from governance.models import ComplianceReview, Notification, ReminderMark
from governance.services.lifecycle import initiative_hold, initiative_resume
from governance.services.reminder_policy import reminder_policy_update
from governance.services.reminders import compliance_reviews_sweep, phase_time_boxes_sweep
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def at_percent(initiative: Initiative, percent: float) -> datetime.datetime:
    box = initiative.planned_phase_end - initiative.phase_entered_at
    return initiative.phase_entered_at + box * (percent / 100)


def visited(sweep, now) -> tuple[int, bool]:
    """(notifications created, whether any target was read: a read target's keys are looked up)."""
    with CaptureQueriesContext(connection) as queries:
        created = sweep(now=now)
    return created, any("dedupe_key IN" in q["sql"] for q in queries.captured_queries)


def mark_of(initiative) -> ReminderMark:
    return ReminderMark.objects.get(kind=ReminderKind.PHASE_TIME_BOX, target_id=initiative.pk)


def test_a_repeat_run_reads_nothing_until_the_next_step_falls_due(cast):
    initiative = cast["initiative"]
    assert visited(phase_time_boxes_sweep, at_percent(initiative, 101)) == (2, True)
    next_at = percent_reached_at(initiative, 125)
    assert mark_of(initiative).next_at == next_at
    assert initiative.phase_clock(next_at).percent == 125
    assert initiative.phase_clock(next_at - datetime.timedelta(seconds=1)).percent == 124

    assert visited(phase_time_boxes_sweep, at_percent(initiative, 110)) == (0, False)
    assert visited(phase_time_boxes_sweep, next_at - datetime.timedelta(seconds=1)) == (0, False)
    assert visited(phase_time_boxes_sweep, next_at) == (1, True)  # the sponsor's escalation
    assert Notification.objects.get(recipient=cast["sponsor"]).context["threshold"] == 125
    # No later step: never read again while nothing changes.
    assert mark_of(initiative).next_at is None
    assert visited(phase_time_boxes_sweep, at_percent(initiative, 400)) == (0, False)


def test_a_new_owner_hears_the_step_reached_and_nobody_hears_it_twice(cast):
    initiative = cast["initiative"]
    assert phase_time_boxes_sweep(now=at_percent(initiative, 101)) == 2
    successor = UserFactory(username="successor")
    Initiative.objects.filter(pk=initiative.pk).update(owner=successor)
    assert visited(phase_time_boxes_sweep, at_percent(initiative, 102)) == (1, True)
    assert Notification.objects.get(recipient=successor).context["threshold"] == 100
    assert visited(phase_time_boxes_sweep, at_percent(initiative, 103)) == (0, False)


def test_a_hold_moves_the_next_step_by_the_time_held(cast, time_machine):
    initiative = cast["initiative"]
    assert phase_time_boxes_sweep(now=at_percent(initiative, 80)) == 1
    before = mark_of(initiative).next_at
    time_machine.move_to(at_percent(initiative, 81))
    initiative_hold(actor=cast["sponsor"], initiative=initiative, reason="Budget review.")
    time_machine.move_to(at_percent(initiative, 81) + datetime.timedelta(days=10))
    initiative_resume(actor=cast["sponsor"], initiative=initiative)
    initiative.refresh_from_db()
    # Its clock changed: read once on the new basis, which puts 100% ten days later.
    assert visited(phase_time_boxes_sweep, timezone.now()) == (0, True)
    assert mark_of(initiative).next_at == before + datetime.timedelta(days=10)
    assert visited(phase_time_boxes_sweep, before) == (0, False)
    assert phase_time_boxes_sweep(now=before + datetime.timedelta(days=10)) == 2


def test_a_policy_change_and_a_new_coe_member_are_read_again(cast):
    initiative, coe = cast["initiative"], cast["coe"]
    assert phase_time_boxes_sweep(now=at_percent(initiative, 101)) == 2
    reminder_policy_update(
        actor=coe,
        kind=ReminderKind.PHASE_TIME_BOX,
        steps=[
            {"at": 75, "notify": ["initiative_owner", "business_sponsor"]},
            {"at": 100, "notify": ["initiative_owner", "coe_admin"]},
            {"at": 125, "notify": ["business_sponsor"], "escalation": True},
        ],
    )
    # The sponsor is now told at 75%; as before, each audience hears its latest step reached, once.
    assert visited(phase_time_boxes_sweep, at_percent(initiative, 102)) == (1, True)
    assert Notification.objects.get(recipient=cast["sponsor"]).context["threshold"] == 75
    assert visited(phase_time_boxes_sweep, at_percent(initiative, 103)) == (0, False)

    newcomer = UserFactory(username="coe-newcomer")
    grant(newcomer, Role.COE_ADMIN, by=coe)
    assert visited(phase_time_boxes_sweep, at_percent(initiative, 104)) == (1, True)
    assert Notification.objects.get(recipient=newcomer).context["threshold"] == 100


def test_compliance_reviews_come_back_on_the_day_of_their_next_step(cast):
    initiative = cast["initiative"]
    due = timezone.localdate() + datetime.timedelta(days=20)
    review = ComplianceReview.objects.create(
        initiative=initiative, due_on=due, assignee=cast["owner"], risk_tier="limited"
    )
    day = lambda n: timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=n), datetime.time()))  # noqa: E731
    assert visited(compliance_reviews_sweep, day(-14)) == (1, True)
    mark = ReminderMark.objects.get(kind=ReminderKind.COMPLIANCE_REVIEW, target_id=review.pk)
    assert mark.next_at == day(-3)
    assert visited(compliance_reviews_sweep, day(-4) + datetime.timedelta(hours=23)) == (0, False)
    assert visited(compliance_reviews_sweep, day(-3)) == (1, True)
    # A new assignee hears the step reached.
    ComplianceReview.objects.filter(pk=review.pk).update(assignee=cast["sponsor"])
    assert visited(compliance_reviews_sweep, day(-2)) == (1, True)
    assert Notification.objects.filter(recipient=cast["sponsor"], kind="compliance_review_due").count() == 1
