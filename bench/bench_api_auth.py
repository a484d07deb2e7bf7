"""The cost of authenticating an API call (issue 12: an OAuth2 token call costs under 30 ms of overhead;
HTTP Basic cost 0.9-1.3 s per call). The same list, ``GET /api/v1/trajecten`` as the demo provider,
once with the session cookie and once with a bearer token of an integration client of the same
provider (same role, same organisation, so the same rows), interleaved, ``REPEATS`` times each; the
medians and their difference are reported, plus the one-off cost of getting a token (the client
secret is a PBKDF2 hash, checked once per token, not per call).

A small demo database is built once under var/bench/api-auth.sqlite3 and reused; delete it to rebuild.
Calls go through the Django test client: real middleware, authentication, throttling, policy and
database, no network.

    .venv/bin/python bench/run.py api_auth
    .venv/bin/python bench/run.py api_auth --quick
"""

from __future__ import annotations

import base64
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, bench_env, run

PATH = "/api/v1/trajecten"


def worker(repeats: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    django.setup()
    from django.test import Client
    from oauth2_provider.models import Application

    from uitkomst.accounts import services
    from uitkomst.accounts.models import Gebruiker

    persoon = Gebruiker.objects.select_related("aanbieder").get(username="aanbieder")
    Application.objects.filter(name="bench-api-auth").delete()
    Gebruiker.objects.filter(username="integratie:bench-api-auth").delete()
    app, secret = services.integratieclient_maak(
        naam="bench-api-auth", rol_code="aanbieder", organisatie=persoon.aanbieder.agb_code
    )
    basic = "Basic " + base64.b64encode(f"{app.client_id}:{secret}".encode()).decode()
    started = time.perf_counter()
    r = Client().post("/oauth/token", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=basic)
    token_s = time.perf_counter() - started
    assert r.status_code == 200, r.content
    bearer = f"Bearer {r.json()['access_token']}"

    sessie = Client()
    sessie.force_login(persoon)
    token = Client()
    anoniem = Client()
    calls = {
        "sessie": lambda: sessie.get(PATH),
        "token": lambda: token.get(PATH, HTTP_AUTHORIZATION=bearer),
        "anoniem (401)": lambda: anoniem.get(PATH),
    }
    first = {name: call() for name, call in calls.items()}  # warm up (url resolving, schema caches)
    assert first["sessie"].json()["count"] == first["token"].json()["count"]
    assert first["anoniem (401)"].status_code == 401
    samples = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            t = time.perf_counter()
            response = call()
            samples[name].append(time.perf_counter() - t)
            assert response.status_code == (401 if name.startswith("anoniem") else 200), (name, response.status_code)
    result = {name: round(statistics.median(s) * 1000, 2) for name, s in samples.items()}
    result["rows"] = first["token"].json()["count"]
    result["token_request_ms"] = round(token_s * 1000, 1)
    print(json.dumps(result))


def main(quick: bool = False) -> dict:
    repeats = 50 if quick else 300
    env = bench_env("api-auth")
    env["UITKOMST_DEMO_PASSWORD"] = "bench-wachtwoord-123"
    # No rate limit while measuring (a limit would answer 429 long before the run ends).
    env["UITKOMST_API_LIMIET_CLIENT"] = env["UITKOMST_API_LIMIET_GEBRUIKER"] = env["UITKOMST_API_LIMIET_ANONIEM"] = ""
    db = env["DATABASE_URL"].removeprefix("sqlite:///")
    if not env["DATABASE_URL"].startswith("sqlite") or not Path(db).exists():
        run(["migrate", "-v0"], env)
        run(["referentiemodellen"], env)
        run(["demo", "--clients", "300", "--seed", "2018", "--no-progress"], env)
        run(["demogebruikers"], env)
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(repeats)],
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        check=True,
        capture_output=True,
        text=True,
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    overhead = round(r["token"] - r["sessie"], 2)
    print(f"GET {PATH} as the demo provider ({r['rows']} trajectories), median of {repeats}:")
    print(f"  session  {r['sessie']:7.2f} ms")
    print(f"  token    {r['token']:7.2f} ms   (overhead vs session {overhead:+.2f} ms; aim < 30 ms)")
    print(f"  anonymous 401 {r['anoniem (401)']:6.2f} ms")
    print(f"  getting a token (once per hour): {r['token_request_ms']:.1f} ms")
    return {"repeats": repeats, "median_ms": r, "token_overhead_ms": overhead}


if __name__ == "__main__" and "--worker" in sys.argv:
    worker(int(sys.argv[sys.argv.index("--worker") + 1]))
