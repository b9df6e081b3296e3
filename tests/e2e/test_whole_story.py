"""The whole story of one initiative, in each of the three languages, on a 390 px phone: the CoE registers it, the
owner fills the exploration checklist (one criterion with a file) and requests the gate review, the compliance officer
reads the frozen evidence and requests changes on one criterion, the owner answers, the signers approve, and the last
approval says the initiative advanced to validation. The owner's "what's next" panel is read at every step.

Expected words are never written here in Chinese: they come from the app's own catalogues (gettext on the templates'
msgids under ``translation.override``), or elements are found by stable attributes.
"""

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from adoption import display
from adoption.choices import CriterionStatus, Phase
from adoption.models import GateCriterion, Initiative
from adoption.transitions import gate_unmet_reasons
from core.web import person_name
from demo.loader import DemoLoader
from governance.choices import Decision, ReviewStatus
from governance.models import GateReview
from governance.services.preferences import user_locale_set

# `make test-long`: the whole lifecycle in three languages (its steps stay in `make test` as the daily-work,
# review-decision and compliance-review tests).
pytestmark = [pytest.mark.slow, pytest.mark.long]

PHONE = {"width": 390, "height": 844}
TITLE = "Broker email intake"
PEOPLE = ("coe", "owner", "sponsor", "compliance")
# A small, real PDF: the evidence store checks that the content matches the declared type.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def browser_context_args(browser_context_args):
    # A phone; the browser asks for English, as in the other tests: each person's stored language applies at sign-in.
    return {**browser_context_args, "viewport": PHONE}


def t(lang: str, message: str, **words) -> str:
    with translation.override(lang):
        text = gettext(message)
        return text % words if words else text


class Findings:
    """What the story finds wrong without stopping it: pages wider than the phone, words not in the reader's language.
    All are asserted at the end, so that one finding does not hide the rest of the story."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []

    def width(self) -> None:
        """The page does not scroll sideways on the phone."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            path = "/" + self.page.url.split("//", 1)[1].split("/", 1)[1]
            self.problems.append(f"{path} is {width} px wide (the phone is {PHONE['width']} px)")


@pytest.fixture
def findings(page):
    return Findings(page)


def check_missing(page, findings: Findings, lang: str, initiative: Initiative, *, count: int | None = None) -> None:
    """The panel lists what the gate still lacks, as the app's one rule words it (adoption.transitions), each open
    criterion under its title in the reader's language."""
    initiative.refresh_from_db()
    criteria = list(
        GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).select_related("template")
    )
    today = timezone.localdate()
    with translation.override(lang):
        reasons = gate_unmet_reasons(initiative=initiative, criteria=criteria, today=today, pending_risk_change=False)
        titles = [
            display.data_text(item.template.title)
            for item in criteria
            if item.template.mandatory
            and item.effective_status(today) not in (CriterionStatus.MET, CriterionStatus.WAIVED)
        ]
    if count is not None:
        assert len(reasons) == count, reasons
    shown = [text.strip() for text in page.locator("#whats-next ul.missing li").all_inner_texts()]
    assert sorted(shown) == sorted(reasons)
    assert len(titles) == len(shown)
    absent = [title for title in titles if not any(title in line for line in shown)]
    if absent:
        findings.problems.append(f"the what's-next list ({initiative.phase}) does not name {absent}: it shows {shown}")


def criterion(initiative: Initiative, code: str) -> GateCriterion:
    return GateCriterion.objects.get(initiative=initiative, phase=Phase.EXPLORATION, template__code=code)


def add_evidence(page, findings, item: GateCriterion, *, text: str = "", file=None, metric: str = "") -> None:
    """Open the criterion's editor, add the evidence with "also mark met" ticked (one step), and see it met."""
    row = page.locator(f"#criterion-{item.pk}")
    row.locator(".buttons a.button").first.click()
    editor = page.locator(f"#criterion-{item.pk}.editing")
    prefix = f"e{item.pk}"
    if file is not None:
        editor.locator(f'input[name="{prefix}-kind"][value="file"]').check()
        editor.locator(f'input[name="{prefix}-file"]').set_input_files(str(file))
    editor.locator(f'textarea[name="{prefix}-text"]').fill(text)
    if metric:
        editor.locator(f'input[name="{prefix}-metric_value"]').fill(metric)
    expect(editor.locator(f'input[name="{prefix}-mark_met"]')).to_be_checked()
    editor.locator('button[type="submit"].primary').first.click()
    saved = page.locator(f"#criterion-{item.pk}.is-saved")
    expect(saved.locator(".badge.c-met")).to_be_visible()
    findings.width()


def settled(page) -> None:
    """Wait until the page has loaded everything it asks for (scripts, the lazy evidence previews, fonts), so that
    no late load changes the page under a click."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")


def tick(box) -> None:
    """Tick a checkbox or radio button and see it ticked (once more if a late layout took the first click)."""
    for _attempt in range(3):
        if box.is_checked():
            return
        box.click()
        try:
            expect(box).to_be_checked(timeout=2000)
            return
        except AssertionError:
            continue
    expect(box).to_be_checked()


def open_review(page, review: GateReview) -> None:
    page.goto(f"/reviews/{review.pk}/")
    settled(page)


def decide(page, lang: str, decision: Decision) -> None:
    with translation.override(lang):
        label = str(decision.label)
    tick(page.locator("#sign").get_by_role("radio", name=label, exact=True))


def sign(page) -> None:
    page.locator('#sign form[action$="/sign"] button[type="submit"]').click()


@pytest.mark.parametrize("lang", ["en", "zh-hant", "zh-hans"])
def test_the_whole_story_on_a_phone(lang, login, page, shoot, tmp_path, findings):
    User = get_user_model()
    people = {user.username: user for user in User.objects.filter(username__in=PEOPLE)}
    for user in people.values():
        user_locale_set(actor=user, language=lang)
    owner_name = person_name(people["owner"])

    # 1. The CoE registers the initiative in Insurance (where sponsor, compliance officer and CoE sign).
    login("coe")
    settled(page)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.goto("/initiatives/new")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Register an initiative"))
    findings.width()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_business_unit").select_option(label="Insurance")
    page.locator("#id_owner").select_option(value=str(people["owner"].pk))
    page.locator("#id_sponsor").select_option(value=str(people["sponsor"].pk))
    page.locator("#id_risk_tier").select_option(value="limited")
    page.locator("#id_data_classification").select_option(value="internal")
    page.locator("#id_kpi").fill("Broker emails handled per FTE per day")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url(re.compile(r"/initiatives/AI-\d+/$"))
    initiative = Initiative.objects.get(title=TITLE)
    key = initiative.key
    expect(page.get_by_role("status")).to_contain_text(
        t(lang, "%(key)s was registered in exploration; its phase clock has started.", key=key)
    )
    assert initiative.phase == Phase.EXPLORATION
    assert (initiative.owner, initiative.sponsor) == (people["owner"], people["sponsor"])
    findings.width()
    shoot(f"story-{lang}-1-registered")

    # 2. The owner's panel: waiting for them, with everything the gate lacks.
    login("owner")
    settled(page)
    page.goto(f"/initiatives/{key}/")
    panel = page.locator("#whats-next")
    expect(panel.locator("h2")).to_have_text(t(lang, "What's next"))
    expect(panel.locator(".waiting-on")).to_have_text(
        t(lang, "Waiting for %(owner)s and the contributors to complete the gate.", owner=owner_name)
    )
    # Registered with a tier and a classification: that criterion is already judged met from the data.
    check_missing(page, findings, lang, initiative, count=5)
    findings.width()
    shoot(f"story-{lang}-2-owner-start")

    # The criteria the data judges (ROI recorded, options scored) are met by recording that data; to keep the story
    # short it is recorded through the services, as the demo records it (DemoLoader.feed).
    loader = DemoLoader()
    loader.people = {"owner": people["owner"]}
    for code in ("first_roi_estimate", "sourcing_options_scored"):
        loader.feed(initiative, criterion(initiative, code))
    page.reload()
    check_missing(page, findings, lang, initiative, count=3)

    # The evidence criteria in the browser, each with "also mark met": one with a file, one text, one measured.
    report = tmp_path / "value-hypothesis.pdf"
    report.write_bytes(PDF)
    add_evidence(
        page,
        findings,
        criterion(initiative, "value_hypothesis"),
        file=report,
        text="Brokers wait two days; target: same-day answers.",
    )
    add_evidence(
        page, findings, criterion(initiative, "pain_point_prioritised"), text="Ranked first of seven pain points."
    )
    add_evidence(
        page,
        findings,
        criterion(initiative, "feasibility_spike"),
        text="Spike finished in ten days; notes attached.",
        metric="10",
    )
    page.reload()
    expect(panel.locator(".waiting-on")).to_have_text(
        t(lang, "The gate is met: waiting for %(owner)s to request the gate review.", owner=owner_name)
    )
    expect(panel.locator("ul.missing")).to_have_count(0)
    shoot(f"story-{lang}-3-gate-met")

    # The owner requests the review; the panel says who is waited on, by slot and name.
    page.locator("#action-request > summary").click()
    page.locator('#action-request button[type="submit"]').click()
    expect(page.get_by_role("status")).to_contain_text(
        t(lang, "The gate review of %(key)s was requested; the signers have been notified.", key=key)
    )
    review = GateReview.objects.get(initiative=initiative, status=ReviewStatus.OPEN)
    page.goto(f"/initiatives/{key}/")
    expect(panel.locator(".waiting-on")).to_have_text(t(lang, "Waiting for the signers:"))
    waits = panel.locator("ul.slot-waits")
    expect(waits.locator("li")).to_have_count(3)
    for name in ("Samuel Sze", "Clara Chou", "Mei-Ling Chen"):
        expect(waits).to_contain_text(name)
    findings.width()
    shoot(f"story-{lang}-4-requested")

    # 3. The compliance officer reads the frozen evidence: the file's name and SHA-256, and the texts.
    login("compliance")
    settled(page)
    open_review(page, review)
    frozen = page.locator("#criterion-value_hypothesis .frozen-evidence")
    expect(frozen).to_contain_text("value-hypothesis.pdf")
    expect(frozen.locator(".sha code")).to_have_text(hashlib.sha256(PDF).hexdigest())
    expect(frozen.locator(".sha")).to_contain_text(t(lang, "SHA-256 frozen:"))
    expect(frozen.locator(".evidence-text")).to_have_text("Brokers wait two days; target: same-day answers.")
    expect(page.locator("#criterion-pain_point_prioritised .evidence-text")).to_have_text(
        "Ranked first of seven pain points."
    )
    findings.width()
    shoot(f"story-{lang}-5-review-frozen")

    # ... requests changes on one criterion, with a note.
    spike = "feasibility_spike"
    decide(page, lang, Decision.REQUEST_CHANGES)
    page.locator('#sign textarea[name="sign-comment"]').fill("The spike's findings are not attached.")
    tick(page.locator(f'#sign input[name="sign-flag"][value="{spike}"]'))
    page.locator(f"#flag-note-{spike}").fill("Attach the spike report with its accuracy figures.")
    sign(page)
    expect(page.get_by_role("status")).to_contain_text(
        t(lang, "The review of %(key)s now waits for its owner to answer the requested changes.", key=key)
    )
    review.refresh_from_db()
    assert review.status == ReviewStatus.CHANGES_REQUESTED
    findings.width()

    # The owner's panel: the decision, its comment and flagged criterion, and that it waits for them.
    login("owner")
    settled(page)
    page.goto(f"/initiatives/{key}/")
    last = panel.locator(".last-decision")
    expect(last).to_contain_text("Clara Chou")
    with translation.override(lang):
        decision = str(Decision.REQUEST_CHANGES.label)
    expect(last.locator(".badge.d-request_changes")).to_have_text(decision)
    expect(last).to_contain_text("The spike's findings are not attached.")
    expect(last.locator("ul.flags")).to_contain_text("Attach the spike report with its accuracy figures.")
    expect(panel.locator(".waiting-on")).to_have_text(
        t(
            lang,
            "Waiting for %(owner)s: the signers asked for changes; update the evidence, "
            "then answer on the review page.",
            owner=owner_name,
        )
    )
    findings.width()
    shoot(f"story-{lang}-6-changes-requested")

    # The owner answers on the review page; the review opens for signing again.
    panel.locator(f'a[href$="/reviews/{review.pk}/#sign"]').click()
    expect(page.locator(".frozen-criterion.needs-change")).to_contain_text("Attach the spike report")
    settled(page)
    answer = page.locator('textarea[name="answer-comment"]')
    answer.fill("The spike report is attached, with the accuracy figures.")
    expect(answer).to_have_value("The spike report is attached, with the accuracy figures.")
    page.locator('#sign form[action$="/answer"] button[type="submit"]').click()
    expect(page.get_by_role("status")).to_contain_text(
        t(
            lang,
            "Your answer was sent: the review is open for signing again; every slot signs again (round %(round)d).",
            round=2,
        )
    )
    expect(page.locator(".badge.rs-open")).to_be_visible()
    findings.width()
    page.goto(f"/initiatives/{key}/")
    expect(panel.locator(".waiting-on")).to_have_text(t(lang, "Waiting for the signers:"))

    # 4. The signers approve; the last approval says the initiative advanced, and to which phase.
    for username, slot in (("sponsor", "Business sponsor"), ("compliance", "Compliance officer")):
        login(username)
        settled(page)
        open_review(page, review)
        findings.width()
        decide(page, lang, Decision.APPROVE)
        sign(page)
        expect(page.get_by_role("status")).to_contain_text(
            t(
                lang,
                "You signed the %(slot)s slot of %(key)s: %(decision)s.",
                slot=t(lang, slot),
                key=key,
                decision=t(lang, "Approve"),
            )
        )
        findings.width()
    login("coe")
    settled(page)
    open_review(page, review)
    expect(page.locator(".review-history")).to_contain_text("The spike report is attached, with the accuracy figures.")
    decide(page, lang, Decision.APPROVE)
    sign(page)
    with translation.override(lang):
        validation = str(Phase.VALIDATION.label).lower()
    expect(page.get_by_role("status")).to_contain_text(
        t(lang, "Every slot approved: %(key)s advanced to %(phase)s.", key=key, phase=validation)
    )
    findings.width()
    initiative.refresh_from_db()
    assert initiative.phase == Phase.VALIDATION
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED

    # The owner's panel now lists what the validation gate lacks.
    login("owner")
    settled(page)
    page.goto(f"/initiatives/{key}/")
    expect(page.locator(".pagehead .badge.phase")).to_have_text(t(lang, "Validation"))
    check_missing(page, findings, lang, initiative)
    expect(panel.locator("ul.missing li").first).to_be_visible()
    findings.width()
    shoot(f"story-{lang}-7-validation")
    assert not findings.problems, "\n".join(findings.problems)
