"""The benchmark harness cannot rot: its measurement functions run for a few seconds against a live test server
over a tiny generated portfolio (100 initiatives), and the report names every endpoint with numbers."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from bench import report
from bench.endpoints import BY_NAME, ENDPOINTS
from bench.funnel_sql import conninfo_from_settings, time_funnel_sql
from bench.load import check_loopback, run_locust
from bench.plan import build_plan
from bench.queries import count_queries
from bench.sweeps import measure_sweeps

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_harness_measures_every_endpoint(live_server, tmp_path, probes_on):
    call_command("seed_scale", initiatives=100, users=200, business_units=10, seed=3, stdout=io.StringIO())
    plan = build_plan(detail_keys=5, limit_reviews=20, reserve_reviews=1)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    assert plan["requests"]["approve"], "the tiny portfolio has open reviews to sign"

    # Every endpoint once, in turn, in one locust run (bounded to 20 s; it takes a few).
    run = run_locust(host=live_server.url, plan_path=plan_path, scenario="all", users=2, seconds=20, out_dir=tmp_path)
    assert (tmp_path / "all_stats.csv").exists()
    queries = count_queries(plan, repeats=1, explain_slowest=True)
    funnel = time_funnel_sql(conninfo_from_settings(connection.settings_dict), runs=3, warmup=1)
    sweeps = measure_sweeps()
    size = report.assemble_size(
        plan=plan, endpoints=run["by_name"], queries=queries, funnel=funnel, sweeps={"first": sweeps}, soak=None
    )
    data = report.build(sizes={"100": size}, machine=_machine(), config=_config(), commit="test", total_seconds=1)
    report.write(data, tmp_path)

    written = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    endpoints = written["sizes"]["100"]["endpoints"]
    assert set(endpoints) == {endpoint.name for endpoint in ENDPOINTS}
    for name, figures in endpoints.items():
        assert figures["requests"] > 0, name
        assert figures["errors"] == 0, (name, figures["statuses"])
        assert figures["p50"] <= figures["p95"] <= figures["p99"], name
        if BY_NAME[name].kind in ("floor", "probe"):
            assert figures["queries"] == 0, name  # once warm: the token and the person's facts are cached
        else:
            assert figures["queries"] > 0, name
        assert figures["p95_over_floor"] > 0, name
    assert size["funnel_sql"]["differences_from_api"] == []  # the raw SQL computes the same numbers as the API
    assert sweeps["seconds"] > 0
    assert sweeps["batches"] >= 1
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    for endpoint in ENDPOINTS:
        assert endpoint.label in markdown
    assert "Executive funnel p95 ≤ 1.5 × its raw SQL" in markdown
    assert "Full reminder sweep over 100 initiatives" in markdown
    assert "actual time" in queries["board_executive"]["explain"]  # EXPLAIN ANALYZE of the slowest query


def test_load_goes_to_loopback_only():
    check_loopback("http://127.0.0.1:8000")
    check_loopback("http://localhost:8000")
    with pytest.raises(ValueError, match="loopback"):
        check_loopback("http://example.com")
    with pytest.raises(ValueError, match="loopback"):
        check_loopback("http://10.0.0.1:8000")


def _machine():
    return {
        "cpu": "test",
        "cores": 1,
        "memory_gib": 1,
        "os": "test",
        "python": "3",
        "postgresql": "PostgreSQL",
        "load_average_at_start": [0, 0, 0],
    }


def _config():
    return {
        "sizes": [100],
        "users": 200,
        "business_units": 10,
        "seed": 3,
        "seconds_per_endpoint": 2,
        "concurrency": 2,
        "gunicorn_workers": 1,
        "soak_users": 0,
        "soak_seconds": 0,
        "sql_runs": 3,
    }
