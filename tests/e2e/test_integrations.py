"""In the browser: the CoE wires the tracker into the bank (a single sign-on rule, a webhook to a receiver on
loopback that verifies what it gets, in Traditional Chinese), and a person sets up an authenticator app and signs in
with its code."""

import pytest
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from demo.loader import PASSWORD
from governance.models import ClaimRoleRule, WebhookEndpoint
from governance.services.lifecycle import initiative_hold
from governance.services.webhooks import webhooks_run
from tests.webhook_receivers import Receiver


def words(language: str, *texts: str) -> dict[str, str]:
    with translation.override(language):
        return {text: translation.gettext(text) for text in texts}


@pytest.mark.long  # `make test-long`; the authenticator test stays
def test_the_coe_adds_a_rule_and_a_webhook_in_traditional_chinese(login, page, shoot, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    receiver = Receiver("standard")
    try:
        login("coe")
        page.get_by_label("Language").select_option(label="繁體中文")
        page.get_by_role("button", name="Switch").click()
        w = words(
            "zh-hant",
            "Integrations",
            "Add a rule",
            "Value",
            "Role",
            "Business unit code",
            "Add",
            "Add a webhook",
            "Name",
            "Format",
            "Address",
            "Gate review requested",
            "Initiative on hold",
            "Compliance officer",
        )
        page.locator("details.usermenu summary").click()
        page.get_by_role("link", name=w["Integrations"]).click()
        expect(page.get_by_role("heading", name=w["Integrations"], level=1)).to_be_visible()
        rule = page.locator("aside").filter(has_text=w["Add a rule"])
        rule.get_by_label(w["Value"]).fill("compliance-retail")
        rule.get_by_label(w["Role"]).select_option(label=w["Compliance officer"])
        rule.get_by_label(w["Business unit code"]).fill("retail")
        rule.get_by_role("button", name=w["Add"]).click()
        expect(page.get_by_role("row").filter(has_text="compliance-retail")).to_be_visible()
        assert ClaimRoleRule.objects.get().business_unit.code == "retail"

        hook = page.locator("aside").filter(has_text=w["Add a webhook"])
        hook.get_by_label(w["Name"], exact=True).fill("SIEM")
        hook.get_by_label(w["Format"]).select_option(value="standard")
        hook.get_by_label(w["Address"]).fill(receiver.url)
        hook.get_by_label(w["Initiative on hold"]).check()
        hook.get_by_role("button", name=w["Add"]).click()
        secret = page.locator("code.secret").inner_text()
        assert secret.startswith("whsec_")
        shoot("integrations-zh-hant")
        receiver.secret = secret
        endpoint = WebhookEndpoint.objects.get()
        assert endpoint.events == ["initiative.held"]
        page.reload()
        expect(page.locator("code.secret")).to_have_count(0)

        from django.contrib.auth import get_user_model

        from adoption.models import Initiative

        coe = get_user_model().objects.get(username="coe")
        initiative = Initiative.objects.filter(status="active").order_by("number").first()
        initiative_hold(actor=coe, initiative=initiative, reason="預算凍結")
        assert webhooks_run() == 1
        assert receiver.accepted[0]["body"]["data"]["initiative"]["key"] == initiative.key
        page.get_by_role("link", name="SIEM").click()
        expect(page.get_by_role("row").filter(has_text="initiative.held")).to_contain_text(initiative.key)
    finally:
        receiver.close()


def test_a_person_sets_up_an_authenticator_and_signs_in_with_its_code(login, page, shoot):
    login("owner")
    page.locator("details.usermenu summary").click()
    page.get_by_role("link", name="Authenticator app").click()
    page.get_by_role("button", name="Set up an authenticator").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    shoot("authenticator")
    device = TOTPDevice.objects.get(user__username="owner")
    page.get_by_label("Authenticator code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="In use")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the code from your authenticator app.")
    device.refresh_from_db()
    device.last_t = -1  # the set-up used this period's code; a code is accepted once
    device.save()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Authenticator code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
