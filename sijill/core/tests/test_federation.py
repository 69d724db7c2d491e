"""The ownership rule: only the origin site changes a record — in code, and on PostgreSQL in the database."""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from sijill.core.errors import ForeignRecord
from sijill.core.federation import applying_peer_rows, current_site, federated_models, owner_column
from sijill.organisation import services
from sijill.organisation.models import Unit

pytestmark = pytest.mark.django_db


def _peer_unit() -> Unit:
    return Unit.objects.get(code="benghazi-room")  # owned by BEN in the demo


def test_new_records_get_this_site_and_a_random_uuid(actor_of):
    unit = services.do_create_unit(
        actor_of("site_admin"), code="trp-new-office", name_ar="مكتب جديد", kind="office", agency_id="police"
    )
    assert unit.origin_site == current_site() == "TRP"
    assert isinstance(unit.pk, uuid.UUID) and unit.pk.version == 4


def test_peer_record_cannot_be_saved_or_deleted_here():
    unit = _peer_unit()
    unit.name_ar = "تعديل من طرابلس"
    with pytest.raises(ForeignRecord):
        unit.save()
    with pytest.raises(ForeignRecord):
        unit.delete()


def test_bulk_update_and_delete_of_peer_records_refused():
    with pytest.raises(ForeignRecord):
        Unit.objects.filter(origin_site="BEN").update(name_ar="x")
    with pytest.raises(ForeignRecord):
        Unit.objects.filter(code="benghazi-room").delete()
    with pytest.raises(ForeignRecord):
        Unit.objects.filter(code="tripoli-room").update(origin_site="BEN")


def test_owned_record_can_be_changed():
    assert Unit.objects.filter(code="tripoli-room").update(name_en="Tripoli joint room") == 1


def test_peer_rows_may_be_inserted_as_the_apply_worker_does():
    with applying_peer_rows():
        unit = Unit(code="ben-peer-office", name_ar="مكتب", kind="office", agency_id="police", origin_site="BEN")
        unit.path = unit.compute_path()
        unit.save()
    assert Unit.objects.get(pk=unit.pk).origin_site == "BEN"


def test_every_federated_table_is_declared():
    tables = {m._meta.db_table for m in federated_models()}
    assert {"organisation_unit", "organisation_directorate", "organisation_site", "accounts_user"} <= tables


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger exists on PostgreSQL only")
class TestPostgresTrigger:
    def test_raw_sql_update_of_peer_row_refused(self):
        unit = _peer_unit()
        with pytest.raises(DatabaseError, match="belongs to site BEN"), transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE organisation_unit SET name_ar = 'x' WHERE id = %s", [unit.pk])

    def test_raw_sql_delete_of_peer_row_refused(self):
        unit = _peer_unit()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM organisation_unit WHERE id = %s", [unit.pk])

    def test_raw_sql_cannot_change_origin_site(self):
        with pytest.raises(DatabaseError, match="never changes"), transaction.atomic(), connection.cursor() as c:
            c.execute("UPDATE organisation_unit SET origin_site = 'BEN' WHERE code = 'tripoli-room'")

    @pytest.mark.django_db(transaction=True)
    def test_replication_role_bypasses_trigger(self, demo):
        """The logical replication apply worker runs as replica: peer rows apply unhindered."""
        from tests.dbroles import as_replication_worker

        unit = _peer_unit()
        as_replication_worker("UPDATE organisation_unit SET name_en = 'from peer' WHERE id = %s", [str(unit.pk)])
        assert Unit.objects.get(pk=unit.pk).name_en == "from peer"


# Unique rules that cannot see the same value written at two sites, and why.
SAFE_UNIQUE = {
    ("officers.officer", "badge_token"): "random token",
    ("accounts.apitoken", "key_id"): "random token",
    ("organisation.site", "code"): "a site writes only its own Site row, whose code is its owner",
    ("records.criminalrecord", "supersedes"): "record.manage is site-scoped: only the owner corrects",
    ("warrants.warrant", "warrant_order_per_office"): "only the office's own prosecutors (one site) issue",
}


def test_no_statewide_unique_value_can_stall_replication():
    """A unique rule without the owner column lets two partitioned sites write the same value, and
    the apply worker then stops on the conflict. Natural keys are unique per site in the database
    and checked statewide by the services."""
    offending = []
    for model in federated_models():
        owner = owner_column(model)
        label = model._meta.label_lower
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key and (label, field.name) not in SAFE_UNIQUE:
                offending.append(f"{label}.{field.name}")
        for constraint in model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if fields and owner not in fields and (label, constraint.name) not in SAFE_UNIQUE:
                offending.append(f"{label}: {constraint.name}")
        for together in model._meta.unique_together:
            if owner not in together:
                offending.append(f"{label}: {together}")
    assert offending == [], offending
