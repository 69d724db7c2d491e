"""Least privilege in PostgreSQL: the application's role gets only what it needs, table by table.

``sijill migrate`` runs as the owner role (``SIJILL_DATABASE_OWNER_URL``), which owns every table;
the application connects as another role (``SIJILL_DATABASE_URL``) that owns nothing, so it can
never TRUNCATE, ALTER a table or disable a trigger. By default it may SELECT, INSERT, UPDATE and
DELETE; a model narrows that with ``app_privileges`` and ``app_update_columns`` (the audit log:
SELECT and INSERT, and UPDATE of the columns the sequencer sets).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connection

DEFAULT_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


def app_role() -> str:
    return str(getattr(settings, "SIJILL_DATABASE_APP_ROLE", "") or "")


def connected_as_app() -> bool:
    """Whether this connection is the application's restricted role (which may not change the schema).

    ``post_migrate`` also runs after a test's flush, as the application: the schema steps are then skipped.
    """
    role = app_role()
    if connection.vendor != "postgresql" or not role:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return bool(cursor.fetchone()[0] == role)


def grant_app_role() -> list[str]:
    """(Re)grant the application's role its privileges on every table; returns the tables. Idempotent."""
    role = app_role()
    if connection.vendor != "postgresql" or not role:
        return []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            return []  # one role does both: nothing to separate
        existing = set(connection.introspection.table_names(cursor))
        done = []
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table not in existing or not model._meta.managed:
                continue
            privileges = getattr(model, "app_privileges", DEFAULT_PRIVILEGES)
            cursor.execute(f"REVOKE ALL ON {qn(table)} FROM {qn(role)}")
            cursor.execute(f"GRANT {', '.join(privileges)} ON {qn(table)} TO {qn(role)}")
            columns = getattr(model, "app_update_columns", ())
            if columns:
                cursor.execute(f"GRANT UPDATE ({', '.join(qn(c) for c in columns)}) ON {qn(table)} TO {qn(role)}")
            done.append(table)
        if "django_migrations" in existing:
            cursor.execute(f"GRANT SELECT ON django_migrations TO {qn(role)}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {qn(role)}")
    return done
