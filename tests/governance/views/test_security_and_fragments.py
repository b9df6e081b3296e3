"""What every page shares: a Content-Security-Policy without inline script or style, CSRF on every form and htmx
request, htmx fragments that are fragments, and a streamed CSV of exactly the filtered list."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from adoption.models import Initiative

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
POST_FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


@pytest.fixture
def page_urls(ready, review):
    return [
        reverse("governance:board"),
        reverse("governance:initiative", args=[ready.key]),
        reverse("governance:review", args=[review.pk]),
        reverse("governance:inbox"),
        reverse("governance:compliance"),
        reverse("governance:notifications"),
        reverse("governance:audit"),
        reverse("adoption:funnel"),
        reverse("adoption:initiative_new"),
    ]


def test_pages_have_a_strict_csp_no_inline_script_or_style_and_csrf_on_every_form(as_user, cast, page_urls):
    client = as_user(cast["coe"])
    for url in page_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert ' style="' not in html, url
        assert 'hx-headers=\'{"X-CSRFToken": "' in html
        forms = POST_FORM.findall(html)
        assert forms, url
        for body in forms:
            assert 'name="csrfmiddlewaretoken"' in body, url


def test_a_post_without_the_csrf_token_is_refused(cast, initiative):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["sponsor"])
    url = reverse("governance:hold", args=[initiative.key])
    assert client.post(url, {"hold-reason": "Budget"}).status_code == 403
    client.get(reverse("governance:initiative", args=[initiative.key]))
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"hold-reason": "Budget"}, headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 302
    assert Initiative.objects.get(pk=initiative.pk).status == "on_hold"


def test_board_filters_answer_htmx_with_the_results_fragment(as_user, cast, coe, units, ready, elsewhere):
    client = as_user(cast["coe"])
    fragment = client.get(f"/?business_unit={units['insurance'].pk}", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section id="board-results"')
    assert "<html" not in html
    assert elsewhere.key in html
    assert ready.key not in html
    assert "HX-Request" in fragment["Vary"]
    whole = client.get(f"/?business_unit={units['insurance'].pk}").content.decode()
    assert "<html" in whole
    assert 'id="board-results"' in whole


def test_csv_export_streams_the_filtered_list(as_user, cast, ready, elsewhere):
    response = as_user(cast["coe"]).get(reverse("governance:board_csv") + f"?q={elsewhere.key}")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Key", "Title", "Business unit"]
    assert [row[0] for row in rows[1:]] == [elsewhere.key]
    assert rows[1][3] == "Exploration"


def test_csv_headers_follow_the_language(as_user, cast, ready):
    client = as_user(cast["coe"])
    client.post(reverse("governance:language"), {"language": "zh-hant", "next": "/"})
    text = b"".join(client.get(reverse("governance:board_csv")).streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[0] == "代號"
    assert header[3] == "階段"


@pytest.mark.parametrize(
    "title",
    ['=HYPERLINK("http://evil.example/x","Click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"],
)
def test_csv_export_neutralises_formulas(as_user, cast, ready, title):
    """An owner's title that a spreadsheet would run as a formula reaches the CoE's export as plain text."""
    Initiative.objects.filter(pk=ready.pk).update(title=title)
    response = as_user(cast["coe"]).get(reverse("governance:board_csv") + f"?q={ready.key}")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][1] == "'" + title
    # Numbers stay numbers: the days left of an overdue phase are negative, not a formula.
    assert not rows[1][10].startswith("'")
