"""The Monday view: what changed since last week, 13 weeks of trends, units side by side, scoped to the reader."""

import csv
import datetime
import io
import re
from datetime import UTC

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adoption.models import BusinessUnit, WeeklySnapshot
from adoption.services.weekly import week_start, weekly_snapshot_take
from governance.services.lifecycle import initiative_stop
from tests.factories import make_initiative
from tests.factories.core import BusinessUnitFactory

MONDAY = reverse("adoption:monday")


def this_week() -> datetime.date:
    return week_start(timezone.localdate())


def weeks_back(n: int) -> datetime.date:
    return this_week() - datetime.timedelta(days=7 * n)


def record(week) -> int:
    return weekly_snapshot_take(week=week)


@pytest.fixture
def history(coe, units, owner):
    """Two weeks recorded: last week Retail had one initiative; this week one more in Retail, one in Cards (a
    sub-unit of Retail) and one in Insurance, which was stopped."""
    last_week = weeks_back(1)
    with time_machine.travel(
        datetime.datetime.combine(last_week + datetime.timedelta(days=2), datetime.time(12), tzinfo=UTC), tick=False
    ):
        make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Retail first")
        record(last_week)
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Retail second")
    make_initiative(coe=coe, business_unit=units["cards"], owner=owner, title="Cards")
    insurance = make_initiative(coe=coe, business_unit=units["insurance"], owner=owner, title="Insurance")
    initiative_stop(actor=coe, initiative=insurance, reason="No data.", primary_failure_mode="no_evaluation")
    record(this_week())


def tile(page: str, label: str) -> str:
    """The figure of the tile labelled ``label``, and where it leads."""
    match = re.search(
        r'<a class="kpi link" href="([^"]+)">\s*<div class="value">([^<]+)</div>\s*<div class="label">'
        + re.escape(label)
        + "</div>",
        page,
    )
    assert match, label
    return match[2], match[1]


def test_an_executive_sees_what_changed_and_each_figure_leads_to_the_board(as_user, cast, history):
    page = as_user(cast["executive"]).get(MONDAY).content.decode()
    board = reverse("governance:board")
    assert tile(page, "Entered") == ("3", f"{board}#col-exploration")
    assert tile(page, "Stopped") == ("1", f"{board}#col-stopped")
    assert tile(page, "Advanced")[0] == "0"
    assert "the week before: 1" in page  # one entered the week before
    for chart in ("chart-week-moves", "chart-week-state", "chart-week-value", "chart-week-units"):
        assert f'id="{chart}"' in page
    # Bars lead to the board too.
    assert re.search(rf'<a href="{board}#col-stopped" aria-label="[^"]+"><rect', page)
    year, number, _day = this_week().isocalendar()
    assert f"{year}-W{number:02d}" in page
    # Units side by side: each unit's row, with its link to the board filtered to it.
    for code in ("retail", "cards", "insurance"):
        unit = BusinessUnit.objects.get(code=code)
        assert f'data-unit="{code}"><td><a href="{board}?business_unit={unit.pk}">' in page


def test_a_unit_reader_sees_only_their_units_and_another_units_filter_changes_nothing(as_user, cast, units, history):
    # A compliance officer of Retail sees Retail and its sub-unit Cards, summed, and nothing of Insurance.
    page = as_user(cast["officer"]).get(MONDAY).content.decode()
    assert tile(page, "Entered")[0] == "2"
    assert tile(page, "Stopped")[0] == "0"
    assert 'data-unit="retail"' in page
    assert 'data-unit="cards"' in page
    assert 'data-unit="insurance"' not in page
    assert "Insurance" not in page

    # The officer of Insurance asks for Retail by its id: the filter is not theirs, the page stays on their unit.
    attacker = as_user(cast["elsewhere"]).get(MONDAY, {"business_unit": units["retail"].pk})
    body = attacker.content.decode()
    assert attacker.status_code == 200
    assert "Retail" not in body
    assert 'data-unit="retail"' not in body
    assert tile(body, "Stopped")[0] == "1"
    assert tile(body, "Entered")[0] == "1"


def test_a_unit_filter_narrows_to_the_unit_and_its_sub_units(as_user, cast, units, history):
    page = as_user(cast["coe"]).get(MONDAY, {"business_unit": units["retail"].pk}).content.decode()
    assert tile(page, "Entered") == (
        "2",
        f"{reverse('governance:board')}?business_unit={units['retail'].pk}#col-exploration",
    )
    assert 'data-unit="insurance"' not in page


def test_people_who_see_no_unit_whole_and_empty_history_get_a_sentence(as_user, cast, coe, units, owner):
    assert "No week has been recorded yet." in as_user(cast["executive"]).get(MONDAY).content.decode()
    record(this_week())
    page = as_user(cast["newcomer"]).get(MONDAY).content.decode()
    assert "you see no business unit as a whole" in page


def test_the_nav_and_the_funnel_lead_here(as_user, cast):
    page = as_user(cast["owner"]).get(reverse("adoption:funnel")).content.decode()
    assert page.count(f'href="{MONDAY}') >= 2


def rows_of_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_weeks_and_units_csv_hold_the_page_s_figures_within_scope(as_user, cast, units, history):
    weeks = rows_of_csv(as_user(cast["coe"]).get(reverse("adoption:monday_csv", args=["weeks"])))
    header, *body = weeks
    assert header[:3] == ["Week", "Week starting", "Initiatives"]
    assert [row[1] for row in body] == [weeks_back(1).isoformat(), this_week().isoformat()]
    entered = header.index("Entered this week")
    assert [row[entered] for row in body] == ["1", "3"]

    units_csv = rows_of_csv(as_user(cast["officer"]).get(reverse("adoption:monday_csv", args=["units"])))
    assert sorted(row[1] for row in units_csv[1:]) == ["cards", "retail"]

    attacker = as_user(cast["elsewhere"]).get(
        reverse("adoption:monday_csv", args=["units"]), {"business_unit": units["retail"].pk}
    )
    assert [row[1] for row in rows_of_csv(attacker)[1:]] == ["insurance"]
    assert as_user(cast["coe"]).get(reverse("adoption:monday_csv", args=["nothing"])).status_code == 404


def test_every_funnel_table_downloads_as_csv_for_the_page_s_filters(as_user, cast, coe, units, owner):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="=HYPERLINK(1)")
    make_initiative(coe=coe, business_unit=units["insurance"], owner=owner)
    client = as_user(cast["executive"])
    page = client.get(reverse("adoption:funnel")).content.decode()
    for table in ("now", "conversion", "days", "stops", "value"):
        assert f'href="{reverse("adoption:funnel_csv", args=[table])}"' in page
        assert client.get(reverse("adoption:funnel_csv", args=[table])).status_code == 200
    now = rows_of_csv(client.get(reverse("adoption:funnel_csv", args=["now"])))
    assert now[0] == ["Phase or status", "Active", "On hold"]
    assert now[1] == ["Exploration", "2", "0"]
    retail = rows_of_csv(
        client.get(reverse("adoption:funnel_csv", args=["now"]), {"business_unit": units["retail"].pk})
    )
    assert retail[1] == ["Exploration", "1", "0"]
    # Someone of Insurance asking for Retail's figures gets their own.
    elsewhere = rows_of_csv(
        as_user(cast["elsewhere"]).get(
            reverse("adoption:funnel_csv", args=["conversion"]), {"business_unit": units["retail"].pk}
        )
    )
    assert elsewhere[1][:3] == ["Exploration", "1", "0"]
    assert client.get(reverse("adoption:funnel_csv", args=["secrets"])).status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    for url in (MONDAY, reverse("adoption:monday_csv", args=["weeks"]), reverse("adoption:funnel_csv", args=["now"])):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def grow(*, weeks: int, units: int) -> None:
    """Recorded history of ``weeks`` weeks over ``units`` extra business units."""
    for n in range(BusinessUnit.objects.count(), units + 3):
        BusinessUnitFactory(code=f"unit-{n}", name=f"Unit {n}")
    for back in range(weeks, 0, -1):
        if not WeeklySnapshot.objects.filter(week=weeks_back(back)).exists():
            record(weeks_back(back))


@pytest.mark.parametrize("who", ["coe", "officer"])
def test_the_page_costs_the_same_for_2_weeks_and_13_weeks_of_more_units(as_user, cast, coe, units, owner, who):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    client = as_user(cast[who])
    client.get(MONDAY)  # the first request fills the person's cached facts
    counts = []
    for weeks, extra in ((2, 0), (14, 6)):
        grow(weeks=weeks, units=extra)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(MONDAY)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    page = response.content.decode()
    assert page.count("<tr><td>20") >= 13 * 3  # 13 weeks in each of the three trend tables


def test_the_page_shows_what_was_recorded_not_what_the_rows_say_today(as_user, cast, coe, units, owner, history):
    for n in range(5):
        make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title=f"After the snapshot {n}")
    page = as_user(cast["executive"]).get(MONDAY).content.decode()
    assert tile(page, "Entered")[0] == "3"
