"""The pure validators' error codes as messages in the user's language."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sijill.identifiers.plate import PlateError
from sijill.identifiers.vin import VinError

MESSAGES: dict[str, Promise] = {
    "plate.empty": _("Write the plate number."),
    "plate.too_long": _("This is too long to be a plate number."),
    "plate.bad_character": _("The character “%(character)s” does not appear on Libyan plates."),
    "plate.letters": _("A plate carries at most one Arabic letter."),
    "plate.no_number": _("The plate has no number."),
    "plate.no_separator": _("Separate the region code from the number with a dash, e.g. 5-123456 (5 is Tripoli)."),
    "plate.region_missing": _("The region code (one or two digits, e.g. 5 for Tripoli) is missing."),
    "plate.region": _("“%(region)s” is not a region code: it has one or two digits from 1 to 99."),
    "plate.serial_zero": _("The plate number cannot be zero."),
    "plate.serial_length": _("The plate number has at most %(max_digits)s digits."),
    "plate.country": _("“%(country)s” is not a country code: foreigners' plates carry two or three digits."),
    "plate.format": _("This is not the layout of a Libyan plate: region code - number (e.g. 5-123456)."),
    "vin.empty": _("Write the VIN or chassis number."),
    "vin.bad_character": _("The character “%(character)s” does not appear in a VIN: only Latin letters and digits."),
    "vin.length": _("A VIN has 17 characters (this one has %(length)s)."),
    "vin.legacy_year": _(
        "A vehicle made in %(year)s has a 17-character VIN; a shorter chassis number (%(length)s characters) "
        "is accepted only before 1981."
    ),
    "vin.forbidden_letter": _(
        "A VIN never contains the letters I, O or Q (found: %(letters)s). Did you mean %(suggestion)s?"
    ),
    "vin.check_digit": _(
        "The check digit (9th character) of this North American VIN should be %(expected)s, not %(found)s: "
        "the number was probably misread."
    ),
}


def message_for(exc: PlateError | VinError) -> str:
    template: Any = MESSAGES.get(exc.code)
    if template is None:
        return str(_("The value is not valid."))
    return str(template) % exc.params if exc.params else str(template)
