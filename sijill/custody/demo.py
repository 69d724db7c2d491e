"""Demo data of arrests and custody (idempotent: fixed UUIDs from sijill.demo.loader.demo_uuid).

Times are relative to the load: one custody held on a warrant and detained on order, one caught
in the act three days ago and never brought before the prosecution (overdue), one crime against
the state transferred, one released.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sijill.core.federation import applying_peer_rows
from sijill.demo.loader import demo_uuid
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.warrants.demo import person_id, warrant_id

H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)
OFFICERS = {
    "tripoli-cid": "رافع سالم البسيكري",
    "tripoli-checkpoint-1": "هائل عبد السلام القرين",
    "tripoli-station-1": "عبد الحميد مفتاح الشريف",
    "tripoli-prosecution": "ونيس عبد الله المسماري",
}

# code, person, unit, arrested (ago), place, basis, warrant (office, number) or None, category,
# detention place, events [(kind, ago, unit, extra fields)]
ARRESTS: list[tuple[Any, ...]] = [
    ("executed-5", ("عبد الرازق", "امحمد", "سالم", "الغرياني", 1979), "tripoli-cid", 2 * D, "منطقة سوق الجمعة، طرابلس",
     "warrant", ("tripoli-prosecution", "5/2026"), "ordinary", "tripoli-cid", [
         ("referral", 30 * H, "tripoli-cid", {"prosecution_office": "tripoli-prosecution"}),
         ("questioning", 28 * H, "tripoli-prosecution", {"notes": "استجواب المتهم بحضور محاميه."}),
         ("detention_order", 27 * H, "tripoli-prosecution", {"decision_number": "32/2026", "ends_in": 13 * D}),
     ]),
    ("overdue", ("محمد", "سالم", "عمر", "ورفلي", 1988), "tripoli-checkpoint-1", 3 * D, "بوابة الكريمية، طرابلس",
     "flagrante", None, "ordinary", "tripoli-station-1", []),
    ("state", ("محمد", "علي", "امحمد", "الزوي", 1985), "tripoli-cid", 2 * D, "طريق المطار، طرابلس",
     "flagrante", None, "state_security", "tripoli-cid", [
         ("questioning", 40 * H, "tripoli-cid", {}),
         ("transfer", 1 * D, "tripoli-cid", {"to_place": "tripoli-hq"}),
     ]),
    ("released", ("علي", "محمد", "امحمد", "الزوي", 1960), "tripoli-station-1", 10 * D, "سوق الثلاثاء، طرابلس",
     "flagrante", None, "ordinary", "tripoli-station-1", [
         ("referral", 9 * D, "tripoli-station-1", {"prosecution_office": "tripoli-prosecution"}),
         ("release", 9 * D - 4 * H, "tripoli-prosecution",
          {"reason": "إخلاء سبيل بضمان محل الإقامة", "ordered_by": "وكيل النيابة — نيابة طرابلس الابتدائية"}),
     ]),
]  # fmt: skip


def load_demo() -> int:
    """Load this app's demo rows; return how many were created."""
    from sijill.custody.models import Arrest, CustodyEvent
    from sijill.warrants.models import Warrant, WarrantExecution

    created = 0
    now = timezone.now().replace(second=0, microsecond=0)
    units = {u.code: u for u in Unit.objects.filter(code__startswith="tripoli-")}
    if not {*OFFICERS, "tripoli-hq", "tripoli-station-1"} <= set(units):
        return 0
    with applying_peer_rows():
        for code, who, unit_code, ago, place, basis, warrant_ref, category, held_at, events in ARRESTS:
            aid = demo_uuid("arrest", code)
            if Arrest.objects.filter(pk=aid).exists():
                continue
            person = Person.objects.filter(pk=person_id(*who)).first()
            if person is None:
                continue
            unit, arrested_at = units[unit_code], now - ago
            site = unit.origin_site
            warrant = None
            if warrant_ref is not None:
                warrant = Warrant.objects.filter(pk=warrant_id(*warrant_ref)).first()
                if warrant is None:
                    continue
                WarrantExecution(
                    id=demo_uuid("warrant-execution", code), origin_site=site, warrant=warrant, unit=unit,
                    officer_name=OFFICERS[unit_code], place=place, executed_at=arrested_at,
                    created_at=arrested_at, updated_at=arrested_at,
                ).save(force_insert=True)  # fmt: skip
                created += 1
            Arrest(
                id=aid, origin_site=site, person=person, unit=unit, officer_name=OFFICERS[unit_code],
                arrested_at=arrested_at, place=place, basis=basis, warrant=warrant,
                prosecution_office=warrant.office if warrant else units["tripoli-prosecution"],
                prosecution_notified_at=arrested_at + (0 * H if warrant else 1 * H),
                crime_category=category, detention_place=units[held_at], created_at=arrested_at,
                updated_at=arrested_at,
            ).save(force_insert=True)  # fmt: skip
            created += 1
            place_now = units[held_at]
            for n, (kind, event_ago, acting, extra) in enumerate(events):
                at = now - event_ago
                event = CustodyEvent(
                    id=demo_uuid("custody-event", f"{code}:{n}"), origin_site=site, arrest_id=aid, kind=kind,
                    occurred_at=at, unit=units[acting], officer_name=OFFICERS[acting], notes=extra.get("notes", ""),
                    decision_number=extra.get("decision_number", ""), reason=extra.get("reason", ""),
                    ordered_by=extra.get("ordered_by", ""), created_at=at, updated_at=at,
                )  # fmt: skip
                if "prosecution_office" in extra:
                    event.prosecution_office = units[extra["prosecution_office"]]
                if kind == "detention_order":
                    event.prosecution_office = units[acting]
                    event.ends_at = at + extra["ends_in"]
                if "to_place" in extra:
                    event.from_place, event.to_place = place_now, units[extra["to_place"]]
                    place_now = event.to_place
                event.save(force_insert=True)
                created += 1
    return created
