"""The Monday view in Chromium: reached from the navigation, tiles and bars lead to the board, no sideways scroll on
a phone, and printed without the navigation and the filters."""

import re

import pytest
from playwright.sync_api import expect


def test_an_executive_reads_the_week_and_follows_a_tile_to_the_board(login, page, shoot):
    login("executive")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="This week").click()
    expect(page).to_have_url(re.compile(r"/executive/week/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("This week")
    expect(page.locator("#chart-week-moves")).to_be_visible()
    # Thirteen weeks in each trend table.
    expect(page.locator("section[aria-labelledby=h-week-moves] tbody tr")).to_have_count(13)
    expect(page.locator("tr[data-unit=retail]")).to_be_visible()
    expect(page.locator("tr[data-unit=insurance]")).to_be_visible()
    shoot("monday-view", docs=900)

    with page.expect_download() as download:
        page.locator("section[aria-labelledby=h-week-units]").get_by_role(
            "link", name="Download this table as CSV"
        ).click()
    assert download.value.suggested_filename.startswith("week-units-")

    page.locator("tr[data-unit=insurance] a").click()
    expect(page).to_have_url(re.compile(r"/\?business_unit=\d+$"))
    expect(page.locator(".card").first).to_be_visible()

    page.goto("/executive/week/")
    for code, name in (("zh-hant", "繁體中文"), ("zh-hans", "简体中文")):
        page.locator("#language-select").select_option(label=name)
        page.locator("form.language button").click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        expect(page.locator("#chart-week-moves")).to_be_visible()
        shoot(f"monday-view-{code}", docs=900 if code == "zh-hant" else None)
    page.locator("#language-select").select_option(label="English")
    page.locator("form.language button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.emulate_media(media="print")
    page.goto("/executive/week/")
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator(".mainnav")).to_be_hidden()
    expect(page.locator(".csv-link").first).to_be_hidden()
    expect(page.locator("#chart-week-units")).to_be_visible()


@pytest.mark.long  # `make test-long`; the executive's week stays
def test_a_unit_reader_on_a_phone_sees_their_unit_without_sideways_scroll(login, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login("security")
    page.goto("/executive/week/")
    expect(page.locator("tr[data-unit=retail]")).to_be_visible()
    expect(page.locator("tr[data-unit=insurance]")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
