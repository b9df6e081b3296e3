"""Data migration: the three phases, default gate templates and selection weights; the initiative number sequence."""

from django.db import migrations

from adoption.defaults import DEFAULT_SELECTION_WEIGHTS, DEFAULT_TEMPLATES, DEFAULT_TIME_BOX_DAYS

PHASES = ["exploration", "validation", "scaling"]


def load_defaults(apps, schema_editor):
    PhaseDefinition = apps.get_model("adoption", "PhaseDefinition")
    GateCriterionTemplate = apps.get_model("adoption", "GateCriterionTemplate")
    SelectionWeights = apps.get_model("adoption", "SelectionWeights")
    for order, phase in enumerate(PHASES, start=1):
        PhaseDefinition.objects.get_or_create(phase=phase, defaults={"order": order, "time_box_days": DEFAULT_TIME_BOX_DAYS})
        for position, row in enumerate(DEFAULT_TEMPLATES[phase], start=1):
            code, title, guidance, kind, comparator, threshold, unit, validity, waiver_role = row
            GateCriterionTemplate.objects.get_or_create(
                phase=phase,
                code=code,
                version=1,
                defaults={
                    "order": position,
                    "title": title,
                    "guidance": guidance,
                    "kind": kind,
                    "comparator": comparator,
                    "threshold": threshold,
                    "unit": unit,
                    "validity_days": validity,
                    "waivable_by_role": waiver_role,
                    "mandatory": True,
                    "is_current": True,
                },
            )
    if not SelectionWeights.objects.exists():
        SelectionWeights.objects.create(version=1, is_current=True, **DEFAULT_SELECTION_WEIGHTS)


class Migration(migrations.Migration):
    dependencies = [("adoption", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS adoption_initiative_number_seq START 1",
            "DROP SEQUENCE IF EXISTS adoption_initiative_number_seq",
        ),
        migrations.RunPython(load_defaults, migrations.RunPython.noop),
    ]
