"""An owner in a real browser: criteria backed by data say what the data shows and offer no status; evidence and
"mark met" are one step, refused whole when the criterion cannot be met, with the typed text kept."""

import pytest
from playwright.sync_api import expect

from adoption.choices import CriterionStatus
from adoption.models import EvidenceVersion, GateCriterion

pytestmark = pytest.mark.slow


def test_derived_criteria_follow_the_data_and_evidence_marks_met_in_one_step(login, page, shoot):
    login("owner")
    page.goto("/initiatives/AI-0002/")

    # Recorded at registration: the ROI estimate and the classification have met their criteria by themselves.
    for title in ("First ROI estimate recorded", "Risk tier and data classification set"):
        expect(page.locator(".criterion").filter(has_text=title).locator(".badge")).to_have_text("Met")

    options = page.locator(".criterion").filter(has_text="Model-sourcing options scored on the five dimensions")
    expect(options).to_contain_text("Judged from the initiative's data")
    options.get_by_role("link", name="Record evidence or status").click()
    editor = page.locator(".criterion.editing")
    expect(editor).to_contain_text("follows the initiative's data and cannot be marked by hand.")
    expect(editor).to_contain_text("What the data says: 0 options are scored; score at least 2 to compare them.")
    expect(editor.get_by_label("Status")).to_have_count(0)
    expect(editor.get_by_label("Also mark this criterion met")).to_have_count(0)
    editor.scroll_into_view_if_needed()
    shoot("criterion-derived", full_page=False)
    editor.get_by_role("link", name="Close").click()
    expect(page.locator(".criterion.editing")).to_have_count(0)

    spike = page.locator(".criterion").filter(has_text="Feasibility spike done within 2 weeks")
    spike.get_by_role("link", name="Record evidence or status").click()
    editor = page.locator(".criterion.editing")
    editor.get_by_label("Evidence or description").fill("Spike report: extraction works on 40 sample contracts.")
    expect(editor.get_by_label("Also mark this criterion met")).to_be_checked()
    editor.get_by_role("button", name="Add evidence").click()

    # No measured value: refused whole, nothing recorded, the text still there to complete.
    alert = page.locator(".criterion.editing .form-errors")
    expect(alert).to_contain_text("“Feasibility spike done within 2 weeks” cannot be marked met.")
    expect(alert).to_contain_text("Record the measured value (days)")
    alert.scroll_into_view_if_needed()
    shoot("criterion-mark-met-refused", full_page=False)
    expect(editor.get_by_label("Evidence or description")).to_have_value(
        "Spike report: extraction works on 40 sample contracts."
    )
    spike_row = GateCriterion.objects.get(initiative__key="AI-0002", code="feasibility_spike")
    assert not EvidenceVersion.objects.filter(criterion=spike_row).exists()

    editor.get_by_role("group", name="Add evidence").get_by_label("Measured value").fill("9")
    editor.get_by_role("button", name="Add evidence").click()
    saved = page.locator(".criterion.is-saved")
    expect(saved).to_contain_text("Feasibility spike done within 2 weeks")
    expect(saved.locator(".badge")).to_have_text("Met")
    spike_row.refresh_from_db()
    assert (spike_row.status, spike_row.evidence_count) == (CriterionStatus.MET, 1)
