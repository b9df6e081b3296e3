"""The criterion card for criteria judged from the data, and evidence with "mark met" in one step (htmx and plain)."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from adoption.choices import CriterionStatus, Phase
from adoption.models import EvidenceVersion
from governance.models import AuditEvent
from tests.factories.adoption import criterion, move_to_phase

HTMX = {"HX-Request": "true"}


def url(item, name="criterion_edit"):
    return reverse(f"adoption:{name}", args=[item.initiative.key, item.pk])


def test_the_editor_of_a_derived_criterion_says_what_the_data_says_and_offers_no_status(as_user, cast, initiative):
    item = criterion(initiative, "risk_and_data_classified")
    text = as_user(cast["owner"]).get(url(item), headers=HTMX).content.decode()
    assert "follows the initiative&#x27;s data and cannot be marked by hand." in text
    assert "What the data says:" in text
    assert "The risk tier is “Not yet assessed”. The data classification is “Not yet classified”." in text
    assert f'name="c{item.pk}-status"' not in text
    assert f'name="e{item.pk}-mark_met"' not in text
    # Evidence may still be added (notes beside the data).
    assert f'name="e{item.pk}-text"' in text


def test_the_row_of_a_derived_criterion_says_it_is_judged_from_the_data(as_user, cast, initiative):
    item = criterion(initiative, "first_roi_estimate")
    text = as_user(cast["owner"]).get(url(item, "criterion_row"), headers=HTMX).content.decode()
    assert "Judged from the initiative's data: it is met when the data says so, never by hand." in text
    manual = criterion(initiative, "value_hypothesis")
    text = as_user(cast["owner"]).get(url(manual, "criterion_row"), headers=HTMX).content.decode()
    assert "Judged from the initiative" not in text


def test_a_forged_status_on_a_derived_criterion_changes_nothing(as_user, cast, initiative):
    item = criterion(initiative, "first_roi_estimate")
    response = as_user(cast["owner"]).post(url(item), {f"c{item.pk}-status": "met"}, headers=HTMX)
    assert response.status_code == 400
    assert "Nothing to change" in response.content.decode()
    item.refresh_from_db()
    assert item.status == CriterionStatus.OPEN
    # The evidence form's "mark met" on it is refused with what the data says, and records no evidence.
    response = as_user(cast["owner"]).post(
        url(item, "criterion_evidence"),
        {f"e{item.pk}-kind": "text", f"e{item.pk}-text": "See the ledger.", f"e{item.pk}-mark_met": "on"},
        headers=HTMX,
    )
    assert response.status_code == 200  # the field is not offered: the evidence alone is recorded
    assert EvidenceVersion.objects.filter(criterion=item).count() == 1
    item.refresh_from_db()
    assert item.status == CriterionStatus.OPEN


def test_the_evidence_form_offers_mark_met_ticked_to_whoever_may_mark(as_user, cast, initiative):
    item = criterion(initiative, "value_hypothesis")
    text = as_user(cast["owner"]).get(url(item), headers=HTMX).content.decode()
    assert f'name="e{item.pk}-mark_met"' in text
    assert "Also mark this criterion met" in text
    checkbox = text[text.index(f'name="e{item.pk}-mark_met"') - 120 : text.index(f'name="e{item.pk}-mark_met"') + 120]
    assert "checked" in checkbox


def test_evidence_and_mark_met_in_one_step_returns_the_saved_row_and_the_gate_progress(as_user, cast, initiative):
    item = criterion(initiative, "value_hypothesis")
    response = as_user(cast["owner"]).post(
        url(item, "criterion_evidence"),
        {
            f"e{item.pk}-kind": "text",
            f"e{item.pk}-text": "KPI: first response 26 h → 4 h.",
            f"e{item.pk}-mark_met": "on",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="criterion is-saved"' in text
    assert ">Met<" in text
    assert 'id="gate-summary" class="summary-line" hx-swap-oob="true"' in text
    assert "1 of 6 mandatory criteria met or waived" in text
    item.refresh_from_db()
    assert (item.status, item.evidence_count) == (CriterionStatus.MET, 1)
    verbs = list(AuditEvent.objects.filter(target_id=str(item.pk)).order_by("seq").values_list("verb", flat=True))
    assert verbs == ["criterion.evidence_added", "criterion.updated"]


def test_without_script_evidence_and_mark_met_redirects_to_the_initiative_with_a_message(as_user, cast, initiative):
    item = criterion(initiative, "value_hypothesis")
    client = as_user(cast["owner"])
    response = client.post(
        url(item, "criterion_evidence"),
        {f"e{item.pk}-kind": "text", f"e{item.pk}-text": "KPI and baseline.", f"e{item.pk}-mark_met": "on"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/initiatives/{initiative.key}/#criterion-{item.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Evidence version 1 was recorded and the criterion is met." in page


def test_a_refused_mark_met_records_nothing_and_keeps_what_was_typed(as_user, cast, initiative):
    validating = move_to_phase(initiative, Phase.VALIDATION)
    item = criterion(validating, "automated_evaluation")  # ≥ 0.80
    response = as_user(cast["owner"]).post(
        url(item, "criterion_evidence"),
        {
            f"e{item.pk}-kind": "text",
            f"e{item.pk}-text": "Pilot run of the evaluation set.",
            f"e{item.pk}-metric_value": "0.61",
            f"e{item.pk}-mark_met": "on",
        },
        headers=HTMX,
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "cannot be marked met" in text
    assert "the recorded value is 0.61 score" in text
    assert "Pilot run of the evaluation set." in text
    item.refresh_from_db()
    assert (item.status, item.evidence_count, item.metric_value) == (CriterionStatus.OPEN, 0, None)
    assert not EvidenceVersion.objects.filter(criterion=item).exists()


def test_the_testing_period_is_recorded_on_the_card_and_judges_the_days(as_user, cast, initiative):
    validating = move_to_phase(initiative, Phase.VALIDATION)
    item = criterion(validating, "real_user_testing")
    client = as_user(cast["owner"])
    editor = client.get(url(item), headers=HTMX).content.decode()
    assert f'name="c{item.pk}-period_start"' in editor
    assert f'name="c{item.pk}-metric_value"' not in editor
    today = timezone.localdate()
    response = client.post(
        url(item),
        {f"c{item.pk}-period_start": (today - datetime.timedelta(days=29)).isoformat(), f"c{item.pk}-period_end": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == CriterionStatus.OPEN  # the last day is not recorded yet
    response = client.post(url(item), {f"c{item.pk}-period_end": today.isoformat()}, headers=HTMX)
    text = response.content.decode()
    assert ">Met<" in text
    item.refresh_from_db()
    assert (item.status, item.metric_value) == (CriterionStatus.MET, Decimal("30"))
    future = client.post(
        url(item), {f"c{item.pk}-period_end": (today + datetime.timedelta(days=1)).isoformat()}, headers=HTMX
    )
    assert future.status_code == 400
    item.refresh_from_db()
    assert item.period_end == today
