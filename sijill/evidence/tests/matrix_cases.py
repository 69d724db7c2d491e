"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

import itertools

from django.urls import reverse

from sijill.demo.loader import demo_uuid
from sijill.evidence.models import EvidenceItem
from sijill.organisation.models import Unit
from sijill.records.models import Case
from tests.endpoints import Endpoint

_seals = itertools.count(1)
# Item 5 of the Tripoli case 45/2026 (a phone still held by the Tripoli CID): in the scope of the
# investigator (D), the clerk (S), the prosecutor and the inspector (N).
ITEM = demo_uuid("evidence", "45/2026:5")


def _case() -> str:
    return str(Case.objects.get(origin_site="TRP", number="45/2026").pk)


def _unit(code: str) -> str:
    return str(Unit.objects.get(code=code).pk)


def _item() -> dict:
    n = next(_seals)
    return {
        "case": _case(), "item_number": f"M{n}", "description": "ولاعة معدنية", "kind": "other",
        "seized_at": "2026-03-13T10:00:00+02:00", "seized_place": "قصر بن غشير", "seized_by": "الرائد عادل الزنتاني",
        "seized_unit": _unit("tripoli-cid"), "seal_number": f"MATRIX-{n}", "condition": "good",
    }  # fmt: skip


def _transfer() -> dict:
    return {
        "from_unit": _unit("tripoli-cid"), "from_person": "الرائد عادل الزنتاني", "to_unit": _unit("trp-forensic-lab"),
        "to_person": "هدى القماطي", "handed_at": "2026-03-14T09:00:00+02:00", "place": "المختبر",
        "condition": "good", "seal_intact": True,
    }  # fmt: skip


PAGES: list[Endpoint] = [
    Endpoint("evidence:list", "evidence.view", "GET", lambda u: reverse("evidence:list")),
    Endpoint("evidence:case", "evidence.view", "GET", lambda u: reverse("evidence:case", args=[_case()])),
    Endpoint("evidence:edit", "evidence.manage", "GET", lambda u: reverse("evidence:edit", args=[ITEM])),
    Endpoint("evidence:create", "evidence.manage", "GET", lambda u: reverse("evidence:create")),
    Endpoint(
        "evidence:detail", "evidence.view", "GET", lambda u: reverse("evidence:detail", args=[ITEM]) + "?purpose=matrix"
    ),
    Endpoint(
        "evidence:transfer_create", "evidence.manage", "GET", lambda u: reverse("evidence:transfer_create", args=[ITEM])
    ),
    Endpoint(
        "evidence:lab_reference_create",
        "evidence.manage",
        "GET",
        lambda u: reverse("evidence:lab_reference_create", args=[ITEM]),
    ),
]
APIS: list[Endpoint] = [
    Endpoint("GET /evidence", "evidence.view", "GET", lambda u: "/evidence"),
    Endpoint("GET /evidence/{item_id}", "evidence.view", "GET", lambda u: f"/evidence/{ITEM}?purpose=matrix+test"),
    Endpoint(
        "PATCH /evidence/{item_id}",
        "evidence.manage",
        "PATCH",
        lambda u: f"/evidence/{ITEM}",
        lambda: {"version": EvidenceItem.objects.get(pk=ITEM).version, "seized_by": "الرائد عادل ميلاد الزنتاني"},
    ),
    Endpoint("POST /evidence", "evidence.manage", "POST", lambda u: "/evidence", _item, ok=201),
    Endpoint(
        "POST /evidence/{item_id}/transfers",
        "evidence.manage",
        "POST",
        lambda u: f"/evidence/{ITEM}/transfers",
        _transfer,
        ok=201,
    ),
    Endpoint(
        "POST /lab-references",
        "evidence.manage",
        "POST",
        lambda u: "/lab-references",
        lambda: {"kind": "dna", "reference": f"DNA-M-{next(_seals)}", "lab_name": "المختبر", "item": str(ITEM)},
        ok=201,
    ),
]
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
