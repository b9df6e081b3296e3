"""``manage.py derive_criteria``: bring every open initiative's criteria backed by data in line with the data."""

from django.core.management.base import BaseCommand

from adoption.services.criteria import criteria_derive_all


class Command(BaseCommand):
    help = "Judge the criteria backed by data of every open initiative again (run once after upgrading)."

    def handle(self, *args, **options):
        changed = criteria_derive_all()
        self.stdout.write(f"Criteria brought in line with their data: {changed}.")
