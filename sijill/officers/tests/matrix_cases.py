"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

import itertools

from django.urls import reverse

from sijill.demo.loader import demo_uuid
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from tests.endpoints import Endpoint

_numbers = itertools.count(880001)
# A Tripoli officer owned by this site: in the scope of the Tripoli room (D) and the personnel officer (S).
OFFICER = demo_uuid("officer", "10234")
LAW = {"authority": "وزير الداخلية", "law": "قانون هيئة الشرطة رقم 10 لسنة 1992", "article": "37"}


def _appointment() -> dict:
    person = Person.objects.order_by("name_normalized").values_list("pk", flat=True)[0]
    unit = Unit.objects.get(code="tripoli-station-1").pk
    return {"person": str(person), "service_number": str(next(_numbers)), "rank": "second_lieutenant",
            "unit": str(unit), "number": "5/2026", "dated": "2026-01-04", **LAW}  # fmt: skip


PAGES: list[Endpoint] = [
    Endpoint("officers:list", "officer.view", "GET", lambda u: reverse("officers:list")),
    Endpoint("officers:create", "officer.manage", "GET", lambda u: reverse("officers:create")),
    Endpoint(
        "officers:detail",
        "officer.view",
        "GET",
        lambda u: reverse("officers:detail", args=[OFFICER]) + "?purpose=matrix+test",
    ),
    Endpoint(
        "officers:decision_create",
        "officer.manage",
        "GET",
        lambda u: reverse("officers:decision_create", args=[OFFICER]),
    ),
    Endpoint(
        "officers:reissue_badge",
        "officer.manage",
        "POST",
        lambda u: reverse("officers:reissue_badge", args=[OFFICER]),
        ok=302,
    ),
]
APIS: list[Endpoint] = [
    Endpoint("GET /officers", "officer.view", "GET", lambda u: "/officers"),
    Endpoint("GET /officers/{officer_id}", "officer.view", "GET", lambda u: f"/officers/{OFFICER}?purpose=matrix+test"),
    Endpoint("POST /officers", "officer.manage", "POST", lambda u: "/officers", _appointment, ok=201),
    Endpoint(
        "POST /officers/{officer_id}/decisions",
        "officer.manage",
        "POST",
        lambda u: f"/officers/{OFFICER}/decisions",
        lambda: {"kind": "promotion", "new_rank": "major", "number": "6/2026", "dated": "2026-01-05", **LAW},
        ok=201,
    ),
]
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = {"officers:badge", "officers:badge_token"}
PUBLIC_APIS: set[str] = {"GET /officers/badge/{service_number}"}
