"""The audit log: written with the change, sequenced into a signed chain, and tampering is found.

Every tampering runs as someone with direct access to the database: on SQLite by plain SQL, on
PostgreSQL as the role that owns the tables (it may disable the guards; the application's role may
not). Tests that tamper are transactional so that the tampering connection sees committed rows.
"""

import csv
import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sijill.audit import chain, checkpoints, keys, sequencer, services
from sijill.audit.models import AuditChainHead, AuditEntry, AuditSigningKey
from sijill.core.errors import ValidationFailed
from sijill.organisation import services as org_services
from sijill.organisation.models import Unit
from tests import dbroles

pytestmark = pytest.mark.django_db
tampering = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL guards")


def _write_some(actor, n: int = 3) -> list[Unit]:
    return [
        org_services.do_create_unit(
            actor, code=f"audit-unit-{i}-{uuid.uuid4().hex[:6]}", name_ar=f"وحدة {i}", kind="office", agency_id="police"
        )
        for i in range(n)
    ]


def _sequenced(actor, n: int = 3) -> list[AuditEntry]:
    """Write n audited changes and sequence everything (the checkpoint is appended on commit)."""
    _write_some(actor, n)
    sequencer.sequence_all()
    return list(AuditEntry.objects.filter(site="TRP", seq__isnull=False).order_by("seq"))


def _tamper(*statements: tuple[str, list]) -> None:
    """As an attacker with direct database access: the owner role on PostgreSQL, guards switched off."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
        return
    with dbroles.connection_as("owner") as conn, conn.transaction():
        for table in ("audit_auditentry", "audit_auditchainhead", "audit_auditsigningkey"):
            conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for sql, params in statements:
            conn.execute(sql, params)
        for table in ("audit_auditentry", "audit_auditchainhead", "audit_auditsigningkey"):
            conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _db_id(value: uuid.UUID) -> object:
    """A UUID as the database stores it (SQLite keeps 32 hex digits)."""
    return value.hex if connection.vendor == "sqlite" else str(value)


def _verify_exit() -> tuple[int, str]:
    """`sijill audit verify` in this process (tests/test_cli.py runs the real command too)."""
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def _trp_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("TRP:"))


# --- writing ---------------------------------------------------------------------------------


def test_change_and_audit_row_written_together(actor_of):
    before = AuditEntry.objects.count()
    unit = _write_some(actor_of("site_admin"), 1)[0]
    entry = AuditEntry.objects.get(object_id=str(unit.pk))
    assert AuditEntry.objects.count() == before + 1
    assert entry.action == "unit.create" and entry.actor_username == "admin" and entry.actor_role == "site_admin"
    assert entry.after["name_ar"] == unit.name_ar and entry.before is None
    assert entry.seq is None and entry.hash == services.entry_hash(entry)  # waits for the sequencer


def test_failed_change_leaves_no_audit_row(actor_of):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed):
        org_services.do_create_unit(
            actor_of("site_admin"), code="bad code!", name_ar="", kind="office", agency_id="police"
        )
    assert AuditEntry.objects.count() == before


def test_update_records_before_and_after(actor_of):
    admin = actor_of("site_admin")
    unit = Unit.objects.get(code="tripoli-room")
    org_services.do_update_unit(admin, unit.pk, expected_version=unit.version, name_en="Tripoli room")
    entry = AuditEntry.objects.filter(action="unit.update", object_id=str(unit.pk)).latest("at")
    assert entry.before["name_en"] != "Tripoli room" and entry.after["name_en"] == "Tripoli room"


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused(actor_of):
    unit = Unit.objects.first()
    with pytest.raises(RuntimeError):
        services.record_write(actor_of("site_admin"), "unit.touch", unit)


def test_personal_read_needs_a_purpose(actor_of):
    with transaction.atomic(), pytest.raises(ValidationFailed):
        services.record_read(actor_of("investigator"), "person.read", purpose=" ")
    with transaction.atomic():
        entry = services.record_read(
            actor_of("investigator"), "person.read", purpose="قضية رقم ١٢/٢٠٢٦", object_type="persons.person",
            object_id="x",
        )  # fmt: skip
    assert entry.kind == "read" and entry.purpose == "قضية رقم ١٢/٢٠٢٦"


def test_record_many_writes_a_group_in_one_statement(actor_of, django_assert_max_num_queries):
    actor = actor_of("checkpoint_officer")
    entries = [
        services.build_read(
            actor,
            "gate.screen",
            purpose="حاجز الكريمية",
            object_type="vehicles.plate",
            object_repr=f"{i} ليبيا",
            hit=False,
        )
        for i in range(50)
    ]
    with django_assert_max_num_queries(4):
        assert services.record_many(entries) == 50
    sequencer.sequence_all()
    assert services.verify(["TRP"])[0].ok
    with pytest.raises(ValidationFailed):
        services.build_read(actor, "gate.screen", purpose="")


# --- the sequencer ---------------------------------------------------------------------------


def test_intact_chain_verifies(actor_of):
    entries = _sequenced(actor_of("site_admin"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    head = AuditChainHead.objects.get(site="TRP")
    assert head.seq == entries[-1].seq and head.hash == entries[-1].chain_hash
    code, out = _verify_exit()
    assert code == 0, out
    assert _trp_line(out) == f"TRP: intact ({len(entries)} entries)"


def test_unsequenced_entries_are_counted_then_flagged_past_the_bound(actor_of, settings):
    _sequenced(actor_of("site_admin"))
    _write_some(actor_of("site_admin"), 2)
    (report,) = services.verify(["TRP"])
    assert report.ok and report.pending == 2
    settings.SIJILL_AUDIT_SEQUENCE_BOUND_SECONDS = -1  # every waiting entry is now older than the bound
    (report,) = services.verify(["TRP"])
    assert not report.ok and report.code == "unsequenced"


def test_a_failed_batch_loses_nothing_and_the_next_places_each_entry_once(actor_of, monkeypatch):
    _sequenced(actor_of("site_admin"))
    _write_some(actor_of("site_admin"), 5)
    original = sequencer._place

    def crash(rows, now):  # the sequencer dies after placing, before signing the head
        original(rows, now)
        raise RuntimeError("killed")

    monkeypatch.setattr(sequencer, "_place", crash)
    with pytest.raises(RuntimeError):
        sequencer.sequence_batch()
    assert AuditEntry.objects.filter(site="TRP", seq__isnull=True).count() == 5
    monkeypatch.setattr(sequencer, "_place", original)
    assert sequencer.sequence_all() == 5
    seqs = list(AuditEntry.objects.filter(site="TRP").values_list("seq", flat=True))
    assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert services.verify(["TRP"])[0].ok


def test_batches_stop_at_a_key_boundary_and_heads_are_signed_by_each_key(actor_of):
    _sequenced(actor_of("site_admin"), 2)
    head = AuditChainHead.objects.get(site="TRP")
    old_key = keys.local_key_id()
    new = services.do_rotate_key(actor_of("site_admin"), head.seq + 3)
    _write_some(actor_of("site_admin"), 5)  # 1 rotation event + 5 writes wait
    first = sequencer.sequence_batch()
    assert first.last_seq == head.seq + 2  # the old key's last head
    assert AuditChainHead.objects.get(site="TRP").key_id == old_key
    sequencer.sequence_all()
    assert AuditChainHead.objects.get(site="TRP").key_id == new.key_id != old_key
    code, out = _verify_exit()
    assert code == 0, out
    with pytest.raises(ValidationFailed):  # a key cannot start under an entry already signed
        services.do_rotate_key(actor_of("site_admin"), 1)


# --- tampering (SQLite and PostgreSQL) -------------------------------------------------------


@tampering
def test_altered_entry_is_detected(actor_of):
    victim = _sequenced(actor_of("site_admin"))[1]
    _tamper(("UPDATE audit_auditentry SET actor_username = 'someone_else' WHERE id = %s", [_db_id(victim.pk)]))
    code, out = _verify_exit()
    assert code == 1 and f"BROKEN at entry #{victim.seq} [altered]" in _trp_line(out)


@tampering
def test_altered_entry_rehashed_and_rechained_without_the_key_is_detected(actor_of, settings):
    entries = _sequenced(actor_of("site_admin"))
    victim = entries[-2]
    victim.actor_username = "someone_else"
    content = services.entry_hash(victim)
    prev = entries[-3].chain_hash
    statements = []
    for entry in entries[-2:]:
        h = content if entry.pk == victim.pk else entry.hash
        prev = chain.chain_hash(prev, entry.seq, h)
        statements.append(("UPDATE audit_auditentry SET actor_username = %s, hash = %s, chain_hash = %s WHERE id = %s",
                           [entry.actor_username, h, prev, _db_id(entry.pk)]))  # fmt: skip
    statements.append(("UPDATE audit_auditchainhead SET hash = %s WHERE site = 'TRP'", [prev]))
    _tamper(*statements)
    code, out = _verify_exit()
    # The checkpoint file holds the head as signed (forked); without it, the head's signature fails.
    assert code == 1 and ("[forked]" in _trp_line(out) or "[head]" in _trp_line(out))
    settings.SIJILL_AUDIT_CHECKPOINT_FILE.unlink()
    code, out = _verify_exit()
    assert code == 1 and "[head]" in _trp_line(out)


@tampering
def test_attacker_key_in_the_database_is_not_trusted(actor_of):
    """Issue 10, tampering 1: a key inserted into audit_auditsigningkey, an entry edited, the chain
    re-hashed and the head re-signed with it: verify trusts only the pinned keys."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    entries = _sequenced(actor_of("site_admin"))
    attacker = Ed25519PrivateKey.generate()
    b64 = keys.public_b64(attacker.public_key())
    victim = entries[0]
    victim.purpose = "rewritten"
    prev, statements = chain.GENESIS, []
    for entry in entries:
        h = services.entry_hash(victim) if entry.pk == victim.pk else entry.hash
        prev = chain.chain_hash(prev, entry.seq, h)
        statements.append(("UPDATE audit_auditentry SET purpose = %s, hash = %s, chain_hash = %s WHERE id = %s",
                           [entry.purpose, h, prev, _db_id(entry.pk)]))  # fmt: skip
    signature = attacker.sign(chain.head_message("TRP", entries[-1].seq, prev)).hex()
    statements += [
        ("INSERT INTO audit_auditsigningkey (key_id, site, public_key, from_seq, created_at) VALUES (%s, 'TRP', %s, 1, "
         "CURRENT_TIMESTAMP)", [keys.key_id_of(b64), keys.pem_of(b64)]),
        ("UPDATE audit_auditchainhead SET hash = %s, key_id = %s, signature = %s WHERE site = 'TRP'",
         [prev, keys.key_id_of(b64), signature]),
    ]  # fmt: skip
    _tamper(*statements)
    code, out = _verify_exit()
    assert (code == 1 and "[key]" in _trp_line(out)) or "[checkpoint]" in _trp_line(out) or "[forked]" in _trp_line(out)
    assert "intact" not in _trp_line(out)


@tampering
def test_deleted_middle_entry_is_detected(actor_of):
    entries = _sequenced(actor_of("site_admin"))
    victim = entries[1]
    _tamper(("DELETE FROM audit_auditentry WHERE id = %s", [_db_id(victim.pk)]))
    code, out = _verify_exit()
    assert code == 1 and f"BROKEN at entry #{victim.seq + 1} [missing]" in _trp_line(out)


@tampering
def test_deleted_newest_entries_are_detected_by_the_head(actor_of):
    entries = _sequenced(actor_of("site_admin"))
    _tamper(("DELETE FROM audit_auditentry WHERE site = 'TRP' AND seq >= %s", [entries[-2].seq]))
    code, out = _verify_exit()
    assert code == 1 and f"BROKEN at entry #{entries[-2].seq} [missing]" in _trp_line(out)


@tampering
def test_deleted_newest_entries_and_head_are_detected_by_the_checkpoint(actor_of):
    """Issue 10, tampering 2: the newest entries and the chain head deleted."""
    entries = _sequenced(actor_of("site_admin"))
    keep = entries[-3].seq
    _tamper(
        ("DELETE FROM audit_auditentry WHERE site = 'TRP' AND seq > %s", [keep]),
        ("DELETE FROM audit_auditchainhead WHERE site = 'TRP'", []),
    )
    code, out = _verify_exit()
    assert code == 1 and "intact" not in _trp_line(out)


@tampering
def test_everything_deleted_is_never_intact_with_zero_entries(actor_of):
    """Issue 10, tampering 2: every entry, the head and the keys deleted (a wipe)."""
    _sequenced(actor_of("site_admin"))
    _tamper(
        ("DELETE FROM audit_auditentry", []),
        ("DELETE FROM audit_auditchainhead", []),
        ("DELETE FROM audit_auditsigningkey", []),
    )
    code, out = _verify_exit()
    line = _trp_line(out)
    assert code == 1 and "[truncated]" in line and "intact" not in line


@tampering
def test_rollback_to_an_older_backup_is_detected(actor_of):
    """The database restored to an earlier consistent state: older entries, an older signed head."""
    entries = _sequenced(actor_of("site_admin"), 2)
    old_head = AuditChainHead.objects.get(site="TRP")
    old = (old_head.seq, old_head.hash, old_head.key_id, old_head.signature)
    _sequenced(actor_of("site_admin"), 3)  # more work after the "backup", checkpointed
    assert checkpoints.latest()["TRP"].seq > old[0]
    _tamper(
        ("DELETE FROM audit_auditentry WHERE site = 'TRP' AND (seq > %s OR seq IS NULL)", [old[0]]),
        ("UPDATE audit_auditchainhead SET seq = %s, hash = %s, key_id = %s, signature = %s WHERE site = 'TRP'",
         list(old)),
    )  # fmt: skip
    assert entries and services.verify(["TRP"])[0].code == "truncated"
    code, out = _verify_exit()
    assert code == 1 and "[truncated]" in _trp_line(out)


@tampering
def test_reordered_entries_are_detected(actor_of):
    entries = _sequenced(actor_of("site_admin"))
    a, b = entries[1], entries[2]
    _tamper(
        ("UPDATE audit_auditentry SET seq = -1 WHERE id = %s", [_db_id(a.pk)]),
        ("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [a.seq, _db_id(b.pk)]),
        ("UPDATE audit_auditentry SET seq = %s WHERE id = %s", [b.seq, _db_id(a.pk)]),
    )
    code, out = _verify_exit()
    assert code == 1 and f"BROKEN at entry #{a.seq} [unlinked]" in _trp_line(out)


@tampering
def test_copied_entry_is_detected(actor_of):
    entries = _sequenced(actor_of("site_admin"))
    source, victim = entries[0], entries[1]
    fields = [c for c in (*chain.SCALAR_FIELDS, "before", "after") if c not in ("id",)]
    sets = ", ".join(f"{c} = (SELECT {c} FROM audit_auditentry WHERE id = %s)" for c in fields)
    _tamper((f"UPDATE audit_auditentry SET {sets}, hash = (SELECT hash FROM audit_auditentry WHERE id = %s) "
             "WHERE id = %s", [*([_db_id(source.pk)] * (len(fields) + 1)), _db_id(victim.pk)]))  # fmt: skip
    code, out = _verify_exit()
    assert code == 1 and f"BROKEN at entry #{victim.seq}" in _trp_line(out)


@tampering
def test_renumbered_and_moved_entries_are_detected(actor_of):
    entries = _sequenced(actor_of("site_admin"))
    _tamper(("UPDATE audit_auditentry SET seq = seq + 1000 WHERE id = %s", [_db_id(entries[-1].pk)]))
    code, out = _verify_exit()
    assert code == 1 and "BROKEN" in _trp_line(out)


@tampering
def test_entry_moved_to_another_site_is_detected(actor_of):
    entries = _sequenced(actor_of("site_admin"))
    _tamper(("UPDATE audit_auditentry SET site = 'BEN' WHERE id = %s", [_db_id(entries[0].pk)]))
    code, out = _verify_exit()
    assert code == 1 and "BROKEN at entry #2 [missing]" in _trp_line(out)


@tampering
def test_entry_appended_without_the_key_is_detected(actor_of):
    entries = _sequenced(actor_of("site_admin"))
    last = entries[-1]
    forged = AuditEntry(
        id=uuid.uuid4(), site="TRP", at=last.at, kind="write", action="unit.create", channel="web",
        actor_username="intruder", actor_role="site_admin", actor_site="TRP",
    )  # fmt: skip
    forged.hash = services.entry_hash(forged)  # correct hashes: but nobody signs a head over it
    chained = chain.chain_hash(last.chain_hash, last.seq + 1, forged.hash)
    _tamper((
        "INSERT INTO audit_auditentry (id, site, seq, at, kind, action, channel, actor_username, actor_role, "
        "actor_site, actor_unit_path, object_type, object_id, object_repr, purpose, hash, chain_hash) "
        "VALUES (%s, 'TRP', %s, %s, 'write', 'unit.create', 'web', 'intruder', 'site_admin', 'TRP', '', '', '', '', "
        "'', %s, %s)",
        [_db_id(forged.id), last.seq + 1, last.at, forged.hash, chained],
    ))  # fmt: skip
    code, out = _verify_exit()
    assert code == 1 and f"BROKEN at entry #{last.seq + 1} [unsigned]" in _trp_line(out)


@tampering
def test_directory_key_deleted_changes_nothing_but_an_unpinned_key_breaks(actor_of, settings):
    _sequenced(actor_of("site_admin"))
    _tamper(("DELETE FROM audit_auditsigningkey", []))
    assert _verify_exit()[0] == 0  # the directory is not a trust root
    trusted = settings.SIJILL_AUDIT_TRUSTED_KEYS
    trusted.write_text("".join(line for line in trusted.read_text().splitlines(True) if not line.startswith("TRP ")))
    code, out = _verify_exit()
    assert (code == 1 and "[key]" in _trp_line(out)) or "[checkpoint]" in _trp_line(out)


@tampering
def test_checkpoint_file_records_every_signed_head(actor_of, settings):
    _sequenced(actor_of("site_admin"), 2)
    _sequenced(actor_of("site_admin"), 2)
    lines = [json.loads(x) for x in settings.SIJILL_AUDIT_CHECKPOINT_FILE.read_text().splitlines()]
    head = AuditChainHead.objects.get(site="TRP")
    assert len(lines) >= 2 and lines[-1]["seq"] == head.seq and lines[-1]["hash"] == head.hash
    assert lines[-1]["signature"] == head.signature


# --- PostgreSQL: the roles and the database's own guards -------------------------------------


@postgresql_only
def test_database_refuses_edits_of_the_log(actor_of):
    _sequenced(actor_of("site_admin"), 1)
    # The application's role lacks the privilege; a role that has it meets the trigger.
    with pytest.raises(DatabaseError, match=r"append-only|permission denied"), transaction.atomic():
        AuditEntry.objects.filter(site="TRP").update(purpose="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(site="TRP").delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditChainHead.objects.filter(site="TRP").update(seq=0)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditSigningKey.objects.all().delete()


@postgresql_only
@tampering
def test_app_role_cannot_truncate_alter_or_disable_triggers(actor_of):
    """Issue 10, tampering 3: as the application's role, every one is refused by PostgreSQL."""
    if dbroles.ROLES is None:
        pytest.skip("the suite runs without separate roles")
    _sequenced(actor_of("site_admin"), 1)
    for sql in (
        "TRUNCATE audit_auditentry",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER sijill_append_only",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
        "ALTER TABLE audit_auditentry ADD COLUMN x int",
        "DROP TRIGGER sijill_append_only ON audit_auditentry",
        "DELETE FROM audit_auditentry",
        "TRUNCATE organisation_unit CASCADE",
        "SET session_replication_role = replica",
    ):
        with dbroles.connection_as("app") as conn, pytest.raises(Exception, match=r"permission denied|must be owner"):
            conn.execute(sql)
    assert AuditEntry.objects.filter(site="TRP").exists()


@postgresql_only
@tampering
def test_owner_role_truncate_is_refused_by_the_statement_trigger(actor_of):
    """Issue 10, tampering 3: even the owner's TRUNCATE meets the statement-level trigger; an owner
    who first disables it (which only the owner can) is then caught by verify."""
    if dbroles.ROLES is None:
        pytest.skip("the suite runs without separate roles")
    _sequenced(actor_of("site_admin"), 2)
    for table in ("audit_auditentry", "audit_auditchainhead", "audit_auditsigningkey"):
        with dbroles.connection_as("owner") as conn, pytest.raises(Exception, match="cannot be truncated"):
            conn.execute(f"TRUNCATE {table} CASCADE")
    for sql in ("UPDATE audit_auditentry SET purpose = 'x'", "DELETE FROM audit_auditentry",
                "UPDATE audit_auditchainhead SET seq = 0", "DELETE FROM audit_auditsigningkey"):  # fmt: skip
        with dbroles.connection_as("owner") as conn, pytest.raises(Exception, match=r"append-only|only moves forward"):
            conn.execute(sql)
    with dbroles.connection_as("owner") as conn, conn.transaction():
        conn.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER sijill_no_truncate")
        conn.execute("TRUNCATE audit_auditentry")
        conn.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER sijill_no_truncate")
    code, out = _verify_exit()
    assert code == 1 and "BROKEN at entry #1 [missing]" in _trp_line(out)


# --- the auditor's pages ----------------------------------------------------------------------


def test_auditor_browses_filters_and_exports(client_of, actor_of):
    _write_some(actor_of("site_admin"))
    client = client_of("auditor")
    page = client.get(reverse("audit:entries"), {"action": "unit.create", "user": "admin"})
    assert page.status_code == 200 and "unit.create" in page.content.decode()
    response = client.get(reverse("audit:export"), {"action": "unit.create"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows and all(r["action"] == "unit.create" for r in rows)
    assert any("وحدة" in r["object_repr"] for r in rows)
    assert AuditEntry.objects.filter(action="audit.export", actor_username="auditor").exists()


def test_cli_export_writes_csv(tmp_path, actor_of):
    _write_some(actor_of("site_admin"), 1)
    target = tmp_path / "audit.csv"
    call_command("audit", "export", "--site", "TRP", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert "unit.create" in text
    assert AuditEntry.objects.filter(action="audit.export", channel="cli").exists()


def test_times_at_the_edge_of_a_second_and_unicode_hash_the_same_when_read_back(actor_of):
    """The database converts the time itself for verify: a fraction of .999999 must not round up."""
    import datetime as dt

    actor = actor_of("site_admin")
    base = dt.datetime(2026, 11, 16, 7, 59, 59, tzinfo=dt.UTC)
    entries = [
        services.build_entry(
            actor,
            "test.edge",
            at=base.replace(microsecond=us),
            object_repr="بنغازي \u200f «٣»",
            after={"ب": [1, 2.5, None, True], "a": {"z": "ـ", "b": ""}},
        )
        for us in (0, 1, 499999, 500000, 999999)
    ]
    services.record_many(entries)
    sequencer.sequence_all()
    assert services.verify(["TRP"])[0].ok


@postgresql_only
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(-(2**62), 2**62),
            st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"])),
        ),
        max_size=6,
    )
)
def test_postgresql_writes_the_scalars_array_exactly_as_python_hashes_it(values):
    """verify on PostgreSQL hashes json_build_array(...)::text: it must be byte for byte chain.scalars_text."""
    casts = ", ".join("%s::bigint" if isinstance(v, int) else "%s::text" for v in values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT json_build_array('{chain.FORMAT}'{', ' if values else ''}{casts})::text", values)
        assert cursor.fetchone()[0] == chain.scalars_text(values)


def test_export_neutralises_formula_cells_from_a_failed_sign_in(client_of):
    """An anonymous failed sign-in's username reached the export verbatim and ran as a formula."""
    hostile = "=2+5+cmd|' /C calc'!A0"
    from django.test import Client

    Client().post(reverse("accounts:login"), {"username": hostile, "password": "wrong-password"})
    assert AuditEntry.objects.filter(action="auth.login_failed", actor_username=hostile).exists()
    response = client_of("auditor").get(reverse("audit:export"), {"action": "auth.login_failed"})
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert "'" + hostile in [r["actor_username"] for r in rows]
    assert not [c for r in rows for c in r.values() if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
