"""Median time to read a 20-page procurement PDF and to refuse a 150 kB DOCX bomb (issue 15 aims:
under 2 s and under 200 MB each), in process and as a cold ``uitkomst classify --text`` (a fresh
process each run: wall clock, CPU and maximum resident size, with the lemma cache warm and with the
cache switched off, and the load average, since two cores are shared). The documents are the
synthetic ones the tests build."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from common import ROOT, UITKOMST, bench_env, run


def koude_cli(pdf: bytes, env: dict[str, str], runs: int) -> dict:
    """``uitkomst classify --text`` as a fresh process, ``runs`` times per cache state (median wall
    clock and CPU seconds, largest maximum resident size), with the load average before and after."""
    out: dict = {"load_voor": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inkoop_20_paginas.pdf"
        path.write_bytes(pdf)
        states = {"cache_warm": str(Path(tmp) / "cache"), "zonder_cache": ""}
        for state, cache in states.items():
            run_env = {**env, "UITKOMST_CACHE_DIR": cache}
            if cache:  # fill the cache once, as the first run on a machine does
                subprocess.run(
                    [*UITKOMST, "classify", "--text", str(path)], env=run_env, check=True, stdout=subprocess.DEVNULL
                )
            walls, cpus, rss = [], [], []
            for _ in range(runs):
                t = time.perf_counter()
                proc = subprocess.Popen(
                    [*UITKOMST, "classify", "--text", str(path)],
                    env=run_env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                _pid, status, usage = os.wait4(proc.pid, 0)
                walls.append(time.perf_counter() - t)
                if os.waitstatus_to_exitcode(status) != 0:
                    raise RuntimeError(f"classify --text failed ({state})")
                cpus.append(usage.ru_utime + usage.ru_stime)
                rss.append(usage.ru_maxrss / 1024)
            out[state] = {
                "median_s": round(statistics.median(walls), 3),
                "median_cpu_s": round(statistics.median(cpus), 3),
                "max_rss_mb": round(max(rss), 1),
                "runs": runs,
            }
            print(
                f"classify --text koud ({state}): median {out[state]['median_s']} s wall, "
                f"{out[state]['median_cpu_s']} s CPU, max {out[state]['max_rss_mb']} MB over {runs} runs"
            )
    out["load_na"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average voor {out['load_voor']}, na {out['load_na']}")
    return out


def main(quick: bool = False) -> dict:
    env = bench_env("contractvormen")
    run(["migrate", "-v0"], env)
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "UITKOMST_VAR_DIR")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    import django

    django.setup()
    sys.path.insert(0, str(ROOT))
    from tests.contractvormen.helpers import make_docx_bomb, make_pdf, pages_of
    from tests.contractvormen.test_documenten import ONTWIKKELTEKST

    from uitkomst.contractvormen import services
    from uitkomst.utils.errors import DomainError

    pdf = make_pdf(pages=pages_of(ONTWIKKELTEKST, n_pages=20))
    bomb = make_docx_bomb()
    out = {}
    for name, data in {"pdf_20_paginas": pdf, "docx_bom": bomb}.items():
        samples = []
        for _ in range(3 if quick else 7):
            t = time.perf_counter()
            with contextlib.suppress(DomainError):
                services.tekst_lezen(data=data)
            samples.append(time.perf_counter() - t)
        tracemalloc.start()
        with contextlib.suppress(DomainError):
            services.tekst_lezen(data=data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        out[name] = {
            "median_s": round(statistics.median(samples), 3),
            "runs": len(samples),
            "peak_mb_traced": round(peak / 2**20, 1),
        }
        print(
            f"{name}: median {out[name]['median_s']} s over {len(samples)} runs, "
            f"peak {out[name]['peak_mb_traced']} MB (tracemalloc)"
        )
    out["classify_cli_koud"] = koude_cli(pdf, env, 3 if quick else 5)
    return out


if __name__ == "__main__":
    main()
