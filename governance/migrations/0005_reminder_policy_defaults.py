"""Data migration: the default reminder policy (PRODUCT.md §5)."""

from django.db import migrations

from governance.defaults import ensure_defaults


def load_defaults(apps, schema_editor):
    ensure_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("governance", "0004_reminders")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
