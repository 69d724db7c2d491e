"""Retrieval keys: a variant of a name must share a key with the record it should find."""

from __future__ import annotations

import pytest

from sijill.names import MAX_KEY_LENGTH, index_keys, parse_name, query_keys

RECORD = parse_name(first="عبد الرازق", father="سالم", grandfather="علي", family="الناظوري")


@pytest.mark.parametrize(
    "query",
    [
        "عبد الرازق سالم علي الناظوري",
        "عبدالرازق سالم الناظوري",  # missing grandfather, compound spacing
        "عبدالرازق الناظوري",  # first + family
        "عبدالرازق سالم علي",  # no family name
        "العقيد عبد الرازق سالم علي الناضوري",  # title, ظ/ض
        "عبد الرازق سالم علي ناظوري",  # article dropped
        "عبد الرازق سلم علي الناظوري",  # typing error in the father's name
        "عبد الرزاق سالم علي الناظوري",  # spelling variant of the first name
        "Abdel Razek Salem Ali Al-Nadhouri",
        "Abdulrazik Salem Nazouri",
        "Abd al-Raziq Salim Ali Nadhuri",
    ],
)
def test_variants_share_a_key_with_the_record(query: str) -> None:
    shared = set(query_keys(parse_name(query))) & set(index_keys(RECORD))
    assert shared, query


def test_latin_and_arabic_land_on_the_same_keys() -> None:
    arabic = parse_name("معمر محمد القذافي")
    for latin in ("Muammar Mohammed Gaddafi", "Moammar Muhammad Qadhafi", "Mouammar Mohamed Kadhafi"):
        assert set(index_keys(arabic)) == set(index_keys(parse_name(latin))), latin


def test_keys_are_short_and_few() -> None:
    long_chain = parse_name("عبد الرحمن عبد الرحيم عبد المطلب عبد العزيز عبد الحفيظ الزوي")
    for chain in (RECORD, long_chain):
        keys = index_keys(chain)
        assert 1 <= len(keys) <= 12
        assert all(len(key) <= MAX_KEY_LENGTH for key in keys)


def test_query_keys_come_most_specific_first() -> None:
    keys = query_keys(parse_name("محمد علي سالم الورفلي"))
    assert keys[0].startswith("3:")
    assert keys[-1].startswith("2:")
    # the rarest pair first: a pair of common names comes last
    assert keys[-1] == "2:MHMD.L"


def test_common_names_alone_make_no_key() -> None:
    # No key holds محمد (or any part) alone: its posting list would be a tenth of the country.
    for key in index_keys(parse_name("محمد علي سالم الورفلي")):
        assert key.count(".") >= 1


def test_single_part_and_western_names_have_keys() -> None:
    assert index_keys(parse_name("Hannibal")) == ["1:HNBL"]
    western = set(index_keys(parse_name("Vladimir Putin")))
    assert western & set(query_keys(parse_name("Putin, Vladimir")))
    assert western & set(query_keys(parse_name("Putin Vladimir")))


def test_empty_chain_has_no_key() -> None:
    assert index_keys(parse_name("")) == []
    assert query_keys(parse_name("")) == []


def test_search_over_a_key_store() -> None:
    from sijill.names import candidate_ids, search

    people = {
        1: parse_name(first="عبد الرازق", father="سالم", grandfather="علي", family="الناظوري"),
        2: parse_name(first="عبد الرازق", father="خالد", grandfather="علي", family="الناظوري"),
        3: parse_name(first="محمد", father="سالم", grandfather="علي", family="الزوي"),
    }
    store: dict[str, list[int]] = {}
    for ident, chain in people.items():
        for key in index_keys(chain):
            store.setdefault(key, []).append(ident)
    calls: list[tuple[str, int]] = []

    def lookup(key: str, limit: int) -> list[int]:
        calls.append((key, limit))
        return store.get(key, [])[:limit]

    query = parse_name("Abdel Razek Salem Al-Nadhouri")
    assert candidate_ids(query, lookup, cap=1) == [1]
    assert len(calls) == 1  # the most specific key already filled the cap
    results = search(query, lookup, lambda ids: {i: people[i] for i in ids})
    assert [ident for ident, _ in results][:1] == [1]
    assert results[0][1].is_match
    assert not any(result.is_match for ident, result in results if ident == 2)
