"""Data migration: the default sign-off matrix (PRODUCT.md §4)."""

from django.db import migrations

from adoption.defaults import DEFAULT_SIGNOFF_MATRIX


def load_matrix(apps, schema_editor):
    SignoffMatrixEntry = apps.get_model("governance", "SignoffMatrixEntry")
    for phase, roles in DEFAULT_SIGNOFF_MATRIX.items():
        for order, role in enumerate(roles, start=1):
            SignoffMatrixEntry.objects.get_or_create(phase=phase, role=role, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial"), ("adoption", "0002_defaults")]

    operations = [migrations.RunPython(load_matrix, migrations.RunPython.noop)]
