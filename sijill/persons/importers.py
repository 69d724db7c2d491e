"""Importing persons from legacy files (see sijill.imports): columns, checks, natural key, writer.

Natural key, so that a re-import finds the rows already there: the national number; else the
administrative number; else passport number and country; else the normalised name chain with the
mother's name and the date (or year) of birth. A person's id is derived from the site and that
key (UUID5), and rows whose id or identifier is already in the register are skipped.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import current_site
from sijill.identifiers.national_number import SEX_DIGITS, NationalNumberError, parse_national_number
from sijill.imports import cleaners as c
from sijill.imports.base import Column, Importer, WriteCounts
from sijill.names import normalize
from sijill.persons.countries import COUNTRY_CHOICES
from sijill.persons.identity import national_number_message
from sijill.persons.models import Person
from sijill.persons.services import bulk_load_persons, do_add_alias

ID_NAMESPACE = uuid.UUID("6f1c3c52-6d0e-4d55-9a39-2f0a4f7e8b11")  # fixed: ids must not change between runs
BATCH = 5000
SEX_LABELS = {
    "ذكر": "m", "انثى": "f", "أنثى": "f",
    "m": "m", "male": "m", "f": "f", "female": "f", "1": "m", "2": "f",
}  # fmt: skip
# How nationality is written in legacy files, besides the country's name and ISO code.
DEMONYMS = {
    "ليبي": "LY", "ليبية": "LY", "مصري": "EG", "مصرية": "EG", "تونسي": "TN", "تونسية": "TN",
    "جزائري": "DZ", "جزائرية": "DZ", "مغربي": "MA", "مغربية": "MA", "سوداني": "SD", "سودانية": "SD",
    "تشادي": "TD", "تشادية": "TD", "نيجري": "NE", "نيجيري": "NG", "نيجيرية": "NG", "مالي": "ML",
    "غاني": "GH", "اريتري": "ER", "إريتري": "ER", "اثيوبي": "ET", "إثيوبي": "ET", "صومالي": "SO",
    "سوري": "SY", "سورية": "SY", "فلسطيني": "PS", "فلسطينية": "PS", "عراقي": "IQ", "أردني": "JO",
    "تركي": "TR", "بنغالي": "BD", "باكستاني": "PK", "بدون": "XX", "libyan": "LY", "egyptian": "EG",
    "ليبيا": "LY", "مصر": "EG", "تونس": "TN", "الجزائر": "DZ", "المغرب": "MA", "السودان": "SD", "تشاد": "TD",
    "النيجر": "NE", "نيجيريا": "NG", "غانا": "GH", "إريتريا": "ER", "إثيوبيا": "ET",
    "الصومال": "SO", "سوريا": "SY", "فلسطين": "PS", "العراق": "IQ", "الأردن": "JO", "تركيا": "TR",
    "بنغلاديش": "BD", "باكستان": "PK",
}  # fmt: skip


@cache
def _nationalities() -> dict[str, str]:
    labels: dict[str, str] = dict(DEMONYMS)
    for code, label in COUNTRY_CHOICES:
        labels[code] = code
        for language in ("ar", "en"):
            with translation.override(language):
                labels[str(label)] = code
    return {c.fold_label(k): v for k, v in labels.items()}


_seen_nationalities: dict[str, str] = {}


def clean_nationality(value: str) -> str:
    found = _seen_nationalities.get(value) or _nationalities().get(c.fold_label(value))
    if found is None:
        raise c.CellError(c.UNKNOWN_COUNTRY, value=value)
    if len(_seen_nationalities) < 10_000:
        _seen_nationalities[value] = found
    return found


def clean_national_number(value: str) -> str:
    try:
        return parse_national_number(value).number
    except NationalNumberError as exc:
        raise c.CellError(national_number_message(exc)) from None


def clean_aliases(value: str) -> list[str]:
    """Other names, separated by ؛ or | (a semicolon may be the file's own delimiter)."""
    names = [c.name_part(200)(n.strip()) for n in value.replace("|", "؛").split("؛") if n.strip()]
    return names


def _name(header_ar: tuple[str, ...], header_en: tuple[str, ...]) -> tuple[str, ...]:
    return (*header_ar, *header_en)


def _label(name: str) -> Any:
    return getattr(Person._meta.get_field(name), "verbose_name", name)


COLUMNS = [
    Column("first_name", _label("first_name"), _name(("الاسم الأول", "الاسم", "الإسم"), ("first name", "first", "given name")), c.name_part(80), required=True),  # noqa: E501
    Column("father_name", _label("father_name"), ("اسم الأب", "الأب", "father", "father name", "father's name"), c.name_part(80)),  # noqa: E501
    Column("grandfather_name", _label("grandfather_name"), ("اسم الجد", "الجد", "grandfather", "grandfather name", "grandfather's name"), c.name_part(80)),  # noqa: E501
    Column("family_name", _label("family_name"), ("اللقب", "اسم العائلة", "العائلة", "family", "family name", "surname", "last name"), c.name_part(80)),  # noqa: E501
    Column("mother_name", _label("mother_name"), ("اسم الأم", "الأم", "اسم الام بالكامل", "mother", "mother name", "mother's name"), c.name_part(200)),  # noqa: E501
    Column("latin_name", _label("latin_name"), ("الاسم باللاتينية", "الاسم بالحروف اللاتينية", "الاسم بالانجليزية", "latin name", "name in latin letters", "english name"), c.name_part(200)),  # noqa: E501
    Column("sex", _label("sex"), ("الجنس", "النوع", "sex", "gender"), c.choice(SEX_LABELS, "ذكر / أنثى / M / F")),
    Column("birth_date", _label("birth_date"), ("تاريخ الميلاد", "birth date", "date of birth", "dob"), c.past_date()),
    Column("birth_year", _label("birth_year"), ("سنة الميلاد", "birth year", "year of birth"), c.year()),
    Column("birth_place", _label("birth_place"), ("مكان الميلاد", "محل الميلاد", "birth place", "place of birth"), c.text(120)),  # noqa: E501
    Column("nationality", _label("nationality"), ("الجنسية", "nationality", "citizenship"), clean_nationality),
    Column("national_number", _label("national_number"), ("الرقم الوطني", "national number", "national id", "nid"), clean_national_number),  # noqa: E501
    Column("administrative_number", _label("administrative_number"), ("الرقم الإداري", "administrative number", "admin number"), c.code(30)),  # noqa: E501
    Column("passport_number", _label("passport_number"), ("رقم جواز السفر", "رقم الجواز", "passport", "passport number"), c.code(20)),  # noqa: E501
    Column("passport_country", _label("passport_country"), ("بلد الجواز", "جهة إصدار الجواز", "passport country"), clean_nationality),  # noqa: E501
    Column("aliases", _("aliases"), ("أسماء أخرى", "الأسماء الأخرى", "الشهرة", "aliases", "other names"), clean_aliases),  # noqa: E501
]  # fmt: skip


def check_row(row: dict[str, Any]) -> list[tuple[str, c.CellError | str]]:
    """The identifiers agree with sex and year of birth; missing sex and year are taken from them."""
    problems: list[tuple[str, c.CellError | str]] = []
    date, year = row.get("birth_date"), row.get("birth_year")
    if date and year and date.year != year:
        problems.append(("birth_year", c.CellError(c.YEAR_DIFFERS)))
    year = year or (date.year if date else None)
    number = row.get("national_number")
    if number:  # already checked alone by its cleaner: here its agreement with sex and year
        number_sex, number_year = SEX_DIGITS[number[0]], int(number[1:5])
        sex = row.setdefault("sex", number_sex)
        if sex != number_sex:
            problems.append(("national_number", national_number_message(NationalNumberError("sex_mismatch"))))
        elif year and year != number_year:
            problems.append(("national_number", national_number_message(NationalNumberError("year_mismatch"))))
        elif not date:
            row.setdefault("birth_year", number_year)
    if row.get("passport_number") and not row.get("passport_country"):
        problems.append(("passport_country", c.CellError(c.PASSPORT_COUNTRY)))
    return problems


def natural_key(row: dict[str, Any]) -> tuple[str, str]:
    if row.get("national_number"):
        return "nn:" + row["national_number"], "national_number"
    if row.get("administrative_number"):
        return "adm:" + row["administrative_number"], "administrative_number"
    if row.get("passport_number"):
        return f"pp:{row.get('passport_country', '')}:{row['passport_number']}", "passport_number"
    chain = " ".join(row.get(p, "") for p in ("first_name", "father_name", "grandfather_name", "family_name"))
    born = row.get("birth_date") or row.get("birth_year") or ""
    return f"name:{normalize(chain)}|{normalize(row.get('mother_name', ''))}|{born}", "first_name"


def person_id(site: str, key: str) -> uuid.UUID:
    """The id of an imported person: the same file imported again at the same site gives the same ids.

    The site is part of it, so two sites importing the same legacy person create two rows of their
    own (merged later by the name engine), never two rows with one primary key.
    """
    return uuid.uuid5(ID_NAMESPACE, f"{site}|person|{key}")


def _existing(chunk: list[tuple[uuid.UUID, dict[str, Any]]]) -> set[uuid.UUID]:
    """The ids in ``chunk`` whose person is already registered (same id, or same identifier anywhere)."""
    ids = [pid for pid, _row in chunk]
    found = set(Person.objects.filter(id__in=ids).values_list("id", flat=True))
    for field in ("national_number", "administrative_number", "passport_number"):
        values = {row[field] for _pid, row in chunk if row.get(field)}
        if values:
            known = set(Person.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True))
            found |= {pid for pid, row in chunk if row.get(field) in known}
    return found


def write(actor: Any, rows: Iterable[tuple[str, dict[str, Any]]], counts: WriteCounts) -> None:
    """New persons through the bulk path (name keys with them, audited per batch); aliases after."""
    site = current_site()
    aliases: list[tuple[uuid.UUID, list[str]]] = []

    def fresh() -> Iterator[dict[str, Any]]:
        source = iter(rows)
        while chunk := [(person_id(site, key), row) for key, row in islice(source, BATCH)]:
            existing = _existing(chunk)
            counts.existing += len(existing)
            for pid, row in chunk:
                if pid in existing:
                    continue
                if row.get("aliases"):
                    aliases.append((pid, row.pop("aliases")))
                yield {**row, "id": pid}

    counts.created = bulk_load_persons(actor, fresh(), batch_size=BATCH, expected=counts.expected)
    for pid, names in aliases:
        for name in names:
            do_add_alias(actor, pid, **alias_parts(name))


def alias_parts(name: str) -> dict[str, str]:
    """An alias written in one cell as name parts: the last word (or all after the third) the family."""
    words = name.split()
    if len(words) == 1:
        return {"first_name": words[0]}
    head, family = (words[:3], " ".join(words[3:])) if len(words) > 4 else (words[:-1], words[-1])
    return {**dict(zip(("first_name", "father_name", "grandfather_name"), head, strict=False)), "family_name": family}


IMPORTERS = [
    Importer(
        registry="persons",
        label=_("Persons"),
        action="person.manage",
        columns=COLUMNS,
        natural_key=natural_key,
        write=write,
        check_row=check_row,
    )
]
