"""Validating a year of invoices of a 100,000-client region: lines per second (median of runs).

Builds, in memory, the facts of a region like the demo (about 85% of clients with a trajectory,
spread over trajectory prices with 50/50 and monthly schedules, weekly tariffs, arrangements and
P×Q units, some ended early), then judges twelve monthly invoices per provider with the same
function the service uses (``declaraties.regels.beoordeel``), with consumption carried over the
year (so double claims and budgets are really checked). A few percent of lines are wrong on purpose.
Database time (loading facts, bulk insert) is not in this number; the demo build measures that.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from decimal import Decimal

from common import bench_env


def _setup() -> None:
    env = bench_env("declaraties")
    os.environ.update({k: v for k, v in env.items() if k in ("DATABASE_URL", "UITKOMST_VAR_DIR")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    import django

    django.setup()


def _facts(clients: int, rng: random.Random, jaar: int):
    from uitkomst.declaraties import regels as r

    half = r.termijnen_uit([("start", Decimal("0.5"), 1), ("einde", Decimal("0.5"), 1)])
    maand = r.termijnen_uit([("maandelijks", Decimal("0.0833"), 11), ("maandelijks", Decimal("0.0837"), 1)])
    varianten = [
        ("traject", half, 6),
        ("traject", maand, 2),
        ("week", [], 1),
        ("arrangement", half, 1),
        ("inspanning", [], 0.3),
    ]
    out = {}
    for i in range(int(clients * 0.85)):
        bekostiging, termijnen, _ = rng.choices(varianten, weights=[v[2] for v in varianten])[0]
        start = dt.date(jaar, 1, 1) + dt.timedelta(days=rng.randrange(-200, 330))
        eind = r.add_months(start, 12 if termijnen is maand else rng.choice((6, 12))) - dt.timedelta(days=1)
        gestart = start + dt.timedelta(days=rng.randrange(0, 10))
        beeindigd = None
        if rng.random() < 0.6:
            beeindigd = min(eind, gestart + dt.timedelta(days=rng.randrange(30, 360)))
        budget = {"week": Decimal("190.00"), "inspanning": Decimal("62.50")}.get(
            bekostiging, Decimal(rng.choice(["2900.00", "7600.00", "11800.00", "17500.00"]))
        )
        nummer = f"TW{i:08d}"
        out[nummer] = r.ToewijzingFeit(
            pk=i,
            nummer=nummer,
            aanbieder_id=i % 40,
            gemeente_id=i % 11,
            client_id=i,
            product_id=1,
            product_code="P",
            bekostiging=bekostiging,
            startdatum=start,
            einddatum=eind,
            budget=budget,
            status="beeindigd" if beeindigd else "gestart",
            gestart_op=gestart,
            beeindigd_op=beeindigd,
            reden_beeindiging="31" if rng.random() < 0.75 else "32",
            termijnen=termijnen,
            volume=Decimal(60) if bekostiging == "inspanning" else None,
            prijzen=[(dt.date(2015, 1, 1), None, Decimal("62.50"))],
        )
    return out


def _invoices(feiten, rng, jaar):
    from uitkomst.declaraties import regels as r

    per = {}
    for f in feiten.values():
        per.setdefault(f.aanbieder_id, []).append(f)
    out = []
    for m in range(1, 13):
        van = dt.date(jaar, m, 1)
        tot = r.add_months(van, 1) - dt.timedelta(days=1)
        for aanbieder_id, lijst in per.items():
            invoer = []
            for f in lijst:
                einde = f.beeindigd_op or f.einddatum
                if f.gestart_op > tot or einde < van:
                    continue
                lv, lt = max(van, f.gestart_op), min(tot, einde)
                if f.bekostiging in ("traject", "arrangement"):
                    ks = []
                    for t in f.termijnen:
                        dag = {"start": f.gestart_op, "einde": f.beeindigd_op}.get(t.moment)
                        if t.moment == "maandelijks":
                            dag = r.add_months(f.gestart_op, t.nummer - 1)
                        if dag and lv <= dag <= lt:
                            ks.append(t.nummer)
                    regels = [r.Invoer(0, f.nummer, lv, lt, termijn=k) for k in ks]
                elif f.bekostiging == "week":
                    regels = [r.Invoer(0, f.nummer, lv, lt)]
                else:
                    regels = [r.Invoer(0, f.nummer, lv, lt, aantal=Decimal(rng.randint(2, 7)))]
                for inv in regels:
                    if rng.random() < 0.03:
                        inv.bedrag = Decimal("99999.00")
                    invoer.append(inv)
            for i, inv in enumerate(invoer, 1):
                inv.regelnummer = i
            if invoer:
                out.append((aanbieder_id, van, tot, invoer))
    return out


def main(quick: bool = False) -> dict:
    _setup()
    from uitkomst.declaraties import regels as r

    clients = 10_000 if quick else 100_000
    jaar = 2025
    vandaag = dt.date(2026, 6, 1)
    rng = random.Random(2018)
    feiten = _facts(clients, rng, jaar)
    invoices = _invoices(feiten, rng, jaar)
    lines = sum(len(x[3]) for x in invoices)
    samples, refused = [], 0
    for _ in range(3 if quick else 5):
        verbruik: dict = {}
        started = time.perf_counter()
        refused = 0
        for aanbieder_id, van, tot, invoer in invoices:
            for u in r.beoordeel(
                aanbieder_id=aanbieder_id,
                begindatum=van,
                einddatum=tot,
                regels=invoer,
                toewijzingen=feiten,
                lumpsums={},
                credits={},
                verbruik=verbruik,
                vandaag=vandaag,
            ):
                refused += not u.toegekend
        samples.append(time.perf_counter() - started)
    median = statistics.median(samples)
    result = {
        "clients": clients,
        "invoices": len(invoices),
        "lines": lines,
        "refused": refused,
        "median_s": round(median, 3),
        "lines_per_second": round(lines / median),
    }
    print(
        f"{clients} clients: {len(invoices)} invoices, {lines} lines ({refused} refused) judged in "
        f"{median:.2f} s (median of {len(samples)}) = {lines / median:,.0f} lines/s"
    )
    return result


if __name__ == "__main__":
    main(quick=False)
