"""Score the name-matching benchmark pairs with Sijill and compare with nomenklatura logic-v2.

    python bench/name_pairs.py [CASES_CSV] [--frozen LOGICV2_CSV] [--threshold T] [--errors N]

CASES_CSV defaults to ../shared/data/name_bench/cases.csv (relative to the repository root);
logic-v2's frozen results (logicv2-frozen.csv, threshold 0.7) are read from the same folder.
Prints one table: precision, recall, F1 of Sijill at its default threshold and of logic-v2 on
all its pairs and on the pairs both files share, and Sijill's microseconds per pair.

Then the nationality set (bench/data/nationalities.csv: Arabic-script records of people of the
nationalities living in Libya against their names as their own countries write them in Latin
letters, labelled by hand; see bench/README.md) beside logic-v2 (frozen by
bench/logicv2_freeze.py) and rapidfuzz (WRatio ≥ 88 on the names transliterated by anyascii).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sijill.names import DEFAULT_THRESHOLD, parse_name, score  # noqa: E402

DEFAULT_CASES = ROOT / ".." / "shared" / "data" / "name_bench" / "cases.csv"
NATIONALITIES = ROOT / "bench" / "data" / "nationalities.csv"
NATIONALITIES_LOGICV2 = ROOT / "bench" / "data" / "nationalities-logicv2-frozen.csv"
HOLDOUT = ROOT / "bench" / "data" / "nationalities-holdout.csv"
HOLDOUT_LOGICV2 = ROOT / "bench" / "data" / "nationalities-holdout-logicv2-frozen.csv"
RAPIDFUZZ_THRESHOLD = 88.0
PERSON_SCHEMAS = {"Person"}


def _kind(schema: str) -> str:
    return "person" if schema in PERSON_SCHEMAS else "org"


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _counts(rows: list[tuple[bool, bool]]) -> tuple[int, int, int]:
    tp = sum(1 for truth, pred in rows if truth and pred)
    fp = sum(1 for truth, pred in rows if not truth and pred)
    fn = sum(1 for truth, pred in rows if truth and not pred)
    return tp, fp, fn


def _key(row: dict[str, str]) -> tuple[str, str, str, str, str]:
    return (row["case_group"], row["schema"], row["name1"], row["name2"], row["is_match"])


def run(cases_path: Path, frozen_path: Path, threshold: float, errors: int) -> int:
    with cases_path.open(encoding="utf-8") as handle:
        cases = list(csv.DictReader(handle))
    parsed = [
        (
            parse_name(row["name1"], kind=_kind(row["schema"])),
            parse_name(row["name2"], kind=_kind(row["schema"])),
        )
        for row in cases
    ]
    start = time.perf_counter()
    results = [score(a, b) for a, b in parsed]
    elapsed = time.perf_counter() - start
    # Time parse + score together, too, on a second (uncached) pass would be unfair to the caches;
    # report score-only time per pair, and parse time separately.
    start = time.perf_counter()
    for row in cases:
        parse_name(row["name1"], kind=_kind(row["schema"]))
        parse_name(row["name2"], kind=_kind(row["schema"]))
    parse_elapsed = time.perf_counter() - start
    ours = {
        _key(row): (row["is_match"] == "true", result.score >= threshold)
        for row, result in zip(cases, results, strict=True)
    }
    table: list[tuple[str, int, tuple[float, float, float]]] = []
    table.append(("Sijill, all cases", len(ours), _prf(*_counts(list(ours.values())))))
    if frozen_path.exists():
        with frozen_path.open(encoding="utf-8") as handle:
            frozen = list(csv.DictReader(handle))
        theirs = {_key(row): (row["is_match"] == "true", row["predicted_match"] == "true") for row in frozen}
        table.append(("logic-v2, all its cases", len(theirs), _prf(*_counts(list(theirs.values())))))
        common = [k for k in ours if k in theirs]
        table.append(("Sijill, shared cases", len(common), _prf(*_counts([ours[k] for k in common]))))
        table.append(("logic-v2, shared cases", len(common), _prf(*_counts([theirs[k] for k in common]))))
    print(f"name pairs: {cases_path}  (Sijill threshold {threshold}, logic-v2 threshold 0.7)")
    print(f"{'system / pairs':28} {'n':>5} {'precision':>10} {'recall':>8} {'F1':>7}")
    for label, count, (p, r, f) in table:
        print(f"{label:28} {count:5d} {p:10.3f} {r:8.3f} {f:7.3f}")
    print(
        f"Sijill: {elapsed / len(cases) * 1e6:.1f} µs per pair (score), "
        f"{parse_elapsed / (2 * len(cases)) * 1e6:.1f} µs per name (parse); "
        "logic-v2: about 350 µs per pair"
    )
    if errors:
        wrong = [
            (row, result)
            for row, result in zip(cases, results, strict=True)
            if (row["is_match"] == "true") != (result.score >= threshold)
        ]
        print(f"\n{len(wrong)} disagreements (first {errors}):")
        for row, result in wrong[:errors]:
            print(f"  {row['is_match']:5} {result.score:.3f} {row['schema']:8} {row['name1']} | {row['name2']}")
    return 0


def nationalities(cases_path: Path, frozen_path: Path, threshold: float, errors: int) -> None:
    """The nationality set: Sijill beside logic-v2 and rapidfuzz, on main-name spellings and overall."""
    from anyascii import anyascii
    from rapidfuzz import fuzz

    from sijill.names import normalize

    with cases_path.open(encoding="utf-8") as handle:
        cases = list(csv.DictReader(handle))
    frozen: dict[tuple[str, str], bool] = {}
    if frozen_path.exists():
        with frozen_path.open(encoding="utf-8") as handle:
            frozen = {(r["name1"], r["name2"]): r["predicted_match"] == "true" for r in csv.DictReader(handle)}

    def latin(name: str) -> str:
        return normalize(anyascii(name))

    systems = {
        "Sijill": lambda a, b: score(parse_name(a), parse_name(b)).score >= threshold,
        "logic-v2": lambda a, b: frozen.get((a, b), False),
        "rapidfuzz": lambda a, b: fuzz.WRatio(latin(a), latin(b)) >= RAPIDFUZZ_THRESHOLD,
    }
    if not frozen:
        del systems["logic-v2"]
    predicted = {name: [(row, run(row["name1"], row["name2"])) for row in cases] for name, run in systems.items()}
    subsets = {
        "main names + negatives": lambda r: r["category"] in ("main", "negative"),
        "all pairs": lambda r: True,
    }
    groups = sorted({r["case_group"] for r in cases})
    print(
        f"\nnationality set: {cases_path.name}, {len(cases)} pairs ({', '.join(groups)}); "
        f"Sijill threshold {threshold}, logic-v2 0.7, rapidfuzz WRatio {RAPIDFUZZ_THRESHOLD:.0f} (anyascii)"
    )
    print(f"{'system / pairs':34} {'n':>5} {'precision':>10} {'recall':>8} {'F1':>7}")
    for label, keep in subsets.items():
        for name, rows in predicted.items():
            chosen = [(r["is_match"] == "true", p) for r, p in rows if keep(r)]
            p, r, f = _prf(*_counts(chosen))
            print(f"{name + ', ' + label:34} {len(chosen):5d} {p:10.3f} {r:8.3f} {f:7.3f}")
    for name, rows in predicted.items():
        aliases = [p for r, p in rows if r["category"] == "alias"]
        unread = [p for r, p in rows if r["category"] == "unread"]
        per_group = []
        for group in groups:
            main = [p for r, p in rows if r["case_group"] == group and r["category"] == "main"]
            if main:
                per_group.append(f"{group} {sum(main)}/{len(main)}")
        print(
            f"{name}: aliases found {sum(aliases)}/{len(aliases)}; names in unread scripts matched "
            f"{sum(unread)}/{len(unread)}; main names found per set: {', '.join(per_group)}"
        )
    if errors:
        wrong = [(r, p) for r, p in predicted["Sijill"] if (r["is_match"] == "true") != p]
        print(f"\nSijill: {len(wrong)} disagreements (first {errors}):")
        for row, _p in wrong[:errors]:
            result = score(parse_name(row["name1"]), parse_name(row["name2"]))
            print(f"  {row['is_match']:5} {result.score:.3f} {row['case_group']:12} {row['name1']} | {row['name2']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", default=str(DEFAULT_CASES))
    parser.add_argument("--frozen", default=None, help="logic-v2 frozen results CSV")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--errors", type=int, default=0, help="list N disagreements")
    parser.add_argument("--no-nationalities", action="store_true", help="skip the nationality set")
    args = parser.parse_args(argv)
    cases_path = Path(args.cases)
    frozen_path = Path(args.frozen) if args.frozen else cases_path.parent / "logicv2-frozen.csv"
    code = run(cases_path, frozen_path, args.threshold, args.errors)
    if not args.no_nationalities:
        nationalities(NATIONALITIES, NATIONALITIES_LOGICV2, args.threshold, args.errors)
        nationalities(HOLDOUT, HOLDOUT_LOGICV2, args.threshold, args.errors)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
