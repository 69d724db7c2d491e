"""Digit folding: Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII.

Pure module (no Django): used by forms, API schemas, the CLI and the name engine alike.
"""

from __future__ import annotations

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_TABLE = str.maketrans(ARABIC_INDIC + PERSIAN + "٫٬", "0123456789" * 2 + ".,")


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with every Arabic-Indic or Persian digit (and Arabic decimal/thousands sign) as ASCII."""
    return text.translate(_TABLE)


def to_arabic_digits(text: str) -> str:
    """For display where Arabic-Indic digits are wanted (printed documents)."""
    return text.translate(str.maketrans("0123456789", ARABIC_INDIC))
