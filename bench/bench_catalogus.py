"""Median response time of the catalogue page and the model API on a loaded database."""

from __future__ import annotations

import os
import time

from common import bench_env, run, summary


def main(quick: bool = False) -> dict:
    env = bench_env("catalogus")
    run(["migrate", "-v0"], env)
    run(["referentiemodellen"], env)
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "UITKOMST_VAR_DIR")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from uitkomst.catalogus.models import Inkoopmodel

    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    client = Client()
    out = {}
    for name, url in {
        "matrix_page": f"/catalogus/{model.uuid}",
        "model_api": f"/api/v1/inkoopmodellen/{model.uuid}",
        "products_api": "/api/v1/producten?pageSize=500",
    }.items():
        client.get(url)  # warm up
        samples = []
        for _ in range(10 if quick else 50):
            t = time.perf_counter()
            assert client.get(url).status_code == 200
            samples.append(time.perf_counter() - t)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        stats = summary(samples) | {"queries": len(ctx.captured_queries)}
        out[name] = stats
        print(f"{name}: median {stats['median_s'] * 1000:.1f} ms, p90 {stats['p90_s'] * 1000:.1f} ms, "
              f"{stats['queries']} queries")
    return out
