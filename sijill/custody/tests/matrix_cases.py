"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from sijill.demo.loader import demo_uuid
from sijill.persons.models import Person
from tests.endpoints import Endpoint

# Caught in the act at the Tripoli entry checkpoint, held at the central station (custody demo).
HELD = demo_uuid("arrest", "overdue")


def _unit(code: str) -> str:
    return str(demo_uuid("unit", code))


def _arrest() -> dict[str, Any]:
    now = timezone.now() - dt.timedelta(hours=2)
    person = Person.objects.order_by("name_normalized").values_list("pk", flat=True)[0]
    return {
        "person_id": str(person), "arrested_at": now.isoformat(), "place": "بوابة القره بوللي",
        "basis": "flagrante", "crime_category": "ordinary", "detention_place_id": _unit("tripoli-station-1"),
        "prosecution_office_id": _unit("tripoli-prosecution"),
        "prosecution_notified_at": (now + dt.timedelta(minutes=30)).isoformat(),
    }  # fmt: skip


PAGES: list[Endpoint] = [
    Endpoint("custody:list", "custody.view", "GET", lambda u: reverse("custody:list")),
    Endpoint("custody:overdue", "custody.view", "GET", lambda u: reverse("custody:overdue")),
    Endpoint("custody:create", "custody.manage", "GET", lambda u: reverse("custody:create")),
    Endpoint(
        "custody:detail",
        "custody.view",
        "GET",
        lambda u: reverse("custody:detail", args=[HELD]) + "?purpose=matrix+test",
    ),
    Endpoint("custody:event", "custody.manage", "GET", lambda u: reverse("custody:event", args=[HELD, "questioning"])),
]
APIS: list[Endpoint] = [
    Endpoint("GET /custody", "custody.view", "GET", lambda u: "/custody"),
    Endpoint("GET /custody/overdue", "custody.view", "GET", lambda u: "/custody/overdue"),
    Endpoint("GET /custody/{arrest_id}", "custody.view", "GET", lambda u: f"/custody/{HELD}?purpose=matrix+test"),
    Endpoint("POST /custody", "custody.manage", "POST", lambda u: "/custody", _arrest, ok=201),
    Endpoint(
        "POST /custody/{arrest_id}/events",
        "custody.manage",
        "POST",
        lambda u: f"/custody/{HELD}/events",
        lambda: {"kind": "questioning", "notes": "سماع أقوال المقبوض عليه"},
        ok=201,
    ),
]
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = {"custody:check"}
PUBLIC_APIS: set[str] = {"POST /custody/check"}
