"""A screenshot of every main page as its usual reader sees it, at 1280×800 and at phone width, in the three
languages, under test-artifacts/screenshots/. Each page is also checked for what its reader needs to find there."""

import pytest
from playwright.sync_api import expect

from governance.models import GateReview
from governance.services import delivery
from governance.services.reminders import sweeps_run_all

# `make test-long`: a screenshot of every main page.
pytestmark = [pytest.mark.slow, pytest.mark.long]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def notifications(demo, monkeypatch):
    """Run the reminder sweeps once so the notification centre has something in it (no email is queued)."""
    monkeypatch.setattr(delivery, "enqueue_sends", lambda ids: 0)
    sweeps_run_all()


def test_screenshots_of_every_main_page(login, page, shoot, notifications):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))

    login("coe")
    expect(page.get_by_role("heading", name="Portfolio", level=1)).to_be_visible()
    expect(page.locator("#col-exploration")).to_contain_text("Exploration")
    shoot("board", docs=1000)
    page.get_by_label("Overdue only").check()
    expect(page.locator(".board-meta strong")).to_have_text("2 initiatives")
    shoot("board-overdue-filter")
    page.goto("/initiatives/AI-0005/")
    expect(page.locator("#review .slots")).to_contain_text("Compliance officer 2")
    shoot("initiative-ai-0005", docs=1500)
    page.goto("/initiatives/AI-0007/")
    expect(page.locator("#roi")).to_contain_text("Realised")
    shoot("initiative-ai-0007-production")
    page.set_viewport_size(PHONE)
    page.goto("/")
    shoot("board-phone")
    page.goto("/initiatives/AI-0005/")
    shoot("initiative-ai-0005-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/initiatives/new")
    expect(page.get_by_label("Title")).to_be_visible()
    shoot("initiative-new")

    login("compliance")
    page.goto("/compliance/?view=overdue")
    expect(page.get_by_role("row").filter(has_text="AI-0008")).to_contain_text("Overdue")
    shoot("compliance-overdue")
    page.get_by_role("row").filter(has_text="AI-0008").get_by_role("link").nth(1).click()
    expect(page.get_by_role("button", name="Complete review")).to_be_visible()
    shoot("compliance-review-ai-0008")
    page.goto("/notifications/")
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    shoot("notifications")
    review = GateReview.objects.get(initiative__key="AI-0005", status="open")
    page.goto(f"/reviews/{review.pk}/")
    expect(page.locator(".frozen-criteria")).to_be_visible()
    shoot("review-ai-0005", docs=1300)
    page.locator("#language-select").select_option(label="繁體中文")
    page.locator("form.language button").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hant")
    expect(page.locator(".frozen-criteria")).to_be_visible()
    shoot("review-ai-0005-zh-hant", docs=1300)
    page.locator("#language-select").select_option(label="English")
    page.locator("form.language button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    login("auditor")
    page.goto("/audit/?initiative=AI-0003")
    expect(page.locator("tbody tr").first).to_be_visible()
    shoot("audit-log")

    login("executive")
    page.goto("/funnel/")
    shoot("funnel", docs=1560)
    for code, name in (("zh-hant", "繁體中文"), ("zh-hans", "简体中文")):
        page.locator("#language-select").select_option(label=name)
        page.locator("form.language button").click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        shoot(f"funnel-{code}", docs=900 if code == "zh-hant" else None)
        page.goto("/initiatives/AI-0005/")
        shoot(f"initiative-ai-0005-{code}")
        page.goto("/")
        shoot(f"board-{code}")
        page.goto("/funnel/")

    # No page broke the Content-Security-Policy or failed to load a script.
    assert console_errors == []
