"""``make drill``: the deployment of the README's "several hosts" table on one machine, put through faults under load.

    DATABASE_URL=postgres://... python -m bench.drill [--initiatives 10000] [--broker-down 30] ...

Two gunicorn web processes (the load client alternates between them, as a proxy would, and leaves one that refuses
a connection alone for a few seconds), two Celery workers and one beat on a Redis the drill starts on a free
loopback port without persistence, an SMTP sink on another, and a database of its own on DATABASE_URL's server
(``<prefix>_<size>`` seeded with ``seed_scale`` and reused while unchanged, worked on as a copy). While sign-offs
and reads run, it

1. starts beat, whose start-up sweep meets the seeded portfolio's backlog of reminders, and SIGKILLs the worker
   running that sweep in the middle of it, then starts the worker again (the sweep comes back after the broker's
   visibility timeout, ``CELERY_VISIBILITY_TIMEOUT``);
2. stops the broker for ``--broker-down`` seconds and starts it again (empty: nothing was persisted);
3. SIGKILLs one web process and starts it again.

Then it waits for the outbox to drain, runs the operator's catch-up (``run_sweeps --send``: what it creates was due
but missed) and checks: no request answered 5xx, no connection error but to the killed web process, every reminder
created once and none missed, every email queued sent exactly once (the sink counts each ``X-Notification-ID``) or
marked failed, and the audit chains verify. The figures go to bench/drill-report.md and bench/drill-report.json.
Load goes to 127.0.0.1 only; every process the drill starts is in a process group of its own and is stopped at the
end whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import email.parser
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import psycopg

from bench.run import (
    BENCH_DIR,
    BIN,
    ROOT,
    Gunicorn,
    Server,
    add_data_set_arguments,
    add_output_arguments,
    collect_static,
    django_env,
    django_side,
    ensure_seeded,
    free_port,
    git_commit,
    machine,
    run_project_python,
    with_database,
)

READS = ["floor", "funnel_executive", "funnel_scoped", "detail", "inbox", "board_scoped"]
SWEEP_TASK = "governance.sweep_all"


def say(text: str) -> None:
    print(f"[drill {datetime.datetime.now().strftime('%H:%M:%S')}] {text}", flush=True)  # noqa: DTZ005


class Clock:
    """Seconds since the drill's load started, and the fault timeline."""

    def __init__(self):
        self.start = time.monotonic()
        self.events: list[dict] = []

    def now(self) -> float:
        return round(time.monotonic() - self.start, 1)

    def mark(self, event: str) -> None:
        self.events.append({"t": self.now(), "event": event})
        say(f"t={self.now():6.1f} s  {event}")


# --- processes ------------------------------------------------------------------------------------------------


class Processes:
    """Every process the drill starts, each the leader of its own process group; ``stop_all`` ends them all."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []
        self.pids: list[int] = []  # every process started, for the record (a test checks none outlives the drill)

    def start(self, command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
        with log.open("ab") as out:
            process = subprocess.Popen(  # noqa: S603 (our own programs and redis-server)
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.adopt(process)
        return process

    def adopt(self, process: subprocess.Popen) -> None:
        self.started.append(process)
        self.pids.append(process.pid)

    @staticmethod
    def signal_group(process: subprocess.Popen, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL to the whole group (a gunicorn master and its workers, a Celery worker and its pool)."""
        if process.poll() is not None:
            return
        self.signal_group(process, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)

    def stop(self, process: subprocess.Popen, *, timeout: float = 15) -> None:
        if process.poll() is not None:
            return  # ended (or killed) and reaped already: its group id may belong to someone else by now
        self.signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill(process)
        self.signal_group(process, signal.SIGKILL)  # whatever of the group outlived its leader

    def stop_all(self) -> None:
        for process in reversed(self.started):
            self.stop(process, timeout=10)
        self.started.clear()


class Redis:
    """redis-server on a free loopback port, nothing persisted, so a restart starts empty as a lost host does."""

    def __init__(self, processes: Processes, log: Path):
        self.processes = processes
        self.log = log
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = self.processes.start(command, env=dict(os.environ), log=self.log)
        wait_for_port(self.port, what="redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.processes.stop(self.process)
            self.process = None


def wait_for_port(port: int, *, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} s")


class SmtpSink:
    """A minimal SMTP server on a free loopback port, in a thread: it accepts every message and records the
    ``X-Notification-ID`` header of each (the delivery code sets it to the notification's id)."""

    def __init__(self):
        self.port = free_port()
        self.received: list[str] = []
        self.without_id = 0
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name="smtp-sink")
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the SMTP sink did not start")

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._session, "127.0.0.1", self.port))
        self.ready.set()
        self.loop.run_forever()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def reply(text: str) -> None:
            writer.write(text.encode() + b"\r\n")

        reply("220 drill-sink ESMTP")
        lines: list[bytes] | None = None
        try:
            while line := await reader.readline():
                if lines is not None:
                    if line.rstrip(b"\r\n") == b".":
                        self._record(b"".join(lines))
                        lines = None
                        reply("250 OK queued")
                    else:
                        lines.append(line[1:] if line.startswith(b"..") else line)
                    continue
                verb = line[:4].upper()
                if verb == b"EHLO":
                    reply("250-drill-sink\r\n250-8BITMIME\r\n250 SMTPUTF8")
                elif verb == b"DATA":
                    lines = []
                    reply("354 End data with <CR><LF>.<CR><LF>")
                elif verb == b"QUIT":
                    reply("221 Bye")
                    await writer.drain()
                    break
                else:  # HELO, MAIL, RCPT, RSET, NOOP
                    reply("250 OK")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    def _record(self, data: bytes) -> None:
        headers = email.parser.BytesHeaderParser().parsebytes(data)
        notification_id = headers.get("X-Notification-ID")
        if notification_id:
            self.received.append(notification_id.strip())
        else:
            self.without_id += 1

    def close(self) -> None:
        def shut() -> None:
            self.server.close()
            self.loop.stop()

        self.loop.call_soon_threadsafe(shut)
        self.thread.join(timeout=5)


# --- load ---------------------------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    port: int
    down_until: float = 0.0


@dataclass
class Load:
    """Threads that sign and read against the web processes in turn until stopped; every request's outcome."""

    plan: dict
    users: int
    signoff_share: float
    clock: Clock
    targets: list[Target] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    killed: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.approvals = list(self.plan["requests"]["approve"])
        self.turn = 0
        self.threads = [threading.Thread(target=self._user, args=(i,), daemon=True) for i in range(self.users)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def replace(self, name: str, target: Target | None) -> None:
        with self.lock:
            self.targets = [t for t in self.targets if t.name != name] + ([target] if target else [])

    def _next_target(self) -> Target | None:
        with self.lock:
            now = time.monotonic()
            live = [t for t in self.targets if t.down_until <= now] or list(self.targets)
            self.turn += 1
            return live[self.turn % len(live)] if live else None

    def _next_request(self, rng: random.Random) -> tuple[str, dict]:
        if rng.random() < self.signoff_share:
            with self.lock:
                if self.approvals:
                    return "signoff", self.approvals.pop()
        name = rng.choice(READS)
        return name, rng.choice(self.plan["requests"][name])

    def _user(self, index: int) -> None:
        rng = random.Random(index)  # noqa: S311 (load mix, not secrets)
        while not self.stop_event.is_set():
            target = self._next_target()
            if target is None:
                time.sleep(0.1)
                continue
            name, request = self._next_request(rng)
            self.results.append(self._send(target, name, request))
            self.stop_event.wait(rng.uniform(0.02, 0.15))

    def _send(self, target: Target, name: str, request: dict) -> dict:
        started = self.clock.now()
        method, body = ("POST", json.dumps(request["json"]).encode()) if "json" in request else ("GET", None)
        headers = dict(request["headers"])
        if body is not None:
            headers["Content-Type"] = "application/json"
        outcome: dict = {"name": name, "target": target.name, "t": started}
        connection = http.client.HTTPConnection("127.0.0.1", target.port, timeout=60)
        try:
            connection.request(method, request["path"], body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            outcome["status"] = response.status
        except (OSError, http.client.HTTPException) as exc:
            outcome["status"] = 0
            outcome["error"] = type(exc).__name__
            target.down_until = time.monotonic() + 3  # as a proxy's passive health check would
        finally:
            connection.close()
        outcome["to_killed"] = target.name in self.killed
        outcome["ms"] = round((self.clock.now() - started) * 1000)
        return outcome


def request_figures(results: list[dict]) -> dict:
    def bucket(status: int) -> str:
        return "no answer" if status == 0 else f"{status // 100}xx"

    by_name: dict[str, Counter] = {}
    for result in results:
        by_name.setdefault(result["name"], Counter())[bucket(result["status"])] += 1
    errors = [r for r in results if r["status"] == 0]
    return {
        "total": len(results),
        "by_outcome": dict(Counter(bucket(r["status"]) for r in results)),
        "by_status": {str(k): v for k, v in sorted(Counter(r["status"] for r in results).items())},
        "by_kind": {name: dict(counts) for name, counts in sorted(by_name.items())},
        "status_5xx": sum(1 for r in results if r["status"] >= 500),
        "connection_errors_killed_web": sum(1 for r in errors if r["to_killed"]),
        "connection_errors_live_web": sum(1 for r in errors if not r["to_killed"]),
        "connection_error_types": dict(Counter(r.get("error", "") for r in errors)),
        "signoffs_accepted": sum(1 for r in results if r["name"] == "signoff" and 200 <= r["status"] < 300),
        "answered_5xx": [r for r in results if r["status"] >= 500],
    }


# --- Celery ---------------------------------------------------------------------------------------------------


class Celery:
    """A worker or beat, logging to its own file (the drill reads what it received and finished there)."""

    def __init__(self, processes: Processes, env: dict[str, str], out: Path, name: str, *args: str):
        self.processes, self.env, self.name = processes, env, name
        self.log = out / f"{name}.log"
        self.args = args
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [str(BIN / "celery"), "-A", "config", *self.args, "--loglevel", "INFO"]
        self.process = self.processes.start(command, env=self.env, log=self.log)

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        if self.process is not None:
            self.processes.kill(self.process)


def worker(processes: Processes, env: dict[str, str], out: Path, index: int) -> Celery:
    return Celery(
        processes,
        env,
        out,
        f"worker-{index}",
        "worker",
        "--hostname",
        f"drill-{index}@%h",
        "--concurrency",
        "2",
        "--without-gossip",
        "--without-mingle",
    )


def sweep_events(text: str) -> tuple[list[str], list[str]]:
    """The ids of the sweep_all tasks a worker's log says it received and finished."""
    received = re.findall(rf"Task {SWEEP_TASK}\[([0-9a-f-]+)\] received", text)
    finished = re.findall(rf"Task {SWEEP_TASK}\[([0-9a-f-]+)\] (?:succeeded|failed|retry)", text)
    return received, finished


def outbox_runs(workers: list[Celery]) -> int:
    """How many runs of the event outbox the workers' logs show finished."""
    pattern = r"Task governance\.process_notification_outbox\[[0-9a-f-]+\] succeeded"
    return sum(len(re.findall(pattern, w.text())) for w in workers)


def wait_until(condition, *, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


# --- the checks -----------------------------------------------------------------------------------------------


EMAILED = ("pending", "sending", "sent", "failed")


def outbox_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT status, count(*) FROM governance_notification GROUP BY status").fetchall()
    return {status: count for status, count in rows}


def notification_figures(url: str, sink: SmtpSink) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT id, status, kind FROM governance_notification").fetchall()
        duplicate_keys = conn.execute(
            "SELECT count(*) FROM (SELECT dedupe_key FROM governance_notification GROUP BY dedupe_key "
            "HAVING count(*) > 1) d"
        ).fetchone()[0]
        # Independent of the key's spelling: one reminder per (kind, target, recipient, period and threshold).
        duplicate_reminders = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM governance_notification GROUP BY kind, target_type, target_id, "
            "recipient_id, split_part(dedupe_key, ':', array_length(string_to_array(dedupe_key, ':'), 1) - 2), "
            "split_part(dedupe_key, ':', array_length(string_to_array(dedupe_key, ':'), 1) - 1) "
            "HAVING count(*) > 1) d"
        ).fetchone()[0]
    received = Counter(sink.received)
    status = {str(pk): state for pk, state, _kind in rows}
    emailed = [pk for pk, state in status.items() if state in EMAILED]
    sent = [pk for pk in emailed if status[pk] == "sent"]
    return {
        "notifications": len(rows),
        "by_status": dict(Counter(state for state in status.values())),
        "by_kind": dict(Counter(kind for _pk, _state, kind in rows)),
        "duplicate_dedupe_keys": duplicate_keys,
        "duplicate_reminders": duplicate_reminders,
        "emails_queued": len(emailed),
        "emails_sent": len(sent),
        "emails_failed": sum(1 for pk in emailed if status[pk] == "failed"),
        "emails_pending": sum(1 for pk in emailed if status[pk] in ("pending", "sending")),
        "messages_received": sum(received.values()),
        "messages_without_id": sink.without_id,
        "emails_duplicated": sum(1 for pk in received if received[pk] > 1),
        "duplicate_messages": sum(count - 1 for count in received.values() if count > 1),
        "sent_not_received": sum(1 for pk in sent if received[pk] == 0),
        # At most once: a send whose worker died after the message left, before it was marked, is marked failed
        # once its claim lapses and never sent again. That message was received once; it is counted, not a breach.
        "received_marked_failed": sum(1 for pk in received if status.get(pk) == "failed"),
        "received_not_sent": sum(1 for pk in received if status.get(pk) not in ("sent", "failed")),
    }


def run_manage(database_url: str, env: dict[str, str], *args: str) -> tuple[int, str]:
    completed = run_project_python(database_url, ["manage.py", *args], timeout=900, env=env)
    return completed.returncode, (completed.stdout + completed.stderr).strip()


def catch_up(database_url: str, env: dict[str, str]) -> dict:
    """The operator's catch-up after an outage: every sweep once and every unsent email now. Whatever it creates
    was due and missed by the drilled deployment; whatever it sends had not been sent by the drain's end."""
    code, output = run_manage(database_url, env, "run_sweeps", "--send")
    if code != 0:
        raise RuntimeError(f"run_sweeps --send failed:\n{output[-3000:]}")
    created = int(re.search(r"(\d+) notifications created", output).group(1))
    sent = re.search(r"emails sent now\s+(\d+)", output)
    return {"created": created, "sent": int(sent.group(1)) if sent else 0, "output": output.splitlines()}


def verify_chains(database_url: str, env: dict[str, str]) -> dict:
    code, output = run_manage(database_url, env, "verify_audit_chain")
    return {"ok": code == 0, "exit_code": code, "output": output.splitlines()[-3:]}


def checks(data: dict) -> list[dict]:
    requests, mail, reminders = data["requests"], data["notifications"], data["reminders"]
    rows = [
        ("No request answered 5xx", requests["status_5xx"] == 0, f"{requests['status_5xx']} of {requests['total']}"),
        (
            "No connection error but to the killed web process",
            requests["connection_errors_live_web"] == 0,
            f"{requests['connection_errors_live_web']} to live processes, "
            f"{requests['connection_errors_killed_web']} to the killed one",
        ),
        (
            "Every reminder created once",
            mail["duplicate_dedupe_keys"] == 0 and mail["duplicate_reminders"] == 0,
            f"{mail['duplicate_reminders']} duplicated of {reminders['created_during_drill']:,} created",
        ),
        (
            "No reminder due was missed",
            reminders["missed"] == 0,
            f"{reminders['missed']} created by the catch-up sweep of {reminders['due']:,} due",
        ),
        (
            "Every email queued sent exactly once or marked failed",
            mail["emails_pending"] == 0
            and mail["emails_duplicated"] == 0
            and mail["sent_not_received"] == 0
            and mail["received_not_sent"] == 0
            and mail["messages_without_id"] == 0,
            f"{mail['emails_queued']:,} queued: {mail['emails_sent']:,} sent, {mail['emails_failed']} failed, "
            f"{mail['emails_pending']} pending; {mail['messages_received']:,} received "
            f"({mail['received_marked_failed']} of them marked failed: their worker died mid-send), "
            f"{mail['emails_duplicated']} duplicated",
        ),
        ("The audit chains verify", data["audit_chain"]["ok"], data["audit_chain"]["output"][-1:]),
    ]
    return [{"check": name, "ok": bool(ok), "figure": figure} for name, ok, figure in rows]


# --- the drill ------------------------------------------------------------------------------------------------


def prepare(args, out: Path) -> tuple[Server, str, dict]:
    """The seeded database (reused while unchanged), a working copy of it, and the load's plan."""
    server = Server(os.environ["DATABASE_URL"])
    seed_args = SimpleNamespace(
        prefix=args.prefix, users=args.users, business_units=args.business_units, seed=args.seed
    )
    seeded = ensure_seeded(server, seed_args, args.initiatives)
    work = f"{seeded['database']}_run"
    server.drop(work)
    server.create(work, template=seeded["database"])
    url = with_database(server.url, work)
    with psycopg.connect(url, autocommit=True) as conn:
        # One person in N keeps an email address, so the mail of the first sweep's backlog stays bounded.
        conn.execute("UPDATE auth_user SET email = '' WHERE id %% %s <> 0", [args.email_every])
    plan_path = out / "plan.json"
    django_side(url, "plan", str(plan_path))
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    return server, url, {**seeded, "work": work, "plan": plan}


def run(args) -> dict:
    """The whole drill; returns the report's data (written to ``args.report_dir`` as well)."""
    out = Path(args.results)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.log"):
        old.unlink()
    started = time.monotonic()
    server, url, prepared = prepare(args, out)
    plan = prepared["plan"]
    say(f"{prepared['work']}: {plan['initiatives']:,} initiatives, {len(plan['requests']['approve'])} sign-offs ready")
    collect_static(url)

    processes = Processes()
    sink = SmtpSink()
    redis = Redis(processes, out / "redis.log")
    clock = Clock()
    data: dict = {}
    load: Load | None = None
    try:
        redis.start()
        env = {
            **django_env(url),
            "CELERY_BROKER_URL": redis.url,
            "CELERY_VISIBILITY_TIMEOUT": str(args.visibility_timeout),
            # A send whose worker was killed is marked failed this long after its claim (600 s in production).
            "EMAIL_SEND_CLAIM_SECONDS": "15",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "EMAIL_USE_TLS": "False",
            "LOG_LEVEL": "INFO",
        }
        webs = {}
        for name in ("web-1", "web-2"):
            webs[name] = Gunicorn(
                url, workers=args.web_workers, log=out / f"{name}.log", env=env, output=out / f"{name}-app.log"
            )
            processes.adopt(webs[name].process)
        workers = [worker(processes, env, out, 1), worker(processes, env, out, 2)]
        for each in workers:
            each.start()
        beat = Celery(processes, env, out, "beat", "beat", "--schedule", str(out / "celerybeat-schedule"))
        (out / "celerybeat-schedule").unlink(missing_ok=True)

        before = outbox_counts(url)
        load = Load(plan=plan, users=args.load_users, signoff_share=args.signoff_share, clock=clock)
        load.targets = [Target(name, web.port) for name, web in webs.items()]
        clock.start = time.monotonic()
        load.start()
        clock.mark(f"load started: {args.load_users} users on web-1 and web-2")
        time.sleep(args.warm_seconds)

        # 1. A worker killed in the middle of the backlog sweep.
        beat.start()
        clock.mark("beat started (its start-up sweep meets the backlog)")
        wait_until(lambda: any(sweep_events(w.text())[0] for w in workers), timeout=60)
        running = [w for w in workers if sweep_events(w.text())[0]]
        sweep = {"killed_mid_sweep": False}
        if running:
            victim = running[0]
            clock.mark(f"{victim.name} received the sweep")
            time.sleep(args.kill_after)
            sweep["finished_before_kill"] = bool(sweep_events(victim.text())[1])
            victim.kill()
            sweep["killed_mid_sweep"] = not sweep["finished_before_kill"]
            clock.mark(f"{victim.name} SIGKILLed ({'after' if sweep['finished_before_kill'] else 'during'} the sweep)")
            time.sleep(args.restart_after)
            victim.start()
            clock.mark(f"{victim.name} started again")
            if sweep["killed_mid_sweep"]:
                done = wait_until(
                    lambda: any(sweep_events(w.text())[1] for w in workers),
                    timeout=args.visibility_timeout + 60,
                    step=1,
                )
                sweep["redelivered_and_finished"] = done
                clock.mark("the sweep was delivered again and finished" if done else "the sweep did not come back")
        else:
            clock.mark("no worker received the sweep within 60 s")

        # 2. The broker down and back, empty.
        time.sleep(args.pause)
        redis.stop()
        clock.mark(f"broker stopped for {args.broker_down} s")
        time.sleep(args.broker_down)
        redis.start()
        clock.mark("broker started again (empty)")

        # 3. A web process killed under load.
        time.sleep(args.pause)
        load.killed.add("web-2")
        processes.kill(webs["web-2"].process)
        clock.mark("web-2 SIGKILLed")
        time.sleep(args.restart_after)
        webs["web-2"] = Gunicorn(
            url, workers=args.web_workers, log=out / "web-2.log", env=env, output=out / "web-2-app.log"
        )
        processes.adopt(webs["web-2"].process)
        load.replace("web-2", Target("web-2 (restarted)", webs["web-2"].port))
        clock.mark("web-2 started again")

        time.sleep(args.tail_seconds)
        load.stop()
        clock.mark(f"load stopped after {len(load.results):,} requests")
        # The last sign-offs' events become notifications at beat's next outbox run (every 30 s).
        handled = outbox_runs(workers)
        wait_until(lambda: outbox_runs(workers) > handled, timeout=60, step=1)
        clock.mark("beat's outbox run after the load finished")

        # Drain: the workers and beat finish what is queued, the resend sweep what the broker lost.
        drained = wait_until(lambda: outbox_counts(url).get("pending", 0) == 0, timeout=args.drain_seconds, step=2)
        clock.mark("outbox drained" if drained else f"outbox not drained after {args.drain_seconds} s")
        pending_after_drain = outbox_counts(url).get("pending", 0)
        beat.kill()
        for each in workers:
            each.kill()
        clock.mark("beat and workers stopped")
        for web in webs.values():
            web.stop()

        created_during = sum(outbox_counts(url).values()) - sum(before.values())
        catch = catch_up(url, env)
        clock.mark(f"catch-up: {catch['created']} created, {catch['sent']} sent")
        time.sleep(0.5)  # the sink's last messages
        data = {
            "requests": request_figures(load.results),
            "sweep": sweep,
            "reminders": {
                "existing_before": sum(before.values()),
                "created_during_drill": created_during,
                "missed": catch["created"],
                "due": created_during + catch["created"],
            },
            "catch_up": catch,
            "pending_after_drain": pending_after_drain,
            "notifications": notification_figures(url, sink),
            "audit_chain": verify_chains(url, env),
        }
    finally:
        if load is not None:
            load.stop()
        processes.stop_all()
        sink.close()
        if not args.keep and data:
            server.drop(prepared["work"])
    data.update(
        {
            "timeline": clock.events,
            "process_groups": processes.pids,
            "database": {k: prepared[k] for k in ("database", "reused", "seed_seconds", "work")},
            "config": {k: v for k, v in vars(args).items() if k not in ("results", "report_dir")},
            "initiatives": plan["initiatives"],
            "commit": git_commit(),
            "machine": machine(server.version()[1]),
            "total_seconds": round(time.monotonic() - started),
            "load_seconds": next((e["t"] for e in clock.events if e["event"].startswith("load stopped")), None),
        }
    )
    data["checks"] = checks(data)
    write(data, Path(args.report_dir))
    return data


# --- the report -----------------------------------------------------------------------------------------------


def markdown(data: dict) -> str:
    requests, mail, reminders = data["requests"], data["notifications"], data["reminders"]
    m = data["machine"]
    config = data["config"]
    lines = [
        "# Fault drill",
        "",
        f"`python -m bench.drill` (`make drill`), commit `{data['commit']}`: {data['total_seconds']} s in all, "
        f"{data['load_seconds']} s under load. {m['cpu']}, {m['cores']} cores, Python {m['python']}, "
        f"{m['postgresql'].split(',')[0]}, load average {m['load_average_at_start']} at the start.",
        "",
        f"Two gunicorn web processes ({config['web_workers']} workers each), two Celery workers (2 processes each), "
        f"one beat, Redis without persistence, an SMTP sink; {data['initiatives']:,} generated initiatives "
        f"(`seed_scale`, {config['users']:,} users, {config['business_units']} units, one person in "
        f"{config['email_every']} with an email address); {config['load_users']} load threads signing "
        f"({round(config['signoff_share'] * 100)}% of requests while sign-offs last) and reading; "
        f"visibility timeout {config['visibility_timeout']} s.",
        "",
        "## Checks",
        "",
        "| check | result | figure |",
        "|---|---|---|",
    ]
    for row in data["checks"]:
        figure = row["figure"] if isinstance(row["figure"], str) else "; ".join(row["figure"])
        lines.append(f"| {row['check']} | {'met' if row['ok'] else '**failed**'} | {figure} |")
    lines += ["", "## Fault timeline", "", "| t (s) | event |", "|---|---|"]
    lines += [f"| {e['t']} | {e['event']} |" for e in data["timeline"]]
    lines += ["", "## Requests", "", "| outcome | count |", "|---|---|"]
    lines += [f"| {k} | {v:,} |" for k, v in sorted(requests["by_outcome"].items())]
    lines += [
        f"| total | {requests['total']:,} |",
        f"| sign-offs accepted | {requests['signoffs_accepted']:,} |",
        f"| connection errors to the killed web process (in flight, or refused while it was down) | "
        f"{requests['connection_errors_killed_web']} |",
        f"| connection errors to a live web process | {requests['connection_errors_live_web']} |",
        "",
        "| request | " + " | ".join(sorted(requests["by_outcome"])) + " |",
        "|---|" + "---|" * len(requests["by_outcome"]),
    ]
    for name, counts in requests["by_kind"].items():
        lines.append(f"| {name} | " + " | ".join(str(counts.get(k, 0)) for k in sorted(requests["by_outcome"])) + " |")
    lines += [
        "",
        "## Reminders and emails",
        "",
        "| figure | count |",
        "|---|---|",
        f"| notifications before the drill | {reminders['existing_before']:,} |",
        f"| created during the drill (sweeps and events) | {reminders['created_during_drill']:,} |",
        f"| due but missed (created by the catch-up sweep) | {reminders['missed']} |",
        f"| duplicated (same kind, target, recipient, period and threshold) | {mail['duplicate_reminders']} |",
        f"| emails queued (rows with an address) | {mail['emails_queued']:,} |",
        f"| emails sent | {mail['emails_sent']:,} |",
        f"| emails marked failed | {mail['emails_failed']} |",
        f"| still pending after the drain | {data['pending_after_drain']} |",
        f"| sent by the catch-up (`run_sweeps --send`) | {data['catch_up']['sent']} |",
        f"| messages the SMTP sink received | {mail['messages_received']:,} |",
        f"| emails received more than once | {mail['emails_duplicated']} |",
        f"| rows marked sent but never received | {mail['sent_not_received']} |",
        f"| received but marked failed (worker died mid-send; at most once) | {mail['received_marked_failed']} |",
        "",
        f"Sweep killed mid-way: {data['sweep'].get('killed_mid_sweep')}; delivered again and finished: "
        f"{data['sweep'].get('redelivered_and_finished', '–')}. Audit chains: "
        f"{'; '.join(data['audit_chain']['output'])}",
        "",
    ]
    return "\n".join(lines)


def write(data: dict, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "drill-report.json").write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    (directory / "drill-report.md").write_text(markdown(data), encoding="utf-8")


# The fault timeline, in seconds: option, default, what it times.
TIMELINE = [
    ("--warm-seconds", 10, "load before the first fault"),
    ("--kill-after", 1.5, "time into the sweep the worker dies"),
    ("--restart-after", 5, "time a killed process stays dead"),
    ("--broker-down", 30, "time the broker is stopped"),
    ("--pause", 10, "time between faults"),
    ("--tail-seconds", 20, "load after the last fault"),
    ("--drain-seconds", 480, "longest wait for the outbox to drain"),
]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--initiatives", type=int, default=10_000)
    add_data_set_arguments(parser, users=2_000, business_units=100, prefix="drill_genai_tracker")
    parser.add_argument("--email-every", type=int, default=10, help="one person in N keeps an email address")
    parser.add_argument("--load-users", type=int, default=6, help="load threads")
    parser.add_argument("--signoff-share", type=float, default=0.3, help="share of requests that sign")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per web process")
    parser.add_argument("--visibility-timeout", type=int, default=45, help="CELERY_VISIBILITY_TIMEOUT for the drill")
    for option, seconds, meaning in TIMELINE:
        parser.add_argument(option, type=float, default=seconds, help=f"{meaning} (seconds)")
    add_output_arguments(parser, results=BENCH_DIR / "results" / "drill", what="process logs", report="drill-report")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        print("DATABASE_URL is not set: run `make drill` (it starts the embedded server) or set it.", file=sys.stderr)
        return 2
    data = run(args)
    for row in data["checks"]:
        say(f"{'met   ' if row['ok'] else 'FAILED'} {row['check']}: {row['figure']}")
    say(f"done in {data['total_seconds']} s: {args.report_dir}/drill-report.md")
    return 0 if all(row["ok"] for row in data["checks"]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
