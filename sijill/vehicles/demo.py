"""Demo data of vehicles (idempotent: fixed UUIDs from sijill.demo.loader.demo_uuid).

Both sites' rows are written as replication would write them: a Benghazi registration, a
Benghazi terrorism report and the recovery of a Tripoli stolen car at a Benghazi checkpoint are
BEN-owned rows, so the trial shows a report closed by another site's recovery.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction

from sijill.core.federation import applying_peer_rows
from sijill.demo.loader import PERSONS, demo_uuid
from sijill.identifiers.plate import normalize_plate
from sijill.identifiers.vin import validate_vin
from sijill.organisation.models import Unit
from sijill.vehicles.models import (
    UnregisteredVehicleStop,
    Vehicle,
    VehicleOwnership,
    VehicleRecovery,
    VehicleReport,
)

TZ = dt.timezone(dt.timedelta(hours=2))  # Libya


def _person(family: str, first: str) -> uuid.UUID:
    for p_first, father, grandfather, p_family, _m, _l, _s, year, _pl, _site in PERSONS:
        if p_family == family and p_first == first:
            return demo_uuid("person", f"{p_first} {father} {grandfather} {p_family} {year}")
    raise LookupError(f"{first} {family} is not a demo person")


def _at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


# code, site, plate as written, VIN, make, model, colour, year, registration unit, registered on
VEHICLES = [
    (
        "landcruiser",
        "TRP",
        "٥-١٢٣٤٥٦",
        "JTMHV05J804123456",
        "تويوتا",
        "لاند كروزر",
        "أبيض",
        2015,
        "tripoli-records",
        "2016-03-12",
    ),
    (
        "elantra",
        "TRP",
        "5-2318467",
        "KMHDH41E9KU123456",
        "هيونداي",
        "إلنترا",
        "فضي",
        2019,
        "tripoli-records",
        "2020-01-08",
    ),
    (
        "sportage",
        "TRP",
        "88012 - 5",
        "KNAPC81GBH7012345",
        "كيا",
        "سبورتاج",
        "أسود",
        2017,
        "tripoli-records",
        "2018-06-21",
    ),
    ("mercedes", "TRP", "5-7021", "11403712008451", "مرسيدس", "220", "بيج", 1976, "misrata-records", "1977-02-02"),
    (
        "hilux",
        "BEN",
        "8-45210",
        "MR0FR22G700567890",
        "تويوتا",
        "هايلوكس",
        "أبيض",
        2012,
        "benghazi-records",
        "2013-05-30",
    ),
    (
        "patrol",
        "BEN",
        "8-1290",
        "JN1TANY62U0012345",
        "نيسان",
        "باترول",
        "رمادي",
        2010,
        "benghazi-records",
        "2011-09-14",
    ),
]

# vehicle code, owner (family, first), from, to
OWNERSHIPS = [
    ("landcruiser", ("الورفلي", "محمود"), "2016-03-12", "2026-02-15"),
    ("landcruiser", ("الغرياني", "عبد الرازق"), "2026-02-15", None),  # the transfer
    ("elantra", ("الشريف", "فاطمة"), "2020-01-08", None),
    ("sportage", ("الككلي", "خالد"), "2018-06-21", None),
    ("mercedes", ("بوسهمين", "نوري"), "1990-07-01", None),
    ("hilux", ("بوخمادة", "ونيس"), "2013-05-30", None),
    ("patrol", ("المقريف", "إبراهيم"), "2011-09-14", None),
]

# code, vehicle, kind, reporting unit, legal basis, details, reported at, site
REPORTS = [
    ("elantra-stolen", "elantra", "stolen", "tripoli-cid", "بلاغ سرقة رقم 233/2026 — مركز شرطة طرابلس المركز",
     "سُرقت من أمام منزل المالكة بحي الأندلس ليلاً.", "2026-03-04", "TRP"),
    ("sportage-stolen", "sportage", "stolen", "tripoli-cid", "بلاغ سرقة رقم 418/2026 — فرع البحث الجنائي طرابلس",
     "سُرقت تحت تهديد السلاح على الطريق السريع.", "2026-09-19", "TRP"),
    ("hilux-terrorism", "hilux", "terrorism", "benghazi-cid", "مذكرة النيابة العامة رقم 17/2025 — نيابة بنغازي",
     "استُخدمت في نقل أسلحة لمجموعة إرهابية حسب محضر التحريات.", "2025-12-02", "BEN"),
    ("patrol-wanted", "patrol", "wanted", "benghazi-cid", "قضية رقم 96/2026 — نيابة بنغازي الابتدائية",
     "مطلوبة في قضية سطو مسلح على محل صرافة.", "2026-07-11", "BEN"),
]  # fmt: skip

# code, report, place, recovered at, unit, notes, site
RECOVERIES = [
    ("elantra-found", "elantra-stolen", "التمركز الأمني المشترك — مدخل بنغازي الغربي", "2026-04-20",
     "benghazi-checkpoint-1", "ضُبطت بلوحة مزورة وأُحيل السائق إلى النيابة.", "BEN"),
]  # fmt: skip

CAMPAIGN = "حملة ضبط المركبات غير المسجلة — طرابلس، أكتوبر 2026"
# code, place, stopped at, description, plate as written, VIN, driver (family, first) or name, action
STOPS = [
    (
        "stop-1",
        "بوابة الدافنية",
        "2026-10-05",
        "تويوتا كامري بيضاء بدون لوحات",
        "",
        "",
        None,
        "سالم ميلاد الفرجاني",
        "impounded",
    ),
    (
        "stop-2",
        "طريق المطار",
        "2026-10-05",
        "هيونداي توسان زرقاء بلوحة مؤقتة",
        "مؤقت 2291",
        "",
        ("ورفلي", "محمد"),
        "",
        "regularise",
    ),
    (
        "stop-3",
        "جسر القبة الفلكية",
        "2026-10-06",
        "كيا ريو حمراء بلوحة تونسية",
        "123 تونس 4567",
        "KNADN512BB6123456",
        None,
        "عماد الطاهر الزنتاني",
        "referred",
    ),
]


def _units() -> dict[str, Unit]:
    return {u.code: u for u in Unit.objects.filter(code__contains="-")}


def _create(row_type: Any, pk: uuid.UUID, **fields: Any) -> int:
    if row_type.objects.filter(pk=pk).exists():
        return 0
    row_type(id=pk, **fields).save(force_insert=True)
    return 1


@transaction.atomic
def load_demo() -> int:
    """Load this app's demo rows; return how many were created."""
    units = _units()
    created = 0
    with applying_peer_rows():
        for code, site, plate, vin, make, model, colour, year, unit, on in VEHICLES:
            created += _create(
                Vehicle, demo_uuid("vehicle", code), origin_site=site, plate_as_written=plate,
                plate_canonical=normalize_plate(plate), vin=validate_vin(vin, model_year=year).value,
                vin_is_legacy=validate_vin(vin, model_year=year).legacy, make=make, model=model, colour=colour,
                year=year, registration_unit=units[unit], registered_on=dt.date.fromisoformat(on),
            )  # fmt: skip
        sites = {code: site for code, site, *_rest in VEHICLES}
        for i, (code, (family, first), since, until) in enumerate(OWNERSHIPS):
            created += _create(
                VehicleOwnership, demo_uuid("vehicle-ownership", f"{code}:{i}"), origin_site=sites[code],
                vehicle_id=demo_uuid("vehicle", code), owner_id=_person(family, first),
                from_date=dt.date.fromisoformat(since), to_date=dt.date.fromisoformat(until) if until else None,
            )  # fmt: skip
        for code, vehicle, kind, unit, basis, details, at, site in REPORTS:
            created += _create(
                VehicleReport, demo_uuid("vehicle-report", code), origin_site=site,
                vehicle_id=demo_uuid("vehicle", vehicle), kind=kind, reporting_unit=units[unit], legal_basis=basis,
                details=details, reported_at=_at(at),
            )  # fmt: skip
        for code, report, place, at, unit, notes, site in RECOVERIES:
            created += _create(
                VehicleRecovery, demo_uuid("vehicle-recovery", code), origin_site=site,
                report_id=demo_uuid("vehicle-report", report), place=place, recovered_at=_at(at, 14),
                unit=units[unit], notes=notes,
            )  # fmt: skip
        for code, place, at, description, plate, vin, driver, driver_name, action in STOPS:
            try:
                canonical = normalize_plate(plate) if plate else ""
            except ValueError:
                canonical = ""
            created += _create(
                UnregisteredVehicleStop, demo_uuid("vehicle-stop", code), origin_site="TRP", campaign=CAMPAIGN,
                place=place, stopped_at=_at(at, 21), unit=units["tripoli-checkpoint-1"], description=description,
                plate_as_written=plate, plate_canonical=canonical, vin=vin,
                driver_id=_person(*driver) if driver else None, driver_name=driver_name, action_taken=action,
            )  # fmt: skip
    return created
