"""The federation benchmark still runs (tiny sizes; figures are not checked: benchmarks measure)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_federation_benchmark_runs():
    done = subprocess.run(
        [sys.executable, "bench/federation.py", "--writes", "50", "--changes", "300"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "lag p99" in done.stdout and "lost or duplicated rows = 0" in done.stdout
