"""Queries per request: the plan's requests replayed through Django's test client with CaptureQueriesContext, in
the same database the server reads, so the count is the server's without any debug hook in production code."""

from __future__ import annotations

import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SLOW_SQL_CHARS = 20_000
SLOWEST = 3


def _client(request: dict) -> tuple[Client, dict]:
    client = Client(HTTP_HOST="127.0.0.1")
    extra = {}
    for name, value in request.get("headers", {}).items():
        if name.lower() == "cookie":
            for part in value.split(";"):
                key, _, cookie = part.strip().partition("=")
                client.cookies[key] = cookie
        else:
            extra["HTTP_" + name.upper().replace("-", "_")] = value
    return client, extra


def replay(request: dict) -> tuple[int, int, list[dict], bytes]:
    """Send one planned request; returns (status, number of queries, the queries with their times, the body)."""
    client, extra = _client(request)
    with CaptureQueriesContext(connection) as captured:
        if "json" in request:
            response = client.post(request["path"], request["json"], content_type="application/json", **extra)
        else:
            response = client.get(request["path"], **extra)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(captured), list(captured.captured_queries), body


def _slowest(queries: list[dict]) -> list[dict]:
    """The slowest queries of a request with their SQL (for EXPLAIN), slowest first."""
    ordered = sorted(queries, key=lambda q: -float(q.get("time") or 0))[:SLOWEST]
    return [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:SLOW_SQL_CHARS]} for q in ordered]


def explain(sql: str) -> str | None:
    """EXPLAIN (ANALYZE, BUFFERS) of a captured read query (never of a write: ANALYZE runs the statement)."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return None
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def count_queries(
    plan: dict, *, names: list[str] | None = None, repeats: int = 3, explain_slowest: bool = False
) -> dict[str, dict]:
    """For the approve action, each reserved sign-off once; for each read endpoint, the queries of its first planned
    request (the last of ``repeats`` calls, once the process is warm), its status, its slowest queries, and with
    ``explain_slowest`` the plan of the slowest one."""
    results: dict[str, dict] = {}
    if plan["requests"].get("floor"):
        replay(plan["requests"]["floor"][0])  # the process's one-off lookups (content types, …) out of the counts
    # Sign-offs first: they change data, and the funnel read below is compared with SQL run afterwards.
    if not names or "approve" in names:
        counts, statuses, slowest = [], [], []
        for request in plan.get("approve_reserved", []):
            status, count, queries, _body = replay(request)
            counts.append(count)
            statuses.append(status)
            slowest += _slowest(queries)
        if counts:
            results["approve"] = {
                "queries": max(counts),
                "queries_each": counts,
                "status": max(statuses),
                "statuses": statuses,
                "slowest_queries": sorted(slowest, key=lambda q: -q["ms"])[:SLOWEST],
            }
    for name, requests in plan["requests"].items():
        if name == "approve" or (names and name not in names) or not requests:
            continue
        cases = plan.get("query_requests", {}).get(name) or requests[:1]
        counts, statuses, slowest = [], [], []
        for request in cases:
            for _ in range(repeats):
                status, count, queries, body = replay(request)
            counts.append(count)
            statuses.append(status)
            slowest += _slowest(queries)
            if name == "funnel_executive" and status == 200:
                results.setdefault(name, {})["response"] = json.loads(body)  # compared with the raw SQL's figures
        results.setdefault(name, {}).update(
            queries=max(counts),
            status=max(statuses),
            slowest_queries=sorted(slowest, key=lambda q: -q["ms"])[:SLOWEST],
        )
        if explain_slowest and results[name]["slowest_queries"]:
            results[name]["explain"] = explain(results[name]["slowest_queries"][0]["sql"])
        if plan.get("query_requests", {}).get(name):
            results[name]["queries_each"] = {
                case.get("case", str(i)): n for i, (case, n) in enumerate(zip(cases, counts, strict=True))
            }
    return results
