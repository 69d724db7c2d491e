"""Vehicle identification numbers (VIN, ISO 3779) and older chassis numbers.

Pure module (no Django). A VIN has 17 characters, digits and capital Latin letters except I, O
and Q (which read as 1 and 0). Position 9 is a check digit computed by transliterating every
character to a number, weighting it by position and taking the sum modulo 11 (10 is written X).

Choice (documented, tested): the check digit is mandatory only for vehicles made for North
America (49 CFR 565); elsewhere, position 9 may be any allowed character. Libya's fleet comes
largely from Europe, Asia and the Gulf, so the check digit is **enforced only when the world
manufacturer identifier says North America (first character 1-5)**; for other VINs the
structure is checked and ``check_digit_verified`` tells whether position 9 happens to match.

Chassis numbers stamped before the 17-character standard (1981) are shorter: they are accepted
as a *legacy chassis number* (flag ``legacy``) when the model year is unknown or before 1981.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sijill.core.text import clean_input

VIN_LENGTH = 17
CHECK_POSITION = 8  # zero-based: the ninth character
LEGACY_MIN_LENGTH = 5
LEGACY_BEFORE_YEAR = 1981
FORBIDDEN_LETTERS = frozenset("IOQ")
# North America (United States, Canada, Mexico): check digit mandatory.
CHECK_DIGIT_REGIONS = frozenset("12345")

TRANSLITERATION: dict[str, int] = {
    **{str(d): d for d in range(10)},
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}  # fmt: skip
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)

# First character of the WMI → region of manufacture (ISO 3780), for display.
WMI_REGIONS: tuple[tuple[str, str], ...] = (
    ("ABCDEFGH", "africa"),
    ("JKLMNPR", "asia"),
    ("STUVWXYZ", "europe"),
    ("12345", "north_america"),
    ("67", "oceania"),
    ("890", "south_america"),
)

_STRIP = re.compile(r"[\s\-‐‑‒–—―−_./\\]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))


class VinError(ValueError):
    """A VIN that cannot be one. ``code`` is stable; ``params`` fill the translated message."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}" if params else code)


@dataclass(frozen=True)
class Vin:
    value: str
    legacy: bool = False
    check_digit_verified: bool = False

    @property
    def wmi(self) -> str:
        return "" if self.legacy else self.value[:3]

    @property
    def region(self) -> str:
        if self.legacy:
            return ""
        return next((name for chars, name in WMI_REGIONS if self.value[0] in chars), "")


def clean(text: str) -> str:
    """Upper case, ASCII digits, separators and invisible marks removed."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return _STRIP.sub("", clean_input(text)).upper()


def check_digit(vin: str) -> str:
    """The check character (0-9 or X) of a 17-character VIN."""
    total = sum(TRANSLITERATION[ch] * weight for ch, weight in zip(vin, WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def validate_vin(text: str | None, *, model_year: int | None = None) -> Vin:
    """Check a VIN or legacy chassis number; raise VinError with a stable code if it is not one."""
    if text is None or not str(text).strip():
        raise VinError("vin.empty")
    value = clean(str(text))
    bad = next((ch for ch in value if not ("A" <= ch <= "Z" or "0" <= ch <= "9")), None)
    if bad is not None:
        raise VinError("vin.bad_character", character=bad)
    if len(value) > VIN_LENGTH:
        raise VinError("vin.length", length=len(value))
    if len(value) < VIN_LENGTH:
        if len(value) < LEGACY_MIN_LENGTH:
            raise VinError("vin.length", length=len(value))
        if model_year is not None and model_year >= LEGACY_BEFORE_YEAR:
            raise VinError("vin.legacy_year", length=len(value), year=model_year)
        return Vin(value=value, legacy=True)
    forbidden = sorted({ch for ch in value if ch in FORBIDDEN_LETTERS})
    if forbidden:
        suggestion = value.replace("I", "1").replace("O", "0").replace("Q", "0")
        raise VinError("vin.forbidden_letter", letters=" ".join(forbidden), suggestion=suggestion)
    expected = check_digit(value)
    verified = value[CHECK_POSITION] == expected
    if value[0] in CHECK_DIGIT_REGIONS and not verified:
        raise VinError("vin.check_digit", expected=expected, found=value[CHECK_POSITION])
    return Vin(value=value, check_digit_verified=verified)


def normalize_vin(text: str | None, *, model_year: int | None = None) -> str:
    return validate_vin(text, model_year=model_year).value
