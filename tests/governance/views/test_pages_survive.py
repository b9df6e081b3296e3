"""Pages that survive a lost session: an htmx request answers 401 with where to sign in, a plain form goes to the
sign-in page and from there back to the page it was sent from (never to its POST address), a form address opened as
a page shows its page, CSRF refusals of a signed-out person lead to signing in, and the error pages speak the
reader's language."""

from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from tests.factories.adoption import criterion

HTMX = {"HX-Request": "true"}


def next_of(url: str) -> str:
    parts = urlsplit(url)
    assert parts.path == reverse("login")
    return parse_qs(parts.query)["next"][0]


def test_an_htmx_request_after_the_session_ended_answers_401_with_the_way_back(client, initiative):
    item = criterion(initiative, "value_hypothesis")
    page = reverse("governance:initiative", args=[initiative.key])
    answer = client.post(
        reverse("adoption:criterion_evidence", args=[initiative.key, item.pk]),
        {f"e{item.pk}-kind": "text", f"e{item.pk}-text": "typed before the session ended"},
        headers={**HTMX, "Referer": f"http://testserver{page}?tab=1"},
    )
    assert answer.status_code == 401
    assert "<html" not in answer.content.decode()
    assert next_of(answer["X-Sign-In"]) == f"{page}?tab=1"
    assert answer.json()["login"] == answer["X-Sign-In"]
    assert "signed out" in answer.json()["detail"]
    assert not item.evidence_versions.exists()


def test_a_plain_form_after_the_session_ended_returns_to_its_page_after_signing_in(client, initiative, owner):
    page = reverse("governance:initiative", args=[initiative.key])
    answer = client.post(reverse("governance:notifications_read_all"), headers={"Referer": f"http://testserver{page}"})
    assert answer.status_code == 302
    assert next_of(answer.url) == page
    signed_in = client.post(
        answer.url, {"username": owner.username, "password": "pw-test-2026", "next": page}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == page
    assert signed_in.status_code == 200


def test_the_way_back_never_leaves_the_site(client, db):
    answer = client.post(reverse("governance:notifications_read_all"), headers={"Referer": "https://evil.example/x"})
    assert next_of(answer.url) == "/"
    assert next_of(client.post(reverse("governance:notifications_read_all")).url) == "/"


def test_a_form_address_opened_as_a_page_shows_the_page_it_belongs_to(client, owner, initiative):
    client.force_login(owner)
    page = reverse("governance:notifications")
    answer = client.get(reverse("governance:notifications_read_all"), headers={"Referer": f"http://testserver{page}"})
    assert answer.status_code == 302
    assert answer.url == page
    alone = client.get(reverse("governance:notifications_read_all"))
    assert (alone.status_code, alone.url) == (302, "/")
    # Only GET is answered so: other methods the endpoint does not take are still refused.
    assert client.put(reverse("governance:notifications_read_all")).status_code == 405


def test_a_form_with_an_outdated_token_leads_a_signed_out_person_to_sign_in(db):
    browser = Client(enforce_csrf_checks=True)
    answer = browser.post(
        reverse("governance:notifications_read_all"), headers={"Referer": "http://testserver/funnel/"}
    )
    assert answer.status_code == 302
    assert next_of(answer.url) == "/funnel/"
    htmx = browser.post(reverse("governance:notifications_read_all"), headers={**HTMX, "Referer": "http://testserver/"})
    assert htmx.status_code == 401


def test_a_form_with_an_outdated_token_shows_the_apps_403_page_in_the_readers_language(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    answer = browser.post(reverse("governance:notifications_read_all"), headers={"Accept-Language": "zh-hant"})
    assert answer.status_code == 403
    text = answer.content.decode()
    assert '<html lang="zh-hant">' in text
    assert 'class="topbar"' in text


def test_the_apps_own_404_page_in_each_language(client, owner):
    client.force_login(owner)
    for language in ("en", "zh-hant", "zh-hans"):
        answer = client.get("/no-such-page/", headers={"Accept-Language": language})
        assert answer.status_code == 404
        text = answer.content.decode()
        assert f'<html lang="{language}">' in text
        assert 'class="topbar"' in text
        assert "URLconf" not in text
    english = client.get("/no-such-page/", headers={"Accept-Language": "en"}).content.decode()
    assert "There is nothing here, or nothing you may see." in english


def test_the_500_page_speaks_the_readers_language_without_a_request_context(rf):
    for language in ("en", "zh-hant", "zh-hans"):
        with translation.override(language):
            answer = server_error(rf.get("/"))
        assert answer.status_code == 500
        assert f'<html lang="{language}">' in answer.content.decode()
    with translation.override("en"):
        assert "Nothing was half-saved" in server_error(rf.get("/")).content.decode()


BROWSER = {"Accept": "text/html,application/xhtml+xml", "Referer": "http://testserver{page}"}


def browser_headers(page: str) -> dict:
    return {"Accept": BROWSER["Accept"], "Referer": BROWSER["Referer"].format(page=page)}


def test_a_refused_form_ends_in_a_redirect_to_its_page_showing_the_refusal_once(client, owner, initiative):
    client.force_login(owner)
    page = reverse("governance:initiative", args=[initiative.key])
    sent = client.post(
        reverse("governance:record_roi", args=[initiative.key]),
        {"roi-currency": "EUR", "roi-rate_to_reporting": "2", "roi-assumptions": "typed by the owner"},
        headers=browser_headers(page),
    )
    assert sent.status_code == 303
    assert sent.url.startswith(f"{page}?shown=")
    shown = client.get(sent.url)
    assert shown.status_code == 400
    text = shown.content.decode()
    assert "typed by the owner" in text  # the input is kept
    assert "errorlist" in text  # with its messages
    assert "no-store" in shown["Cache-Control"]
    assert shown["Content-Security-Policy"]
    # A reload shows the page as it is now, at its own address, and sends nothing again.
    again = client.get(sent.url)
    assert (again.status_code, again.url) == (302, page)
    assert "typed by the owner" not in client.get(page).content.decode()
    assert not initiative.roi_versions.exists()


def test_what_a_form_answered_is_shown_only_in_the_session_that_sent_it(client, owner, sponsor, initiative):
    client.force_login(owner)
    page = reverse("governance:initiative", args=[initiative.key])
    sent = client.post(
        reverse("governance:record_roi", args=[initiative.key]),
        {"roi-currency": "EUR", "roi-assumptions": "private draft"},
        headers=browser_headers(page),
    )
    other = Client()
    other.force_login(sponsor)
    seen = other.get(sent.url)
    assert (seen.status_code, seen.url) == (302, page)
    assert "private draft" not in other.get(page).content.decode()


def test_htmx_and_scripts_get_their_answer_in_place(client, owner, initiative):
    client.force_login(owner)
    page = reverse("governance:initiative", args=[initiative.key])
    address = reverse("governance:record_roi", args=[initiative.key])
    assert (
        client.post(address, {"roi-currency": "EUR"}, headers={"Referer": f"http://testserver{page}"}).status_code
        == 400
    )
    htmx = client.post(address, {"roi-currency": "EUR"}, headers={**browser_headers(page), **HTMX})
    assert htmx.status_code == 400
