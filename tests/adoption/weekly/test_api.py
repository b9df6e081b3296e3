"""GET /api/v1/funnel/weeks/: the Monday view's figures, scoped as the page is."""

import datetime

from django.utils import timezone

from adoption.services.weekly import week_start, weekly_snapshot_take
from tests.api.conftest import client_for
from tests.factories import make_initiative

URL = "/api/v1/funnel/weeks/"


def test_the_weekly_figures_by_reader(cast, coe, units, owner):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    make_initiative(coe=coe, business_unit=units["insurance"], owner=owner)
    monday = week_start(timezone.localdate())
    weekly_snapshot_take(week=monday - datetime.timedelta(days=7))
    weekly_snapshot_take(week=monday)

    everything = client_for(cast["executive"]).get(URL).json()
    assert everything["currency"] == "EUR"
    assert [week["week_start"] for week in everything["weeks"]] == [
        (monday - datetime.timedelta(days=7)).isoformat(),
        monday.isoformat(),
    ]
    latest = everything["weeks"][-1]["figures"]
    assert latest["total"] == 2
    assert latest["entered"] == 2
    assert latest["statuses"]["active"] == 2
    assert latest["hypothesised_value"] == "0.00"
    assert {unit["business_unit"] for unit in everything["business_units"]} == {"retail", "cards", "insurance"}

    retail = client_for(cast["officer"]).get(URL).json()
    assert retail["weeks"][-1]["figures"]["total"] == 1
    assert {unit["business_unit"] for unit in retail["business_units"]} == {"retail", "cards"}

    narrowed = client_for(cast["coe"]).get(URL, {"business_unit": "insurance"}).json()
    assert narrowed["weeks"][-1]["figures"]["total"] == 1
    assert [unit["business_unit"] for unit in narrowed["business_units"]] == ["insurance"]


def test_another_unit_is_refused_like_an_unknown_one(cast, coe, units, owner):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    weekly_snapshot_take(week=week_start(timezone.localdate()))
    for code in ("retail", "no-such-unit"):
        response = client_for(cast["elsewhere"]).get(URL, {"business_unit": code})
        assert response.status_code == 400
        assert response.json()["fields"] == {"business_unit": ["No such business unit."]}
    assert client_for(None).get(URL).status_code == 401
    nobody = client_for(cast["newcomer"]).get(URL).json()
    assert nobody == {"currency": "", "weeks": [], "business_units": []}
