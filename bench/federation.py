"""Federation between two sites on throwaway PostgreSQL clusters: replication lag and convergence after a partition.

Two clusters on loopback (TRP and BEN), migrated and linked with ``sijill federation``, exactly as
the multi-site tests build them. Rows are written by SQL into a replicated table (the name index)
through the sites' real publications and subscriptions.

- lag: N single-row transactions at TRP, one after the other; each row's lag is the time it was
  applied at BEN (a column that exists only at BEN, filled by ``clock_timestamp()`` on apply)
  minus its commit time at TRP (same machine clock).
- partition: both subscriptions disabled; M rows committed at each site in transactions of 1,000;
  links enabled; time until each site holds all 2·M rows. Then ``sijill federation verify`` at
  both ends; lost and duplicated rows are counted.

Usage: python bench/federation.py --size small|large   (small: N=1,000 M=5,000; large: N=10,000 M=100,000)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sijill.settings")

from sijill.federation.clusters import Sites, available, link, wait_for

SIZES = {"small": (1_000, 5_000), "large": (10_000, 100_000)}
TARGET_LAG_P99 = 1.0
TARGET_CONVERGENCE = 60.0


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def bench_lag(sites: Sites, n: int) -> dict[str, float]:
    trp, ben = sites["TRP"], sites["BEN"]
    with ben.connect() as conn:  # an extra column at the receiver only: allowed, filled on apply
        conn.execute(
            "ALTER TABLE persons_personnamekey ADD COLUMN IF NOT EXISTS bench_applied timestamptz "
            "DEFAULT clock_timestamp()"
        )
    person = str(uuid.uuid4())
    started = time.monotonic()
    with trp.connect() as conn:
        for i in range(n):
            conn.execute(
                "INSERT INTO persons_personnamekey (key, person_id, origin_site) "
                "VALUES ('lag-' || %s || '-' || extract(epoch FROM clock_timestamp())::text, %s, 'TRP')",
                [i, person],
            )
    write_seconds = time.monotonic() - started
    wait_for(
        lambda: ben.scalar("SELECT count(*) FROM persons_personnamekey WHERE key LIKE 'lag-%'") == n,
        timeout=600,
        interval=0.2,
        message="lag rows at BEN",
    )
    rows = ben.query(
        "SELECT extract(epoch FROM bench_applied) - split_part(key, '-', 3)::float8 "
        "FROM persons_personnamekey WHERE key LIKE 'lag-%'"
    )
    lags = [float(r[0]) for r in rows]
    with ben.connect() as conn:
        conn.execute("ALTER TABLE persons_personnamekey DROP COLUMN bench_applied")
    return {
        "writes_per_s": n / write_seconds,
        "p50": statistics.median(lags),
        "p99": _pct(lags, 0.99),
        "max": max(lags),
    }


def _bulk(site_cluster, prefix: str, m: int) -> None:  # type: ignore[no-untyped-def]
    with site_cluster.connect() as conn:
        for start in range(0, m, 1000):
            count = min(1000, m - start)
            conn.execute(
                "INSERT INTO persons_personnamekey (key, person_id, origin_site) "
                "SELECT %s || '-' || g, gen_random_uuid(), %s FROM generate_series(%s::int, %s::int) g",
                [prefix, site_cluster.site, start, start + count - 1],
            )


def bench_partition(sites: Sites, m: int) -> dict[str, float]:
    trp, ben = sites["TRP"], sites["BEN"]
    for here, peer in ((trp, "ben"), (ben, "trp")):
        with here.connect() as conn:
            conn.execute(f"ALTER SUBSCRIPTION sijill_from_{peer} DISABLE")
    started = time.monotonic()
    _bulk(trp, "part-trp", m)
    _bulk(ben, "part-ben", m)
    write_seconds = time.monotonic() - started
    healed = time.monotonic()
    for here, peer in ((trp, "ben"), (ben, "trp")):
        with here.connect() as conn:
            conn.execute(f"ALTER SUBSCRIPTION sijill_from_{peer} ENABLE")

    def converged() -> bool:
        return all(
            s.scalar("SELECT count(*) FROM persons_personnamekey WHERE key LIKE 'part-%'") >= 2 * m for s in (trp, ben)
        )

    wait_for(converged, timeout=1800, interval=0.2, message="convergence")
    convergence = time.monotonic() - healed
    lost = duplicated = 0
    for s in (trp, ben):
        for prefix in ("part-trp", "part-ben"):
            total, distinct = s.query(
                "SELECT count(*), count(DISTINCT key) FROM persons_personnamekey WHERE key LIKE %s", [prefix + "-%"]
            )[0]
            lost += max(0, m - int(distinct))
            duplicated += int(total) - int(distinct)
    verify = {}
    for s in (trp, ben):
        result = s.sijill("federation", "verify", "--json", check=False)
        verify[s.site] = all(r["equal"] for r in json.loads(result.stdout)) if result.stdout.strip() else False
    return {
        "changes_per_site": m,
        "write_seconds": write_seconds,
        "convergence": convergence,
        "lost": lost,
        "duplicated": duplicated,
        "verify_equal": all(verify.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="small", help="small, large")
    parser.add_argument("--writes", type=int, help="N single-row writes for the lag")
    parser.add_argument("--changes", type=int, help="M changes per site during the partition")
    args = parser.parse_args()
    n, m = SIZES.get(args.size, SIZES["small"])
    n, m = args.writes or n, args.changes or m
    if not available():
        print("federation bench skipped: PostgreSQL initdb/pg_ctl not installed")
        return
    sites = Sites(["TRP", "BEN"])
    try:
        t0 = time.monotonic()
        sites.start()
        link(sites["TRP"], sites["BEN"])
        print(f"two sites created, migrated and linked in {time.monotonic() - t0:.1f} s")
        lag = bench_lag(sites, n)
        part = bench_partition(sites, m)
    finally:
        sites.close()
    ok_lag = lag["p99"] <= TARGET_LAG_P99
    ok_conv = part["convergence"] <= TARGET_CONVERGENCE
    ok_loss = part["lost"] == 0 and part["duplicated"] == 0 and part["verify_equal"]
    print(f"lag over {n:,} single-row writes at TRP ({lag['writes_per_s']:,.0f} writes/s), applied at BEN:")
    print(f"  p50 {lag['p50'] * 1000:.1f} ms   p99 {lag['p99'] * 1000:.1f} ms   max {lag['max'] * 1000:.1f} ms")
    print(f"partition: {m:,} changes per site written in {part['write_seconds']:.1f} s while cut;")
    print(f"  converged {part['convergence']:.1f} s after the links returned; lost {part['lost']}, "
          f"duplicated {part['duplicated']}, verify {'equal' if part['verify_equal'] else 'DIFFERS'}")  # fmt: skip
    print("target                                        measured        ")
    print(f"lag p99 <= 1 s at 10,000 writes              {lag['p99'] * 1000:8.1f} ms  {'met' if ok_lag else 'MISSED'}"
          f"{'' if n >= 10_000 else f' (at {n:,})'}")  # fmt: skip
    print(f"convergence <= 60 s after 100,000 per site   {part['convergence']:8.1f} s   "
          f"{'met' if ok_conv else 'MISSED'}{'' if m >= 100_000 else f' (at {m:,})'}")  # fmt: skip
    print(f"lost or duplicated rows = 0                  {part['lost'] + part['duplicated']:8d}     "
          f"{'met' if ok_loss else 'MISSED'}")  # fmt: skip
    if not ok_loss:
        sys.exit(1)


if __name__ == "__main__":
    main()
