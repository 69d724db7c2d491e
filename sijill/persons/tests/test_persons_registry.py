"""Persons registry (issue 4): identifiers, aliases, list, edit with version, API."""

import pytest
from django.urls import reverse

from sijill.audit.models import AuditEntry
from sijill.core.errors import Conflict, PermissionDenied, ValidationFailed
from sijill.persons import services
from sijill.persons.models import Person, PersonAlias, PersonNameKey
from sijill.persons.services import PersonFilter, SearchQuery
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db
PURPOSE = "قضية رقم ٤٥/٢٠٢٦ — البحث الجنائي طرابلس"


def _new(actor, **extra):
    fields = {"first_name": "عبد الحميد", "father_name": "ميلاد", "grandfather_name": "سالم", "family_name": "الشريف"}
    return services.do_create_person(actor, **(fields | extra))


def test_identifiers_are_validated_and_folded(actor_of):
    clerk = actor_of("records_clerk")
    person = _new(clerk, sex="m", birth_year=1977, national_number="١١٩٧٧٠١٢٣٤٥٦")
    assert person.national_number == "119770123456"
    with pytest.raises(ValidationFailed) as info:
        _new(clerk, sex="f", birth_year=1977, national_number="119770999991")
    assert "national_number" in info.value.details
    with pytest.raises(ValidationFailed) as info:
        _new(clerk, birth_year=1980, national_number="119770999991")
    assert "national_number" in info.value.details
    with pytest.raises(ValidationFailed) as info:
        _new(clerk, national_number="12345")
    assert "national_number" in info.value.details


def test_duplicate_identifiers_refused(actor_of):
    clerk = actor_of("records_clerk")
    _new(
        clerk,
        national_number="119770123456",
        administrative_number="ADM-77",
        passport_number="P123",
        passport_country="eg",
    )
    with pytest.raises(ValidationFailed) as info:
        _new(clerk, national_number="119770123456")
    assert "national_number" in info.value.details
    with pytest.raises(ValidationFailed):
        _new(clerk, administrative_number="ADM-77")
    with pytest.raises(ValidationFailed):
        _new(clerk, passport_number="p123", passport_country="EG")
    _new(clerk, passport_number="P123", passport_country="TN")  # same number, other country
    with pytest.raises(ValidationFailed) as info:
        _new(clerk, passport_number="P999")
    assert "passport_country" in info.value.details


def test_a_person_is_found_by_alias(actor_of):
    clerk = actor_of("records_clerk")
    person = _new(clerk)
    services.do_add_alias(clerk, person.pk, first_name="حميدة", family_name="الطرابلسي", note="لقب")
    assert PersonAlias.objects.filter(person=person).count() == 1
    matches = services.search_persons(actor_of("investigator"), SearchQuery(text="حميده الطرابلسي"), purpose=PURPOSE)
    assert matches and matches[0].person.pk == person.pk
    # the alias keys survive an edit of the person's own name
    services.do_update_person(clerk, person.pk, expected_version=person.version, family_name="الورفلي")
    matches = services.search_persons(actor_of("investigator"), SearchQuery(text="حميدة الطرابلسي"), purpose=PURPOSE)
    assert matches and matches[0].person.pk == person.pk
    assert AuditEntry.objects.filter(action="person.alias_add").exists()


def test_demo_alias_is_searchable(actor_of):
    matches = services.search_persons(actor_of("investigator"), SearchQuery(text="خالد الطرابلسي"), purpose=PURPOSE)
    assert any(m.person.family_name == "الككلي" for m in matches)


def test_stale_edit_is_refused(actor_of):
    clerk = actor_of("records_clerk")
    person = _new(clerk)
    services.do_update_person(clerk, person.pk, expected_version=1, birth_place="غريان")
    with pytest.raises(Conflict):
        services.do_update_person(clerk, person.pk, expected_version=1, birth_place="ترهونة")
    assert Person.objects.get(pk=person.pk).birth_place == "غريان"


def test_only_managers_write(actor_of):
    with pytest.raises(PermissionDenied):
        _new(actor_of("prosecutor"))
    person = Person.objects.filter(origin_site="TRP").first()
    with pytest.raises(PermissionDenied):
        services.do_add_alias(actor_of("checkpoint_officer"), person.pk, first_name="سالم")


def test_list_filters_and_audit(actor_of):
    inv = actor_of("investigator")
    women = services.list_persons(inv, PersonFilter(sex="f"), purpose=PURPOSE)
    assert women and all(p.sex == "f" for p in women)
    by_number = services.list_persons(inv, PersonFilter(national_number="١١٩٦٨٠٠٤٧٢١٣"), purpose=PURPOSE)
    assert [p.family_name for p in by_number] == ["بوخمادة"]
    by_name = services.list_persons(inv, PersonFilter(name="محمد الزوي", birth_year=1985), purpose=PURPOSE)
    assert [p.birth_year for p in by_name] == [1985]
    assert services.list_persons(inv, PersonFilter(site="BEN", nationality="LY"), purpose=PURPOSE)
    assert AuditEntry.objects.filter(action="person.list", purpose=PURPOSE).count() == 4
    with pytest.raises(ValidationFailed):
        services.list_persons(inv, PersonFilter(sex="f"), purpose="")


def test_bulk_load_accepts_the_new_fields(actor_of):
    clerk = actor_of("records_clerk")
    rows = [
        {"first_name": "سالم", "father_name": "علي", "family_name": "الفيتوري", "national_number": "١١٩٥٥٠٠٠٠٠١٢",
         "administrative_number": "", "passport_number": "ly998877", "passport_country": "ly", "sex": "m"},
        {"first_name": "مريم", "family_name": "التاجوري", "administrative_number": "إقامة-٤٤"},
    ]  # fmt: skip
    assert services.bulk_load_persons(clerk, rows) == 2
    salem = Person.objects.get(national_number="119550000012")
    assert (salem.passport_number, salem.passport_country) == ("LY998877", "LY")
    assert Person.objects.get(administrative_number="إقامة-44").first_name == "مريم"
    assert PersonNameKey.objects.filter(person=salem).exists()


def test_pages(client_of):
    client = client_of("records_clerk")
    person = Person.objects.get(first_name="خالد", family_name="الككلي")
    page = client.get(reverse("persons:detail", args=[person.pk]), {"purpose": PURPOSE}).content.decode()
    assert "الطرابلسي" in page and "119870552091" in page and 'data-testid="sheet-summary"' in page
    rows = client.get(reverse("persons:list"), {"purpose": PURPOSE, "national_number": "١١٩٨٧٠٥٥٢٠٩١"}).content.decode()
    assert "الككلي" in rows and "بوخمادة" not in rows
    assert "الككلي" not in client.get(reverse("persons:list"), {"national_number": "119870552091"}).content.decode()

    edit_url = reverse("persons:edit", args=[person.pk])
    form = {"first_name": "خالد", "father_name": "عبد الحكيم", "family_name": "الككلي", "nationality": "LY",
            "sex": "m", "birth_year": "1987", "national_number": "119870552091",
            "version": str(person.version)}  # fmt: skip
    assert client.post(edit_url, form | {"birth_place": "تاجوراء"}).status_code == 302
    stale = client.post(edit_url, form | {"birth_place": "جنزور"})
    assert stale.status_code == 409
    bad = client.post(edit_url, form | {"version": str(person.version + 1), "national_number": "219870552091"})
    assert bad.status_code == 200 and "national_number" in bad.context["form"].errors
    page = client.get(reverse("persons:detail", args=[person.pk]), {"purpose": PURPOSE}).content.decode()
    assert "تاجوراء" in page and "person.update" in page  # history

    response = client.post(reverse("persons:alias_add", args=[person.pk]), {"first_name": "أبو", "family_name": "ضو"})
    assert response.status_code == 302
    assert PersonAlias.objects.filter(person=person, family_name="ضو").exists()


def test_api(user_of):
    api = ApiClient(user_of("records_clerk"))
    created = api.call("POST", "/persons", {"first_name": "هند", "family_name": "القماطي", "sex": "f",
                                             "national_number": "٢١٩٩٩٠١٢٣٤٥٦", "birth_year": "١٩٩٩"})  # fmt: skip
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    assert created.json()["national_number"] == "219990123456"
    bad = api.call("POST", "/persons", {"first_name": "هند", "sex": "m", "national_number": "219990123457"})
    assert bad.status_code == 422 and "national_number" in bad.json()["details"]
    patched = api.call("PATCH", f"/persons/{pid}", {"version": 1, "passport_number": "N55", "passport_country": "LY"})
    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert api.call("PATCH", f"/persons/{pid}", {"version": 1, "birth_place": "زليتن"}).status_code == 409
    assert api.call("POST", f"/persons/{pid}/aliases", {"first_name": "هنود"}).status_code == 201
    detail = api.call("GET", f"/persons/{pid}?purpose=matrix+test").json()
    assert [a["first_name"] for a in detail["aliases"]] == ["هنود"]
    listed = api.call("GET", "/persons?purpose=test+list&national_number=219990123456").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == pid
    assert api.call("GET", "/persons?sex=f").status_code == 422  # purpose required
