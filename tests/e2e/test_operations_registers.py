"""Life after production in a real browser: the owner of a production initiative records a major incident and sees
its four-hour report deadline; compliance records the report; the owner asks for a model change, which compliance and
the CoE sign, and the filing turns "refile needed"; the retirement checklist refuses to retire until ticked."""

from playwright.sync_api import expect

from adoption.models import Initiative
from operations.models import Filing
from operations.services.filings import filing_record, filings_sync
from regimes.models import Regime, RegimeVersion
from tests.operations.conftest import TEST_REGIME, answer


def _live_initiative():
    initiative = Initiative.objects.filter(status="in_production", owner__username="owner").order_by("number").first()
    Regime.objects.update(enabled=False)
    regime = Regime.objects.create(code="ops_test", enabled=True)
    RegimeVersion.objects.create(regime=regime, version=1, content=TEST_REGIME, status="published")
    answer(initiative, initiative.owner)
    filings_sync(initiative=initiative, actor=None)
    filing = Filing.objects.get(initiative=initiative, regime="ops_test")
    filing_record(actor=initiative.owner, filing=filing, status="submitted", reference="GD-2026-7")
    filing_record(actor=initiative.owner, filing=filing, status="approved")
    return initiative


def test_incident_change_and_retirement_registers(login, page, shoot):
    initiative = _live_initiative()
    key = initiative.key
    login("owner")
    page.goto(f"/initiatives/{key}/")
    page.locator("#operations-registers").get_by_role("link", name="Incidents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Incidents of {key}")
    page.get_by_label("Severity").select_option("major")
    page.get_by_label("What happened").fill("The assistant quoted another customer's balance.")
    page.get_by_label("People affected").fill("2")
    page.get_by_label("Detected at").fill("2026-12-05T08:00")
    page.get_by_role("button", name="Record the incident").click()
    expect(page.get_by_role("status")).to_contain_text("The incident was recorded")
    register = page.locator("#h-incidents").locator("..")
    expect(register).to_contain_text("another customer's balance")
    expect(register).to_contain_text("Provincial cyberspace administration")
    expect(register).to_contain_text("due by")
    page.get_by_label("Report reference").fill("CAC-2026-118")
    page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_role("status")).to_contain_text("The report was recorded.")
    expect(register).to_contain_text("CAC-2026-118")
    shoot("incidents")

    page.goto(f"/initiatives/{key}/changes/")
    page.get_by_label("Model", exact=True).check()
    page.get_by_label("Description").fill("Move to the newer model.")
    page.get_by_label("To", exact=True).fill("Model B 2.0")
    page.get_by_role("button", name="Request the change").click()
    expect(page.get_by_role("status")).to_contain_text("The change was requested")
    expect(page.locator("#h-changes").locator("..")).to_contain_text("must be made again")

    for person in ("compliance", "coe"):
        login(person)
        page.goto(f"/initiatives/{key}/changes/")
        page.get_by_label("Decision").select_option("approve")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_role("status")).to_contain_text("The decision was recorded.")
    expect(page.locator("#h-changes").locator("..")).to_contain_text("Approved")
    assert Filing.objects.get(initiative=initiative, regime="ops_test").status == "refile_needed"

    login("owner")
    page.goto(f"/initiatives/{key}/retirement/")
    expect(page.locator("#h-items")).to_have_text("4 items left")
    page.get_by_label("Item", exact=True).select_option("vendor_exit")
    page.get_by_label("Note", exact=True).fill("Contract ended on 30 November.")
    page.get_by_role("button", name="Tick it").click()
    expect(page.locator("#h-items")).to_have_text("3 items left")
    expect(page.locator("#item-vendor_exit")).to_contain_text("Contract ended on 30 November.")
    # On a phone the register does not scroll sideways.
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
