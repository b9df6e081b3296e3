"""In the browser: a lockout and its lifting by the CoE, and a person's API tokens in Simplified Chinese."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from demo.loader import PASSWORD
from governance.models import ApiToken


def try_sign_in(page, username: str, password: str):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_locked_out_owner_is_unlocked_by_the_coe(login, page, shoot):
    for _ in range(5):
        try_sign_in(page, "owner", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    try_sign_in(page, "owner", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    shoot("sign-in-locked")

    login("coe")
    page.locator("details.usermenu summary").click()
    page.get_by_role("link", name="Sign-ins").click()
    locked = page.locator("section").filter(has_text="Locked now").locator("tbody tr")
    expect(locked).to_have_count(1)
    expect(locked).to_contain_text("owner")
    shoot("sign-ins")
    locked.get_by_role("button", name="Unlock").click()
    expect(page.locator(".message")).to_contain_text("Unlocked owner")
    expect(page.get_by_text("Nobody is locked out.")).to_be_visible()

    login("owner")
    expect(page).not_to_have_url("/accounts/login/")


@pytest.mark.long  # `make test-long`; the lockout stays
def test_an_owner_makes_and_revokes_a_read_only_token_in_simplified_chinese(login, page, shoot):
    login("owner")
    page.get_by_label("Language").select_option(label="简体中文")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    with translation.override("zh-hans"):
        words = {
            text: translation.gettext(text)
            for text in ("API tokens", "Create a token", "Name", "Read only", "Create", "Your new token", "Revoke")
        }
    assert words["API tokens"] != "API tokens"
    page.locator("details.usermenu summary").click()
    page.get_by_role("link", name=words["API tokens"]).click()
    expect(page.get_by_role("heading", name=words["API tokens"], level=1)).to_be_visible()
    form = page.locator("aside").filter(has_text=words["Create a token"])
    form.get_by_label(words["Name"]).fill("每周报表脚本")
    form.get_by_label(words["Read only"]).check()
    form.get_by_role("button", name=words["Create"]).click()
    expect(page.get_by_role("heading", name=words["Your new token"])).to_be_visible()
    secret = page.locator("code.secret").inner_text()
    token = ApiToken.objects.get(name="每周报表脚本")
    assert secret.startswith(token.prefix)
    assert token.read_only
    shoot("api-tokens-zh-hans")
    page.reload()
    expect(page.locator("code.secret")).to_have_count(0)
    page.get_by_role("row").filter(has_text="每周报表脚本").get_by_role("button", name=words["Revoke"]).click()
    token.refresh_from_db()
    expect(page.get_by_role("row").filter(has_text="每周报表脚本").get_by_role("button")).to_have_count(0)
    token.refresh_from_db()
    assert token.revoked_at is not None
