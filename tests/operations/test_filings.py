"""The filings register: drafts from the catalogue, progress recorded and audited, the scaling gate blocked until
the filing is approved or waived, documents checked like evidence."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.actions import action_state
from governance.models import AuditEvent
from operations.models import Filing
from operations.services.filings import filing_document_add, filing_record, filings_sync
from tests.factories import satisfy_gate
from tests.factories.adoption import move_to_phase

from .conftest import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def filing(regime, cast):
    initiative = cast["initiative"]
    answer(initiative, cast["owner"])
    (created,) = filings_sync(initiative=initiative, actor=cast["compliance"])
    return created


def test_sync_makes_one_draft_per_filing_obligation_and_is_idempotent(filing, cast):
    assert filing.status == "draft"
    assert (filing.regime, filing.obligation, filing.kind) == ("ops_test", "algorithm_filing", "algorithm_filing")
    assert filing.authority["zh-hans"] == "Provincial cyberspace administration（简）"
    assert filing.blocks_phase == "scaling"
    assert filings_sync(initiative=cast["initiative"], actor=None) == []
    assert Filing.objects.filter(initiative=cast["initiative"]).count() == 1
    assert AuditEvent.objects.filter(verb="filing.created", initiative_id=cast["initiative"].pk).count() == 1


def test_no_answers_no_filings(regime, cast):
    assert filings_sync(initiative=cast["initiative"], actor=None) == []


def test_the_scaling_gate_stays_shut_until_the_filing_is_approved(filing, cast):
    initiative = move_to_phase(cast["initiative"], "scaling")
    satisfy_gate(initiative)
    answer(initiative, cast["owner"])  # the applicability questionnaire is answered again at each gate
    state = action_state("request_review", user=cast["owner"], initiative=initiative)
    assert not state.allowed
    assert any("algorithm filing with Provincial cyberspace administration is draft" in r for r in state.reasons)

    filing_record(actor=cast["owner"], filing=filing, status="submitted", reference="GD-2026-001")
    assert not action_state("request_review", user=cast["owner"], initiative=initiative).allowed
    filing_record(actor=cast["owner"], filing=filing, status="approved")
    assert action_state("request_review", user=cast["owner"], initiative=initiative).allowed
    filing.refresh_from_db()
    assert (filing.status, filing.reference) == ("approved", "GD-2026-001")
    assert filing.decided_on is not None
    verbs = list(
        AuditEvent.objects.filter(initiative_id=initiative.pk, verb__startswith="filing.").values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["filing.created", "filing.submitted", "filing.approved"]


def test_the_filing_does_not_block_an_earlier_gate(filing, cast):
    satisfy_gate(cast["initiative"])
    assert action_state("request_review", user=cast["owner"], initiative=cast["initiative"]).allowed


def test_only_compliance_waives_and_with_a_reason(filing, cast):
    with pytest.raises(Forbidden):
        filing_record(actor=cast["owner"], filing=filing, status="waived", note="Not needed")
    with pytest.raises(InvalidInput) as refused:
        filing_record(actor=cast["compliance"], filing=filing, status="waived")
    assert "note" in refused.value.fields
    filing_record(actor=cast["compliance"], filing=filing, status="waived", note="Internal use only.")
    filing.refresh_from_db()
    assert filing.status == "waived"


def test_an_answer_needs_a_submission_first(filing, cast):
    with pytest.raises(Refused) as refused:
        filing_record(actor=cast["owner"], filing=filing, status="approved")
    assert "draft cannot become approved" in str(refused.value.reasons)
    filing.refresh_from_db()
    assert filing.status == "draft"


def test_another_units_people_cannot_touch_a_filing(filing, cast):
    with pytest.raises(NotFound):
        filing_record(actor=cast["outsider"], filing=filing, status="submitted")
    with pytest.raises(Forbidden):
        filing_record(actor=cast["sponsor"], filing=filing, status="submitted")


def test_a_document_is_checked_like_evidence(filing, cast):
    pdf = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    document = filing_document_add(actor=cast["owner"], filing=filing, file=pdf, description="Receipt")
    assert len(document.sha256) == 64
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
    with pytest.raises(InvalidInput):
        filing_document_add(actor=cast["owner"], filing=filing, file=exe)
    assert filing.documents.count() == 1


def test_a_filing_whose_obligation_no_longer_binds_stops_blocking(filing, cast):
    answer(cast["initiative"], cast["owner"], deployed_in=["taiwan"])  # the test regime no longer applies
    assert filings_sync(initiative=cast["initiative"], actor=cast["compliance"]) == []
    filing.refresh_from_db()
    assert (filing.status, filing.blocks_phase) == ("draft", "")


def test_reminders_chase_filings_due_and_filings_waiting_once_each(filing, cast):
    import datetime

    from django.utils import timezone

    from governance.models import Notification
    from governance.services.reminders import filings_due_sweep, filings_waiting_sweep

    today = timezone.localdate()
    filing_record(actor=cast["owner"], filing=filing, status="submitted", reference="R-1")
    # Submitted 31 days ago without an answer: the owner hears once.
    Filing.objects.filter(pk=filing.pk).update(submitted_on=today - datetime.timedelta(days=31))
    assert filings_waiting_sweep() == 1
    assert filings_waiting_sweep() == 0
    waiting = Notification.objects.get(kind="filing_waiting")
    assert waiting.recipient == cast["owner"]
    assert "has awaited an answer for 31 days" in waiting.subject
    # A refiling due in three days: the owner hears once.
    Filing.objects.filter(pk=filing.pk).update(status="refile_needed", due_on=today + datetime.timedelta(days=3))
    assert filings_due_sweep() == 1
    assert filings_due_sweep() == 0
    assert "is due in 3 days" in Notification.objects.get(kind="filing_due").subject
