"""``manage.py create_runtime_role ROLE [--password-env VAR]``: as the database owner (run it with
DATABASE_MIGRATE_URL set, like migrate), create or refresh the role the application connects as at runtime."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from governance.dbroles import runtime_role_statements


class Command(BaseCommand):
    help = "Create or refresh the runtime database role: rows only, owning nothing (run after each migrate)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role's name, e.g. tracker_app.")
        parser.add_argument(
            "--password-env", default="", help="Name of an environment variable holding the role's password."
        )

    def handle(self, *args, role: str, password_env: str, **options):
        password = os.environ.get(password_env) if password_env else None
        if password_env and not password:
            raise CommandError(f"The environment variable {password_env} is empty or not set.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            owner = cursor.fetchone()[0]
            if owner == role:
                raise CommandError("Connect as the owner (DATABASE_MIGRATE_URL), not as the runtime role itself.")
            for statement in runtime_role_statements(
                role=role, database=connection.settings_dict["NAME"], password=password
            ):
                cursor.execute(statement.as_string(cursor.connection))
        self.stdout.write(self.style.SUCCESS(f"Role {role} may read and write rows; it owns nothing (owner: {owner})."))
