"""Phase time-box reminders: owner at 75%, owner and CoE at 100%, sponsor at 125%, hold excluded, each once."""

import datetime

import pytest
from django.utils import timezone

from adoption import display
from adoption.models import Initiative
from adoption.services.configuration import phase_extend
from governance.models import Notification, NotificationStatus
from governance.services.lifecycle import initiative_hold, initiative_resume
from governance.services.reminders import phase_time_boxes_sweep

pytestmark = pytest.mark.django_db


def at_percent(initiative: Initiative, percent: float) -> datetime.datetime:
    """The moment ``percent`` of the (60-day) time box has passed."""
    box = initiative.planned_phase_end - initiative.phase_entered_at
    return initiative.phase_entered_at + box * (percent / 100)


def received(user) -> list[tuple[int, bool]]:
    return sorted(
        (n.context["threshold"], n.context["escalation"])
        for n in Notification.objects.filter(recipient=user, kind="phase_time_box")
    )


def test_nothing_before_75_percent(cast):
    assert phase_time_boxes_sweep(now=at_percent(cast["initiative"], 74)) == 0
    assert not Notification.objects.exists()


def test_thresholds_75_100_125_each_reach_their_people_once(cast):
    initiative, owner, sponsor, coe = cast["initiative"], cast["owner"], cast["sponsor"], cast["coe"]

    assert phase_time_boxes_sweep(now=at_percent(initiative, 76)) == 1
    assert received(owner) == [(75, False)]
    assert phase_time_boxes_sweep(now=at_percent(initiative, 80)) == 0

    assert phase_time_boxes_sweep(now=at_percent(initiative, 101)) == 2
    assert received(owner) == [(75, False), (100, False)]
    assert received(coe) == [(100, False)]
    assert received(sponsor) == []

    assert phase_time_boxes_sweep(now=at_percent(initiative, 126)) == 1
    assert received(sponsor) == [(125, True)]
    # Run twice, and again later: nothing new.
    assert phase_time_boxes_sweep(now=at_percent(initiative, 126)) == 0
    assert phase_time_boxes_sweep(now=at_percent(initiative, 300)) == 0
    assert Notification.objects.count() == 4

    overdue = Notification.objects.get(recipient=owner, context__threshold=100)
    assert overdue.subject == f"{initiative.key} is overdue: its exploration phase ended on " + (
        display.date(timezone.localdate(initiative.planned_phase_end))
    )
    assert overdue.url == f"/initiatives/{initiative.key}/"
    assert overdue.status == NotificationStatus.PENDING
    assert overdue.initiative_id == initiative.pk


def test_a_sweep_that_starts_late_sends_each_person_their_latest_step_only(cast):
    initiative = cast["initiative"]
    assert phase_time_boxes_sweep(now=at_percent(initiative, 130)) == 3
    assert received(cast["owner"]) == [(100, False)]
    assert received(cast["coe"]) == [(100, False)]
    assert received(cast["sponsor"]) == [(125, True)]


def test_time_on_hold_does_not_count(cast, time_machine):
    initiative = cast["initiative"]
    entered = initiative.phase_entered_at
    # 30 days in, held for 20 days, then resumed: 50 days later only 30 days of the box are used.
    time_machine.move_to(entered + datetime.timedelta(days=30))
    initiative_hold(actor=cast["sponsor"], initiative=initiative, reason="Budget review.")
    time_machine.move_to(entered + datetime.timedelta(days=50))
    assert phase_time_boxes_sweep(now=timezone.now()) == 0  # on hold: no reminders at all
    initiative_resume(actor=cast["sponsor"], initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.phase_held_seconds == 20 * 86400

    assert phase_time_boxes_sweep(now=entered + datetime.timedelta(days=64)) == 0  # 44 days used: 73%
    assert phase_time_boxes_sweep(now=entered + datetime.timedelta(days=66)) == 1  # 46 days used: 76%
    assert received(cast["owner"]) == [(75, False)]
    assert phase_time_boxes_sweep(now=entered + datetime.timedelta(days=81)) == 2  # 61 days used
    assert received(cast["coe"]) == [(100, False)]


def test_an_extension_rearms_the_reminders(cast, time_machine):
    initiative = cast["initiative"]
    assert phase_time_boxes_sweep(now=at_percent(initiative, 101)) == 2
    time_machine.move_to(at_percent(initiative, 101))
    phase_extend(
        actor=cast["coe"],
        initiative=initiative,
        new_end=initiative.planned_phase_end + datetime.timedelta(days=30),
        reason="Vendor contract delayed.",
    )
    initiative.refresh_from_db()
    # 61 of 90 days: below 75% of the new box, so nothing; past the new end, the overdue reminder comes again.
    assert phase_time_boxes_sweep(now=timezone.now()) == 0
    assert phase_time_boxes_sweep(now=initiative.planned_phase_end + datetime.timedelta(hours=1)) == 2
    assert received(cast["owner"]) == [(100, False), (100, False)]


def test_stopped_and_production_initiatives_are_not_reminded(cast):
    initiative = cast["initiative"]
    Initiative.objects.filter(pk=initiative.pk).update(status="stopped", stopped_at=timezone.now())
    assert phase_time_boxes_sweep(now=at_percent(initiative, 200)) == 0


def test_a_deactivated_owner_gets_nothing_and_an_owner_without_address_gets_it_in_app(cast):
    initiative, owner = cast["initiative"], cast["owner"]
    owner.email = ""
    owner.save(update_fields=["email"])
    phase_time_boxes_sweep(now=at_percent(initiative, 80))
    assert Notification.objects.get(recipient=owner).status == NotificationStatus.IN_APP
    cast["coe"].is_active = False
    cast["coe"].save(update_fields=["is_active"])
    phase_time_boxes_sweep(now=at_percent(initiative, 101))
    assert not Notification.objects.filter(recipient=cast["coe"]).exists()
