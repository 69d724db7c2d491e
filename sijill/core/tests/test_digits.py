from hypothesis import given
from hypothesis import strategies as st

from sijill.core.digits import to_arabic_digits, to_ascii_digits


def test_arabic_indic_and_persian_digits_fold():
    assert to_ascii_digits("١٢٣٤٥٦٧٨٩٠") == "1234567890"
    assert to_ascii_digits("۱۲۳") == "123"
    assert to_ascii_digits("رقم ٤٢ في طرابلس") == "رقم 42 في طرابلس"


@given(st.integers(min_value=0))
def test_round_trip(n: int):
    assert to_ascii_digits(to_arabic_digits(str(n))) == str(n)
