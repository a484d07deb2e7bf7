"""Helpers for benchmarks: a throw-away database under var/bench and timing statistics."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UITKOMST = [str(ROOT / ".venv" / "bin" / "uitkomst")]


def bench_env(name: str) -> dict[str, str]:
    """Environment for a benchmark database: SQLite under var/bench/<name>, unless DATABASE_URL is set."""
    env = dict(os.environ)
    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    env.setdefault("DATABASE_URL", f"sqlite:///{var / (name + '.sqlite3')}")
    env.setdefault("UITKOMST_VAR_DIR", str(ROOT / "var"))
    return env


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(UITKOMST + args, env=env, check=True, stdout=sys.stdout, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(samples),
        "median_s": statistics.median(ordered),
        "p90_s": ordered[max(0, int(len(ordered) * 0.9) - 1)],
        "min_s": ordered[0],
    }
