"""Names and identifiers arrive with bidi controls (U+202E shows a name reversed): they are dropped on
the way in, by every channel, and pages show names isolated in <bdi>."""

import pytest
from django.urls import reverse

from sijill.imports import services as imports
from sijill.persons import services
from sijill.persons.models import Person, PersonAlias
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db
RLO, PDF, RLI, PDI, LRM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e"
PURPOSE = "تحقق من سجل — قضية ٤٥/٢٠٢٦"


def _has_controls(person: Person) -> bool:
    values = [getattr(person, f) for f in services.TYPED_FIELDS] + [person.name_normalized]
    return any(
        ch in (value or "") for value in values for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )


def test_service_drops_them_from_names_and_identifiers(actor_of):
    person = services.do_create_person(
        actor_of("clerk"), first_name=f"{RLO}سالم{PDF}", father_name=f"{RLI}علي{PDI}", family_name="الورفلي",
        mother_name=f"فاطمة{LRM} الزوي", national_number=f"{RLO}119700230999{PDF}", birth_year=1970, sex="m",
    )  # fmt: skip
    person.refresh_from_db()
    assert (person.first_name, person.father_name, person.mother_name) == ("سالم", "علي", "فاطمة الزوي")
    assert person.national_number == "119700230999" and not _has_controls(person)
    alias = services.do_add_alias(actor_of("clerk"), person.pk, first_name=f"أبو{RLO} سالم")
    assert PersonAlias.objects.get(pk=alias.pk).first_name == "أبو سالم"


def test_form_api_and_import_drop_them_too(client_of, user_of, actor_of):
    client = client_of("records_clerk")
    response = client.post(
        reverse("persons:create"),
        {
            "first_name": f"{RLO}هند{PDF}",
            "family_name": "القماطي",
            "sex": "f",
            "nationality": "LY",
            "birth_year": "1990",
        },
    )
    assert response.status_code == 302
    assert Person.objects.filter(first_name="هند", family_name="القماطي", birth_year=1990).exists()
    api = ApiClient(user_of("records_clerk"))
    created = api.call("POST", "/persons", {"first_name": f"{RLI}رقية{PDI}", "family_name": f"الككلي{LRM}", "sex": "f"})
    assert created.status_code == 201 and (created.json()["first_name"], created.json()["family_name"]) == (
        "رقية", "الككلي",
    )  # fmt: skip
    data = f"الاسم الأول,اللقب,الجنس,الرقم الوطني\n{RLO}نورية{PDF},الشريف,أنثى,{RLO}219910087999\n".encode()
    report = imports.do_import(actor_of("clerk"), "persons", data, "bidi.csv")
    assert report.imported, report.problems
    imported = Person.objects.get(national_number="219910087999")
    assert imported.first_name == "نورية" and not _has_controls(imported)


def test_pages_show_names_isolated(client_of):
    person = Person.objects.get(first_name="خالد", family_name="الككلي")
    page = client_of("records_clerk").get(reverse("persons:detail", args=[person.pk]), {"purpose": PURPOSE})
    html = page.content.decode()
    assert f"<h1><bdi>{person.full_name}</bdi></h1>" in html
    assert f"<bdi>{person.first_name}</bdi>" in html
