"""The notification outbox: audit events that need someone told at once become notifications, each event once."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from adoption.models import GateCriterion
from governance.choices import Decision
from governance.models import AuditEvent, HandledEvent, Notification
from governance.services import outbox
from governance.services.lifecycle import initiative_hold, initiative_stop
from governance.services.outbox import notifications_from_events
from governance.services.reviews import gate_review_answer, gate_review_request, signoff_record
from tests.factories import satisfy_gate

pytestmark = pytest.mark.django_db


def told(kind: str) -> list[str]:
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind).select_related("recipient"))


@pytest.fixture
def review(cast):
    satisfy_gate(cast["initiative"])
    return gate_review_request(actor=cast["owner"], initiative=cast["initiative"])


def test_a_requested_review_tells_everyone_who_may_sign_once(cast, review):
    assert notifications_from_events() == 5
    assert told("review_requested") == ["coe", "compliance_officer", "compliance_officer_2", "lead", "sponsor"]
    note = Notification.objects.get(kind="review_requested", recipient=cast["sponsor"])
    assert note.url == f"/reviews/{review.pk}/"
    assert note.context["slots"] == ["business_sponsor"]
    assert note.subject == f"Gate review requested: {cast['initiative'].key}, exploration gate"
    event = AuditEvent.objects.get(verb="gate_review.requested")
    assert HandledEvent.objects.get(event=event).notifications == 5

    assert notifications_from_events() == 0
    assert Notification.objects.count() == 5


def test_sign_offs_tell_the_requester_and_the_last_approval_tells_owner_and_sponsor(cast, review):
    notifications_from_events()
    signoff_record(actor=cast["sponsor"], review=review, slot_key="business_sponsor", decision=Decision.APPROVE)
    signoff_record(actor=cast["coe"], review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    officer = cast["signers"]["compliance_officer"]
    signoff_record(actor=officer, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)

    assert notifications_from_events() == 5
    assert told("signoff_recorded") == ["owner", "owner", "owner"]
    assert told("initiative_advanced") == ["owner", "sponsor"]
    advanced = Notification.objects.filter(kind="initiative_advanced").first()
    assert advanced.subject == f"{cast['initiative'].key} passed its exploration gate and is now in validation"
    last = Notification.objects.filter(kind="signoff_recorded").order_by("-id").first()
    assert last.context["slot"] == "compliance_officer"
    # The last approval says the initiative advanced, and to which phase.
    assert last.context["advances_to"] == "validation"
    assert last.subject.endswith(f"gave the last approval: {cast['initiative'].key} advanced to validation")
    assert "the initiative advanced to validation" in last.message


def test_changes_requested_reach_the_requester_with_the_comment(cast, review):
    signoff_record(
        actor=cast["sponsor"],
        review=review,
        slot_key="business_sponsor",
        decision=Decision.REQUEST_CHANGES,
        comment="The KPI baseline is a guess.",
    )
    notifications_from_events()
    note = Notification.objects.get(kind="signoff_recorded")
    assert note.recipient == cast["owner"]
    assert "requested changes" in note.subject
    assert "The KPI baseline is a guess." in note.message
    assert "waits for the owner's answer" in note.message


def test_the_owner_s_answer_asks_the_signers_again(cast, review):
    signoff_record(
        actor=cast["sponsor"],
        review=review,
        slot_key="business_sponsor",
        decision=Decision.REQUEST_CHANGES,
        comment="The KPI baseline is a guess.",
        flags=[{"criterion": "value_hypothesis", "note": "Measure the baseline."}],
    )
    notifications_from_events()
    note = Notification.objects.get(kind="signoff_recorded")
    assert "Value hypothesis with KPI, baseline and target" in note.message
    gate_review_answer(actor=cast["owner"], review=review, comment="Baseline measured.")
    notifications_from_events()
    asked = Notification.objects.filter(kind="review_answered")
    assert cast["sponsor"] in [n.recipient for n in asked]
    assert cast["owner"] not in [n.recipient for n in asked]
    assert all("please sign the exploration gate review" in n.subject for n in asked)


def test_a_stale_review_asks_its_signers_again(cast, review):
    notifications_from_events()
    signoff_record(actor=cast["sponsor"], review=review, slot_key="business_sponsor", decision=Decision.APPROVE)
    # The evidence changes under the open review: the next signature starts a new round.
    GateCriterion.objects.filter(initiative=cast["initiative"], code="value_hypothesis").update(
        latest_evidence_sha256="f" * 64
    )
    signoff_record(actor=cast["coe"], review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    notifications_from_events()
    # Who may still sign an unsigned slot of the new round, except the CoE who just signed.
    assert told("review_stale") == ["compliance_officer", "compliance_officer_2", "lead", "sponsor"]


def test_hold_and_stop_tell_owner_and_sponsor_but_not_whoever_did_it(cast):
    initiative_hold(actor=cast["sponsor"], initiative=cast["initiative"], reason="Budget freeze.")
    initiative_stop(
        actor=cast["coe"],
        initiative=cast["initiative"],
        reason="Strategy changed.",
        not_a_failure=True,
    )
    notifications_from_events()
    assert told("initiative_held") == ["owner"]
    assert told("initiative_stopped") == ["owner", "sponsor"]
    stopped = Notification.objects.filter(kind="initiative_stopped").first()
    assert "Strategy changed." in stopped.message


def test_events_older_than_the_horizon_are_history_not_news(cast, time_machine):
    time_machine.move_to(timezone.now() - datetime.timedelta(days=8))
    initiative_hold(actor=cast["sponsor"], initiative=cast["initiative"], reason="Budget freeze.")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))
    assert notifications_from_events() == 0
    assert not HandledEvent.objects.exists()


def test_a_review_decided_before_the_outbox_reads_its_request_tells_no_signer(cast, review):
    signoff_record(
        actor=cast["sponsor"], review=review, slot_key="business_sponsor", decision=Decision.REJECT, comment="No."
    )
    notifications_from_events()
    assert told("review_requested") == []
    assert told("signoff_recorded") == ["owner"]
    assert HandledEvent.objects.filter(event__verb="gate_review.requested", notifications=0).exists()


def test_an_event_that_cannot_be_read_does_not_block_the_others(cast, review, caplog):
    initiative_hold(actor=cast["sponsor"], initiative=cast["initiative"], reason="Budget freeze.")
    broken = mock.Mock(side_effect=KeyError("slot"))
    with mock.patch.dict(outbox.HANDLERS, {"gate_review.requested": broken}):
        assert notifications_from_events() == 1  # the hold still reaches the owner
    assert broken.call_count == 1
    assert "could not be turned into notifications" in caplog.text
    assert HandledEvent.objects.filter(event__verb="gate_review.requested", notifications=0).exists()
