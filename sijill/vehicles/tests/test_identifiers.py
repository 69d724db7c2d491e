"""The pure plate and VIN validators: good and bad values, Arabic-Indic digits included."""

from __future__ import annotations

import pytest

from sijill.identifiers.plate import (
    PlateCategory,
    PlateError,
    normalize_plate,
    parse_plate,
    plate_search_key,
)
from sijill.identifiers.vin import VinError, check_digit, normalize_vin, validate_vin

# --- plates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("5-123456", "5-123456"),
        ("٥-١٢٣٤٥٦", "5-123456"),
        ("۵-۱۲۳۴۵۶", "5-123456"),  # Persian digits
        ("5 / 123456", "5-123456"),
        ("5 123456", "5-123456"),
        ("5–123456", "5-123456"),  # en dash
        ("5ـ123456", "5-123456"),  # tatweel typed as a dash
        ("123456-5", "5-123456"),  # typed right to left
        ("١٢٣٤٥٦ - ٥", "5-123456"),
        ("ليبيا 8-4521", "8-4521"),
        ("\u200f8-4521\u200f", "8-4521"),  # bidi marks pasted from Arabic text
        ("05-00123", "5-123"),  # leading zeros do not make another plate
        ("5-1234567", "5-1234567"),  # Tripoli issues 7-digit serials
        ("م 8-2211", "م 8-2211"),  # trailer letter
        ("8-2211 م", "م 8-2211"),
        ("12/5-1234", "12/5-1234"),  # foreigner-owned: country code / region - serial
        ("1234-5/12", "12/5-1234"),
        ("٢٣ / ٨ - ٧٧", "23/8-77"),
        ("42-17", "42-17"),  # unknown region accepted, written order kept
    ],
)
def test_good_plates(written: str, canonical: str) -> None:
    assert normalize_plate(written) == canonical


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("", "plate.empty"),
        ("   ", "plate.empty"),
        (None, "plate.empty"),
        ("5123456", "plate.no_separator"),
        ("٥١٢٣٤٥٦", "plate.no_separator"),
        ("ليبيا", "plate.no_number"),
        ("123-456789", "plate.region_missing"),
        ("0-1234", "plate.region"),
        ("5-0", "plate.serial_zero"),
        ("8-1234567", "plate.serial_length"),  # 7 digits only in Tripoli
        ("5-12345678", "plate.serial_length"),
        ("5-ABC123", "plate.bad_character"),
        ("5-123#", "plate.bad_character"),
        ("ت م 5-1234", "plate.letters"),
        ("1-2-3-4", "plate.format"),
        ("12/5-12345", "plate.serial_length"),  # foreigners' serials have at most 4 digits
        ("1/5-1234", "plate.country"),
        ("5-" + "1" * 50, "plate.too_long"),
    ],
)
def test_bad_plates(written: str | None, code: str) -> None:
    with pytest.raises(PlateError) as info:
        parse_plate(written)
    assert info.value.code == code


def test_plate_details() -> None:
    plate = parse_plate("٥-١٢٣")
    assert (plate.region, plate.serial, plate.region_known, plate.region_name_ar) == (5, 123, True, "طرابلس")
    assert plate.category_hint is None
    assert parse_plate("42-1").region_known is False
    assert parse_plate("12/8-1").category_hint is PlateCategory.FOREIGN
    assert parse_plate("م 8-1").category_hint is PlateCategory.TRAILER
    assert parse_plate("إ 8-1").letter == "ا"  # hamza forms folded


def test_plate_search_key() -> None:
    assert plate_search_key("٥-١٢٣٤٥٦") == ("5-123456", "")
    assert plate_search_key("١٢٣٤٥٦") == (None, "123456")
    assert plate_search_key("5 - 12") == ("5-12", "")


# --- VINs -------------------------------------------------------------------------------------

NORTH_AMERICAN = "1M8GDM9AXKP042788"  # the textbook example: check digit X
HONDA = "1HGCM82633A004352"
EUROPEAN = "WVWZZZ1JZXW000001"  # position 9 is Z: no check digit outside North America
JAPANESE = "JTDBR32E720012345"


def test_check_digit() -> None:
    assert check_digit(NORTH_AMERICAN) == "X"
    assert check_digit(HONDA) == "3"
    assert check_digit("11111111111111111") == "1"


@pytest.mark.parametrize("vin", [NORTH_AMERICAN, HONDA, EUROPEAN, JAPANESE, "11111111111111111"])
def test_good_vins(vin: str) -> None:
    result = validate_vin(vin)
    assert result.value == vin and not result.legacy


def test_vin_is_cleaned() -> None:
    assert normalize_vin(" 1m8-gdm9a xkp042788 ") == NORTH_AMERICAN
    assert normalize_vin("١HGCM٨٢٦٣٣A٠٠٤٣٥٢") == HONDA  # Arabic-Indic digits


def test_check_digit_enforced_only_in_north_america() -> None:
    wrong = NORTH_AMERICAN[:8] + "5" + NORTH_AMERICAN[9:]
    with pytest.raises(VinError) as info:
        validate_vin(wrong)
    assert info.value.code == "vin.check_digit"
    assert info.value.params == {"expected": "X", "found": "5"}
    european = validate_vin(EUROPEAN)
    assert european.check_digit_verified is False and european.region == "europe"
    assert validate_vin(NORTH_AMERICAN).check_digit_verified is True
    assert validate_vin(JAPANESE).region == "asia"


def test_legacy_chassis_numbers() -> None:
    legacy = validate_vin("FJ40-123456")
    assert legacy.legacy and legacy.value == "FJ40123456" and legacy.wmi == "" and legacy.region == ""
    assert validate_vin("٣١١٤٥٦٧٨", model_year=1975).legacy
    with pytest.raises(VinError) as info:
        validate_vin("FJ40123456", model_year=1995)
    assert info.value.code == "vin.legacy_year"


@pytest.mark.parametrize(
    ("vin", "code"),
    [
        ("", "vin.empty"),
        (None, "vin.empty"),
        ("1234", "vin.length"),
        ("1M8GDM9AXKP0427881", "vin.length"),
        ("1M8GDM9AXKP04278#", "vin.bad_character"),
        ("WVWZZZ1JZXW00000١", None),  # Arabic-Indic digit is fine
        ("1M8GDM9AXKPO42788", "vin.forbidden_letter"),  # letter O for zero
        ("JTDBR32E72OO12345", "vin.forbidden_letter"),
        ("فولكس123456789012", "vin.bad_character"),
    ],
)
def test_bad_vins(vin: str | None, code: str | None) -> None:
    if code is None:
        assert validate_vin(vin).value == "WVWZZZ1JZXW000001"
        return
    with pytest.raises(VinError) as info:
        validate_vin(vin)
    assert info.value.code == code


def test_forbidden_letter_suggests_a_reading() -> None:
    with pytest.raises(VinError) as info:
        validate_vin("1M8GDM9AXKPO42788")
    assert info.value.params["suggestion"] == NORTH_AMERICAN
