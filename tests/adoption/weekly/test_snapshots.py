"""The weekly snapshots: one row per week and business unit plus the whole portfolio, taken once, never rewritten."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from adoption.choices import Phase
from adoption.models import WeeklySnapshot
from adoption.services.roi import realised_value_record
from adoption.services.weekly import last_complete_week, week_start, weekly_snapshot_take
from adoption.tasks import take_weekly_snapshot
from config.celery import app
from config.schedule import BEAT_SCHEDULE
from governance.services.lifecycle import initiative_stop
from tests.factories import make_initiative
from tests.factories.adoption import move_to_phase


def this_week() -> datetime.date:
    return week_start(timezone.localdate())


def rows_of(week) -> dict:
    return {row.business_unit_id: row for row in WeeklySnapshot.objects.filter(week=week)}


def test_the_task_runs_from_beat_early_on_monday_under_its_name():
    task = app.tasks["adoption.take_weekly_snapshot"]
    assert task.name == take_weekly_snapshot.name
    assert task.acks_late is True
    entry = BEAT_SCHEDULE["take-weekly-snapshot"]
    assert entry["task"] == "adoption.take_weekly_snapshot"
    assert entry["schedule"].day_of_week == {1}
    assert entry["schedule"].hour == {5}


def test_a_snapshot_has_a_row_per_unit_and_one_for_the_whole_portfolio(coe, units, owner, sponsor):
    for n in range(2):
        make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title=f"Retail {n}")
    cards = make_initiative(coe=coe, business_unit=units["cards"], owner=owner, title="Cards")
    move_to_phase(cards, Phase.VALIDATION)
    stopped = make_initiative(coe=coe, business_unit=units["insurance"], owner=owner, title="Insurance")
    initiative_stop(actor=coe, initiative=stopped, reason="No data.", primary_failure_mode="no_evaluation")
    realised_value_record(
        actor=coe,
        initiative=cards,
        period_start=timezone.localdate() - datetime.timedelta(days=30),
        period_end=timezone.localdate() - datetime.timedelta(days=1),
        currency="EUR",
        rate_to_reporting=Decimal("1"),
        benefit_cash_saving=Decimal("1000"),
        measured_cost=Decimal("250"),
    )

    written = weekly_snapshot_take(week=this_week())

    rows = rows_of(this_week())
    assert written == len(rows) == 4  # three units and the whole portfolio
    retail, card_row, insurance, whole = (
        rows[units["retail"].pk],
        rows[units["cards"].pk],
        rows[units["insurance"].pk],
        rows[None],
    )
    assert (retail.total, retail.entered, retail.advanced, retail.stopped) == (2, 2, 0, 0)
    assert retail.statuses["active"] == 2
    assert retail.phases["exploration"]["active"] == 2
    assert (card_row.total, card_row.advanced) == (1, 1)
    assert card_row.phases["validation"] == {"active": 1, "on_hold": 0, "entered": 1, "advanced": 0}
    assert card_row.realised_value == card_row.realised_value_12m == Decimal("750.00")
    assert (insurance.stopped, insurance.statuses["stopped"], insurance.statuses["active"]) == (1, 1, 0)
    assert (whole.total, whole.entered, whole.advanced, whole.stopped) == (4, 4, 1, 1)
    assert whole.realised_value == Decimal("750.00")
    assert whole.statuses["active"] == 3
    assert whole.phases["exploration"]["entered"] == 4
    assert whole.currency == "EUR"


def test_taking_a_recorded_week_again_writes_nothing_and_changes_nothing(coe, units, owner):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    assert weekly_snapshot_take(week=this_week()) == 4
    before = {unit: (row.pk, row.total, row.entered, row.taken_at) for unit, row in rows_of(this_week()).items()}

    make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Later")
    assert weekly_snapshot_take(week=this_week()) == 0
    assert take_weekly_snapshot.run() >= 0  # the last complete week, a different one

    after = {unit: (row.pk, row.total, row.entered, row.taken_at) for unit, row in rows_of(this_week()).items()}
    assert after == before
    assert before[units["retail"].pk][1] == 1


def test_the_database_keeps_one_row_per_week_and_unit_and_never_changes_one(coe, units):
    weekly_snapshot_take(week=this_week())
    row = WeeklySnapshot.objects.get(week=this_week(), business_unit=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklySnapshot.objects.create(week=this_week(), business_unit=None, taken_at=timezone.now(), currency="EUR")
    with pytest.raises(Exception, match=r"(?i)protect|cannot"), transaction.atomic():
        WeeklySnapshot.objects.filter(pk=row.pk).update(total=99)


def test_the_task_records_the_week_that_has_just_ended(coe, units, owner):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    assert take_weekly_snapshot.run() == 4
    last = last_complete_week(timezone.now())
    assert last == this_week() - datetime.timedelta(days=7)
    assert set(WeeklySnapshot.objects.values_list("week", flat=True)) == {last}
    assert take_weekly_snapshot.run() == 0


def test_the_command_takes_one_now_and_says_so(coe, units, capsys):
    call_command("weekly_snapshot", week=timezone.localdate().isoformat())
    call_command("weekly_snapshot", week=timezone.localdate().isoformat())
    out = capsys.readouterr().out
    year, number, _day = this_week().isocalendar()
    assert f"Recorded {year}-W{number:02d}: 4 rows." in out
    assert "was recorded already; nothing written." in out
    assert WeeklySnapshot.objects.filter(week=this_week()).count() == 4


def test_the_command_refuses_a_week_that_is_not_a_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("weekly_snapshot", week="last monday")
    assert not WeeklySnapshot.objects.exists()
