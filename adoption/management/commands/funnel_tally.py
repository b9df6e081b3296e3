"""``manage.py funnel_tally --check | --rebuild``: compare the funnel's running totals with the rows, or recount."""

from django.core.management.base import BaseCommand, CommandError

from adoption.selectors.funnel_tally import funnel_tally_differences
from adoption.services.funnel import funnel_tally_rebuild


class Command(BaseCommand):
    help = "Check the funnel's running totals against a count from the initiatives, or rebuild them."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true", help="List buckets that differ; exit 1 if any do.")
        action.add_argument("--rebuild", action="store_true", help="Recount every total from the rows.")

    def handle(self, *args, check, rebuild, **options):
        if rebuild:
            written = funnel_tally_rebuild()
            self.stdout.write(f"Rebuilt the funnel totals: {written} buckets.")
            return
        differences = funnel_tally_differences()
        for diff in differences:
            unit, kind, phase, status, mode = diff.bucket
            where = " ".join(part for part in (kind, phase, status, mode) if part)
            stored, counted = (f"{n} (net {net:.2f}, benefit {benefit:.2f})" for n, net, benefit in diff.figures)
            self.stdout.write(f"{f'unit {unit}' if unit else 'all units'} {where}: stored {stored}, counted {counted}")
        if differences:
            raise CommandError(f"{len(differences)} funnel totals differ from the rows; run --rebuild.")
        self.stdout.write("OK: the funnel totals match the rows.")
