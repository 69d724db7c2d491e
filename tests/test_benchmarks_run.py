"""The benchmarks still run (tiny sizes; figures are not checked here: benchmarks measure, tests don't)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_audit_benchmark_runs():
    out = _run("bench/audit.py", "--size", "20")
    assert "writes/s" in out and "baseline" in out


def test_names_benchmark_runs():
    out = _run("bench/names.py", "--persons", "400", "--queries", "40", "--brute", "5", "--database", "sqlite")
    assert "recall@10" in out and "exact (normalised)" in out and "logic-v2" in out
    assert "nationality set" in out and "rapidfuzz, main names" in out


def test_import_benchmark_runs():
    out = _run("bench/import.py", "--rows", "300", "--database", "sqlite")
    assert "sijill import" in out and "baseline" in out and "rows/s" in out and "peak memory" in out


def test_linkage_benchmark_runs():
    out = _run("bench/linkage.py", "--persons", "400", "--febrl-persons", "500")
    assert "automatic links only" in out and "FEBRL4, Splink example settings" in out and "namesake" in out
