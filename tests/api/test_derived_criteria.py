"""The API on criteria judged from the data, evidence with ``mark_met``, and the all-zero ROI estimate."""

from django.core.files.uploadedfile import SimpleUploadedFile

from adoption.choices import CriterionStatus
from adoption.models import EvidenceVersion, RoiVersion
from tests.factories.adoption import criterion, roi_values

API = "/api/v1/"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def evidence_url(item) -> str:
    return f"{API}initiatives/{item.initiative.key}/criteria/{item.pk}/evidence/"


def test_evidence_with_mark_met_records_the_file_and_marks_the_criterion(api, initiative, owner):
    item = criterion(initiative, "value_hypothesis")
    upload = SimpleUploadedFile("hypothesis.pdf", PDF, content_type="application/pdf")
    response = api(owner).post(evidence_url(item), {"file": upload, "mark_met": "true"}, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["file_name"] == "hypothesis.pdf"
    detail = api(owner).get(f"{API}initiatives/{initiative.key}/criteria/{item.pk}/").json()
    assert (detail["status"], detail["evidence_count"]) == ("met", 1)


def test_evidence_without_mark_met_leaves_the_status(api, initiative, owner):
    item = criterion(initiative, "value_hypothesis")
    response = api(owner).post(evidence_url(item), {"text": "Notes."}, format="multipart")
    assert response.status_code == 201
    item.refresh_from_db()
    assert item.status == CriterionStatus.OPEN


def test_a_refused_mark_met_records_no_evidence(api, initiative, owner):
    item = criterion(initiative, "first_roi_estimate")
    response = api(owner).post(evidence_url(item), {"text": "See the ledger.", "mark_met": "true"}, format="multipart")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == "“First ROI estimate recorded” follows the initiative's data and cannot be marked by hand."
    assert body["reasons"] == ["No ROI estimate is recorded yet."]
    assert not EvidenceVersion.objects.filter(criterion=item).exists()


def test_mark_met_attacks_other_unit_wrong_role_and_nonsense(api, initiative, other_initiative, people):
    item = criterion(initiative, "value_hypothesis")
    body = {"text": "Forged.", "mark_met": "true"}
    assert api(people["outsider"]).post(evidence_url(item), body, format="multipart").status_code == 404
    assert api(people["sponsor"]).post(evidence_url(item), body, format="multipart").status_code == 403
    assert api(people["compliance"]).post(evidence_url(item), body, format="multipart").status_code == 403
    # The owner of this initiative is nobody on the other one.
    other = criterion(other_initiative, "value_hypothesis")
    assert api(people["owner"]).post(evidence_url(other), body, format="multipart").status_code == 404
    nonsense = api(people["owner"]).post(evidence_url(item), {"text": "x", "mark_met": "maybe"}, format="multipart")
    assert nonsense.status_code == 400
    assert not EvidenceVersion.objects.filter(criterion__in=[item, other]).exists()
    item.refresh_from_db()
    assert item.status == CriterionStatus.OPEN


def test_marking_a_derived_criterion_over_the_api_is_refused_with_what_the_data_says(api, initiative, owner):
    item = criterion(initiative, "risk_and_data_classified")
    url = f"{API}initiatives/{initiative.key}/criteria/{item.pk}/"
    listed = api(owner).get(url).json()
    assert listed["derived"] == "classified"
    response = api(owner).patch(url, {"status": "met"}, format="json")
    assert response.status_code == 409
    assert response.json()["reasons"] == [
        "The risk tier is “Not yet assessed”. The data classification is “Not yet classified”."
    ]


def test_the_testing_period_over_the_api(api, initiative, owner):
    from adoption.choices import Phase
    from tests.factories.adoption import move_to_phase

    validating = move_to_phase(initiative, Phase.VALIDATION)
    item = criterion(validating, "real_user_testing")
    url = f"{API}initiatives/{validating.key}/criteria/{item.pk}/"
    response = api(owner).patch(url, {"period_start": "2026-01-01", "period_end": "2026-01-20"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["metric_value"], body["period_end"]) == ("not_met", "20.0000", "2026-01-20")


def test_an_all_zero_roi_estimate_is_refused_over_the_api(api, initiative, owner):
    estimate = {
        name: ("0" if name.startswith(("benefit_", "productivity_", "run_", "one_off")) else str(value))
        for name, value in roi_values().items()
    }
    response = api(owner).post(f"{API}initiatives/{initiative.key}/roi/", estimate, format="json")
    assert response.status_code == 400
    assert "Every benefit and cost is zero" in " ".join(response.json()["fields"]["__all__"])
    assert not RoiVersion.objects.filter(initiative=initiative).exists()


def test_templates_show_what_judges_them(api, initiative, owner):
    templates = api(owner).get(f"{API}criterion-templates/").json()
    rows = templates["results"] if isinstance(templates, dict) else templates
    derived = {row["code"]: row["derived"] for row in rows if row["derived"]}
    assert derived == {
        "first_roi_estimate": "roi_recorded",
        "risk_and_data_classified": "classified",
        "sourcing_options_scored": "options_scored",
        "real_user_testing": "testing_days",
        "roi_reestimated": "roi_in_phase",
    }
