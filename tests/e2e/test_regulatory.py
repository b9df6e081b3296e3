"""The Regulatory page in Chromium: the owner answers the applicability questionnaire of a new EU credit-scoring
initiative, a compliance officer confirms the EU AI Act's high-risk class, and the page shows the class with its
reasons, the obligations with their citations, the slots and the cadence; the same page in Simplified Chinese."""

import re

from playwright.sync_api import expect

from adoption.models import Initiative


def test_answer_confirm_and_read_the_obligations(login, page, shoot):
    initiative = Initiative.objects.get(title="Call-centre agent assist")
    login("owner")
    page.goto(f"/initiatives/{initiative.key}/")
    page.locator("#regulatory").get_by_role("link", name="Applicability, classifications and obligations").click()
    expect(page.get_by_role("heading", name="Regulatory", level=1)).to_be_visible()
    expect(page.locator("#disclaimer")).to_contain_text("not legal advice")
    form = page.locator("#questionnaire")
    form.get_by_role("group", name="Where will the system be used?").get_by_label("European Union").check()
    form.get_by_role("group", name="Who will use it or see what it produces?").get_by_label("Our customers").check()
    form.get_by_role("group", name="What is it used for?").get_by_label("Creditworthiness or credit scoring").check()
    form.get_by_role("button", name="Record the answers").click()
    expect(page.get_by_role("status")).to_contain_text("The answers were recorded")
    eu = page.locator("#classifications tr[data-regime=eu_ai_act]")
    expect(eu).to_contain_text("Awaits confirmation")

    login("compliance")
    page.goto(f"/initiatives/{initiative.key}/regulatory/")
    page.locator("#classifications tr[data-regime=eu_ai_act]").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("The classification was confirmed.")
    eu = page.locator("#classifications tr[data-regime=eu_ai_act]")
    expect(eu).to_contain_text("Confirmed by Clara Chou")
    expect(page.locator("#classifications")).to_contain_text("Risk tier: High")
    expect(page.locator("#obligations")).to_contain_text(re.compile(r"Art\. ?27"))
    expect(page.locator("#cadence")).to_contain_text("every 90 days")
    shoot("regulatory-eu-credit")

    page.locator("#language-select").select_option(label="简体中文")
    page.locator("form.language button").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#disclaimer")).not_to_contain_text("not legal advice")
    shoot("regulatory-eu-credit-zh-hans")
