"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

from __future__ import annotations

import itertools
from typing import Any

from django.urls import reverse

from sijill.demo.loader import demo_uuid
from sijill.vehicles.models import Vehicle
from tests.endpoints import Endpoint

_counter = itertools.count(1)


def _vehicle() -> str:
    """A Tripoli (this site's) vehicle: clerks of this site may edit it."""
    return str(demo_uuid("vehicle", "landcruiser"))


def _open_report() -> str:
    return str(demo_uuid("vehicle-report", "sportage-stolen"))


def _new_owner() -> str:
    # فاطمة الهادي محمد الشريف (not the Land Cruiser's current owner)
    return str(demo_uuid("person", "فاطمة الهادي محمد الشريف 1992"))


def _url(name: str, *args: object) -> str:
    return reverse(name, args=args)


def _new_vehicle() -> dict[str, Any]:
    return {"plate_as_written": f"٥-٩٩{next(_counter)}", "make": "تويوتا", "model": "كورولا", "year": 2018}


def _version() -> int:
    return Vehicle.objects.get(pk=_vehicle()).version


PAGES: list[Endpoint] = [
    Endpoint("vehicles:list", "vehicle.view", "GET", lambda u: reverse("vehicles:list") + "?plate=5-123456"),
    Endpoint("vehicles:create", "vehicle.manage", "GET", lambda u: reverse("vehicles:create")),
    Endpoint(
        "vehicles:lookup",
        "vehicle.view",
        "GET",
        lambda u: reverse("vehicles:lookup") + "?plate=5-88012&purpose=matrix+test",
    ),
    Endpoint("vehicles:reports", "vehicle.view", "GET", lambda u: reverse("vehicles:reports")),
    Endpoint("vehicles:recovery", "vehicle.stop", "GET", lambda u: _url("vehicles:recovery", _open_report())),
    Endpoint("vehicles:stops", "vehicle.view", "GET", lambda u: reverse("vehicles:stops")),
    Endpoint("vehicles:stop_create", "vehicle.stop", "GET", lambda u: reverse("vehicles:stop_create")),
    Endpoint(
        "vehicles:detail", "vehicle.view", "GET", lambda u: _url("vehicles:detail", _vehicle()) + "?purpose=matrix+test"
    ),
    Endpoint("vehicles:edit", "vehicle.manage", "GET", lambda u: _url("vehicles:edit", _vehicle())),
    Endpoint("vehicles:transfer", "vehicle.manage", "GET", lambda u: _url("vehicles:transfer", _vehicle())),
    Endpoint("vehicles:report", "vehicle.report", "GET", lambda u: _url("vehicles:report", _vehicle())),
]
APIS: list[Endpoint] = [
    Endpoint("GET /vehicles", "vehicle.view", "GET", lambda u: "/vehicles?plate=%D9%A5-123456"),
    Endpoint("POST /vehicles", "vehicle.manage", "POST", lambda u: "/vehicles", _new_vehicle, ok=201),
    Endpoint(
        "GET /vehicles/lookup", "vehicle.view", "GET", lambda u: "/vehicles/lookup?plate=5-88012&purpose=matrix+test"
    ),
    Endpoint("GET /vehicles/reports", "vehicle.view", "GET", lambda u: "/vehicles/reports"),
    Endpoint(
        "POST /vehicles/reports/{report_id}/recovery",
        "vehicle.stop",
        "POST",
        lambda u: f"/vehicles/reports/{_open_report()}/recovery",
        lambda: {"place": "بوابة الدافنية"},
        ok=201,
    ),
    Endpoint("GET /vehicles/stops", "vehicle.view", "GET", lambda u: "/vehicles/stops"),
    Endpoint(
        "POST /vehicles/stops",
        "vehicle.stop",
        "POST",
        lambda u: "/vehicles/stops",
        lambda: {
            "campaign": "حملة اختبار",
            "place": "طريق المطار",
            "description": "سيارة بدون لوحات",
            "action_taken": "warned",
        },
        ok=201,
    ),
    Endpoint(
        "GET /vehicles/{vehicle_id}", "vehicle.view", "GET", lambda u: f"/vehicles/{_vehicle()}?purpose=matrix+test"
    ),
    Endpoint(
        "PATCH /vehicles/{vehicle_id}",
        "vehicle.manage",
        "PATCH",
        lambda u: f"/vehicles/{_vehicle()}",
        lambda: {"version": _version(), "colour": "أبيض لؤلؤي"},
    ),
    Endpoint(
        "POST /vehicles/{vehicle_id}/transfer",
        "vehicle.manage",
        "POST",
        lambda u: f"/vehicles/{_vehicle()}/transfer",
        lambda: {"new_owner_id": _new_owner()},
        ok=201,
    ),
    Endpoint(
        "POST /vehicles/{vehicle_id}/reports",
        "vehicle.report",
        "POST",
        lambda u: f"/vehicles/{_vehicle()}/reports",
        lambda: {"kind": "wanted", "legal_basis": "قضية رقم 12/2026 — نيابة طرابلس"},
        ok=201,
    ),
]
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
