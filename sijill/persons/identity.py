"""The Django side of identifier validation: the pure validator's error codes as messages."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sijill.core.text import clean_input
from sijill.identifiers.national_number import NationalNumberError, parse_national_number

NATIONAL_NUMBER_MESSAGES: dict[str, Promise] = {
    "empty": _("The national number is empty."),
    "not_digits": _("The national number holds digits only."),
    "length": _("The national number has 12 digits."),
    "sex_digit": _("The first digit of the national number is 1 for a man or 2 for a woman."),
    "year_range": _("Digits 2 to 5 of the national number are not a plausible year of birth."),
    "sex_mismatch": _(
        "The national number does not agree with the sex given (its first digit is 1 for a man, 2 for a woman)."
    ),
    "year_mismatch": _("The national number does not agree with the year of birth given (digits 2 to 5)."),
}


def national_number_message(exc: NationalNumberError) -> str:
    return str(NATIONAL_NUMBER_MESSAGES.get(exc.code, NATIONAL_NUMBER_MESSAGES["length"]))


def identity_errors(fields: dict[str, Any]) -> dict[str, list[str]]:
    """Errors of a person's identifiers, by field; also folds their digits in ``fields``.

    One check shared by the services, the forms and the API (through the services), so every
    channel refuses the same values with the same words.
    """
    errors: dict[str, list[str]] = {}
    for name in ("national_number", "administrative_number", "passport_number"):
        if isinstance(fields.get(name), str):
            fields[name] = clean_input(fields[name]).strip().upper().replace(" ", "")
    if isinstance(fields.get("passport_country"), str):
        fields["passport_country"] = fields["passport_country"].strip().upper()
    number = fields.get("national_number") or ""
    if number:
        birth_date = fields.get("birth_date")
        birth_year = fields.get("birth_year") or (birth_date.year if birth_date else None)
        try:
            parsed = parse_national_number(number, sex=fields.get("sex") or None, birth_year=birth_year)
        except NationalNumberError as exc:
            errors["national_number"] = [national_number_message(exc)]
        else:
            fields["national_number"] = parsed.number
    if fields.get("passport_number") and not fields.get("passport_country"):
        errors["passport_country"] = [str(_("Give the country that issued the passport."))]
    country = fields.get("passport_country") or ""
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        errors["passport_country"] = [str(_("The country is a two-letter code, e.g. LY or EG."))]
    return errors
