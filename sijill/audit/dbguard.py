"""PostgreSQL guards of the audit tables, installed by ``sijill migrate`` (as the owner role).

- Entries are append-only: the one change allowed is the sequencer giving an entry without a
  place its ``seq``, ``chain_hash`` and ``sequenced_at``, once.
- A chain head only moves forward and is never deleted; the key directory is append-only.
- A statement-level trigger refuses TRUNCATE of every audit table (a row trigger never sees it).

The application's role also lacks the privileges to do otherwise (``sijill.core.dbroles``): it may
not TRUNCATE, ALTER or disable triggers, which only a table's owner may. Peer rows arriving by
logical replication run as ``session_replication_role = replica``, under which these triggers do
not fire, so they apply as sent.
"""

from __future__ import annotations

from django.db import connection

_SQL = """
CREATE OR REPLACE FUNCTION sijill_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
       AND (to_jsonb(NEW) - 'seq' - 'chain_hash' - 'sequenced_at')
           = (to_jsonb(OLD) - 'seq' - 'chain_hash' - 'sequenced_at') THEN
        RETURN NEW;  -- the sequencer placing an entry in the chain, once
    END IF;
    RAISE EXCEPTION 'sijill: the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION sijill_audit_head_forward() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.site <> OLD.site OR NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'sijill: an audit chain head only moves forward' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION sijill_audit_keys_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'sijill: the audit key directory is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION sijill_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'sijill: % cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS sijill_append_only ON audit_auditentry;
CREATE TRIGGER sijill_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION sijill_audit_append_only();
DROP TRIGGER IF EXISTS sijill_head_forward ON audit_auditchainhead;
CREATE TRIGGER sijill_head_forward BEFORE UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION sijill_audit_head_forward();
DROP TRIGGER IF EXISTS sijill_keys_append_only ON audit_auditsigningkey;
CREATE TRIGGER sijill_keys_append_only BEFORE UPDATE OR DELETE ON audit_auditsigningkey
    FOR EACH ROW EXECUTE FUNCTION sijill_audit_keys_append_only();
"""

TRUNCATE_GUARDED = ("audit_auditentry", "audit_auditchainhead", "audit_auditsigningkey")


def install() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_SQL)
        for table in TRUNCATE_GUARDED:
            cursor.execute(f"DROP TRIGGER IF EXISTS sijill_no_truncate ON {table}")
            cursor.execute(
                f"CREATE TRIGGER sijill_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION sijill_refuse_truncate()"
            )
