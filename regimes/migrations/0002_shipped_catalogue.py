"""Load the shipped catalogue (``regimes.catalogue.SHIPPED``) as version-1 published versions: inserted when
missing, the compliance lead's edits kept. The catalogue is imported lazily; without it nothing is loaded."""

from django.db import migrations


def load(apps, schema_editor):
    from regimes.shipped import ensure_shipped

    ensure_shipped(apps)


class Migration(migrations.Migration):
    dependencies = [("regimes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
