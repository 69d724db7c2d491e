"""Names of the nationalities living in Libya, as their own countries write them (issue 15).

The whole labelled set is bench/data/nationalities.csv (scored by bench/name_pairs.py); these
are the rules, one case or two each.
"""

from __future__ import annotations

import pytest

from sijill.names import DEFAULT_THRESHOLD, parse_name, score
from sijill.names.keys import index_keys
from sijill.names.tokens import AMBIGUOUS, UNREAD


def value(a: str, b: str) -> float:
    return score(parse_name(a), parse_name(b)).score


@pytest.mark.parametrize(
    ("record", "latin"),
    [
        ("سالم علي الورفلي", "Salim Ali Warfalli"),
        ("سليم علي الورفلي", "Salim Ali Warfalli"),
        ("صالح بن يوسف", "Salah Ben Youssef"),
        ("عامر أحمد الفيتوري", "Amar Ahmed Fitouri"),
    ],
)
def test_an_ambiguous_latin_reading_is_not_two_names(record: str, latin: str) -> None:
    result = score(parse_name(record), parse_name(latin))
    assert result.score >= DEFAULT_THRESHOLD, result.score
    assert "ambiguous" in {r["how"] for r in result.reasons} or "transliteration" in {r["how"] for r in result.reasons}


def test_the_two_arabic_names_stay_different() -> None:
    assert value("سالم علي الورفلي", "سليم علي الورفلي") < DEFAULT_THRESHOLD
    assert value("سالم علي الورفلي", "Saleem Ali Warfalli") < DEFAULT_THRESHOLD  # Saleem is سليم only
    assert "salim" in AMBIGUOUS


@pytest.mark.parametrize(
    ("record", "latin"),
    [
        ("وليد ثروت عبد الحليم", "Walid Sarwat Abdel Halim"),  # ث as s
        ("رجب عبد المجيد جمعة", "Ragab Abdel Meguid Gomaa"),  # ج as g
        ("الفاضل التيجاني بابكر", "Elfadil Eltigani Babiker"),  # glued article
        ("الأخضر الإبراهيمي", "Lakhdar Brahimi"),  # the article as a bare l
        ("محمد ولد عبد العزيز", "Mohamed Ould Abdel Aziz"),
        ("فاطمة منت أحمد", "Fatimetou Mint Ahmed"),
        ("رشيد بن عيسى", "Rachid Benaissa"),  # Ben glued
        ("حامد کرزی", "Hamid Karzai"),  # -zai, Persian letters
        ("ثناء الله شریف زاده", "Sanaullah Sharifzada"),  # -zada
        ("پرویز مشرف", "Pervez Musharraf"),  # پ, v for و
        ("حاجی عبدالرحیم اچکزی", "Abdul Rahim Achakzai"),  # title حاجی, چ
        ("محمد عمر", "Mullah Mohammad Omar"),
        ("شيخ مجيب الرحمن", "Sheikh Mujibur Rahman"),  # Mujib-ur
        ("رفيق الإسلام", "Rafiqul Islam"),
        ("محمد عبد الرحمن", "Md. Abdur Rahman"),
        ("نصر الدين عبد الباري", "Nasreldin Abdelbari"),
        ("أبو بكر محمد الشريف", "Abo Bakr Mohamed Al-Sharif"),
        ("محمد يوسف", "Mahamadou Issoufou"),
    ],
)
def test_conventions_of_other_countries(record: str, latin: str) -> None:
    assert value(record, latin) >= DEFAULT_THRESHOLD, (record, latin, value(record, latin))


@pytest.mark.parametrize(
    ("record", "other"),
    [
        ("عبد الله حميدي", "Abdullah Ahmadi"),  # equal consonants, another name
        ("محمد احمدزی", "Mohammad Ahmad"),  # a tribal ending makes another name
        ("محمد رحیمی", "Mohammad Rahim"),  # so does a nisba
        ("الطيب بلعيز", "Tayeb Belaid"),  # ز is never d
        ("عظیم صدیقی", "Azam Siddiqui"),  # the long ي has its vowel
        ("محمد حسن علي عبد الله الشريف", "Ahmed Hassan Ali Abdallah El Sherif"),  # brothers
        ("محمد حسن علي عبد الله الشريف", "أحمد حسن علي عبد الله الشريف"),
    ],
)
def test_false_friends_are_not_matches(record: str, other: str) -> None:
    assert value(record, other) < DEFAULT_THRESHOLD, (record, other, value(record, other))


def test_given_names_that_are_also_titles_are_kept() -> None:
    assert len(parse_name("سيد محمد هاشمي")) == 3
    assert len(parse_name("رائد محمد الزوي")) == 3
    assert len(parse_name("الرائد محمد الزوي")) == 2  # the rank, with its article
    assert len(parse_name("Haji Gul Ahmad Popalzai")) == 3
    assert parse_name("نقيب الله نورزي").tokens[0].text.startswith("نقيب")  # a name, not the rank


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("محمد يونس", "মোহাম্মদ ইউনূস"),
        ("Narendra Modi", "नरेन्द्र मोदी"),
        ("نريندرا مودي", "नरेन्द्र मोदी"),
        ("علي", "阿里"),
        ("Wang Wei", "王伟"),
    ],
)
def test_scripts_the_engine_does_not_read_never_match(a: str, b: str) -> None:
    assert value(a, b) == 0.0
    unread = parse_name(b).tokens[0]
    assert unread.script == UNREAD
    assert not set(index_keys(parse_name(a))) & set(index_keys(parse_name(b)))


def test_an_unread_script_still_meets_itself() -> None:
    assert value("नरेन्द्र मोदी", "नरेन्द्र मोदी") >= DEFAULT_THRESHOLD
    assert value("Barack Obama", "Բարակ Օբամա") >= DEFAULT_THRESHOLD  # Armenian is read
