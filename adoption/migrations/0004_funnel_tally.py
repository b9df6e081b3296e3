import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models

# The funnel's running totals (adoption.models.funnel): a delta type, the deltas one initiative or one stay
# contributes, an upsert that applies deltas in key order (so two transactions touching the same buckets lock
# them in the same order and cannot deadlock), triggers on initiatives and stays, and the full count from the rows
# that --check compares with and --rebuild writes.
FUNCTIONS = r"""
CREATE TYPE adoption_funneltally_delta AS (
    business_unit_id bigint, kind varchar(20), phase varchar(20), status varchar(20), mode varchar(40),
    n bigint, net numeric, benefit numeric
);

CREATE FUNCTION adoption_funneltally_of(i adoption_initiative, sign integer)
RETURNS adoption_funneltally_delta[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(d), '{}') FROM (
        SELECT (i.business_unit_id, 'status', i.phase, i.status, '', sign,
                sign * coalesce(r.reporting_net_annual_value, 0),
                sign * coalesce(r.reporting_annual_benefit, 0))::adoption_funneltally_delta AS d
          FROM (SELECT i.current_roi_id AS roi_id) AS x LEFT JOIN adoption_roiversion r ON r.id = x.roi_id
        UNION ALL
        SELECT (i.business_unit_id,
                CASE WHEN i.stop_not_a_failure THEN 'not_a_failure' ELSE 'stop_primary' END, '', '',
                CASE WHEN i.stop_not_a_failure THEN '' ELSE i.stop_primary_failure_mode END,
                sign, 0, 0)::adoption_funneltally_delta
         WHERE i.status = 'stopped' AND (i.stop_not_a_failure OR i.stop_primary_failure_mode <> '')
        UNION ALL
        SELECT (i.business_unit_id, 'stop_contributing', '', '', m, sign, 0, 0)::adoption_funneltally_delta
          FROM unnest(i.stop_contributing_modes) AS m
         WHERE i.status = 'stopped'
    ) AS rows
$$;

CREATE FUNCTION adoption_funneltally_of_stints(initiative bigint, unit bigint, sign integer)
RETURNS adoption_funneltally_delta[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(d), '{}') FROM (
        SELECT (unit, 'entered', s.phase, '', '', sign, 0, 0)::adoption_funneltally_delta AS d
          FROM adoption_phasestint s WHERE s.initiative_id = initiative
        UNION ALL
        SELECT (unit, 'advanced', s.phase, '', '', sign, 0, 0)::adoption_funneltally_delta
          FROM adoption_phasestint s WHERE s.initiative_id = initiative AND s.outcome = 'advanced'
        UNION ALL
        SELECT (unit, 'finished', s.phase, '', '', sign, 0, 0)::adoption_funneltally_delta
          FROM adoption_phasestint s WHERE s.initiative_id = initiative AND s.exited_at IS NOT NULL
    ) AS rows
$$;

CREATE FUNCTION adoption_funneltally_of(s adoption_phasestint, sign integer)
RETURNS adoption_funneltally_delta[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(d), '{}') FROM (
        SELECT (i.business_unit_id, 'entered', s.phase, '', '', sign, 0, 0)::adoption_funneltally_delta AS d
          FROM adoption_initiative i WHERE i.id = s.initiative_id
        UNION ALL
        SELECT (i.business_unit_id, 'advanced', s.phase, '', '', sign, 0, 0)::adoption_funneltally_delta
          FROM adoption_initiative i WHERE i.id = s.initiative_id AND s.outcome = 'advanced'
        UNION ALL
        SELECT (i.business_unit_id, 'finished', s.phase, '', '', sign, 0, 0)::adoption_funneltally_delta
          FROM adoption_initiative i WHERE i.id = s.initiative_id AND s.exited_at IS NOT NULL
    ) AS rows
$$;

CREATE FUNCTION adoption_funneltally_add(deltas adoption_funneltally_delta[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO adoption_funneltally AS t (business_unit_id, kind, phase, status, mode, n, net, benefit)
    SELECT d.business_unit_id, d.kind, d.phase, d.status, d.mode, sum(d.n), sum(d.net), sum(d.benefit)
      FROM unnest(deltas) AS d
     WHERE d.business_unit_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.n) <> 0 OR sum(d.net) <> 0 OR sum(d.benefit) <> 0
     ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (business_unit_id, kind, phase, status, mode) DO UPDATE
       SET n = t.n + EXCLUDED.n, net = t.net + EXCLUDED.net, benefit = t.benefit + EXCLUDED.benefit
$$;

-- One trigger function for both tables: adoption_funneltally_of resolves to the initiative's or the stay's.
CREATE FUNCTION adoption_funneltally_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deltas adoption_funneltally_delta[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' THEN
        deltas := deltas || adoption_funneltally_of(OLD, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        deltas := deltas || adoption_funneltally_of(NEW, 1);
    END IF;
    IF TG_TABLE_NAME = 'adoption_initiative' AND TG_OP = 'UPDATE' THEN
        -- A move to another unit moves the initiative's stays with it.
        IF OLD.business_unit_id IS DISTINCT FROM NEW.business_unit_id THEN
            deltas := deltas || adoption_funneltally_of_stints(OLD.id, OLD.business_unit_id, -1)
                             || adoption_funneltally_of_stints(NEW.id, NEW.business_unit_id, 1);
        END IF;
    END IF;
    PERFORM adoption_funneltally_add(deltas);
    RETURN NULL;
END
$$;

CREATE TRIGGER adoption_funneltally_initiative_rows
    AFTER INSERT OR DELETE ON adoption_initiative
    FOR EACH ROW EXECUTE FUNCTION adoption_funneltally_changed();
CREATE TRIGGER adoption_funneltally_initiative_update
    AFTER UPDATE ON adoption_initiative
    FOR EACH ROW WHEN (
        OLD.business_unit_id IS DISTINCT FROM NEW.business_unit_id OR OLD.phase IS DISTINCT FROM NEW.phase
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.current_roi_id IS DISTINCT FROM NEW.current_roi_id
        OR OLD.stop_primary_failure_mode IS DISTINCT FROM NEW.stop_primary_failure_mode
        OR OLD.stop_contributing_modes IS DISTINCT FROM NEW.stop_contributing_modes
        OR OLD.stop_not_a_failure IS DISTINCT FROM NEW.stop_not_a_failure
    ) EXECUTE FUNCTION adoption_funneltally_changed();
CREATE TRIGGER adoption_funneltally_stint_rows
    AFTER INSERT OR DELETE ON adoption_phasestint
    FOR EACH ROW EXECUTE FUNCTION adoption_funneltally_changed();
CREATE TRIGGER adoption_funneltally_stint_update
    AFTER UPDATE ON adoption_phasestint
    FOR EACH ROW WHEN (
        OLD.initiative_id IS DISTINCT FROM NEW.initiative_id OR OLD.phase IS DISTINCT FROM NEW.phase
        OR OLD.outcome IS DISTINCT FROM NEW.outcome OR (OLD.exited_at IS NULL) <> (NEW.exited_at IS NULL)
    ) EXECUTE FUNCTION adoption_funneltally_changed();

-- What the totals should be, counted from the rows.
CREATE FUNCTION adoption_funneltally_expected() RETURNS SETOF adoption_funneltally_delta LANGUAGE sql STABLE AS $$
    SELECT d.business_unit_id, d.kind, d.phase, d.status, d.mode, sum(d.n)::bigint, sum(d.net), sum(d.benefit)
      FROM (
        SELECT (unnest(adoption_funneltally_of(i, 1))).* FROM adoption_initiative i
        UNION ALL
        SELECT i.business_unit_id, 'entered', s.phase, '', '', 1, 0, 0
          FROM adoption_phasestint s JOIN adoption_initiative i ON i.id = s.initiative_id
        UNION ALL
        SELECT i.business_unit_id, 'advanced', s.phase, '', '', 1, 0, 0
          FROM adoption_phasestint s JOIN adoption_initiative i ON i.id = s.initiative_id
         WHERE s.outcome = 'advanced'
        UNION ALL
        SELECT i.business_unit_id, 'finished', s.phase, '', '', 1, 0, 0
          FROM adoption_phasestint s JOIN adoption_initiative i ON i.id = s.initiative_id
         WHERE s.exited_at IS NOT NULL
      ) AS d
     GROUP BY 1, 2, 3, 4, 5
$$;

-- Recount everything; writers of initiatives and stays wait until it is done.
CREATE FUNCTION adoption_funneltally_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    written bigint;
BEGIN
    LOCK TABLE adoption_initiative, adoption_phasestint IN SHARE MODE;
    DELETE FROM adoption_funneltally;
    INSERT INTO adoption_funneltally (business_unit_id, kind, phase, status, mode, n, net, benefit)
    SELECT * FROM adoption_funneltally_expected();
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;

SELECT adoption_funneltally_rebuild();
"""

DROP_FUNCTIONS = r"""
DROP TRIGGER adoption_funneltally_initiative_rows ON adoption_initiative;
DROP TRIGGER adoption_funneltally_initiative_update ON adoption_initiative;
DROP TRIGGER adoption_funneltally_stint_rows ON adoption_phasestint;
DROP TRIGGER adoption_funneltally_stint_update ON adoption_phasestint;
DROP FUNCTION adoption_funneltally_rebuild();
DROP FUNCTION adoption_funneltally_expected();
DROP FUNCTION adoption_funneltally_changed();
DROP FUNCTION adoption_funneltally_add(adoption_funneltally_delta[]);
DROP FUNCTION adoption_funneltally_of(adoption_phasestint, integer);
DROP FUNCTION adoption_funneltally_of_stints(bigint, bigint, integer);
DROP FUNCTION adoption_funneltally_of(adoption_initiative, integer);
DROP TYPE adoption_funneltally_delta;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("adoption", "0003_roi_reporting_figures"),
    ]

    operations = [
        migrations.CreateModel(
            name="FunnelTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("status", "Status"),
                            ("entered", "Entered"),
                            ("advanced", "Advanced"),
                            ("finished", "Finished"),
                            ("stop_primary", "Stop Primary"),
                            ("not_a_failure", "Not A Failure"),
                            ("stop_contributing", "Stop Contributing"),
                        ],
                        max_length=20,
                    ),
                ),
                ("phase", models.CharField(blank=True, default="", max_length=20)),
                ("status", models.CharField(blank=True, default="", max_length=20)),
                ("mode", models.CharField(blank=True, default="", max_length=40)),
                ("n", models.BigIntegerField(default=0)),
                ("net", models.DecimalField(decimal_places=2, default=0, max_digits=24)),
                ("benefit", models.DecimalField(decimal_places=2, default=0, max_digits=24)),
                (
                    "business_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="adoption.businessunit"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("business_unit", "kind", "phase", "status", "mode"), name="funneltally_one_per_bucket"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="phasestint",
            name="days",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.expressions.CombinedExpression(
                    django.db.models.expressions.CombinedExpression(
                        models.Func(
                            django.db.models.expressions.CombinedExpression(
                                models.F("exited_at"), "-", models.F("entered_at")
                            ),
                            template="EXTRACT(EPOCH FROM %(expressions)s)",
                        ),
                        "-",
                        models.F("held_seconds"),
                    ),
                    "/",
                    models.Value(86400.0),
                ),
                output_field=models.FloatField(),
            ),
        ),
        migrations.AddIndex(
            model_name="phasestint",
            index=models.Index(
                condition=models.Q(("exited_at__isnull", False)), fields=["phase", "days"], name="stint_finished_days"
            ),
        ),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
    ]
