"""The reminder sweeps over the whole data set: ``sweeps_run_all`` once (it writes: run it on a copy), timed as a
whole and per sweep, with the queries of each batch (a batch starts with its ``FOR UPDATE SKIP LOCKED`` select)."""

from __future__ import annotations

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.models import Initiative
from governance.services import reminders

SQL_CHARS = 3000

# What sweeps_run_all calls, looked up in its module at call time: wrapping them here times each one. The stale
# evidence sweep's two halves (criteria turned stale, the outbox's notifications) are timed apart as well.
PARTS = (
    "compliance_reviews_schedule_missing",
    "stale_evidence_sweep",
    "criteria_mark_stale",
    "notifications_from_events",
    "phase_time_boxes_sweep",
    "gate_reviews_sweep",
    "compliance_reviews_sweep",
    "waivers_expiring_sweep",
    "compliance_actions_sweep",
    "executive_digest_send",
    "filings_due_sweep",
    "filings_waiting_sweep",
    "incident_deadlines_sweep",
    "notifications_resend_due",
)


def _batches(queries: list[dict]) -> list[int]:
    """Queries per batch: the captured list cut before each batch's locking select."""
    sizes: list[int] = []
    for query in queries:
        if "SKIP LOCKED" in query["sql"].upper():
            sizes.append(0)
        if sizes:
            sizes[-1] += 1
    return sizes


def measure_sweeps(*, now=None) -> dict:
    """Run every sweep once as of ``now``; returns the total and, per sweep, seconds, queries and batch sizes."""
    now = now or timezone.now()
    initiatives = Initiative.objects.count()
    parts: dict[str, dict] = {}
    originals = {}
    with CaptureQueriesContext(connection) as captured:

        def wrap(name, function):
            def timed(*args, **kwargs):
                first = len(captured)
                started = time.perf_counter()
                result = function(*args, **kwargs)
                queries = captured.captured_queries[first:]
                batches = _batches(queries)
                parts[name] = {
                    "seconds": round(time.perf_counter() - started, 3),
                    "queries": len(queries),
                    "batches": len(batches),
                    # Queries of each batch in order (the last batch may hold fewer rows).
                    "queries_per_batch": batches,
                    "result": result if isinstance(result, int) else list(result),
                    "slowest_queries": [
                        {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:SQL_CHARS]}
                        for q in sorted(queries, key=lambda q: -float(q["time"]))[:2]
                    ],
                }
                return result

            return timed

        for name in PARTS:
            if hasattr(reminders, name):
                originals[name] = getattr(reminders, name)
                setattr(reminders, name, wrap(name, originals[name]))
        try:
            started = time.perf_counter()
            results = reminders.sweeps_run_all(now=now)
            seconds = time.perf_counter() - started
        finally:
            for name, function in originals.items():
                setattr(reminders, name, function)
        total_queries = len(captured)
        batches = _batches(captured.captured_queries)
    return {
        "initiatives": initiatives,
        "seconds": round(seconds, 2),
        "initiatives_per_second": round(initiatives / seconds) if seconds else None,
        "queries": total_queries,
        "batches": len(batches),
        "results": results,
        "parts": parts,
    }
