"""The board's owner filter: suggestions appear as one types, an owner's name (as cards show it) or login name narrows
the board in place, and a name nobody owns is reported rather than silently ignored."""

import re

from playwright.sync_api import expect


def test_owner_filter_suggests_while_typing_and_narrows_the_board(login, page):
    login("coe")
    total = page.locator(".board-meta strong").inner_text()
    owner = page.get_by_label("Owner")
    owner.press_sequentially("oliv")
    suggestion = page.locator("#owner-choices option")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_attribute("value", "Olivia Ong")
    expect(suggestion).to_have_text("owner")

    # The name on every card finds her, as her login name does.
    owner.fill("Olivia")
    owner.press("Enter")
    expect(page).to_have_url(re.compile(r"owner=Olivia"))
    # Every demo initiative is Olivia's: the same cards, each naming her.
    expect(page.locator(".board-meta strong")).to_have_text(total)
    expect(page.locator(".card .meta").first).to_contain_text("Olivia Ong")
    owner.fill("owner")
    owner.press("Enter")
    expect(page).to_have_url(re.compile(r"owner=owner"))
    expect(page.locator(".board-meta strong")).to_have_text(total)

    owner.fill("nobody-here")
    owner.press("Enter")
    expect(page.locator("#board-results .errorlist")).to_contain_text("Nobody called “nobody-here”")
    expect(page.locator(".board-meta strong")).to_have_text(total)
