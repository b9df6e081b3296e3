"""A periodic compliance review in a real browser: the officer finds last review's finding carried forward and its
action still open, answers the questionnaire, raises a finding, gives an action with a due date, attaches evidence,
closes the carried finding and completes the review; the owner follows the reminder's link and marks the action
done."""

import datetime
import hashlib

from django.utils import timezone
from playwright.sync_api import expect

from governance.models import ComplianceActionItem, ComplianceReview
from governance.services.reminders import compliance_actions_sweep


def test_a_compliance_review_with_substance(login, page, shoot):
    marketing = ComplianceReview.objects.get(initiative__title="Marketing copy generator", status="open")
    login("compliance")
    page.goto(f"/compliance/{marketing.pk}/")

    findings = page.locator("#findings")
    carried = findings.get_by_role("listitem").filter(has_text="Prompt logs are kept 30 days")
    expect(carried).to_contain_text("Carried forward")
    expect(page.locator("#actions")).to_contain_text("Set the prompt-log retention to 90 days")

    questionnaire = page.locator("#questionnaire")
    questionnaire.get_by_role("group", name="Is the system still used only for the purpose").get_by_label("Yes").check()
    questionnaire.get_by_role("group", name="Is the recorded data classification still right").get_by_label(
        "Yes"
    ).check()
    questionnaire.get_by_label("Which incidents, complaints or user reports").fill("One complaint about tone.")
    questionnaire.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("status")).to_contain_text("The answers were saved.")
    expect(questionnaire.get_by_label("Which incidents, complaints or user reports")).to_have_value(
        "One complaint about tone."
    )

    findings.get_by_label("Finding").fill("Content labels are missing on e-mail campaigns.")
    findings.get_by_role("button", name="Record the finding").click()
    expect(page.get_by_role("status")).to_contain_text("The finding was recorded.")

    actions = page.locator("#actions")
    actions.get_by_label("Action").fill("Label AI-written e-mail campaigns")
    actions.get_by_label("Owner").select_option(label="Olivia Ong")
    due = timezone.localdate() + datetime.timedelta(days=7)
    actions.get_by_label("Due on").fill(due.isoformat())
    actions.get_by_label("Answers the finding").select_option(label="Content labels are missing on e-mail campaigns.")
    actions.get_by_role("button", name="Record the action").click()
    expect(page.get_by_role("status")).to_contain_text("its owner will be reminded of it")
    expect(page.locator("#actions")).to_contain_text("Label AI-written e-mail campaigns")

    evidence = page.locator("#evidence")
    content = b"Retention policy: prompt logs 90 days."
    evidence.get_by_label("File").set_input_files(
        {"name": "retention-policy.txt", "mimeType": "text/plain", "buffer": content}
    )
    evidence.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_role("status")).to_contain_text("The file was attached.")
    expect(page.locator("#evidence")).to_contain_text(hashlib.sha256(content).hexdigest())
    shoot("compliance-review")
    # On a phone the page does not scroll sideways (the hash and long words wrap; tables scroll in their frame).
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot("compliance-review-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    carried = page.locator("#findings").get_by_role("listitem").filter(has_text="Prompt logs are kept 30 days")
    carried.get_by_label("How it was resolved").fill("Retention set to 90 days in the gateway.")
    carried.get_by_role("button", name="Close the finding").click()
    expect(page.get_by_role("status")).to_contain_text("The finding was closed.")
    expect(
        page.locator("#findings").get_by_role("listitem").filter(has_text="Prompt logs are kept 30 days")
    ).to_contain_text("Closed: Retention set to 90 days in the gateway.")

    page.get_by_label("Pass with actions").check()
    page.get_by_label("Summary of the review").fill("Logs fixed; content labels to follow.")
    page.get_by_role("button", name="Complete review").click()
    expect(page.get_by_role("status")).to_contain_text("was completed")
    marketing.refresh_from_db()
    assert marketing.status == "completed"
    assert marketing.answers["incidents"] == "One complaint about tone."

    # The reminder on the due date, followed by the owner.
    item = ComplianceActionItem.objects.get(title="Label AI-written e-mail campaigns")
    assert compliance_actions_sweep(now=timezone.now() + datetime.timedelta(days=7)) >= 1
    login("owner")
    page.goto("/notifications/")
    expect(page.get_by_role("main")).to_contain_text("Compliance action for")
    page.goto(f"/compliance/actions/{item.pk}/")
    row = page.locator(f"#action-{item.pk}")
    row.get_by_label("Note (optional)").fill("Labels added to every campaign template.")
    row.get_by_role("button", name="Mark done").click()
    expect(page.get_by_role("status")).to_contain_text("The action item was marked done.")
    item.refresh_from_db()
    assert (item.status, item.done_by.username) == ("done", "owner")
