"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

from __future__ import annotations

import itertools
from typing import Any

from django.urls import reverse

from sijill.demo.loader import demo_uuid
from sijill.persons.models import Person
from sijill.warrants.models import Warrant
from tests.endpoints import Endpoint

_counter = itertools.count()
# An active arrest warrant of the Tripoli prosecution office (see sijill/warrants/demo.py).
ACTIVE = demo_uuid("warrant", "tripoli-prosecution:1/2026")


def _person() -> str:
    return str(Person.objects.order_by("name_normalized").values_list("pk", flat=True)[0])


def _issue() -> dict[str, Any]:
    return {"person_id": _person(), "order_number": f"matrix-{next(_counter)}", "kind": "summons",
            "legal_article": "قانون العقوبات، المادة 446"}  # fmt: skip


def _detention_place() -> str:
    return str(demo_uuid("unit", "tripoli-station-1"))


PAGES: list[Endpoint] = [
    Endpoint("warrants:list", "warrant.view", "GET", lambda u: reverse("warrants:list")),
    Endpoint("warrants:create", "warrant.issue", "GET", lambda u: reverse("warrants:create")),
    Endpoint(
        "warrants:detail",
        "warrant.view",
        "GET",
        lambda u: reverse("warrants:detail", args=[ACTIVE]) + "?purpose=matrix+test",
    ),
    Endpoint("warrants:amend", "warrant.issue", "GET", lambda u: reverse("warrants:amend", args=[ACTIVE])),
    Endpoint("warrants:cancel", "warrant.issue", "GET", lambda u: reverse("warrants:cancel", args=[ACTIVE])),
    Endpoint("warrants:execute", "warrant.execute", "GET", lambda u: reverse("warrants:execute", args=[ACTIVE])),
]
APIS: list[Endpoint] = [
    Endpoint("GET /warrants", "warrant.view", "GET", lambda u: "/warrants"),
    Endpoint("GET /warrants/{warrant_id}", "warrant.view", "GET", lambda u: f"/warrants/{ACTIVE}?purpose=matrix+test"),
    Endpoint("POST /warrants", "warrant.issue", "POST", lambda u: "/warrants", _issue, ok=201),
    Endpoint(
        "PATCH /warrants/{warrant_id}",
        "warrant.issue",
        "PATCH",
        lambda u: f"/warrants/{ACTIVE}",
        lambda: {"version": Warrant.objects.get(pk=ACTIVE).version, "grounds": "تعديل للاختبار"},
    ),
    Endpoint(
        "POST /warrants/{warrant_id}/cancel",
        "warrant.issue",
        "POST",
        lambda u: f"/warrants/{ACTIVE}/cancel",
        lambda: {"reason": "سحب الأمر لانتفاء مبرراته"},
    ),
    Endpoint(
        "POST /warrants/{warrant_id}/executions",
        "warrant.execute",
        "POST",
        lambda u: f"/warrants/{ACTIVE}/executions",
        lambda: {"place": "حي الأندلس، طرابلس", "detention_place_id": _detention_place()},
        ok=201,
    ),
]
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
