"""Keys for indexed candidate retrieval.

A search must not compare a query with a million records. Each record is stored under a few short
*keys*; a query looks up its own keys and only the records sharing one are scored.

Keys are made of the consonant skeletons of the parts (translit.py), which Arabic and Latin
spellings share (محمد, Mohamed and Muhammad are all ``MHMD``), so a query in either script
finds records in either script. Because محمد or علي alone would select a tenth of the country,
keys combine places of the chain:

* ``3:`` first + two later parts, and father + two later parts (first, father, grandfather,
  family: "3:MHMD.L.SLM"); a full query meets its record here with a tiny posting list;
* ``2:`` first + each later part, and father + family; a query with a part missing or misspelt
  still shares at least one of these with its record;
* ``u:`` unordered pairs for Western names (given names may move) and organisations;
* ``1:`` a name of a single part.

Query keys are the same keys, ordered from the most specific (smallest expected posting list,
from the name frequencies) to the least, so that a caller capping the candidates reads the
telling keys first.
"""

from __future__ import annotations

import math

from .parse import ARABIC, NameChain, parse_name
from .tokens import Token

__all__ = ["MAX_KEY_LENGTH", "index_keys", "key_rows", "person_keys", "query_keys"]

MAX_KEY_LENGTH = 64
_PART = 12  # characters of a skeleton kept in a key
_UNKNOWN_SHARE = 1e-4  # an unknown name is taken to be rare


def _positions(count: int) -> list[int]:
    """Places used for keys: first, father, grandfather and family (further ancestors skipped)."""
    if count <= 4:
        return list(range(count))
    return [0, 1, 2, count - 1]


def _share(token: Token) -> float:
    if token.initial:
        return 0.05
    if token.weight >= 1.0:
        return _UNKNOWN_SHARE
    # invert tokens.weight_of: weight = 0.25 + 0.75 * (-log10(share) / 4)
    return float(10 ** (-4.0 * (token.weight - 0.25) / 0.75))


def _keys_with_cost(chain: NameChain) -> dict[str, float]:
    """Every key of a chain, with log10 of its expected share of the population."""
    tokens = chain.tokens
    count = len(tokens)
    if not count:
        return {}
    positions = _positions(count)
    skel = [tokens[p].skel[:_PART] for p in positions]
    cost = [math.log10(max(_share(tokens[p]), 1e-9)) for p in positions]
    keys: dict[str, float] = {}
    size = len(positions)
    if size == 1:
        keys["1:" + skel[0]] = cost[0]
        return keys
    for anchor in (0, 1):
        for x in range(anchor + 1, size):
            for y in range(x + 1, size):
                keys[f"3:{skel[anchor]}.{skel[x]}.{skel[y]}"] = cost[anchor] + cost[x] + cost[y]
    for x in range(1, size):
        keys[f"2:{skel[0]}.{skel[x]}"] = cost[0] + cost[x]
    if size >= 3:
        keys[f"2:{skel[1]}.{skel[-1]}"] = cost[1] + cost[-1]
    if chain.shape != ARABIC:
        for x in range(size):
            for y in range(x + 1, size):
                a, b = sorted((skel[x], skel[y]))
                keys[f"u:{a}.{b}"] = cost[x] + cost[y]
    return keys


def index_keys(chain: NameChain) -> list[str]:
    """Keys under which a record is stored (each at most 64 characters)."""
    tokens = chain.tokens
    count = len(tokens)
    if chain.shape != ARABIC or count < 2:
        return list(_keys_with_cost(chain))
    positions = _positions(count)
    skel = [tokens[p].skel[:_PART] for p in positions]
    size = len(positions)
    keys = [f"2:{skel[0]}.{skel[x]}" for x in range(1, size)]
    for anchor in (0, 1):
        for x in range(anchor + 1, size):
            for y in range(x + 1, size):
                keys.append(f"3:{skel[anchor]}.{skel[x]}.{skel[y]}")
    if size >= 3:
        keys.append(f"2:{skel[1]}.{skel[-1]}")
    return list(dict.fromkeys(keys))


def query_keys(chain: NameChain) -> list[str]:
    """Keys to look up for a query, most specific first (a subset of what it would be indexed by:
    the same rules, so a record sharing a place combination with the query shares a key)."""
    keys = _keys_with_cost(chain)
    return sorted(keys, key=lambda key: (keys[key], key))


def person_keys(first: str, father: str, grandfather: str, family: str, latin: str = "") -> list[str]:
    """Index keys of a person's Arabic chain and, when given, of its Latin spelling.

    The mother's name is not part of the keys (it is compared when scoring), so it is not parsed.
    """
    chain = parse_name(
        first=first or None, father=father or None, grandfather=grandfather or None, family=family or None
    )
    keys = index_keys(chain)
    if latin:
        keys += index_keys(parse_name(latin))
    return list(dict.fromkeys(keys))


def key_rows(
    names: list[tuple[str, str, str, str, str, str]], site: str, *, as_text: bool = True
) -> str | list[tuple[str, str, str]]:
    """The index rows of many persons ``(id, first, father, grandfather, family, latin)``, in
    index order: as COPY text lines ``key<TAB>id<TAB>site`` or as tuples.

    Run in a worker process by the bulk load (it is the heavy Python part of indexing), hence a
    plain function of plain values. Keys are skeletons without tabs, newlines or backslashes.
    """
    rows = sorted((key, pid, site) for pid, *parts in names for key in person_keys(*parts))
    if not as_text:
        return rows
    text = "".join(f"{key}\t{pid}\t{site}\n" for key, pid, site in rows)
    if "\\" in text or text.count("\t") != 2 * len(rows):
        raise ValueError("unexpected character in a name key")
    return text
