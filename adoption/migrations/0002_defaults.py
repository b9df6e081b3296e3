"""Data migration: the three phases, default gate templates and selection weights; the initiative number sequence."""

from django.db import migrations

from adoption.defaults import ensure_defaults


def load_defaults(apps, schema_editor):
    ensure_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("adoption", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS adoption_initiative_number_seq START 1",
            "DROP SEQUENCE IF EXISTS adoption_initiative_number_seq",
        ),
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
    ]
