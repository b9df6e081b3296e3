"""``manage.py audit_checkpoint``: write a signed checkpoint of every audit chain head to AUDIT_CHECKPOINT_DIR now
(Celery beat writes one every hour)."""

from django.core.management.base import BaseCommand

from governance.audit import audit_checkpoint_write


class Command(BaseCommand):
    help = "Write a signed checkpoint of every audit chain head outside the database."

    def handle(self, *args, **options):
        path = audit_checkpoint_write()
        self.stdout.write(self.style.SUCCESS(f"Checkpoint written: {path}"))
