"""Locust users for the benchmark: one endpoint per run (BENCH_SCENARIO), the mixed soak ("soak"), or every endpoint
in turn ("all", the smoke test's quick pass).

Reads the plan written by ``bench.plan`` (BENCH_PLAN) and records every request's exact time and status code to
BENCH_SAMPLES when locust quits (its own CSV percentiles are rounded). Refuses any host but loopback.
Run by ``bench.load``; by hand: ``locust -f bench/locustfile.py --headless --host http://127.0.0.1:PORT ...``.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, constant, events, task
from locust.exception import StopUser

from bench.endpoints import LOOPBACK_HOSTS, WORK_ENDPOINTS

SCENARIO = os.environ.get("BENCH_SCENARIO", "floor")
PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text(encoding="utf-8")) if os.environ.get("BENCH_PLAN") else {}
SAMPLES_PATH = os.environ.get("BENCH_SAMPLES", "")
SAMPLES: list[tuple[str, float, int]] = []

requests_by_name = PLAN.get("requests", {})
# Reads cycle through their requests; sign-offs are used once each (they change data).
cycles = {name: itertools.cycle(items) for name, items in requests_by_name.items() if name != "approve" and items}
one_shot = {
    "approve": list(reversed(requests_by_name.get("approve", []))),
    "soak": list(reversed(PLAN.get("soak_approve", []))),
}

# The "all" scenario: every endpoint BENCH_ROUNDS times (default once), in turn, then stop (the probes too).
NAMES = [*cycles, "approve"]
ROUND_ROBIN = itertools.cycle(NAMES)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
ISSUED = [0]
FINISHING: list = []


@events.init.add_listener
def _check_host(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname or ""
    if host not in LOOPBACK_HOSTS:
        raise SystemExit(f"bench/locustfile.py only loads loopback servers, not {environment.host!r}.")


@events.request.add_listener
def _record(name, response_time, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    SAMPLES.append((name, float(response_time), int(status)))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    if SAMPLES_PATH:
        with open(SAMPLES_PATH, "w", encoding="utf-8") as handle:
            json.dump(SAMPLES, handle)


class BenchUser(HttpUser):
    # A closed loop without think time for the per-endpoint runs (latency at a fixed concurrency); simulated users
    # who pause between requests for the soak.
    wait_time = between(0.5, 1.5) if SCENARIO == "soak" else constant(0)

    def send(self, name: str, request: dict) -> None:
        kwargs = {"headers": request.get("headers", {}), "name": name, "catch_response": True}
        method = "POST" if "json" in request else "GET"
        if "json" in request:
            kwargs["json"] = request["json"]
        with self.client.request(method, request["path"], allow_redirects=False, **kwargs) as response:
            if response.status_code >= 400 or response.status_code == 0:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
            else:
                response.success()

    def finish(self) -> None:
        # Quit from a greenlet of its own: quitting kills every user's greenlet, this one included.
        if not FINISHING:
            FINISHING.append(gevent.spawn(self.environment.runner.quit))
        raise StopUser

    def next_one_shot(self, pool: str) -> dict | None:
        queue = one_shot[pool]
        return queue.pop() if queue else None

    @task
    def one_request(self):
        if SCENARIO == "soak":
            self.soak()
        elif SCENARIO == "all":
            if ISSUED[0] >= ROUNDS * len(NAMES):
                self.finish()  # every endpoint had its rounds
            ISSUED[0] += 1
            name = next(ROUND_ROBIN)
            request = self.next_one_shot("approve") if name == "approve" else next(cycles[name])
            if request is not None:
                self.send(name, request)
        elif SCENARIO == "approve":
            request = self.next_one_shot("approve")
            if request is None:
                self.finish()  # every prepared sign-off is used: end the run instead of idling until the time limit
            self.send("approve", request)
        else:
            self.send(SCENARIO, next(cycles[SCENARIO]))

    def soak(self):
        # Mostly reads, like a working day; a sign-off now and then while prepared ones last.
        if random.random() < 0.1:  # noqa: S311
            request = self.next_one_shot("soak")
            if request is not None:
                self.send("approve", request)
                return
        name = random.choice([e.name for e in WORK_ENDPOINTS if e.name in cycles])  # noqa: S311
        self.send(name, next(cycles[name]))
