"""Demo data of warrants (idempotent: fixed UUIDs from sijill.demo.loader.demo_uuid).

Active, expired and cancelled warrants of the Tripoli prosecution, one of Misrata's (which the
Tripoli prosecutor does not see) and one of Benghazi's (a peer site's row). The executed warrant
and its arrest are loaded by the custody demo.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from sijill.core.federation import applying_peer_rows
from sijill.demo.loader import demo_uuid
from sijill.organisation.models import Unit
from sijill.persons.models import Person

PROSECUTOR = "ونيس عبد الله المسماري"

# office code, order number, kind, person (first, father, grandfather, family, year), article,
# grounds, issued (days ago), expires (days from today), cancelled (days ago, reason) or None
WARRANTS = [
    ("tripoli-prosecution", "1/2026", "arrest", ("محمود", "سالم", "عمر", "الورفلي", 1990),
     "قانون العقوبات، المادة 446 (السرقة)",
     "سرقة محل تجاري بشارع عمر المختار، وفق محضر مركز شرطة طرابلس المركز.", 10, 80, None),
    ("tripoli-prosecution", "2/2026", "bring", ("خالد", "عبد الحكيم", "مصطفى", "الككلي", 1987),
     "قانون العقوبات، المادة 381 (الإيذاء الجسيم)", "مشاجرة بسوق الجمعة نتج عنها إصابة بالغة.", 5, 25, None),
    ("tripoli-prosecution", "3/2026", "arrest", ("نوري", "ضو", "امحمد", "بوسهمين", 1971),
     "قانون العقوبات، المادة 461 (النصب)", "الاستيلاء على أموال بطرق احتيالية.", 120, -30, None),
    ("tripoli-prosecution", "4/2026", "search", ("فاطمة", "الهادي", "محمد", "الشريف", 1992),
     "قانون الإجراءات الجنائية، المادة 39 (التفتيش)", "تفتيش مسكن بمنطقة قرجي.", 40, 50,
     (20, "ثبت عدم صلة المذكورة بالواقعة بعد سماع الشهود.")),
    ("tripoli-prosecution", "5/2026", "arrest", ("عبد الرازق", "امحمد", "سالم", "الغرياني", 1979),
     "قانون العقوبات، المادة 446 (السرقة)", "سرقة سيارة من موقف بمنطقة سوق الجمعة.", 6, 54, None),
    ("misrata-prosecution", "9/2026", "travel_ban", ("أبوعجيلة", "سالم", "بشير", "الترهوني", 1970),
     "قانون الإجراءات الجنائية، المادة 123", "منع من السفر لحين انتهاء التحقيق في قضية اختلاس.", 15, 75, None),
    ("benghazi-prosecution", "7/2026", "arrest", ("هائل", "امبارك", "علي", "المسماري", 1982),
     "قانون العقوبات، المادة 371 (القتل العمد)", "جريمة قتل بمنطقة الصابري.", 3, 87, None),
]  # fmt: skip


def warrant_id(office: str, number: str) -> uuid.UUID:
    return demo_uuid("warrant", f"{office}:{number}")


def person_id(first: str, father: str, grandfather: str, family: str, year: int) -> uuid.UUID:
    return demo_uuid("person", f"{first} {father} {grandfather} {family} {year}")


def load_demo() -> int:
    """Load this app's demo rows; return how many were created."""
    from sijill.warrants.models import Warrant

    created = 0
    today = timezone.localdate()
    now = timezone.now()
    with applying_peer_rows():
        for office_code, number, kind, who, article, grounds, issued, expires, cancelled in WARRANTS:
            wid = warrant_id(office_code, number)
            if Warrant.objects.filter(pk=wid).exists():
                continue
            office = Unit.objects.filter(code=office_code).first()
            person = Person.objects.filter(pk=person_id(*who)).first()
            if office is None or person is None:
                continue
            issued_on = today - dt.timedelta(days=issued)
            warrant = Warrant(
                id=wid, origin_site=office.origin_site, office=office, order_number=number, kind=kind,
                legal_article=article, person=person, grounds=grounds, issued_on=issued_on,
                expires_on=today + dt.timedelta(days=expires),
                issued_by=demo_uuid("user", "TRP:prosecutor") if office_code == "tripoli-prosecution" else None,
                issued_by_name=PROSECUTOR if office_code == "tripoli-prosecution" else "",
                created_at=now - dt.timedelta(days=issued), updated_at=now - dt.timedelta(days=issued),
            )  # fmt: skip
            if cancelled is not None:
                warrant.cancelled_at = now - dt.timedelta(days=cancelled[0])
                warrant.cancel_reason = cancelled[1]
                warrant.cancelled_by_name = PROSECUTOR
                warrant.version = 2
            warrant.save(force_insert=True)
            created += 1
    return created
