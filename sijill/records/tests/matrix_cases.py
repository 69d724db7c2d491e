"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

from __future__ import annotations

import itertools

from django.urls import reverse

from sijill.core.federation import current_site
from sijill.persons.models import Person
from sijill.records.models import Case, CriminalRecord
from tests.endpoints import Endpoint

_counter = itertools.count()


def _case() -> Case:
    """A demo case of Tripoli's CID: inside every record.view scope of the demo roles."""
    return Case.objects.get(origin_site=current_site(), number="45/2026")


def _entry() -> CriminalRecord:
    return CriminalRecord.objects.filter(origin_site=current_site(), superseded_by__isnull=True).order_by("pk")[0]


def _person() -> str:
    return str(_entry().person_id)


def _any_person() -> str:
    return str(Person.objects.order_by("name_normalized").values_list("pk", flat=True)[0])


PAGES: list[Endpoint] = [
    Endpoint("records:cases", "record.view", "GET", lambda u: reverse("records:cases") + "?status=referred"),
    Endpoint("records:case_create", "record.manage", "GET", lambda u: reverse("records:case_create")),
    Endpoint(
        "records:case_detail",
        "record.view",
        "GET",
        lambda u: reverse("records:case_detail", args=[_case().pk]) + "?purpose=matrix+test",
    ),
    Endpoint("records:case_edit", "record.manage", "GET", lambda u: reverse("records:case_edit", args=[_case().pk])),
    Endpoint(
        "records:sheet",
        "record.view",
        "GET",
        lambda u: reverse("records:sheet", args=[_person()]) + "?purpose=matrix+test",
    ),
    Endpoint(
        "records:record_create",
        "record.manage",
        "GET",
        lambda u: reverse("records:record_create", args=[_any_person()]),
    ),
    Endpoint(
        "records:record_correct",
        "record.manage",
        "GET",
        lambda u: reverse("records:record_correct", args=[_entry().pk]),
    ),
]
APIS: list[Endpoint] = [
    Endpoint("GET /cases", "record.view", "GET", lambda u: "/cases?q=2026"),
    Endpoint("GET /cases/{case_id}", "record.view", "GET", lambda u: f"/cases/{_case().pk}"),
    Endpoint(
        "POST /cases",
        "record.manage",
        "POST",
        lambda u: "/cases",
        lambda: {"number": f"٩٩/{next(_counter)}", "title": "سرقة مواشٍ — ترهونة"},
        ok=201,
    ),
    Endpoint(
        "PATCH /cases/{case_id}",
        "record.manage",
        "PATCH",
        lambda u: f"/cases/{_case().pk}",
        lambda: {"version": _case().version, "court_ref": "ج.ط/77/2026"},
    ),
    Endpoint(
        "GET /records/sheet/{person_id}",
        "record.view",
        "GET",
        lambda u: f"/records/sheet/{_person()}?purpose=matrix+test",
    ),
    Endpoint(
        "POST /records",
        "record.manage",
        "POST",
        lambda u: "/records",
        lambda: {"person_id": _any_person(), "offence": "سرقة", "law_article": "قانون العقوبات، المادة 444"},
        ok=201,
    ),
    Endpoint(
        "POST /records/{record_id}/corrections",
        "record.manage",
        "POST",
        lambda u: f"/records/{_entry().pk}/corrections",
        lambda: {"reason": "تصحيح رقم المادة", "law_article": "قانون العقوبات، المادة 446"},
        ok=201,
    ),
]
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
