"""Every page, in each of the three languages, on a 360 px phone: nothing wider than the screen, and axe-core (the
vendored copy, static/vendor/axe-core) finds no serious or critical violation.

The pages are read from the URL configuration: every view of the two apps declared with ``core.web.page()`` that
answers GET is visited, so a new page is checked without being listed here (a new URL parameter needs a sample in
``samples()``). One browser context per language signs in once and visits them all.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from adoption.models import GateCriterion, Initiative, RealisedValueEntry
from demo.loader import PASSWORD
from governance.choices import ReviewStatus
from governance.models import ComplianceReview, GateReview
from governance.services.webhooks import webhook_endpoint_create

# `make test-long`: every page in three languages (the intake pages' walk stays in `make test`).
pytestmark = pytest.mark.long

LANGUAGES = ("en", "zh-hant", "zh-hans")
PHONE = {"width": 360, "height": 740}
APPS = ("governance", "adoption", "analytics", "imports", "finance", "regimes", "operations")
# Answers that are not pages: downloads (and every *_csv export), suggestions as JSON, fragments a page loads into
# itself, and addresses that send on to a page.
NOT_PAGES = {
    "governance:board_owners",
    "governance:board_units",
    "governance:review_evidence",
    "governance:compliance_attachment",
    "governance:compliance_action_item",
    "adoption:evidence_file",
    "adoption:criterion_row",
    "imports:import_template",
}
# Pages of people not signed in (Django's own views, not declared with page()).
SIGNED_OUT_PAGES = (
    ("login", {}),
    ("password_reset", {}),
    ("password_reset_done", {}),
    ("password_reset_confirm", {"uidb64": "MQ", "token": "outdated-link"}),  # an outdated link's page
    ("password_reset_complete", {}),
)
# Django's own pages for people signed in.
ACCOUNT_PAGES = ("password_change", "password_change_done", "reauthenticate")
MISSING = "/no-such-page/"
# Everything is visited as the CoE (who sees every page); these pages again as the people they are for.
AS_PEOPLE = {
    "owner": ("adoption:criterion_edit", "governance:initiative"),
    "compliance": ("governance:inbox", "governance:review"),
}

AXE = "/static/vendor/axe-core/axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} (${v.help}): ` + v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | "));
}"""
# The elements that stick out past the right edge of the screen, to say what makes a page scroll sideways.
WIDE = """() => {
  const limit = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= limit) return [];
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > limit + 1 && getComputedStyle(e).position !== "fixed")
    .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > limit + 1))
    .slice(0, 4)
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + (e.className ? "." + String(e.className).trim().replace(/\\s+/g, ".") : "")
      + " → " + Math.round(e.getBoundingClientRect().right) + "px");
}"""


def _routes(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and namespace in APPS and entry.name:
            yield f"{namespace}:{entry.name}", entry


def page_names() -> list[tuple[str, list[str]]]:
    """(URL name, its parameters) of every page the two apps answer with GET."""
    found = []
    for name, entry in _routes(get_resolver().url_patterns):
        methods = getattr(entry.callback, "page_methods", ())
        if "GET" in methods and name not in NOT_PAGES and not name.endswith("_csv"):  # exports are not pages
            found.append((name, list(entry.pattern.converters)))
    return found


def samples() -> dict[str, dict]:
    """A demo object for each URL parameter, per page: an initiative under review and its objects."""
    review = GateReview.objects.filter(status=ReviewStatus.OPEN).select_related("initiative").order_by("pk").first()
    initiative: Initiative = review.initiative
    # A criterion the demo's owner may edit (the page is for them), of an initiative not under review.
    criterion = (
        GateCriterion.objects.filter(initiative__owner__username="owner", initiative__phase=F("phase"))
        .exclude(initiative__gate_reviews__status=ReviewStatus.OPEN)
        .order_by("pk")
        .first()
    )
    endpoint, _secret = webhook_endpoint_create(
        actor=get_user_model().objects.get(username="coe"),
        name="SIEM",
        format="standard",
        url="http://127.0.0.1:9/hooks/tracker",
        events=["gate_review.requested"],
    )
    return {
        "governance:initiative": {"key": initiative.key},
        "governance:review": {"review_id": review.pk},
        "governance:compliance_review": {"pk": ComplianceReview.objects.order_by("pk").first().pk},
        "governance:webhook_log": {"pk": endpoint.pk},
        "adoption:criterion_edit": {"key": criterion.initiative.key, "pk": criterion.pk},
        "finance:claim": {"pk": RealisedValueEntry.objects.order_by("pk").first().pk},
        # The registers of life after production, on an initiative in production.
        **{
            f"operations:{name}": {"key": Initiative.objects.filter(status="in_production").order_by("number")[0].key}
            for name in ("filings", "changes", "incidents", "retirement")
        },
        "regimes:regulatory": {"key": initiative.key},
        "regimes:regime": {"code": "eu_ai_act"},
    }


def addresses() -> dict[str, str]:
    """URL name → address of every page."""
    known = samples()
    urls = {}
    for name, parameters in page_names():
        if parameters and name not in known:
            pytest.fail(f"The page {name} takes {parameters}: give it a sample in samples() so it is checked.")
        urls[name] = reverse(name, kwargs=known.get(name, {}))
    return urls


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(reverse("login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form[data-sign-in] button[type=submit]").click()
    page.wait_for_url(lambda address: "/accounts/login/" not in address)


def check(page, url: str, language: str, problems: list[str], *, status: int = 200) -> None:
    response = page.goto(url)
    where = f"{url} [{language}]"
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        problems.append(f"{where}: not an HTML page")
        return
    if response.status != status:
        problems.append(f"{where}: answered {response.status}, not {status} (a sample the person may not see?)")
    wide = page.evaluate(WIDE)
    if wide:
        width = page.evaluate("document.documentElement.scrollWidth")
        problems.append(f"{where}: {width} px wide at {PHONE['width']} px: " + "; ".join(wide))
    page.add_script_tag(url=AXE)
    problems.extend(f"{where}: {violation}" for violation in page.evaluate(RUN_AXE))


def visit_every_page(browser, base_url: str, urls: dict[str, str], language: str, problems: list[str]) -> None:
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="en-GB")
    language_cookie = [{"name": "django_language", "value": language, "url": base_url}]
    page = context.new_page()
    try:
        context.add_cookies(language_cookie)
        for name, arguments in SIGNED_OUT_PAGES:
            check(page, reverse(name, kwargs=arguments), language, problems)
        check(page, MISSING, language, problems, status=404)
        theirs = {name for names in AS_PEOPLE.values() for name in names}
        everyone_else = tuple(name for name in urls if name not in theirs)
        for person, names in [("coe", everyone_else), *AS_PEOPLE.items()]:
            sign_in(page, person)
            # Signing in applies the person's own language; the pages are checked in the one under test.
            context.add_cookies(language_cookie)
            for name in names:
                check(page, urls[name], language, problems)
        for name in ACCOUNT_PAGES:
            check(page, reverse(name), language, problems)
        check(page, MISSING, language, problems, status=404)
    finally:
        context.close()


def test_every_page_fits_a_phone_and_passes_axe_in_each_language(browser, demo, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True  # the sample webhook points at loopback (no name lookups here)
    urls = addresses()
    assert {"/", "/inbox/", "/funnel/", "/notifications/", "/compliance/", "/roles/", "/audit/"} <= set(urls.values())
    problems: list[str] = []
    for language in LANGUAGES:
        visit_every_page(browser, demo.url, urls, language, problems)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
