"""The sign-off inbox is read a page at a time, oldest first, by position (keyset): a page costs the same whatever
page it is and however many reviews wait, and says how many wait when they fit on it."""

import re

import pytest
from django.urls import reverse

from governance.models import GateReview
from governance.services.reviews import gate_review_withdraw

from .support import grow, queries_for


def _keys(html: str) -> list[str]:
    return re.findall(r'<td><a href="/initiatives/([^/]+)/">', html)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="(\?[^"]*)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _open(client, query: str = "") -> str:
    response = client.get(reverse("governance:inbox") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_inbox_pages_its_reviews_oldest_first(client, cast, coe, units, owner, sponsor, monkeypatch):
    monkeypatch.setattr("governance.views.reviews.PAGE_SIZE", 2)
    made = grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=3)
    client.force_login(cast["officer"])

    first = _open(client)
    # More than a page waits: the first page says so without counting every review in the signer's scope.
    assert "More than 2 reviews wait for you." in first
    assert _keys(first) == [made[0].key, made[1].key]
    assert _link(first, "prev") is None
    # Oldest first: the next page holds the newer reviews.
    assert re.search(r'<a href="\?after=\d+-\d+" rel="next">Newer →</a>', first)

    second = _open(client, _link(first, "next"))
    assert _keys(second) == [made[2].key]
    assert _link(second, "next") is None
    assert "wait for you" not in second
    # Back: the page before the second one is the first page.
    assert _keys(_open(client, _link(second, "prev"))) == [made[0].key, made[1].key]


def test_paging_walks_every_waiting_review_once_while_reviews_come_and_go(
    client, cast, coe, units, owner, sponsor, monkeypatch
):
    """Reviews requested between two page loads come at the end, reviews signed or withdrawn meanwhile drop out:
    the walk shows every review still waiting exactly once, in order, forwards and backwards."""
    monkeypatch.setattr("governance.views.reviews.PAGE_SIZE", 3)
    made = grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=7)
    client.force_login(cast["officer"])

    seen, query, loads = [], "", 0
    while query is not None:
        html = _open(client, query)
        seen += _keys(html)
        query = _link(html, "next")
        loads += 1
        if loads == 1:
            # Between the first and the second page: one review of the first page and one of a later page leave
            # the inbox, and two new reviews are requested.
            for gone in (made[1], made[4]):
                gate_review_withdraw(actor=owner, review=GateReview.objects.get(initiative=gone, status="open"))
            made += grow(
                coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=2, start=7
            )
    expected = [made[0].key, made[1].key] + [i.key for i in made[2:] if i not in (made[1], made[4])]
    assert seen == expected
    assert len(seen) == len(set(seen))

    # Backwards from the last page: the same reviews, in the same order, each once.
    back, query = [], _link(html, "prev")
    last = _keys(html)
    while query is not None:
        html = _open(client, query)
        back = _keys(html) + back
        query = _link(html, "prev")
    assert back + last == [i.key for i in made if i not in (made[1], made[4])]


@pytest.mark.parametrize(
    "query",
    [
        "?after=junk",
        "?after=12-",
        "?after=-5",
        "?after=1.5-3",
        "?before=%F0%9F%98%80",
        "?after=999999999999999999-1",  # past the year 9999
        "?before=123456789012345678901-1",
        "?after=1-123456789012345678901",
    ],
)
def test_a_page_link_that_is_no_position_shows_the_first_page_and_says_so(
    client, cast, coe, units, owner, sponsor, query
):
    made = grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=2)
    client.force_login(cast["officer"])
    html = _open(client, query)
    assert "That page of the inbox does not exist; here is its first page." in html
    assert _keys(html) == [made[0].key, made[1].key]
    assert "2 reviews wait for you." in html


def test_a_page_past_the_last_review_says_nothing_more_waits(client, cast, coe, units, owner, sponsor):
    made = grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=1)
    review = GateReview.objects.get(initiative=made[0], status="open")
    client.force_login(cast["officer"])
    from core.pagination import cursor_text

    html = _open(client, f"?after={cursor_text(review.requested_at, review.pk)}")
    assert _keys(html) == []
    assert "Nothing more waits for you here" in html
    assert 'href="?">First page</a>' in html


def test_every_page_costs_the_same_queries_whatever_waits(client, cast, coe, units, owner, sponsor, monkeypatch):
    """The first page, a later page and a page back make as many queries with 3 reviews waiting as with 15."""
    monkeypatch.setattr("governance.views.reviews.PAGE_SIZE", 2)
    grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=5)
    client.force_login(cast["officer"])
    url = reverse("governance:inbox")

    def costs() -> list[int]:
        first = _open(client)
        later = _link(first, "next")
        back = _link(_open(client, later), "prev")
        return [queries_for(client, url), queries_for(client, url + later), queries_for(client, url + back)]

    small = costs()
    grow(coe=coe, unit=units["cards"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=10, start=5)
    assert costs() == small


def test_the_count_speaks_the_readers_language(client, cast, coe, units, owner, sponsor):
    grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=1)
    client.force_login(cast["officer"])
    html = client.get(reverse("governance:inbox"), headers={"accept-language": "zh-Hant"}).content.decode()
    assert "有 1 項關卡審查等待您簽核。" in html


def test_the_review_page_shows_the_frozen_roi_estimate(client, cast, owner, ready):
    """The estimate frozen with the request (its rate date and confidence included) reads on the review page."""
    from adoption.services.roi import roi_version_append
    from governance.services.reviews import gate_review_request
    from tests.factories.adoption import roi_values

    roi_version_append(actor=owner, initiative=ready, **roi_values())
    review = gate_review_request(actor=owner, initiative=ready)
    assert review.snapshot["roi"]["rate_date"]
    client.force_login(cast["officer"])
    page = client.get(f"/reviews/{review.pk}/")
    assert page.status_code == 200
    assert "€250,000" in page.content.decode()
