"""``manage.py load_demo_data``: the demo portfolio and users (refused unless DEBUG or --force)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import PASSWORD, USERS, load_demo_data


class Command(BaseCommand):
    help = "Load the demo business units, users and initiatives (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DEBUG off; pass --force if you really mean it.")
        if load_demo_data(stdout=self.stdout):
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        names = ", ".join(USERS)
        self.stdout.write(f"Demo users ({names}) sign in with the password {PASSWORD}.")
