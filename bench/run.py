"""``make bench``: seed two databases, serve each with gunicorn as production does, load it with locust, count the
queries, time the funnel's raw SQL and the reminder sweeps, and write bench/report.md and bench/report.json.

    DATABASE_URL=postgres://... python -m bench.run [--sizes 1000,100000] [--seconds 15] ...

Databases live on DATABASE_URL's server (``make bench`` starts the embedded one when it is not set):
``genai_bench_<size>`` holds the generated portfolio and is reused while its size, seed and generator are
unchanged (a comment on the database records them); each run works on a copy, ``genai_bench_<size>_run``, because
sign-offs and sweeps write. Above ``--in-place-above`` initiatives (a million: no room on disk for a copy) the run
works on the seeded database itself, whose marker it clears first: the next run seeds it again. Load goes to
127.0.0.1 only.

    python -m bench.run --sizes 100000,1000000      # ``make bench-million``
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from bench import report
from bench.endpoints import READ_ENDPOINTS
from bench.funnel_sql import time_funnel_sql
from bench.load import run_locust, run_ramp

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
PYTHON = sys.executable
BIN = Path(sys.executable).parent
GENERATOR = ROOT / "bench" / "seed.py"
SECRET_KEY = "bench-only-secret-key-never-used-elsewhere-0123456789abcdefghijklmnop"  # noqa: S105


def say(text: str) -> None:
    print(f"[bench {datetime.datetime.now().strftime('%H:%M:%S')}] {text}", flush=True)  # noqa: DTZ005


# --- databases --------------------------------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    """``url`` with its database name replaced (works for host URLs and for ?host=/socket/dir ones)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


class Server:
    """The PostgreSQL server DATABASE_URL points at: create, copy and drop the benchmark's databases there."""

    def __init__(self, url: str):
        self.url = url

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True)

    def version(self) -> tuple[int, str]:
        with self.admin() as conn:
            number = int(conn.execute("SHOW server_version_num").fetchone()[0])
            text = conn.execute("SELECT version()").fetchone()[0]
        return number, text

    def comment(self, name: str) -> str | None:
        """None when the database does not exist, else its comment ("" when it has none)."""
        with self.admin() as conn:
            row = conn.execute(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = %s",
                [name],
            ).fetchone()
        return None if row is None else row[0]

    def set_comment(self, name: str, text: str) -> None:
        with self.admin() as conn:
            conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(text)))

    def drop(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))

    def create(self, name: str, *, template: str | None = None) -> None:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            if self.version()[0] >= 150000:
                statement += sql.SQL(" STRATEGY FILE_COPY")  # a file copy: far quicker than WAL-logging every page
        with self.admin() as conn:
            conn.execute(statement)

    def size(self, name: str) -> str:
        with self.admin() as conn:
            return conn.execute("SELECT pg_size_pretty(pg_database_size(%s))", [name]).fetchone()[0]

    def size_bytes(self, name: str) -> int:
        with self.admin() as conn:
            return conn.execute("SELECT pg_database_size(%s)", [name]).fetchone()[0]


# --- Django and gunicorn processes ------------------------------------------------------------------------------


def django_env(database_url: str) -> dict[str, str]:
    """Production settings, as a deployment would set them, on this machine's loopback."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        # The key the seeder hashed the generated audit events with (the settings' development default), so that
        # verify_audit_chain in these processes reads them as the seeder wrote them.
        "AUDIT_HMAC_KEY": os.environ.get("AUDIT_HMAC_KEY", "development-audit-key-not-for-production"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BENCH_PROBES": "True",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_STATIC_ROOT": str(ROOT / ".local" / "bench-static"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Emails queued by sign-offs and sweeps stay in this process: no broker, no worker, nothing sent.
        "CELERY_BROKER_URL": "memory://",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def run_project_python(
    database_url: str, command: list[str], *, timeout: int, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The project's own Python (``manage.py`` or a bench module) against ``database_url`` (or in ``env``), its
    output captured."""
    return subprocess.run(  # noqa: S603 (the project's own code)
        [PYTHON, *command],
        cwd=ROOT,
        env=env or django_env(database_url),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(database_url: str, *args: str, timeout: int = 3600) -> str:
    completed = run_project_python(database_url, ["manage.py", *args], timeout=timeout)
    if completed.returncode != 0:
        output = f"{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{output}")
    return completed.stdout


def django_side(database_url: str, *args: str, timeout: int = 1800) -> None:
    completed = run_project_python(database_url, ["-m", "bench.django_side", *args], timeout=timeout)
    if completed.returncode != 0:
        raise RuntimeError(f"bench.django_side {args[0]} failed:\n{completed.stderr[-4000:]}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``gunicorn config.wsgi`` on 127.0.0.1 and a free port, as the deployment section of the README runs it."""

    def __init__(
        self,
        database_url: str,
        *,
        workers: int,
        log: Path,
        env: dict[str, str] | None = None,
        output: Path | None = None,
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--error-logfile",
            str(log),
        ]
        # ``output``: where the application's own log (Django's errors) goes; the terminal otherwise.
        with open(output, "ab") if output else contextlib.nullcontext() as out:
            self.process = subprocess.Popen(  # noqa: S603 (our own server)
                command,
                cwd=ROOT,
                env=env or django_env(database_url),
                start_new_session=True,
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {log}")
            try:
                urllib.request.urlopen(self.url + "/accounts/login/", timeout=5)  # noqa: S310 (loopback)
            except urllib.error.HTTPError:
                return  # up and answering
            except OSError:
                time.sleep(0.3)
            else:
                return
        self.stop()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def warm_up(url: str, plan: dict, *, workers: int) -> None:
    """Every read endpoint, ``workers`` requests at once, so every worker has imported everything and caches are
    warm before anything is measured."""

    def fetch(request: dict, name: str) -> None:
        http = urllib.request.Request(url + request["path"], headers=request["headers"])  # noqa: S310 (loopback)
        try:
            urllib.request.urlopen(http, timeout=300).read()  # noqa: S310 (loopback)
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"warm-up: {name} answered {error.code}") from error

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for endpoint in READ_ENDPOINTS:
            request = plan["requests"][endpoint.name][0]
            for future in [pool.submit(fetch, request, endpoint.name) for _ in range(workers)]:
                future.result()


def collect_static(url: str) -> None:
    """collectstatic for the production settings, skipped when static/ has not changed since the last run."""
    target = ROOT / ".local" / "bench-static"
    stamp = target / ".bench-stamp"
    files = sorted(p for p in (ROOT / "static").rglob("*") if p.is_file())
    digest = hashlib.sha256(
        "\n".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files).encode()
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("collecting static files for the production settings")
    manage(url, "collectstatic", "--no-input", "--verbosity", "0")
    stamp.write_text(digest)


# --- one size -------------------------------------------------------------------------------------------------


def generator_marker(args, size: int) -> str:
    """What a seeded database was made by: the generator and its arguments. Migrations added since are applied to
    a reused database; a migration rewritten since (see ``migrations_rewritten``) makes it seeded again."""
    digest = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:12]
    return (
        f"genai-bench seed_scale initiatives={size} users={args.users} business_units={args.business_units} "
        f"seed={args.seed} generator={digest}"
    )


def migration_digests() -> dict[str, str]:
    return {
        f"{path.parent.parent.name}/{path.name}": hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(ROOT.glob("*/migrations/0*.py"))
    }


def migrations_rewritten(url: str) -> list[str]:
    """Migrations that were applied when the database was seeded and whose files have changed since."""
    now = migration_digests()
    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass('bench_seeded_migration') IS NOT NULL").fetchone()[0]
        if not exists:
            return ["(no record of the migrations it was seeded with)"]
        rows = conn.execute("SELECT name, digest FROM bench_seeded_migration").fetchall()
    return [name for name, digest in rows if now.get(name) != digest]


def record_migrations(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_seeded_migration (name text PRIMARY KEY, digest text)")
        conn.execute("TRUNCATE bench_seeded_migration")
        with conn.cursor().copy("COPY bench_seeded_migration (name, digest) FROM STDIN") as copy:
            for row in migration_digests().items():
                copy.write_row(row)


def ensure_seeded(server: Server, args, size: int) -> dict:
    """The pristine generated database of ``size`` initiatives, seeded now or reused (the comment on the database
    is the generator's marker followed by how long seeding took)."""
    name = f"{args.prefix}_{size}"
    marker = generator_marker(args, size)
    url = with_database(server.url, name)
    comment = server.comment(name) or ""
    if comment.startswith(marker + " ") and not args.reseed:
        rewritten = migrations_rewritten(url)
        if not rewritten:
            seconds = int(comment.rsplit("seed_seconds=", 1)[-1]) if "seed_seconds=" in comment else None
            say(f"{name}: reusing the portfolio seeded earlier ({server.size(name)}, seeded in {seconds} s)")
            manage(url, "migrate", "--no-input", timeout=3 * 3600)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("ANALYZE")
            return {"database": name, "reused": True, "seed_seconds": seconds, **_disk(server, name)}
        say(f"{name}: migrations changed since it was seeded ({', '.join(rewritten[:5])}); seeding again")
    say(f"{name}: seeding {size:,} initiatives (seed_scale)")
    server.drop(name)
    server.create(name)
    started = time.monotonic()
    manage(url, "migrate", "--no-input")
    manage(
        url,
        "seed_scale",
        "--initiatives",
        str(size),
        "--users",
        str(args.users),
        "--business-units",
        str(args.business_units),
        "--seed",
        str(args.seed),
        timeout=6 * 3600,
    )
    seconds = round(time.monotonic() - started)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # what autovacuum would do in the minutes after a bulk load
    record_migrations(url)
    server.set_comment(name, f"{marker} seed_seconds={seconds}")
    say(f"{name}: seeded in {seconds} s ({server.size(name)})")
    return {"database": name, "reused": False, "seed_seconds": seconds, **_disk(server, name)}


def _disk(server: Server, name: str) -> dict:
    """The seeded database's size on disk (``pg_database_size``), before the run writes anything."""
    return {"size": server.size(name), "size_bytes": server.size_bytes(name)}


USED_IN_PLACE = "used in place by make bench"


@contextlib.contextmanager
def working_database(server: Server, args, seeded: dict, size: int):
    """The database a run of ``size`` initiatives measures (and writes to): a copy of the seeded one, dropped
    afterwards unless ``--keep``; above ``--in-place-above`` initiatives the seeded database itself. Undoing the
    run's writes there (sign-offs through the services, with their audit chain, phase moves and notifications; the
    sweeps' notifications and reminders) could not be proved complete, so its marker is cleared before the first
    write instead: it is never taken for pristine again, and the next run seeds it anew. Updates ``seeded`` with
    how the run worked (``in_place``, ``copy_seconds``); yields the database's URL."""
    name = seeded["database"]
    if size > args.in_place_above:
        was = server.comment(name) or ""
        stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        server.set_comment(name, f"{USED_IN_PLACE} at {stamp}: seeded again at its next use (was: {was})")
        say(f"{name}: working in place (more than {args.in_place_above:,} initiatives); its marker is cleared")
        seeded.update({"in_place": True, "copy_seconds": None})
        yield with_database(server.url, name)
        return
    work = f"{name}_run"
    server.drop(work)
    started = time.monotonic()
    server.create(work, template=name)
    seeded.update({"in_place": False, "copy_seconds": round(time.monotonic() - started, 1)})
    try:
        yield with_database(server.url, work)
    finally:
        if not args.keep:
            server.drop(work)


def measure_size(server: Server, args, size: int) -> dict:
    seeded = ensure_seeded(server, args, size)
    out = Path(args.results) / str(size)
    out.mkdir(parents=True, exist_ok=True)
    with working_database(server, args, seeded, size) as url:
        return {**seeded, **measure_database(url, args, size, out)}


def plan_share(plan: dict, out: Path, label: str, part: int, parts: int) -> Path:
    """The plan with its soak sign-offs cut to every ``parts``-th review from the ``part``-th: the soak and each
    throughput ramp sign different slots (a slot signed twice would be refused and counted as an error)."""
    reviews = sorted({request["review_id"] for request in plan["soak_approve"]})
    mine = set(reviews[part::parts])
    path = out / f"plan_{label}.json"
    shared = {**plan, "soak_approve": [r for r in plan["soak_approve"] if r["review_id"] in mine]}
    path.write_text(json.dumps(shared), encoding="utf-8")
    return path


def measure_throughput(url: str, args, size: int, plan: dict, out: Path, *, first_part: int) -> dict:
    """Requests per second sustained at p95 ≤ ``--throughput-p95`` ms with no error, per number of gunicorn
    workers: the soak's users in a step ramp (``bench.load.run_ramp``) against a server of its own."""
    results = {}
    parts = first_part + len(args.throughput_workers)
    for index, workers in enumerate(args.throughput_workers):
        share = plan_share(plan, out, f"ramp_{workers}", first_part + index, parts)
        server = Gunicorn(url, workers=workers, log=out / f"gunicorn_ramp_{workers}.log")
        try:
            warm_up(server.url, plan, workers=workers)
            ramp = run_ramp(
                host=server.url,
                plan_path=share,
                steps=args.ramp,
                step_seconds=args.step_seconds,
                out_dir=out / f"ramp_{workers}",
                p95_ms=args.throughput_p95,
            )
        finally:
            server.stop()
        results[str(workers)] = ramp
        for step in ramp["steps"]:
            say(
                f"{size:,}: ramp {workers} workers, {step['users']:3} users: {step['rps']} req/s, p95 {step['p95']} "
                f"ms, {step['errors']} errors"
            )
        best = ramp["sustained"]
        say(
            f"{size:,}: {workers} workers sustain "
            + (f"{best['rps']} req/s ({best['users']} users)" if best else "no step")
            + f" at p95 ≤ {args.throughput_p95:g} ms"
        )
    return results


def measure_database(url: str, args, size: int, out: Path) -> dict:
    plan_path = out / "plan.json"
    django_side(url, "plan", str(plan_path))
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    say(
        f"{size:,}: executive {plan['users']['executive']['username']}, compliance officer "
        f"{plan['users']['scoped']['username']} ({plan['users']['scoped']['visible']:,} initiatives in "
        f"{plan['users']['scoped']['units_in_scope']} units), {len(plan['requests']['approve'])} sign-offs prepared"
    )
    endpoints: dict[str, dict] = {}
    floor_checks: list[float | None] = []
    soak = throughput = None
    server = Gunicorn(url, workers=args.workers, log=out / "gunicorn.log")

    def check_floor() -> None:
        """The floor again, briefly: ratios divide by the median of its p95s over the run, which damps the
        machine's drift between the floor's own run and an endpoint's."""
        if args.floor_seconds:
            run = run_locust(
                host=server.url,
                plan_path=plan_path,
                scenario="floor",
                users=args.concurrency,
                seconds=args.floor_seconds,
                out_dir=out / "floor_checks" / str(len(floor_checks)),
            )
            floor_checks.append(run["by_name"].get("floor", {}).get("p95"))

    try:
        say(f"{size:,}: gunicorn ({args.workers} workers) at {server.url}; warming up")
        warm_up(server.url, plan, workers=args.workers)
        names = [e.name for e in READ_ENDPOINTS] + ["approve"]
        for name in names:
            if args.only and name not in args.only and name != "floor":
                continue
            if name != "floor":
                check_floor()
            run = run_locust(
                host=server.url,
                plan_path=plan_path,
                scenario=name,
                users=args.concurrency,
                seconds=args.seconds,
                out_dir=out,
            )
            figures = run["by_name"].get(name, {"requests": 0})
            endpoints[name] = {**figures, "elapsed_s": run["elapsed_s"], "users": run["users"]}
            say(
                f"{size:,}: {name:17} n={figures.get('requests', 0):5} p50={figures.get('p50')} "
                f"p95={figures.get('p95')} p99={figures.get('p99')} ms, errors={figures.get('errors', 0)}"
            )
        check_floor()
        if endpoints.get("floor", {}).get("p95") is not None and floor_checks:
            floor = report.floor_runs(endpoints["floor"], floor_checks)
            say(f"{size:,}: floor p95 over {len(floor['p95_runs'])} runs: median {floor['p95_median']} ms")
        if size in args.soak_sizes:
            run = run_locust(
                host=server.url,
                plan_path=plan_share(plan, out, "soak", 0, 1 + len(args.throughput_workers)),
                scenario="soak",
                users=args.soak_users,
                seconds=args.soak_seconds,
                out_dir=out,
            )
            soak = report.soak_summary(run, seconds=args.soak_seconds)
            say(
                f"{size:,}: soak {args.soak_users} users {args.soak_seconds} s: {soak['requests']} requests, "
                f"{soak['status_5xx']} 5xx, {soak['errors']} errors, p95 {soak['p95']} ms"
            )
    finally:
        server.stop()
    if args.throughput_workers and args.soak_sizes and size == max(args.soak_sizes):
        throughput = measure_throughput(url, args, size, plan, out, first_part=1)
    say(f"{size:,}: counting queries per request")
    django_side(url, "queries", str(plan_path), str(out / "queries.json"))
    queries = json.loads((out / "queries.json").read_text(encoding="utf-8"))
    say(f"{size:,}: timing the funnel's raw SQL")
    funnel = time_funnel_sql(url, runs=args.sql_runs, concurrency=args.concurrency)
    sweeps = None
    if size in args.sweep_sizes:
        say(f"{size:,}: running every reminder sweep")
        django_side(url, "sweeps", str(out / "sweeps.json"), timeout=3600)
        sweeps = json.loads((out / "sweeps.json").read_text(encoding="utf-8"))
        for run, figures in sweeps.items():
            say(
                f"{size:,}: sweeps ({run} run) took {figures['seconds']} s, {figures['queries']} queries in "
                f"{figures['batches']} batches"
            )
    return report.assemble_size(
        plan=plan,
        endpoints=endpoints,
        queries=queries,
        funnel=funnel,
        sweeps=sweeps,
        soak=soak,
        throughput=throughput,
    )


# --- the whole run ------------------------------------------------------------------------------------------------


def machine(server_version: str) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
        )
        memory_gib = round(int(memory) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        memory_gib = None
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": server_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def git_commit() -> str:
    if os.environ.get("BENCH_COMMIT"):
        return os.environ["BENCH_COMMIT"]  # a run from an exported tree (git archive) names its commit
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def add_data_set_arguments(parser: argparse.ArgumentParser, *, users: int, business_units: int, prefix: str) -> None:
    """The generated data set (bench/seed.py) and the databases it is kept in; the benchmark's and the drill's."""
    parser.add_argument("--users", type=int, default=users)
    parser.add_argument("--business-units", type=int, default=business_units)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reseed", action="store_true", help="seed the data sets again even when they could be reused")
    parser.add_argument("--prefix", default=prefix, help="database names: <prefix>_<size>[_run]")


def add_output_arguments(parser: argparse.ArgumentParser, *, results: Path, what: str, report: str) -> None:
    """Where a run's raw results (``what`` they are) and its ``<report>.md`` and ``.json`` go, and whether the
    working copies of the databases are kept."""
    parser.add_argument("--results", default=str(results), help=what)
    parser.add_argument("--report-dir", default=str(BENCH_DIR), help=f"where {report}.md and {report}.json go")
    parser.add_argument("--keep", action="store_true", help="keep the working copies of the databases")


def parse_args(argv: list[str]) -> argparse.Namespace:
    def sizes(text: str) -> list[int]:
        return [int(part) for part in text.split(",") if part]

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes, default=[1000, 100_000], help="initiatives per data set")
    add_data_set_arguments(parser, users=10_000, business_units=500, prefix="genai_bench")
    parser.add_argument("--seconds", type=int, default=15, help="length of each endpoint's run")
    parser.add_argument("--concurrency", type=int, default=2, help="locust users of each endpoint's run")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (2-4)")
    parser.add_argument("--soak-users", type=int, default=20)
    parser.add_argument("--soak-seconds", type=int, default=60)
    parser.add_argument("--soak-sizes", type=sizes, default=None, help="default: the largest size")
    parser.add_argument("--sweep-sizes", type=sizes, default=None, help="default: every size")
    parser.add_argument("--sql-runs", type=int, default=20)
    parser.add_argument(
        "--floor-seconds",
        type=int,
        default=4,
        help="the floor measured again for this long before each endpoint and at the end; ratios divide by the "
        "median of its p95s (0: the floor's own run only)",
    )
    parser.add_argument(
        "--in-place-above",
        type=int,
        default=500_000,
        help="larger data sets are measured in the seeded database itself (no copy), which is seeded again next time",
    )
    parser.add_argument(
        "--throughput-workers",
        type=sizes,
        default=[3, 6],
        help="gunicorn workers of each throughput ramp, at the largest soak size (empty: no ramp)",
    )
    parser.add_argument(
        "--ramp", type=sizes, default=[2, 4, 8, 16, 24, 32, 48, 64], help="locust users of each step of the ramp"
    )
    parser.add_argument("--step-seconds", type=int, default=20, help="length of each step of the ramp")
    parser.add_argument("--throughput-p95", type=float, default=250, help="p95 (ms) a sustained step stays within")
    parser.add_argument("--only", type=lambda t: t.split(","), default=None, help="endpoints to run (and the floor)")
    add_output_arguments(parser, results=BENCH_DIR / "results", what="locust CSVs and raw figures", report="report")
    args = parser.parse_args(argv)
    if args.soak_sizes is None:
        args.soak_sizes = [max(args.sizes)]
    if args.sweep_sizes is None:
        args.sweep_sizes = list(args.sizes)
    if not 2 <= args.workers <= 4:
        parser.error("--workers: 2 to 4")
    if not all(1 <= workers <= 16 for workers in args.throughput_workers):
        parser.error("--throughput-workers: 1 to 16 each")
    return args


# The options a report records, in its order; two go by another name there.
REPORTED_OPTIONS = [
    "sizes",
    "users",
    "business_units",
    "seed",
    "seconds",
    "concurrency",
    "workers",
    "soak_users",
    "soak_seconds",
    "sql_runs",
    "floor_seconds",
    "in_place_above",
    "throughput_workers",
    "ramp",
    "step_seconds",
    "throughput_p95",
]
REPORT_NAMES = {"seconds": "seconds_per_endpoint", "workers": "gunicorn_workers"}


def reported_config(args: argparse.Namespace) -> dict:
    return {REPORT_NAMES.get(option, option): getattr(args, option) for option in REPORTED_OPTIONS}


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    if not url:
        print("DATABASE_URL is not set: run `make bench` (it starts the embedded server) or set it.", file=sys.stderr)
        return 2
    started = time.monotonic()
    server = Server(url)
    version = server.version()[1]
    info = machine(version)
    say(f"PostgreSQL: {version.split(',')[0]}; {info['cores']} cores, load {info['load_average_at_start']}")
    collect_static(url)
    sizes = {}
    for size in sorted(args.sizes):
        sizes[str(size)] = measure_size(server, args, size)
    data = report.build(
        sizes=sizes,
        machine=info,
        config=reported_config(args),
        commit=git_commit(),
        total_seconds=round(time.monotonic() - started),
    )
    report.write(data, Path(args.report_dir))
    say(f"done in {data['total_seconds']} s: {args.report_dir}/report.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
