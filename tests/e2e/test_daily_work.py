"""The three audiences' daily work in a real browser: a compliance officer signs, an owner completes the gate and asks
for a review, an executive reads the funnel in English and in Traditional Chinese."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from adoption.models import Initiative
from adoption.selectors.funnel import funnel_summary
from governance.choices import ReviewStatus
from governance.models import GateReview

pytestmark = pytest.mark.slow


def test_compliance_officer_approves_the_waiting_slot(login, page, shoot):
    login("compliance")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign-off inbox").click()
    expect(page.get_by_role("heading", name="Sign-off inbox")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="AI-0003")
    expect(row).to_contain_text("Claims document extraction")
    shoot("inbox-compliance")

    row.get_by_role("link", name="Review and sign").click()
    expect(page.get_by_role("heading", name=re.compile("AI-0003: Exploration gate"))).to_be_visible()
    slots = page.locator(".slots")
    expect(slots).to_contain_text("Business sponsor")
    expect(slots).to_contain_text("Samuel Sze")
    shoot("review-ai-0003")

    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Sign", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("You signed the Compliance officer slot of AI-0003: Approve.")
    expect(page.get_by_role("row").filter(has_text="AI-0003")).to_have_count(0)
    # Every slot approved: the initiative moved on to validation in the same transaction.
    assert Initiative.objects.get(key="AI-0003").phase == "validation"
    page.goto("/initiatives/AI-0003/")
    expect(page.locator(".pagehead .badge.phase")).to_have_text("Validation")


def test_owner_completes_the_last_criterion_and_requests_the_review(login, page, shoot):
    login("owner")
    page.goto("/initiatives/AI-0001/")
    expect(page.locator("#gate-summary")).to_contain_text("5 of 6 mandatory criteria met or waived")

    # Too early to ask: the page says which criterion is missing, and offers no button yet.
    page.get_by_text("Request a gate review").click()
    refusal = page.locator("#action-request .action-refused")
    expect(refusal).to_contain_text("The gate review was not requested: the gate is not satisfied.")
    expect(refusal).to_contain_text("“Value hypothesis with KPI, baseline and target” is open; it must be met")
    expect(page.get_by_role("button", name="Request gate review")).to_have_count(0)
    shoot("request-review-refused")

    item = page.locator(".criterion").filter(has_text="Value hypothesis with KPI, baseline and target")
    expect(item.locator(".badge")).to_have_text("Open")
    item.get_by_role("link", name="Record evidence or status").click()
    editor = page.locator(".criterion.editing")
    expect(editor.get_by_label("Evidence or description")).to_be_focused()
    shoot("criterion-editor")
    editor.get_by_label("Evidence or description").fill(
        "Faster first response: median first-response time, measured baseline 26 h, target 4 h."
    )
    # Adding the evidence marks the criterion met in the same step (the option is ticked).
    expect(editor.get_by_label("Also mark this criterion met")).to_be_checked()
    editor.get_by_role("button", name="Add evidence").click()
    saved = page.locator(".criterion.is-saved")
    expect(saved.locator(".badge")).to_have_text("Met")
    expect(page.locator("#gate-summary")).to_contain_text("6 of 6 mandatory criteria met or waived")
    shoot("initiative-ai-0001-gate-met")

    page.get_by_role("button", name="Request gate review").click()
    expect(page.get_by_role("status")).to_contain_text("The gate review of AI-0001 was requested")
    slots = page.locator("#review .slots")
    expect(slots).to_contain_text("Business sponsor")
    expect(slots).to_contain_text("Compliance officer")
    review = GateReview.objects.get(initiative__key="AI-0001", status=ReviewStatus.OPEN)
    assert review.requested_by.username == "owner"


def test_executive_reads_the_funnel_and_switches_to_traditional_chinese(login, page, shoot, django_user_model):
    login("executive")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Funnel").click()
    expect(page.get_by_role("heading", name="Adoption funnel", level=1)).to_be_visible()

    funnel = funnel_summary(user=django_user_model.objects.get(username="executive"))
    kpi = page.locator(".kpi").filter(has_text="Initiatives")
    expect(kpi.locator(".value")).to_have_text(str(funnel.total))
    assert funnel.total == 16  # thirteen, and the three of the regulatory demo
    expect(page.locator(".kpi").filter(has_text="Overdue").locator(".value")).to_have_text(str(funnel.overdue))
    exploration = funnel.phases[0]
    expect(page.locator('[data-conversion="exploration"]')).to_have_text(f"{round(exploration.conversion * 100)}%")
    expect(page.locator("#chart-conversion title")).to_have_count(1)
    shoot("funnel-en")

    page.get_by_label("Language").select_option(label="繁體中文")
    page.get_by_role("button", name="Switch").click()
    with translation.override("zh-hant"):
        heading = translation.gettext("Adoption funnel")
        initiatives = translation.gettext("Initiatives")
    assert heading != "Adoption funnel"
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(page.locator(".kpi").filter(has_text=initiatives).locator(".value")).to_have_text(str(funnel.total))
    shoot("funnel-zh-hant")
