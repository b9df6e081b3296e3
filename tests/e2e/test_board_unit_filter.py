"""The portfolio's business-unit filter: a typed unit with suggestions (not a list of every unit); a suggestion or the
unit's code narrows the board in place, and a unit nobody sees is reported rather than silently ignored."""

import re

from playwright.sync_api import expect


def test_unit_filter_suggests_while_typing_and_narrows_the_board(login, page):
    login("coe")
    total = page.locator(".board-meta strong").inner_text()
    unit = page.get_by_label("Business unit")
    expect(unit).to_have_attribute("list", "unit-choices")
    unit.press_sequentially("insur")
    suggestion = page.locator("#unit-choices option")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_attribute("value", "Insurance")
    expect(suggestion).to_have_text("insurance")

    unit.fill("Insurance")
    unit.press("Enter")
    expect(page).to_have_url(re.compile(r"business_unit=Insurance"))
    expect(page.locator(".board-meta strong")).not_to_have_text(total)
    expect(page.locator(".card .meta").first).to_contain_text("Insurance")
    # The code finds the same unit, and the table keeps the filter.
    unit.fill("insurance")
    unit.press("Enter")
    expect(page).to_have_url(re.compile(r"business_unit=insurance"))
    page.get_by_role("link", name="Table", exact=True).click()
    expect(page.get_by_label("Business unit")).to_have_value("insurance")

    page.goto("/")
    unit = page.get_by_label("Business unit")
    unit.fill("no-such-unit")
    unit.press("Enter")
    expect(page.locator("#board-results .errorlist")).to_contain_text("No business unit you see is called")
    expect(page.locator(".board-meta strong")).to_have_text(total)
