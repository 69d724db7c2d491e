"""Words for the model's comparisons and levels (the codes of ``model.COMPARISONS``), translated."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

COMPARISON_LABELS: dict[str, Any] = {
    "first": _("First name"),
    "father": _("Father's name"),
    "grandfather": _("Grandfather's name"),
    "family": _("Family name"),
    "mother": _("Mother's name"),
    "birth": _("Date of birth"),
    "birth_place": _("Place of birth"),
    "national_number": _("National number"),
    "other_ids": _("Passport and administrative number"),
    "sex": _("Sex"),
}
LEVEL_LABELS: dict[str, Any] = {
    "missing": _("missing on one side: neither for nor against"),
    "same": _("the same"),
    "other_name": _("two different names"),
    "variant": _("a spelling variant or transliteration of the same name"),
    "typo": _("close spellings (a typing error?)"),
    "different": _("different"),
    "same_first": _("the same first name of the mother"),
    "swapped": _("the same date with day and month swapped"),
    "same_year_partial": _("the same year (one side has only the year)"),
    "same_year": _("the same year, different days"),
    "year_near": _("years one apart"),
    "one_digit": _("one digit apart"),
}


def comparison_label(code: str) -> str:
    return str(COMPARISON_LABELS.get(code, code))


def level_label(code: str) -> str:
    return str(LEVEL_LABELS.get(code, code))
