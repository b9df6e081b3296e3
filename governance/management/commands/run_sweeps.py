"""``manage.py run_sweeps [--at ISO-DATETIME] [--send]``: run every reminder sweep once, synchronously.

For operators backfilling after an outage and for tests; the Celery tasks call the same services. The sweeps
write for real (criteria turn stale, compliance reviews are scheduled, notifications are created), as of ``--at``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance.services.delivery import notifications_resend_due
from governance.services.reminders import RESULTS, parse_moment, sweeps_run_all


class Command(BaseCommand):
    help = (
        "Run every reminder sweep once as of --at (default now) and print what each produced. New emails go to "
        "the Celery worker; --send delivers every unsent email in this process instead of waiting for one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--at", help="Run as of this ISO 8601 datetime, e.g. 2026-12-01T09:00:00+00:00.")
        parser.add_argument("--send", action="store_true", help="Also email every unsent notification now.")

    def handle(self, *args, at=None, send=False, **options):
        try:
            now = parse_moment(at)
        except ValueError as exc:
            raise CommandError(f"--at: {exc}. Write e.g. 2026-12-01T09:00:00+00:00.") from exc
        self.stdout.write(f"Sweeps as of {now.isoformat()}")
        results = sweeps_run_all(now=now)
        width = max(len(name) for name in results)
        for name, count in results.items():
            self.stdout.write(f"  {name.ljust(width)}  {count}")
        created = sum(results[label] for label, notifies in RESULTS if notifies)
        if send:
            sent = notifications_resend_due(now=timezone.now(), everything_pending=True)
            self.stdout.write(f"  {'emails sent now'.ljust(width)}  {sent}")
        self.stdout.write(self.style.SUCCESS(f"{created} notifications created"))
