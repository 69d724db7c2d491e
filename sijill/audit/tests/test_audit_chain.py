"""The audit log: written with the change, chained and signed, and tampering is found."""

import csv
import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from sijill.audit import services
from sijill.audit.models import AuditEntry
from sijill.core.errors import ValidationFailed
from sijill.organisation import services as org_services
from sijill.organisation.models import Unit

pytestmark = pytest.mark.django_db


def _write_some(actor, n: int = 3) -> list[Unit]:
    return [
        org_services.do_create_unit(
            actor, code=f"audit-unit-{i}-{uuid.uuid4().hex[:6]}", name_ar=f"وحدة {i}", kind="office", agency_id="police"
        )
        for i in range(n)
    ]


def _raw(sql: str, params: list | None = None) -> None:
    """Act as someone with direct database access: on PostgreSQL, switch off the append-only trigger first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER sijill_append_only")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER sijill_append_only")


def _db_id(value: uuid.UUID) -> object:
    """A UUID as the database stores it (SQLite keeps 32 hex digits)."""
    return value.hex if connection.vendor == "sqlite" else value


def _verify_exit() -> tuple[int, str]:
    """`sijill audit verify` in this process (tests/test_cli.py runs the real command too)."""
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue()
    return 0, out.getvalue()


def test_change_and_audit_row_written_together(actor_of):
    before = AuditEntry.objects.count()
    unit = _write_some(actor_of("site_admin"), 1)[0]
    entry = AuditEntry.objects.get(object_id=str(unit.pk))
    assert AuditEntry.objects.count() == before + 1
    assert entry.action == "unit.create" and entry.actor_username == "admin" and entry.actor_role == "site_admin"
    assert entry.after["name_ar"] == unit.name_ar and entry.before is None


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
    entry = AuditEntry.objects.filter(action="unit.update", object_id=str(unit.pk)).latest("seq")
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
            actor_of("investigator"),
            "person.read",
            purpose="قضية رقم ١٢/٢٠٢٦",
            object_type="persons.person",
            object_id="x",
        )
    assert entry.kind == "read" and entry.purpose == "قضية رقم ١٢/٢٠٢٦"


def test_intact_chain_verifies(actor_of):
    _write_some(actor_of("site_admin"))
    assert all(r.ok for r in services.verify())
    code, out = _verify_exit()
    assert code == 0, out
    assert "TRP: intact" in out


def test_altered_row_is_detected(actor_of):
    _write_some(actor_of("site_admin"))
    victim = AuditEntry.objects.filter(site="TRP").order_by("seq")[1]
    _raw(
        "UPDATE audit_auditentry SET actor_username = 'someone_else' WHERE id = %s",
        [_db_id(victim.pk)],
    )
    code, out = _verify_exit()
    assert code == 1
    assert f"BROKEN at entry #{victim.seq}" in out and "[altered]" in out


def test_deleted_row_is_detected(actor_of):
    _write_some(actor_of("site_admin"))
    victim = AuditEntry.objects.filter(site="TRP").order_by("seq")[1]
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [_db_id(victim.pk)])
    code, out = _verify_exit()
    assert code == 1
    assert f"BROKEN at entry #{victim.seq + 1}" in out and "[missing]" in out


def test_deleted_newest_row_is_detected(actor_of):
    _write_some(actor_of("site_admin"))
    victim = AuditEntry.objects.filter(site="TRP").order_by("-seq").first()
    _raw("DELETE FROM audit_auditentry WHERE id = %s", [_db_id(victim.pk)])
    code, out = _verify_exit()
    assert code == 1 and f"#{victim.seq}" in out


def test_inserted_row_is_detected(actor_of):
    _write_some(actor_of("site_admin"))
    last = AuditEntry.objects.filter(site="TRP").order_by("-seq").first()
    forged = AuditEntry(
        site="TRP",
        seq=last.seq + 1,
        at=last.at,
        kind="write",
        action="unit.create",
        channel="web",
        actor_username="intruder",
        actor_role="site_admin",
        actor_site="TRP",
        prev_hash=last.hash,
        key_id=last.key_id,
        signature="00" * 64,
    )
    forged.hash = services.entry_hash(forged)  # a correct hash, but no key to sign it
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (id, site, seq, at, kind, action, channel, actor_username, actor_role, "
            "actor_site, actor_unit_path, object_type, object_id, object_repr, purpose, prev_hash, hash, key_id, "
            "signature) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '', '', %s, %s, %s, %s)",
            [
                _db_id(forged.id),
                forged.site,
                forged.seq,
                forged.at,
                forged.kind,
                forged.action,
                forged.channel,
                forged.actor_username,
                forged.actor_role,
                forged.actor_site,
                forged.prev_hash,
                forged.hash,
                forged.key_id,
                forged.signature,
            ],
        )
    code, out = _verify_exit()
    assert code == 1
    assert f"BROKEN at entry #{forged.seq}" in out and "[unsigned]" in out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="append-only trigger exists on PostgreSQL only")
def test_database_refuses_edits_of_the_log(actor_of):
    _write_some(actor_of("site_admin"), 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(site="TRP").update(purpose="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(site="TRP").delete()


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
