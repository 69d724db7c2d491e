"""Arabic-first personal name engine of Sijill (pure Python, no Django).

Pipeline: :func:`normalize` (characters) → :func:`parse_name` (parts, particles, places in the
chain) → :func:`index_keys` / :func:`query_keys` (indexed retrieval) → :func:`score` (part-by-part
comparison of two chains). The Arabic knowledge lives in the TSV tables of ``data/``; see README.md.
"""

from __future__ import annotations

from .keys import MAX_KEY_LENGTH, index_keys, query_keys
from .normalization import normalize
from .parse import NameChain, parse_name
from .retrieval import DEFAULT_CAP, candidate_ids, search
from .scoring import DEFAULT_THRESHOLD, MatchResult, score, token_similarity
from .tokens import Token
from .translit import transliterate

__all__ = [
    "DEFAULT_CAP",
    "DEFAULT_THRESHOLD",
    "MAX_KEY_LENGTH",
    "MatchResult",
    "NameChain",
    "Token",
    "candidate_ids",
    "index_keys",
    "normalize",
    "parse_name",
    "query_keys",
    "rank",
    "score",
    "search",
    "token_similarity",
    "transliterate",
]


def rank(
    query: NameChain, candidates: list[tuple[object, NameChain]], limit: int = 10
) -> list[tuple[object, MatchResult]]:
    """Score candidates ``(id, chain)`` against a query; best first, at most ``limit``."""
    scored = [(ident, score(query, chain)) for ident, chain in candidates]
    scored.sort(key=lambda item: -item[1].score)
    return scored[:limit]
