"""The real `sijill` command in a subprocess, on its own SQLite database."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SIJILL = [sys.executable, "-m", "sijill.cli"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "SIJILL_VAR_DIR": str(var),
        "SIJILL_DATABASE_URL": f"sqlite:///{var / 'cli.sqlite3'}",
        "SIJILL_SITE": "TRP",
    }
    env.pop("SIJILL_TESTING", None)
    run(env, "migrate", "--no-input", "-v", "0")
    return env


def run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([*SIJILL, *args], env=env, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(result.stdout + result.stderr)
    return result


def _db(env: dict[str, str]) -> Path:
    return Path(env["SIJILL_VAR_DIR"]) / "cli.sqlite3"


def test_demo_is_idempotent(site):
    first = run(site, "demo").stdout
    assert "t1" in first and "Sijill#Demo2026" in first
    with sqlite3.connect(_db(site)) as db:
        counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("organisation_unit", "accounts_user")]
    run(site, "demo")
    with sqlite3.connect(_db(site)) as db:
        again = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("organisation_unit", "accounts_user")]
    assert counts == again and counts[0] > 100


def test_createuser_refuses_weak_password_and_accepts_good_one(site):
    run(site, "demo")
    bad = run(
        site,
        "createuser",
        "weak.user",
        "--role",
        "investigator",
        "--unit",
        "tripoli-cid",
        "--password",
        "123",
        check=False,
    )
    assert bad.returncode != 0
    good = run(
        site,
        "createuser",
        "new.investigator",
        "--role",
        "investigator",
        "--unit",
        "tripoli-cid",
        "--name",
        "سالم امبارك الورفلي",
        "--password",
        "Qasr-Ahmed-2026x",
    )
    assert "created new.investigator" in good.stdout


def test_audit_verify_exit_code_and_tampering(site):
    run(site, "demo")
    assert "entries sequenced" in run(site, "audit", "sequence").stdout  # what `sijill worker` does continuously
    ok = run(site, "audit", "verify")
    assert "TRP: intact" in ok.stdout
    with sqlite3.connect(_db(site)) as db:
        db.execute("UPDATE audit_auditentry SET purpose = 'rewritten' WHERE seq = 1 AND site = 'TRP'")
    broken = run(site, "audit", "verify", check=False)
    assert broken.returncode == 1
    assert "BROKEN at entry #1" in broken.stdout


def test_link_run_review_and_status(site):
    run(site, "demo")
    out = run(site, "link", "run", "--scope", "cross-site", "--language", "en").stdout
    assert "2 pairs linked automatically, 2 sent to review" in out
    # A reviewer judges the queue in the terminal: a reason is required, then the next pair comes.
    review = subprocess.run(
        [*SIJILL, "link", "review", "--as", "clerk", "--language", "en"],
        env=site, input="y\nsame national number\nn\nanother man, born five years later\n",
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert review.returncode == 0, review.stderr
    assert review.stdout.count("Recorded.") == 2 and "Against:" in review.stdout
    status = run(site, "link", "status", "--as", "clerk", "--language", "en").stdout
    assert "Pairs waiting for a judgement: 0" in status
    with sqlite3.connect(_db(site)) as db:
        verdicts = sorted(r[0] for r in db.execute("SELECT verdict FROM linkage_linkdecision WHERE source = 'human'"))
    assert verdicts == ["no", "yes"]
    # Only roles that hold link.review may judge; the command says so and exits non-zero.
    refused = run(site, "link", "review", "--as", "checkpoint", "--language", "en", check=False)
    assert refused.returncode != 0 and "role" in refused.stderr.lower()
