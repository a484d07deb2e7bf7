"""Message throughput (issue 11): JW305/JW307 per second and JW323 prestaties per second, on SQLite
and on PostgreSQL, median of 5 runs.

Messages are received as the mailbox and ``berichten verwerk`` receive them: in batches through
``services.berichten_ontvangen`` (``PER_TRANSACTIE`` messages per transaction, each message in its own
savepoints with its own outcome; 305/307, 323 and storing only through the batch path,
docs/berichten.md).
What is measured, per message, end to end as the product does
it: the technical checks (size, encoding, DTD, XSD), reading, the log (BSN encrypted, hash,
duplicates), the rules of the standard, the change through the services (accept + start, or end
with the evaluation; the invoice through ``declaraties`` with its rules) and the answer written and
validated (306/308/325). Separately: only checking and storing (``verwerken=False``), the floor of
the pipeline.

Besides messages (or prestaties) per second of wall time, ``per_cpu_s`` gives the same per second of
CPU time of the receiving process: the machine's two cores are shared, so the wall figures move with
the load; on PostgreSQL the server's CPU time is not in it. The setup's objects are frozen out of
the garbage collector before the runs (``gc.freeze``; see ``worker``).

A fresh database per run (SQLite under var/bench/, PostgreSQL: database ``bench_berichten`` on
``BENCH_PG_URL``, default postgres://postgres@127.0.0.1:5432, dropped and created). The data are
inserted in bulk: one weekly-tariff product, one provider, clients with an assignment each.

    .venv/bin/python bench/run.py berichten            # SQLite and PostgreSQL (when reachable)
    .venv/bin/python bench/run.py berichten --quick
    BENCH_PG_DB= .venv/bin/python bench/run.py berichten     # SQLite only (BENCH_PG_DB: the PostgreSQL database)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time

from common import ROOT, bench_env, run

RUNS = 5


def _setup(n: int):
    """n clients with an assignment each (weekly tariff), half accepted, half started."""
    from decimal import Decimal

    from django.utils import timezone

    from uitkomst.accounts import policy
    from uitkomst.catalogus import services as catalogus
    from uitkomst.catalogus.models import Bekostigingsvorm, Wet
    from uitkomst.contractering import services as contractering
    from uitkomst.organisaties.models import Gemeente, Regio
    from uitkomst.toegang import bsn as bsn_tools
    from uitkomst.toegang.models import Client, Doel, Gezinsplan, Verwijzing
    from uitkomst.trajecten.models import Toewijzing, Traject

    door = policy.systeem_actor("bench")
    regio = Regio.objects.get(code="ijsselland")
    zwolle = Gemeente.objects.get(cbs_code="0193")
    model = catalogus.inkoopmodel_create(
        door=door,
        regio=regio,
        code="bench-berichten",
        naam="Bench",
        wet=Wet.JEUGDWET,
        geldig_van=dt.date(2024, 1, 1),
        geldig_tot=dt.date(2028, 12, 31),
    )
    product = catalogus.product_create(
        door=door,
        inkoopmodel=model,
        code="WEEK",
        naam="Weektarief",
        bekostiging=Bekostigingsvorm.WEEK,
        tariefeenheid="week",
        ijw_eenheid="82",
        productcategorie="45",
        productcode_ijw="45WK1",
    )
    tarief = catalogus.tarief_create(door=door, product=product, bedrag=Decimal("190.00"), geldig_van=model.geldig_van)
    aanbieder = contractering.aanbieder_create(
        naam="Bench Jeugdhulp", agb_code="77770001", kvk_nummer="77770001", omschrijving="bench", door=door
    )
    contractering.raamovereenkomst_create(
        aanbieder=aanbieder,
        inkoopmodel=model,
        producten=[product],
        ingangsdatum=dt.date(2024, 1, 1),
        initiele_looptijd_maanden=48,
        door=door,
    )
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=370)).replace(day=1)
    end = today.replace(day=1) - dt.timedelta(days=1)
    now = timezone.now()
    bsns = []
    k = 300000000
    while len(bsns) < n:
        k += 1
        s = f"{k:09d}"
        if (sum(int(c) * w for c, w in zip(s[:8], range(9, 1, -1), strict=True)) - int(s[8])) % 11 == 0:
            bsns.append(s)
    clients = Client.objects.bulk_create(
        Client(
            bsn_versleuteld=bsn_tools.encrypt(b),
            bsn_pseudoniem=bsn_tools.pseudonym(b),
            geboortedatum=dt.date(2012, 1, 1),
            gemeente=zwolle,
        )
        for b in bsns
    )
    refs = Verwijzing.objects.bulk_create(
        Verwijzing(client=c, gemeente=zwolle, verwijzer_type="01", datum=start, inkoopmodel=model, product=product)
        for c in clients
    )
    plans = Gezinsplan.objects.bulk_create(
        Gezinsplan(verwijzing=v, client_id=v.client_id, gemeente=zwolle, inkoopmodel=model, product=product)
        for v in refs
    )
    Doel.objects.bulk_create(Doel(plan=p, volgorde=1, omschrijving="Doel") for p in plans)
    tws = Toewijzing.objects.bulk_create(
        Toewijzing(
            nummer=f"B{i:09d}",
            plan=p,
            verwijzing_id=p.verwijzing_id,
            client_id=p.client_id,
            gemeente=zwolle,
            inkoopmodel=model,
            product=product,
            aanbieder=aanbieder,
            startdatum=start,
            einddatum=end,
            budget=tarief.bedrag,
            tarief=tarief,
            vrijgegeven_op=now,
            keuze_door_client=True,
            aangemaakt_op=now,
        )
        for i, p in enumerate(plans)
    )
    half = n // 2
    Traject.objects.bulk_create(
        Traject(
            toewijzing=t,
            client_id=t.client_id,
            gemeente=zwolle,
            inkoopmodel=model,
            product=product,
            aanbieder=aanbieder,
            status="toegewezen" if i < half else "gestart",
            zichtbaar_voor_aanbieder=True,
            verwijsdatum=start,
            toegewezen_op=start,
            geaccepteerd_op=None if i < half else start,
            gestart_op=None if i < half else start,
            tussenevaluatie_op=start + (end - start) / 2,
            eindevaluatie_op=end,
        )
        for i, t in enumerate(tws)
    )
    return {"toewijzingen": tws, "half": half, "aanbieder": aanbieder, "gemeente": zwolle, "start": start, "end": end}


CPU: dict[str, list[float]] = {}


def _messages_per_second(datas, ontvang, naam: str = "", factor: int = 1) -> float:
    """Messages (times ``factor``) per second of wall time; the same per second of this process's CPU
    time is kept in ``CPU[naam]`` (on PostgreSQL the server's own CPU time is not in it)."""
    started, cpu = time.perf_counter(), time.process_time()
    ontvang(datas)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    if naam:
        CPU.setdefault(naam, []).append(len(datas) * factor / max(cpu, 1e-9))
    return len(datas) * factor / wall


def worker(quick: bool) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    django.setup()
    from django.conf import settings

    from uitkomst.berichten import services, voorbeeld
    from uitkomst.declaraties import regels as r

    per_run = 40 if quick else 200
    groot = 200 if quick else 1000
    n = max(2 * RUNS * per_run, RUNS * groot) + 10
    data = _setup(n)
    tws, half = data["toewijzingen"], data["half"]
    # The thousands of model instances the setup keeps would be traversed by every full garbage
    # collection during the runs (~60-90 ms each, one per batch or large message); a receiving
    # process (mailbox, CLI) holds none of them, so they are moved out of the collector's sight.
    import gc

    gc.collect()
    gc.freeze()
    door = services.systeem()
    start, months = data["start"], []
    m = start
    while m <= data["end"] and len(months) < 12:
        months.append((m, r.add_months(m, 1) - dt.timedelta(days=1)))
        m = r.add_months(m, 1)

    def ontvang(datas):  # a batch as the mailbox and the CLI receive it (services.berichten_ontvangen)
        for res in services.berichten_ontvangen(datas, door=door):
            assert not isinstance(res, Exception) and res.status == "verwerkt", res

    def alleen_opslaan(datas):
        for res in services.berichten_ontvangen(datas, door=door, verwerken=False):
            assert not isinstance(res, Exception), res

    out = {
        "runs": RUNS,
        "per_run": per_run,
        "per_transactie": services.PER_TRANSACTIE,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }
    w305, w307, opslaan = [], [], []
    for k in range(RUNS):
        batch = tws[k * per_run : (k + 1) * per_run]  # not yet accepted: 305 = accept + start
        w305.append(_messages_per_second([voorbeeld.start(t, start) for t in batch], ontvang, "jw305_per_s"))
        w307.append(
            _messages_per_second(
                [voorbeeld.stop(t, start, start + dt.timedelta(days=200), reden="31") for t in batch],
                ontvang,
                "jw307_per_s",
            )
        )
        rest = tws[RUNS * per_run + k * per_run : RUNS * per_run + (k + 1) * per_run]
        opslaan.append(
            _messages_per_second(
                [voorbeeld.start(t, start) for t in rest], alleen_opslaan, "controleren_en_opslaan_per_s"
            )
        )
    out["jw305_per_s"] = round(statistics.median(w305), 1)
    out["jw307_per_s"] = round(statistics.median(w307), 1)
    out["controleren_en_opslaan_per_s"] = round(statistics.median(opslaan), 1)
    # JW323: started assignments, one month per run (four weeks of the weekly tariff)
    gestart = tws[half:]
    een, duizend = [], []
    for k in range(RUNS):
        van, tot = months[1 + k]
        datas = [
            voorbeeld.declaratie(
                aanbieder=data["aanbieder"],
                gemeente=data["gemeente"],
                van=van,
                tot=tot,
                leveringen=[voorbeeld.Levering(toewijzing=t, van=van, tot=tot, volume=4)],
            )
            for t in gestart[:per_run]
        ]
        een.append(_messages_per_second(datas, ontvang, "jw323_1_prestatie_per_s"))
        van, tot = months[1 + RUNS + k]
        grote = voorbeeld.declaratie(
            aanbieder=data["aanbieder"],
            gemeente=data["gemeente"],
            van=van,
            tot=tot,
            leveringen=[voorbeeld.Levering(toewijzing=t, van=van, tot=tot, volume=4) for t in gestart[:groot]],
        )
        duizend.append(_messages_per_second([grote], ontvang, f"jw323_{groot}_prestaties_prestaties_per_s", groot))
    out["jw323_1_prestatie_per_s"] = round(statistics.median(een), 1)
    out[f"jw323_{groot}_prestaties_prestaties_per_s"] = round(statistics.median(duizend), 1)
    out["per_cpu_s"] = {k: round(statistics.median(v), 1) for k, v in CPU.items()}
    out["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out))


def _pg_url() -> str | None:
    """The PostgreSQL database of the run (``BENCH_PG_URL``, database ``BENCH_PG_DB``, default
    ``bench_berichten``; dropped and created); ``BENCH_PG_DB=""`` measures SQLite only."""
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    naam = os.environ.get("BENCH_PG_DB", "bench_berichten")
    if not naam:
        return None
    if not naam.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_PG_DB: {naam!r} is geen geldige databasenaam")
    try:
        import psycopg

        with psycopg.connect(f"{base.rstrip('/')}/postgres", autocommit=True, connect_timeout=3) as c:
            c.execute(f"DROP DATABASE IF EXISTS {naam}")
            c.execute(f"CREATE DATABASE {naam}")
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL not reachable ({exc}); only SQLite is measured.")
        return None
    return f"{base.rstrip('/')}/{naam}"


def main(quick: bool = False) -> dict:
    results = {}
    sqlite = ROOT / "var" / "bench" / "berichten.sqlite3"
    targets = [("sqlite", None), ("postgresql", _pg_url())]
    for name, url in targets:
        if name == "postgresql" and url is None:
            continue
        if name == "sqlite" and sqlite.exists():
            sqlite.unlink()
        env = bench_env("berichten")
        if url:
            env["DATABASE_URL"] = url
        run(["migrate", "-v0"], env)
        out = subprocess.run(
            [sys.executable, __file__, "--worker", *(["--quick"] if quick else [])],
            env={**env, "PYTHONPATH": str(ROOT / "src"), "UITKOMST_BROKER_URL": ""},
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results[name] = result
        print(
            f"[{name}] JW305 {result['jw305_per_s']}/s, JW307 {result['jw307_per_s']}/s, "
            f"check+store only {result['controleren_en_opslaan_per_s']}/s; JW323 with 1 prestatie "
            f"{result['jw323_1_prestatie_per_s']} prestaties/s, big message "
            f"{next(v for k, v in result.items() if k.endswith('_prestaties_prestaties_per_s'))} prestaties/s "
            f"(median of {RUNS}; load average {result['load_average_start'][0]} -> {result['load_average_end'][0]}); "
            f"per second of CPU time of the receiving process: {result['per_cpu_s']}"
        )
    return results


if __name__ == "__main__" and "--worker" in sys.argv:
    worker("--quick" in sys.argv)
