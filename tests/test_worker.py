"""The real `sijill worker` in a subprocess, on its own SQLite site: the sequencer survives kill -9,
and concurrent writers (processes and threads) end up in one gap-free, verified order."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SIJILL = [sys.executable, "-m", "sijill.cli"]

WRITE = """
import threading
from django.db import close_old_connections
from sijill.audit.services import record_event
from sijill.core.actor import Actor

def write(k):
    for i in range({per_thread}):
        record_event(Actor.system("writer"), "test.write", kind="system", writer="{name}", thread=k, n=i)
    close_old_connections()

threads = [threading.Thread(target=write, args=(k,)) for k in range({threads})]
for t in threads: t.start()
for t in threads: t.join()
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("worker-site")
    env = {**os.environ, "SIJILL_VAR_DIR": str(var), "SIJILL_DATABASE_URL": f"sqlite:///{var / 'w.sqlite3'}",
           "SIJILL_SITE": "TRP", "SIJILL_AUDIT_SEQUENCE_INTERVAL": "0.05"}  # fmt: skip
    for name in (
        "SIJILL_TESTING",
        "SIJILL_AUDIT_KEY_FILE",
        "SIJILL_AUDIT_TRUSTED_KEYS",
        "SIJILL_AUDIT_CHECKPOINT_FILE",
    ):
        env.pop(name, None)
    run(env, "migrate", "--no-input", "-v", "0")
    return env


def run(env, *args, check=True):
    result = subprocess.run([*SIJILL, *args], env=env, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(result.stdout + result.stderr)
    return result


def _db(env) -> Path:
    return Path(env["SIJILL_VAR_DIR"]) / "w.sqlite3"


def _counts(env) -> tuple[int, int, list[int]]:
    with sqlite3.connect(_db(env), timeout=30) as db:
        waiting = db.execute("SELECT count(*) FROM audit_auditentry WHERE seq IS NULL").fetchone()[0]
        seqs = [r[0] for r in db.execute("SELECT seq FROM audit_auditentry WHERE seq IS NOT NULL ORDER BY seq")]
    return waiting, len(seqs), seqs


def _worker(env) -> subprocess.Popen:
    return subprocess.Popen([*SIJILL, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait(predicate, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_sequencer_killed_mid_way_loses_nothing_and_places_each_entry_once(site):
    run(site, "shell", "-c", WRITE.format(per_thread=3000, threads=1, name="bulk"))
    worker = _worker(site)
    try:
        _wait(lambda: _counts(site)[1] > 0, 60)
    finally:
        worker.send_signal(signal.SIGKILL)  # no chance to finish its batch or say goodbye
        worker.wait(30)
    again = _worker(site)
    try:
        _wait(lambda: _counts(site)[0] == 0, 120)
    finally:
        again.send_signal(signal.SIGTERM)
        assert again.wait(30) is not None
    waiting, placed, seqs = _counts(site)
    assert waiting == 0 and seqs == list(range(1, placed + 1))
    out = run(site, "audit", "verify").stdout
    assert f"TRP: intact ({placed} entries)" in out


def test_concurrent_writer_processes_and_threads_get_one_gap_free_order(site):
    _, before, _ = _counts(site)
    worker = _worker(site)
    try:
        writers = [
            subprocess.Popen(
                [*SIJILL, "shell", "-c", WRITE.format(per_thread=40, threads=4, name=f"p{p}")],
                env=site,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for p in range(4)
        ]
        for w in writers:
            _out, err = w.communicate(timeout=300)
            assert w.returncode == 0, err
        _wait(lambda: _counts(site)[0] == 0, 120)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
    _waiting, placed, seqs = _counts(site)
    assert placed >= before + 4 * 4 * 40 and seqs == list(range(1, placed + 1))
    assert f"TRP: intact ({placed} entries)" in run(site, "audit", "verify").stdout
    status = run(site, "audit", "status").stdout
    assert "0 waiting" in status
