"""Benchmark: person search by name on a real database, against baselines, side by side.

    python bench/names.py --persons N [--queries Q] [--database sqlite|postgresql|both]
    python bench/names.py --size small|large|national (20,000 persons; 1,000,000; 7,000,000 by hand)

For each database it loads a generated Libyan-style population (bench/names_data.py, seeded)
through the same bulk path as imports (name keys written with each person), then runs variant
queries (each labelled with the person it must find) and hard negatives through
sijill.persons.services.search_persons — index look-up, scoring, ranking and the audit row — and
prints recall@1 (strict: the very person), recall@10 (the person, or a namesake the query cannot
tell apart: the same names in every place the query gives), the false-match rate at the default
threshold and p50/p95 latency.
On the same data and queries it runs the baselines: exact match on the normalised full name
(B-tree), PostgreSQL pg_trgm similarity with a GIN index, and brute-force rapidfuzz over all
names (the recall ceiling, on a sample of queries). Then it scores the labelled pairs of
../shared/data/name_bench and of the nationality set (bench/data/nationalities.csv) with Sijill
and prints them beside nomenklatura logic-v2 and rapidfuzz.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = {"small": (20_000, 600), "large": (1_000_000, 2_000), "national": (7_000_000, 2_000)}
BRUTE = {"small": 200, "large": 200, "national": 20}  # the slow baselines take seconds a query at 7M
PG_URL = os.environ.get("SIJILL_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/sijill_bench")
BRUTE_THRESHOLD = 88.0  # rapidfuzz WRatio at which the brute-force baseline calls a match
TRGM_THRESHOLD = 0.3  # pg_trgm's own default (the % operator)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Tally:
    """recall@1 / recall@10 on positives, false-match rate on negatives, latencies."""

    def __init__(self) -> None:
        self.top1 = self.top10 = self.top10_strict = self.positives = self.negatives = self.false = 0
        self.ms: list[float] = []

    def add(
        self, expect: str, target: Any, ranked: list[tuple[Any, bool]], ms: float, namesakes: set[Any] | None = None
    ) -> None:
        """``ranked``: (id, is_match) best first, as the method returns them; ``namesakes``: the ids
        among them that the query cannot tell from the target (same names where it gives one)."""
        self.ms.append(ms)
        matched = [ident for ident, is_match in ranked if is_match]
        if expect == "match":
            self.positives += 1
            self.top1 += bool(matched[:1] == [target])
            self.top10_strict += target in matched[:10]
            self.top10 += target in matched[:10] or bool(set(matched[:10]) & (namesakes or set()))
        else:
            self.negatives += 1
            self.false += bool(matched)

    def row(self) -> dict[str, float]:
        return {
            "recall@1": self.top1 / max(1, self.positives),
            "recall@10": self.top10 / max(1, self.positives),
            "recall@10_strict": self.top10_strict / max(1, self.positives),
            "false_match": self.false / max(1, self.negatives),
            "p50_ms": _pct(self.ms, 0.50),
            "p95_ms": _pct(self.ms, 0.95),
            "queries": len(self.ms),
        }


PARTS = ("first", "father", "grandfather", "family")


def namesakes(query: dict[str, Any], target: dict[str, Any], names_of: dict[Any, tuple[str, ...]]) -> set[Any]:
    """The ids whose names equal the target's in every place the query gives (bench.names_inmemory.kept_parts):
    persons the query cannot tell apart from the one it was made from."""
    from bench.names_inmemory import kept_parts

    places = [PARTS.index(part) for part in kept_parts(query)]
    want = [target[PARTS[i]].replace(" ", "") for i in places]
    return {ident for ident, names in names_of.items() if [names[i].replace(" ", "") for i in places] == want}


def _query_text(query: dict[str, Any]) -> str:
    if query.get("full"):
        return str(query["full"])
    return " ".join(str(query.get(p) or "") for p in ("first", "father", "grandfather", "family")).strip()


def worker(database_url: str, persons: int, queries: int, brute: int, seed: int) -> dict[str, Any]:
    """Runs in its own process (one Django set-up per database); returns the figures as a dict."""
    var = Path(tempfile.mkdtemp(prefix="sijill-names-bench-"))
    os.environ["SIJILL_VAR_DIR"] = str(var)
    os.environ["SIJILL_DATABASE_URL"] = database_url or f"sqlite:///{var / 'names.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sijill.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.names_data import generate_population, generate_queries
    from sijill.core.actor import Actor
    from sijill.names import normalize
    from sijill.persons.models import Person, PersonNameKey
    from sijill.persons.services import SearchQuery, bulk_load_persons, search_persons

    if connection.vendor == "postgresql":
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)

    t = time.perf_counter()
    population = generate_population(persons, seed)
    probes = generate_queries(population, queries, seed)
    generated = time.perf_counter() - t

    class _Ids:  # a person's id derived from its index: random-looking like uuid4, without a 7M-entry dict
        def __getitem__(self, index: int) -> uuid.UUID:
            return uuid.UUID(bytes=hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=16).digest(), version=4)

    ids = _Ids()

    def rows() -> Any:
        for p in population:
            yield {
                "id": ids[p["id"]], "first_name": p["first"], "father_name": p["father"],
                "grandfather_name": p["grandfather"], "family_name": p["family"], "mother_name": p["mother"],
                "sex": p["sex"], "birth_year": p["birth_year"], "birth_place": p["birthplace"],
            }  # fmt: skip

    actor = Actor.system("bench")
    t = time.perf_counter()
    with transaction.atomic():  # as an import of a national file loads it: one transaction
        bulk_load_persons(actor, rows(), batch_size=10_000, expected=persons)
    load_s = time.perf_counter() - t
    keys_per_person = PersonNameKey.objects.count() / max(1, persons)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE persons_person; ANALYZE persons_personnamekey")

    results: dict[str, Any] = {
        "database": connection.vendor, "persons": persons, "generate_s": generated, "load_s": load_s,
        "persons_per_s": persons / load_s, "keys_per_person": keys_per_person,
        "positives": sum(q["expect"] == "match" for q in probes),
        "negatives": sum(q["expect"] != "match" for q in probes), "methods": {},
    }  # fmt: skip

    # Sijill: the real service (look-up, scoring, ranking, audit row).
    tally = Tally()
    for q in probes:
        query = SearchQuery(
            text=q.get("full") or "", first=q.get("first") or "", father=q.get("father") or "",
            grandfather=q.get("grandfather") or "", family=q.get("family") or "", mother=q.get("mother") or "",
        )  # fmt: skip
        t = time.perf_counter()
        found = search_persons(actor, query, purpose="benchmark", limit=10)
        ms = 1000 * (time.perf_counter() - t)
        names_of = {m.person.pk: tuple(getattr(m.person, f"{p}_name") for p in PARTS) for m in found}
        tally.add(q["expect"], ids[q["person_id"]], [(m.person.pk, m.result.is_match) for m in found], ms,
                  namesakes(q, population[q["person_id"]], names_of))  # fmt: skip
    results["methods"]["sijill"] = tally.row()

    # Baseline 1: exact match on the normalised full name (B-tree index).
    tally = Tally()
    for q in probes:
        t = time.perf_counter()
        exact = list(
            Person.objects.filter(name_normalized=normalize(_query_text(q))).values_list(
                "id", *(f"{p}_name" for p in PARTS)
            )[:10]
        )
        ms = 1000 * (time.perf_counter() - t)
        names_of = {row[0]: tuple(row[1:]) for row in exact}
        tally.add(q["expect"], ids[q["person_id"]], [(row[0], True) for row in exact], ms,
                  namesakes(q, population[q["person_id"]], names_of))  # fmt: skip
    results["methods"]["exact (normalised)"] = tally.row()

    # Baseline 2: pg_trgm similarity with a GIN index (PostgreSQL only), on a sample like brute force.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            t = time.perf_counter()
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("CREATE INDEX bench_trgm ON persons_person USING gin (name_normalized gin_trgm_ops)")
            results["trgm_index_s"] = time.perf_counter() - t
            tally = Tally()
            for q in probes[:brute]:
                text = normalize(_query_text(q))
                t = time.perf_counter()
                cursor.execute(
                    "SELECT id, similarity(name_normalized, %s), first_name, father_name, grandfather_name, "
                    "family_name FROM persons_person WHERE name_normalized %% %s "
                    "ORDER BY similarity(name_normalized, %s) DESC LIMIT 10",
                    [text, text, text],
                )
                found_rows = cursor.fetchall()
                ms = 1000 * (time.perf_counter() - t)
                names_of = {row[0]: tuple(row[2:]) for row in found_rows}
                tally.add(q["expect"], ids[q["person_id"]], [(row[0], row[1] >= TRGM_THRESHOLD) for row in found_rows],
                          ms, namesakes(q, population[q["person_id"]], names_of))  # fmt: skip
            results["methods"][f"pg_trgm (GIN) ({min(brute, len(probes))} q.)"] = tally.row()

    # Baseline 3: brute-force rapidfuzz over every name (the recall ceiling), on a sample.
    from rapidfuzz import fuzz, process

    names = [normalize(p["full"]) for p in population]
    tally = Tally()
    for q in probes[:brute]:
        t = time.perf_counter()
        best = process.extract(normalize(_query_text(q)), names, scorer=fuzz.WRatio, limit=10)
        ms = 1000 * (time.perf_counter() - t)
        names_of = {ids[i]: tuple(population[i][p] for p in PARTS) for _, _, i in best}
        tally.add(q["expect"], ids[q["person_id"]], [(ids[i], s >= BRUTE_THRESHOLD) for _, s, i in best], ms,
                  namesakes(q, population[q["person_id"]], names_of))  # fmt: skip
    results["methods"][f"rapidfuzz brute force ({min(brute, len(probes))} q.)"] = tally.row()

    if connection.vendor == "postgresql":
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return results


def print_results(r: dict[str, Any]) -> None:
    print(
        f"\n{r['database']}: {r['persons']:,} persons ({r['keys_per_person']:.1f} name keys each); "
        f"{r['positives']} variant queries, {r['negatives']} hard negatives"
    )
    trgm = f"; pg_trgm GIN index built in {r['trgm_index_s']:.1f} s" if "trgm_index_s" in r else ""
    print(
        f"indexing (bulk load as a national import: one transaction, name keys in a worker process, the name "
        f"index built after the COPY on PostgreSQL): {r['persons_per_s']:,.0f} persons/s ({r['load_s']:.1f} s){trgm}"
    )
    print(
        f"{'method':<36}{'recall@1':>10}{'recall@10':>11}{'(strict)':>10}{'false-match':>13}{'p50 ms':>9}{'p95 ms':>9}"
    )
    for name, m in r["methods"].items():
        print(
            f"{name:<36}{m['recall@1']:>10.3f}{m['recall@10']:>11.3f}{m['recall@10_strict']:>10.3f}"
            f"{m['false_match']:>13.3f}{m['p50_ms']:>9.1f}{m['p95_ms']:>9.1f}"
        )
    print("recall@1 is strict (the very person); recall@10 counts a namesake the query cannot tell apart")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), help="preset: small (CI) or large (by hand)")
    parser.add_argument("--persons", type=int)
    parser.add_argument("--queries", type=int)
    parser.add_argument("--brute", type=int, help="queries for the slow baselines (pg_trgm, brute force)")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    persons, queries = SIZES[args.size or "small"]
    persons = args.persons or persons
    queries = args.queries or queries
    if args.brute is None:
        args.brute = BRUTE[args.size or "small"]

    if args.worker is not None:
        print(json.dumps(worker(args.worker, persons, queries, args.brute, args.seed)))
        return

    targets = {"sqlite": [""], "postgresql": [PG_URL], "both": ["", PG_URL]}[args.database]
    for url in targets:
        cmd = [sys.executable, __file__, "--worker", url, "--persons", str(persons), "--queries", str(queries),
               "--brute", str(args.brute), "--seed", str(args.seed)]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            raise SystemExit(done.returncode)
        print_results(json.loads(done.stdout.strip().splitlines()[-1]))

    print("\nname_bench pairs (../shared/data/name_bench, nomenklatura logic-v2 beside Sijill):")
    from bench import name_pairs

    name_pairs.main([])


if __name__ == "__main__":
    main()
