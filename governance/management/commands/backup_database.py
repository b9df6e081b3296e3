"""``manage.py backup_database FILE``: write a signed audit checkpoint, then dump the database to FILE with
pg_dump (custom format). Keep AUDIT_CHECKPOINT_DIR's files with the dump."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.audit import audit_checkpoint_write
from governance.backup import BackupError, backup


class Command(BaseCommand):
    help = "Checkpoint the audit trail, then dump the database with pg_dump."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-checkpoint", action="store_true", help="Dump without writing a checkpoint first.")

    def handle(self, *args, file: Path, no_checkpoint: bool, **options):
        if not no_checkpoint:
            self.stdout.write(f"Checkpoint: {audit_checkpoint_write()}")
        try:
            backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Database dumped to {file} ({file.stat().st_size} bytes)."))
