"""The throughput ramp, a locustfile: the soak's users of bench/locustfile.py (BENCH_SCENARIO=soak: think time
0.5–1.5 s, the soak's endpoint mix) in steps of BENCH_RAMP users ("4,8,16"), each step BENCH_STEP_SECONDS long.

Every request that ends after its step settled (BENCH_SETTLE_SECONDS into the step) is recorded with its step; the
ramp stops after the first step whose p95 is over BENCH_RAMP_P95_MS or that had an error (a higher step would only
be worse), and the samples go to BENCH_RAMP_SAMPLES as one list per step run. Run by ``bench.load.run_ramp``.
"""

from __future__ import annotations

import json
import os
import time

from locust import LoadTestShape, events

from bench.load import percentile
from bench.locustfile import BenchUser  # noqa: F401 (locust runs the users it finds in this module)

STEPS = [int(n) for n in os.environ.get("BENCH_RAMP", "4,8").split(",") if n]
STEP_SECONDS = float(os.environ.get("BENCH_STEP_SECONDS", "20"))
SETTLE_SECONDS = float(os.environ.get("BENCH_SETTLE_SECONDS", "3"))
P95_MS = float(os.environ.get("BENCH_RAMP_P95_MS", "250"))
SAMPLES_PATH = os.environ.get("BENCH_RAMP_SAMPLES", "")
RECORDED: list[list[tuple[str, float, int]]] = []
STARTED: list[float] = []  # when the shape started (the runner resets its clock at the start)


def _step_at(moment: float) -> int | None:
    """The step a request ending at ``moment`` is measured in; None while a step settles or after the last one."""
    if not STARTED:
        return None
    elapsed = moment - STARTED[0]
    step = int(elapsed // STEP_SECONDS)
    settled = elapsed - step * STEP_SECONDS >= SETTLE_SECONDS
    return step if settled and step < len(STEPS) else None


@events.request.add_listener
def _record(name, response_time, response=None, exception=None, **kwargs):
    step = _step_at(time.perf_counter())
    if step is not None:
        while len(RECORDED) <= step:
            RECORDED.append([])
        RECORDED[step].append((name, float(response_time), int(getattr(response, "status_code", 0) or 0)))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    if SAMPLES_PATH:
        with open(SAMPLES_PATH, "w", encoding="utf-8") as handle:
            json.dump(RECORDED, handle)


def _passed(step: int) -> bool:
    samples = RECORDED[step] if step < len(RECORDED) else []
    if not samples or any(status == 0 or status >= 400 for _name, _ms, status in samples):
        return False
    return percentile([ms for _name, ms, _status in samples], 0.95) <= P95_MS


class StepRamp(LoadTestShape):
    def reset_time(self):
        super().reset_time()
        STARTED[:] = [self.start_time]

    def tick(self):
        if not STARTED:
            STARTED.append(self.start_time)
        step = int(self.get_run_time() // STEP_SECONDS)
        if step >= len(STEPS) or (step > 0 and not _passed(step - 1)):
            return None
        # Every user of the step at once (its first second is not measured anyway).
        return STEPS[step], STEPS[step]
