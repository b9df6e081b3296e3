"""The compliance review page: the questionnaire, evidence files, findings and action items, for the people who
work on the review and refused (403, or 404 for another unit) to everyone else."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from governance.models import ComplianceActionItem, ComplianceAttachment, ComplianceFinding, ComplianceQuestionnaire
from governance.services.compliance_items import compliance_attachment_add, compliance_finding_raise

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def page_of(cast) -> str:
    return reverse("governance:compliance_review", args=[cast["review"].pk])


def test_the_officer_answers_raises_assigns_and_attaches_on_the_page(as_user, cast):
    review = cast["review"]
    client = as_user(cast["officer"])
    page = client.get(page_of(cast)).content.decode()
    assert "Is the system still used only for the purpose" in page
    assert 'name="answers-q_vendor_changes"' in page

    answered = client.post(
        reverse("governance:compliance_review_answer", args=[review.pk]),
        {"answers-q_purpose_unchanged": "no", "answers-q_incidents": "Two complaints about tone."},
    )
    assert answered.status_code == 302
    assert answered["Location"].endswith("#questionnaire")
    review.refresh_from_db()
    assert review.answers == {"purpose_unchanged": "no", "incidents": "Two complaints about tone."}

    client.post(
        reverse("governance:compliance_finding_raise", args=[review.pk]), {"finding-text": "Used for a second purpose."}
    )
    finding = ComplianceFinding.objects.get()
    due = timezone.localdate() + datetime.timedelta(days=7)
    assigned = client.post(
        reverse("governance:compliance_action_item_add", args=[review.pk]),
        {
            "action-title": "Re-approve the new use",
            "action-owner": cast["owner"].pk,
            "action-due_on": due.isoformat(),
            "action-finding": finding.pk,
        },
    )
    assert assigned.status_code == 302
    item = ComplianceActionItem.objects.get()
    assert (item.owner, item.due_on, item.finding) == (cast["owner"], due, finding)

    attached = client.post(
        reverse("governance:compliance_review_attach", args=[review.pk]),
        {"attach-file": SimpleUploadedFile("minutes.txt", b"Minutes of the review", content_type="text/plain")},
    )
    assert attached.status_code == 302
    page = client.get(page_of(cast)).content.decode()
    assert "Used for a second purpose." in page
    assert "Re-approve the new use" in page
    assert "minutes.txt" in page
    assert hashlib.sha256(b"Minutes of the review").hexdigest() in page


def test_bad_input_keeps_what_was_typed_and_writes_nothing(as_user, cast):
    review = cast["review"]
    client = as_user(cast["officer"])
    refused = client.post(
        reverse("governance:compliance_action_item_add", args=[review.pk]),
        {"action-title": "Fix the retention", "action-owner": cast["owner"].pk, "action-due_on": "2001-01-01"},
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "The due date cannot be in the past." in body
    assert 'value="Fix the retention"' in body
    assert not ComplianceActionItem.objects.exists()
    executable = client.post(
        reverse("governance:compliance_review_attach", args=[review.pk]),
        {"attach-file": SimpleUploadedFile("run.sh", b"#!/bin/sh\nrm -rf /", content_type="text/plain")},
    )
    assert executable.status_code == 400
    assert "Executable files and scripts are not accepted" in executable.content.decode()
    assert not ComplianceAttachment.objects.exists()


def test_people_without_the_review_cannot_write_and_other_units_see_nothing(as_user, cast):
    review = cast["review"]
    finding = compliance_finding_raise(actor=cast["officer"], review=review, text="Gap.")
    attachment = compliance_attachment_add(
        actor=cast["officer"],
        review=review,
        file=SimpleUploadedFile("secret.txt", b"confidential", content_type="text/plain"),
    )
    security = as_user(cast["security"])
    page = security.get(page_of(cast)).content.decode()
    assert "Gap." in page
    assert 'name="finding-text"' not in page
    assert 'name="answers-q_incidents"' not in page
    writes = [
        (reverse("governance:compliance_finding_raise", args=[review.pk]), {"finding-text": "Mine."}),
        (
            reverse("governance:compliance_finding_close", args=[review.pk, finding.pk]),
            {f"close{finding.pk}-note": "x"},
        ),
        (reverse("governance:compliance_review_answer", args=[review.pk]), {"answers-q_incidents": "x"}),
    ]
    for url, data in writes:
        assert security.post(url, data).status_code == 403
    download = reverse("governance:compliance_attachment", args=[attachment.pk])
    served = security.get(download)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"confidential"
    assert served["X-Content-Type-Options"] == "nosniff"

    outsider = as_user(cast["outsider"])
    assert outsider.get(download).status_code == 404
    assert outsider.get(page_of(cast)).status_code == 404
    for url, data in writes:
        assert outsider.post(url, data).status_code == 404
    assert ComplianceFinding.objects.get().status == "open"


def test_the_owner_marks_their_action_done_from_the_reminder_link(as_user, cast):
    from governance.services.compliance_items import compliance_action_item_add

    item = compliance_action_item_add(
        actor=cast["officer"],
        review=cast["review"],
        title="Publish the model card",
        owner=cast["owner"],
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    owner = as_user(cast["owner"])
    link = owner.get(f"/compliance/actions/{item.pk}/")
    assert link.status_code == 302
    assert link["Location"] == page_of(cast) + f"#action-{item.pk}"
    listed = as_user(cast["officer"]).get("/compliance/?view=open").content.decode()
    assert f'href="/compliance/actions/{item.pk}/">Publish the model card</a>' in listed
    page = owner.get(page_of(cast)).content.decode()
    assert f'name="done{item.pk}-note"' in page
    done = owner.post(
        reverse("governance:compliance_action_item_done", args=[cast["review"].pk, item.pk]),
        {f"done{item.pk}-note": "Published."},
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.done_note) == ("done", "Published.")
    assert as_user(cast["outsider"]).get(f"/compliance/actions/{item.pk}/").status_code == 404


def test_the_lead_edits_a_questionnaire_on_its_page(as_user, cast):
    url = reverse("governance:compliance_questionnaires")
    officer_page = as_user(cast["officer"]).get(url).content.decode()
    assert "Which incidents, complaints or user reports" in officer_page
    assert 'name="revise-questions"' not in officer_page
    assert (
        as_user(cast["officer"]).post(url, {"revise-risk_tier": "minimal", "revise-questions": "[]"}).status_code == 403
    )

    lead = as_user(cast["lead"])
    assert 'name="revise-questions"' in lead.get(url).content.decode()
    bad = lead.post(url, {"revise-risk_tier": "minimal", "revise-questions": '[{"code": "Bad Code"}]'})
    assert bad.status_code == 400
    assert "lower-case letters" in bad.content.decode()
    questions = (
        '[{"code": "same_use", "answer_type": "yes_no", "required": true, "text": {"en": "Same use as approved?"}}]'
    )
    saved = lead.post(url, {"revise-risk_tier": "minimal", "revise-questions": questions, "revise-note": "Shorter."})
    assert saved.status_code == 302
    current = ComplianceQuestionnaire.objects.get(risk_tier="minimal", is_current=True)
    assert (current.version, current.note, current.created_by) == (2, "Shorter.", cast["lead"])
