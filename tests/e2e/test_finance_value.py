"""Finance-confirmed value in a real browser: a finance controller confirms a claim whose hours name no
redeployment (the hours are left out), the funnel then shows claimed and confirmed value side by side, and the
owner cannot confirm their own claim."""

import pytest
from playwright.sync_api import expect

from adoption.models import RealisedValueEntry
from finance.models import ValueConfirmation

pytestmark = pytest.mark.slow


def test_finance_confirms_a_claim_and_the_funnel_shows_it(login, page, shoot):
    # The demo's finance controller confirmed the two older months of the marketing generator; the newest waits.
    entry = RealisedValueEntry.objects.order_by("-period_end").first()
    assert not ValueConfirmation.objects.filter(entry=entry).exists()

    login("finance")
    page.goto("/finance/claims/")
    claims = page.locator("section").filter(has=page.get_by_role("heading", name="All claims"))
    expect(claims.locator("tr[data-claim]")).to_have_count(3)
    expect(claims).to_contain_text("not named: hours never count as money")
    claims.locator(f'tr[data-claim="{entry.pk}"]').get_by_role("link").click()
    expect(page.locator('[data-figure="claimed"]')).to_contain_text("20,500")
    page.get_by_label("Decision").select_option(label="Confirmed as claimed")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status")).to_contain_text("Finance's decision on this claim was recorded.")
    # The hours (120 at €50) are left out: only the €14,500 cash saving is confirmed.
    expect(page.locator('td[data-figure="confirmed"]').first).to_contain_text("14,500")
    shoot("finance-claim-confirmed")
    assert ValueConfirmation.objects.get(entry=entry).reporting_confirmed_benefit == 14500

    page.goto("/funnel/")
    retail = page.locator(".finance-value tr[data-group='retail']")
    expect(retail).to_contain_text("€61,500")  # claimed: three periods of €20,500
    expect(retail).to_contain_text("€43,500")  # confirmed: the demo's two months and this one
    shoot("funnel-value-side-by-side")

    # The owner sees the claim but cannot confirm it.
    login("owner")
    page.goto(f"/finance/claims/{entry.pk}/")
    expect(page.locator("aside")).to_contain_text("Only a finance controller")
    expect(page.get_by_role("button", name="Record the decision")).to_have_count(0)
