"""In-memory retrieval benchmark: the search the Django side runs, without the database.

    python bench/names_inmemory.py [--persons 200000] [--queries 2000] [--cap 500] [--seed 7]

Builds a key → person posting table from ``index_keys`` of a generated population, then for each
generated query looks its ``query_keys`` up (most specific first, at most ``--cap`` candidates),
scores the candidates with ``score`` and ranks them. Reports recall@1 / recall@10 on the variant
queries (per variant too), the false-match rate on hard negatives, candidates per query, and the
time of parse, index_keys, score and of a whole search.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.names_data import generate_population, generate_queries  # noqa: E402
from sijill.names import (  # noqa: E402
    DEFAULT_CAP,
    DEFAULT_THRESHOLD,
    NameChain,
    candidate_ids,
    index_keys,
    parse_name,
    score,
)


def person_chain(person: dict[str, Any]) -> NameChain:
    """A record as the Django side stores it: explicit parts and the mother's name."""
    return parse_name(
        first=person["first"],
        father=person["father"],
        grandfather=person["grandfather"],
        family=person["family"],
        mother=person["mother"],
    )


def query_chain(query: dict[str, Any]) -> NameChain:
    if query.get("full"):
        return parse_name(query["full"])
    return parse_name(
        first=query.get("first"),
        father=query.get("father"),
        grandfather=query.get("grandfather"),
        family=query.get("family"),
        mother=query.get("mother"),
    )


def candidates_for(chain: NameChain, postings: dict[str, list[int]], cap: int) -> list[int]:
    """The retrieval the Django side runs, on an in-memory posting table."""
    return candidate_ids(chain, lambda key, limit: postings.get(key, [])[:limit], cap)


ALL_PARTS = ("first", "father", "grandfather", "family")
KEPT_PARTS: dict[str, tuple[str, ...]] = {
    "no_grandfather": ("first", "father", "family"),
    "latin_no_grandfather": ("first", "father", "family"),
    "mixed": ("first", "father", "family"),
    "first_family": ("first", "family"),
    "no_family": ("first", "father", "grandfather"),
}
"""What each kind of query says about the person (the others give all four names)."""


def kept_parts(query: dict[str, Any]) -> tuple[str, ...]:
    if query["variant"] == "explicit_parts" and not query.get("grandfather"):
        return ("first", "father", "family")
    return KEPT_PARTS.get(query["variant"], ALL_PARTS)


def compatible(a: dict[str, Any], b: dict[str, Any], parts: tuple[str, ...]) -> bool:
    """Whether two persons have the same names in every place the query gives."""
    return all(a[p].replace(" ", "") == b[p].replace(" ", "") for p in parts)


def run(persons: int, queries: int, cap: int, seed: int, show: int) -> None:
    start = time.perf_counter()
    population = generate_population(persons, seed)
    print(f"population: {len(population):,} persons in {time.perf_counter() - start:.1f} s")
    # Indexing throughput as a bulk import sees it: parse and key every person, keep only the keys.
    sample = population[: min(len(population), 100_000)]
    start = time.perf_counter()
    for person in sample:
        index_keys(person_chain(person))
    rate_index = len(sample) / (time.perf_counter() - start)
    chains = [person_chain(p) for p in population]
    postings: dict[str, list[int]] = defaultdict(list)
    key_count = 0
    for ident, chain in enumerate(chains):
        for key in index_keys(chain):
            postings[key].append(ident)
            key_count += 1
    # The index is millions of long-lived objects: keep the cyclic garbage collector from walking
    # them on every collection (a database would hold them, not the Python heap).
    gc.collect()
    gc.freeze()
    sizes = sorted(len(v) for v in postings.values())
    print(
        f"indexing: parse_name + index_keys {1e6 / rate_index:.1f} µs/person ({rate_index:,.0f} persons/s); "
        f"{key_count / persons:.1f} keys/person, {len(postings):,} distinct keys, "
        f"largest posting list {sizes[-1]:,}, p99 {sizes[int(len(sizes) * 0.99)]:,}"
    )
    qs = generate_queries(population, queries, seed)
    hits1: dict[str, list[bool]] = defaultdict(list)
    hits1_compatible: dict[str, list[bool]] = defaultdict(list)
    hits10: dict[str, list[bool]] = defaultdict(list)
    wrong_match: dict[str, list[bool]] = defaultdict(list)
    false_match: dict[str, list[bool]] = defaultdict(list)
    cand_counts: list[int] = []
    search_times: list[float] = []
    pair_time = 0.0
    pairs = 0
    misses: list[str] = []
    for query in qs:
        t0 = time.perf_counter()
        chain = query_chain(query)
        idents = candidates_for(chain, postings, cap)
        t1 = time.perf_counter()
        scored = [(score(chain, chains[i]).score, i) for i in idents]
        t2 = time.perf_counter()
        scored.sort(key=lambda item: -item[0])
        search_times.append(time.perf_counter() - t0)
        pair_time += t2 - t1
        pairs += len(idents)
        cand_counts.append(len(idents))
        target = population[query["person_id"]]
        variant = query["variant"]
        top_score, top = scored[0] if scored else (0.0, -1)
        if query["expect"] == "match":
            parts = kept_parts(query)
            ranked = [i for _, i in scored[:10]]
            hits1[variant].append(top == target["id"])
            same = top >= 0 and compatible(population[top], target, parts)
            hits1_compatible[variant].append(same)
            hits10[variant].append(target["id"] in ranked)
            wrong_match[variant].append(top >= 0 and not same and top_score >= DEFAULT_THRESHOLD)
            if target["id"] not in ranked and len(misses) < show:
                got = population[top]["full"] if top >= 0 else "-"
                misses.append(
                    f"  MISS {variant:22} {query.get('full') or query}  →  want {target['full']}  "
                    f"got {got} ({top_score:.2f}); {len(idents)} candidates"
                )
        else:
            false_match[variant].append(top_score >= DEFAULT_THRESHOLD)
            if top_score >= DEFAULT_THRESHOLD and len(misses) < show:
                misses.append(f"  FALSE {variant:21} {query['full']}  →  {population[top]['full']} ({top_score:.2f})")

    def rate(values: list[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    def flat(table: dict[str, list[bool]]) -> list[bool]:
        return [v for vs in table.values() for v in vs]

    print(f"\nqueries: {len(flat(hits1))} variant queries, {len(flat(false_match))} hard negatives; cap {cap}")
    print(f"{'variant':24} {'n':>5} {'R@1':>6} {'R@1 same':>9} {'R@10':>6} {'wrong match':>12}")
    for variant in sorted(hits1):
        print(
            f"{variant:24} {len(hits1[variant]):5d} {rate(hits1[variant]):6.3f} "
            f"{rate(hits1_compatible[variant]):9.3f} {rate(hits10[variant]):6.3f} {rate(wrong_match[variant]):12.3f}"
        )
    print(
        f"{'ALL':24} {len(flat(hits1)):5d} {rate(flat(hits1)):6.3f} {rate(flat(hits1_compatible)):9.3f} "
        f"{rate(flat(hits10)):6.3f} {rate(flat(wrong_match)):12.3f}"
    )
    print(
        "R@1 same: the top hit is the person or one with the same names in every place the query gives "
        "(a query without the grandfather cannot tell cousins apart);\nwrong match: the top hit differs "
        "from the person in a place the query gives, yet scores as a match"
    )
    print(f"\n{'hard negative':24} {'n':>5} {'false match':>12}")
    for variant in sorted(false_match):
        print(f"{variant:24} {len(false_match[variant]):5d} {rate(false_match[variant]):12.3f}")
    print(f"{'ALL':24} {len(flat(false_match)):5d} {rate(flat(false_match)):12.3f}")
    search_times.sort()
    print(
        f"\ncandidates/query: mean {statistics.mean(cand_counts):.0f}, median "
        f"{statistics.median(cand_counts):.0f}, max {max(cand_counts)}; score "
        f"{pair_time / max(pairs, 1) * 1e6:.1f} µs/pair; search p50 "
        f"{search_times[len(search_times) // 2] * 1e3:.1f} ms, p95 "
        f"{search_times[int(len(search_times) * 0.95)] * 1e3:.1f} ms (in memory, no database)"
    )
    if misses:
        print("\nexamples of misses / false matches:")
        print("\n".join(misses))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--cap", type=int, default=DEFAULT_CAP)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print N misses")
    args = parser.parse_args(argv)
    run(args.persons, args.queries, args.cap, args.seed, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
