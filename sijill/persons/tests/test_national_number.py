"""The national number validator alone (pure: no database, no Django)."""

import datetime as dt

import pytest

from sijill.identifiers.national_number import (
    NationalNumberError,
    is_valid_national_number,
    normalize_national_number,
    parse_national_number,
)

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    "value, sex, year, serial",
    [
        ("119680047213", "m", 1968, "004721"),
        ("219920061234", "f", 1992, "006123"),
        ("١١٩٨٥٠٣١٨٨٢٦", "m", 1985, "031882"),  # Arabic-Indic digits
        ("۲۱۹۹۲۰۰۶۱۲۳۴", "f", 1992, "006123"),  # Persian digits
        ("1 1968 004721 3", "m", 1968, "004721"),  # typed with spaces
        ("1-1968-004721-3", "m", 1968, "004721"),
        ("120260000019", "m", 2026, "000001"),  # born this year
    ],
)
def test_good_numbers_parse(value, sex, year, serial):
    parsed = parse_national_number(value, today=TODAY)
    assert (parsed.sex, parsed.birth_year, parsed.serial) == (sex, year, serial)
    assert len(parsed.number) == 12 and parsed.number.isascii()


def test_check_digit_is_never_validated():
    """Any last digit is accepted: the algorithm is not public."""
    for last in "0123456789":
        assert parse_national_number(f"11968004721{last}", today=TODAY).check_digit == last


@pytest.mark.parametrize(
    "value, code",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("11968004721", "length"),  # 11 digits
        ("1196800472133", "length"),  # 13 digits
        ("١١٩٦٨٠٠٤٧٢١", "length"),
        ("11968OO47213", "not_digits"),
        ("119680047²13", "not_digits"),
        ("319680047213", "sex_digit"),
        ("019680047213", "sex_digit"),
        ("118990047213", "year_range"),  # 1899
        ("120300047213", "year_range"),  # in the future
        ("100000047213", "year_range"),
    ],
)
def test_bad_numbers_refused_with_a_code(value, code):
    with pytest.raises(NationalNumberError) as info:
        parse_national_number(value, today=TODAY)
    assert info.value.code == code


def test_consistency_with_sex_and_birth_year():
    assert parse_national_number("219920061234", sex="f", birth_year=1992, today=TODAY).sex == "f"
    with pytest.raises(NationalNumberError) as info:
        parse_national_number("219920061234", sex="m", today=TODAY)
    assert info.value.code == "sex_mismatch"
    with pytest.raises(NationalNumberError) as info:
        parse_national_number("١١٩٦٨٠٠٤٧٢١٣", birth_year=1969, today=TODAY)
    assert info.value.code == "year_mismatch"
    assert info.value.params == {"year": 1968, "birth_year": 1969}


def test_helpers():
    assert normalize_national_number(" ١١٩٦٨-٠٠٤٧٢١٣ ") == "119680047213"
    assert is_valid_national_number("119680047213")
    assert not is_valid_national_number("119680047213", sex="f")
