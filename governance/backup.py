"""Backup and restore of the whole database with PostgreSQL's own tools (pg_dump's custom format, pg_restore).
The audit checkpoints live outside the database (AUDIT_CHECKPOINT_DIR) and are backed up on their own: after a
restore, ``verify_audit_chain`` compares the restored chains with them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client tools (Debian: postgresql-client).")
    return path


def _libpq(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore; the password travels in the environment, not the command."""
    arguments = ["--dbname", settings_dict["NAME"], "--username", settings_dict["USER"] or "postgres"]
    if settings_dict.get("HOST"):
        arguments += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    return arguments, environment


def _run(tool: str, arguments: list[str], environment: dict[str, str], failure: str) -> str:
    """Run one of PostgreSQL's client tools; its output, or BackupError with what it said."""
    done = subprocess.run(  # noqa: S603 (PostgreSQL's own tool, arguments from the settings)
        [_tool(tool), *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or failure)
    return done.stdout


def backup(output: Path, *, settings_dict: dict | None = None) -> Path:
    """Dump the database to ``output`` (custom format, without owners or grants: restore as any owner, then run
    create_runtime_role)."""
    arguments, environment = _libpq(settings_dict or connection.settings_dict)
    options = ["--format=custom", "--no-owner", "--no-privileges", "--file", str(output)]
    _run("pg_dump", [*arguments, *options], environment, "pg_dump failed")
    return output


def restore(dump: Path, *, settings_dict: dict) -> None:
    """Restore ``dump`` into the empty database ``settings_dict`` names (refused when it already holds tables)."""
    arguments, environment = _libpq(settings_dict)
    query = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
    tables = _run(
        "psql",
        [*arguments, "--tuples-only", "--no-align", "--command", query],
        environment,
        "the target database cannot be reached",
    )
    if tables.strip() != "0":
        raise BackupError("The target database already holds tables: restore into a new, empty database.")
    options = ["--no-owner", "--no-privileges", "--exit-on-error", str(dump)]
    _run("pg_restore", [*arguments, *options], environment, "pg_restore failed")
