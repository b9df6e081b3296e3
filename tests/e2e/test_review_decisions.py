"""Deciding on the review page in a real browser: a signer reads the frozen evidence, requests changes on one
criterion, the owner finds it in the "what's next" panel and answers, the signers approve again, and the last
approval says the initiative advanced to validation."""

import re

import pytest
from playwright.sync_api import expect

from adoption.models import Initiative
from governance.choices import ReviewStatus
from governance.models import GateReview

pytestmark = pytest.mark.slow

KEY = "AI-0003"
SPIKE = "Feasibility spike done within 2 weeks"


def open_review(page):
    page.goto(f"/initiatives/{KEY}/")
    page.locator("#whats-next").get_by_role("link", name=re.compile("Open the gate review|Sign your slot")).click()
    expect(page.get_by_role("heading", name=re.compile(f"{KEY}: Exploration gate"))).to_be_visible()


def approve(page):
    page.get_by_role("radio", name="Approve").check()
    page.get_by_role("button", name="Sign", exact=True).click()


def test_request_changes_answer_and_approve(login, page, shoot):
    review = GateReview.objects.get(initiative__key=KEY, status=ReviewStatus.OPEN)

    # The compliance officer reads what was frozen: the evidence itself and its SHA-256, not a version count.
    login("compliance")
    page.goto(f"/reviews/{review.pk}/")
    frozen = page.locator(".frozen-criterion").filter(has_text=SPIKE)
    expect(frozen.locator(".frozen-evidence")).to_contain_text("SHA-256 frozen:")
    expect(page.locator(".evidence-text").first).to_contain_text("see attached notes")
    shoot("review-frozen-evidence")

    page.get_by_role("radio", name="Request changes").check()
    page.get_by_role("textbox", name=re.compile("^Comment")).fill("The spike's findings are not attached.")
    page.get_by_role("checkbox", name=SPIKE).check()
    page.get_by_label(f"What must change on “{SPIKE}”").fill("Attach the spike report with its accuracy figures.")
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("now waits for its owner to answer the requested changes")
    review.refresh_from_db()
    assert review.status == ReviewStatus.CHANGES_REQUESTED

    # The owner sees the decision, the flagged criterion and that it is their move, at the top of the page.
    login("owner")
    page.goto(f"/initiatives/{KEY}/")
    panel = page.locator("#whats-next")
    expect(panel).to_contain_text("Clara Chou")
    expect(panel).to_contain_text("Request changes")
    expect(panel).to_contain_text("The spike's findings are not attached.")
    expect(panel).to_contain_text("Attach the spike report with its accuracy figures.")
    expect(panel).to_contain_text("Waiting for Olivia Ong")
    shoot("whats-next-owner-changes-requested")

    panel.get_by_role("link", name="Answer the requested changes").click()
    expect(page.locator(".badge.rs-changes_requested")).to_have_text("Changes requested: waiting for the owner")
    expect(page.locator(".frozen-criterion.needs-change")).to_contain_text("Attach the spike report")
    page.get_by_label("Your answer to the signers").fill("The spike report is attached, with the accuracy figures.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_role("status")).to_contain_text("the review is open for signing again")
    expect(page.locator(".badge.rs-open")).to_be_visible()

    # The owner's panel now says who is waited on.
    page.goto(f"/initiatives/{KEY}/")
    expect(page.locator("#whats-next")).to_contain_text("Waiting for the signers")

    # Every slot signs again; the last approval says where the initiative went.
    for username in ("sponsor", "compliance"):
        login(username)
        open_review(page)
        approve(page)
        expect(page.get_by_role("status")).to_contain_text(f"of {KEY}: Approve.")
    login("coe")
    open_review(page)
    expect(page.locator(".review-history")).to_contain_text("The spike report is attached, with the accuracy figures.")
    approve(page)
    expect(page.get_by_role("status")).to_contain_text(f"Every slot approved: {KEY} advanced to validation.")
    assert Initiative.objects.get(key=KEY).phase == "validation"
