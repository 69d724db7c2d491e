"""Demo duplicates: persons of one site recorded again at the other, spelt by another clerk.

After ``make run``: ``sijill link run --scope cross-site`` links the clear ones automatically and
sends the doubtful ones to the review queue (``/linkage/queue/``, as the clerk or the investigator);
the person's page then shows one statewide person with both sites' records. Idempotent (fixed ids).
"""

from __future__ import annotations

import datetime as dt

from sijill.core.federation import applying_peer_rows
from sijill.persons.models import Person, PersonNameKey
from sijill.persons.services import keys_of, prepare

# The original (first name, family name, year of birth) → its copy at the other site.
DUPLICATES: list[tuple[tuple[str, str, int], dict[str, object]]] = [
    (
        ("خالد", "الككلي", 1987),
        {
            "origin_site": "BEN",
            "first_name": "خالد",
            "father_name": "عبدالحكيم",
            "family_name": "ككلي",
            "mother_name": "آمنه الككلي",
            "sex": "m",
            "birth_date": dt.date(1987, 3, 14),
            "birth_place": "طرابلس",
            "national_number": "119870552097",  # one digit mistyped
        },
    ),
    (
        ("نوري", "بوسهمين", 1971),
        {
            # The national number one digit apart and another mother's name: a clerk's errors, or another man?
            "origin_site": "BEN",
            "first_name": "نوري",
            "father_name": "ضو",
            "family_name": "بو سهمين",
            "mother_name": "حليمة علي",
            "sex": "m",
            "birth_year": 1971,
            "birth_place": "زواره",
            "national_number": "119710660345",
        },
    ),
    (
        ("سالم", "القذافي", 1965),
        {
            "origin_site": "TRP",
            "first_name": "سالم",
            "father_name": "مفتاح",
            "family_name": "القذافى",
            "mother_name": "جميلة",
            "sex": "m",
            "birth_year": 1966,
            "birth_place": "سبها",
        },
    ),
    (
        ("إبراهيم", "المقريف", 1983),
        {
            # In Latin letters, without a date or an identifier: the names alone.
            "origin_site": "TRP",
            "first_name": "Ibrahim",
            "father_name": "Omar",
            "grandfather_name": "Miloud",
            "family_name": "Al-Magarief",
            "sex": "m",
            "birth_place": "Ajdabiya",
        },
    ),
]
# A record of the Benghazi copy of the first duplicate, so its statewide person holds both sites' records.
BEN_RECORD = ("سرقة بالإكراه", "قانون العقوبات، المادة 450", "convicted", dt.date(2021, 6, 2))


def load_demo() -> int:
    from sijill.demo.loader import demo_uuid
    from sijill.organisation.models import Unit
    from sijill.records.models import CriminalRecord

    created = 0
    with applying_peer_rows():
        for (first, family, year), fields in DUPLICATES:
            original = Person.objects.filter(first_name=first, family_name=family, birth_year=year).first()
            if original is None:
                continue
            pid = demo_uuid("person-duplicate", f"{original.pk}")
            if Person.objects.filter(pk=pid).exists():
                continue
            person = Person(id=pid, **fields)
            prepare(person)
            person.save(force_insert=True)
            PersonNameKey.objects.bulk_create(
                [PersonNameKey(person=person, key=k, origin_site=person.origin_site) for k in keys_of(person)]
            )
            created += 1
        (first, family, year), _fields = DUPLICATES[0]
        original = Person.objects.filter(first_name=first, family_name=family, birth_year=year).first()
        copy = Person.objects.filter(pk=demo_uuid("person-duplicate", f"{original.pk}")).first() if original else None
        rid = demo_uuid("record", "BEN:duplicate-record")
        unit = Unit.objects.filter(code="benghazi-cid").first()
        if copy is not None and unit is not None and not CriminalRecord.objects.filter(pk=rid).exists():
            offence, law, status, when = BEN_RECORD
            CriminalRecord(
                id=rid, origin_site="BEN", person=copy, offence=offence, law_article=law, status=status,
                offence_date=when, judgment_date=when + dt.timedelta(days=200), unit=unit,
                judgment="السجن ثلاث سنوات.",
            ).save(force_insert=True)  # fmt: skip
            created += 1
    return created
