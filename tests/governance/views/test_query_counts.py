"""Lists and dashboards make the same number of queries for a portfolio of 3 initiatives as for one of 15."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from .support import grow
from .support import queries_for as first_count


def queries_for(client, url: str, **headers) -> int:
    """Queries of a GET of ``url`` once the person's cached facts (the bell, the navigation's roles) are warm, as
    they are on every page but a session's first in a few seconds: compared at both sizes in the same state."""
    first_count(client, url, **headers)
    return first_count(client, url, **headers)


PAGES = [
    ("coe", "governance:board", {}, {}),
    ("coe", "governance:board", {"HX-Request": "true"}, {"overdue": "on"}),
    ("officer", "governance:board", {}, {"risk_tier": "limited"}),
    ("officer", "governance:board", {}, {}),
    ("executive", "governance:board", {}, {"business_unit": "retail"}),
    ("officer", "governance:board_units", {}, {"business_unit": "a"}),
    ("coe", "governance:board_csv", {}, {}),
    ("coe", "governance:portfolio_table", {}, {}),
    ("officer", "governance:portfolio_table", {}, {"sort": "-net_value"}),
    ("coe", "governance:portfolio_table", {"HX-Request": "true"}, {"sort": "owner", "owner": "owner", "page": "2"}),
    ("officer", "governance:inbox", {}, {}),
    ("officer", "governance:compliance", {}, {"view": "mine"}),
    ("officer", "governance:compliance", {}, {"view": "overdue"}),
    ("officer", "governance:notifications", {}, {}),
    ("auditor", "governance:audit", {}, {}),
    ("auditor", "governance:audit", {}, {"verb": "gate_review."}),
    ("coe", "governance:roles", {}, {}),
    ("executive", "adoption:funnel", {}, {}),
    ("officer", "adoption:funnel", {"HX-Request": "true"}, {}),
    ("officer", "adoption:funnel", {}, {}),
]


@pytest.mark.parametrize(("username", "name", "headers", "query"), PAGES)
def test_query_count_does_not_grow_with_the_portfolio(
    client, cast, coe, units, owner, sponsor, django_assert_num_queries, username, name, headers, query
):
    people = {"coe": coe, "owner": owner, "sponsor": sponsor, "officer": cast["officer"]}
    grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=people["officer"], count=3)
    client.force_login(cast[username])
    url = reverse(name) + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    small = queries_for(client, url, **headers)

    grow(coe=coe, unit=units["cards"], owner=owner, sponsor=sponsor, officer=people["officer"], count=12, start=3)
    client.get(url, headers=headers)
    with django_assert_num_queries(small):
        response = client.get(url, headers=headers)
        if response.streaming:
            body = b"".join(response.streaming_content)
            assert body.count(b"\n") == 16  # header and 15 rows
    assert response.status_code == 200


def test_initiative_and_review_pages_do_not_grow_with_the_portfolio(
    client, cast, coe, units, owner, sponsor, django_assert_num_queries
):
    first = grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=3)[0]
    review = first.gate_reviews.get()
    client.force_login(cast["officer"])
    pages = [reverse("governance:initiative", args=[first.key]), reverse("governance:review", args=[review.pk])]
    cache.clear()  # the initiative page's shared panels are counted uncached both times
    counts = [queries_for(client, url) for url in pages]
    grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=12, start=3)
    cache.clear()
    for url, count in zip(pages, counts, strict=True):
        client.get(url)
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
