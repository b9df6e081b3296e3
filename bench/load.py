"""Run locust headless against a loopback server, bounded in time, and turn its samples into latency figures."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.endpoints import LOOPBACK_HOSTS

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (the smallest value with at least ``fraction`` of the samples at or below it)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(times: list[float], statuses: list[int], seconds: float) -> dict:
    """p50/p95/p99 and counts for one endpoint's samples (times in milliseconds)."""
    return {
        "requests": len(times),
        "rps": round(len(times) / seconds, 2) if seconds > 0 else None,
        "p50": _round(percentile(times, 0.50)),
        "p95": _round(percentile(times, 0.95)),
        "p99": _round(percentile(times, 0.99)),
        "mean": _round(sum(times) / len(times)) if times else None,
        "max": _round(max(times)) if times else None,
        "errors": sum(1 for s in statuses if s == 0 or s >= 400),
        "status_5xx": sum(1 for s in statuses if s >= 500),
        "no_response": sum(1 for s in statuses if s == 0),
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def check_loopback(host: str) -> None:
    hostname = urlsplit(host).hostname or ""
    if hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"The benchmark only loads servers on the loopback interface, not {host!r}.")


def run_locust(
    *,
    host: str,
    plan_path: Path,
    scenario: str,
    users: int,
    seconds: int,
    out_dir: Path,
    locust: str | None = None,
    rounds: int = 1,
) -> dict:
    """One headless locust run of ``scenario`` (an endpoint name or "soak"); returns figures per request name.

    The "all" scenario sends every endpoint ``rounds`` times in turn and stops. Locust's CSV files
    (``<out_dir>/<scenario>_stats.csv`` …) are kept beside the exact samples it recorded.
    """
    check_loopback(host)
    out_dir.mkdir(parents=True, exist_ok=True)
    samples_path = out_dir / f"{scenario}_samples.json"
    samples_path.unlink(missing_ok=True)
    locust = locust or str(Path(sys.executable).with_name("locust"))
    command = [
        locust,
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(out_dir / scenario),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    env = {
        **os.environ,
        "BENCH_SCENARIO": scenario,
        "BENCH_PLAN": str(plan_path),
        "BENCH_SAMPLES": str(samples_path),
        "BENCH_ROUNDS": str(rounds),
        "PYTHONPATH": str(ROOT),
    }
    started = time.monotonic()
    # Bounded twice: locust's --run-time, and a hard limit here in case it hangs.
    completed = subprocess.run(  # noqa: S603 (our own locust with our own arguments)
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    elapsed = time.monotonic() - started
    if completed.returncode != 0 or not samples_path.exists():
        raise RuntimeError(f"locust failed ({completed.returncode}): {completed.stderr[-2000:]}")
    samples = json.loads(samples_path.read_text(encoding="utf-8"))
    by_name: dict[str, tuple[list[float], list[int]]] = {}
    for name, ms, status in samples:
        times, statuses = by_name.setdefault(name, ([], []))
        times.append(ms)
        statuses.append(status)
    # Requests per second over the time load was applied (start-up of the locust process excluded, roughly).
    window = min(elapsed, float(seconds)) if scenario != "approve" else elapsed
    result = {name: summarise(times, statuses, window) for name, (times, statuses) in by_name.items()}
    overall = summarise([s[1] for s in samples], [s[2] for s in samples], window)
    return {"elapsed_s": round(elapsed, 1), "users": users, "by_name": result, "all": overall}
