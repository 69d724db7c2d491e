"""Cases and criminal records: corrections are new entries, the sheet, permissions, API, pages."""

import datetime as dt

import pytest
from django.urls import reverse

from sijill.audit.models import AuditEntry
from sijill.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.records import services
from sijill.records.models import Case, CriminalRecord
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db
PURPOSE = "طلب صحيفة سوابق — نيابة طرابلس ٣١١/٢٠٢٦"


def _person(first: str = "خالد", family: str = "الككلي") -> Person:
    return Person.objects.get(first_name=first, family_name=family)


def test_no_update_or_delete_path_for_entries():
    assert not [name for name in dir(services) if name.startswith(("do_update_record", "do_delete", "do_edit_record"))]


def test_correction_creates_a_new_entry_and_keeps_the_old(actor_of):
    clerk = actor_of("records_clerk")
    person = _person("نوري", "بوسهمين")
    entry = services.do_create_record(
        clerk, person.pk, offence="سرقة", law_article="قانون العقوبات، المادة 444", offence_date=dt.date(2026, 1, 3)
    )
    with pytest.raises(ValidationFailed):
        services.do_correct_record(clerk, entry.pk, reason="", offence="سرقة بالإكراه")
    new = services.do_correct_record(
        clerk,
        entry.pk,
        reason="تصحيح الوصف القانوني",
        offence="سرقة بالإكراه",
        law_article="قانون العقوبات، المادة 450",
    )
    assert new.pk != entry.pk and new.supersedes_id == entry.pk
    assert new.offence_date == dt.date(2026, 1, 3)  # carried over
    old = CriminalRecord.objects.get(pk=entry.pk)
    assert (old.offence, old.version) == ("سرقة", 1)  # untouched
    assert not old.is_current and new.is_current
    with pytest.raises(Conflict):
        services.do_correct_record(clerk, entry.pk, reason="مرة ثانية", offence="احتيال")
    sheet = services.read_sheet(actor_of("investigator"), person.pk, purpose=PURPOSE)
    assert new in sheet.current and old in sheet.superseded
    assert AuditEntry.objects.filter(action="record.correct", object_id=str(new.pk)).exists()
    assert AuditEntry.objects.filter(action="record.sheet", purpose=PURPOSE).exists()


def test_demo_has_a_corrected_entry(actor_of):
    sheet = services.read_sheet(actor_of("investigator"), _person("محمود", "الورفلي").pk, purpose=PURPOSE)
    assert [e.offence for e in sheet.current] == ["سرقة بالإكراه"]
    assert [e.offence for e in sheet.superseded] == ["سرقة"]


def test_validation(actor_of):
    clerk = actor_of("records_clerk")
    person = _person()
    with pytest.raises(ValidationFailed) as info:
        services.do_create_record(clerk, person.pk, offence="احتيال", status="convicted")
    assert "judgment_date" in info.value.details
    with pytest.raises(ValidationFailed):
        services.do_create_record(
            clerk, person.pk, offence="احتيال", offence_date=dt.date(2025, 5, 1), judgment_date=dt.date(2025, 1, 1)
        )
    with pytest.raises(ValidationFailed):
        services.do_create_case(clerk, number="45/2026", title="مكرر")  # demo number at this site


def test_a_clerk_records_an_investigator_cannot(actor_of):
    person = _person()
    assert services.do_create_record(actor_of("records_clerk"), person.pk, offence="احتيال").unit_id
    for role in ("investigator", "prosecutor", "checkpoint_officer"):
        with pytest.raises(PermissionDenied):
            services.do_create_record(actor_of(role), person.pk, offence="احتيال")
        with pytest.raises(PermissionDenied):
            services.do_create_case(actor_of(role), number="1/2026", title="س")


def test_scope(actor_of, client_of):
    misrata = actor_of("misrata.room")  # record.view: its own directorate only
    tripoli_case = Case.objects.get(origin_site="TRP", number="45/2026")
    with pytest.raises(NotFound):
        services.get_case(misrata, tripoli_case.pk)
    assert client_of("misrata.room").get(reverse("records:case_edit", args=[tripoli_case.pk])).status_code == 403
    response = client_of("misrata.room").get(
        reverse("records:case_detail", args=[tripoli_case.pk]), {"purpose": "x" * 5}
    )
    assert response.status_code == 404
    assert tripoli_case not in services.cases(misrata)
    assert services.get_case(actor_of("tripoli.room"), tripoli_case.pk) == tripoli_case
    # A clerk's site scope: Benghazi's entries are readable, not correctable.
    ben_entry = CriminalRecord.objects.filter(origin_site="BEN").first()
    assert ben_entry is not None
    with pytest.raises(NotFound):
        services.do_correct_record(actor_of("records_clerk"), ben_entry.pk, reason="تصحيح", offence="احتيال")
    with pytest.raises(NotFound):
        services.do_update_case(actor_of("records_clerk"), ben_entry.case_id, expected_version=1, title="تعديل")


def test_case_edit_with_version(actor_of):
    clerk = actor_of("records_clerk")
    case = services.do_create_case(clerk, number="٢٠٠/٢٠٢٦", title="سرقة مواشٍ — ترهونة")
    assert case.number == "200/2026" and case.unit_id == clerk.unit_id
    services.do_update_case(clerk, case.pk, expected_version=1, status="referred", prosecution_ref="ن.ط/9/2026")
    with pytest.raises(Conflict):
        services.do_update_case(clerk, case.pk, expected_version=1, status="closed")
    office = Unit.objects.get(code="tripoli-cid")
    with pytest.raises(ValidationFailed):
        services.do_update_case(clerk, case.pk, expected_version=2, prosecution_office_id=office.pk)


def test_pages(client_of):
    clerk = client_of("records_clerk")
    person = _person("محمود", "الورفلي")
    url = reverse("records:sheet", args=[person.pk])
    assert "purpose" in clerk.get(url).content.decode()  # asks for the purpose first
    page = clerk.get(url, {"purpose": PURPOSE}).content.decode()
    assert "سرقة بالإكراه" in page and "<del>سرقة</del>" in page and "قرار الإحالة" in page
    entry = CriminalRecord.objects.get(person=person, superseded_by__isnull=True)
    response = clerk.post(
        reverse("records:record_correct", args=[entry.pk]),
        {"offence": "سرقة بالإكراه", "law_article": "قانون العقوبات، المادة 450", "status": "in_court",
         "correction_reason": "إحالة الدعوى إلى محكمة جنايات طرابلس", "offence_date": "١٠/٠٢/٢٠٢٦"},
    )  # fmt: skip
    assert response.status_code == 302
    assert CriminalRecord.objects.filter(person=person).count() == 3
    response = clerk.post(
        reverse("records:record_create", args=[person.pk]),
        {"offence": "إتلاف مال عام", "law_article": "قانون العقوبات، المادة 457", "status": "investigation",
         "offence_date": "01/03/2099"},
    )  # fmt: skip
    assert response.status_code == 422
    response = clerk.post(
        reverse("records:case_create"),
        {"number": "٣٠٠/٢٠٢٦", "title": "سطو على محل ذهب — شارع الرشيد", "opened_on": "٠١/٠٣/٢٠٢٦", "status": "open"},
    )
    assert response.status_code == 302
    case = Case.objects.get(number="300/2026")
    detail = clerk.get(reverse("records:case_detail", args=[case.pk]), {"purpose": PURPOSE}).content.decode()
    assert "case.create" in detail  # history
    listed = [c.number for c in clerk.get(reverse("records:cases"), {"q": "٣٠٠"}).context["cases"]]
    assert listed == ["300/2026"]
    investigator = client_of("investigator")
    assert investigator.get(reverse("records:record_create", args=[person.pk])).status_code == 403
    assert investigator.get(url, {"purpose": PURPOSE}).status_code == 200


def test_api(user_of):
    api = ApiClient(user_of("records_clerk"))
    person = _person("رافع", "البسيكري")
    body = {"person_id": str(person.pk), "offence": "احتيال", "law_article": "قانون العقوبات، المادة 461",
            "prosecution_ref": "ن.ب/٩٦/٢٠٢٦"}  # fmt: skip
    created = api.call("POST", "/records", body)
    assert created.status_code == 201, created.content
    assert created.json()["prosecution_ref"] == "ن.ب/96/2026"
    rid = created.json()["id"]
    corrected = api.call("POST", f"/records/{rid}/corrections", {"reason": "تصحيح الحالة", "status": "referred"})
    assert corrected.status_code == 201 and corrected.json()["supersedes_id"] == rid
    assert corrected.json()["offence"] == "احتيال"
    again = api.call("POST", f"/records/{rid}/corrections", {"reason": "تصحيح الحالة", "status": "dismissed"})
    assert again.status_code == 409
    sheet = api.call("GET", f"/records/sheet/{person.pk}?purpose=test+sheet").json()
    assert [e["id"] for e in sheet["superseded"]] == [rid]
    assert api.call("GET", f"/records/sheet/{person.pk}").status_code == 422
    assert (
        ApiClient(user_of("investigator"))
        .call("POST", "/records", {"person_id": str(person.pk), "offence": "x"})
        .status_code
        == 403
    )
    cases = api.call("GET", "/cases?q=45/2026").json()
    assert cases["count"] == 1
