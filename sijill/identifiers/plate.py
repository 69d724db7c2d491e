"""Libyan number plates: parse what a person typed or read, return one canonical form.

Pure module (no Django): the canonical form is the key for uniqueness and search, so the same
plate typed as ``5-123456``, ``٥ - ١٢٣٤٥٦``, ``123456/5`` or ``ليبيا 5 123456`` is one plate.

What is known of the plates (kept here as data, with its source, so a reviewer can correct it):

* The series issued since 2013 reads ``region - serial`` with the word ليبيا; the region is a
  1- or 2-digit municipality code (5 Tripoli, 8 Benghazi), the serial 1 to 6 digits, 7 in
  Tripoli (en/de Wikipedia, "Vehicle registration plates of Libya").
* Foreigner-owned private vehicles add a 2- or 3-digit country code in a blue square:
  ``NN / region - serial`` with a serial of 1 to 4 digits.
* Taxis carry yellow plates with an Arabic letter before the number; trailers black on yellow
  with the letter م; diplomatic plates are black on red. Government and temporary plates are not
  documented in any source we found: they are categories chosen by the clerk, not parsed.

Written order: people typing Arabic often write the serial first (``123456-5``). The region is
the group of at most two digits, so the order is recovered unless both groups are that short,
in which case the written order (region first) is kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sijill.core.text import clean_input


class PlateCategory(StrEnum):
    PRIVATE = "private"
    TAXI = "taxi"
    PUBLIC_TRANSPORT = "public_transport"
    GOVERNMENT = "government"
    TEMPORARY = "temporary"
    FOREIGN = "foreign"
    DIPLOMATIC = "diplomatic"
    TRAILER = "trailer"


@dataclass(frozen=True)
class CategoryFacts:
    colours: str  # as documented, English (reference only)
    max_serial_digits: int
    source: str


CATEGORY_FACTS: dict[PlateCategory, CategoryFacts] = {
    PlateCategory.PRIVATE: CategoryFacts("black on white", 6, "Wikipedia: Vehicle registration plates of Libya"),
    PlateCategory.FOREIGN: CategoryFacts("black on white, country code in a blue square", 4, "idem"),
    PlateCategory.TAXI: CategoryFacts(
        "yellow, Arabic letter before the number", 6, "de.wikipedia: Kfz-Kennzeichen (Libyen)"
    ),
    PlateCategory.TRAILER: CategoryFacts("black on yellow, letter م", 6, "idem (trailers)"),
    PlateCategory.DIPLOMATIC: CategoryFacts("black on red", 6, "idem"),
    PlateCategory.PUBLIC_TRANSPORT: CategoryFacts("undocumented", 6, "to be confirmed by the traffic department"),
    PlateCategory.GOVERNMENT: CategoryFacts("undocumented", 6, "to be confirmed by the traffic department"),
    PlateCategory.TEMPORARY: CategoryFacts("undocumented", 6, "to be confirmed by the traffic department"),
}

# Region (municipality) codes confirmed by a source. Other codes 1-99 are accepted as unknown:
# refusing them would block real plates until the full list is obtained from the traffic department.
REGIONS: dict[int, tuple[str, str]] = {
    5: ("طرابلس", "Tripoli"),
    8: ("بنغازي", "Benghazi"),
}
# Regions allowed one more serial digit than their category's maximum.
LONG_SERIAL_REGIONS: frozenset[int] = frozenset({5})
# Letters known to mark a category; any other single Arabic letter is kept in the plate.
LETTER_CATEGORIES: dict[str, PlateCategory] = {"م": PlateCategory.TRAILER}
MAX_FOREIGN_SERIAL_DIGITS = CATEGORY_FACTS[PlateCategory.FOREIGN].max_serial_digits

_COUNTRY_WORDS = re.compile(r"ليبيا|الجماهيرية|جماهيرية|libya|lby|lar", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200c\u200d\ufeff")
)
_DASHES = "-‐‑‒–—―−_ـ"  # ASCII, Unicode dashes, underscore and tatweel (typed as a dash in Arabic)
_SEPARATORS = set(_DASHES) | set("/\\|.,:;() ")
_LETTER_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


class PlateError(ValueError):
    """A plate that cannot be read. ``code`` is stable; ``params`` fill the translated message."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}" if params else code)


@dataclass(frozen=True)
class Plate:
    region: int
    serial: int
    letter: str = ""
    country: int | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def canonical(self) -> str:
        """One spelling per plate: ``5-123456``, ``م 5-1234``, ``12/5-1234``."""
        core = f"{self.region}-{self.serial}"
        if self.country is not None:
            core = f"{self.country}/{core}"
        return f"{self.letter} {core}" if self.letter else core

    @property
    def region_known(self) -> bool:
        return self.region in REGIONS

    @property
    def region_name_ar(self) -> str:
        return REGIONS.get(self.region, ("", ""))[0]

    @property
    def region_name_en(self) -> str:
        return REGIONS.get(self.region, ("", ""))[1]

    @property
    def category_hint(self) -> PlateCategory | None:
        """The category the plate itself shows, if any (the clerk's choice wins otherwise)."""
        if self.country is not None:
            return PlateCategory.FOREIGN
        if self.letter:
            return LETTER_CATEGORIES.get(self.letter)
        return None


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    text = clean_input(text)
    return _COUNTRY_WORDS.sub(" ", text).strip()


def _tokens(text: str) -> tuple[list[str], list[str], str]:
    """Digit groups, letters, and the separators between digit groups (for the '/' of foreign plates)."""
    groups: list[str] = []
    letters: list[str] = []
    seps: list[str] = []
    current = ""
    pending_sep = ""
    for ch in text:
        if ch.isdigit() and ch.isascii():
            if not current and groups:
                seps.append(pending_sep)
            current += ch
            pending_sep = ""
            continue
        if current:
            groups.append(current)
            current = ""
        if ch in _SEPARATORS or ch.isspace():
            if ch == "/" or ch == "\\":
                pending_sep = "/"
            elif not pending_sep:
                pending_sep = "-"
            continue
        if "\u0621" <= ch <= "\u064a":  # an Arabic letter
            letters.append(ch.translate(_LETTER_FOLD))
            continue
        raise PlateError("plate.bad_character", character=ch)
    if current:
        groups.append(current)
    return groups, letters, "".join(seps)


def _check_serial(serial: str, max_digits: int) -> int:
    value = int(serial)
    if value == 0:
        raise PlateError("plate.serial_zero")
    if len(str(value)) > max_digits:
        raise PlateError("plate.serial_length", max_digits=max_digits)
    return value


def _check_region(region: str) -> int:
    value = int(region)
    if not 1 <= value <= 99:
        raise PlateError("plate.region", region=region)
    return value


def parse_plate(text: str | None) -> Plate:
    """Read a Libyan plate; raise PlateError with a stable code when it cannot be one."""
    if text is None or not str(text).strip():
        raise PlateError("plate.empty")
    cleaned = _clean(str(text))
    if len(cleaned) > 40:
        raise PlateError("plate.too_long")
    groups, letters, seps = _tokens(cleaned)
    if len(letters) > 1:
        raise PlateError("plate.letters")
    letter = letters[0] if letters else ""
    if not groups:
        raise PlateError("plate.no_number")
    if len(groups) == 1:
        raise PlateError("plate.no_separator")
    if len(groups) == 2:
        first, second = groups
        if len(first.lstrip("0") or "0") <= 2:
            region_text, serial_text = first, second
        elif len(second.lstrip("0") or "0") <= 2:
            region_text, serial_text = second, first  # typed right to left: serial first
        else:
            raise PlateError("plate.region_missing")
        region = _check_region(region_text)
        category = LETTER_CATEGORIES.get(letter, PlateCategory.PRIVATE)
        max_digits = CATEGORY_FACTS[category].max_serial_digits + (region in LONG_SERIAL_REGIONS)
        return Plate(region=region, serial=_check_serial(serial_text, max_digits), letter=letter)
    if len(groups) == 3:
        return _parse_foreign(groups, seps, letter)
    raise PlateError("plate.format")


def _parse_foreign(groups: list[str], seps: str, letter: str) -> Plate:
    """``NN / region - serial`` as written, or its mirror ``serial - region / NN``."""
    if seps == "/-":
        country, region, serial = groups
    elif seps == "-/":
        serial, region, country = groups
    else:
        raise PlateError("plate.format")
    if not 2 <= len(country.lstrip("0")) <= 3:
        raise PlateError("plate.country", country=country)
    return Plate(
        region=_check_region(region),
        serial=_check_serial(serial, MAX_FOREIGN_SERIAL_DIGITS),
        letter=letter,
        country=int(country),
    )


def normalize_plate(text: str | None) -> str:
    """The canonical form of a plate; PlateError when the text is not a plate."""
    return parse_plate(text).canonical


def plate_search_key(text: str) -> tuple[str | None, str]:
    """For a search box: (canonical plate or None, the folded digits to match as a fragment).

    A whole plate is found exactly; a fragment (``123456`` or ``5-12``) by substring of the
    canonical form, so a partly read plate still narrows the list.
    """
    try:
        return normalize_plate(text), ""
    except PlateError:
        pass
    cleaned = _clean(text or "")
    fragment = re.sub(r"[\s" + re.escape(_DASHES) + r"/\\|.,]+", "-", cleaned).strip("-")
    return None, fragment
