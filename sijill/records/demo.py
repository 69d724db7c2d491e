"""Demo data of criminal records and cases (idempotent: natural keys and fixed UUIDs).

This site's cases and entries are written through the services by the demo records clerk, so
they carry their audit history (including one correction); the other site's arrive as
replicated rows, written directly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from sijill.accounts.models import User
from sijill.core.actor import Actor
from sijill.core.federation import applying_peer_rows, current_site
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.records import services
from sijill.records.models import Case, CriminalRecord

PENAL = "قانون العقوبات"
DRUGS = "القانون رقم 7 لسنة 1990 بشأن المخدرات والمؤثرات العقلية"
WEAPONS = "القانون رقم 7 لسنة 1981 بشأن حمل الأسلحة والذخائر والمفرقعات"

# site → cases: number, title, handling unit (suffix), status, opened on, prosecution ref, court ref, summary
CASES: dict[str, list[tuple[str, str, str, str, dt.date, str, str, str]]] = {
    "TRP": [
        (
            "45/2026",
            "سرقة سيارة بالإكراه على طريق المطار",
            "cid",
            "referred",
            dt.date(2026, 2, 11),
            "ن.ط/311/2026",
            "",
            "استيلاء على سيارة تويوتا لاندكروزر تحت تهديد السلاح قرب جزيرة الفحم.",
        ),
        (
            "112/2025",
            "حيازة أقراص مخدرة بقصد الاتجار — سوق الجمعة",
            "cid",
            "judged",
            dt.date(2025, 4, 3),
            "ن.ط/874/2025",
            "ج.ط/1290/2025",
            "ضبط 4,000 قرص ترامادول في مخزن بمنطقة سوق الجمعة.",
        ),
        (
            "17/2019",
            "مشاجرة أفضت إلى إيذاء جسيم — أبوسليم",
            "station-1",
            "closed",
            dt.date(2019, 8, 22),
            "ن.ط/1102/2019",
            "ج.ط/455/2020",
            "",
        ),
    ],
    "BEN": [
        (
            "18/2026",
            "احتيال في بيع عقارات وهمية — بنغازي",
            "cid",
            "open",
            dt.date(2026, 3, 2),
            "ن.ب/96/2026",
            "",
            "بيع قطع أراضٍ في منطقة بوعطني بمستندات ملكية مزورة.",
        ),
    ],
}

# person (first, family, year), case (site, number), offence, law and article, status, offence date,
# judgment date, judgment
ENTRIES: list[tuple[Any, ...]] = [
    (
        ("خالد", "الككلي", 1987),
        ("TRP", "112/2025"),
        "حيازة مواد مخدرة بقصد الاتجار",
        f"{DRUGS}، المادة 35",
        "convicted",
        dt.date(2025, 4, 2),
        dt.date(2025, 11, 20),
        "السجن خمس سنوات وغرامة عشرة آلاف دينار ومصادرة المضبوطات.",
    ),
    (
        ("خالد", "الككلي", 1987),
        ("TRP", "17/2019"),
        "إيذاء جسيم",
        f"{PENAL}، المادة 380",
        "acquitted",
        dt.date(2019, 8, 21),
        dt.date(2020, 6, 14),
        "البراءة لعدم كفاية الأدلة.",
    ),
    (
        ("نوري", "بوسهمين", 1971),
        None,
        "حمل سلاح ناري بدون ترخيص",
        f"{WEAPONS}، المادة 10",
        "convicted",
        dt.date(2017, 5, 9),
        dt.date(2017, 12, 3),
        "الحبس سنة مع إيقاف التنفيذ ومصادرة السلاح.",
    ),
]
# The corrected entry: first recorded with the wrong description, then corrected after the referral.
CORRECTED = (
    ("محمود", "الورفلي", 1990), ("TRP", "45/2026"),
    ("سرقة", f"{PENAL}، المادة 444", "investigation", dt.date(2026, 2, 10)),
    ("سرقة بالإكراه", f"{PENAL}، المادة 450", "referred",
     "تصحيح الوصف القانوني وفق قرار الإحالة من نيابة طرابلس الكلية: استعمال السلاح في الاستيلاء."),
)  # fmt: skip
BEN_ENTRIES: list[tuple[Any, ...]] = [
    (("ونيس", "بوخمادة", 1968), ("BEN", "18/2026"), "احتيال", f"{PENAL}، المادة 461", "investigation",
     dt.date(2026, 1, 15)),
    (("إبراهيم", "المقريف", 1983), ("BEN", "18/2026"), "تزوير محررات رسمية واستعمالها", f"{PENAL}، المادة 341",
     "investigation", dt.date(2026, 1, 15)),
]  # fmt: skip


def _person(key: tuple[str, str, int]) -> Person | None:
    first, family, year = key
    return Person.objects.filter(first_name=first, family_name=family, birth_year=year).first()


def _case(key: tuple[str, str] | None) -> Case | None:
    return Case.objects.filter(origin_site=key[0], number=key[1]).first() if key else None


def _unit(site: str, suffix: str) -> Unit:
    city = "tripoli" if site == "TRP" else "benghazi"
    return Unit.objects.get(code=f"{city}-{suffix}")


def _local_cases(actor: Actor, site: str) -> int:
    created = 0
    for number, title, unit, status, opened, pros_ref, court_ref, summary in CASES[site]:
        if Case.objects.filter(origin_site=site, number=number).exists():
            continue
        services.do_create_case(
            actor, number=number, title=title, unit_id=_unit(site, unit).pk, status=status, opened_on=opened,
            prosecution_office_id=_unit(site, "prosecution").pk, prosecution_ref=pros_ref, court_ref=court_ref,
            summary=summary,
        )  # fmt: skip
        created += 1
    return created


def _local_entries(actor: Actor) -> int:
    created = 0
    for person_key, case_key, offence, law, status, offence_date, judgment_date, judgment in ENTRIES:
        person, case = _person(person_key), _case(case_key)
        if person is None or CriminalRecord.objects.filter(person=person, offence=offence).exists():
            continue
        services.do_create_record(
            actor, person.pk, case_id=case.pk if case else None, offence=offence, law_article=law, status=status,
            offence_date=offence_date, judgment_date=judgment_date, judgment=judgment,
            prosecution_ref=case.prosecution_ref if case else "", court_ref=case.court_ref if case else "",
        )  # fmt: skip
        created += 1
    person_key, case_key, (offence, law, status, offence_date), (new_offence, new_law, new_status, reason) = CORRECTED
    person, case = _person(person_key), _case(case_key)
    if person is not None and not CriminalRecord.objects.filter(person=person, offence=offence).exists():
        first = services.do_create_record(
            actor, person.pk, case_id=case.pk if case else None, offence=offence, law_article=law, status=status,
            offence_date=offence_date,
        )  # fmt: skip
        services.do_correct_record(
            actor, first.pk, reason=reason, offence=new_offence, law_article=new_law, status=new_status,
            prosecution_ref=case.prosecution_ref if case else "",
        )  # fmt: skip
        created += 2
    return created


def _peer_rows(site: str) -> int:
    """The other site's cases and entries, as replication would bring them."""
    from sijill.demo.loader import demo_uuid

    created = 0
    with applying_peer_rows():
        for number, title, unit, status, opened, pros_ref, court_ref, summary in CASES.get(site, []):
            if Case.objects.filter(origin_site=site, number=number).exists():
                continue
            Case(
                id=demo_uuid("case", f"{site}:{number}"), origin_site=site, number=number, title=title,
                unit=_unit(site, unit), prosecution_office=_unit(site, "prosecution"), status=status,
                opened_on=opened, prosecution_ref=pros_ref, court_ref=court_ref, summary=summary,
            ).save(force_insert=True)  # fmt: skip
            created += 1
        for person_key, case_key, offence, law, status, offence_date in BEN_ENTRIES if site == "BEN" else []:
            person, case = _person(person_key), _case(case_key)
            rid = demo_uuid("record", f"{site}:{person_key}:{offence}")
            if person is None or CriminalRecord.objects.filter(pk=rid).exists():
                continue
            CriminalRecord(
                id=rid, origin_site=site, person=person, case=case, offence=offence, law_article=law, status=status,
                offence_date=offence_date, unit=_unit(site, "cid"),
                prosecution_ref=case.prosecution_ref if case else "",
            ).save(force_insert=True)  # fmt: skip
            created += 1
    return created


@transaction.atomic
def load_demo() -> int:
    """Load this app's demo rows; return how many were created."""
    site = current_site()
    if site != "TRP":  # the demo's records are written from Tripoli's point of view
        return 0
    clerk = User.objects.local().select_related("unit").filter(username="clerk").first()
    if clerk is None:
        return 0
    actor = Actor.from_user(clerk, "cli")
    return _local_cases(actor, site) + _local_entries(actor) + _peer_rows("BEN")
