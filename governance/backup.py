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


def backup(output: Path, *, settings_dict: dict | None = None) -> Path:
    """Dump the database to ``output`` (custom format, without owners or grants: restore as any owner, then run
    create_runtime_role)."""
    arguments, environment = _libpq(settings_dict or connection.settings_dict)
    done = subprocess.run(  # noqa: S603 (PostgreSQL's own tool, arguments from the settings)
        [_tool("pg_dump"), *arguments, "--format=custom", "--no-owner", "--no-privileges", "--file", str(output)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or "pg_dump failed")
    return output


def restore(dump: Path, *, settings_dict: dict) -> None:
    """Restore ``dump`` into the empty database ``settings_dict`` names (refused when it already holds tables)."""
    arguments, environment = _libpq(settings_dict)
    probe = subprocess.run(  # noqa: S603
        [
            _tool("psql"),
            *arguments,
            "--tuples-only",
            "--no-align",
            "--command",
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        raise BackupError(probe.stderr.strip() or "the target database cannot be reached")
    if probe.stdout.strip() != "0":
        raise BackupError("The target database already holds tables: restore into a new, empty database.")
    done = subprocess.run(  # noqa: S603
        [_tool("pg_restore"), *arguments, "--no-owner", "--no-privileges", "--exit-on-error", str(dump)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(done.stderr.strip() or "pg_restore failed")
