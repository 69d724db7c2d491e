"""Demo data of forensic evidence (idempotent: fixed UUIDs from sijill.demo.loader.demo_uuid).

Items of the Tripoli case 45/2026 (armed car robbery on the airport road), each with a chain of
hand-overs between the criminal investigation branch, the forensic laboratory and the
prosecution, and fingerprint and DNA references that link two items to a person on record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from sijill.core.actor import Actor
from sijill.core.federation import current_site
from sijill.organisation.models import Unit, UnitKind

LAB = "trp-forensic-lab"
LAB_NAME = "المختبر الجنائي المركزي — طرابلس"
CASE_NUMBER = "45/2026"
INVESTIGATOR = "الرائد عادل ميلاد الزنتاني"
TECHNICIAN = "الملازم أول هدى سالم القماطي"
CLERK = "فاطمة امبارك الفيتوري"
CID_STORE = "مخزن المضبوطات — فرع البحث الجنائي طرابلس"


def _at(day: int, hour: int, minute: int = 0, month: int = 2) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, month, day, hour, minute))


# item number, kind, description, seized at, place, seal, condition, hand-overs
# hand-over: (from, to, from person, to person, at, place, condition, seal intact, new seal, purpose)
ITEMS: list[tuple[Any, ...]] = [
    (
        "1",
        "weapon",
        "مسدس عيار 9 ملم نوع بريتا، بدون رقم تسلسلي ظاهر، بداخله مخزن به 6 طلقات",
        _at(11, 23, 40),
        "جزيرة الفحم — طريق المطار، طرابلس",
        "TRP-CID-2026-0451",
        "good",
        [
            (
                "tripoli-cid",
                LAB,
                INVESTIGATOR,
                TECHNICIAN,
                _at(12, 9, 15),
                "المختبر الجنائي المركزي",
                "good",
                True,
                "",
                "فحص المقذوفات",
            ),
            (
                LAB,
                "tripoli-cid",
                TECHNICIAN,
                INVESTIGATOR,
                _at(19, 13),
                "المختبر الجنائي المركزي",
                "good",
                False,
                "TRP-LAB-2026-0088",
                "إعادة بعد الفحص — فُضّ الختم للفحص وأُعيد الختم",
            ),
            (
                "tripoli-cid",
                "tripoli-prosecution",
                INVESTIGATOR,
                "وكيل النيابة ونيس عبد الله المسماري",
                _at(24, 10, 30),
                "نيابة طرابلس الابتدائية",
                "good",
                True,
                "",
                "إحالة مع محضر الاستدلال",
            ),
        ],
    ),
    (
        "2",
        "ammunition",
        "ثلاث أظرف فارغة عيار 9 ملم مرفوعة من موقع الحادث",
        _at(11, 23, 55),
        "جزيرة الفحم — طريق المطار، طرابلس",
        "TRP-CID-2026-0452",
        "good",
        [
            (
                "tripoli-cid",
                LAB,
                INVESTIGATOR,
                TECHNICIAN,
                _at(12, 9, 20),
                "المختبر الجنائي المركزي",
                "good",
                True,
                "",
                "مضاهاة مع السلاح المضبوط",
            ),
        ],
    ),
    (
        "3",
        "fingerprint",
        "رفع بصمات من مقبض الباب الأمامي للسيارة المسروقة (تويوتا لاندكروزر)",
        _at(13, 8, 30, 3),
        "حوش بمنطقة قصر بن غشير حيث عُثر على السيارة",
        "TRP-CID-2026-0517",
        "good",
        [
            (
                "tripoli-cid",
                LAB,
                INVESTIGATOR,
                TECHNICIAN,
                _at(13, 14, 0, 3),
                "المختبر الجنائي المركزي",
                "good",
                True,
                "",
                "مضاهاة في منظومة البصمات",
            ),
        ],
    ),
    (
        "4",
        "biological",
        "مسحة من عجلة القيادة لعينة حمض نووي",
        _at(13, 8, 50, 3),
        "حوش بمنطقة قصر بن غشير حيث عُثر على السيارة",
        "TRP-CID-2026-0518",
        "good",
        [
            (
                "tripoli-cid",
                LAB,
                INVESTIGATOR,
                TECHNICIAN,
                _at(13, 14, 5, 3),
                "المختبر الجنائي المركزي",
                "good",
                True,
                "",
                "استخلاص البصمة الوراثية",
            ),
        ],
    ),
    (
        "5",
        "device",
        "هاتف محمول نوع سامسونج أسود اللون وُجد داخل السيارة",
        _at(13, 9, 10, 3),
        "حوش بمنطقة قصر بن غشير حيث عُثر على السيارة",
        "TRP-CID-2026-0519",
        "good",
        [],
    ),
]
# (item number or None, person (first, family, year) or None, kind, reference, notes)
LAB_REFS: list[tuple[Any, ...]] = [
    ("3", None, "fingerprint", "AFIS-TRP-2026-00577", "بصمة إبهام أيمن صالحة للمضاهاة"),
    ("4", None, "dna", "DNA-TRP-2026-0193", "بصمة وراثية كاملة لذكر مجهول"),
    ("1", None, "ballistics", "BAL-TRP-2026-0041", "تطابق الأظرف المرفوعة مع السلاح"),
    ("2", None, "ballistics", "BAL-TRP-2026-0041", ""),
    (None, ("محمود", "الورفلي", 1990), "fingerprint", "AFIS-TRP-2026-00577", "أُخذت بصماته عند توقيفه"),
    (None, ("محمود", "الورفلي", 1990), "dna", "DNA-TRP-2026-0193", "عينة مرجعية بإذن النيابة"),
]  # fmt: skip


def _lab() -> Unit:
    from sijill.demo.loader import demo_uuid

    lab = Unit.objects.filter(code=LAB).first()
    if lab is None:
        hq = Unit.objects.get(code="tripoli-hq")
        lab = Unit(
            id=demo_uuid("unit", LAB), code=LAB, name_ar=LAB_NAME, name_en="Central forensic laboratory — Tripoli",
            kind=UnitKind.LABORATORY, agency_id="criminal_investigation", directorate=hq.directorate, parent=hq,
        )  # fmt: skip
        lab.path = lab.compute_path()
        lab.save(force_insert=True)
    return lab


@transaction.atomic
def load_demo() -> int:
    """Load this app's demo rows; return how many were created."""
    from sijill.demo.loader import demo_uuid
    from sijill.evidence import services
    from sijill.evidence.models import EvidenceItem, LabReference
    from sijill.persons.models import Person
    from sijill.records.models import Case

    if current_site() != "TRP":
        return 0
    case = Case.objects.filter(origin_site="TRP", number=CASE_NUMBER).first()
    if case is None:  # the records demo did not load its cases
        return 0
    actor = Actor.system("demo")
    created = 0
    _lab()
    units = {u.code: u for u in Unit.objects.filter(code__in=["tripoli-cid", "tripoli-prosecution", LAB])}
    for number, kind, description, seized_at, place, seal, condition, steps in ITEMS:
        item_id = demo_uuid("evidence", f"{CASE_NUMBER}:{number}")
        if EvidenceItem.objects.filter(pk=item_id).exists():
            continue
        services.do_create_item(
            actor, case=case, item_id=item_id, item_number=number, kind=kind, description=description,
            seized_at=seized_at, seized_place=place, seized_by=INVESTIGATOR, seized_unit=units["tripoli-cid"],
            seal_number=seal, condition=condition,
        )  # fmt: skip
        created += 1
        for i, (src, dst, who, whom, at, where, cond, intact, new_seal, purpose) in enumerate(steps, start=1):
            services.do_record_transfer(
                actor, item_id, transfer_id=demo_uuid("custody-transfer", f"{CASE_NUMBER}:{number}:{i}"),
                from_unit=units[src], to_unit=units[dst], from_person=who, to_person=whom, handed_at=at,
                place=where, condition=cond, seal_intact=intact, new_seal_number=new_seal, purpose=purpose,
            )  # fmt: skip
            created += 1
    for i, (item_number, person_key, kind, reference, notes) in enumerate(LAB_REFS):
        ref_id = demo_uuid("lab-reference", f"{CASE_NUMBER}:{i}")
        if LabReference.objects.filter(pk=ref_id).exists():
            continue
        person = None
        if person_key:
            first, family, year = person_key
            person = Person.objects.filter(first_name=first, family_name=family, birth_year=year).first()
            if person is None:
                continue
        item = demo_uuid("evidence", f"{CASE_NUMBER}:{item_number}") if item_number else None
        services.do_add_lab_reference(
            actor, kind=kind, reference=reference, lab_name=LAB_NAME, item=item, person=person, notes=notes,
            ref_id=ref_id,
        )  # fmt: skip
        created += 1
    return created
