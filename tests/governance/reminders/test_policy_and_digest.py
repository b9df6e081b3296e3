"""The reminder policy as data (defaults, CoE-only audited edits that the sweeps follow) and the weekly digest."""

import datetime

import pytest
from django.core.management import call_command

from core.exceptions import Forbidden, InvalidInput, StaleVersion
from governance.choices import ReminderKind
from governance.defaults import DEFAULT_REMINDER_POLICIES
from governance.models import AuditEvent, Notification, ReminderPolicy
from governance.selectors.reminders import reminder_policy_list
from governance.services.delivery import notification_send
from governance.services.reminder_policy import reminder_policy_update
from governance.services.reminders import executive_digest_send, gate_reviews_sweep, phase_time_boxes_sweep
from governance.services.reviews import gate_review_request
from tests.factories import satisfy_gate


@pytest.mark.django_db
def test_the_defaults_of_product_section_5_are_loaded():
    policies = {p.kind: p for p in ReminderPolicy.objects.all()}
    assert set(policies) == set(ReminderKind.values)
    assert [(s["at"], s["notify"]) for s in policies["phase_time_box"].steps] == [
        (75, ["initiative_owner"]),
        (100, ["initiative_owner", "coe_admin"]),
        (125, ["business_sponsor"]),
    ]
    assert [s["at"] for s in policies["compliance_review"].steps] == [-14, -3, 0, 1]
    assert policies["compliance_review"].repeat_every_days == 7
    assert all(p.enabled and p.version == 1 for p in policies.values())


@pytest.mark.django_db(transaction=True)
def test_the_defaults_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert sorted(ReminderPolicy.objects.values_list("kind", flat=True)) == sorted(DEFAULT_REMINDER_POLICIES)


@pytest.mark.django_db
def test_the_coe_changes_the_policy_audited_and_the_sweeps_follow(cast):
    initiative = cast["initiative"]
    policy = reminder_policy_update(
        actor=cast["coe"],
        kind="phase_time_box",
        steps=[
            {"at": 110, "notify": ["business_sponsor", "coe_admin"], "escalation": True},
            {"at": 50, "notify": ["initiative_owner"]},
        ],
        version=1,
    )
    assert policy.version == 2
    assert [s["at"] for s in policy.steps] == [50, 110]
    event = AuditEvent.objects.get(verb="reminder_policy.updated")
    assert event.actor_id == cast["coe"].pk
    assert event.before["steps"][0]["at"] == 75
    assert event.after["steps"][0]["at"] == 50
    assert event.after["version"] == 2

    half = initiative.phase_entered_at + (initiative.planned_phase_end - initiative.phase_entered_at) * 0.55
    assert phase_time_boxes_sweep(now=half) == 1
    assert phase_time_boxes_sweep(now=initiative.planned_phase_end + datetime.timedelta(days=7)) == 2

    reminder_policy_update(actor=cast["coe"], kind="phase_time_box", enabled=False)
    assert phase_time_boxes_sweep(now=initiative.planned_phase_end + datetime.timedelta(days=100)) == 0
    with pytest.raises(StaleVersion):
        reminder_policy_update(actor=cast["coe"], kind="phase_time_box", enabled=True, version=2)


@pytest.mark.django_db
def test_only_the_coe_edits_and_nonsense_is_refused_with_reasons(cast):
    with pytest.raises(Forbidden):
        reminder_policy_update(actor=cast["owner"], kind="gate_review", enabled=False)
    with pytest.raises(InvalidInput) as error:
        reminder_policy_update(
            actor=cast["coe"], kind="gate_review", steps=[{"at": 3, "notify": ["assignee"]}, {"at": True, "notify": []}]
        )
    assert len(error.value.fields["steps"]) == 2
    with pytest.raises(InvalidInput) as error:
        reminder_policy_update(actor=cast["coe"], kind="waiver_expiry", repeat_every_days=7)
    assert "repeat_every_days" in error.value.fields
    assert ReminderPolicy.objects.get(kind="gate_review").version == 1
    assert not AuditEvent.objects.filter(verb="reminder_policy.updated").exists()
    assert list(reminder_policy_list(user=cast["owner"])) == []
    assert len(reminder_policy_list(user=cast["coe"])) == len(ReminderKind)


@pytest.mark.django_db
def test_gate_review_chasing_follows_an_edited_policy(cast):
    satisfy_gate(cast["initiative"])
    review = gate_review_request(actor=cast["owner"], initiative=cast["initiative"])
    reminder_policy_update(actor=cast["coe"], kind="gate_review", steps=[{"at": 1, "notify": ["initiative_owner"]}])
    assert gate_reviews_sweep(now=review.requested_at + datetime.timedelta(days=1)) == 1
    assert Notification.objects.get().recipient == cast["owner"]


@pytest.mark.django_db
def test_every_executive_gets_one_digest_a_week(cast, mailoutbox):
    monday = datetime.datetime(2026, 11, 23, 7, tzinfo=datetime.UTC)
    assert executive_digest_send(now=monday) == 1
    assert executive_digest_send(now=monday + datetime.timedelta(days=3)) == 0
    digest = Notification.objects.get(kind="executive_digest")
    assert digest.recipient == cast["executive"]
    assert digest.subject == "GenAI portfolio digest, week 2026-W48"
    assert digest.context["total"] == 1
    assert digest.context["by_status"]["active"] == 1
    assert digest.url == "/funnel/"

    notification_send(notification_id=digest.pk)
    (email,) = mailoutbox
    assert "Exploration: 1 / 0" in email.body
    assert '<td style="padding: 4px 8px;">Exploration</td>' in email.alternatives[0][0]

    assert executive_digest_send(now=monday + datetime.timedelta(days=7)) == 1
