"""Data migration: the default sign-off matrix (PRODUCT.md §4)."""

from django.db import migrations

from governance.defaults import ensure_signoff_matrix


def load_matrix(apps, schema_editor):
    ensure_signoff_matrix(apps)


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial"), ("adoption", "0002_defaults")]

    operations = [migrations.RunPython(load_matrix, migrations.RunPython.noop)]
