"""Character-level normalisation: Arabic folds, digits, punctuation, and its invariants."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sijill.names import normalize


def test_harakat_shadda_and_tatweel_are_removed() -> None:
    assert normalize("مُحَمَّد") == "محمد"
    assert normalize("عبــــد الرحمٰن") == "عبد الرحمن"


def test_alef_forms_fold() -> None:
    assert normalize("أحمد") == normalize("إحمد") == normalize("احمد") == "احمد"
    assert normalize("آمنة") == "امنه"
    assert normalize("ٱلله") == "الله"


def test_ta_marbuta_alef_maqsura_and_hamza_seats() -> None:
    assert normalize("فاطمة") == normalize("فاطمه")
    assert normalize("مصطفى") == normalize("مصطفي")
    assert normalize("مؤمن") == normalize("مومن") == "مومن"
    assert normalize("هائل") == normalize("هايل") == "هايل"
    assert normalize("علاء") == "علا"  # a bare hamza is dropped


def test_persian_and_presentation_forms() -> None:
    assert normalize("کریم") == normalize("كريم")
    assert normalize("ﻻ") == "لا"


def test_digits() -> None:
    assert normalize("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert normalize("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert normalize("Brigade ٤٤") == "brigade 44"


def test_latin_case_accents_and_punctuation() -> None:
    assert normalize("Société Générale S.A.") == "societe generale s a"
    assert normalize("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
    assert normalize("Al-Qa'ida") == "al qaida"
    assert normalize("Straße") == "strasse"
    assert normalize("  Bashar   al-Assad\t") == "bashar al assad"


def test_invisible_marks_vanish() -> None:
    assert normalize("محمد\u200f علي\u200e") == "محمد علي"
    assert normalize("پزشک\u200cفر") == normalize("بزشكفر")


def test_never_raises_on_odd_input() -> None:
    assert normalize("") == ""
    assert normalize(None) == ""  # type: ignore[arg-type]
    assert normalize(12) == "12"  # type: ignore[arg-type]
    assert normalize("\ud800") in ("", " ", "\ud800".strip())


_ARABIC = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=30)
_ANY = st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ANY, _ARABIC))
def test_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ANY, _ARABIC))
def test_never_raises_and_is_trimmed(text: str) -> None:
    result = normalize(text)
    assert isinstance(result, str)
    assert result == result.strip()
    assert "  " not in result


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["محمد", "علي", "الورفلي", "Mohamed", "Ali", "بوخمادة"]), min_size=1, max_size=5))
def test_whitespace_invariant(words: list[str]) -> None:
    assert normalize(" ".join(words)) == normalize("  \t".join(words) + " \n")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_digit_systems_agree(number: int) -> None:
    ascii_digits = str(number)
    arabic_indic = ascii_digits.translate({ord(d): 0x0660 + int(d) for d in "0123456789"})
    persian = ascii_digits.translate({ord(d): 0x06F0 + int(d) for d in "0123456789"})
    assert normalize(arabic_indic) == normalize(persian) == ascii_digits
