"""The sign-off inbox is a list like the others: a page at a time, oldest first, with how many wait in all."""

import re

from django.urls import reverse

from .support import grow


def _keys(html: str) -> list[str]:
    return re.findall(r'<td><a href="/initiatives/([^/]+)/">', html)


def test_the_inbox_pages_its_reviews_oldest_first(client, cast, coe, units, owner, sponsor, monkeypatch):
    monkeypatch.setattr("governance.views.reviews.PAGE_SIZE", 2)
    made = grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=3)
    client.force_login(cast["officer"])

    first = client.get(reverse("governance:inbox")).content.decode()
    assert "3 reviews wait for you." in first
    assert _keys(first) == [made[0].key, made[1].key]
    assert "Page 1 of 2" in first
    # Oldest first: the next page holds the newer reviews.
    assert re.search(r'<a href="\?page=2" rel="next">Newer →</a>', first)

    second = client.get(reverse("governance:inbox"), {"page": 2}).content.decode()
    assert _keys(second) == [made[2].key]
    assert re.search(r'<a href="\?page=1" rel="prev">← Older</a>', second)
    # A page past the end shows the last one rather than an error.
    assert _keys(client.get(reverse("governance:inbox"), {"page": 9}).content.decode()) == [made[2].key]


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
