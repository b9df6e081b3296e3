"""People, not logins, in Chromium: the CoE revokes a role saying why, on a phone; the audit log names people and
objects in each language and fits a 360 px screen; the roles page shows who may sign what."""

import pytest
from playwright.sync_api import expect

from governance.models import AuditEvent, RoleAssignment

PHONE = {"width": 360, "height": 740}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_coe_revokes_a_role_on_a_phone_saying_why(login, page, shoot):
    page.set_viewport_size(PHONE)
    login("coe")
    page.goto("/roles/?person=Sunil")
    assert page_width(page) <= PHONE["width"]
    rows = page.locator("table.stack-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sunil Shah")
    expect(rows.first).to_contain_text("Security reviewer")

    reason = page.get_by_label("Why revoke the role of Sunil Shah?")
    reason.fill("Moved to the data office")
    rows.first.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_contain_text("Sunil Shah no longer holds the role Security reviewer.")
    revoked = RoleAssignment.objects.get(user__username="security", role="security_reviewer")
    assert revoked.revoke_reason == "Moved to the data office"
    assert AuditEvent.objects.get(verb="role.revoked").after == {"reason": "Moved to the data office"}

    page.goto("/roles/")
    assert page_width(page) <= PHONE["width"]
    signers = page.locator("#signers")
    expect(signers.get_by_role("heading", name="Retail Banking")).to_be_visible()
    retail = signers.locator(".signer-unit").filter(has=page.get_by_role("heading", name="Retail Banking"))
    expect(retail).to_contain_text("Clara Chou")
    expect(retail).not_to_contain_text("Sunil Shah")  # revoked a moment ago
    shoot("roles-phone")


@pytest.mark.parametrize(
    ("language", "label", "sentence"),
    [
        ("English", "Audit log", "Arthur Lin"),
        # `make test-long`: the two Chinese versions (the page in English stays in `make test`).
        pytest.param("繁體中文", "稽核紀錄", "Mei-Ling Chen 授予了角色：", marks=pytest.mark.long),
        pytest.param("简体中文", "审计日志", "Mei-Ling Chen 授予了角色：", marks=pytest.mark.long),
    ],
)
def test_the_audit_log_names_people_and_fits_a_phone(login, page, shoot, language, label, sentence):
    login("auditor")
    page.get_by_label("Language").select_option(label=language)
    page.get_by_role("button", name="Switch").click()
    page.goto("/audit/?verb=role.")
    expect(page.get_by_role("heading", name=label, level=1)).to_be_visible()
    table = page.locator("table")
    if language == "English":
        expect(table).to_contain_text("Mei-Ling Chen granted a role: Arthur Lin as Auditor (Whole organisation)")
    else:
        expect(table).to_contain_text(sentence)
    expect(table).not_to_contain_text("role.granted")
    page.set_viewport_size(PHONE)
    assert page_width(page) <= PHONE["width"]
    shoot(f"audit-phone-{language}")
