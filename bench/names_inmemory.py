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
    DEFAULT_THRESHOLD,
    NameChain,
    index_keys,
    parse_name,
    query_keys,
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
    """Union of the posting lists of the query keys, most specific key first, capped."""
    seen: dict[int, None] = {}
    for key in query_keys(chain):
        for ident in postings.get(key, ()):
            if ident not in seen:
                seen[ident] = None
                if len(seen) >= cap:
                    return list(seen)
    return list(seen)


def run(persons: int, queries: int, cap: int, seed: int, show: int) -> None:
    start = time.perf_counter()
    population = generate_population(persons, seed)
    print(f"population: {len(population)} persons in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    chains = [person_chain(p) for p in population]
    parse_time = time.perf_counter() - start
    start = time.perf_counter()
    postings: dict[str, list[int]] = defaultdict(list)
    key_count = 0
    for ident, chain in enumerate(chains):
        for key in index_keys(chain):
            postings[key].append(ident)
            key_count += 1
    key_time = time.perf_counter() - start
    sizes = sorted(len(v) for v in postings.values())
    print(
        f"indexing: parse {parse_time / persons * 1e6:.1f} µs/person, index_keys "
        f"{key_time / persons * 1e6:.1f} µs/person → {persons / (parse_time + key_time):,.0f} "
        f"persons/s; {key_count / persons:.1f} keys/person, {len(postings):,} distinct keys, "
        f"largest posting list {sizes[-1]:,}, p99 {sizes[int(len(sizes) * 0.99)]:,}"
    )
    full_key = [(p["first"], p["father"], p["grandfather"], p["family"]) for p in population]
    qs = generate_queries(population, queries, seed)
    hits1: dict[str, list[bool]] = defaultdict(list)
    hits10: dict[str, list[bool]] = defaultdict(list)
    same_name1: dict[str, list[bool]] = defaultdict(list)
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
        target = query["person_id"]
        variant = query["variant"]
        top = scored[0] if scored else (0.0, -1)
        if query["expect"] == "match":
            ranked = [i for _, i in scored[:10]]
            hits1[variant].append(top[1] == target)
            hits10[variant].append(target in ranked)
            same_name1[variant].append(top[1] == target or (top[1] >= 0 and full_key[top[1]] == full_key[target]))
            wrong_match[variant].append(
                top[1] >= 0
                and top[1] != target
                and full_key[top[1]] != full_key[target]
                and top[0] >= DEFAULT_THRESHOLD
            )
            if target not in ranked and len(misses) < show:
                misses.append(
                    f"  MISS {variant:22} {query.get('full') or query}  →  want "
                    f"{population[target]['full']}  got "
                    f"{population[top[1]]['full'] if top[1] >= 0 else '-'} ({top[0]:.2f}); "
                    f"{len(idents)} cand"
                )
        else:
            false_match[variant].append(top[0] >= DEFAULT_THRESHOLD)
            if top[0] >= DEFAULT_THRESHOLD and len(misses) < show:
                misses.append(f"  FALSE {variant:21} {query['full']}  →  {population[top[1]]['full']} ({top[0]:.2f})")

    def rate(values: list[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    all1 = [v for vs in hits1.values() for v in vs]
    all10 = [v for vs in hits10.values() for v in vs]
    alln = [v for vs in same_name1.values() for v in vs]
    allf = [v for vs in false_match.values() for v in vs]
    print(f"\nqueries: {len(all1)} variant queries, {len(allf)} hard negatives; cap {cap}")
    allw = [v for vs in wrong_match.values() for v in vs]
    print(f"{'variant':24} {'n':>5} {'R@1':>6} {'R@1 name':>9} {'R@10':>6} {'wrong match':>12}")
    for variant in sorted(hits1):
        print(
            f"{variant:24} {len(hits1[variant]):5d} {rate(hits1[variant]):6.3f} "
            f"{rate(same_name1[variant]):9.3f} {rate(hits10[variant]):6.3f} {rate(wrong_match[variant]):12.3f}"
        )
    print(f"{'ALL':24} {len(all1):5d} {rate(all1):6.3f} {rate(alln):9.3f} {rate(all10):6.3f} {rate(allw):12.3f}")
    print(
        "R@1 name: the top hit is the person or a namesake with the very same four names; "
        "wrong match: the top hit is another person (not a namesake) scored as a match"
    )
    print(f"\n{'hard negative':24} {'n':>5} {'false match':>12}")
    for variant in sorted(false_match):
        print(f"{variant:24} {len(false_match[variant]):5d} {rate(false_match[variant]):12.3f}")
    print(f"{'ALL':24} {len(allf):5d} {rate(allf):12.3f}")
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
    parser.add_argument("--cap", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print N misses")
    args = parser.parse_args(argv)
    run(args.persons, args.queries, args.cap, args.seed, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
