# ruff: noqa: S608 - table names come from the models' _meta, every value is a query parameter
"""Issue 17 on top of issue 13, point 3: the figures that set Wmo and youth side by side, subsidies
next to contracts, the personal budgets (pgb) and the collective provisions reconcile with the raw rows.

For small random regions (hypothesis), built through the real services (youth and Wmo assignments,
invoices, final approval, payment runs; pgb decisions; subsidy schemes, grants, advances, reports and
settlements; districts, collective provisions, attendance reports and referrals), every figure of the
budgets page, the monitor (page and Excel), the council report (Excel) and the API equals an
independent count from the raw rows written here in plain SQL (``connection.cursor()``) and the rules
of docs/uitkomsten.md, never through the selectors. Each example runs in a savepoint rolled back.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import itertools
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.db import connection
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from openpyxl import load_workbook

from tests.sturing import test_reconciliatie as basis
from tests.sturing.test_reconciliatie import CENT, MIN_N, _cent, _dec, _in_savepoint, _tabel, verplichting_per_maand
from tests.toegang import helpers as th
from tests.uitkomsten import helpers as h
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import (
    Bekostigingsvorm,
    Betaaltermijn,
    IjwEenheid,
    Inkoopmodel,
    Product,
    Tarief,
    Tariefeenheid,
)
from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.declaraties import regels as r
from uitkomst.declaraties import services as declaraties
from uitkomst.declaraties.models import Declaratieregel, Lumpsumafspraak, Volumeafspraak
from uitkomst.organisaties.models import Gemeente
from uitkomst.sturing.templatetags.sturing_tags import euro, pct
from uitkomst.subsidies import services as subsidies
from uitkomst.subsidies.models import Subsidieregeling, Subsidieverlening, Vaststelling, Voorschot
from uitkomst.toegang import services as toegang
from uitkomst.toegang.models import Pgbbesluit
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import Toewijzing, Traject
from uitkomst.voorzieningen import services as voorzieningen
from uitkomst.voorzieningen.models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing, Wijk

pytestmark = pytest.mark.django_db
wereld = basis.wereld  # the fixture: three municipalities, three providers, their users
# as issue 13's examples, without shrinking: one example builds a region through the services (slow), and
# a failure reports its example as generated
VOORBEELDEN = settings(basis.VOORBEELDEN, phases=(Phase.explicit, Phase.reuse, Phase.generate))

PEIL = dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC)
JAAR = 2025
JEUGD = ["P01-P", "P02-D", "P03-I"]
WMO = ["W01", "W02"]  # a test Wmo model: no payment schedule (spread evenly) / two halves
WETTEN = {"jeugdwet": "Jeugdwet", "wmo": "Wmo 2015"}


@pytest.fixture
def wmo(wereld):
    """A small Wmo purchasing model in the same region, every provider contracted for it."""
    w = wereld
    model = catalogus.inkoopmodel_create(
        regio=w["model"].regio,
        code="test-wmo-begeleiding",
        naam="Test Wmo begeleiding",
        wet=Wet.WMO,
        geldig_van=dt.date(2023, 1, 1),
        door=w["systeem"],
    )
    helften = catalogus.betaalschema_save(
        inkoopmodel=model,
        code="helften",
        naam="Helft bij start, helft bij einde",
        termijnen=[{"moment": "start", "aandeel": "0.5"}, {"moment": "einde", "aandeel": "0.5"}],
        door=w["systeem"],
    )
    for code, bedrag, schema in (("W01", "2400.00", None), ("W02", "5200.00", helften)):
        p = catalogus.product_create(
            inkoopmodel=model,
            code=code,
            naam=f"Begeleiding {code}",
            bekostiging=Bekostigingsvorm.TRAJECT,
            tariefeenheid=Tariefeenheid.TRAJECT,
            ijw_eenheid=IjwEenheid.STUKS_OUTPUT,
            productcategorie="02",
            betaalschema=schema,
            door=w["systeem"],
        )
        catalogus.tarief_create(product=p, bedrag=bedrag, geldig_van=dt.date(2023, 1, 1), door=w["systeem"])
    for a in w["aanbieders"]:
        th.contracteer(a.aanbieder, model, ingangsdatum=dt.date(2023, 1, 1))
    return model


_bsn = itertools.count(300_000)  # h.bsn may add 500_000: stays below a million


def _traject(toegang_user, gemeente, model, aanbieder, *, productcode, start):
    """An assigned trajectory for a fresh client; a Wmo product without a maximum duration gets a
    decision of 180 days (``tests.uitkomsten.helpers.traject`` for youth)."""
    if model.wet == Wet.JEUGDWET:
        return h.traject(toegang_user, gemeente, model, aanbieder, productcode=productcode, start=start)
    v = toegang.verwijzing_create(bsn=h.bsn(next(_bsn)), geboortedatum=dt.date(1950, 5, 1), gemeente=gemeente,
                                  inkoopmodel=model, datum=start, door=toegang_user)  # fmt: skip
    p = toegang.gezinsplan_create(verwijzing=v, doelen=["Zelfstandig thuis wonen"], door=toegang_user)
    p = toegang.gezinsplan_profiel_kiezen(plan=p, door=toegang_user, product=model.producten.get(code=productcode),
                                          motivering="Past.")  # fmt: skip
    t = trajecten.toewijzing_create(plan=p, aanbieder=aanbieder, door=toegang_user, startdatum=start,
                                    einddatum=start + dt.timedelta(days=180), keuze_door_client=True)  # fmt: skip
    return t.traject


def _date(v) -> dt.date | None:
    return v if isinstance(v, dt.date) or v is None else dt.date.fromisoformat(str(v)[:10])


# === budgets per law, with pgb ====================================================================

budgetspec = st.fixed_dictionaries(
    {
        "gemeente": st.integers(0, 2),
        "aanbieder": st.integers(0, 2),
        "wet": st.sampled_from(["jeugdwet", "wmo"]),
        "product": st.integers(0, 2),
        "start": st.integers(-200, 125),  # days from 1 January 2025 (the reference date is 10 May)
        "lot": st.sampled_from(["toegewezen", "gestart", "gestart", "beeindigd"]),
        "factuur": st.sampled_from([None, "toegekend", "goedgekeurd", "betaald"]),
    }
)
pgbspec = st.fixed_dictionaries(
    {
        "gemeente": st.integers(0, 2),
        "wet": st.sampled_from(["jeugdwet", "wmo"]),
        "bedrag": st.integers(500, 30_000),
        "start": st.integers(-400, 300),  # days from 1 January 2025
        "duur": st.integers(30, 500),
        "einde": st.sampled_from([None, None, "beeindigd", "ingetrokken", "aangevraagd"]),
    }
)


def _bouw(w, wmo, specs, pgbs):
    factuur = defaultdict(list)
    for spec in specs:
        g, toegang_user, aanbieder = (
            w["gemeenten"][spec["gemeente"]],
            w["toegang"][spec["gemeente"]],
            w["aanbieders"][spec["aanbieder"]],
        )
        model, codes = (w["model"], JEUGD) if spec["wet"] == "jeugdwet" else (wmo, WMO)
        start = dt.date(JAAR, 1, 1) + dt.timedelta(days=spec["start"])
        t = _traject(
            toegang_user, g, model, aanbieder.aanbieder, productcode=codes[spec["product"] % len(codes)], start=start
        )
        if spec["lot"] == "toegewezen" or start > PEIL.date():
            continue
        trajecten.traject_accepteren(traject=t, door=aanbieder)
        t = trajecten.traject_starten(traject=t, door=aanbieder, datum=start)
        if spec["lot"] == "beeindigd":
            einde = min(start + dt.timedelta(days=40), PEIL.date())
            doelen = {d.pk: "behaald" for d in t.toewijzing.plan.doelen.all()}
            t = trajecten.traject_beeindigen(traject=t, door=aanbieder, reden="31", doelstatussen=doelen, datum=einde)
        if spec["factuur"]:
            factuur[(spec["aanbieder"], spec["gemeente"], spec["factuur"])].append(t)
    for (ai, gi, status), lijst in factuur.items():
        aanbieder = w["aanbieders"][ai]
        regels = []
        for n, t in enumerate(lijst, start=1):
            tw = t.toewijzing
            y, m = tw.startdatum.year, tw.startdatum.month
            eind = min(dt.date(y, m, calendar.monthrange(y, m)[1]), PEIL.date())
            deel = Decimal("0.0833") if tw.product.code == "P02-D" else Decimal("0.5")
            regels.append(
                r.Invoer(
                    regelnummer=n,
                    referentie=tw.nummer,
                    begindatum=tw.startdatum,
                    einddatum=eind,
                    termijn=1,
                    bedrag=(tw.budget * deel).quantize(CENT),
                )
            )
        d = declaraties.declaratie_indienen(
            aanbieder=aanbieder.aanbieder,
            begindatum=min(x.begindatum for x in regels),
            einddatum=max(x.einddatum for x in regels),
            regels=regels,
            door=aanbieder,
        )
        toegekend = list(d.regels.filter(status="toegekend"))
        if status in ("goedgekeurd", "betaald") and toegekend:
            declaraties.regels_goedkeuren(regels=toegekend, door=w["financien"][gi])
            if status == "betaald":
                declaraties.betaalronde_maken(door=w["financien"][gi], gemeente=w["gemeenten"][gi])
    for spec in pgbs:
        g = w["gemeenten"][spec["gemeente"]]
        v = toegang.verwijzing_create(
            bsn=h.bsn(next(_bsn)),
            geboortedatum=dt.date(2012, 3, 1),
            gemeente=g,
            inkoopmodel=w["model"],
            datum=dt.date(2024, 1, 1),
            door=w["systeem"],
        )
        ingang = dt.date(JAAR, 1, 1) + dt.timedelta(days=spec["start"])
        eind = ingang + dt.timedelta(days=spec["duur"])
        besluit = toegang.pgbbesluit_aanvragen(
            client=v.client,
            wet=spec["wet"],
            bedrag=str(spec["bedrag"]),
            ingangsdatum=ingang,
            einddatum=eind,
            keuze_client=True,
            reden="Het gecontracteerde aanbod past niet bij de vraag.",
            toekennen=spec["einde"] != "aangevraagd",
            door=w["systeem"],
        )
        if spec["einde"] == "beeindigd":
            toegang.pgbbesluit_beeindigen(
                besluit=besluit, door=w["systeem"], per=ingang + dt.timedelta(days=10), toelichting="Verhuisd."
            )
        elif spec["einde"] == "ingetrokken":
            toegang.pgbbesluit_intrekken(besluit=besluit, door=w["systeem"], toelichting="Toch zorg in natura.")


def _wet_sql(alias: str) -> str:
    return (
        f"(SELECT m.wet FROM {_tabel(Product)} p JOIN {_tabel(Inkoopmodel)} m ON m.id = p.inkoopmodel_id "
        f"WHERE p.id = {alias})"
    )


def _verwacht(gemeente_ids: list[int], peil: dt.date) -> dict[tuple[int, str], dict]:
    """Per municipality and law, per month of the year: spent, approved-not-final, committed and inflow
    from the raw rows, and the pgb commitments of the year (docs/uitkomsten.md, "Budget" and "Per wet")."""
    pi = peil.year * 12 + peil.month - 1
    eerste = JAAR * 12
    n = 6

    def leeg():
        return {
            "besteed": [Decimal(0)] * 12,
            "toegekend": [Decimal(0)] * 12,
            "verplicht": [Decimal(0)] * 12,
            "instroom": [Decimal(0)] * 12,
            "pgb": Decimal(0),
            "pgb_aantal": 0,
        }

    uit = defaultdict(leeg)
    for g in gemeente_ids:
        for wet in WETTEN:
            uit[(g, wet)]  # noqa: B018 - both laws always side by side
    ids = ", ".join(str(int(g)) for g in gemeente_ids)
    actief = ("toegewezen", "geaccepteerd", "gestart")
    with connection.cursor() as c:
        # the law of an invoice line: its product's model, else its assignment's, else its lump sum's
        c.execute(
            f"SELECT d.gemeente_id, d.begindatum, d.status, d.bedrag, t.status, "
            f"COALESCE({_wet_sql('d.product_id')}, "
            f"{_wet_sql(f'(SELECT tw.product_id FROM {_tabel(Toewijzing)} tw WHERE tw.id = d.toewijzing_id)')}, "
            f"{_wet_sql(f'(SELECT l.product_id FROM {_tabel(Lumpsumafspraak)} l WHERE l.id = d.lumpsumafspraak_id)')}"
            f", '') FROM {_tabel(Declaratieregel)} d "
            f"LEFT JOIN {_tabel(Traject)} t ON t.toewijzing_id = d.toewijzing_id "
            f"WHERE d.gemeente_id IN ({ids}) AND d.status IN ('toegekend', 'goedgekeurd', 'betaald') "
            "AND d.begindatum BETWEEN %s AND %s",
            [dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31)],
        )
        lopend = defaultdict(Decimal)
        for gid, begin, status, bedrag, tstatus, wet in c.fetchall():
            begin = _date(begin)
            uit[(gid, wet)]["toegekend" if status == "toegekend" else "besteed"][begin.month - 1] += _dec(bedrag)
            if tstatus in actief and begin.year * 12 + begin.month - 1 >= pi:
                lopend[(gid, wet, begin.month - 1)] += _dec(bedrag)
        c.execute(
            f"SELECT betaalschema_id, moment, aandeel, aantal FROM {_tabel(Betaaltermijn)} "
            "ORDER BY betaalschema_id, volgorde"
        )
        schemas = defaultdict(list)
        for sid, moment, aandeel, aantal in c.fetchall():
            schemas[sid].append((moment, _dec(aandeel), aantal))
        c.execute(
            "SELECT tw.gemeente_id, m.wet, tw.startdatum, tw.einddatum, tw.budget, p.betaalschema_id, "
            "tf.bedrag, va.volume "
            f"FROM {_tabel(Toewijzing)} tw JOIN {_tabel(Traject)} t ON t.toewijzing_id = tw.id "
            f"JOIN {_tabel(Product)} p ON p.id = tw.product_id JOIN {_tabel(Inkoopmodel)} m ON m.id = p.inkoopmodel_id "
            f"LEFT JOIN {_tabel(Tarief)} tf ON tf.id = tw.tarief_id "
            f"LEFT JOIN {_tabel(Volumeafspraak)} va ON va.toewijzing_id = tw.id "
            f"WHERE tw.gemeente_id IN ({ids}) AND t.status IN ('toegewezen', 'geaccepteerd', 'gestart')"
        )
        for gid, wet, start, einde, bedrag, sid, tarief, volume in c.fetchall():
            if tarief is not None and volume is not None:  # P×Q: the tariff times the agreed volume
                bedrag = _dec(tarief) * _dec(volume)
            start, einde = _date(start), _date(einde)
            for index, x in verplichting_per_maand(start, einde, _dec(bedrag), schemas.get(sid)).items():
                if index >= pi and eerste <= index < eerste + 12:
                    uit[(gid, wet)]["verplicht"][index - eerste] += x
        for (gid, wet, m), x in lopend.items():  # per municipality and law, never below zero
            uit[(gid, wet)]["verplicht"][m] = max(uit[(gid, wet)]["verplicht"][m] - x, Decimal(0))
        vi = pi - n
        vy, vm = divmod(vi, 12)
        ty, tm = divmod(pi - 1, 12)
        c.execute(
            f"SELECT tw.gemeente_id, m.wet, tw.startdatum, tw.budget FROM {_tabel(Toewijzing)} tw "
            f"JOIN {_tabel(Product)} p ON p.id = tw.product_id JOIN {_tabel(Inkoopmodel)} m ON m.id = p.inkoopmodel_id "
            f"WHERE tw.gemeente_id IN ({ids}) AND tw.startdatum BETWEEN %s AND %s",
            [dt.date(vy, vm + 1, 1), dt.date(ty, tm + 1, calendar.monthrange(ty, tm + 1)[1])],
        )
        aantallen = defaultdict(lambda: [0] * n)
        som = defaultdict(Decimal)
        for gid, wet, start, bedrag in c.fetchall():
            start = _date(start)
            aantallen[(gid, wet)][start.year * 12 + start.month - 1 - vi] += 1
            som[(gid, wet)] += _dec(bedrag)
        # pgb: granted (or granted and ended early) decisions, pro rata by days in the year, per decision to
        # the cent (half up)
        c.execute(
            f"SELECT gemeente_id, wet, bedrag, ingangsdatum, einddatum, beeindigd_op FROM {_tabel(Pgbbesluit)} "
            f"WHERE gemeente_id IN ({ids}) AND status IN ('toegekend', 'beeindigd')"
        )
        jb, je = dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31)
        for gid, wet, bedrag, ingang, eind, beeindigd in c.fetchall():
            ingang, eind, beeindigd = _date(ingang), _date(eind), _date(beeindigd)
            periode = (eind - ingang).days + 1
            dagen = max((min(beeindigd or eind, je) - max(ingang, jb)).days + 1, 0)
            if not dagen:
                continue
            deel = (
                _dec(bedrag)
                if dagen == periode
                else (_dec(bedrag) * dagen / periode).quantize(CENT, rounding=ROUND_HALF_UP)
            )
            uit[(gid, wet)]["pgb"] += deel
            uit[(gid, wet)]["pgb_aantal"] += 1
    for key, telling in aantallen.items():
        totaal = sum(telling)
        xs = list(range(1, n + 1))
        mx, my = sum(xs) / n, totaal / n
        helling = sum((x - mx) * (y - my) for x, y in zip(xs, telling, strict=True)) / sum((x - mx) ** 2 for x in xs)
        basis = my - helling * mx
        prijs = som[key] / totaal
        for index in range(max(pi, eerste), eerste + 12):
            aantal = max(basis + helling * (index - vi + 1), 0.0)
            uit[key]["instroom"][index - eerste] = Decimal(str(aantal)) * prijs
    for v in uit.values():
        for soort in ("besteed", "toegekend", "verplicht", "instroom"):
            v[soort] = [_cent(x) for x in v[soort]]
    return dict(uit)


def _jaar(v: dict) -> dict:
    jaar = {k: sum(v[k], Decimal(0)) for k in ("besteed", "toegekend", "verplicht", "instroom")}
    jaar["pgb"] = v["pgb"]
    jaar["verplicht_totaal"] = jaar["verplicht"] + v["pgb"]
    jaar["prognose"] = jaar["besteed"] + jaar["toegekend"] + jaar["verplicht_totaal"] + jaar["instroom"]
    return jaar


def _onderdrukking(aantallen: list[int]) -> list[bool | str]:
    """Primary below MIN_N (0 shown); with exactly one hidden, a smallest visible non-zero one too
    ("?": either of several equally small ones may be the one hidden)."""
    uit: list[bool | str] = [0 < a < MIN_N for a in aantallen]
    if sum(1 for x in uit if x) == 1:
        zichtbaar = [a for a, x in zip(aantallen, uit, strict=True) if not x and a > 0]
        if zichtbaar:
            kleinste = min(zichtbaar)
            for i, a in enumerate(aantallen):
                if not uit[i] and a == kleinste:
                    uit[i] = "?" if zichtbaar.count(kleinste) > 1 else True
    return uit


def _telling_klopt(gezien, aantal: int, onderdrukt, waar) -> None:
    if onderdrukt == "?":
        assert gezien in (aantal, f"< {MIN_N}"), waar
    else:
        assert gezien == (f"< {MIN_N}" if onderdrukt else aantal), waar


@VOORBEELDEN
@given(specs=st.lists(budgetspec, min_size=2, max_size=10), pgbs=st.lists(pgbspec, max_size=5))
def test_budget_per_law_with_pgb_reconciles_with_the_raw_rows(client, api_client, wereld, wmo, specs, pgbs):
    w = wereld

    def bouw():
        with time_machine.travel(PEIL, tick=False):
            _bouw(w, wmo, specs, pgbs)
            ids = [g.pk for g in w["gemeenten"]]
            verwacht = _verwacht(ids, PEIL.date())
            namen = {g.pk: g.naam for g in w["gemeenten"]}
            cbs = {g.pk: g.cbs_code for g in w["gemeenten"]}
            sleutels = sorted(verwacht, key=lambda k: (namen[k[0]], list(WETTEN).index(k[1])))
            client.force_login(w["regio"])
            # the budgets page: one row per municipality and law, then the region per law
            doc = lxml_html.fromstring(client.get(f"/sturing/budgetten?jaar={JAAR}").content)
            tabel = doc.get_element_by_id("budgetten-per-wet")
            rijen = {
                (tr.get("data-gemeente"), tr.get("data-wet")): [td.text_content().strip() for td in tr.findall("td")]
                for tr in tabel.find("tbody").findall("tr")
            }
            # the region's other municipalities have no rows in these examples: their lines are all zero
            assert {(cbs[g], wet) for g, wet in sleutels} | {("regio", wet) for wet in WETTEN} <= set(rijen)
            assert len(rijen) == 2 * (Gemeente.objects.filter(regio=w["gemeenten"][0].regio).count() + 1)
            pgb_kolom = [verwacht[k]["pgb_aantal"] for k in sleutels] + [
                sum(verwacht[k]["pgb_aantal"] for k in sleutels if k[1] == wet) for wet in WETTEN
            ]
            regio = defaultdict(lambda: defaultdict(Decimal))
            for (gid, wet), onderdrukt in zip(
                [*sleutels, *((None, w_) for w_ in WETTEN)], _onderdrukking(pgb_kolom), strict=True
            ):
                if gid is None:
                    j, aantal, sleutel = (
                        regio[wet],
                        sum(verwacht[k]["pgb_aantal"] for k in sleutels if k[1] == wet),
                        ("regio", wet),
                    )
                else:
                    j, aantal, sleutel = (
                        _jaar(verwacht[(gid, wet)]),
                        verwacht[(gid, wet)]["pgb_aantal"],
                        (cbs[gid], wet),
                    )
                    for k, x in j.items():
                        regio[wet][k] += x
                cellen = rijen[sleutel]
                assert cellen[:4] == [euro(j["besteed"]), euro(j["toegekend"]), euro(j["verplicht"]), euro(j["pgb"])], (
                    sleutel,
                    cellen,
                    j,
                )
                _telling_klopt(cellen[4] if cellen[4].startswith("<") else int(cellen[4]), aantal, onderdrukt, sleutel)
                assert cellen[5:8] == [euro(j["verplicht_totaal"]), euro(j["instroom"]), euro(j["prognose"])], (
                    sleutel,
                    cellen,
                    j,
                )
            # the municipality's own row (budgets table) is the sum of its laws
            totalen = {
                tr.find("th").text_content().strip(): [td.text_content().strip() for td in tr.findall("td")]
                for tr in doc.get_element_by_id("budgetten").find("tbody").findall("tr")
            }
            for gid in ids:
                j = [_jaar(verwacht[(gid, wet)]) for wet in WETTEN]
                som = {k: sum((x[k] for x in j), Decimal(0)) for k in j[0]}
                assert totalen[namen[gid]][1:6] == [
                    euro(som["besteed"]),
                    euro(som["toegekend"]),
                    euro(som["verplicht_totaal"]),
                    euro(som["instroom"]),
                    euro(som["prognose"]),
                ], namen[gid]
            # the monitor per municipality: the Excel's "Per wet" sheet to the cent
            for g in w["gemeenten"]:
                wb = load_workbook(
                    io.BytesIO(client.get(f"/sturing/monitor?gemeente={g.cbs_code}&jaar={JAAR}&formaat=xlsx").content)
                )
                blad = list(wb["Per wet"].iter_rows(values_only=True))
                kop = next(x for x in blad if x[0] == "Gemeente")
                per_wet = {x[1]: x for x in blad[blad.index(kop) + 1 :] if x[0] == g.naam}
                assert set(per_wet) == set(WETTEN.values())
                for wet, label in WETTEN.items():
                    rij, v = per_wet[label], verwacht[(g.pk, wet)]
                    j = _jaar(v)
                    gezien = {
                        k: _cent(_dec(rij[kop.index(k)]))
                        for k in (
                            "Besteed",
                            "Wacht op definitieve goedkeuring",
                            "Verplicht (toewijzingen)",
                            "Pgb (verplicht)",
                            "Verplicht totaal",
                        )
                    }
                    assert gezien == {
                        "Besteed": j["besteed"],
                        "Wacht op definitieve goedkeuring": j["toegekend"],
                        "Verplicht (toewijzingen)": j["verplicht"],
                        "Pgb (verplicht)": j["pgb"],
                        "Verplicht totaal": j["verplicht_totaal"],
                    }, (g.naam, wet)
                    # the inflow goes through a float trend line: equal to a cent per month
                    assert abs(_cent(_dec(rij[kop.index("Verwachte instroom")])) - j["instroom"]) <= 12 * CENT
                    _telling_klopt(
                        rij[kop.index("Pgb-besluiten")],
                        v["pgb_aantal"],
                        _onderdrukking([verwacht[(g.pk, x)]["pgb_aantal"] for x in WETTEN])[list(WETTEN).index(wet)],
                        (g.naam, wet),
                    )
            # the API: every municipality's laws, and they add up to its total
            api_client.force_authenticate(w["regio"])
            data = api_client.get(f"/api/v1/budgetten?jaar={JAAR}")
            assert data.status_code == 200, data.content
            for b in data.json():
                gid = next((k for k, v in cbs.items() if v == b["gemeente"]), None)
                if gid is None:  # another municipality of the region: nothing in these examples
                    assert Decimal(b["prognose"]) == 0
                    continue
                assert [x["wet"] for x in b["perWet"]] == list(WETTEN)
                for x in b["perWet"]:
                    v = verwacht[(gid, x["wet"])]
                    j = _jaar(v)
                    assert (
                        Decimal(x["gerealiseerd"]),
                        Decimal(x["toegekend"]),
                        Decimal(x["verplicht"]),
                        Decimal(x["pgb"]),
                    ) == (j["besteed"], j["toegekend"], j["verplicht_totaal"], j["pgb"])
                for veld in ("gerealiseerd", "toegekend", "verplicht", "pgb", "instroom", "prognose"):
                    assert sum(Decimal(x[veld]) for x in b["perWet"]) == Decimal(b[veld]), (b["gemeente"], veld)

    _in_savepoint(bouw)


# === subsidies next to contracts ===================================================================

SUBSIDIEJAAR = 2025
regelingspec = st.fixed_dictionaries(
    {
        "gemeente": st.integers(0, 2),
        "wet": st.sampled_from(["wmo", "wmo", "jeugdwet"]),
        "plafond": st.integers(50_000, 400_000),
        "eerder": st.booleans(),  # the scheme started a year earlier (and had grants then)
        "verleningen": st.lists(
            st.fixed_dictionaries(
                {
                    "aanbieder": st.integers(0, 2),
                    "aandeel": st.integers(5, 45),  # percent of the ceiling
                    "voorschotten": st.integers(0, 4),
                    "betaald": st.integers(0, 4),
                    "afloop": st.sampled_from(["verleend", "verantwoord", "vastgesteld"]),
                    "vastgesteld": st.integers(50, 100),  # percent of the grant
                }
            ),
            max_size=3,
        ),
    }
)


def _bouw_subsidies(w, specs):
    door = w["systeem"]
    for i, spec in enumerate(specs):
        g = w["gemeenten"][spec["gemeente"]]
        van = SUBSIDIEJAAR - 1 if spec["eerder"] else SUBSIDIEJAAR
        regeling = subsidies.regeling_create(
            gemeente=g,
            naam=f"Regeling {i}",
            wet=spec["wet"],
            van_jaar=van,
            tot_jaar=SUBSIDIEJAAR,
            plafond=str(spec["plafond"]),
            door=door,
        )
        jaren = [SUBSIDIEJAAR - 1, SUBSIDIEJAAR] if spec["eerder"] else [SUBSIDIEJAAR]
        gehad, benut = set(), defaultdict(Decimal)
        for v in spec["verleningen"]:
            aanbieder = w["aanbieders"][v["aanbieder"]].aanbieder
            for jaar in jaren:
                if (aanbieder.pk, jaar) in gehad:
                    continue
                gehad.add((aanbieder.pk, jaar))
                bedrag = min((Decimal(spec["plafond"]) * v["aandeel"] / 100).quantize(CENT),
                             Decimal(spec["plafond"]) - benut[jaar])  # within the scheme's ceiling  # fmt: skip
                if bedrag <= 0:
                    continue
                benut[jaar] += bedrag
                aanvraag = subsidies.aanvraag_indienen(
                    regeling=regeling,
                    aanbieder=aanbieder,
                    jaar=jaar,
                    bedrag=str(bedrag),
                    datum=dt.date(jaar - 1, 10, 1),
                    door=door,
                )
                deel = (bedrag / 4).quantize(CENT, rounding="ROUND_DOWN")
                verlening = subsidies.verlening_create(
                    aanvraag=aanvraag,
                    bedrag=str(bedrag),
                    prestaties=[{"indicator": "plaatsen", "omschrijving": "Bezette plaatsen", "streefwaarde": "10"}],
                    voorschotten=[
                        {"gepland_op": dt.date(jaar, 1 + 3 * k, 1), "bedrag": deel} for k in range(v["voorschotten"])
                    ],
                    besluitdatum=dt.date(jaar - 1, 12, 1),
                    door=door,
                )
                for vs in list(verlening.voorschotten.order_by("volgnummer"))[: v["betaald"]]:
                    subsidies.voorschot_betalen(voorschot=vs, datum=vs.gepland_op, door=door)
                if v["afloop"] in ("verantwoord", "vastgesteld"):
                    subsidies.verantwoording_indienen(
                        verlening=verlening,
                        jaar=jaar,
                        realisaties={"plaatsen": "9"},
                        datum=dt.date(jaar, 12, 20),
                        door=door,
                    )
                if v["afloop"] == "vastgesteld":
                    subsidies.vaststellen(
                        verlening=verlening,
                        bedrag=str((bedrag * v["vastgesteld"] / 100).quantize(CENT)),
                        datum=dt.date(jaar, 12, 28),
                        door=door,
                    )


def _geld(v) -> Decimal:
    """A sum of amounts from plain SQL: SQLite sums decimals as floats, so back to cents."""
    return _cent(_dec(v))


def _subsidies_verwacht(gemeente_ids: list[int]) -> dict[int, dict]:
    """Per scheme running in the year: ceiling and the year's grants, paid advances, settlements."""
    ids = ", ".join(str(int(g)) for g in gemeente_ids)
    p = [SUBSIDIEJAAR]
    uit = {}
    with connection.cursor() as c:
        c.execute(
            f"SELECT id, gemeente_id, naam, wet, plafond FROM {_tabel(Subsidieregeling)} WHERE gemeente_id IN "
            f"({ids}) AND van_jaar <= %s AND tot_jaar >= %s",
            p * 2,
        )
        for rid, gid, naam, wet, plafond in c.fetchall():
            uit[rid] = {
                "gemeente_id": gid,
                "naam": naam,
                "wet": wet,
                "plafond": _geld(plafond),
                "n": 0,
                "verleend": Decimal(0),
                "voorschotten": Decimal(0),
                "vn": 0,
                "vastgesteld": Decimal(0),
                "terug": Decimal(0),
                "na": Decimal(0),
            }
        c.execute(
            f"SELECT regeling_id, COUNT(*), SUM(verleend_bedrag) FROM {_tabel(Subsidieverlening)} "
            "WHERE jaar = %s GROUP BY regeling_id",
            p,
        )
        for rid, n, s in c.fetchall():
            if rid in uit:
                uit[rid]["n"], uit[rid]["verleend"] = n, _geld(s)
        c.execute(
            f"SELECT v.regeling_id, SUM(x.bedrag) FROM {_tabel(Voorschot)} x JOIN {_tabel(Subsidieverlening)} v "
            "ON v.id = x.verlening_id WHERE v.jaar = %s AND x.status = 'betaald' GROUP BY v.regeling_id",
            p,
        )
        for rid, s in c.fetchall():
            if rid in uit:
                uit[rid]["voorschotten"] = _geld(s)
        c.execute(
            f"SELECT v.regeling_id, COUNT(*), SUM(x.vastgesteld_bedrag), SUM(x.terugvordering), "
            f"SUM(x.nabetaling) FROM {_tabel(Vaststelling)} x JOIN {_tabel(Subsidieverlening)} v "
            "ON v.id = x.verlening_id WHERE v.jaar = %s GROUP BY v.regeling_id",
            p,
        )
        for rid, n, s, t, b in c.fetchall():
            if rid in uit:
                uit[rid].update(vn=n, vastgesteld=_geld(s), terug=_geld(t), na=_geld(b))
    return uit


@VOORBEELDEN
@given(specs=st.lists(regelingspec, min_size=1, max_size=4))
def test_subsidy_figures_reconcile_with_the_raw_rows(client, api_client, wereld, specs):
    w = wereld

    def bouw():
        with time_machine.travel(dt.datetime(SUBSIDIEJAAR, 12, 30, 12, tzinfo=dt.UTC), tick=False):
            _bouw_subsidies(w, specs)
            ids = [g.pk for g in w["gemeenten"]]
            verwacht = _subsidies_verwacht(ids)
            namen = dict(Gemeente.objects.filter(pk__in=ids).values_list("pk", "naam"))
            client.force_login(w["regio"])
            # the monitor of the region: the page's table and the Excel, per scheme
            doc = lxml_html.fromstring(client.get(f"/sturing/monitor?jaar={SUBSIDIEJAAR}").content)
            pagina = {
                (tr.findall("th")[0].text_content().strip(), tr.findall("th")[1].text_content().strip()): [
                    td.text_content().strip() for td in tr.findall("td")
                ]
                for tr in doc.get_element_by_id("subsidies").find("tbody").findall("tr")
            }
            assert set(pagina) == {(namen[v["gemeente_id"]], v["naam"]) for v in verwacht.values()}
            for v in verwacht.values():
                cellen = pagina[(namen[v["gemeente_id"]], v["naam"])]
                benut = (v["verleend"] / v["plafond"]).quantize(Decimal("0.0001")) if v["plafond"] else None
                assert cellen[1:] == [
                    euro(v["plafond"]),
                    str(v["n"]),
                    euro(v["verleend"]),
                    pct(benut, 0),
                    euro(v["voorschotten"]),
                    str(v["vn"]),
                    euro(v["vastgesteld"]),
                    euro(v["terug"]),
                    euro(v["na"]),
                ], (v["naam"], cellen)
            for url in (
                f"/sturing/monitor?jaar={SUBSIDIEJAAR}&formaat=xlsx",
                f"/sturing/raadsrapportage?jaar={SUBSIDIEJAAR}&formaat=xlsx",
            ):
                wb = load_workbook(io.BytesIO(client.get(url).content))
                blad = list(wb["Subsidies"].iter_rows(values_only=True))
                kop = next(x for x in blad if x[0] == "Gemeente")
                rijen = {(x[0], x[1]): dict(zip(kop, x, strict=False)) for x in blad[blad.index(kop) + 1 :]}
                assert set(rijen) == {(namen[v["gemeente_id"]], v["naam"]) for v in verwacht.values()}, url
                for v in verwacht.values():
                    x = rijen[(namen[v["gemeente_id"]], v["naam"])]
                    assert (
                        x["Verleningen"],
                        _dec(x["Verleend"]),
                        _dec(x["Voorschotten betaald"]),
                        x["Vastgesteld (aantal)"],
                        _dec(x["Vastgesteld"]),
                        _dec(x["Teruggevorderd"]),
                        _dec(x["Nabetaald"]),
                    ) == (v["n"], v["verleend"], v["voorschotten"], v["vn"], v["vastgesteld"], v["terug"], v["na"]), (
                        url,
                        v["naam"],
                    )
                # next to the contracts: per municipality and law, the schemes of that law together
                per_wet = list(wb["Per wet"].iter_rows(values_only=True))
                wkop = next(x for x in per_wet if x[0] == "Gemeente")
                for x in per_wet[per_wet.index(wkop) + 1 :]:
                    wet = next(k for k, label in WETTEN.items() if label == x[1])
                    hier = [
                        v
                        for v in verwacht.values()
                        if v["wet"] == wet and (x[0] == "regio" or namen[v["gemeente_id"]] == x[0])
                    ]
                    assert (
                        _dec(x[wkop.index("Subsidie verleend")]),
                        _dec(x[wkop.index("Voorschotten betaald")]),
                        _dec(x[wkop.index("Subsidie vastgesteld")]),
                        _dec(x[wkop.index("Teruggevorderd")]),
                    ) == (
                        sum((v["verleend"] for v in hier), Decimal(0)),
                        sum((v["voorschotten"] for v in hier), Decimal(0)),
                        sum((v["vastgesteld"] for v in hier), Decimal(0)),
                        sum((v["terug"] for v in hier), Decimal(0)),
                    ), (url, x[0], x[1])
            # the API: the same per scheme
            api_client.force_authenticate(w["regio"])
            data = api_client.get(f"/api/v1/subsidiecijfers?jaar={SUBSIDIEJAAR}")
            assert data.status_code == 200, data.content
            per_naam = {(x["gemeenteNaam"], x["regelingNaam"]): x for x in data.json()}
            assert set(per_naam) == {(namen[v["gemeente_id"]], v["naam"]) for v in verwacht.values()}
            for v in verwacht.values():
                x = per_naam[(namen[v["gemeente_id"]], v["naam"])]
                assert (
                    x["verleningen"],
                    Decimal(x["verleend"]),
                    Decimal(x["voorschotten"]),
                    Decimal(x["terugvordering"]),
                ) == (v["n"], v["verleend"], v["voorschotten"], v["terug"])

    _in_savepoint(bouw)


# === collective provisions: capacity and reach per district ========================================

voorzieningspec = st.fixed_dictionaries(
    {
        "gemeente": st.integers(0, 2),
        "wijk": st.integers(0, 1),
        "aanbieder": st.integers(0, 2),
        "capaciteit": st.integers(1, 80),
        "eenheid": st.sampled_from(["week", "maand", "jaar"]),
        "van": st.integers(-300, 200),  # days from 1 January 2025
        "duur": st.one_of(st.none(), st.integers(20, 400)),
        "meldingen": st.lists(st.tuples(st.integers(1, 12), st.integers(0, 300)), max_size=4),
        "verwijzingen": st.lists(st.integers(1, 4), max_size=4),
    }
)


def _bouw_voorzieningen(w, specs):
    door = w["systeem"]
    wijken = {}
    for i, spec in enumerate(specs):
        g = w["gemeenten"][spec["gemeente"]]
        sleutel = (g.pk, spec["wijk"])
        if sleutel not in wijken:
            wijken[sleutel] = voorzieningen.wijk_create(gemeente=g, naam=f"Wijk {spec['wijk']}", door=door)
        van = dt.date(JAAR, 1, 1) + dt.timedelta(days=spec["van"])
        tot = van + dt.timedelta(days=spec["duur"]) if spec["duur"] else None
        v = voorzieningen.voorziening_create(
            wijk=wijken[sleutel],
            aanbieder=w["aanbieders"][spec["aanbieder"]].aanbieder,
            naam=f"Ontmoeting {i}",
            soort="ontmoeting",
            capaciteit=spec["capaciteit"],
            capaciteit_eenheid=spec["eenheid"],
            geldig_van=van,
            geldig_tot=tot,
            door=door,
        )
        gemeld = set()
        for maand, aantal in spec["meldingen"]:
            dag = dt.date(JAAR, maand, 1)
            if maand in gemeld or not v.geldig_op(dag) and not v.geldig_op(dag.replace(day=28)):
                continue
            gemeld.add(maand)
            try:
                voorzieningen.deelname_melden(
                    voorziening=v, periode=dag, deelnames=aantal, datum=dt.date(JAAR, 12, 1), door=door
                )
            except Exception:  # noqa: BLE001, S112 - a month the service refuses (outside the validity) is no row
                continue
        for k, aantal in enumerate(spec["verwijzingen"]):
            dag = max(van, dt.date(JAAR, 1, 1)) + dt.timedelta(days=k)
            if v.geldig_op(dag) and dag.year == JAAR:
                voorzieningen.voorliggend_verwijzen(voorziening=v, aantal=aantal, datum=dag, door=door)


def _bereik_verwacht(gemeente_ids: list[int]) -> list[dict]:
    """Per provision valid in the year: capacity pro rata the valid days (week x 52, month x 12, year x
    1; rounded half up), the year's current attendance reports, the year's referrals."""
    ids = ", ".join(str(int(g)) for g in gemeente_ids)
    jb, je = dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31)
    uit = []
    with connection.cursor() as c:
        c.execute(
            f"SELECT v.id, v.gemeente_id, w.naam, v.naam, v.capaciteit, v.capaciteit_eenheid, v.geldig_van, "
            f"v.geldig_tot, (SELECT SUM(d.deelnames) FROM {_tabel(Deelnamemelding)} d WHERE d.voorziening_id = v.id "
            "AND d.status = 'geldig' AND d.periode BETWEEN %s AND %s), "
            f"(SELECT SUM(r.aantal) FROM {_tabel(VoorliggendeVerwijzing)} r WHERE r.voorziening_id = v.id "
            f"AND r.datum BETWEEN %s AND %s) FROM {_tabel(AlgemeneVoorziening)} v JOIN {_tabel(Wijk)} w "
            f"ON w.id = v.wijk_id WHERE v.gemeente_id IN ({ids}) AND v.geldig_van <= %s "
            "AND (v.geldig_tot IS NULL OR v.geldig_tot >= %s)",
            [jb, je, jb, je, je, jb],
        )
        for _, gid, wijk, naam, cap, eenheid, van, tot, deelnames, verwezen in c.fetchall():
            van, tot = _date(van), _date(tot)
            dagen = (min(tot or je, je) - max(van, jb)).days + 1
            per_jaar = {"week": 52, "maand": 12, "jaar": 1}[eenheid] * cap
            capaciteit = int((Decimal(per_jaar) * dagen / 365).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            uit.append(
                {
                    "gemeente_id": gid,
                    "wijk": wijk,
                    "naam": naam,
                    "capaciteit": capaciteit,
                    "deelnames": int(deelnames or 0),
                    "verwijzingen": int(verwezen or 0),
                }
            )
    return uit


@VOORBEELDEN
@given(specs=st.lists(voorzieningspec, min_size=1, max_size=5))
def test_collective_provision_reach_reconciles_with_the_raw_rows(client, wereld, specs):
    w = wereld

    def bouw():
        with time_machine.travel(dt.datetime(JAAR, 12, 30, 12, tzinfo=dt.UTC), tick=False):
            _bouw_voorzieningen(w, specs)
            ids = [g.pk for g in w["gemeenten"]]
            namen = dict(Gemeente.objects.filter(pk__in=ids).values_list("pk", "naam"))
            verwacht = sorted(_bereik_verwacht(ids), key=lambda v: (namen[v["gemeente_id"]], v["wijk"], v["naam"]))
            onderdrukt = _onderdrukking([v["verwijzingen"] for v in verwacht])
            client.force_login(w["regio"])
            for url in (
                f"/sturing/monitor?jaar={JAAR}&formaat=xlsx",
                f"/sturing/raadsrapportage?jaar={JAAR}&formaat=xlsx",
            ):
                wb = load_workbook(io.BytesIO(client.get(url).content))
                blad = list(wb["Algemene voorzieningen"].iter_rows(values_only=True))
                kop = next(x for x in blad if x[0] == "Gemeente")
                rijen = [dict(zip(kop, x, strict=False)) for x in blad[blad.index(kop) + 1 :]]
                assert [(x["Gemeente"], x["Wijk"], x["Voorziening"]) for x in rijen] == [
                    (namen[v["gemeente_id"]], v["wijk"], v["naam"]) for v in verwacht
                ], url
                for x, v, o in zip(rijen, verwacht, onderdrukt, strict=True):
                    assert (x["Capaciteit (deelnames per jaar)"], x["Deelnames"]) == (v["capaciteit"], v["deelnames"])
                    bezetting = x["Bezetting"]
                    assert (bezetting is None) == (v["capaciteit"] == 0)
                    if v["capaciteit"]:
                        assert bezetting == pytest.approx(v["deelnames"] / v["capaciteit"], abs=5e-5)
                    _telling_klopt(x["Verwijzingen door de toegang"], v["verwijzingen"], o, (url, v["naam"]))

    _in_savepoint(bouw)


def test_wmo_and_pgb_show_next_to_youth_on_a_fixed_region(client, wereld, wmo):
    """A fixed example where every part is non-zero: a youth and a Wmo assignment invoiced and finally
    approved, a Wmo assignment running on, and a pgb under each law; the page shows both laws with the
    plain-SQL figures, and the municipality's total is their sum."""
    w = wereld
    specs = [
        {"gemeente": 0, "aanbieder": 0, "wet": "jeugdwet", "product": 0, "start": 20, "lot": "gestart",
         "factuur": "goedgekeurd"},
        {"gemeente": 0, "aanbieder": 1, "wet": "wmo", "product": 1, "start": 30, "lot": "gestart",
         "factuur": "goedgekeurd"},  # W02: half at the start
        {"gemeente": 0, "aanbieder": 1, "wet": "wmo", "product": 0, "start": 60, "lot": "gestart", "factuur": None},
    ]  # fmt: skip
    pgbs = [
        {"gemeente": 0, "wet": "wmo", "bedrag": 12_000, "start": 0, "duur": 364, "einde": None},
        {"gemeente": 0, "wet": "jeugdwet", "bedrag": 8_000, "start": -100, "duur": 200, "einde": None},
    ]
    with time_machine.travel(PEIL, tick=False):
        _bouw(w, wmo, specs, pgbs)
        zwolle = w["gemeenten"][0]
        verwacht = _verwacht([zwolle.pk], PEIL.date())
        jeugd, wmo_ = _jaar(verwacht[(zwolle.pk, "jeugdwet")]), _jaar(verwacht[(zwolle.pk, "wmo")])
        assert jeugd["besteed"] > 0 and wmo_["besteed"] > 0 and wmo_["verplicht"] > 0
        assert wmo_["pgb"] == Decimal("12000") and 0 < jeugd["pgb"] < Decimal("8000")
        client.force_login(w["regio"])
        doc = lxml_html.fromstring(client.get(f"/sturing/budgetten?jaar={JAAR}").content)
        for wet, j in (("jeugdwet", jeugd), ("wmo", wmo_)):
            tr = doc.xpath(f'//table[@id="budgetten-per-wet"]//tr[@data-gemeente="0193"][@data-wet="{wet}"]')[0]
            cellen = [td.text_content().strip() for td in tr.findall("td")]
            assert cellen[0] == euro(j["besteed"]) and cellen[3] == euro(j["pgb"]) and cellen[4] == f"< {MIN_N}"
            assert cellen[7] == euro(j["prognose"])
        totaal = doc.xpath('//table[@id="budgetten"]//tr[th[normalize-space()="Zwolle"]]/td')
        assert totaal[5].text_content().strip() == euro(jeugd["prognose"] + wmo_["prognose"])
