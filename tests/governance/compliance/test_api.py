"""The API of what a compliance review holds: answers and completion, files, findings and action items, each
attacked by the wrong person or with another initiative's objects."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from governance.models import ComplianceActionItem, ComplianceReview
from governance.services.compliance_items import compliance_finding_raise
from tests.api.conftest import client_for

from .conftest import LIMITED_ANSWERS

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def test_answer_then_complete_and_completion_names_what_is_missing(cast):
    review = cast["review"]
    officer = client_for(cast["officer"])
    url = f"{API}compliance-reviews/{review.pk}/"
    shown = officer.get(url + "questionnaire/").json()
    assert shown["pinned"] is False
    assert shown["questionnaire"]["version"] == 1
    assert [q["code"] for q in shown["questionnaire"]["questions"]][:2] == [
        "purpose_unchanged",
        "data_classification_current",
    ]

    bad = officer.post(url + "questionnaire/", {"answers": {"purpose_unchanged": "maybe"}}, format="json")
    assert bad.status_code == 400
    assert "purpose_unchanged" in bad.json()["fields"]
    answered = officer.post(url + "questionnaire/", {"answers": {"purpose_unchanged": "yes"}}, format="json")
    assert answered.status_code == 200
    assert answered.json()["pinned"] is True
    assert answered.json()["answers"] == {"purpose_unchanged": "yes"}

    refused = officer.post(url + "complete/", {"findings": "Fine.", "outcome": "pass"}, format="json")
    assert refused.status_code == 409
    assert any("Which incidents" in reason for reason in refused.json()["reasons"])
    done = officer.post(
        url + "complete/", {"findings": "Fine.", "outcome": "pass", "answers": LIMITED_ANSWERS}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "completed"


def test_files_through_the_api_are_hashed_and_invisible_elsewhere(cast):
    review = cast["review"]
    content = b"DPIA signed 2026-11-30"
    url = f"{API}compliance-reviews/{review.pk}/attachments/"
    posted = client_for(cast["officer"]).post(
        url, {"file": SimpleUploadedFile("dpia.txt", content, content_type="text/plain")}, format="multipart"
    )
    assert posted.status_code == 201
    assert posted.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert client_for(cast["owner"]).get(url).json()[0]["file_name"] == "dpia.txt"
    assert client_for(cast["outsider"]).get(url).status_code == 404
    as_json = client_for(cast["officer"]).post(url, {"file": "not a file"}, format="json")
    assert as_json.status_code == 415


def test_action_items_refuse_strangers_and_other_initiatives_findings(cast, units, coe):
    review = cast["review"]
    url = f"{API}compliance-reviews/{review.pk}/action-items/"
    due = str(timezone.localdate() + datetime.timedelta(days=5))
    officer = client_for(cast["officer"])
    unknown = officer.post(url, {"title": "Fix", "owner": "nobody-here", "due_on": due}, format="json")
    assert unknown.status_code == 400
    assert "owner" in unknown.json()["fields"]
    stranger = officer.post(url, {"title": "Fix", "owner": "outsider", "due_on": due}, format="json")
    assert stranger.status_code == 400

    other_review = ComplianceReview.objects.create(
        initiative=cast["other"], due_on=timezone.localdate(), risk_tier="limited", assignee=cast["outsider"]
    )
    foreign = compliance_finding_raise(actor=cast["outsider"], review=other_review, text="Not yours.")
    crossed = officer.post(url, {"title": "Fix", "owner": "owner", "due_on": due, "finding": foreign.pk}, format="json")
    assert crossed.status_code == 400
    assert "finding" in crossed.json()["fields"]
    assert not ComplianceActionItem.objects.exists()

    made = officer.post(url, {"title": "Fix the retention", "owner": "owner", "due_on": due}, format="json")
    assert made.status_code == 201
    item = made.json()["id"]
    assert (
        client_for(cast["outsider"]).post(f"{API}compliance-action-items/{item}/done/", {}, format="json").status_code
        == 404
    )
    assert (
        client_for(cast["security"]).post(f"{API}compliance-action-items/{item}/done/", {}, format="json").status_code
        == 403
    )
    mine = client_for(cast["owner"]).get(f"{API}compliance-action-items/?mine=true&status=open").json()
    assert [row["title"] for row in mine["results"]] == ["Fix the retention"]
    done = client_for(cast["owner"]).post(
        f"{API}compliance-action-items/{item}/done/", {"note": "Done."}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"


def test_only_the_lead_revises_questionnaires(cast):
    body = {
        "risk_tier": "high",
        "questions": [{"code": "fria", "answer_type": "yes_no", "required": True, "text": {"en": "Is the FRIA done?"}}],
    }
    assert client_for(cast["officer"]).post(f"{API}compliance-questionnaires/", body, format="json").status_code == 403
    saved = client_for(cast["lead"]).post(f"{API}compliance-questionnaires/", body, format="json")
    assert saved.status_code == 201
    assert saved.json()["version"] == 2
    again = client_for(cast["lead"]).post(f"{API}compliance-questionnaires/", body, format="json")
    assert again.status_code == 409
    tiers = {
        q["risk_tier"]: q["version"] for q in client_for(cast["owner"]).get(f"{API}compliance-questionnaires/").json()
    }
    assert tiers == {"high": 2, "limited": 1, "minimal": 1}
