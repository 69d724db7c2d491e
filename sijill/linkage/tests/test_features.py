"""Feature columns from the name engine: what Splink compares is never raw Arabic in a byte distance."""

from __future__ import annotations

import datetime as dt

from sijill.linkage.features import COLUMNS, feature_columns, features


def test_spellings_of_one_name_share_key_and_skeleton():
    a = features({"first_name": "عبد الرازق", "father_name": "امحمد", "family_name": "الورفلي"})
    b = features({"first_name": "عبدالرازق", "father_name": "محمد", "family_name": "ورفلي"})
    latin = features({"first_name": "Abdelrazeg", "father_name": "Mohamed", "family_name": "Warfalli"})
    assert a["first_key"] == b["first_key"] and a["father_key"] == b["father_key"] == latin["father_key"]
    assert a["family_key"] == b["family_key"] == latin["family_key"]
    assert a["first_skel"] == latin["first_skel"]


def test_fuzzy_columns_are_ascii_so_a_byte_is_a_letter():
    row = features({"first_name": "مؤمن", "father_name": "ظافر", "family_name": "القرين", "mother_name": "عائشة"})
    for name in ("first_skel", "first_lat", "father_skel", "father_lat", "family_skel", "mother_first_lat"):
        assert row[name] and row[name].isascii(), name


def test_a_misspelt_known_name_is_recognised_and_two_known_names_differ():
    misspelt = features({"first_name": "بششر"})
    assert misspelt["first_name"] == features({"first_name": "بشير"})["first_name"]
    assert features({"first_name": "محمد"})["first_name"] != features({"first_name": "محمود"})["first_name"]
    # One letter from two known names at once: no guess.
    assert features({"first_name": "محمحد"})["first_name"] is None


def test_dates_identifiers_and_missing_parts():
    row = features({
        "first_name": "سالم", "birth_date": dt.date(1980, 3, 7), "national_number": "١١٩٨٠٠٠١٢٣٤٥",
        "passport_number": "ly 44", "passport_country": "ly",
    })  # fmt: skip
    assert (row["birth_date"], row["birth_year"], row["birth_month"], row["birth_day"]) == ("1980-03-07", 1980, 3, 7)
    assert row["national_number"] == "119800012345"
    assert row["passport"] == "LY:LY44"
    assert row["grandfather_key"] is None and row["mother_key"] is None


def test_columns_hold_every_feature():
    columns = feature_columns([{"id": 1, "origin_site": "TRP", "first_name": "علي"}])
    assert set(COLUMNS) <= set(columns) and columns["unique_id"] == ["1"] and columns["site"] == ["TRP"]
