"""Portfolio analytics in Chromium: the CoE reads the kill list and switches a rule off, simulates the demo's
most-used model 35% dearer and saves the scenario, and reads the radar's heat map and back-test; each page fits a
phone and passes axe in the three languages."""

import re

import pytest
from playwright.sync_api import expect

from analytics.models import KillRule, VendorScenario
from tests.e2e.test_accessibility import LANGUAGES, PHONE, check, sign_in


def test_the_coe_reviews_the_kill_list_vendors_and_radar(login, page):
    login("coe")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics").click()
    expect(page).to_have_url(re.compile(r"/portfolio/kill-list/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kill list")
    agent = page.get_by_role("row").filter(has_text="AI-0006")
    expect(agent).to_contain_text("Net annual value fell in the latest ROI estimate: from €900,000 to €730,000.")
    underwriting = page.get_by_role("row").filter(has_text="AI-0008")
    expect(underwriting).to_contain_text("with no confirmed value (the rule: within 3 months).")

    # The CoE switches the falling-value rule off: the agent assist leaves the list.
    rule = page.get_by_role("row").filter(has_text="Net value fell in the last N ROI estimates")
    rule.get_by_label("Switched on").uncheck()
    rule.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("was saved")
    expect(page.get_by_role("row").filter(has_text="AI-0006")).to_have_count(0)
    assert KillRule.objects.get(kind="net_value_falling").enabled is False

    page.get_by_role("navigation", name="Portfolio analytics").get_by_role("link", name="Vendors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vendors")
    expect(page.locator("#lock-in")).to_contain_text("AI-0006")
    shock = page.locator("form[data-action=shock]")
    shock.get_by_label("What happens").select_option("price_change")
    shock.get_by_label("To a").select_option("model")
    shock.get_by_label("Vendor or model").fill("Aurora-4 API")
    shock.get_by_label("Percent").fill("35")
    shock.get_by_role("button", name="Simulate").click()
    result = page.locator("#shock-result")
    expect(result.locator(".kpi").filter(has_text="Initiatives affected").locator(".value")).to_have_text("4")
    expect(result.locator(".kpi").filter(has_text="Portfolio net value per year now")).to_contain_text("€3,305,000")
    expect(result.locator(".kpi").filter(has_text="Under the shock")).to_contain_text("€3,198,250")

    save = page.locator("form[data-action=save-scenario]")
    # The shock just tried fills the form; the CoE names it.
    expect(save.get_by_label("Vendor or model")).to_have_value("Aurora-4 API")
    save.get_by_label("Name (to save it)").fill("Aurora-4 API +35%")
    save.get_by_role("button", name="Save the scenario").click()
    expect(page.get_by_role("status")).to_contain_text("was saved")
    expect(page.locator("#scenarios").get_by_role("row").filter(has_text="Aurora-4 API +35%")).to_contain_text(
        "€3,198,250"
    )
    assert VendorScenario.objects.get().target == "Aurora-4 API"

    page.get_by_role("navigation", name="Portfolio analytics").get_by_role("link", name="Failure-mode radar").click()
    expect(page.locator("#heat-map")).to_be_visible()
    expect(page.locator("#heat-map").get_by_role("row").filter(has_text="Retail Banking")).to_be_visible()
    expect(page.locator("#backtest-summary")).to_have_text(
        "The radar's highest mode matched the recorded failure mode for 3 of 4 stopped initiatives (75%)."
    )


@pytest.mark.long  # `make test-long`: a walk of pages; the kill list test stays
def test_the_analytics_pages_fit_a_phone_and_pass_axe(browser, demo):
    context = browser.new_context(base_url=demo.url, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    problems: list[str] = []
    try:
        for person in ("coe", "steward"):
            sign_in(page, person)
            for language in LANGUAGES:
                context.add_cookies([{"name": "django_language", "value": language, "url": demo.url}])
                for url in ("/portfolio/kill-list/", "/portfolio/vendors/", "/portfolio/radar/"):
                    check(page, url, language, problems)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
