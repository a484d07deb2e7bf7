"""Outcomes and steering on a demo region: the time to compute every indicator grouping, the budget
forecast of all municipalities and the signal refresh, and the response time of each dashboard page.

Full size is a 100,000-client region (the demo builds it first; that build is timed too)."""

from __future__ import annotations

import datetime as dt
import os
import time

from common import bench_env, run, summary


def _timed(fn, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return summary(samples)


def main(quick: bool = False) -> dict:
    clients = 5000 if quick else 100_000
    env = bench_env(f"uitkomsten-{clients}")
    run(["migrate", "-v0"], env)
    run(["referentiemodellen"], env)
    # BENCH_REUSE=1 measures an already built region again (the demo build alone takes minutes)
    demo_s = None if os.environ.get("BENCH_REUSE") else run(["demo", "--clients", str(clients), "--seed", "2018"], env)
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "UITKOMST_VAR_DIR")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from uitkomst.accounts.models import Gebruiker
    from uitkomst.accounts.services import gebruiker_create
    from uitkomst.catalogus.models import Product
    from uitkomst.contractering.models import Aanbieder
    from uitkomst.organisaties.models import Gemeente, Regio
    from uitkomst.sturing import budget, services
    from uitkomst.uitkomsten import selectors
    from uitkomst.uitkomsten.models import Uitkomstmeting

    regio = Regio.objects.get(code="ijsselland")
    gemeenten = list(Gemeente.objects.filter(regio=regio))
    today = timezone.localdate()
    repeat = 3 if quick else 5
    out = {"clients": clients, "demo_build_s": demo_s, "metingen": Uitkomstmeting.objects.count()}

    def alle_indicatoren():
        for groep in selectors.GROEPEN:
            selectors.indicatoren(groep=groep, regio_id=regio.pk, publiek=True)

    out["all_indicators"] = _timed(alle_indicatoren, repeat)
    out["budget_forecast_all_municipalities"] = _timed(
        lambda: budget.budget_prognose(gemeenten=gemeenten, jaar=today.year, peildatum=today), repeat
    )
    out["signals_refresh"] = _timed(lambda: services.signalen_verversen(op=today), 1 if not quick else 2)

    user = Gebruiker.objects.filter(username="bench-cm").first() or gebruiker_create(
        username="bench-cm", password="bench-wachtwoord-123", rol_code="regio-contractmanager", regio=regio,
        check_password=False,
    )  # fmt: skip
    client = Client()
    client.force_login(user)
    aanbieder = Aanbieder.objects.filter(is_synthetisch=True).order_by("agb_code").first()
    product = Product.objects.filter(inkoopmodel__code="ijsselland-jeugd-2018", code="P01-P").first()
    pages = {
        "monitor_region": "/sturing/monitor",
        "monitor_municipality": f"/sturing/monitor?gemeente={gemeenten[0].cbs_code}",
        "monitor_quarter": "/sturing/monitor?per=kwartaal",
        "account_talk_pack": f"/sturing/accountgesprek/{aanbieder.uuid}",
        "council_report": "/sturing/raadsrapportage",
        "indicators_per_provider": "/sturing/indicatoren?groep=aanbieder",
        "budgets": "/sturing/budgetten",
        "signal_centre": "/sturing/signalen",
        "tariff_review": f"/sturing/tariefherziening?jaar={today.year - 1}",
        "keuzehulp_product": f"/keuzehulp/{product.uuid}",
        "api_indicators": "/api/v1/indicatoren?groep=aanbieder",
        "api_budgets": "/api/v1/budgetten",
    }
    out["pages"] = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        stats = _timed(lambda url=url: client.get(url), repeat)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        stats["queries"] = len(ctx.captured_queries)
        out["pages"][name] = stats
        print(f"{name}: median {stats['median_s'] * 1000:.0f} ms, {stats['queries']} queries", flush=True)
    print(
        f"{clients} clients, {out['metingen']} measurements: demo {demo_s or 0:.0f} s; all indicators "
        f"{out['all_indicators']['median_s']:.2f} s; "
        f"budget forecast {out['budget_forecast_all_municipalities']['median_s']:.2f} s; "
        f"signals {out['signals_refresh']['median_s']:.2f} s; slowest page "
        f"{max(p['median_s'] for p in out['pages'].values()) * 1000:.0f} ms ({dt.date.today()})"
    )
    return out
