"""Throwaway PostgreSQL clusters on loopback, one per site: for the multi-site tests and the benchmark.

Each cluster lives in a temporary directory, belongs to the ``postgres`` OS user when run as root,
listens on its own free port on 127.0.0.1 with trust authentication and ``wal_level = logical``.
Each site runs Sijill as a subprocess (``sijill migrate``, ``sijill federation …``) with its own
``SIJILL_DATABASE_URL``, ``SIJILL_SITE`` and ``SIJILL_VAR_DIR``, exactly as a real site would.
"""

# ruff: noqa: S603 - runs initdb, pg_ctl and sijill with arguments built here, never from input
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg

BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/lib/postgresql/16/bin")
ROOT = Path(__file__).resolve().parents[2]
SIJILL = str(Path(sys.executable).with_name("sijill"))


def pg_bin(name: str) -> str | None:
    for directory in BIN_DIRS:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def available() -> bool:
    return pg_bin("initdb") is not None and pg_bin("pg_ctl") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: Sequence[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return list(cmd)


def _skip_checks(args: Sequence[str]) -> list[str]:
    """Other apps' system checks are not what these runs test (and a half-built app must not stop them)."""
    if not args or args[0] in {"shell", "dbshell"}:
        return list(args)
    return [args[0], "--skip-checks", *args[1:]]


class Cluster:
    """One PostgreSQL cluster holding one site's database ``sijill``."""

    def __init__(self, site: str, base: Path, *, max_slot_wal_keep_size: str = "-1") -> None:
        self.site = site
        self.dir = base / site.lower()
        self.data = self.dir / "data"
        self.var = self.dir / "var"
        self.port = _free_port()
        self.max_slot_wal_keep_size = max_slot_wal_keep_size
        self.dsn = f"postgresql://postgres@127.0.0.1:{self.port}/sijill"
        # What a peer writes in `join --dsn`: the libpq key/value form.
        self.peer_dsn = f"host=127.0.0.1 port={self.port} dbname=sijill user=postgres"

    def init(self) -> None:
        self.dir.mkdir(parents=True)
        self.var.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            _as_postgres([pg_bin("initdb") or "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        conf = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.dir}'",
            "wal_level": "logical",
            "max_wal_senders": "20",
            "max_replication_slots": "20",
            "max_logical_replication_workers": "16",
            "max_worker_processes": "32",
            "max_slot_wal_keep_size": self.max_slot_wal_keep_size,
            "wal_keep_size": "0",
            "min_wal_size": "32MB",
            "max_wal_size": "64MB",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "64MB",
            "wal_receiver_timeout": "10s",
            "wal_sender_timeout": "10s",
            "wal_retrieve_retry_interval": "500ms",
            "log_min_messages": "warning",
        }
        with open(self.data / "postgresql.conf", "a") as fh:
            fh.writelines(f"{k} = {v}\n" for k, v in conf.items())
        self.start()
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE sijill")

    def start(self) -> None:
        subprocess.run(
            _as_postgres([pg_bin("pg_ctl") or "pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"),
                          "-w", "-t", "60", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            _as_postgres([pg_bin("pg_ctl") or "pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"]),
            capture_output=True,
        )

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            SIJILL_DATABASE_URL=self.dsn,
            SIJILL_SITE=self.site,
            SIJILL_VAR_DIR=str(self.var),
            DJANGO_SETTINGS_MODULE="sijill.settings",
        )
        for name in ("SIJILL_TESTING", "SIJILL_AUDIT_KEY_FILE", "SIJILL_TEST_DATABASE_NAME"):
            env.pop(name, None)
        return env

    def sijill(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run the ``sijill`` command as this site."""
        result = subprocess.run(
            [SIJILL, *_skip_checks(args)], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{self.site}: sijill {' '.join(args)} failed ({result.returncode}):\n"
                               f"{result.stdout}\n{result.stderr}")  # fmt: skip
        return result

    def sijill_async(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [SIJILL, *_skip_checks(args)],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def python(self, code: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run Python inside this site's Sijill (``sijill shell -c``), e.g. to write through a service."""
        return self.sijill("shell", "-c", code, check=check)

    def join(self, *peers: Cluster) -> None:
        """Join each peer, confirming its audit key with the fingerprint its administrator reads out."""
        for peer in peers:
            fingerprint = peer.sijill("audit", "fingerprint").stdout.strip().splitlines()[-1]
            self.sijill("federation", "join", "--peer", peer.site, "--dsn", peer.peer_dsn, "--fingerprint", fingerprint)

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.dsn, autocommit=True)

    def connect_to(self, database: str) -> psycopg.Connection[Any]:
        return psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/{database}", autocommit=True)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        with self.connect() as conn:
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else []

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None


class Sites:
    """Several clusters in one temporary directory, removed on close."""

    def __init__(self, codes: Sequence[str], **cluster_options: Any) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="sijill-federation-"))
        os.chmod(self.base, 0o755)  # noqa: S103 - the postgres user must reach its cluster
        self.clusters = {code: Cluster(code, self.base, **cluster_options) for code in codes}

    def __getitem__(self, code: str) -> Cluster:
        return self.clusters[code]

    def add(self, code: str, **cluster_options: Any) -> Cluster:
        cluster = Cluster(code, self.base, **cluster_options)
        self.clusters[code] = cluster
        cluster.init()
        migrate(cluster)
        return cluster

    def start(self) -> None:
        with ThreadPoolExecutor() as pool:
            list(pool.map(Cluster.init, self.clusters.values()))
        migrate(*self.clusters.values())

    def close(self) -> None:
        with ThreadPoolExecutor() as pool:
            list(pool.map(lambda c: c.stop("immediate"), self.clusters.values()))
        shutil.rmtree(self.base, ignore_errors=True)


def link(*clusters: Cluster) -> None:
    """Full mesh: every site publishes, then subscribes to every other."""
    for cluster in clusters:
        cluster.sijill("federation", "publish")
    for cluster in clusters:
        cluster.join(*(c for c in clusters if c is not cluster))


def migrate(*clusters: Cluster) -> None:
    """``sijill migrate`` at every site, in parallel."""
    procs = [(c, c.sijill_async("migrate", "--no-input", "-v", "0")) for c in clusters]
    for cluster, proc in procs:
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"{cluster.site}: migrate failed:\n{out}\n{err}")


def wait_for(predicate: Any, timeout: float = 30.0, interval: float = 0.1, message: str = "condition") -> float:
    """Poll until ``predicate()`` is true; return the seconds waited."""
    start = time.monotonic()
    while True:
        try:
            if predicate():
                return time.monotonic() - start
        except psycopg.OperationalError:
            pass
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)
