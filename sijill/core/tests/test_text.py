"""Bidirectional control characters never reach a stored name or identifier."""

import pytest

from sijill.core.text import BIDI_CONTROLS, clean_input, strip_bidi


@pytest.mark.parametrize("control", list(BIDI_CONTROLS))
def test_every_bidi_control_is_removed(control):
    assert strip_bidi(f"محمد{control} الككلي{control}") == "محمد الككلي"


def test_the_issue_ranges_are_all_covered():
    listed = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    assert listed <= set(BIDI_CONTROLS)


def test_letters_joiners_and_digits_are_kept_digits_folded():
    assert strip_bidi("مِحمّد\u200cعلي") == "مِحمّد\u200cعلي"  # harakat and ZWNJ are part of writing
    assert clean_input("\u202e١١٩٨٧٠٥٥٢٠٩١\u202c") == "119870552091"
