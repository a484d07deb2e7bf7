"""Steering and outcomes at national scale: the indicator computation against a raw DuckDB aggregate of
the same rows, every dashboard page and API list (median of 7, with query counts), on

- a 100,000-trajectory region on SQLite and on PostgreSQL, and
- 1,000,000 trajectories on PostgreSQL.

The pages include the legitimacy report (``/declaraties/legitimiteit``, issue 13).

Rows are generated directly (plain tuples; COPY on PostgreSQL), not through the demo: clients,
assignments, trajectories, invoice lines and outcome measurements of the IJsselland reference model,
with foreign-key checks off during the load. Then ``utils.db.na_bulkladen`` builds the summaries and
runs ANALYZE (timed). Each configuration runs in its own process (one Django setup per database).

    .venv/bin/python bench/run.py sturing            # full size (PostgreSQL at $BENCH_PG_URL)
    .venv/bin/python bench/run.py sturing --quick    # small sizes
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

from common import ROOT, summary

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
HERHAAL = 7
GROEPEN = ("aanbieder", "product", "intensiteit", "gemeente", "periode")


# --- parent: one process per configuration ----------------------------------------------------------


def _pg_database(naam: str) -> str | None:
    basis = PG_URL.rsplit("/", 1)[0]
    try:
        subprocess.run(["psql", PG_URL, "-qc", f"DROP DATABASE IF EXISTS {naam}"], check=True, capture_output=True)
        subprocess.run(["psql", PG_URL, "-qc", f"CREATE DATABASE {naam}"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"PostgreSQL niet bereikbaar ({exc}); overgeslagen", flush=True)
        return None
    return f"{basis}/{naam}"


def _pg_weg(naam: str) -> None:
    subprocess.run(["psql", PG_URL, "-qc", f"DROP DATABASE IF EXISTS {naam}"], check=False, capture_output=True)


def _configuratie(db: str, trajecten: int, *, pg_naam: str | None = None, bewaren: bool = True) -> dict | None:
    """One configuration in its own process. ``pg_naam``: the PostgreSQL database to create (and, unless
    ``bewaren``, drop afterwards); by default ``bench_sturing_postgresql_<n>``, kept for inspection."""
    naam = f"bench_sturing_{db}_{trajecten}"
    if db == "sqlite":
        pad = ROOT / "var" / "bench" / f"{naam}.sqlite3"
        pad.parent.mkdir(parents=True, exist_ok=True)
        for p in pad.parent.glob(f"{naam}.sqlite3*"):
            p.unlink()
        url = f"sqlite:///{pad}"
    else:
        url = _pg_database(pg_naam or naam)
        if url is None:
            return None
    uit = ROOT / "var" / "bench" / f"{naam}.json"
    env = dict(os.environ, DATABASE_URL=url, UITKOMST_VAR_DIR=str(ROOT / "var"), DJANGO_SETTINGS_MODULE=os.environ.get(
        "DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings"))  # fmt: skip
    try:
        subprocess.run([sys.executable, __file__, "--werker", str(trajecten), str(uit)], env=env, check=True)
    finally:
        if db == "postgresql" and not bewaren:
            _pg_weg(pg_naam or naam)
    return json.loads(uit.read_text())


def main(quick: bool = False) -> dict:
    klein, groot = (5_000, 20_000) if quick else (100_000, 1_000_000)
    out = {}
    for db, n in (("sqlite", klein), ("postgresql", klein), ("postgresql", groot)):
        print(f"-- {db}, {n:,} trajecten", flush=True)
        r = _configuratie(db, n)
        if r is not None:
            out[f"{db}_{n}"] = r
            _verslag(db, n, r)
    return out


def samenvoegen(sleutel: str, r: dict, *, quick: bool = False) -> Path:
    """Merge one configuration into bench/results/latest.json (quick.json) the way run.py merges a module:
    the other modules and configurations stay; the configuration's previous result is kept as
    ``<sleutel>_vorige``."""
    pad = ROOT / "bench" / "results" / ("quick.json" if quick else "latest.json")
    data = json.loads(pad.read_text()) if pad.exists() else {"benchmarks": {}}
    module = data.setdefault("benchmarks", {}).setdefault("bench_sturing", {})
    if sleutel in module:
        module[f"{sleutel}_vorige"] = module[sleutel]
    module[sleutel] = r
    data["when"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    pad.write_text(json.dumps(data, indent=2, default=str))
    return pad


def _verslag(db: str, n: int, r: dict) -> None:
    print(f"{db} {n:,} trajectories, {r['metingen']:,} measurements, {r['regels']:,} invoice lines "
          f"({r.get('declaraties', 1):,} invoices): "
          f"load {r['laden_s']:.0f} s, summaries + ANALYZE {r['samenvatten_s']:.1f} s")  # fmt: skip
    for g, x in r["indicatoren"].items():
        print(f"  indicators {g:12s} {x['median_ms']:8.1f} ms  duckdb {x['duckdb_ms']:7.1f} ms  "
              f"ratio {x['ratio_duckdb']:5.2f}  (recomputed {x['koud_ms']:7.1f} ms, ratio "
              f"{x.get('koud_ratio_duckdb', float('nan')):5.2f}; "
              f"raw ORM aggregate {x['ruw_orm_ms']:8.1f} ms)")  # fmt: skip
    print(f"  indicators after one changed row: {r.get('indicatoren_na_wijziging_ms', float('nan')):.1f} ms")
    for url, x in r["paginas"].items():
        print(f"  {x['median_ms']:8.1f} ms {x['queries']:3d} q  {url}")
    for url, x in r.get("paginas_koud", {}).items():
        print(f"  {x['median_ms']:8.1f} ms recomputed (cache cleared)  {url}")


# --- worker: generate, summarise, measure -------------------------------------------------------------


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _tijd(fn, n: int = HERHAAL) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


class Lader:
    """Rows as plain tuples into a model's table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection):
        self.connection = connection

    def kolommen(self, model, waarden: dict) -> tuple[list[str], list]:
        """The columns of ``model`` and a template row: given values, else the default, else NULL, else
        an empty value of the type."""
        cols, rij = [], []
        for f in model._meta.concrete_fields:
            cols.append(f.column)
            if f.attname in waarden:
                v = waarden[f.attname]
            elif f.has_default():
                v = f.get_default()
            elif f.null:
                v = None
            else:
                v = {"CharField": "", "TextField": "", "DateField": dt.date(2026, 1, 1), "BooleanField": False,
                     "DecimalField": Decimal("0"), "JSONField": {}, "DateTimeField": dt.datetime.now(dt.UTC),
                     }.get(f.get_internal_type(), 0)  # fmt: skip
            if isinstance(v, dict | list):
                v = json.dumps(v)
            rij.append(v)
        return cols, rij

    def laden(self, model, cols: list[str], rijen) -> int:
        tabel = model._meta.db_table
        n = 0
        uuid_pos = cols.index("uuid") if "uuid" in cols else None
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {tabel} ({', '.join(cols)}) FROM STDIN") as copy:
                    for r in rijen:
                        copy.write_row(r)
                        n += 1
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                               f"GREATEST((SELECT MAX(id) FROM {tabel}), 1))")  # fmt: skip
                return n
            sql = f"INSERT INTO {tabel} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
            blok = []
            for r in rijen:
                if uuid_pos is not None:
                    r = list(r)
                    r[uuid_pos] = r[uuid_pos].hex
                blok.append(r)
                if len(blok) == 20_000:
                    cursor.executemany(sql, blok)
                    n += len(blok)
                    blok = []
            if blok:
                cursor.executemany(sql, blok)
                n += len(blok)
        return n


def _genereren(trajecten: int, csv_pad: Path) -> dict:
    from django.db import connection, transaction

    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.contractering.models import Aanbieder
    from uitkomst.declaraties.models import Declaratie, Declaratieregel
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.toegang.models import Client
    from uitkomst.trajecten.models import Toewijzing, Traject
    from uitkomst.uitkomsten.models import Uitkomstmeting
    from uitkomst.utils import klok

    rnd = random.Random(2018)
    vandaag = klok.vandaag()
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    gemeenten = list(Gemeente.objects.filter(regio=model.regio).values_list("pk", flat=True))
    producten = [(p.pk, p.intensiteit_id, (p.intensiteit.maximale_duur_maanden if p.intensiteit_id else None) or 12)
                 for p in model.producten.select_related("intensiteit") if not p.is_maatwerk]  # fmt: skip
    aanbieders = [
        Aanbieder.objects.create(
            naam=f"Bench Jeugdhulp {i:02d}", agb_code=f"9{i:07d}", kvk_nummer=f"9{i:07d}", is_synthetisch=True
        ).pk  # fmt: skip
        for i in range(36)
    ]
    # provider quality differs: drop-out and goals per provider
    kwaliteit = {a: (rnd.uniform(0.05, 0.3), rnd.uniform(0.4, 0.85)) for a in aanbieders}
    lader = Lader(connection)
    started = time.perf_counter()
    tellers = {"regels": 0, "declaraties": 0, "metingen": 0}
    m_cols = ["gemeente_id", "aanbieder_id", "product_id", "intensiteit_id", "beeindigd_op", "reden",
              "zonder_hulp_verder", "geen_nieuwe_hulp", "probleem_afgenomen", "rci", "doelen_behaald",
              "tev_uitgevraagd", "tev_score", "extra_score"]  # fmt: skip
    if connection.vendor == "sqlite":
        connection.disable_constraint_checking()  # outside a transaction, or SQLite ignores it
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("SET LOCAL session_replication_role = replica")  # no FK checks during the load
        c_cols, c_tpl = lader.kolommen(Client, {"gemeente_id": gemeenten[0], "is_synthetisch": True})
        t_cols, t_tpl = lader.kolommen(Toewijzing, {"inkoopmodel_id": model.pk, "plan_id": 1, "verwijzing_id": 1})
        j_cols, j_tpl = lader.kolommen(Traject, {"inkoopmodel_id": model.pk, "is_synthetisch": True})
        r_cols, r_tpl = lader.kolommen(Declaratieregel, {"declaratie_id": 1})
        u_cols, u_tpl = lader.kolommen(Uitkomstmeting, {"inkoopmodel_id": model.pk, "is_synthetisch": True})
        d_cols, d_tpl = lader.kolommen(Declaratie, {"aanbieder_id": aanbieders[0]})

        def pos(cols):
            return {c: i for i, c in enumerate(cols)}

        C, T, J, R, U, D = pos(c_cols), pos(t_cols), pos(j_cols), pos(r_cols), pos(u_cols), pos(d_cols)
        plan = []
        for i in range(1, trajecten + 1):
            g, a = rnd.choice(gemeenten), rnd.choice(aanbieders)
            p, intensiteit, maanden = rnd.choice(producten)
            toegewezen = vandaag - dt.timedelta(days=rnd.randint(0, 4 * 365))
            start = toegewezen + dt.timedelta(days=rnd.randint(0, 30))
            einde = start + dt.timedelta(days=int(maanden * 30.4) - 1)
            beeindigd = start + dt.timedelta(days=rnd.randint(30, int(maanden * 30.4 * 1.2)))
            if beeindigd >= vandaag:
                beeindigd = None
            plan.append((i, g, a, p, intensiteit, toegewezen, start, einde, beeindigd,
                         Decimal(rnd.randint(200, 2000)) * 10))  # fmt: skip

        def clienten():
            for i, g, *_ in plan:
                r = list(c_tpl)
                r[C["id"]], r[C["uuid"]], r[C["gemeente_id"]] = i, uuid.uuid4(), g
                r[C["bsn_pseudoniem"]] = f"bench{i:059d}"
                yield r

        def toewijzingen():
            for i, g, a, p, _, _toegewezen, start, einde, _, budget in plan:
                r = list(t_tpl)
                r[T["id"]], r[T["uuid"]], r[T["nummer"]], r[T["client_id"]] = i, uuid.uuid4(), f"B{i:09d}", i
                r[T["gemeente_id"]], r[T["aanbieder_id"]], r[T["product_id"]] = g, a, p
                r[T["startdatum"]], r[T["einddatum"]], r[T["budget"]] = start, einde, budget
                yield r

        def trajecten_():
            for i, g, a, p, _, toegewezen, start, einde, beeindigd, _ in plan:
                r = list(j_tpl)
                r[J["id"]], r[J["uuid"]], r[J["toewijzing_id"]], r[J["client_id"]] = i, uuid.uuid4(), i, i
                r[J["gemeente_id"]], r[J["aanbieder_id"]], r[J["product_id"]] = g, a, p
                r[J["verwijsdatum"]], r[J["toegewezen_op"]] = toegewezen, toegewezen
                r[J["gestart_op"]], r[J["tussenevaluatie_op"]], r[J["eindevaluatie_op"]] = start, start, einde
                r[J["status"]] = "beeindigd" if beeindigd else "gestart"
                r[J["beeindigd_op"]] = beeindigd
                yield r

        # Invoices as providers send them: one header per provider, municipality and month (an iJw 323 is
        # addressed to one municipality), its lines numbered from 1, totals and counts on the header.
        koppen: dict[tuple, list] = {}

        def regels():
            n = 0
            for i, g, a, p, _, _, start, einde, beeindigd, budget in plan:
                laatste = min(beeindigd or vandaag, einde, vandaag)
                maanden = max((laatste.year - start.year) * 12 + laatste.month - start.month + 1, 1)
                for k in range(min(maanden, 3)):  # the last three months invoiced
                    m = start.month - 1 + maanden - 1 - k
                    begin = dt.date(start.year + m // 12, m % 12 + 1, 1)
                    if begin < dt.date(vandaag.year - 1, 1, 1):
                        break
                    kop = koppen.get((a, g, begin))
                    if kop is None:  # [id, aanbieder, begin, regels, ingediend, toegekend, afgewezen, n afgewezen]
                        kop = koppen[(a, g, begin)] = [len(koppen) + 1, a, begin, 0, Decimal(0), Decimal(0),
                                                        Decimal(0), 0]  # fmt: skip
                    r = list(r_tpl)
                    n += 1
                    kop[3] += 1
                    bedrag = (budget / 12).quantize(Decimal("0.01"))
                    status = rnd.choice(("betaald", "betaald", "goedgekeurd", "toegekend"))
                    kop[4] += bedrag
                    kop[5] += bedrag
                    r[R["id"]], r[R["uuid"]], r[R["toewijzing_id"]], r[R["client_id"]] = n, uuid.uuid4(), i, i
                    r[R["declaratie_id"]], r[R["regelnummer"]] = kop[0], kop[3]
                    r[R["gemeente_id"]], r[R["aanbieder_id"]], r[R["product_id"]] = g, a, p
                    r[R["begindatum"]], r[R["einddatum"]] = begin, begin + dt.timedelta(days=27)
                    r[R["bedrag"]] = bedrag
                    r[R["status"]] = status
                    yield r
            tellers["regels"] = n

        def declaraties():
            for nr, a, begin, n, ingediend, toegekend, afgewezen, n_af in koppen.values():
                r = list(d_tpl)
                r[D["id"]], r[D["uuid"]], r[D["nummer"]], r[D["aanbieder_id"]] = nr, uuid.uuid4(), f"B{nr:08d}", a
                r[D["begindatum"]], r[D["einddatum"]] = begin, begin + dt.timedelta(days=27)
                r[D["totaal_ingediend"]], r[D["totaal_toegekend"]], r[D["totaal_afgewezen"]] = (
                    ingediend, toegekend, afgewezen)  # fmt: skip
                r[D["aantal_regels"]], r[D["aantal_afgewezen"]] = n, n_af
                r[D["ingediend_op"]] = dt.datetime.combine(begin + dt.timedelta(days=35), dt.time(9), dt.UTC)
                r[D["bron"]], r[D["is_synthetisch"]] = "api", True
                yield r
            tellers["declaraties"] = len(koppen)

        def metingen(schrijver):
            n = 0
            for i, g, a, p, intensiteit, _, start, _, beeindigd, _ in plan:
                if beeindigd is None:
                    continue
                uitval, doelen = kwaliteit[a]
                reden = "32" if rnd.random() < uitval * 0.6 else ("33" if rnd.random() < uitval * 0.4 else "31")
                score = rnd.randint(3, 10) if rnd.random() < 0.7 else None
                nazorg = beeindigd + dt.timedelta(days=182)
                waarden = {
                    "gemeente_id": g, "aanbieder_id": a, "product_id": p, "intensiteit_id": intensiteit,
                    "beeindigd_op": beeindigd, "reden_beeindiging": reden,
                    "zonder_hulp_verder": rnd.random() < doelen if rnd.random() < 0.9 else None,
                    "geen_nieuwe_hulp": (rnd.random() < 0.85) if nazorg < vandaag else None,
                    "probleem_afgenomen": rnd.random() < doelen if rnd.random() < 0.8 else None,
                    "rci": Decimal(str(round(rnd.gauss(-1.5, 1.2), 2))) if rnd.random() < 0.5 else None,
                    "doelen_behaald": rnd.choice(("ja", "ja", "deels", "nee")) if rnd.random() < 0.95 else "",
                    "tevredenheid_uitgevraagd": True, "tevredenheid_score": score,
                    "extra_vraag_score": rnd.randint(1, 5) if score else None,
                }  # fmt: skip
                r = list(u_tpl)
                n += 1
                r[U["id"]], r[U["uuid"]], r[U["traject_id"]], r[U["client_id"]] = n, uuid.uuid4(), i, i
                r[U["toewijzing_id_bron"]], r[U["gestart_op"]], r[U["nazorg_tot"]] = i, start, nazorg
                r[U["duur_dagen"]] = (beeindigd - start).days
                for k, v in waarden.items():
                    r[U[k]] = v
                schrijver.writerow([g, a, p, intensiteit, beeindigd.isoformat(), reden,
                                    *(waarden[k] for k in ("zonder_hulp_verder", "geen_nieuwe_hulp",
                                                           "probleem_afgenomen", "rci", "doelen_behaald")),
                                    True, score, waarden["extra_vraag_score"]])  # fmt: skip
                yield r
            tellers["metingen"] = n

        lader.laden(Client, c_cols, clienten())
        lader.laden(Toewijzing, t_cols, toewijzingen())
        lader.laden(Traject, j_cols, trajecten_())
        lader.laden(Declaratieregel, r_cols, regels())
        lader.laden(Declaratie, d_cols, declaraties())  # after the lines: their totals are known then
        with csv_pad.open("w", newline="") as f:
            schrijver = csv.writer(f)
            schrijver.writerow(m_cols)
            lader.laden(Uitkomstmeting, u_cols, metingen(schrijver))
    if connection.vendor == "sqlite":
        connection.enable_constraint_checking()
    return {"laden_s": time.perf_counter() - started, **tellers}


DUCKDB_TELLINGEN = """
    count(*) AS aantal,
    count(*) FILTER (zonder_hulp_verder IS NOT NULL), count(*) FILTER (zonder_hulp_verder),
    count(*) FILTER (geen_nieuwe_hulp IS NOT NULL), count(*) FILTER (geen_nieuwe_hulp),
    count(*) FILTER (probleem_afgenomen IS NOT NULL), count(*) FILTER (probleem_afgenomen),
    count(*) FILTER (rci IS NOT NULL), count(*) FILTER (rci <= -1.96),
    count(*) FILTER (doelen_behaald IS NOT NULL AND doelen_behaald <> ''), count(*) FILTER (doelen_behaald = 'ja'),
    count(*) FILTER (reden IN ('31','32','33','34','35')), count(*) FILTER (reden = '32'),
    count(*) FILTER (reden IN ('31','32','33','34','35')), count(*) FILTER (reden IN ('32','33')),
    count(*) FILTER (tev_score IS NOT NULL), count(*) FILTER (tev_score >= 7),
    count(*) FILTER (tev_uitgevraagd), count(*) FILTER (tev_uitgevraagd AND tev_score IS NOT NULL),
    sum(tev_score), sum(extra_score), count(extra_score)
"""


def werker(trajecten: int, uit: Path) -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as WebClient
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("referentiemodellen", verbosity=0)
    import duckdb

    from uitkomst.accounts.services import gebruiker_create
    from uitkomst.catalogus.models import Product
    from uitkomst.organisaties.models import Gemeente, Regio
    from uitkomst.uitkomsten import selectors, stats
    from uitkomst.uitkomsten.definities import tellingen
    from uitkomst.uitkomsten.models import Uitkomstmeting
    from uitkomst.utils import db

    csv_pad = uit.with_suffix(".metingen.csv")
    out = {"trajecten": trajecten, "database": connection.vendor, **_genereren(trajecten, csv_pad)}
    t = time.perf_counter()
    db.na_bulkladen()
    out["samenvatten_s"] = time.perf_counter() - t

    regio = Regio.objects.get(code="ijsselland")
    ids = list(Gemeente.objects.filter(regio=regio).values_list("pk", flat=True))
    duck = duckdb.connect()
    duck.execute(f"CREATE TABLE m AS SELECT * FROM read_csv_auto('{csv_pad}', header=true)")
    kolom = {"aanbieder": "aanbieder_id", "product": "product_id", "intensiteit": "intensiteit_id",
             "gemeente": "gemeente_id", "periode": "year(beeindigd_op), quarter(beeindigd_op)"}  # fmt: skip
    ruw_veld = {"aanbieder": "aanbieder_id", "product": "product_id", "intensiteit": "intensiteit_id",
                "gemeente": "gemeente_id", "periode": "beeindigd_op"}  # fmt: skip
    out["indicatoren"] = {}

    def koud(groep: str):
        """Recomputed from the summary: no cached table (``db.onthouden``), no memoised Fisher test."""
        cache.clear()
        stats.p_waarde.cache_clear()
        return selectors.indicatoren(groep=groep, regio_id=regio.pk, publiek=True)

    koud("aanbieder")  # once before measuring: the first call imports scipy (about 0.3 s)
    for groep in GROEPEN:
        koud_s = _tijd(lambda g=groep: koud(g))
        koud_cpu = []
        for _ in range(HERHAAL):
            c = time.process_time()
            koud(groep)
            koud_cpu.append(time.process_time() - c)
        ons = _tijd(lambda g=groep: selectors.indicatoren(groep=g, regio_id=regio.pk, publiek=True))
        sql = f"SELECT {kolom[groep]}, {DUCKDB_TELLINGEN} FROM m GROUP BY ALL"
        duck.execute(sql).fetchall()
        eend = _tijd(lambda sql=sql: duck.execute(sql).fetchall())
        ruw = _tijd(lambda g=groep: list(Uitkomstmeting.objects.filter(gemeente_id__in=ids)
                                         .values(ruw_veld[g]).annotate(**tellingen()).order_by()), 3)  # fmt: skip
        out["indicatoren"][groep] = {
            "median_ms": _ms(ons), "duckdb_ms": _ms(eend), "ratio_duckdb": _ms(ons) / _ms(eend),
            "ruw_orm_ms": _ms(ruw), "koud_ms": _ms(koud_s), "koud_cpu_ms": _ms(koud_cpu),
            "koud_ratio_duckdb": _ms(koud_s) / _ms(eend),
        }  # fmt: skip

    # one measurement changes (a bulk update, seen by the triggers): the next table refreshes one cell
    # month and recomputes the table once (the Fisher tests of unchanged cells are memoised)
    eerste = Uitkomstmeting.objects.order_by("pk").values_list("pk", flat=True).first()
    na = []
    for score in (9, 4, 8):
        Uitkomstmeting.objects.filter(pk=eerste).update(tevredenheid_score=score)
        na += _tijd(lambda: selectors.indicatoren(groep="aanbieder", regio_id=regio.pk, publiek=True), 1)
    out["indicatoren_na_wijziging_ms"] = _ms(na)

    user = gebruiker_create(username="bench-cm", password="bench-wachtwoord-123", rol_code="regio-contractmanager",
                            regio=regio, check_password=False)  # fmt: skip
    web = WebClient()
    web.force_login(user)
    from uitkomst.contractering.models import Aanbieder

    aanbieder = Aanbieder.objects.filter(naam__startswith="Bench").order_by("pk").first()
    product = Product.objects.get(inkoopmodel__code="ijsselland-jeugd-2018", code="P01-P")
    vandaag = dt.date.today()
    paginas = [
        "/sturing/", "/sturing/monitor", f"/sturing/monitor?gemeente={Gemeente.objects.get(pk=ids[0]).cbs_code}",
        "/sturing/monitor?per=kwartaal", f"/sturing/accountgesprek/{Aanbieder.objects.get(pk=aanbieder.pk).uuid}",
        "/sturing/raadsrapportage", *(f"/sturing/indicatoren?groep={g}" for g in GROEPEN), "/sturing/budgetten",
        "/sturing/signalen", f"/sturing/tariefherziening?jaar={vandaag.year - 1}", f"/keuzehulp/{product.uuid}",
        "/declaraties/legitimiteit",  # the legitimacy report: this year, and last year as a period
        f"/declaraties/legitimiteit?van={vandaag.year - 1}-01-01&tot={vandaag.year - 1}-12-31",
        f"/declaraties/legitimiteit?aanbieder={Aanbieder.objects.get(pk=aanbieder.pk).uuid}",  # one provider's products
        *(f"/api/v1/{u}" for u in (
            "inkoopmodellen", "producten", "tarieven", "aanbieders", "raamovereenkomsten", "toetredingsrondes",
            "aanmeldingen", "contractvormen", "clienten", "verwijzingen", "toewijzingen", "trajecten", "declaraties",
            "berichten", "betaalrondes", "indicatoren", "indicatoren?groep=product", "indicatoren?groep=gemeente",
            "indicatoren?groep=periode", "budgetten", "signalen",
        )),
    ]  # fmt: skip
    out["paginas"] = {}
    for url in paginas:
        try:
            status = web.get(url).status_code
        except Exception as exc:  # another part of the project mid-change: record it, measure the rest
            out["paginas"][url] = {"status": repr(exc)[:200], "median_ms": float("nan"), "queries": -1}
            continue
        samples = _tijd(lambda url=url: web.get(url))
        with CaptureQueriesContext(connection) as ctx:
            web.get(url)
        out["paginas"][url] = {"status": status, "median_ms": _ms(samples), "queries": len(ctx.captured_queries),
                               **{k: v for k, v in summary(samples).items() if k != "n"}}  # fmt: skip
    # the legitimacy report without its cached result (recomputed from the summary every time)
    out["paginas_koud"] = {}
    for url in (u for u in paginas if u.startswith("/declaraties/legitimiteit")):
        samples = []
        for _ in range(HERHAAL):
            cache.clear()
            samples += _tijd(lambda url=url: web.get(url), 1)
        out["paginas_koud"][url] = {"median_ms": _ms(samples), **{k: v for k, v in summary(samples).items()
                                                                   if k != "n"}}  # fmt: skip
    uit.write_text(json.dumps(out, indent=2, default=str))
    csv_pad.unlink()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--werker":
        sys.path.insert(0, str(ROOT / "src"))
        werker(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        import argparse

        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--quick", action="store_true", help="small sizes (all three configurations)")
        parser.add_argument("--db", choices=("sqlite", "postgresql"), help="only this configuration")
        parser.add_argument("--trajecten", type=int, help="with --db: the number of trajectories")
        parser.add_argument("--pg-naam", help="with --db postgresql: the scratch database to create")
        parser.add_argument("--opruimen", action="store_true", help="drop the PostgreSQL database afterwards")
        parser.add_argument("--samenvoegen", action="store_true",
                            help="merge the result into bench/results/latest.json (as run.py does)")  # fmt: skip
        args = parser.parse_args()
        if args.db:
            n = args.trajecten or 100_000
            r = _configuratie(args.db, n, pg_naam=args.pg_naam, bewaren=not args.opruimen)
            if r is not None:
                _verslag(args.db, n, r)
                if args.samenvoegen:
                    print(f"samengevoegd in {samenvoegen(f'{args.db}_{n}', r, quick=args.quick)}")
        else:
            main(quick=args.quick)
