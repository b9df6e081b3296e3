"""``manage.py verify_audit_chain``: recompute every audit hash chain (HMAC-keyed with AUDIT_HMAC_KEY), compare the
heads with the newest signed checkpoint in AUDIT_CHECKPOINT_DIR, and report the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from governance.audit import latest_checkpoint, verify_chains
from governance.models import AuditChainHead


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chains; exit with status 1 at the first edited, deleted or missing event."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Events read per database round trip (default 5000)."
        )

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        checked, broken = verify_chains(batch_size=batch_size)
        if broken is not None:
            event = broken.event_id if broken.event_id is not None else "-"
            raise CommandError(
                f"BROKEN: chain {broken.chain}, seq {broken.seq}, event {event}: {broken.problem} "
                f"({checked} events verified before it)",
                returncode=1,
            )
        chains = AuditChainHead.objects.count()
        latest = latest_checkpoint()
        against = f", and against checkpoint {latest[0].name}" if latest else ", no checkpoint found to compare with"
        self.stdout.write(self.style.SUCCESS(f"OK: {checked} events in {chains} chains verified{against}"))
