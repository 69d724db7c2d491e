"""Benchmark: the cost of the audit log, each figure beside its baseline, in one run.

    python bench/audit.py --size small|large [--database-url URL]

On a throw-away database (an SQLite file, or ``<db>_bench`` on PostgreSQL) with the demo data:

1. one writer: the same unit insert, one transaction each, with its audit row (``record_write``)
   beside without it; and the whole service (``do_create_unit``: permission, checks, insert,
   audit), the issue's first method;
2. the same with 8 concurrent writers (processes);
3. the plate look-up API (``GET /api/v1/vehicles/lookup``, token auth) served by granian, 2 workers
   x 4 threads, at 16 connections: with its audit row beside the same endpoint without it (the
   benchmark's own ``bench/lookup_wsgi.py`` removes the audit call in its baseline server);
4. the sequencing delay (commit of an entry to its place in the signed chain) under that load;
5. ``verify`` in entries/s beside reading the same rows without checking them.

The sequencer runs in a process of its own during every audited phase, as ``sijill worker`` does.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES: dict[str, dict[str, Any]] = {
    "small": {"writes": 300, "per_writer": 100, "lookup_seconds": 4.0, "verify_entries": 5_000},
    "large": {"writes": 2_000, "per_writer": 1_000, "lookup_seconds": 20.0, "verify_entries": 200_000},
}
WRITERS = 8
CONNECTIONS = 16


def _setup(database_url: str | None) -> dict[str, str]:
    var = Path(tempfile.mkdtemp(prefix="sijill-bench-"))
    os.environ["SIJILL_VAR_DIR"] = str(var)
    os.environ["SIJILL_DATABASE_URL"] = database_url or f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sijill.settings")
    os.environ["SIJILL_DEMO"] = "1"
    if database_url:
        name = urllib.parse.urlparse(database_url).path.lstrip("/")
        os.environ["SIJILL_TEST_DATABASE_NAME"] = f"{name}_bench"
    sys.path.insert(0, str(ROOT))
    return {"var": str(var)}


# --- writers ------------------------------------------------------------------------------------


def _plain(prefix: str, n: int) -> None:
    from django.db import transaction

    from sijill.organisation.models import Unit

    for i in range(n):
        with transaction.atomic():
            unit = Unit(code=f"{prefix}-{i}", name_ar=f"وحدة {i}", kind="office", agency_id="police")
            unit.path = unit.compute_path()
            unit.save(force_insert=True)


def _audited(prefix: str, n: int) -> None:
    """The same insert as ``_plain`` with its audit row, in the same transaction (what auditing costs)."""
    from django.db import transaction

    from sijill.audit.services import record_write
    from sijill.core.actor import Actor
    from sijill.organisation.models import Unit

    actor = Actor.system("bench")
    for i in range(n):
        with transaction.atomic():
            unit = Unit(code=f"{prefix}-{i}", name_ar=f"وحدة {i}", kind="office", agency_id="police")
            unit.path = unit.compute_path()
            unit.save(force_insert=True)
            record_write(actor, "unit.create", unit)


def _service(prefix: str, n: int) -> None:
    """The whole service (permission, checks, full_clean's queries, the insert, its audit row)."""
    from sijill.core.actor import Actor
    from sijill.organisation.services import do_create_unit

    actor = Actor.system("bench")
    for i in range(n):
        do_create_unit(actor, code=f"{prefix}-{i}", name_ar=f"وحدة {i}", kind="office", agency_id="police")


def _in_processes(target: Any, prefix: str, writers: int, per_writer: int) -> float:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    procs = [context.Process(target=target, args=(f"{prefix}{w}", per_writer)) for w in range(writers)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode:
            raise RuntimeError(f"a writer failed ({p.exitcode})")
    return time.perf_counter() - start


def _sequencer_loop(stop: Any) -> None:
    import threading as th

    from django.db import connections

    from sijill.audit import sequencer

    connections.close_all()
    event = th.Event()

    def relay() -> None:
        stop.wait()
        event.set()

    th.Thread(target=relay, daemon=True).start()
    sequencer.run(event, 0.1)


class Sequencer:
    """The sequencer in a process of its own, as in ``sijill worker``."""

    def __enter__(self) -> Sequencer:
        from django.db import connections

        connections.close_all()
        context = multiprocessing.get_context("fork")
        self.stop = context.Event()
        self.proc = context.Process(target=_sequencer_loop, args=(self.stop,))
        self.proc.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        self.proc.join(30)


# --- the look-up API ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(no_audit: bool) -> tuple[subprocess.Popen[bytes], int]:
    from django.db import connection

    port = _free_port()
    db = connection.settings_dict
    url = os.environ["SIJILL_DATABASE_URL"]
    if connection.vendor == "postgresql":
        parsed = urllib.parse.urlparse(url)
        url = parsed._replace(path=f"/{db['NAME']}").geturl()
    env = {**os.environ, "SIJILL_DATABASE_URL": url, "SIJILL_BENCH_NO_AUDIT": "1" if no_audit else "0",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    env.pop("SIJILL_TEST_DATABASE_NAME", None)
    granian = str(Path(sys.executable).with_name("granian"))
    proc = subprocess.Popen(
        [granian, "--interface", "wsgi", "--workers", "2", "--blocking-threads", "4", "--host", "127.0.0.1",
         "--port", str(port), "--no-ws", "bench.lookup_wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def _load(port: int, token: str, paths: list[str], seconds: float) -> tuple[int, int, list[float]]:
    """CONNECTIONS keep-alive clients for ``seconds``: (answered 200, others, latencies)."""
    stop = time.monotonic() + seconds
    counts, latencies, lock = [0, 0], [], threading.Lock()

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ok = bad = 0
        mine = []
        i = k
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.request("GET", paths[i % len(paths)], headers={"Authorization": f"Bearer {token}"})
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status == 200:
                ok += 1
            else:
                bad += 1
            i += CONNECTIONS
        conn.close()
        with lock:
            counts[0] += ok
            counts[1] += bad
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts[0], counts[1], latencies


def _lookup(no_audit: bool, token: str, paths: list[str], seconds: float) -> tuple[float, float, int]:
    proc, port = _serve(no_audit)
    try:
        _load(port, token, paths, min(3.0, seconds / 3))  # warm up: connections, caches
        ok, bad, latencies = _load(port, token, paths, seconds)
    finally:
        proc.terminate()
        proc.wait(30)
    latencies.sort()
    return ok / seconds, 1000 * latencies[len(latencies) // 2] if latencies else 0.0, bad


def _pct(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else float("nan")


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", help="small, large, or a number of writes (a smoke run)")
    parser.add_argument("--database-url", default=os.environ.get("SIJILL_BENCH_DATABASE_URL"))
    parser.add_argument("--skip-lookup", action="store_true", help="leave out the look-up API (no HTTP server)")
    args = parser.parse_args()
    size = SIZES.get(args.size) or {
        "writes": int(args.size), "per_writer": max(2, int(args.size) // WRITERS), "lookup_seconds": 1.0,
        "verify_entries": 5 * int(args.size),
    }  # fmt: skip
    _setup(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":  # a throw-away <name>_bench database, dropped at the end
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0, interactive=False)
    from sijill.accounts.models import User
    from sijill.accounts.services import do_issue_token
    from sijill.audit import sequencer, services
    from sijill.audit.models import AuditEntry
    from sijill.core.actor import Actor
    from sijill.demo.loader import load_demo
    from sijill.vehicles.models import Vehicle

    load_demo()
    sequencer.sequence_all()
    rows: list[tuple[str, str, str, str]] = []
    n = int(size["writes"])

    # 1. one writer
    start = time.perf_counter()
    _plain("plain", n)
    plain = time.perf_counter() - start
    with Sequencer():
        start = time.perf_counter()
        _audited("audited", n)
        audited = time.perf_counter() - start
    with Sequencer():
        start = time.perf_counter()
        _service("service", n)
        service = time.perf_counter() - start
    rows.append(("one writer: ms per write (with audit row)", f"{1000 * audited / n:.2f}", f"{1000 * plain / n:.2f}",
                 f"{audited / plain:.2f}x (target <= 1.5x)"))  # fmt: skip
    rows.append(("one writer: ms per write (whole service)", f"{1000 * service / n:.2f}", f"{1000 * plain / n:.2f}",
                 f"{service / plain:.2f}x (the issue's method; checks included)"))  # fmt: skip

    # 2. eight writers
    per = int(size["per_writer"])
    plain8 = _in_processes(_plain, "p8-", WRITERS, per)
    with Sequencer():
        audited8 = _in_processes(_audited, "a8-", WRITERS, per)
        service8 = _in_processes(_service, "s8-", WRITERS, per)
    total = WRITERS * per
    rows.append((f"{WRITERS} writers: writes/s (with audit row)", f"{total / audited8:.0f}", f"{total / plain8:.0f}",
                 f"{100 * plain8 / audited8:.0f} % (target >= 50 %)"))  # fmt: skip
    rows.append((f"{WRITERS} writers: writes/s (whole service)", f"{total / service8:.0f}", f"{total / plain8:.0f}",
                 f"{100 * plain8 / service8:.0f} % (the issue's method)"))  # fmt: skip

    # 3 and 4. the look-up API under load, and the sequencing delay meanwhile
    if not args.skip_lookup:
        checkpoint = User.objects.get(username="checkpoint")
        _token, token = do_issue_token(Actor.from_user(checkpoint, "api"), checkpoint, name="bench", days=1)
        purpose = urllib.parse.quote("تفتيش روتيني")
        plates = list(Vehicle.objects.values_list("plate_canonical", flat=True)[:64]) or ["5-123456"]
        paths = [f"/api/v1/vehicles/lookup?plate={urllib.parse.quote(p)}&purpose={purpose}" for p in plates]
        seconds = float(size["lookup_seconds"])
        base_rps, base_p50, base_bad = _lookup(True, token, paths, seconds)
        since = time.time()
        with Sequencer():
            rps, p50, bad = _lookup(False, token, paths, seconds)
            time.sleep(1.5)  # the last batch
        if bad or base_bad:
            print(f"warning: {bad + base_bad} look-ups did not answer 200")
        rows.append((f"look-up API, {CONNECTIONS} connections: req/s", f"{rps:.0f}", f"{base_rps:.0f}",
                     f"{100 * rps / base_rps:.0f} % (target >= 90 %)"))  # fmt: skip
        rows.append(("look-up API: p50 ms", f"{p50:.1f}", f"{base_p50:.1f}", ""))
        import datetime as dt

        after = dt.datetime.fromtimestamp(since, tz=dt.UTC)
        delays = [
            (done - at).total_seconds()
            for at, done in AuditEntry.objects.filter(action="vehicle.lookup", at__gte=after).values_list(
                "at", "sequenced_at"
            )
            if done is not None
        ]
        waiting = AuditEntry.objects.filter(action="vehicle.lookup", at__gte=after, seq__isnull=True).count()
        rows.append(("sequencing delay under that load: p50 / p99 s",
                     f"{_pct(delays, 0.5):.3f} / {_pct(delays, 0.99):.3f}", "-",
                     f"target p99 <= 1 s; {len(delays)} entries, {waiting} left waiting"))  # fmt: skip

    # 5. verify
    have = AuditEntry.objects.count()
    actor = Actor.system("bench")
    wanted = int(size["verify_entries"])
    while have < wanted:
        batch = min(5_000, wanted - have)
        services.record_many(
            services.build_read(
                actor,
                "bench.read",
                purpose="قياس الأداء",
                object_type="vehicles.vehicle",
                object_repr=f"{i} ليبيا",
                plate=f"{i}-123456",
                hit=i % 7 == 0,
            )
            for i in range(have, have + batch)
        )
        have += batch
    sequencer.sequence_all()
    start = time.perf_counter()
    reports = services.verify(["TRP"])
    verified = time.perf_counter() - start
    assert all(r.ok for r in reports), reports
    entries = sum(r.entries for r in reports)
    from sijill.audit.verify import _pages

    start = time.perf_counter()
    read = sum(len(page) for page in _pages("TRP"))
    reading = time.perf_counter() - start
    rows.append(("verify: entries/s", f"{entries / verified:.0f}", f"{read / reading:.0f}",
                 f"baseline: reading the rows unchecked; {entries} entries (target >= 50,000/s)"))  # fmt: skip

    print(f"database: {connection.vendor}, size: {args.size}")
    print(f"{'measure':<50}{'sijill':>16}{'baseline':>12}  ratio / note")
    for name, value, base, note in rows:
        print(f"{name:<50}{value:>16}{base:>12}  {note}")
    if connection.vendor == "postgresql":
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
