"""The two database roles of a production deployment: the owner, which runs migrations (``DATABASE_MIGRATE_URL``),
and the runtime role the application connects as (``DATABASE_URL``), which owns nothing. Owning nothing, it cannot
TRUNCATE, ALTER or DROP a table, nor disable a trigger; on the audit trail it may only read and append."""

from __future__ import annotations

from psycopg import sql

# The audit events: read and append only (the heads move forward, so they keep UPDATE). Month-end board packs too.
APPEND_ONLY_TABLES = ("governance_auditevent", "reports_boardpack")


def runtime_role_statements(*, role: str, database: str, password: str | None = None) -> list[sql.Composable]:
    """The SQL the owner runs to create (or refresh) ``role``: log in, use the schema, read and write rows, no more.
    Default privileges make the tables later migrations create usable too."""
    name = sql.Identifier(role)
    login = sql.SQL("LOGIN PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL("LOGIN")
    return [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal}) THEN "
            "CREATE ROLE {name} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; END IF; END $$"
        ).format(literal=sql.Literal(role), name=name),
        sql.SQL("ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS {}").format(name, login),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM {}").format(name),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(name),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(name),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}").format(
            name
        ),
        *(
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(sql.Identifier(table), name)
            for table in APPEND_ONLY_TABLES
        ),
    ]
