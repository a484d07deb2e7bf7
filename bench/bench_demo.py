"""How long `uitkomst demo --clients N` takes and how much memory it needs (issue 13: 100,000 clients
under 90 s wall, flat memory under 500 MB). Wall time and peak RSS of the build process, per size;
SQLite by default, PostgreSQL when DATABASE_URL points there."""

from __future__ import annotations

import os
import subprocess
import time

from common import UITKOMST, bench_env, run


def _build(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one command, measured on the child process itself."""
    started = time.perf_counter()
    proc = subprocess.Popen(UITKOMST + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, args)
    return time.perf_counter() - started, usage.ru_maxrss / 1024  # Linux: kilobytes


def main(quick: bool = False) -> dict:
    sizes = [2_000, 10_000] if quick else [2_000, 100_000]
    env = bench_env("demo")
    if "sqlite" in env["DATABASE_URL"]:
        path = env["DATABASE_URL"].removeprefix("sqlite:///")
        if os.path.exists(path):
            os.remove(path)
    run(["migrate", "-v0"], env)
    run(["referentiemodellen"], env)
    result = {"database": "postgresql" if "postgres" in env["DATABASE_URL"] else "sqlite"}
    for n in sizes:
        seconds, rss = _build(["demo", "--clients", str(n), "--seed", "2018", "--no-progress"], env)
        result[f"clients_{n}"] = {
            "seconds": round(seconds, 1),
            "clients_per_second": round(n / seconds),
            "peak_rss_mb": round(rss),
        }
        print(f"demo --clients {n}: {seconds:.1f} s ({n / seconds:.0f} clients/s), peak RSS {rss:.0f} MB")
    small, large = sizes
    ratio = result[f"clients_{large}"]["seconds"] / result[f"clients_{small}"]["seconds"]
    result["scaling_ratio"] = round(ratio, 2)
    print(f"time ratio {large}/{small} clients: {ratio:.2f} ({large / small:.1f} = linear)")
    for regio in ("rijnmond", "wbw"):
        args = ["demo", "--clients", str(small), "--seed", "2018", "--regio", regio, "--no-progress"]
        seconds, rss = _build(args, env)
        result[f"{regio}_{small}"] = {"seconds": round(seconds, 1), "peak_rss_mb": round(rss)}
        print(f"demo --regio {regio} --clients {small}: {seconds:.1f} s, peak RSS {rss:.0f} MB")
    return result
