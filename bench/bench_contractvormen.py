"""Median time to read a 20-page procurement PDF and to refuse a 150 kB DOCX bomb (issue 15 aims:
under 2 s and under 200 MB each). The documents are the synthetic ones the tests build."""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import time
import tracemalloc

from common import ROOT, bench_env, run


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
        out[name] = {"median_s": round(statistics.median(samples), 3), "runs": len(samples),
                     "peak_mb_traced": round(peak / 2**20, 1)}
        print(f"{name}: median {out[name]['median_s']} s over {len(samples)} runs, "
              f"peak {out[name]['peak_mb_traced']} MB (tracemalloc)")
    return out


if __name__ == "__main__":
    main()
