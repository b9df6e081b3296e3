"""``manage.py seed_scale``: a large generated portfolio for benchmarks (refuses to mix with real data)."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.seed import BENCH_PASSWORD, portfolio_is_generated, seed_scale


class Command(BaseCommand):
    help = "Generate a reproducible portfolio (initiatives, criteria, reviews, roles, audit trail) with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--initiatives", type=int, default=100_000)
        parser.add_argument("--users", type=int, default=10_000)
        parser.add_argument("--business-units", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="Add to a database that holds other data too.")

    def handle(self, *args, initiatives, users, business_units, seed, force, **options):
        if min(initiatives, business_units) < 1 or users < 200:
            raise CommandError("Use at least 1 initiative, 1 business unit and 200 users.")
        if not force and not portfolio_is_generated():
            raise CommandError(
                "This database holds initiatives or business units that were not generated; "
                "seed an empty database, or pass --force to add generated data beside them."
            )
        started = time.monotonic()
        stats = seed_scale(
            initiatives=initiatives, users=users, business_units=business_units, seed=seed, stdout=self.stdout
        )
        for table, rows in sorted(stats.items()):
            self.stdout.write(f"{table:48} {rows:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded in {time.monotonic() - started:.0f} s. Generated users sign in with "
                f"the password {BENCH_PASSWORD}."
            )
        )
