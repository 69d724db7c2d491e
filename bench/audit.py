"""Benchmark: the cost of the audit log (hash chain + Ed25519 signature) per write.

    python bench/audit.py --size small|large|N [--database-url URL]

Writes N audited unit creations through the service layer and, as the baseline, N plain inserts
of the same rows without audit, in one run on the same database; then verifies the chain.
Prints both side by side. Uses a throw-away database (SQLite file, or `<db>_bench` on PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"small": 300, "large": 20_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", help="small, large or a number of writes")
    parser.add_argument("--database-url", default=os.environ.get("SIJILL_BENCH_DATABASE_URL"))
    args = parser.parse_args()
    n = SIZES.get(args.size) or int(args.size)

    var = Path(tempfile.mkdtemp(prefix="sijill-bench-"))
    os.environ["SIJILL_VAR_DIR"] = str(var)
    os.environ["SIJILL_DATABASE_URL"] = args.database_url or f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sijill.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor == "postgresql":  # a throw-away test_<name> database, dropped at the end
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)
    from sijill.audit.services import verify
    from sijill.core.actor import Actor
    from sijill.organisation.models import Unit
    from sijill.organisation.services import do_create_unit

    actor = Actor.system("bench")

    start = time.perf_counter()
    for i in range(n):  # the baseline: the same row, its own transaction, no audit
        with transaction.atomic():
            unit = Unit(code=f"plain-{i}", name_ar=f"وحدة {i}", kind="office", agency_id="police")
            unit.path = unit.compute_path()
            unit.save(force_insert=True)
    plain = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(n):  # one transaction per write, as a user's request has
        do_create_unit(actor, code=f"audited-{i}", name_ar=f"وحدة {i}", kind="office", agency_id="police")
    audited = time.perf_counter() - start

    start = time.perf_counter()
    reports = verify()
    verified = time.perf_counter() - start
    assert all(r.ok for r in reports), reports

    print(f"database: {connection.vendor}, writes: {n}")
    print(f"{'measure':<40}{'sijill':>14}{'baseline':>14}")
    print(f"{'writes/s (audited vs plain insert)':<40}{n / audited:>14.0f}{n / plain:>14.0f}")
    print(f"{'ms per write':<40}{1000 * audited / n:>14.2f}{1000 * plain / n:>14.2f}")
    print(f"{'audit entries verified/s':<40}{sum(r.entries for r in reports) / verified:>14.0f}{'-':>14}")
    if connection.vendor == "postgresql":
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
