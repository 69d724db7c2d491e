"""Rows of the permission-matrix test for the persons pages and API added in issue 4."""

from __future__ import annotations

from django.urls import reverse

from sijill.core.federation import current_site
from sijill.persons.models import Person
from tests.endpoints import Endpoint


def _local_person() -> Person:
    """A person owned by this site, so that a site-scoped manager may edit it."""
    return Person.objects.filter(origin_site=current_site()).order_by("name_normalized").first()  # type: ignore[return-value]


def _pid() -> str:
    return str(_local_person().pk)


PAGES: list[Endpoint] = [
    Endpoint("persons:list", "person.search", "GET", lambda u: reverse("persons:list") + "?purpose=matrix+test&sex=m"),
    Endpoint("persons:edit", "person.manage", "GET", lambda u: reverse("persons:edit", args=[_pid()])),
    Endpoint("persons:alias_add", "person.manage", "GET", lambda u: reverse("persons:alias_add", args=[_pid()])),
]
APIS: list[Endpoint] = [
    Endpoint("GET /persons", "person.search", "GET", lambda u: "/persons?purpose=matrix+test&birth_year=1990"),
    Endpoint(
        "PATCH /persons/{person_id}",
        "person.manage",
        "PATCH",
        lambda u: f"/persons/{_pid()}",
        lambda: {"version": _local_person().version, "birth_place": "طرابلس"},
    ),
    Endpoint(
        "POST /persons/{person_id}/aliases",
        "person.manage",
        "POST",
        lambda u: f"/persons/{_pid()}/aliases",
        lambda: {"first_name": "أبو", "family_name": "شوشة"},
        ok=201,
    ),
]
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
