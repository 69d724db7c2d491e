"""Retrieval and ranking over a key index, independent of where the index is stored.

The caller (the Django side, or the in-memory benchmark) provides two functions:

* ``lookup(key, limit)`` → ids of the records stored under ``key`` (at most ``limit``): e.g. one
  ``SELECT person_id FROM name_key WHERE key = %s LIMIT %s`` on a B-tree index;
* ``load(ids)`` → ``{id: NameChain}`` of those records.

:func:`candidate_ids` reads the query keys from the most specific to the least and stops at
``cap`` distinct records, so that the common-name keys (محمد + علي) only fill what the telling
keys left; :func:`search` scores the candidates and returns the best first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from .keys import query_keys
from .parse import NameChain
from .scoring import MatchResult, score

__all__ = ["DEFAULT_CAP", "candidate_ids", "search"]

DEFAULT_CAP = 200
"""Candidates scored per search: enough for recall@10 ≥ 0.99 on a million persons (see README)."""

Id = TypeVar("Id", bound=Hashable)


def candidate_ids(query: NameChain, lookup: Callable[[str, int], Iterable[Id]], cap: int = DEFAULT_CAP) -> list[Id]:
    """Union of the records under the query keys, most specific key first, at most ``cap``."""
    seen: dict[Id, None] = {}
    for key in query_keys(query):
        for ident in lookup(key, cap - len(seen)):
            if ident not in seen:
                seen[ident] = None
        if len(seen) >= cap:
            break
    return list(seen)


def search(
    query: NameChain,
    lookup: Callable[[str, int], Iterable[Id]],
    load: Callable[[Sequence[Id]], Mapping[Id, NameChain]],
    *,
    limit: int = 10,
    cap: int = DEFAULT_CAP,
) -> list[tuple[Id, MatchResult]]:
    """The ``limit`` best records for ``query``: (id, result), best score first."""
    ids = candidate_ids(query, lookup, cap)
    chains = load(ids)
    scored = [(ident, score(query, chains[ident])) for ident in ids if ident in chains]
    scored.sort(key=lambda item: -item[1].score)
    return scored[:limit]
