"""Demo data of officers (idempotent: fixed UUIDs from sijill.demo.loader.demo_uuid).

Tripoli's officers are recorded through the services, as a personnel officer would, so each
carries its decisions, postings and audit history; two Benghazi officers arrive as replicated rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from sijill.core.actor import Actor
from sijill.core.federation import applying_peer_rows
from sijill.organisation.models import Unit
from sijill.persons.models import Person, PersonNameKey

POLICE_LAW = "قانون هيئة الشرطة رقم 10 لسنة 1992"
AUTHORITY = "وزير الداخلية"
ADMIN = "مدير عام الإدارة العامة للشؤون الإدارية"

# service number, (first, father, grandfather, family), mother, birth year, place, rank, unit, appointed, decisions
# decisions: (kind, number, date, new rank, new unit code, article, authority or None)
OFFICERS: list[tuple[Any, ...]] = [
    (
        "10234",
        ("مصطفى", "عبد السلام", "محمد", "الشتيوي"),
        "نورية علي الشتيوي",
        1984,
        "طرابلس",
        "first_lieutenant",
        "misrata-station-1",
        dt.date(2008, 9, 1),
        [
            ("promotion", "412/2012", dt.date(2012, 9, 1), "captain", None, "38", None),
            ("transfer", "77/2019", dt.date(2019, 3, 10), "", "tripoli-station-1", "45", ADMIN),
        ],
    ),
    (
        "11872",
        ("أسامة", "خليفة", "علي", "الفرجاني"),
        "سعاد محمد الفرجاني",
        1992,
        "ترهونة",
        "second_lieutenant",
        "tripoli-checkpoint-1",
        dt.date(2015, 10, 1),
        [
            ("promotion", "233/2019", dt.date(2019, 10, 1), "first_lieutenant", None, "38", None),
        ],
    ),
    (
        "09561",
        ("عادل", "ميلاد", "مفتاح", "الزنتاني"),
        "فاطمة سالم الزنتاني",
        1980,
        "الزنتان",
        "second_lieutenant",
        "misrata-cid",
        dt.date(2003, 9, 1),
        [
            ("promotion", "120/2007", dt.date(2007, 9, 1), "first_lieutenant", None, "38", None),
            ("promotion", "315/2011", dt.date(2011, 9, 1), "captain", None, "38", None),
            ("transfer", "52/2016", dt.date(2016, 2, 14), "", "tripoli-cid", "45", None),
            ("promotion", "498/2017", dt.date(2017, 9, 1), "major", None, "38", None),
        ],
    ),
    (
        "07415",
        ("حسن", "الطاهر", "عمر", "الككلي"),
        "مبروكة الهادي الككلي",
        1972,
        "طرابلس",
        "major",
        "misrata-hq",
        dt.date(1996, 9, 1),
        [
            ("promotion", "201/2014", dt.date(2014, 9, 1), "lieutenant_colonel", None, "38", None),
            ("suspension", "18/2025", dt.date(2025, 11, 20), "", None, "53", None),
        ],
    ),
    (
        "12690",
        ("طارق", "فرج", "سالم", "بن غلبون"),
        "حليمة عمر بن غلبون",
        1994,
        "الزاوية",
        "second_lieutenant",
        "zawiya-station-1",
        dt.date(2018, 10, 1),
        [
            ("suspension", "9/2024", dt.date(2024, 2, 3), "", None, "53", None),
            ("dismissal", "61/2024", dt.date(2024, 7, 15), "", None, "58", "مجلس التأديب الأعلى لأعضاء هيئة الشرطة"),
        ],
    ),
    (
        "05108",
        ("جمال", "بشير", "محمد", "السويحلي"),
        "زهرة أحمد السويحلي",
        1966,
        "مصراتة",
        "lieutenant_colonel",
        "tripoli-hq",
        dt.date(1988, 9, 1),
        [
            ("promotion", "88/2010", dt.date(2010, 9, 1), "colonel", None, "38", None),
            ("promotion", "140/2021", dt.date(2021, 9, 1), "brigadier", None, "38", None),
        ],
    ),
    (
        "10977",
        ("صلاح", "الدين", "عمران", "الشريف"),
        "خديجة سالم الشريف",
        1986,
        "غريان",
        "captain",
        "tripoli-guard",
        dt.date(2009, 9, 1),
        [
            ("suspension", "31/2026", dt.date(2026, 1, 12), "", None, "53", None),
        ],
    ),
    (
        "20341",
        ("محمد", "امحمد", "علي", "الحاسي"),
        "آمنة مفتاح الحاسي",
        1989,
        "مصراتة",
        "sergeant",
        "misrata-checkpoint-1",
        dt.date(2010, 4, 1),
        [
            ("promotion", "66/2018", dt.date(2018, 4, 1), "staff_sergeant", None, "38", None),
        ],
    ),
    (
        "04226",
        ("نوري", "عبد الله", "سالم", "المشاي"),
        "فتحية علي المشاي",
        1958,
        "الخمس",
        "colonel",
        "tripoli-station-1",
        dt.date(1982, 9, 1),
        [
            ("retirement", "12/2020", dt.date(2020, 6, 30), "", None, "61", None),
        ],
    ),
]
# Benghazi's officers (owned by BEN): service number, names, mother, year, place, rank, unit, appointed
PEER_OFFICERS: list[tuple[Any, ...]] = [
    ("30115", ("فرج", "عوض", "إدريس", "بوشناف"), "سالمة عوض بوشناف", 1970, "بنغازي", "colonel",
     "benghazi-hq", dt.date(1993, 9, 1)),
    ("31840", ("عبد الله", "إدريس", "صالح", "المغربي"), "مريم فرج المغربي", 1993, "المرج", "first_lieutenant",
     "benghazi-station-1", dt.date(2016, 10, 1)),
]  # fmt: skip


def _person(names: tuple[str, str, str, str], mother: str, year: int, place: str, site: str) -> Person:
    from sijill.demo.loader import demo_uuid
    from sijill.persons.services import keys_of, prepare

    pid = demo_uuid("person", "officer " + " ".join(names) + f" {year}")
    found = Person.objects.filter(pk=pid).first()
    if found:
        return found
    first, father, grandfather, family = names
    person = Person(
        id=pid, first_name=first, father_name=father, grandfather_name=grandfather, family_name=family,
        mother_name=mother, sex="m", birth_year=year, birth_place=place, origin_site=site,
    )  # fmt: skip
    prepare(person)
    person.save(force_insert=True)
    PersonNameKey.objects.bulk_create([PersonNameKey(person=person, key=k, origin_site=site) for k in keys_of(person)])
    return person


def _decision_fields(number: str, dated: dt.date, article: str, authority: str | None, key: str) -> dict[str, Any]:
    from sijill.demo.loader import demo_uuid

    return {
        "number": number, "dated": dated, "authority": authority or AUTHORITY, "law": POLICE_LAW,
        "article": f"المادة {article}", "decision_id": demo_uuid("officer-decision", key),
    }  # fmt: skip


@transaction.atomic
def load_demo() -> int:
    """Load this app's demo rows; return how many were created."""
    from sijill.demo.loader import demo_uuid
    from sijill.officers import services
    from sijill.officers.models import Officer, OfficerDecision, OfficerPosting, new_badge_token

    actor = Actor.system("demo")
    units = {u.code: u for u in Unit.objects.all()}
    created = 0
    for number, names, mother, year, place, rank, unit, appointed, decisions in OFFICERS:
        oid = demo_uuid("officer", number)
        if Officer.objects.filter(pk=oid).exists():
            continue
        with applying_peer_rows():  # the persons may be read-only peers' rows in a federated trial
            person = _person(names, mother, year, place, "TRP")
        services.do_appoint_officer(
            actor, person=person, service_number=number, rank=rank, unit=units[unit], record_id=oid,
            **_decision_fields(f"{number}/{appointed.year}", appointed, "36", None, f"{number}:0"),
        )  # fmt: skip
        for i, (kind, dnum, dated, new_rank, new_unit, article, authority) in enumerate(decisions, start=1):
            services.do_record_decision(
                actor, oid, kind=kind, new_rank=new_rank, new_unit=units[new_unit] if new_unit else None,
                **_decision_fields(dnum, dated, article, authority, f"{number}:{i}"),
            )  # fmt: skip
        created += 2 + len(decisions)
    with applying_peer_rows():
        for number, names, mother, year, place, rank, unit, appointed in PEER_OFFICERS:
            oid = demo_uuid("officer", number)
            if Officer.objects.filter(pk=oid).exists():
                continue
            person = _person(names, mother, year, place, "BEN")
            officer = Officer(
                id=oid, origin_site="BEN", service_number=number, person=person, rank=rank, unit=units[unit],
                status="active", appointed_on=appointed, badge_token=new_badge_token(),
            )  # fmt: skip
            officer.save(force_insert=True)
            decision = OfficerDecision(
                id=demo_uuid("officer-decision", f"{number}:0"), origin_site="BEN", officer=officer,
                kind="appointment", number=f"{number}/{appointed.year}", dated=appointed,
                authority="وزير الداخلية بالحكومة الليبية", law=POLICE_LAW, article="المادة 36", new_rank=rank,
                new_unit=units[unit], new_status="active",
            )  # fmt: skip
            decision.save(force_insert=True)
            OfficerPosting(
                id=demo_uuid("officer-posting", number), origin_site="BEN", officer=officer, unit=units[unit],
                started_on=appointed, decision=decision,
            ).save(force_insert=True)  # fmt: skip
            created += 3
    return created
