"""What people type, made safe to keep: the one normaliser of names and identifiers on input.

Bidirectional control characters (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069,
and the invisible direction marks U+200E, U+200F, U+061C) change how the text around them is shown
without being seen: a name holding U+202E displays reversed, and can make one record pass for
another. They never belong in a name or an identifier, so they are removed on the way in; pages
also show user-supplied names isolated (``<bdi>``), so that even text from elsewhere cannot spill
its direction onto the page. Pure module (no Django import).
"""

from __future__ import annotations

from sijill.core.digits import to_ascii_digits

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_REMOVE = str.maketrans(dict.fromkeys(BIDI_CONTROLS))


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return text.translate(_REMOVE)


def clean_input(text: str) -> str:
    """A typed value as it is kept: digits folded to ASCII, bidirectional controls removed."""
    return strip_bidi(to_ascii_digits(text))
