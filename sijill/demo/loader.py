"""Demo data for a one-machine trial: both sites' organisation and one login per role.

Idempotent: every row has a fixed code and a UUID derived from it, so loading twice changes
nothing and two machines loading the demo agree on every key. Rows of the other site are written
as replication would write them (``applying_peer_rows``); the demo logins belong to this site.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction

from sijill.accounts.models import Role, User
from sijill.audit.services import record_event
from sijill.core.actor import Actor
from sijill.core.appmodules import app_modules
from sijill.core.federation import applying_peer_rows, current_site
from sijill.organisation.models import Directorate, Site, Unit

DEMO_PASSWORD = "Sijill#Demo2026"  # noqa: S105 (demo only; printed by make run)
NAMESPACE = uuid.UUID("6f1d3c2a-5b0e-4c57-9a51-2f3e0d8c7b10")

SITES = [("TRP", "طرابلس", "Tripoli"), ("BEN", "بنغازي", "Benghazi")]

# code, Arabic, English, district P-code, owning site
DIRECTORATES = [
    ("tripoli", "مديرية أمن طرابلس", "Tripoli Security Directorate", "LY0211", "TRP"),
    ("misrata", "مديرية أمن مصراتة", "Misrata Security Directorate", "LY0214", "TRP"),
    ("zawiya", "مديرية أمن الزاوية", "Zawiya Security Directorate", "LY0213", "TRP"),
    ("benghazi", "مديرية أمن بنغازي", "Benghazi Security Directorate", "LY0103", "BEN"),
    ("sirte", "مديرية أمن سرت", "Sirte Security Directorate", "LY0208", "BEN"),
    ("brega", "مديرية أمن البريقة", "Brega Security Directorate", "LY0105", "BEN"),
    ("marj", "مديرية أمن المرج", "Marj Security Directorate", "LY0102", "BEN"),
    ("butnan", "مديرية أمن البطنان", "Butnan Security Directorate", "LY0104", "BEN"),
    ("qubba", "مديرية أمن القبة", "Qubba Security Directorate", "LY0101", "BEN"),
    ("kufra", "مديرية أمن الكفرة", "Kufra Security Directorate", "LY0107", "BEN"),
    ("sabha", "مديرية أمن سبها", "Sabha Security Directorate", "LY0319", "BEN"),
    ("ubari", "مديرية أمن أوباري", "Ubari Security Directorate", "LY0320", "BEN"),
    ("shati", "مديرية أمن الشاطئ", "Shati Security Directorate", "LY0318", "BEN"),
    ("murzuq", "مديرية أمن مرزق", "Murzuq Security Directorate", "LY0322", "BEN"),
]


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name_ar: str
    name_en: str
    kind: str
    agency: str
    directorate: str | None
    parent: str | None
    site: str


def _units() -> list[UnitSpec]:
    specs: list[UnitSpec] = []
    for site, ministry_ar, ministry_en in (
        ("TRP", "وزارة الداخلية — طرابلس", "Ministry of Interior — Tripoli"),
        ("BEN", "وزارة الداخلية — بنغازي", "Ministry of Interior — Benghazi"),
    ):
        m = f"{site.lower()}-ministry"
        specs += [
            UnitSpec(m, ministry_ar, ministry_en, "ministry", "ministry", None, None, site),
            UnitSpec(
                f"{site.lower()}-t1",
                "غرفة العمليات الأمنية المركزية (ط1)",
                "Central security operations room (T1)",
                "national_room",
                "ministry",
                None,
                m,
                site,
            ),
            UnitSpec(
                f"{site.lower()}-personnel",
                "إدارة شؤون الضباط",
                "Officers' affairs department",
                "department",
                "ministry",
                None,
                m,
                site,
            ),
            UnitSpec(
                f"{site.lower()}-inspection",
                "إدارة التفتيش والمتابعة",
                "Inspection and follow-up department",
                "department",
                "ministry",
                None,
                m,
                site,
            ),
            UnitSpec(
                f"{site.lower()}-media",
                "مكتب الإعلام الأمني",
                "Security media office",
                "office",
                "security_media",
                None,
                m,
                site,
            ),
            UnitSpec(
                f"{site.lower()}-audit",
                "مكتب المراجعة الداخلية",
                "Internal audit office",
                "office",
                "ministry",
                None,
                m,
                site,
            ),
            UnitSpec(
                f"{site.lower()}-it",
                "إدارة المنظومات والمعلومات",
                "Information systems department",
                "department",
                "ministry",
                None,
                m,
                site,
            ),
            UnitSpec(
                f"{site.lower()}-records",
                "إدارة السجل الجنائي",
                "Criminal records department",
                "department",
                "criminal_investigation",
                None,
                m,
                site,
            ),
        ]
    for code, name_ar, name_en, _pcode, site in DIRECTORATES:
        hq = f"{code}-hq"
        city_ar = name_ar.removeprefix("مديرية أمن ")
        city_en = name_en.removesuffix(" Security Directorate")
        specs += [
            UnitSpec(hq, name_ar, name_en, "headquarters", "police", code, f"{site.lower()}-ministry", site),
            UnitSpec(
                f"{code}-room",
                f"الغرفة الأمنية المشتركة {city_ar}",
                f"{city_en} joint security room",
                "sub_room",
                "police",
                code,
                hq,
                site,
            ),
            UnitSpec(
                f"{code}-cid",
                f"فرع البحث الجنائي {city_ar}",
                f"{city_en} criminal investigation branch",
                "department",
                "criminal_investigation",
                code,
                hq,
                site,
            ),
            UnitSpec(
                f"{code}-station-1",
                f"مركز شرطة {city_ar} المركز",
                f"{city_en} central police station",
                "station",
                "police",
                code,
                hq,
                site,
            ),
            UnitSpec(
                f"{code}-checkpoint-1",
                f"التمركز الأمني المشترك — مدخل {city_ar}",
                f"{city_en} entry joint checkpoint",
                "checkpoint",
                "central_support",
                code,
                f"{code}-room",
                site,
            ),
            UnitSpec(
                f"{code}-records",
                f"قسم السجلات {city_ar}",
                f"{city_en} records section",
                "office",
                "criminal_investigation",
                code,
                hq,
                site,
            ),
            UnitSpec(
                f"{code}-prosecution",
                f"نيابة {city_ar} الابتدائية",
                f"{city_en} public prosecution office",
                "prosecution_office",
                "public_prosecution",
                code,
                None,
                site,
            ),
            UnitSpec(
                f"{code}-guard",
                f"الحرس البلدي {city_ar}",
                f"{city_en} municipal guard",
                "office",
                "municipal_guard",
                code,
                hq,
                site,
            ),
        ]
    return specs


# username, role, unit code, Arabic name — per site, so each site's demo has a login per role.
def _users(site: str) -> list[tuple[str, str, str, str]]:
    s = site.lower()
    city = "tripoli" if site == "TRP" else "benghazi"
    other = "misrata" if site == "TRP" else "sirte"
    return [
        ("t1", Role.T1_OPERATOR, f"{s}-t1", "عبد الرازق امحمد الورفلي"),
        (f"{city}.room", Role.DIRECTORATE_OPERATOR, f"{city}-room", "سالم مفتاح بوخمادة"),
        (f"{other}.room", Role.DIRECTORATE_OPERATOR, f"{other}-room", "مؤمن علي الزوي"),
        ("checkpoint", Role.CHECKPOINT_OFFICER, f"{city}-checkpoint-1", "هائل عبد السلام القرين"),
        ("investigator", Role.INVESTIGATOR, f"{city}-cid", "رافع سالم البسيكري"),
        ("clerk", Role.RECORDS_CLERK, f"{city}-records", "فاطمة امبارك الفيتوري"),
        ("prosecutor", Role.PROSECUTOR, f"{city}-prosecution", "ونيس عبد الله المسماري"),
        ("personnel", Role.PERSONNEL_OFFICER, f"{s}-personnel", "أبوعجيلة سالم بشير"),
        ("inspector", Role.INSPECTOR, f"{s}-inspection", "خالد محمد الترهوني"),
        ("media", Role.MEDIA_OFFICER, f"{s}-media", "نجاة عمر الشريف"),
        ("auditor", Role.AUDITOR, f"{s}-audit", "عائشة إبراهيم الكوني"),
        ("admin", Role.SITE_ADMIN, f"{s}-it", "محمود الهادي الغرياني"),
    ]


# A small population for the search demo: seed names, Libyan spellings and look-alikes.
# first, father, grandfather, family, mother, Latin, sex, birth year, place, owning site
PERSONS = [
    ("ونيس", "مفتاح", "سالم", "بوخمادة", "فاطمة علي العبيدي", "Wanis Buhkmada", "m", 1968, "بنغازي", "BEN"),
    ("رافع", "عبد الله", "محمد", "البسيكري", "خديجة سالم المغربي", "Rafa Busikri", "m", 1975, "بنغازي", "BEN"),
    ("أبوعجيلة", "سالم", "بشير", "الترهوني", "مبروكة امحمد الفيتوري", "Abu Ajila Tarhuni", "m", 1970, "طرابلس", "TRP"),
    ("محمد", "علي", "امحمد", "الزوي", "زينب عمر الكوني", "Mohamed Ali Zawi", "m", 1985, "الكفرة", "BEN"),
    ("علي", "محمد", "امحمد", "الزوي", "حليمة سالم الزوي", "Ali Mohamed Zawi", "m", 1960, "الكفرة", "BEN"),
    ("محمود", "سالم", "عمر", "الورفلي", "نجاة علي الورفلي", "Mahmoud Salem Warfalli", "m", 1990, "بني وليد", "TRP"),
    ("محمد", "سالم", "عمر", "ورفلي", "سعاد محمد الورفلي", "Mohammed Salem Warfali", "m", 1988, "بني وليد", "TRP"),
    ("مؤمن", "عبد الرازق", "امبارك", "القرين", "عائشة محمد القرين", "Moamen Abdelrazeg Guren", "m", 1995, "سرت", "BEN"),
    ("هائل", "امبارك", "علي", "المسماري", "مريم عبد السلام المسماري", "Hayel Mbarak Mismari", "m", 1982, "درنة", "BEN"),
    (
        "عبد الرازق",
        "امحمد",
        "سالم",
        "الغرياني",
        "سالمة علي الغرياني",
        "Abdelrazeg Gheriani",
        "m",
        1979,
        "طرابلس",
        "TRP",
    ),
    ("فاطمة", "الهادي", "محمد", "الشريف", "رقية سالم الشريف", "Fatima Hadi Sharif", "f", 1992, "مصراتة", "TRP"),
    ("سالم", "مفتاح", "علي", "القذافي", "جميلة عمر القذافي", "Salem Muftah Gaddafi", "m", 1965, "سبها", "BEN"),
    ("خالد", "عبد الحكيم", "مصطفى", "الككلي", "آمنة محمد الككلي", "Khaled Kikli", "m", 1987, "طرابلس", "TRP"),
    ("نوري", "ضو", "امحمد", "بوسهمين", "حواء علي بوسهمين", "Nouri Abusahmain", "m", 1971, "زوارة", "TRP"),
    ("إبراهيم", "عمر", "ميلاد", "المقريف", "فتحية سالم المقريف", "Ibrahim Magarief", "m", 1983, "اجدابيا", "BEN"),
]


# Identifiers of some demo persons, by (first name, family name, year of birth): national numbers
# follow Law No. 8 of 2014 (sex digit, year of birth, serial, check digit); foreigners carry a
# passport or an administrative number instead.
PERSON_IDENTIFIERS: dict[tuple[str, str, int], dict[str, str]] = {
    ("ونيس", "بوخمادة", 1968): {"national_number": "119680047213"},
    ("رافع", "البسيكري", 1975): {"national_number": "119750112408"},
    ("أبوعجيلة", "الترهوني", 1970): {"national_number": "119700230915"},
    ("محمد", "الزوي", 1985): {"national_number": "119850318826"},
    ("محمود", "الورفلي", 1990): {"national_number": "119900405517"},
    ("فاطمة", "الشريف", 1992): {"national_number": "219920061234"},
    ("خالد", "الككلي", 1987): {"national_number": "119870552091"},
    ("نوري", "بوسهمين", 1971): {"national_number": "119710660342"},
    ("هائل", "المسماري", 1982): {"passport_number": "LY4471203", "passport_country": "LY"},
    ("إبراهيم", "المقريف", 1983): {"administrative_number": "إ-ب-2019-00417"},
}
# Aliases: (first name, family name, year of birth) → [(first, father, grandfather, family, Latin, note)]
PERSON_ALIASES: dict[tuple[str, str, int], list[tuple[str, str, str, str, str, str]]] = {
    ("خالد", "الككلي", 1987): [("خالد", "", "", "الطرابلسي", "Khaled Trabelsi", "لقب متداول في سوق الجمعة")],
    ("محمود", "الورفلي", 1990): [
        ("أبو", "", "", "سالم", "", "كنية يُعرف بها"),
        ("محمود", "سالم", "", "بن وليد", "", ""),
    ],
}


def demo_uuid(kind: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{code}")


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Load the demo organisation and users; return the logins (username, role, unit)."""
    created = 0
    with applying_peer_rows():
        for code, name_ar, name_en in SITES:
            _, new = Site.objects.get_or_create(
                code=code,
                defaults={"id": demo_uuid("site", code), "name_ar": name_ar, "name_en": name_en, "origin_site": code},
            )
            created += new
        directorates = {}
        for code, name_ar, name_en, pcode, site in DIRECTORATES:
            obj, new = Directorate.objects.get_or_create(
                code=code,
                defaults={
                    "id": demo_uuid("directorate", code),
                    "name_ar": name_ar,
                    "name_en": name_en,
                    "district_id": pcode,
                    "origin_site": site,
                },
            )
            directorates[code] = obj
            created += new
        units: dict[str, Unit] = {u.code: u for u in Unit.objects.all()}
        for spec in _units():
            if spec.code in units:
                continue
            unit = Unit(
                id=demo_uuid("unit", spec.code),
                code=spec.code,
                name_ar=spec.name_ar,
                name_en=spec.name_en,
                kind=spec.kind,
                agency_id=spec.agency,
                origin_site=spec.site,
                directorate=directorates[spec.directorate] if spec.directorate else None,
                parent=units[spec.parent] if spec.parent else None,
            )
            unit.path = unit.compute_path()
            unit.save(force_insert=True)
            units[spec.code] = unit
            created += 1
    created += _load_persons()
    logins = []
    site = current_site()
    for username, role, unit_code, name in _users(site):
        unit = units[unit_code]
        if not User.objects.local().filter(username=username).exists():
            user = User(
                id=demo_uuid("user", f"{site}:{username}"),
                username=username,
                role=role,
                unit=unit,
                full_name_ar=name,
                is_demo_account=True,
            )
            user.set_password(DEMO_PASSWORD)
            user.save(force_insert=True)
            created += 1
        logins.append((username, str(role), unit.name_ar))
    created += _load_registries()
    if created:
        record_event(Actor.system("demo"), "demo.load", kind="system", rows_created=created)
    return logins


def _load_registries() -> int:
    """Each app's ``demo.load_demo()``, in the order of INSTALLED_APPS (persons and users exist by then)."""
    return sum(module.load_demo() for module in app_modules("demo"))


def _load_persons() -> int:
    from sijill.persons.models import Person, PersonAlias, PersonNameKey
    from sijill.persons.services import keys_of, prepare

    created = 0
    with applying_peer_rows():
        for first, father, grandfather, family, mother, latin, sex, year, place, site in PERSONS:
            pid = demo_uuid("person", f"{first} {father} {grandfather} {family} {year}")
            if Person.objects.filter(pk=pid).exists():
                continue
            person = Person(
                id=pid, first_name=first, father_name=father, grandfather_name=grandfather, family_name=family,
                mother_name=mother, latin_name=latin, sex=sex, birth_year=year, birth_place=place, origin_site=site,
                **PERSON_IDENTIFIERS.get((first, family, year), {}),
            )  # fmt: skip
            prepare(person)
            person.save(force_insert=True)
            PersonNameKey.objects.bulk_create(
                [PersonNameKey(person=person, key=k, origin_site=site) for k in keys_of(person)]
            )
            created += 1
        for (first, family, year), aliases in PERSON_ALIASES.items():
            owner = Person.objects.filter(first_name=first, family_name=family, birth_year=year).first()
            if owner is None:
                continue
            for a_first, a_father, a_grandfather, a_family, a_latin, note in aliases:
                aid = demo_uuid("alias", f"{owner.pk} {a_first} {a_family}")
                if PersonAlias.objects.filter(pk=aid).exists():
                    continue
                alias = PersonAlias(
                    id=aid, person=owner, first_name=a_first, father_name=a_father, grandfather_name=a_grandfather,
                    family_name=a_family, latin_name=a_latin, note=note, origin_site=owner.origin_site,
                )  # fmt: skip
                alias.save(force_insert=True)
                existing = set(PersonNameKey.objects.filter(person=owner).values_list("key", flat=True))
                PersonNameKey.objects.bulk_create(
                    [
                        PersonNameKey(person=owner, key=k, origin_site=owner.origin_site)
                        for k in keys_of(alias)
                        if k not in existing
                    ]
                )
                created += 1
    return created
