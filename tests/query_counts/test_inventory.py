"""Every route that answers GET is in the query-count inventory, checked here or elsewhere, or excluded with a reason;
the routes excluded as POST-only really answer a GET with 405."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from tests.api.conftest import client_for

from .inventory import CHECKED, ELSEWHERE, EXCLUDED, PENDING, POST_ONLY
from .routes import all_routes, dummy_address

pytestmark = pytest.mark.django_db


def _is_admin(key: str, pattern: str) -> bool:
    return key.startswith("admin:") or pattern.startswith("admin/")


KNOWN = {check.name for check in CHECKED} | set(ELSEWHERE) | set(PENDING) | set(EXCLUDED) | POST_ONLY


def missing_routes() -> list[str]:
    return sorted(
        f"{key} (/{route.pattern})"
        for key, route in all_routes().items()
        if key not in KNOWN and not _is_admin(key, route.pattern)
    )


def test_every_route_is_in_the_inventory():
    missing = missing_routes()
    assert not missing, (
        "Routes missing from tests/query_counts/inventory.py — add each to CHECKED (with a viewer and its arguments), "
        "to ELSEWHERE (naming the test that counts its queries at two sizes), or to EXCLUDED / POST_ONLY with a "
        "reason: " + ", ".join(missing)
    )
    gone = sorted(KNOWN - set(all_routes()))
    assert not gone, "The inventory names routes that no longer exist: " + ", ".join(gone)


def _probe(request):
    return HttpResponse("{}")


urlpatterns = [
    path("bench/probe/django/", _probe, name="bench_probe_django"),
    path("", include(settings.ROOT_URLCONF)),
]


def test_a_route_added_later_is_named_until_someone_lists_it():
    with override_settings(ROOT_URLCONF=__name__):
        assert missing_routes() == ["bench_probe_django (/bench/probe/django/)"]


def test_the_inventory_names_each_route_once():
    groups = [{c.name for c in CHECKED}, set(ELSEWHERE), set(PENDING), set(EXCLUDED), set(POST_ONLY)]
    twice = sorted(
        name for i, group in enumerate(groups) for name in group if any(name in other for other in groups[i + 1 :])
    )
    assert not twice, "Named in two lists of the inventory: " + ", ".join(twice)


def test_each_check_has_its_own_id():
    ids = [check.id for check in CHECKED]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_post_only_routes_answer_get_with_405(coe):
    """A GET of a form's address from a page (HTMX) or of an API action is refused before anything is looked up."""
    routes = all_routes()
    web, api = Client(), client_for(coe)
    web.force_login(coe)
    answers = {}
    for name in sorted(POST_ONLY):
        route = routes[name]
        client = api if route.is_api else web
        answers[name] = client.get(dummy_address(route), headers={"HX-Request": "true"}).status_code
    assert {name: status for name, status in answers.items() if status != 405} == {}
