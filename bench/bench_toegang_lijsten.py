"""List pages and API of access and trajectories on a large demo region (issue 4: within a fraction
of a second on 100,000 clients). Reports the median response time per list, per role.

The demo database is built once under var/bench/toegang-<N>.sqlite3 and reused; delete it to rebuild.
Each list is requested ``REPEATS`` times in one process (Django test client, real middleware,
templates, audit logging and database); the median is reported.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, bench_env, run

REPEATS = 15
LISTS = [
    ("toegang-zwolle", "/toegang/"),
    ("toegang-zwolle", "/toegang/?zonder_plan=1"),
    ("toegang-zwolle", "/toegang/clienten"),
    ("toegang-zwolle", "/toegang/clienten?pagina=3"),
    ("toegang-zwolle", "/trajecten/"),
    ("toegang-zwolle", "/trajecten/?status=gestart"),
    ("toegang-zwolle", "/toegang/goedkeuren"),
    ("contractmanager", "/trajecten/"),
    ("contractmanager", "/trajecten/?status=afgesloten&pagina=5"),
    ("contractmanager", "/trajecten/wachttijden"),
    ("contractmanager", "/trajecten/signalen"),
    ("aanbieder", "/trajecten/inbox"),
    ("aanbieder", "/trajecten/"),
    ("privacy", "/audit/"),
    ("toegang-zwolle", "/api/v1/clienten"),
    ("toegang-zwolle", "/api/v1/verwijzingen"),
    ("toegang-zwolle", "/api/v1/toewijzingen"),
    ("contractmanager", "/api/v1/trajecten"),
    ("contractmanager", "/api/v1/trajecten?status=afgesloten&page=3"),
    ("aanbieder", "/api/v1/trajecten"),
]


def worker() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    django.setup()
    from django.test import Client

    from uitkomst.accounts.models import Gebruiker

    result = {}
    for username, path in LISTS:
        client = Client()
        client.force_login(Gebruiker.objects.get(username=username))
        samples = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        result[f"{username} {path}"] = {"median_ms": round(statistics.median(samples) * 1000, 1)}
    print(json.dumps(result))


def main(quick: bool = False) -> dict:
    clients = 5_000 if quick else 100_000
    env = bench_env(f"toegang-{clients}")
    env["UITKOMST_DEMO_PASSWORD"] = "bench-wachtwoord-123"
    # The lists are measured, not the login: no TOTP step for the privacy officer's force_login.
    env["UITKOMST_OTP_ROLLEN"] = ""
    db = env["DATABASE_URL"].removeprefix("sqlite:///")
    build_seconds = None
    if not env["DATABASE_URL"].startswith("sqlite") or not Path(db).exists():
        run(["migrate", "-v0"], env)
        run(["referentiemodellen"], env)
        build_seconds = run(["demo", "--clients", str(clients), "--seed", "2018", "--no-progress"], env)
        run(["demogebruikers"], env)
        print(f"demo --clients {clients} (incl. plans and trajectories): {build_seconds:.1f} s")
    out = subprocess.run(
        [sys.executable, __file__, "--worker"],
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        check=True,
        capture_output=True,
        text=True,
    )
    medians = json.loads(out.stdout.strip().splitlines()[-1])
    for name, value in medians.items():
        print(f"{value['median_ms']:8.1f} ms  {name}")
    worst = max(v["median_ms"] for v in medians.values())
    print(f"slowest median: {worst:.1f} ms over {len(medians)} lists ({clients} clients)")
    return {"clients": clients, "demo_build_s": build_seconds, "lists": medians, "slowest_median_ms": worst}


if __name__ == "__main__" and "--worker" in sys.argv:
    worker()
