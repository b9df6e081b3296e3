"""Backup and restore round trip on the server PostgreSQL: dump, restore into a fresh database, the audit chains
verify there against the checkpoint written before the dump, and the restored database holds the same portfolio."""

import os
import subprocess
import sys
from io import StringIO
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from adoption.models import Initiative
from governance.models import AuditEvent
from tests.factories import make_initiative

RESTORED = "test_restore" + os.environ.get("TEST_DB_SUFFIX", "")


def _url(database: str) -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    return urlunsplit(parts._replace(path="/" + database))


@pytest.fixture
def fresh_database(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{RESTORED}"')
    yield _url(RESTORED)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED}" WITH (FORCE)')


def test_a_dump_restores_into_a_fresh_database_that_verifies(fresh_database, coe, units, owner, tmp_path):
    for title in ("Claims triage", "Branch FAQ bot", "KYC document reader"):
        make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title=title)
    dump = tmp_path / "tracker.dump"
    out = StringIO()
    call_command("backup_database", str(dump), stdout=out)
    assert "Checkpoint:" in out.getvalue()
    assert dump.stat().st_size > 0

    call_command("restore_database", str(dump), "--into", fresh_database, stdout=StringIO())
    with pytest.raises(CommandError, match="already holds tables"):
        call_command("restore_database", str(dump), "--into", fresh_database, stdout=StringIO())

    verified = subprocess.run(
        [sys.executable, "manage.py", "verify_audit_chain"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DATABASE_URL": fresh_database,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "AUDIT_CHECKPOINT_DIR": settings.AUDIT_CHECKPOINT_DIR,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"{AuditEvent.objects.count()} events" in verified.stdout
    assert "against checkpoint checkpoint-" in verified.stdout

    with psycopg.connect(fresh_database.replace("postgres://", "postgresql://")) as restored:
        keys = [row[0] for row in restored.execute("SELECT key FROM adoption_initiative ORDER BY key")]
    assert keys == list(Initiative.objects.order_by("key").values_list("key", flat=True))
    assert len(keys) == 3
