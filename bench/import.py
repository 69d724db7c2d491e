"""Benchmark: importing persons from a legacy CSV file, beside a plain bulk insert, in one run.

    python bench/import.py --rows N [--database sqlite|postgresql|both]
    python bench/import.py --size small|large|national (20,000 rows; 1,000,000; 7,000,000 by hand)

For each database, in its own process on a fresh database, it writes a CSV of N Libyan-style
persons (bench/names_data.py: name chains, mothers, towns; plus dates of birth as dd/mm/yyyy and
national numbers consistent with sex and year; one in twenty has no identifier at all), then times:

- sijill: ``sijill.imports.services.do_import`` exactly as ``sijill import persons FILE`` runs it —
  decode, read, clean and check every row, natural keys, then the bulk load with name indexing
  and the audit rows, in one transaction;
- the same file imported again (every row found already there: nothing written);
- baseline: ``csv.DictReader`` + Django ``bulk_create`` of the same rows, without validation, name
  index or audit.

The CSV is written by a separate process, so that the worker's peak memory (printed, with the
name-key worker process's) is the import's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = {"small": 20_000, "large": 1_000_000, "national": 7_000_000}
PG_URL = os.environ.get("SIJILL_BENCH_IMPORT_PG_URL", "postgresql://postgres@127.0.0.1:5432/sijill_import_bench")
HEADER = ["الاسم الأول", "اسم الأب", "اسم الجد", "اللقب", "اسم الأم", "الجنس", "تاريخ الميلاد", "مكان الميلاد",
          "الجنسية", "الرقم الوطني"]  # fmt: skip


def write_csv(path: Path, rows: int, seed: int) -> dict[str, Any]:
    """The legacy file: UTF-8 with BOM, as Excel saves it; returns what it holds."""
    import csv

    from bench.names_data import generate_population

    rng = random.Random(seed)
    population = generate_population(rows, seed)
    serials: set[str] = set()
    without = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for p in population:
            year = p["birth_year"]
            born = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            number = ""
            if rng.random() >= 0.05:
                while True:
                    serial = f"{'1' if p['sex'] == 'm' else '2'}{year}{rng.randrange(10**6):06d}"
                    if serial not in serials:
                        serials.add(serial)
                        break
                number = f"{serial}{rng.randrange(10)}"
            else:
                without += 1
            sex = "ذكر" if p["sex"] == "m" else "أنثى"
            out.writerow([p["first"], p["father"], p["grandfather"], p["family"], p["mother"], sex,
                          born.strftime("%d/%m/%Y"), p["birthplace"], "ليبي", number])  # fmt: skip
    return {"rows": len(population), "without_identifier": without, "bytes": path.stat().st_size}


def peak_mib(who: int) -> float:
    """Peak resident memory (MiB) of this process (RUSAGE_SELF) or of its largest child."""
    import resource

    return resource.getrusage(who).ru_maxrss / 1024


def worker(database_url: str, rows: int, seed: int, reimport: bool = True) -> dict[str, Any]:
    """Runs in its own process (one Django set-up per database); returns the figures as a dict."""
    var = Path(tempfile.mkdtemp(prefix="sijill-import-bench-"))
    os.environ["SIJILL_VAR_DIR"] = str(var)
    os.environ["SIJILL_DATABASE_URL"] = database_url or f"sqlite:///{var / 'import.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sijill.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from sijill.core.actor import Actor
    from sijill.imports.services import do_import
    from sijill.persons.models import Person, PersonNameKey

    if connection.vendor == "postgresql":
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)

    path = var / "legacy-persons.csv"
    t = time.perf_counter()
    cmd = [sys.executable, __file__, "--write-csv", str(path), "--rows", str(rows), "--seed", str(seed)]
    made = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
    results: dict[str, Any] = {"database": connection.vendor, **made, "generate_s": time.perf_counter() - t}
    import resource

    before_import = peak_mib(resource.RUSAGE_SELF)

    # Baseline: parse and bulk_create, no validation, no name index, no audit.
    import csv

    t = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as f, transaction.atomic():
        batch: list[Person] = []
        for r in csv.DictReader(f):
            d, m, y = r["تاريخ الميلاد"].split("/")
            batch.append(Person(
                first_name=r["الاسم الأول"], father_name=r["اسم الأب"], grandfather_name=r["اسم الجد"],
                family_name=r["اللقب"], mother_name=r["اسم الأم"], sex="m" if r["الجنس"] == "ذكر" else "f",
                birth_date=dt.date(int(y), int(m), int(d)), birth_year=int(y), birth_place=r["مكان الميلاد"],
                national_number=r["الرقم الوطني"], origin_site="TRP", name_normalized="",
            ))  # fmt: skip
            if len(batch) == 5000:
                Person.objects.bulk_create(batch)
                batch = []
        Person.objects.bulk_create(batch)
    results["baseline_s"] = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Person._meta.db_table}")

    data = path.read_bytes()
    actor = Actor.system("bench")
    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int | None) -> None:
        marks.setdefault(phase, time.perf_counter())

    t = time.perf_counter()
    report = do_import(actor, "persons", data, path.name, progress=progress)
    results["import_s"] = time.perf_counter() - t
    results["validate_s"] = marks.get("write", time.perf_counter()) - t
    assert report.imported and report.created == made["rows"], (report.created, report.problems[:5])
    results["peak_mib"] = peak_mib(resource.RUSAGE_SELF)
    results["peak_before_import_mib"] = before_import
    results["peak_child_mib"] = peak_mib(resource.RUSAGE_CHILDREN)
    results["keys_per_person"] = PersonNameKey.objects.count() / max(1, made["rows"])

    if reimport:
        t = time.perf_counter()
        again = do_import(actor, "persons", data, path.name)
        results["reimport_s"] = time.perf_counter() - t
        assert again.imported and again.created == 0 and again.existing == made["rows"]

    if connection.vendor == "postgresql":
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return results


def print_results(r: dict[str, Any]) -> None:
    n = r["rows"]
    print(
        f"\n{r['database']}: {n:,} persons in a {r['bytes'] / 2**20:.1f} MB CSV (UTF-8 with BOM); "
        f"{r['without_identifier']:,} without any identifier; {r['keys_per_person']:.1f} name keys each"
    )
    print(f"{'method':<58}{'seconds':>9}{'rows/s':>10}")
    lines = [
        ("sijill import (read, validate, keys, index, audit)", r["import_s"]),
        ("  of which read + validate (pass 1)", r["validate_s"]),
        ("sijill re-import of the same file (all found, none written)", r.get("reimport_s")),
        ("baseline: csv + bulk_create (no validation, no index)", r["baseline_s"]),
    ]
    for label, seconds in lines:
        if seconds:
            print(f"{label:<58}{seconds:>9.2f}{n / seconds:>10,.0f}")
    print(
        f"sijill import: {100 * r['baseline_s'] / r['import_s']:.0f} % of the baseline's rate; peak memory "
        f"{r['peak_mib']:,.0f} MiB (the file's bytes included; {r['peak_before_import_mib']:,.0f} MiB before the "
        f"import), name-key worker process {r['peak_child_mib']:,.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), help="preset: small (CI) or large (by hand)")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--reimport",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also time a re-import of the same file (default: yes, except at national size)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--write-csv", help=argparse.SUPPRESS)
    args = parser.parse_args()
    rows = args.rows or SIZES[args.size or "small"]
    reimport = args.reimport if args.reimport is not None else args.size != "national"

    if args.write_csv is not None:
        print(json.dumps(write_csv(Path(args.write_csv), rows, args.seed)))
        return
    if args.worker is not None:
        print(json.dumps(worker(args.worker, rows, args.seed, reimport)))
        return

    targets = {"sqlite": [""], "postgresql": [PG_URL], "both": ["", PG_URL]}[args.database]
    for url in targets:
        cmd = [sys.executable, __file__, "--worker", url, "--rows", str(rows), "--seed", str(args.seed),
               "--reimport" if reimport else "--no-reimport"]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            raise SystemExit(done.returncode)
        print_results(json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
