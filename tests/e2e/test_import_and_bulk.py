"""In the browser: the CoE checks a 繁體中文 CSV (a dry run that shows every row), applies it, sees the imported
initiative marked on the board, and undoes the import; then puts two of the table's rows on hold at once, one
refused with its reason."""

import re

from playwright.sync_api import expect

CSV = (
    "外部編號,名稱,事業單位代碼,負責人（登入名稱）,階段,風險等級\n"
    "BR-1,瀏覽器匯入 一,retail,owner,驗證,limited\n"
    "BR-2,瀏覽器匯入 二,insurance,owner,探索,minimal\n"
)


def test_upload_dry_run_apply_and_undo(login, page, shoot, tmp_path):
    login("coe")
    page.goto("/portfolio/import/")
    expect(page.get_by_role("heading", name="Import the portfolio")).to_be_visible()
    path = tmp_path / "portfolio.csv"
    path.write_text(CSV, encoding="utf-8")
    page.get_by_label("CSV or XLSX file").set_input_files(str(path))
    page.get_by_role("button", name="Check (dry run)").click()
    report = page.locator("#import-report")
    expect(report).to_contain_text("2 to create")
    expect(report.locator("tbody tr")).to_have_count(2)
    expect(report).to_contain_text("BR-1")
    shoot("import-dry-run")
    page.get_by_role("button", name="Apply this file").click()
    expect(page.locator(".messages")).to_contain_text("Imported portfolio.csv: 2 created")
    expect(page.locator("[data-batch]")).to_have_count(1)

    page.goto("/")
    card = page.locator(".card", has_text="瀏覽器匯入 一")
    expect(card).to_contain_text("Imported at validation — earlier gates not recorded here")

    page.goto("/portfolio/import/")
    page.locator("[data-batch]").get_by_role("button", name="Undo").click()
    expect(page.locator(".messages")).to_contain_text("was undone")
    expect(page.locator("[data-batch]")).to_contain_text("undone")
    page.goto("/")
    expect(page.locator(".card", has_text="瀏覽器匯入")).to_have_count(0)


def test_bulk_hold_from_the_table(login, page):
    login("sponsor")
    page.goto("/portfolio/table/")
    boxes = page.locator("#table-results input[name='keys']")
    expect(boxes.first).to_be_visible()
    keys = [boxes.nth(i).get_attribute("value") for i in range(2)]
    for i in range(2):
        boxes.nth(i).check()
    page.locator(".bulk > summary").click()
    page.get_by_label("With the selected").select_option("hold")
    page.get_by_label("Reason for the hold").fill("Budget freeze until the next quarter.")
    page.get_by_role("button", name="Apply to the selected").click()
    messages = page.locator(".messages")
    expect(messages).to_contain_text(re.compile("Put on hold: done for|Refused for"))
    text = messages.inner_text()
    assert all(key in text for key in keys), text
