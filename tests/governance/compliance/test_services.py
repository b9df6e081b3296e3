"""The compliance review's substance: questionnaires (versioned, answered, required before completion), evidence
files, findings carried forward and action items; each refused for the wrong person."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.models import (
    AuditEvent,
    ComplianceActionItem,
    ComplianceAttachment,
    ComplianceFinding,
    ComplianceQuestionnaire,
    ComplianceReview,
)
from governance.questionnaire import DEFAULT_QUESTIONNAIRES
from governance.selectors.compliance import compliance_action_items_of, compliance_findings_of, review_questions
from governance.services.compliance import compliance_review_complete
from governance.services.compliance_items import (
    compliance_action_item_add,
    compliance_action_item_done,
    compliance_attachment_add,
    compliance_finding_close,
    compliance_finding_raise,
    compliance_questionnaire_revise,
    compliance_review_answer,
)

from .conftest import LIMITED_ANSWERS

pytestmark = pytest.mark.django_db

NEW_QUESTION = {
    "code": "dpia_done",
    "answer_type": "yes_no",
    "required": True,
    "text": {"en": "Is the DPIA up to date?", "zh-hant": "DPIA 是否為最新？", "zh-hans": "DPIA 是否为最新？"},
}


def test_defaults_ship_one_questionnaire_per_tier_in_three_languages():
    current = {q.risk_tier: q for q in ComplianceQuestionnaire.objects.filter(is_current=True)}
    assert set(current) == {"minimal", "limited", "high"}
    assert len(current["high"].questions) > len(current["limited"].questions) > len(current["minimal"].questions)
    for questionnaire in current.values():
        for question in questionnaire.questions:
            assert set(question["text"]) == {"en", "zh-hant", "zh-hans"}


def test_the_lead_revises_a_questionnaire_and_answered_reviews_keep_their_version(cast):
    review = compliance_review_answer(actor=cast["officer"], review=cast["review"], answers={"incidents": "None."})
    first = review.questionnaire
    assert (first.risk_tier, first.version) == ("limited", 1)

    revised = compliance_questionnaire_revise(
        actor=cast["lead"],
        risk_tier="limited",
        questions=[*DEFAULT_QUESTIONNAIRES["limited"], NEW_QUESTION],
        note="DPIA asked for.",
    )
    assert revised.version == 2
    assert revised.is_current
    first.refresh_from_db()
    assert not first.is_current
    review.refresh_from_db()
    assert review.questionnaire_id == first.pk
    event = AuditEvent.objects.get(verb="compliance_questionnaire.revised")
    assert event.after["version"] == 2
    assert event.actor_id == cast["lead"].pk
    # The review still completes on version 1's questions; a new review would answer version 2's.
    compliance_review_complete(
        actor=cast["officer"], review=review, findings="Fine.", outcome="pass", answers=LIMITED_ANSWERS
    )
    fresh = ComplianceReview.objects.get(initiative=cast["initiative"], status="open")
    version, questions = review_questions(review=fresh)
    assert version.pk == revised.pk
    assert questions[-1].code == "dpia_done"


def test_only_the_lead_edits_questionnaires_and_bad_ones_are_refused_whole(cast):
    with pytest.raises(Forbidden):
        compliance_questionnaire_revise(actor=cast["officer"], risk_tier="limited", questions=[NEW_QUESTION])
    bad = [
        {**NEW_QUESTION, "answer_type": "maybe"},
        {**NEW_QUESTION, "text": {"zh-hant": "只有中文"}},
        {"code": "pick", "answer_type": "choice", "text": "Pick one", "choices": [{"code": "a", "text": "A"}]},
    ]
    with pytest.raises(InvalidInput) as refused:
        compliance_questionnaire_revise(actor=cast["lead"], risk_tier="limited", questions=bad)
    problems = " ".join(refused.value.fields["questions"])
    assert "answer type" in problems
    assert "English text is required" in problems
    assert "2 to 20 choices" in problems
    assert ComplianceQuestionnaire.objects.filter(risk_tier="limited").count() == 1


def test_answers_are_checked_and_required_ones_are_needed_to_complete(cast):
    review = cast["review"]
    with pytest.raises(InvalidInput) as refused:
        compliance_review_answer(
            actor=cast["officer"], review=review, answers={"purpose_unchanged": "perhaps", "nonsense": "x"}
        )
    assert set(refused.value.fields) == {"purpose_unchanged", "nonsense"}
    review.refresh_from_db()
    assert review.answers == {}
    assert review.questionnaire_id is None

    compliance_review_answer(actor=cast["officer"], review=review, answers={"purpose_unchanged": True})
    with pytest.raises(Refused) as unanswered:
        compliance_review_complete(actor=cast["officer"], review=review, findings="Fine.", outcome="pass")
    reasons = " ".join(unanswered.value.reasons)
    assert "Which incidents" in reasons
    assert "Is the system still used" not in reasons
    review.refresh_from_db()
    assert review.status == "open"

    compliance_review_complete(
        actor=cast["officer"], review=review, findings="Fine.", outcome="pass", answers=LIMITED_ANSWERS
    )
    review.refresh_from_db()
    assert review.status == "completed"
    assert review.answers["vendor_changes"] == "unchanged"


def test_people_without_the_review_cannot_answer_it(cast):
    with pytest.raises(Forbidden):
        compliance_review_answer(actor=cast["security"], review=cast["review"], answers={"incidents": "x"})
    with pytest.raises(NotFound):
        compliance_review_answer(actor=cast["outsider"], review=cast["review"], answers={"incidents": "x"})
    with pytest.raises(Forbidden):
        compliance_review_answer(actor=cast["owner"], review=cast["review"], answers={"incidents": "x"})


def test_findings_are_carried_into_the_next_review_until_one_closes_them(cast):
    first = cast["review"]
    kept = compliance_finding_raise(actor=cast["officer"], review=first, text="Logs are kept for 30 days only.")
    closed_early = compliance_finding_raise(actor=cast["officer"], review=first, text="No model card.")
    compliance_finding_close(actor=cast["officer"], finding=closed_early, note="Model card published.")
    compliance_review_complete(
        actor=cast["officer"],
        review=first,
        findings="Two findings.",
        outcome="pass_with_actions",
        answers=LIMITED_ANSWERS,
    )

    second = ComplianceReview.objects.get(initiative=cast["initiative"], status="open")
    rows = {f.text: (f.carried, f.open_then) for f in compliance_findings_of(review=second)}
    assert rows == {"Logs are kept for 30 days only.": (True, True)}

    compliance_finding_close(actor=cast["officer"], finding=kept, note="Retention set to 6 months.")
    kept.refresh_from_db()
    assert (kept.status, kept.closed_in_id) == ("closed", second.pk)
    # As the first review saw it: kept open; as the second: carried and closed in it.
    assert {f.text: f.open_then for f in compliance_findings_of(review=first)} == {
        "Logs are kept for 30 days only.": True,
        "No model card.": False,
    }
    assert [(f.carried, f.open_then) for f in compliance_findings_of(review=second)] == [(True, False)]
    with pytest.raises(Refused):
        compliance_finding_close(actor=cast["officer"], finding=kept, note="Again.")

    compliance_review_complete(
        actor=cast["officer"], review=second, findings="Closed.", outcome="pass", answers=LIMITED_ANSWERS
    )
    third = ComplianceReview.objects.get(initiative=cast["initiative"], status="open")
    assert list(compliance_findings_of(review=third)) == []


def test_a_finding_of_another_unit_is_not_found(cast):
    finding = compliance_finding_raise(actor=cast["officer"], review=cast["review"], text="Gap.")
    with pytest.raises(NotFound):
        compliance_finding_close(actor=cast["outsider"], finding=finding, note="Mine now.")
    with pytest.raises(Forbidden):
        compliance_finding_close(actor=cast["owner"], finding=finding, note="Fine by me.")
    assert ComplianceFinding.objects.get(pk=finding.pk).status == "open"


def test_evidence_files_are_checked_hashed_and_stored(cast, settings):
    content = b"Retention policy: 6 months"
    attachment = compliance_attachment_add(
        actor=cast["officer"],
        review=cast["review"],
        file=SimpleUploadedFile("retention.txt", content, content_type="text/plain"),
        description="Policy",
    )
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    assert attachment.file.read() == content
    assert AuditEvent.objects.filter(verb="compliance_review.evidence_attached").count() == 1

    with pytest.raises(InvalidInput) as refused:
        compliance_attachment_add(
            actor=cast["officer"],
            review=cast["review"],
            file=SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        )
    assert "file" in refused.value.fields
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 10
    with pytest.raises(InvalidInput) as too_big:
        compliance_attachment_add(
            actor=cast["officer"],
            review=cast["review"],
            file=SimpleUploadedFile("big.txt", b"x" * 11, content_type="text/plain"),
        )
    assert "larger than" in " ".join(too_big.value.fields["file"])
    with pytest.raises(NotFound):
        compliance_attachment_add(
            actor=cast["outsider"],
            review=cast["review"],
            file=SimpleUploadedFile("a.txt", b"abc", content_type="text/plain"),
        )
    assert ComplianceAttachment.objects.count() == 1


def test_action_items_have_an_owner_who_can_see_the_initiative_and_a_date_ahead(cast):
    review = cast["review"]
    due = timezone.localdate() + datetime.timedelta(days=14)
    with pytest.raises(InvalidInput) as refused:
        compliance_action_item_add(
            actor=cast["officer"], review=review, title="Fix logs", owner=cast["outsider"], due_on=due
        )
    assert "owner" in refused.value.fields
    with pytest.raises(InvalidInput):
        compliance_action_item_add(
            actor=cast["officer"],
            review=review,
            title="Fix logs",
            owner=cast["owner"],
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    with pytest.raises(Forbidden):
        compliance_action_item_add(
            actor=cast["owner"], review=review, title="Fix logs", owner=cast["owner"], due_on=due
        )
    item = compliance_action_item_add(
        actor=cast["officer"], review=review, title="Fix logs", owner=cast["owner"], due_on=due
    )
    assert ComplianceActionItem.objects.get().owner == cast["owner"]

    with pytest.raises(Forbidden):
        compliance_action_item_done(actor=cast["security"], item=item, note="Not mine.")
    with pytest.raises(NotFound):
        compliance_action_item_done(actor=cast["outsider"], item=item)
    compliance_action_item_done(actor=cast["owner"], item=item, note="Retention now 6 months.")
    item.refresh_from_db()
    assert (item.status, item.done_by) == ("done", cast["owner"])
    with pytest.raises(Refused):
        compliance_action_item_done(actor=cast["officer"], item=item)


def test_open_action_items_of_earlier_reviews_appear_in_the_next(cast):
    first = cast["review"]
    due = timezone.localdate() + datetime.timedelta(days=14)
    open_item = compliance_action_item_add(
        actor=cast["officer"], review=first, title="Open", owner=cast["owner"], due_on=due
    )
    done_item = compliance_action_item_add(
        actor=cast["officer"], review=first, title="Done", owner=cast["owner"], due_on=due
    )
    compliance_action_item_done(actor=cast["owner"], item=done_item)
    compliance_review_complete(
        actor=cast["officer"], review=first, findings="x", outcome="pass_with_actions", answers=LIMITED_ANSWERS
    )
    second = ComplianceReview.objects.get(initiative=cast["initiative"], status="open")
    assert [i.pk for i in compliance_action_items_of(review=second)] == [open_item.pk]
    assert {i.pk for i in compliance_action_items_of(review=first)} == {open_item.pk, done_item.pk}
