"""In the browser: work typed before the session ended (signed out in another tab) survives signing in again, for
an htmx form and a plain one; buttons wait for their answer; and the layout holds for long words, the ROI form, the
focus ring and the notification badge."""

import re

import pytest
from playwright.sync_api import expect

from adoption.models import EvidenceVersion, Initiative
from demo.loader import PASSWORD

CRITERION = "Model-sourcing options scored on the five dimensions"


def sign_out_in_another_tab(page) -> None:
    other = page.context.new_page()
    other.goto("/")
    other.locator("details.usermenu summary").click()
    other.get_by_role("button", name="Log out").click()
    other.wait_for_url(lambda url: "/accounts/login" in url or url.endswith("/logout/"))
    other.close()


def sign_in_here(page, username: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_evidence_typed_before_the_session_ended_is_kept_and_sent_after_signing_in(login, page):
    login("owner")
    page.goto("/initiatives/AI-0001/")
    page.locator(".criterion").filter(has_text=CRITERION).get_by_role("link", name="Record evidence or status").click()
    editor = page.locator(".criterion.editing")
    typed = "Scored GPT-4o, Llama 3 70B and a hybrid on the five dimensions; hybrid chosen."
    editor.get_by_label("Evidence or description").fill(typed)

    sign_out_in_another_tab(page)
    editor.get_by_role("button", name="Add evidence").click()
    prompt = page.get_by_role("alertdialog")
    expect(prompt).to_contain_text("You were signed out")
    # The card stays as it was: no sign-in page inside it, the text still there, the button usable again.
    expect(page.locator(".criterion.editing #id_username")).to_have_count(0)
    expect(editor.get_by_label("Evidence or description")).to_have_value(typed)
    expect(editor.get_by_role("button", name="Add evidence")).to_be_enabled()
    assert not EvidenceVersion.objects.filter(criterion__initiative__key="AI-0001", text=typed).exists()

    prompt.get_by_role("link", name="Sign in again").click()
    sign_in_here(page, "owner")
    page.wait_for_url(re.compile(r"/initiatives/AI-0001/$"))
    editor = page.locator(".criterion.editing")
    expect(editor.get_by_label("Evidence or description")).to_have_value(typed)
    expect(editor.locator(".restored")).to_contain_text("What you typed before you were signed out is back.")

    # While the answer is on its way the button cannot be pressed again.
    held = []
    page.route("**/criteria/*/evidence", lambda route: held.append(route))
    button = editor.get_by_role("button", name="Add evidence")
    button.click()
    expect(button).to_be_disabled()
    held[0].continue_()
    page.unroute("**/criteria/*/evidence")
    expect(page.locator(".criterion.editing .note-ok")).to_have_text("Evidence version 1 was recorded.")
    assert EvidenceVersion.objects.filter(criterion__initiative__key="AI-0001", text=typed).count() == 1

    # A request that fails (here the server answers 500) says so instead of doing nothing; the input stays.
    page.route("**/criteria/*/evidence", lambda route: route.fulfill(status=500, body="boom"))
    editor.get_by_label("Evidence or description").fill("second version")
    editor.get_by_role("button", name="Add evidence").click()
    expect(page.locator("#request-trouble")).to_contain_text("That did not go through")
    expect(editor.get_by_label("Evidence or description")).to_have_value("second version")
    expect(editor.get_by_role("button", name="Add evidence")).to_be_enabled()


def test_a_plain_form_sent_after_the_session_ended_comes_back_to_its_page_with_its_input(login, page):
    login("owner")
    page.goto("/initiatives/AI-0001/")
    page.get_by_text("Record a new ROI estimate").click()
    form = page.locator("#roi form")
    assumptions = "Two agents save 3 hours a day each; licence at list price."
    form.get_by_label("Assumptions").fill(assumptions)
    form.get_by_label("Cash saving per year").fill("48000")

    sign_out_in_another_tab(page)
    form.get_by_role("button", name="Record estimate").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next=(/|%2F)initiatives(/|%2F)AI-0001(/|%2F)$"))
    sign_in_here(page, "owner")
    # The page the form was on (never the form's own address, which would answer 405), with the input back.
    page.wait_for_url(re.compile(r"/initiatives/AI-0001/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    form = page.locator("#roi form")
    expect(form.get_by_label("Assumptions")).to_have_value(assumptions)
    expect(form.get_by_label("Cash saving per year")).to_have_value("48000")
    expect(form.locator(".restored")).to_be_visible()


def contrast(first: str, second: str) -> float:
    def luminance(color: str) -> float:
        red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", color)[:3])
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.long  # `make test-long`; both forms surviving a sign-out stay
def test_long_words_wrap_the_roi_form_has_room_and_focus_and_badges_can_be_seen(login, page):
    Initiative.objects.filter(key="AI-0001").update(title="Ü" * 200)
    login("owner")
    page.goto("/")
    card = page.locator(".card").filter(has=page.locator("a.title", has_text="ÜÜÜÜ"))
    expect(card).to_have_count(1)
    box = card.bounding_box()
    title = card.locator("a.title").bounding_box()
    assert title["x"] + title["width"] <= box["x"] + box["width"] + 1, "the title spills over its column"
    assert box["width"] < 300, "the title widens its column"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    badge = page.locator(".bell .count")
    if badge.count():
        colors = badge.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        assert contrast(*colors) >= 4.5

    page.goto("/initiatives/AI-0002/")
    page.get_by_text("Record a new ROI estimate").click()
    assert page.locator("#roi form").bounding_box()["width"] >= 600, "the ROI form is squeezed"

    page.locator("#roi form").get_by_label("Assumptions").focus()
    page.keyboard.press("Shift+Tab")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert ring[0] != "none"
    assert ring[1] >= 2
    assert contrast(ring[2], "rgb(255, 255, 255)") >= 3
