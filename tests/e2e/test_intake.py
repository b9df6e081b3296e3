"""Intake in a real browser: a Retail Banking member proposes an idea and answers the screening, the CoE finds it in
the triage queue and accepts it on the fast track with an owner, and the initiative is in exploration with the fast
track's lighter criteria and fewer slots."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from adoption.models import BusinessUnit, GateCriterion, Initiative, Track
from governance.gate import required_slots
from governance.models import AuditEvent, Notification
from intake.models import Proposal

pytestmark = pytest.mark.slow


def _answer(page, question: str, choice: str) -> None:
    page.locator("fieldset").filter(has_text=question).get_by_label(choice, exact=True).check()


def test_a_proposal_goes_from_intake_through_screening_and_the_fast_track_to_exploration(login, page, shoot):
    login("steward")  # Diana Tsai, data steward in Retail Banking
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ideas").click()
    expect(page.get_by_role("heading", name="Ideas", exact=True)).to_be_visible()
    page.get_by_label("Title").fill("Policy Q&A helper")
    page.get_by_label("Pain point").fill("Staff search the policy manuals for an hour a day.")
    page.get_by_label("Value driver").fill("Hours saved in the branches.")
    page.get_by_label("Data involved").fill("Internal policy manuals only.")
    page.get_by_label("Who will use it").fill("Branch staff")
    page.get_by_label("Internal staff only").check()
    page.get_by_label("Business unit").select_option(label="Retail Banking")
    page.get_by_role("button", name="Send to the CoE").click()

    expect(page.get_by_role("heading", name=re.compile("Policy Q&A helper"))).to_be_visible()
    expect(page.locator("#screening-verdict")).to_contain_text("Not screened yet")
    _answer(page, "Who will see or use what it produces?", "Internal staff only")
    _answer(page, "Where will it be deployed or used?", "Taiwan")
    _answer(page, "Does it process personal data?", "No")
    _answer(page, "Does it process sensitive personal data", "No")
    _answer(page, "Is generated content shown outside the company?", "No")
    _answer(page, "Where does the model come from?", "A third party's model through its API")
    _answer(page, "Does it take automated decisions about people?", "No")
    page.get_by_role("button", name="Record the screening").click()
    expect(page.get_by_role("status")).to_contain_text("the fast track is allowed")
    expect(page.locator("#screening-verdict")).to_contain_text("Fast track allowed")
    # The proposer cannot triage: no accept form for them.
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)
    shoot("intake-proposal-screened")

    proposal = Proposal.objects.get(title="Policy Q&A helper")
    assert proposal.screening["audience"] == ["staff"]
    assert proposal.screening["prohibited_practice"] is False
    assert Notification.objects.filter(kind="proposal_submitted", recipient__username="coe").exists()

    login("coe")
    page.goto("/intake/")
    page.get_by_role("link", name="Triage queue").click()
    row = page.get_by_role("row").filter(has_text="Policy Q&A helper")
    expect(row).to_contain_text("Fast track allowed")
    expect(row).to_contain_text("Diana Tsai")
    shoot("intake-triage-queue")
    row.get_by_role("link", name=proposal.key).click()

    page.get_by_label("Initiative owner").select_option(label="Olivia Ong")
    page.get_by_label("Business sponsor").select_option(label="Samuel Sze")
    page.get_by_label("Track").select_option(label="Fast track")
    page.get_by_role("button", name="Accept").click()

    expect(page.get_by_role("status")).to_contain_text("is in exploration on the Fast track")
    initiative = Initiative.objects.get(title="Policy Q&A helper")
    expect(page.get_by_role("heading", name=re.compile(initiative.key))).to_be_visible()
    expect(page.locator("#initiative-track")).to_have_text("Fast track")
    expect(page.locator("#gate-summary")).to_contain_text("0 of 4 mandatory criteria met or waived")
    shoot("intake-accepted-initiative")

    fast = Track.objects.get(code="fast")
    assert initiative.phase == "exploration"
    assert initiative.track == fast
    assert initiative.owner.username == "owner"
    assert set(GateCriterion.objects.filter(initiative=initiative).values_list("code", flat=True)) == set(
        fast.criteria["exploration"]
    )
    assert [role for role, _n in required_slots(phase="exploration", risk_tier="limited", track=initiative.track)] == [
        "business_sponsor",
        "coe_admin",
    ]
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert proposal.initiative == initiative
    assert AuditEvent.objects.filter(verb="proposal.accepted", initiative_id=initiative.pk).exists()

    # The proposer sees the outcome on their list and hears of it.
    login("steward")
    page.goto("/intake/")
    mine = page.get_by_role("row").filter(has_text="Policy Q&A helper")
    expect(mine).to_contain_text("Accepted into exploration")
    expect(mine.get_by_role("link", name=initiative.key)).to_be_visible()
    assert Notification.objects.filter(kind="proposal_decided", recipient__username="steward").exists()


def test_the_intake_pages_fit_a_phone_and_pass_axe_in_each_language(browser, demo):
    """The three intake pages (the CoE's view: the form, the queue, a proposal with the screening and triage forms)
    at 360 px with axe-core, as tests/e2e/test_accessibility.py checks the other pages."""
    from demo.loader import PASSWORD
    from intake.services import proposal_submit
    from tests.e2e.test_accessibility import AXE, PHONE, RUN_AXE, WIDE

    steward = get_user_model().objects.get(username="steward")
    proposal = proposal_submit(
        actor=steward,
        business_unit=BusinessUnit.objects.get(code="retail"),
        title="A proposal whose title is long enough to wrap on a phone screen",
        pain_point="Slow answers.",
        value_driver="Time saved.",
        data_involved="Internal manuals.",
        users="Branch staff",
        audience="staff",
    )
    problems: list[str] = []
    for language in ("en", "zh-hant", "zh-hans"):
        context = browser.new_context(base_url=demo.url, viewport=PHONE, locale="en-GB")
        page = context.new_page()
        page.goto("/accounts/login/")
        page.locator("#id_username").fill("coe")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form[data-sign-in] button[type=submit]").click()
        page.wait_for_url(lambda address: "/accounts/login/" not in address)
        context.add_cookies([{"name": "django_language", "value": language, "url": demo.url}])
        for url in ("/intake/", "/intake/triage/", f"/intake/{proposal.pk}/"):
            response = page.goto(url)
            where = f"{url} [{language}]"
            if response.status != 200:
                problems.append(f"{where}: answered {response.status}")
            if page.evaluate(WIDE):
                problems.append(f"{where}: wider than the phone: {page.evaluate(WIDE)}")
            page.add_script_tag(url=AXE)
            problems.extend(f"{where}: {violation}" for violation in page.evaluate(RUN_AXE))
        context.close()
    assert problems == []
