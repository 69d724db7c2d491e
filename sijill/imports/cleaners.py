"""Cell cleaners of legacy files: text, digits, dates, choices, identifiers (pure: no Django import).

A cleaner takes the cell as read (a string, already stripped) and returns the value to store, or
raises :class:`CellError` with an English message id and its parameters; the import engine
translates the message into the user's language when it writes the report. Empty cells never
reach a cleaner (the engine handles "required").
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from sijill.core.digits import to_ascii_digits
from sijill.core.text import clean_input, strip_bidi

Cleaner = Callable[[str], Any]


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages collects it); translated by the engine."""
    return message


class CellError(ValueError):
    """A refused cell: ``message`` is an English msgid with %(name)s placeholders."""

    def __init__(self, message: str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


_SPACES = re.compile(r"\s+")
_HAS_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
_TATWEEL_AND_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")


_FOLD = str.maketrans("أإآةى_-", "اااهي  ")


def fold_label(text: str) -> str:
    """Compare-friendly form of a header or a choice label: case, spaces, alef, ta marbuta, ya."""
    text = unicodedata.normalize("NFKC", text).replace("\ufeff", "").strip().casefold()
    text = _TATWEEL_AND_MARKS.sub("", text)
    text = text.translate(_FOLD)
    return _SPACES.sub(" ", text).strip()


def _today() -> dt.date:
    """Today, looked up once a minute (cleaners run for every cell of a million rows)."""
    now = time.monotonic()
    if now >= _TODAY[1]:
        _TODAY[:] = [dt.date.today(), now + 60]
    today: dt.date = _TODAY[0]
    return today


_TODAY: list[Any] = [None, 0.0]


def text(max_length: int = 200) -> Cleaner:
    """Free text: inner runs of spaces collapsed, length bounded."""

    def clean(value: str) -> str:
        value = strip_bidi(value)
        if "  " in value or "\n" in value or "\t" in value:
            value = _SPACES.sub(" ", value)
        if len(value) > max_length:
            raise CellError(gettext_noop("Too long: at most %(max)s characters."), max=max_length)
        return value

    return clean


def name_part(max_length: int = 80) -> Cleaner:
    """A part of a person's name: text without digits."""
    bounded = text(max_length)

    def clean(value: str) -> str:
        if not value.replace(" ", "").isalpha() and _HAS_DIGIT.search(value):
            raise CellError(gettext_noop("A name cannot contain digits."))
        return bounded(value)

    return clean


def digits(min_length: int = 1, max_length: int = 30) -> Cleaner:
    """A number written with Arabic-Indic or ASCII digits (spaces and dashes dropped)."""

    def clean(value: str) -> str:
        value = re.sub(r"[\s\-]", "", clean_input(value))
        if not value.isascii() or not value.isdigit():
            raise CellError(gettext_noop("Only digits are allowed."))
        if not min_length <= len(value) <= max_length:
            if min_length == max_length:
                raise CellError(gettext_noop("Must have exactly %(n)s digits."), n=min_length)
            raise CellError(gettext_noop("Must have %(min)s to %(max)s digits."), min=min_length, max=max_length)
        return value

    return clean


def code(max_length: int = 30) -> Cleaner:
    """An identifier of letters and digits (passport, administrative number): digits folded, upper case."""

    def clean(value: str) -> str:
        value = re.sub(r"[\s\-/]", "", clean_input(value)).upper()
        if not value.isalnum() or not value.isascii():
            raise CellError(gettext_noop("Only Latin letters and digits are allowed."))
        if len(value) > max_length:
            raise CellError(gettext_noop("Too long: at most %(max)s characters."), max=max_length)
        return value

    return clean


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(value: str) -> dt.date:
    """``dd/mm/yyyy`` (also with - or .) or ``yyyy-mm-dd``; Arabic-Indic digits accepted."""
    value = to_ascii_digits(value).strip()
    if m := _DMY.match(value):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _YMD.match(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        raise CellError(gettext_noop("Not a date: write it as dd/mm/yyyy, e.g. 23/04/1987."))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(gettext_noop("This date does not exist.")) from None


def past_date(earliest: int = 1900) -> Cleaner:
    """A date not in the future and not before ``earliest``."""

    def clean(value: str) -> dt.date:
        date = parse_date(value)
        if date > _today():
            raise CellError(gettext_noop("The date is in the future."))
        if date.year < earliest:
            raise CellError(gettext_noop("The year is before %(year)s."), year=earliest)
        return date

    return clean


def year(earliest: int = 1900) -> Cleaner:
    def clean(value: str) -> int:
        value = to_ascii_digits(value).strip().removesuffix(".0")
        if not (len(value) == 4 and value.isdigit()):
            raise CellError(gettext_noop("Not a year: write four digits, e.g. 1987."))
        number = int(value)
        if not earliest <= number <= _today().year:
            raise CellError(
                gettext_noop("The year must be between %(min)s and %(max)s."), min=earliest, max=_today().year
            )
        return number

    return clean


def choice(labels: Mapping[str, str], hint: str) -> Cleaner:
    """A value among ``labels`` (label as written → stored value); labels compared folded."""
    folded = {fold_label(k): v for k, v in labels.items()}
    seen: dict[str, str] = {}  # values as written, found before: a file repeats the same few

    def clean(value: str) -> str:
        found = seen.get(value)
        if found is not None:
            return found
        found = folded.get(fold_label(value))
        if found is None:
            raise CellError(gettext_noop("Unknown value %(value)s: expected %(expected)s."), value=value, expected=hint)
        if len(seen) < 10_000:
            seen[value] = found
        return found

    return clean


# Messages of registries' own checks (their importers live in their apps; the words live here).
UNKNOWN_COUNTRY = gettext_noop("Unknown country %(value)s: write the country, e.g. ليبيا or LY.")
YEAR_DIFFERS = gettext_noop("The year of birth differs from the date of birth.")
PASSPORT_COUNTRY = gettext_noop("Give the country that issued the passport.")
