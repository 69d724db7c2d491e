"""One scoped, audited resolver for every place that takes a person reference (issue 9).

``person_by_reference`` skipped ``visible()`` and the audit: a personnel officer, who may neither
search nor read persons, learned whether any national number exists, unaudited.
"""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from sijill.audit.models import AuditEntry
from sijill.core.errors import PermissionDenied, ValidationFailed
from sijill.officers import services as officers
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.persons.services import resolve_person_reference
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db
LAW: dict[str, Any] = {
    "authority": "وزير الداخلية",
    "law": "قانون هيئة الشرطة رقم 10 لسنة 1992",
    "article": "المادة 38",
}
KHALED_NN = "119870552091"


def _resolutions(username: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="person.resolve", actor_username=username).order_by("seq"))


def _appoint(actor, person: str, number: str = "44557"):
    return officers.do_appoint_officer(
        actor, person=person, service_number=number, rank="second_lieutenant",
        unit=Unit.objects.get(code="tripoli-station-1"), number="٩٨/٢٠٢٦", dated=dt.date(2026, 1, 5), **LAW,
    )  # fmt: skip


def test_personnel_name_a_person_only_through_their_own_action_and_every_try_is_audited(actor_of):
    personnel = actor_of("personnel")
    with pytest.raises(ValidationFailed) as missing:
        _appoint(personnel, "119999999999")
    with pytest.raises(ValidationFailed) as malformed:
        _appoint(personnel, "خالد الككلي")
    assert (
        missing.value.details == malformed.value.details == {"person": ["لا يوجد شخص بهذا الرقم الوطني أو معرّف السجل."]}
    )
    officer = _appoint(personnel, "١١٩٨٧٠٥٥٢٠٩١")  # Arabic-Indic digits too
    assert officer.person.national_number == KHALED_NN
    tries = _resolutions("personnel")
    assert [(e.after["reference"], e.after["found"]) for e in tries] == [
        ("119999999999", False), ("خالد الككلي", False), (KHALED_NN, True),
    ]  # fmt: skip
    assert {e.kind for e in tries} == {"read"} and all(e.purpose == "officer appointment" for e in tries)
    assert tries[-1].object_id == str(officer.person_id) and tries[-1].after["for_action"] == "officer.manage"


def test_no_role_resolves_beyond_an_action_of_its_own(actor_of):
    with pytest.raises(PermissionDenied):  # personnel do not issue warrants
        resolve_person_reference(actor_of("personnel"), KHALED_NN, for_action="warrant.issue", purpose="x-test")
    with pytest.raises(PermissionDenied):  # the auditor names no person in any record
        resolve_person_reference(actor_of("auditor"), KHALED_NN, for_action="audit.view", purpose="x-test")
    assert not _resolutions("auditor")


@pytest.mark.parametrize("reference", ["11987055209", "1198705520911", "الككلي", "119870552091x", ""])
def test_only_a_whole_number_or_record_id_resolves(actor_of, reference):
    with pytest.raises(ValidationFailed):
        resolve_person_reference(actor_of("clerk"), reference, for_action="record.manage", purpose="تحقق")


def test_every_registry_resolves_through_it(client_of, user_of, actor_of):
    """Warrants (page, by national number), custody and officers (API, by record id)."""
    person = Person.objects.get(national_number=KHALED_NN)
    page = client_of("prosecutor").post(
        reverse("warrants:create"),
        {"person": "١١٩٨٧٠٥٥٢٠٩١", "order_number": "٧٧/٢٠٢٦", "kind": "arrest", "legal_article": "م 446",
         "grounds": "سرقة", "issued_on": "01/03/2026"},
    )  # fmt: skip
    assert page.status_code == 302
    assert _resolutions("prosecutor")[-1].after == {
        "reference": KHALED_NN, "found": True, "for_action": "warrant.issue",
    }  # fmt: skip
    unknown = client_of("prosecutor").post(
        reverse("warrants:create"),
        {"person": "119999999999", "order_number": "٧٨/٢٠٢٦", "kind": "arrest", "legal_article": "م 446",
         "grounds": "سرقة", "issued_on": "01/03/2026"},
    )  # fmt: skip
    assert unknown.status_code == 200 and unknown.context["form"].errors["person"]
    assert _resolutions("prosecutor")[-1].after["found"] is False
    api = ApiClient(user_of("personnel")).call("POST", "/officers", {
        "person": str(person.pk), "service_number": "44558", "rank": "second_lieutenant",
        "unit": str(Unit.objects.get(code="tripoli-station-1").pk), "number": "97/2026", "dated": "2026-01-05", **LAW,
    })  # fmt: skip
    assert api.status_code == 201, api.json()
    entry = _resolutions("personnel")[-1]
    assert entry.channel == "api" and entry.object_id == str(person.pk)
