"""``manage.py weekly_snapshot [--week YYYY-MM-DD]``: record a week for the Monday view now, as beat does on Monday."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from adoption.services.weekly import last_complete_week, week_start, weekly_snapshot_take


class Command(BaseCommand):
    help = (
        "Record the last complete ISO week (or the week of --week) for the Monday view, as the funnel stands now. "
        "A week already recorded is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--week", help="A day of the week to record (YYYY-MM-DD); default: the last complete one.")

    def handle(self, *args, week=None, **options):
        if week:
            try:
                monday = week_start(datetime.date.fromisoformat(week))
            except ValueError:
                raise CommandError("Write the week as a date, YYYY-MM-DD.") from None
        else:
            monday = last_complete_week(timezone.now())
        written = weekly_snapshot_take(week=monday)
        year, number, _day = monday.isocalendar()
        if written:
            self.stdout.write(f"Recorded {year}-W{number:02d}: {written} rows.")
        else:
            self.stdout.write(f"{year}-W{number:02d} was recorded already; nothing written.")
