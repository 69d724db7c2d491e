"""API behaviour: schema, errors in the caller's language, pagination, optimistic concurrency."""

import pytest
from django.test import Client

from sijill.organisation.models import Unit
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served():
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Sijill API"
    assert "/api/v1/units" in schema["paths"]


def test_errors_are_json_with_stable_code_in_callers_language(user_of):
    ar = ApiClient(user_of("media"), language="ar").call("GET", "/audit/entries")
    en = ApiClient(user_of("media"), language="en").call("GET", "/audit/entries")
    assert ar.status_code == en.status_code == 403
    assert ar.json()["code"] == en.json()["code"] == "permission_denied"
    assert en.json()["message"] == "Your role does not allow this action."
    assert ar.json()["message"] != en.json()["message"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in ar.json()["message"])


def test_validation_error_shape(user_of):
    response = ApiClient(user_of("admin")).call("POST", "/units", {"code": "x"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error" and body["details"]


def test_pagination(user_of):
    api = ApiClient(user_of("t1"))
    page = api.call("GET", "/units?limit=5&offset=0").json()
    assert len(page["items"]) == 5 and page["count"] == Unit.objects.count()
    second = api.call("GET", "/units?limit=5&offset=5").json()
    assert {u["id"] for u in page["items"]}.isdisjoint({u["id"] for u in second["items"]})


def test_concurrent_edits_do_not_overwrite_each_other(user_of):
    api = ApiClient(user_of("admin"))
    unit = Unit.objects.get(code="tripoli-station-1")
    first = api.call("PATCH", f"/units/{unit.pk}", {"version": unit.version, "name_en": "First edit"})
    assert first.status_code == 200 and first.json()["version"] == unit.version + 1
    second = api.call("PATCH", f"/units/{unit.pk}", {"version": unit.version, "name_en": "Second edit"})
    assert second.status_code == 409 and second.json()["code"] == "conflict"
    assert Unit.objects.get(pk=unit.pk).name_en == "First edit"


def test_arabic_indic_digits_accepted_in_api_input(user_of):
    api = ApiClient(user_of("admin"))
    unit = Unit.objects.get(code="tripoli-station-1")
    arabic_version = str(unit.version).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    response = api.call("PATCH", f"/units/{unit.pk}", {"version": arabic_version, "name_ar": "مركز شرطة طرابلس"})
    assert response.status_code == 200, response.content


def test_create_unit_under_parent_builds_the_path(user_of):
    api = ApiClient(user_of("admin"))
    parent = Unit.objects.get(code="tripoli-room")
    response = api.call(
        "POST",
        "/units",
        {
            "code": "tripoli-checkpoint-2",
            "name_ar": "بوابة الكريمية",
            "kind": "checkpoint",
            "agency_id": "central_support",
            "directorate_id": str(parent.directorate_id),
            "parent_id": str(parent.pk),
        },
    )
    assert response.status_code == 201, response.content
    child = Unit.objects.get(code="tripoli-checkpoint-2")
    assert child.path.startswith(parent.path) and child.origin_site == "TRP"


def test_unknown_or_malformed_ids_are_404(user_of):
    api = ApiClient(user_of("t1"))
    assert api.call("GET", "/units/00000000-0000-0000-0000-000000000000").status_code == 404
    assert api.call("GET", "/users/not-a-uuid").status_code in {404, 422}


def test_nul_characters_are_refused_cleanly(user_of):
    api = ApiClient(user_of("auditor"))
    assert api.call("GET", "/audit/entries?action=a%00b").status_code == 422
    assert api.call("POST", "/tokens", {"name": "a\x00b"}).status_code == 422
