"""Rows of the permission-matrix test for the statewide register's pages and API (issue 16)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from sijill.linkage.models import CandidatePair, LinkageRun, LinkDecision, Outcome
from sijill.persons.models import Person
from tests.endpoints import Endpoint


def demo_pair() -> tuple[Person, Person]:
    """Khaled al-Kikli at Tripoli and his copy recorded at Benghazi (sijill/linkage/demo.py)."""
    trp = Person.objects.get(first_name="خالد", family_name="الككلي", origin_site="TRP")
    ben = Person.objects.get(first_name="خالد", family_name="ككلي", origin_site="BEN")
    return (trp, ben) if str(trp.pk) < str(ben.pk) else (ben, trp)


def candidate() -> CandidatePair:
    left, right = demo_pair()
    pair = CandidatePair.objects.filter(left=left, right=right).first()
    if pair is None:
        run = LinkageRun.objects.create(scope="cross-site", started_at=timezone.now(), upper=0.95, lower=0.5)
        evidence = [{"comparison": "first", "level": "same", "weight": 6.0}]
        pair = CandidatePair.objects.create(
            run=run, left=left, right=right, probability=0.9, weight=3.2, evidence=evidence, outcome=Outcome.REVIEW
        )
    return pair


def _pair_id() -> str:
    return str(candidate().pk)


def _linked_body() -> dict[str, object]:
    """The pair judged the same person, so that splitting it has something to split."""
    left, right = demo_pair()
    if not LinkDecision.objects.filter(left=left, right=right, verdict="yes").exists():
        LinkDecision.objects.create(left=left, right=right, verdict="yes", reason="matrix test", decided_by="t")
    return {"detach": [str(right.pk)], "reason": "matrix test"}


def _anchor() -> str:
    return str(demo_pair()[0].pk)


PAGES: list[Endpoint] = [
    Endpoint("linkage:queue", "link.review", "GET", lambda u: reverse("linkage:queue")),
    Endpoint("linkage:pair", "link.review", "GET", lambda u: reverse("linkage:pair", args=[_pair_id()])),
    Endpoint(
        "linkage:withdraw", "link.review", "GET", lambda u: reverse("linkage:withdraw", args=[_pair_id()]), ok=302
    ),
    Endpoint(
        "linkage:person",
        "link.view",
        "GET",
        lambda u: reverse("linkage:person", args=[_anchor()]) + "?purpose=matrix+test",
    ),
    Endpoint("linkage:split", "link.review", "GET", lambda u: reverse("linkage:split", args=[_anchor()])),
    Endpoint("linkage:conflicts", "link.review", "GET", lambda u: reverse("linkage:conflicts")),
    Endpoint("linkage:runs", "link.run", "GET", lambda u: reverse("linkage:runs")),
]
APIS: list[Endpoint] = [
    Endpoint("GET /linkage/runs", "link.run", "GET", lambda u: "/linkage/runs"),
    Endpoint("GET /linkage/queue", "link.review", "GET", lambda u: "/linkage/queue"),
    Endpoint("GET /linkage/pairs/{pair_id}", "link.review", "GET", lambda u: f"/linkage/pairs/{_pair_id()}"),
    Endpoint(
        "POST /linkage/pairs/{pair_id}/decisions",
        "link.review",
        "POST",
        lambda u: f"/linkage/pairs/{_pair_id()}/decisions",
        lambda: {"verdict": "unsure", "reason": "matrix test"},
        ok=201,
    ),
    Endpoint(
        "GET /linkage/persons/{person_id}",
        "link.view",
        "GET",
        lambda u: f"/linkage/persons/{_anchor()}?purpose=matrix+test",
    ),
    Endpoint(
        "POST /linkage/persons/{person_id}/split",
        "link.review",
        "POST",
        lambda u: f"/linkage/persons/{_anchor()}/split",
        _linked_body,
        ok=201,
    ),
    Endpoint("GET /linkage/conflicts", "link.review", "GET", lambda u: "/linkage/conflicts"),
]
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
