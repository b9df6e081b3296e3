"""``manage.py restore_database FILE --into DATABASE_URL``: restore a dump made by backup_database into a new,
empty database; then run migrate (for newer code), create_runtime_role and verify_audit_chain against it."""

from pathlib import Path

import environ
from django.core.management.base import BaseCommand, CommandError

from governance.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup_database dump into a new, empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--into", required=True, help="URL of the empty database to restore into.")

    def handle(self, *args, file: Path, into: str, **options):
        if not file.is_file():
            raise CommandError(f"No dump at {file}.")
        try:
            restore(file, settings_dict=environ.Env.db_url_config(into))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {file} into {environ.Env.db_url_config(into)['NAME']}."))
