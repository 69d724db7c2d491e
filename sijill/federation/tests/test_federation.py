"""Federation on one database: the declared table list, the SQLite refusal, the status page and API.

The replication itself is tested on real PostgreSQL clusters in tests/federation/.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from sijill.core.federation import FederatedModel, federated_models
from sijill.federation import replication
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db

LOCAL_ONLY = {
    "django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog", "otp_totp_totpdevice",
    "accounts_apitoken", "core_siteidentity", "federation_peerlink", "auth_permission", "django_content_type",
    "audit_witnessedhead", "jobs_periodicrun", "jobs_workerbeat", "django_tasks_db_dbtaskresult",
}  # fmt: skip


def test_replicated_tables_are_declared_once_and_exclude_local_tables():
    tables = {t.name: t for t in replication.replicated_tables()}
    assert {"accounts_user", "organisation_unit", "persons_person", "persons_personnamekey"} <= set(tables)
    assert {"audit_auditentry", "audit_auditsigningkey", "audit_auditchainhead"} <= set(tables)
    assert not LOCAL_ONLY & set(tables)
    assert tables["persons_personnamekey"].pk == ("key", "person_id")
    assert tables["audit_auditentry"].owner == "site"
    # (id, site): seq is given later by the sequencer, so the unique (site, seq) index cannot serve.
    assert tables["audit_auditentry"].identity_index == "sijill_ri_audit_auditentry"
    assert tables["audit_auditchainhead"].identity_index is None  # its key is the site
    assert tables["persons_person"].identity_index == "sijill_ri_persons_person"


def test_every_replicated_model_has_its_owner_column_and_no_hidden_m2m_table():
    """A many-to-many table Django creates by itself has no owner column and would never travel."""
    # Django's own groups and permissions of a user stay local: Sijill grants by role (the matrix).
    local_m2m = {("User", "groups"), ("User", "user_permissions")}
    for model in federated_models():
        for m2m in model._meta.local_many_to_many:
            if (model.__name__, m2m.name) in local_m2m:
                continue
            through = m2m.remote_field.through
            assert through in federated_models(), f"{model.__name__}.{m2m.name} needs a federated through model"
        if issubclass(model, FederatedModel):
            assert model._meta.pk.name == "id"


def test_publication_never_publishes_truncate():
    assert "truncate" not in replication.PUBLISH


@pytest.mark.parametrize("code", ["", "b", "TRP", "ben'; drop table x", "ABCDEFGHI"])
def test_bad_peer_codes_refused(code):
    from sijill.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        replication.check_site_code(code)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the refusal concerns SQLite")
@pytest.mark.parametrize(
    "args",
    [["status"], ["publish"], ["join", "--peer", "BEN", "--dsn", "host=x"], ["leave", "--peer", "BEN"],
     ["verify"], ["resync", "--peer", "BEN"], ["refresh"]],
)  # fmt: skip
def test_every_command_says_federation_needs_postgresql_in_arabic(args):
    with translation.override("ar"), pytest.raises(CommandError) as info:
        call_command("federation", *args)
    assert "PostgreSQL" in str(info.value) and "يتطلب" in str(info.value)
    assert info.value.returncode != 0


def test_status_page_for_the_national_room_and_the_site_admin(client_of):
    for role in ("t1_operator", "site_admin"):
        response = client_of(role).get(reverse("federation:status"))
        assert response.status_code == 200
        body = response.content.decode()
        if connection.vendor == "sqlite":
            assert "PostgreSQL" in body


def test_status_page_refused_to_other_roles(client_of):
    assert client_of("records_clerk").get(reverse("federation:status")).status_code == 403


def test_status_api(user_of):
    api = ApiClient(user_of("t1"))
    response = api.call("GET", "/federation/status")
    assert response.status_code == 200
    body = response.json()
    assert body["site"] == "TRP" and body["available"] == (connection.vendor == "postgresql")
