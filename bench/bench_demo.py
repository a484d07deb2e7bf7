"""How long `uitkomst demo --clients N` takes and how much memory it needs (issue 13 aim: 100,000
clients in under 90 s wall with flat memory under 500 MB), on SQLite and on PostgreSQL.

Every build starts from the same fresh database (migrated, reference models loaded: a copied SQLite
file, a PostgreSQL database made from a template), so each run measures a first build. Per database
and size: the median of the runs of wall time, CPU time (user + system) and peak RSS of the build
process itself, and their ratio to the aim (1.0 = on the aim, below is better); plus the time per
client against the 2,000-client build (1.0 = linear). The load average is recorded too: on a shared
machine wall time grows with the load, CPU time much less.

    .venv/bin/python bench/run.py demo            # 2,000 and 100,000 clients, 3 runs each
    .venv/bin/python bench/run.py demo --quick    # 2,000 and 10,000 clients, 1 run each
    BENCH_DEMO_RUNS=7 BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/run.py demo
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time

from common import ROOT, UITKOMST, run

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
AIM_SECONDS, AIM_RSS_MB = 90.0, 500.0  # issue 13, at 100,000 clients
REFERENCE = 2_000  # the per-client reference size


# the command's phase lines on stderr: "[  12.6 s, CPU    8.1 s] bezig met <phase> …"
_FASE = re.compile(r"\[\s*([\d.]+) s, CPU\s+([\d.]+) s\] bezig met (.+?) …")
_KLAAR = re.compile(r"Demoregio gebouwd in ([\d.]+) s \(CPU ([\d.]+) s\)")  # the end of the last phase


def _fasen(log: str) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds per phase, from the moments the command reports each phase's start."""
    punten = [("cliënten en verwijzingen", 0.0, 0.0)]
    punten += [(naam, float(wall), float(cpu)) for wall, cpu, naam in _FASE.findall(log)]
    punten += [("", float(wall), float(cpu)) for wall, cpu in _KLAAR.findall(log)]
    return {
        naam: {"wall_s": round(w2 - w1, 1), "cpu_s": round(c2 - c1, 1)}
        for (naam, w1, c1), (_, w2, c2) in zip(punten, punten[1:], strict=False)
    }


def _proc(pid: int) -> tuple[dict[str, int], float]:
    """(RssAnon, RssFile in kB; seconds spent waiting for a CPU) of a running process (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = {k: int(v.split()[0]) for k, v in (r.split(":", 1) for r in f) if k in ("RssAnon", "RssFile")}
        with open(f"/proc/{pid}/schedstat") as f:
            return rss, int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return {}, 0.0


def _build(args: list[str], env: dict[str, str]) -> dict:
    """Wall seconds, CPU seconds and peak RSS (MB) of one command, measured on the child process
    itself; plus wall and CPU seconds per phase, as the command reports them. Sampled every quarter
    second: the peaks of the heap (RssAnon) and of mapped files (RssFile, the SQLite file when
    ``mmap_size`` maps it) apart, and the time the process waited for a CPU (on a shared machine
    most of the gap between wall and CPU time)."""
    started = time.perf_counter()
    piek = {"RssAnon": 0, "RssFile": 0}
    wachten = 0.0
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(UITKOMST + args, env=env, stdout=err, stderr=err)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            rss, w = _proc(proc.pid)
            piek = {k: max(v, rss.get(k, 0)) for k, v in piek.items()}
            wachten = max(wachten, w)
            time.sleep(0.25)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        err.seek(0)
        log = err.read()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, args)
    return {
        "wall_s": time.perf_counter() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "runqueue_wait_s": round(wachten, 1),
        "peak_rss_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
        "peak_rss_anon_mb": round(piek["RssAnon"] / 1024),
        "peak_rss_file_mb": round(piek["RssFile"] / 1024),
        "load_1min": os.getloadavg()[0],
        "fasen": _fasen(log),
    }


def _psql(sql: str) -> None:
    subprocess.run(["psql", PG_URL, "-qc", sql], check=True, capture_output=True)


class _Database:
    """A fresh database per build: the template is migrated once, each build gets a copy."""

    def __init__(self, vendor: str):
        self.vendor = vendor
        self.var = ROOT / "var" / "bench"
        self.var.mkdir(parents=True, exist_ok=True)
        if vendor == "sqlite":
            self.template = self.var / "demo-template.sqlite3"
            self.copy = self.var / "demo.sqlite3"
            for p in self.var.glob("demo*.sqlite3*"):
                p.unlink()
            url = f"sqlite:///{self.template}"
        else:
            _psql("DROP DATABASE IF EXISTS bench_demo")
            _psql("DROP DATABASE IF EXISTS bench_demo_template")
            _psql("CREATE DATABASE bench_demo_template")
            url = PG_URL.rsplit("/", 1)[0] + "/bench_demo_template"
        env = self.env(url)
        run(["migrate", "-v0"], env)
        run(["referentiemodellen"], env)

    @staticmethod
    def env(url: str) -> dict[str, str]:
        return dict(os.environ, DATABASE_URL=url, UITKOMST_VAR_DIR=str(ROOT / "var"))

    def fresh(self) -> dict[str, str]:
        if self.vendor == "sqlite":
            for p in self.var.glob("demo.sqlite3*"):
                p.unlink()
            shutil.copyfile(self.template, self.copy)
            return self.env(f"sqlite:///{self.copy}")
        _psql("DROP DATABASE IF EXISTS bench_demo")
        _psql("CREATE DATABASE bench_demo TEMPLATE bench_demo_template")
        return self.env(PG_URL.rsplit("/", 1)[0] + "/bench_demo")


def _vendor(vendor: str, sizes: list[int], runs: int) -> dict:
    try:
        database = _Database(vendor)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"{vendor}: not reachable ({exc}); skipped", flush=True)
        return {}
    out = {}
    for n in sizes:
        samples = [
            _build(["demo", "--clients", str(n), "--seed", "2018", "--no-progress"], database.fresh())
            for _ in range(runs if n > REFERENCE else 1)
        ]
        med = {k: statistics.median(s[k] for s in samples) for k in samples[0] if k != "fasen"}
        out[f"clients_{n}"] = {
            "runs": len(samples),
            **{f"median_{k}": round(v, 2) for k, v in med.items()},
            "samples": samples,
        }
        print(
            f"{vendor} demo --clients {n}: median {med['wall_s']:.1f} s wall, {med['cpu_s']:.1f} s CPU, "
            f"peak RSS {med['peak_rss_mb']:.0f} MB (heap {med['peak_rss_anon_mb']:.0f} MB, mapped files "
            f"{med['peak_rss_file_mb']:.0f} MB), waited {med['runqueue_wait_s']:.0f} s for a CPU "
            f"({len(samples)} runs, load {med['load_1min']:.1f})",
            flush=True,
        )
    ref, large = out[f"clients_{REFERENCE}"], out[f"clients_{sizes[-1]}"]
    factor = sizes[-1] / REFERENCE
    large["ratio_wall_to_aim"] = round(large["median_wall_s"] / AIM_SECONDS, 2)
    large["ratio_rss_to_aim"] = round(large["median_peak_rss_mb"] / AIM_RSS_MB, 2)
    large["ratio_cpu_per_client_to_2000"] = round(large["median_cpu_s"] / (ref["median_cpu_s"] * factor), 2)
    print(
        f"  {sizes[-1]:,} clients: wall {large['ratio_wall_to_aim']:.2f}x the 90 s aim, peak RSS "
        f"{large['ratio_rss_to_aim']:.2f}x the 500 MB aim, CPU per client "
        f"{large['ratio_cpu_per_client_to_2000']:.2f}x the 2,000-client build's (1.0 = linear)"
    )
    return out


def main(quick: bool = False) -> dict:
    sizes = [REFERENCE, 10_000] if quick else [REFERENCE, 100_000]
    runs = int(os.environ.get("BENCH_DEMO_RUNS", "1" if quick else "3"))
    result = {"aim": {"seconds": AIM_SECONDS, "peak_rss_mb": AIM_RSS_MB, "clients": 100_000}}
    for vendor in ("sqlite", "postgresql"):
        r = _vendor(vendor, sizes, runs)
        if r:
            result[vendor] = r
    return result
