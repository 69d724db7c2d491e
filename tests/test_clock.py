"""SIJILL_TEST_CLOCK moves the clock of a whole test session (the moved-clock run of .ci/run)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_moved_clock_reaches_every_test():
    # 01:00 in Tripoli is still the previous day in UTC: a test mixing the two shows up too.
    env = {**os.environ, "SIJILL_TEST_CLOCK": "2027-01-31T01:00:00+02:00"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", str(ROOT / "tests" / "clock_probe.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
