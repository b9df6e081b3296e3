"""The default kill rules (``analytics.defaults``)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from analytics.defaults import ensure_kill_rules

    ensure_kill_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
