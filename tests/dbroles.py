"""The suite on PostgreSQL runs as a restricted application role, as a real site does.

The test database is created and migrated by an owner role (``<test db>_owner``), then every test
runs as ``<test db>_app``, which owns no table: the grants of ``sijill.core.dbroles``, the audit
guards and the refusals of TRUNCATE, ALTER and DISABLE TRIGGER are exercised by the whole suite.
The connecting user of ``SIJILL_DATABASE_URL`` (a superuser in CI) only creates the two roles and
empties the tables after a transactional test (as the replication worker would, without triggers).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import connections


@dataclass
class Roles:
    superuser: str
    owner: str
    app: str


ROLES: Roles | None = None


def _dsn(user: str, database: str) -> dict[str, Any]:
    db = connections["default"].settings_dict
    return {"host": db.get("HOST") or None, "port": db.get("PORT") or None, "user": user, "dbname": database,
            "password": db.get("PASSWORD") or None}  # fmt: skip


def prepare() -> Roles | None:
    """Create the two roles (if the connecting user may) and make the owner create the test database."""
    global ROLES
    conn = connections["default"]
    if conn.vendor != "postgresql":
        return None
    db = conn.settings_dict
    superuser = db["USER"]
    test_name = db.get("TEST", {}).get("NAME") or f"test_{db['NAME']}"
    with psycopg.connect(**_dsn(superuser, "postgres"), autocommit=True) as admin:
        row = admin.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        if not row or not row[0]:
            return None  # not a superuser: the suite runs as the given role
        owner, app = f"{test_name}_owner"[:63], f"{test_name}_app"[:63]
        for role, options in ((owner, "LOGIN CREATEDB"), (app, "LOGIN")):
            if not admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone():
                admin.execute(f'CREATE ROLE "{role}" {options}')
        admin.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
    for alias in (db, settings.DATABASES["default"]):
        alias["USER"] = owner
    settings.SIJILL_DATABASE_APP_ROLE = app
    ROLES = Roles(superuser, owner, app)
    _flush_as_superuser()
    return ROLES


def connect_as(user: str) -> None:
    """Reconnect Django's default connection as ``user`` (between setup, the tests and teardown)."""
    conn = connections["default"]
    conn.close()
    conn.settings_dict["USER"] = user
    settings.DATABASES["default"]["USER"] = user


def _flush_as_superuser() -> None:
    """Django empties the tables after a transactional test with TRUNCATE, which the application role
    may not do and the audit tables refuse: do it as the superuser, in replica mode (no triggers)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        assert ROLES is not None
        with psycopg.connect(**_dsn(ROLES.superuser, self.connection.settings_dict["NAME"]), autocommit=True) as c:
            c.execute("SET session_replication_role = replica")
            for sql in sql_list:
                c.execute(sql)

    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign,assignment]


@contextmanager
def connection_as(role: str) -> Any:
    """A separate connection to the test database as ``owner``, ``app`` or ``superuser`` (autocommit)."""
    assert ROLES is not None, "the suite runs without separate roles"
    user = {"owner": ROLES.owner, "app": ROLES.app, "superuser": ROLES.superuser}[role]
    with psycopg.connect(**_dsn(user, connections["default"].settings_dict["NAME"]), autocommit=True) as conn:
        yield conn


def as_replication_worker(sql: str, params: list[Any] | None = None) -> None:
    """Run SQL as PostgreSQL's logical-replication apply worker does (``session_replication_role =
    replica``: ownership and append-only triggers do not fire).

    Only a superuser may do that. With the suite's separate roles this runs on a superuser connection
    and commits at once, so the calling test must be transactional (``django_db(transaction=True)``).
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
        return
    if ROLES is None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params or [])
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        return
    with connection_as("superuser") as conn, conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")
        conn.execute(sql, params or [])
