"""Run locust headless against a loopback server, bounded in time, and turn its samples into latency figures: one
scenario at a fixed number of users (``run_locust``), or the soak's users in a step ramp (``run_ramp``)."""

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
RAMPFILE = Path(__file__).resolve().parent / "ramp.py"


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


def _locust_command(*, host: str, locustfile: Path, csv: Path, locust: str | None) -> list[str]:
    """Locust headless against ``host``, its CSV files at ``csv``_*.csv, warnings only."""
    locust = locust or str(Path(sys.executable).with_name("locust"))
    return [
        locust,
        *("-f", str(locustfile), "--headless", "--host", host, "--csv", str(csv), "--only-summary"),
        *("--loglevel", "WARNING", "--exit-code-on-error", "0"),
    ]


def _locust_env(plan_path: Path, scenario: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "BENCH_SCENARIO": scenario,
        "BENCH_PLAN": str(plan_path),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


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
    command = [
        *_locust_command(host=host, locustfile=LOCUSTFILE, csv=out_dir / scenario, locust=locust),
        *("--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--stop-timeout", "10"),
    ]
    env = _locust_env(plan_path, scenario, BENCH_SAMPLES=str(samples_path), BENCH_ROUNDS=str(rounds))
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


def sustained(steps: list[dict], *, p95_ms: float) -> dict | None:
    """The highest step of a ramp whose p95 stayed within ``p95_ms`` with no error (nor 5xx, nor a request without
    an answer), or None when no step did."""
    passed = [step for step in steps if step["requests"] and step["errors"] == 0 and step["p95"] <= p95_ms]
    return max(passed, key=lambda step: step["users"]) if passed else None


def run_ramp(
    *,
    host: str,
    plan_path: Path,
    steps: list[int],
    step_seconds: float,
    out_dir: Path,
    p95_ms: float = 250,
    settle_seconds: float | None = None,
    locust: str | None = None,
) -> dict:
    """The soak's users (think time 0.5–1.5 s, the soak's endpoint mix) in a step ramp, ``steps`` users each for
    ``step_seconds`` (bench/ramp.py); the ramp stops after the first step over ``p95_ms`` or with an error. Each
    step is measured after it settled (``settle_seconds``, default a quarter of a step, at most 3 s: users are
    added at once, and requests of the step before are still finishing). Returns each step's figures and the
    sustained step (``sustained()``)."""
    check_loopback(host)
    out_dir.mkdir(parents=True, exist_ok=True)
    samples_path = out_dir / "ramp_samples.json"
    samples_path.unlink(missing_ok=True)
    settle = min(3.0, step_seconds / 4) if settle_seconds is None else settle_seconds
    env = _locust_env(
        plan_path,
        "soak",
        BENCH_RAMP=",".join(map(str, steps)),
        BENCH_STEP_SECONDS=str(step_seconds),
        BENCH_SETTLE_SECONDS=str(settle),
        BENCH_RAMP_P95_MS=str(p95_ms),
        BENCH_RAMP_SAMPLES=str(samples_path),
    )
    command = _locust_command(host=host, locustfile=RAMPFILE, csv=out_dir / "ramp", locust=locust)
    started = time.monotonic()
    completed = subprocess.run(  # noqa: S603 (our own locust with our own arguments)
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=len(steps) * step_seconds + 90,
        check=False,
    )
    if completed.returncode != 0 or not samples_path.exists():
        raise RuntimeError(f"locust (ramp) failed ({completed.returncode}): {completed.stderr[-2000:]}")
    recorded = json.loads(samples_path.read_text(encoding="utf-8"))
    figures = []
    for users, samples in zip(steps, recorded, strict=False):
        step = {"users": users, **summarise([s[1] for s in samples], [s[2] for s in samples], step_seconds - settle)}
        by_name: dict[str, list[float]] = {}
        for name, ms, _status in samples:
            by_name.setdefault(name, []).append(ms)
        if by_name:
            slowest = max(by_name, key=lambda name: percentile(by_name[name], 0.95))
            step["slowest"] = {"name": slowest, "p95": _round(percentile(by_name[slowest], 0.95))}
        figures.append(step)
    best = sustained(figures, p95_ms=p95_ms)
    return {
        "p95_limit_ms": p95_ms,
        "step_seconds": step_seconds,
        "settle_seconds": settle,
        "planned_steps": steps,
        "steps": figures,
        "sustained": best,
        # The ramp ended on a step over the limit: the sustained figure is the machine's, not the ramp's ceiling.
        "saturated": bool(figures) and figures[-1] is not best,
        "elapsed_s": round(time.monotonic() - started, 1),
    }
