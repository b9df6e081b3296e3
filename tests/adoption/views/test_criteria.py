"""Gate criteria edited in place (htmx fragments) and without script (whole pages): evidence, status, waivers."""

import datetime

from django.urls import reverse
from django.utils import timezone

from adoption.choices import CriterionStatus
from adoption.models import EvidenceVersion
from tests.factories.adoption import PDF_BYTES, criterion, upload

HTMX = {"HX-Request": "true"}


def edit_url(item, name="criterion_edit"):
    return reverse(f"adoption:{name}", args=[item.initiative.key, item.pk])


def test_editor_fragment_for_the_owner_only(as_user, cast, initiative):
    item = criterion(initiative, "value_hypothesis")
    fragment = as_user(cast["owner"]).get(edit_url(item), headers=HTMX)
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert text.lstrip().startswith('<li class="criterion editing"')
    assert "<html" not in text
    assert f'name="e{item.pk}-text"' in text
    assert as_user(cast["executive"]).get(edit_url(item), headers=HTMX).status_code == 403
    assert as_user(cast["elsewhere"]).get(edit_url(item), headers=HTMX).status_code == 404
    assert as_user(cast["newcomer"]).get(edit_url(item), headers=HTMX).status_code == 404


def test_marking_met_without_evidence_is_refused_with_the_reason(as_user, cast, initiative):
    item = criterion(initiative, "value_hypothesis")
    response = as_user(cast["owner"]).post(edit_url(item), {f"c{item.pk}-status": "met"}, headers=HTMX)
    assert response.status_code == 409
    text = response.content.decode()
    assert "cannot be marked met" in text
    assert "Attach evidence (text, link or file) before marking" in text
    item.refresh_from_db()
    assert item.status == CriterionStatus.OPEN


def test_evidence_then_met_updates_the_row_and_the_gate_progress(as_user, cast, initiative):
    item = criterion(initiative, "value_hypothesis")
    client = as_user(cast["owner"])
    added = client.post(
        edit_url(item, "criterion_evidence"),
        {f"e{item.pk}-kind": "text", f"e{item.pk}-text": "KPI: first response 26 h → 4 h."},
        headers=HTMX,
    )
    assert added.status_code == 200
    assert "Evidence version 1 was recorded." in added.content.decode()
    saved = client.post(edit_url(item), {f"c{item.pk}-status": "met"}, headers=HTMX)
    text = saved.content.decode()
    assert 'class="criterion is-saved"' in text
    assert ">Met<" in text
    assert 'id="gate-summary" class="summary-line" hx-swap-oob="true"' in text
    assert "1 of 6 mandatory criteria met or waived" in text
    item.refresh_from_db()
    assert item.status == CriterionStatus.MET


def test_a_file_is_uploaded_and_downloadable_by_those_who_see_it(as_user, cast, initiative):
    item = criterion(initiative, "value_hypothesis")
    response = as_user(cast["owner"]).post(
        edit_url(item, "criterion_evidence"),
        {f"e{item.pk}-kind": "file", f"e{item.pk}-file": upload("case.pdf", PDF_BYTES, "application/pdf")},
        headers=HTMX,
    )
    assert response.status_code == 200
    version = EvidenceVersion.objects.get(criterion=item)
    url = reverse("adoption:evidence_file", args=[version.pk])
    assert url in response.content.decode()
    download = as_user(cast["executive"]).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert as_user(cast["elsewhere"]).get(url).status_code == 404


def test_bad_evidence_shows_field_errors_and_saves_nothing(as_user, cast, initiative):
    item = criterion(initiative, "value_hypothesis")
    response = as_user(cast["owner"]).post(
        edit_url(item, "criterion_evidence"),
        {f"e{item.pk}-kind": "link", f"e{item.pk}-url": "javascript:alert(1)"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "Enter a full web address starting with http:// or https://." in response.content.decode()
    assert not EvidenceVersion.objects.exists()


def test_without_script_the_editor_is_a_page_and_saving_goes_back(as_user, cast, initiative):
    item = criterion(initiative, "pain_point_prioritised")
    client = as_user(cast["owner"])
    page = client.get(edit_url(item))
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    response = client.post(edit_url(item), {f"c{item.pk}-status": "met"})
    assert response.status_code == 302
    assert response.url.endswith(f"/initiatives/{initiative.key}/#criterion-{item.pk}")


def test_waiver_by_the_role_the_template_names(as_user, cast, initiative):
    item = criterion(initiative, "feasibility_spike")  # waivable by the CoE
    owner_page = as_user(cast["owner"]).get(reverse("governance:initiative", args=[initiative.key])).content.decode()
    assert "Waive this criterion" not in owner_page
    assert as_user(cast["owner"]).post(edit_url(item, "criterion_waive"), {}, headers=HTMX).status_code == 403
    client = as_user(cast["coe"])
    missing = client.post(edit_url(item, "criterion_waive"), {f"w{item.pk}-reason": ""}, headers=HTMX)
    assert missing.status_code == 400
    assert "This field is required." in missing.content.decode()
    done = client.post(
        edit_url(item, "criterion_waive"),
        {f"w{item.pk}-reason": "Vendor demo replaces the spike.", f"w{item.pk}-expires_on": "2099-01-01"},
        headers=HTMX,
    )
    assert done.status_code == 400
    assert "A waiver lasts at most 365 days" in done.content.decode()
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    waived = client.post(
        edit_url(item, "criterion_waive"),
        {f"w{item.pk}-reason": "Vendor demo replaces the spike.", f"w{item.pk}-expires_on": expires},
        headers=HTMX,
    )
    assert waived.status_code == 200
    assert ">Waived<" in waived.content.decode()
    item.refresh_from_db()
    assert item.status == CriterionStatus.WAIVED
    assert item.waived_by == cast["coe"]
