"""The runtime database role, on the server PostgreSQL: it reads and writes rows, and is refused TRUNCATE, ALTER,
DROP, disabling a trigger and rewriting an audit event, whatever the application's code would ask."""

import os
from urllib.parse import urlsplit

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

ROLE = "tracker_runtime" + os.environ.get("TEST_DB_SUFFIX", "").lower().replace("-", "_")


@pytest.fixture
def runtime(transactional_db):
    """A connection to the test database as the runtime role that ``create_runtime_role`` made."""
    call_command("create_runtime_role", ROLE, stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings_dict = connection.settings_dict
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    role_connection = psycopg.connect(
        host=settings_dict["HOST"] or parts.hostname or "127.0.0.1",
        port=settings_dict["PORT"] or parts.port or 5432,
        user=ROLE,
        dbname=settings_dict["NAME"],
        autocommit=True,
    )
    yield role_connection
    role_connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{ROLE}"')
        cursor.execute(f'DROP ROLE "{ROLE}"')


REFUSED = [
    "TRUNCATE governance_auditevent",
    "TRUNCATE adoption_initiative CASCADE",
    "ALTER TABLE governance_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE adoption_initiative ADD COLUMN backdoor text",
    "DROP TABLE governance_auditchainhead",
    "UPDATE governance_auditevent SET verb = 'forged'",
    "DELETE FROM governance_auditevent",
    "CREATE TABLE public.shadow (id int)",
]


def test_the_runtime_role_owns_nothing_and_is_refused(runtime):
    with runtime.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (ROLE, False)
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user")
        assert cursor.fetchone()[0] == 0
        for statement in REFUSED:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cursor.execute(statement)


def test_the_runtime_role_reads_and_writes_rows(runtime):
    with runtime.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM governance_auditevent")
        cursor.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ('k' || md5(random()::text),"
            " 'x', now() + interval '1 day') RETURNING session_key"
        )
        key = cursor.fetchone()[0]
        cursor.execute("UPDATE django_session SET session_data = 'y' WHERE session_key = %s", [key])
        cursor.execute("DELETE FROM django_session WHERE session_key = %s", [key])
        assert cursor.rowcount == 1
