"""Runs every benchmark module bench/bench_*.py and writes their results to bench/results/.

Each module exposes ``main(quick: bool) -> dict`` and prints its own report. Benchmarks are not
tests: they measure (medians, ratios) and never fail a build on a number.

    .venv/bin/python bench/run.py            # all, full size
    .venv/bin/python bench/run.py --quick    # all, small sizes (smoke run)
    .venv/bin/python bench/run.py demo       # only modules whose name contains 'demo'
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("only", nargs="*", help="run only modules whose name contains one of these")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results = {"machine": {"python": platform.python_version(), "cpu": platform.processor() or platform.machine()},
               "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "quick": args.quick, "benchmarks": {}}
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only and not any(o in path.stem for o in args.only):
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(HERE))
        spec.loader.exec_module(module)
        print(f"== {path.stem}", flush=True)
        results["benchmarks"][path.stem] = module.main(quick=args.quick)
    out = HERE / "results" / ("quick.json" if args.quick else "latest.json")
    if out.exists():  # keep the results of modules not run this time
        previous = json.loads(out.read_text())
        results["benchmarks"] = previous.get("benchmarks", {}) | results["benchmarks"]
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"results written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
