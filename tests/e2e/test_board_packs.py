"""Board packs in Chromium: the CoE freezes last month's pack from the navigation, an executive downloads it in
Traditional Chinese and its text shows the portfolio's figures; a decision packet downloads from its review page."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from adoption.models import Initiative
from governance.models import GateReview
from reports.models import BoardPack
from tests.e2e.test_accessibility import AXE, PHONE, RUN_AXE, WIDE


def pdf_text(path) -> str:
    with open(path, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
        return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_coe_freezes_a_pack_and_an_executive_downloads_it(login, page, shoot):
    login("coe")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Board packs").click()
    expect(page).to_have_url(re.compile(r"/reports/packs/$"))
    expect(page.get_by_text("No board pack has been frozen yet.")).to_be_visible()
    page.get_by_role("button", name="Freeze the board pack").click()
    expect(page.get_by_text(re.compile(r"The board pack of .+ was frozen\."))).to_be_visible()
    pack = BoardPack.objects.get()
    expect(page.locator("tbody tr")).to_have_count(1)
    # A second freeze of the same month is refused, saying why.
    page.get_by_role("button", name="Freeze the board pack").click()
    expect(page.get_by_text(re.compile(r"frozen already; a past pack never changes"))).to_be_visible()
    shoot("board-packs")
    # On a phone, in each language: no sideways scroll, and nothing axe-core calls serious.
    page.set_viewport_size(PHONE)
    for code in ("en", "zh-hant", "zh-hans"):
        page.goto("/reports/packs/")
        page.locator("#language-select").select_option(value=code)
        page.locator("form.language button").click()
        expect(page.locator("html")).to_have_attribute("lang", code)
        assert page.evaluate(WIDE) == [], code
        page.add_script_tag(url=AXE)
        assert page.evaluate(RUN_AXE) == [], code
    page.locator("#language-select").select_option(value="en")
    page.locator("form.language button").click()

    login("executive")
    page.goto("/reports/packs/")
    expect(page.get_by_role("button", name="Freeze the board pack")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="繁體中文").click()
    assert download.value.suggested_filename == f"board-pack-{pack.month:%Y-%m}-zh-hant.pdf"
    text = pdf_text(download.value.path())
    total = Initiative.objects.exclude(status="voided").count()
    assert str(total) in text
    assert pack.snapshot_sha256 in text
    assert "探索" in text  # the phase names in Traditional Chinese


@pytest.mark.long  # `make test-long`; freezing a pack stays
def test_a_decision_packet_downloads_from_its_review_page(login, page):
    review = GateReview.objects.filter(status="approved").order_by("pk").first()
    login("auditor")
    page.goto(f"/reviews/{review.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Decision packet (PDF)").click()
    text = re.sub(r"\s+", "", pdf_text(download.value.path()))
    assert review.initiative.key in text
    assert review.evidence_hash in text


@pytest.mark.long  # `make test-long`; freezing a pack stays
def test_others_have_no_board_packs_in_the_navigation(login, page):
    login("owner")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Board packs")).to_have_count(0)
    page.goto("/reports/packs/")
    expect(page.get_by_text("Board packs are for the CoE, executives and auditors.")).to_be_visible()
