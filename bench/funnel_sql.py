"""The floor of the data for the executive funnel: the figures of adoption.selectors.funnel for a global viewer,
counted from the initiatives and stays in plain SQL and timed with psycopg on its own connection (no ORM, no HTTP,
no permission filter: an executive sees everything). The API reads the running totals the triggers keep instead
of counting; ``compare`` checks that it answers with the same numbers as this count.
"""

from __future__ import annotations

import datetime
import threading
import time
from decimal import Decimal

import psycopg
import psycopg.conninfo

from bench.load import percentile

PHASES = ("exploration", "validation", "scaling")
STATUSES = ("active", "on_hold", "stopped", "in_production", "retired")
FAILURE_MODES = (
    "no_value_hypothesis",
    "data_governance",
    "vendor_lock_in",
    "engineering_underestimated",
    "no_evaluation",
    "organisation_unprepared",
)

# The same groups of figures as funnel_summary, one statement each.
STATEMENTS = {
    "counts": """
        SELECT phase, status, count(*),
               count(*) FILTER (WHERE status = 'active' AND planned_phase_end <= %(now)s)
        FROM adoption_initiative GROUP BY phase, status""",
    "stints": """
        SELECT phase,
               count(DISTINCT initiative_id),
               count(DISTINCT initiative_id) FILTER (WHERE outcome = 'advanced'),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY (extract(epoch FROM exited_at - entered_at) - held_seconds)
                                                  / 86400.0) FILTER (WHERE exited_at IS NOT NULL),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY (extract(epoch FROM exited_at - entered_at) - held_seconds)
                                                  / 86400.0) FILTER (WHERE exited_at IS NOT NULL)
        FROM adoption_phasestint GROUP BY phase""",
    "stops": """
        SELECT stop_primary_failure_mode, stop_not_a_failure, count(*)
        FROM adoption_initiative WHERE status = 'stopped' GROUP BY 1, 2""",
    "contributing": """
        SELECT mode, count(*) FROM adoption_initiative, unnest(stop_contributing_modes) AS mode
        WHERE status = 'stopped' GROUP BY mode""",
    "value": """
        SELECT sum(r.reporting_net_annual_value), sum(r.reporting_annual_benefit),
               sum(r.reporting_net_annual_value) FILTER (WHERE i.status = 'in_production')
        FROM adoption_initiative i JOIN adoption_roiversion r ON r.id = i.current_roi_id
        WHERE i.status IN ('active', 'on_hold', 'in_production')""",
    "realised": """
        SELECT sum(reporting_net_value), sum(reporting_measured_benefit)
        FROM adoption_realisedvalueentry WHERE period_end > %(since)s""",
}


def conninfo_from_settings(settings_dict: dict) -> str:
    """A libpq connection string for a Django database's settings (the test database, in the smoke test)."""
    params = {
        "dbname": settings_dict["NAME"],
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items() if v is not None})


def run_statements(conn: psycopg.Connection, now: datetime.datetime) -> dict[str, list[tuple]]:
    params = {"now": now, "since": now.date() - datetime.timedelta(days=365)}
    rows = {}
    with conn.cursor() as cursor:
        for name, sql in STATEMENTS.items():
            cursor.execute(sql, params)
            rows[name] = cursor.fetchall()
    return rows


def figures(rows: dict[str, list[tuple]]) -> dict:
    """The statements' rows in the API's shape (the funnel's numeric fields)."""
    by_status = dict.fromkeys(STATUSES, 0)
    phases = {p: {"phase": p, "active": 0, "on_hold": 0, "entered": 0, "advanced": 0} for p in PHASES}
    overdue = 0
    for phase, status, n, late in rows["counts"]:
        by_status[status] += n
        overdue += late
        if status in ("active", "on_hold"):
            phases[phase][status] += n
    for phase, entered, advanced, median, p90 in rows["stints"]:
        phases[phase].update(
            entered=entered,
            advanced=advanced,
            median_days=None if median is None else round(median, 1),
            p90_days=None if p90 is None else round(p90, 1),
        )
    modes = dict.fromkeys(FAILURE_MODES, 0)
    not_a_failure = 0
    for mode, not_failure, n in rows["stops"]:
        if not_failure:
            not_a_failure += n
        elif mode:
            modes[mode] += n
    contributing = dict.fromkeys(FAILURE_MODES, 0)
    for mode, n in rows["contributing"]:
        if mode in contributing:
            contributing[mode] += n
    zero = Decimal("0.00")
    hypothesised, benefit, production = rows["value"][0]
    realised, realised_benefit = rows["realised"][0]
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "overdue": overdue,
        "phases": list(phases.values()),
        "stops_by_failure_mode": modes,
        "stops_contributing": contributing,
        "stops_not_a_failure": not_a_failure,
        "value": {
            "hypothesised_net_annual_value": hypothesised or zero,
            "hypothesised_annual_benefit": benefit or zero,
            "production_hypothesised_net_annual_value": production or zero,
            "realised_net_value_12m": realised or zero,
            "realised_benefit_12m": realised_benefit or zero,
        },
    }


def time_funnel_sql(conninfo: str, *, runs: int = 20, warmup: int = 2, concurrency: int = 1) -> dict:
    """Run the statements ``warmup`` + ``runs`` times per connection on ``concurrency`` connections at once (the
    load the HTTP figures were taken under); p50/p95 of the runs in ms, and the figures of the last run."""
    times: list[float] = []
    last: dict[str, list[tuple]] = {}

    def worker() -> None:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            for index in range(warmup + runs):
                now = datetime.datetime.now(datetime.UTC)
                started = time.perf_counter()
                rows = run_statements(conn, now)
                elapsed = (time.perf_counter() - started) * 1000
                if index >= warmup:
                    times.append(elapsed)
            last.update(rows)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(times) != runs * concurrency:
        raise RuntimeError("The funnel's SQL did not complete every run.")
    return {
        "runs": len(times),
        "concurrency": concurrency,
        "p50": round(percentile(times, 0.5), 2),
        "p95": round(percentile(times, 0.95), 2),
        "min": round(min(times), 2),
        "figures": figures(last),
    }


def compare(api: dict, sql: dict) -> list[str]:
    """Differences between the API's funnel and the SQL's figures (empty when they agree)."""
    differences = []
    for name in ("total", "by_status", "overdue", "stops_by_failure_mode", "stops_contributing", "stops_not_a_failure"):
        if api.get(name) != sql[name]:
            differences.append(f"{name}: API {api.get(name)} vs SQL {sql[name]}")
    api_phases = {p["phase"]: p for p in api.get("phases", [])}
    for phase in sql["phases"]:
        for field, value in phase.items():
            if field != "phase" and api_phases.get(phase["phase"], {}).get(field) != value:
                differences.append(
                    f"{phase['phase']}.{field}: API {api_phases.get(phase['phase'], {}).get(field)} vs SQL {value}"
                )
    for field, value in sql["value"].items():
        if Decimal(str(api.get("value", {}).get(field, "NaN"))) != value:
            differences.append(f"value.{field}: API {api.get('value', {}).get(field)} vs SQL {value}")
    return differences
