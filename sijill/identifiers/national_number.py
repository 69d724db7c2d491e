"""The Libyan national number (الرقم الوطني, Law No. 8 of 2014): structure and consistency only.

Twelve digits: digit 1 is the sex (1 male, 2 female), digits 2–5 the year of birth, digits 6–11 a
serial and digit 12 a check digit. The check digit's algorithm is not public, so it is never
validated: refusing a real number on a guessed algorithm would be worse than accepting a typo.

Pure module (no Django): errors carry a stable ``code``; the Django layer turns the code into a
message in the user's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sijill.core.text import clean_input

LENGTH = 12
MIN_YEAR = 1900
SEX_DIGITS = {"1": "m", "2": "f"}
_SEPARATORS = str.maketrans("", "", " -\u00a0\u200f\u200e_./")


class NationalNumberError(ValueError):
    """A national number refused, with a machine code and the values the message needs."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass(frozen=True)
class NationalNumber:
    number: str  # the 12 ASCII digits
    sex: str  # "m" or "f"
    birth_year: int
    serial: str  # 6 digits
    check_digit: str

    def __str__(self) -> str:
        return self.number


def normalize_national_number(value: str) -> str:
    """ASCII digits without the separators people type (spaces, hyphens, dots, RTL marks)."""
    return clean_input(value or "").translate(_SEPARATORS).strip()


def parse_national_number(
    value: str,
    *,
    sex: str | None = None,
    birth_year: int | None = None,
    today: dt.date | None = None,
) -> NationalNumber:
    """The parts of a national number, or NationalNumberError.

    ``sex`` ("m"/"f") and ``birth_year``, when known, must agree with the number.
    Codes: empty, not_digits, length, sex_digit, year_range, sex_mismatch, year_mismatch.
    """
    number = normalize_national_number(value)
    if not number:
        raise NationalNumberError("empty")
    if not number.isascii() or not number.isdigit():
        raise NationalNumberError("not_digits")
    if len(number) != LENGTH:
        raise NationalNumberError("length", length=len(number))
    number_sex = SEX_DIGITS.get(number[0])
    if number_sex is None:
        raise NationalNumberError("sex_digit", digit=number[0])
    year = int(number[1:5])
    this_year = (today or dt.date.today()).year
    if not MIN_YEAR <= year <= this_year:
        raise NationalNumberError("year_range", year=year, min=MIN_YEAR, max=this_year)
    if sex and sex != number_sex:
        raise NationalNumberError("sex_mismatch", sex=sex, number_sex=number_sex)
    if birth_year and int(birth_year) != year:
        raise NationalNumberError("year_mismatch", year=year, birth_year=int(birth_year))
    return NationalNumber(number=number, sex=number_sex, birth_year=year, serial=number[5:11], check_digit=number[11])


def is_valid_national_number(value: str, *, sex: str | None = None, birth_year: int | None = None) -> bool:
    try:
        parse_national_number(value, sex=sex, birth_year=birth_year)
    except NationalNumberError:
        return False
    return True
