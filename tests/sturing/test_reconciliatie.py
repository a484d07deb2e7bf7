# ruff: noqa: S608 - table names come from the models' _meta, every value is a query parameter
"""Issue 13, point 3: every figure a council sees reconciles with the raw rows.

For small random regions (hypothesis), built through the real services (referral, plan, assignment,
acceptance, start, end with goals, measurement, invoice, final approval, payment run, 3.2), every
figure of the indicator API, the council report (page and Excel), the municipal monitor (outcomes per
quarter against the region, budget per month) and the budgets page equals an independent count from
the raw rows, written here in plain SQL (``connection.cursor()``) and the documented rules
(docs/uitkomsten.md), never through the selectors. Runs on SQLite and PostgreSQL.

Each example is built in a savepoint that is rolled back, so examples do not see each other.
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
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from openpyxl import load_workbook
from scipy.stats import fisher_exact

from tests.toegang import helpers as th
from tests.uitkomsten import helpers as h
from uitkomst.accounts import policy
from uitkomst.catalogus.models import Betaaltermijn, Product, Tarief
from uitkomst.declaraties import regels as r
from uitkomst.declaraties import services as declaraties
from uitkomst.declaraties.models import Declaratieregel, Volumeafspraak
from uitkomst.organisaties.models import Gemeente
from uitkomst.sturing import services as sturing
from uitkomst.sturing.models import Budgetplafond
from uitkomst.sturing.templatetags.sturing_tags import euro
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import Toewijzing, Traject
from uitkomst.uitkomsten import services as uitkomsten
from uitkomst.uitkomsten.models import Uitkomstmeting

pytestmark = pytest.mark.django_db
MIN_N = 3  # a small minimum cell size, so small regions have both visible and suppressed cells
GEMEENTEN = ["0193", "0166", "0148"]  # Zwolle, Kampen, Dalfsen
PRODUCTEN = ["P01-P", "P02-D", "P03-I"]  # start/end halves, twelve monthly parts, start/end halves
CENT = Decimal("0.01")
VOORBEELDEN = settings(
    max_examples=5, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip


def _tabel(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _camel(code: str) -> str:
    eerste, *rest = code.split("_")
    return eerste + "".join(d.title() for d in rest)


# --- the world: three municipalities, three providers, their users --------------------------------


@pytest.fixture
def wereld(settings, make_user, ijsselland, regio):
    settings.MIN_CELGROOTTE = MIN_N
    gemeenten = [Gemeente.objects.get(cbs_code=c) for c in GEMEENTEN]
    aanbieders = []
    for naam in ("Kompas", "Horizon", "Derde"):
        a = th.aanbieder(naam)
        th.contracteer(a, ijsselland, ingangsdatum=dt.date(2023, 1, 1))
        aanbieders.append(a)
    return {
        "model": ijsselland,
        "gemeenten": gemeenten,
        "toegang": [make_user(f"toegang-{g.cbs_code}", "gemeente-toegang", gemeente=g) for g in gemeenten],
        "financien": [make_user(f"fin-{g.cbs_code}", "gemeente-financien", gemeente=g) for g in gemeenten],
        "aanbieders": [make_user(f"aanb-{i}", "aanbieder", aanbieder=a, regio=regio) for i, a in enumerate(aanbieders)],
        "regio": make_user("cm-regio", "regio-contractmanager", regio=regio),
        "systeem": policy.systeem_actor("test"),
    }


def _in_savepoint(bouw):
    """Run ``bouw`` in a savepoint that is always rolled back."""
    with transaction.atomic():
        try:
            bouw()
        finally:
            transaction.set_rollback(True)


# === outcomes: indicator API, council report, monitor per quarter =================================

trajectspec = st.fixed_dictionaries({
    "gemeente": st.integers(0, 2),
    "aanbieder": st.integers(0, 2),
    "product": st.sampled_from(PRODUCTEN),
    "start": st.integers(0, 300),  # days after 1 January 2024
    "duur": st.integers(1, 60),
    "reden": st.sampled_from(["31", "31", "32", "33", "34", "35", "02"]),
    "doel": st.sampled_from(["behaald", "deels", "niet"]),
    "score": st.one_of(st.none(), st.integers(1, 10)),
    "extra": st.one_of(st.none(), st.integers(1, 5)),
    "uitgevraagd": st.booleans(),
    "zonder_hulp": st.sampled_from([None, True, False]),
    "probleem": st.sampled_from([None, True, False]),
    "tscores": st.one_of(st.none(), st.tuples(st.integers(55, 80), st.integers(35, 75))),
    "herstart": st.booleans(),  # a new assignment for the same client 20 days after the end
})  # fmt: skip

BOUWDATUM = dt.datetime(2024, 12, 20, 12, tzinfo=dt.UTC)
KIJKDATUM = dt.datetime(2025, 2, 10, 12, tzinfo=dt.UTC)  # windows of ends in H1 2024 have passed
VAN, TOT = dt.date(2024, 1, 1), dt.date(2024, 12, 31)


_bsn = itertools.count(400_000)


def _bouw_metingen(w, specs):
    model = w["model"]
    for spec in specs:
        g, toegang, aanbieder = w["gemeenten"][spec["gemeente"]], w["toegang"][spec["gemeente"]], w["aanbieders"][
            spec["aanbieder"]]  # fmt: skip
        start = VAN + dt.timedelta(days=spec["start"])
        einde = min(start + dt.timedelta(days=spec["duur"]), BOUWDATUM.date() - dt.timedelta(days=25))
        bsn = h.bsn(next(_bsn))
        t = h.beeindigd(toegang, aanbieder, g, model, reden=spec["reden"], doel=spec["doel"], einde=einde,
                        productcode=spec["product"], start=start, bsn_=bsn)  # fmt: skip
        voor, na = spec["tscores"] or (None, None)
        uitkomsten.uitkomstmeting_create(
            traject=t, door=aanbieder, zonder_hulp_verder=spec["zonder_hulp"], probleem_afgenomen=spec["probleem"],
            t_score_voor=voor, t_score_na=na, instrument="SDQ" if voor else "",
            tevredenheid_uitgevraagd=spec["uitgevraagd"],
            tevredenheid_score=spec["score"] if spec["uitgevraagd"] else None,
            extra_vraag_score=spec["extra"] if spec["uitgevraagd"] else None,
        )  # fmt: skip
        if spec["herstart"]:
            h.traject(toegang, g, model, aanbieder.aanbieder, bsn_=bsn, start=einde + dt.timedelta(days=20))


# The indicators as the documentation defines them, in SQL: (code, denominator, numerator).
INDICATOREN_SQL = [
    ("zonder_hulp_verder", "m.zonder_hulp_verder IS NOT NULL", "m.zonder_hulp_verder = %(ja)s", True),
    ("geen_nieuwe_hulp", "m.geen_nieuwe_hulp IS NOT NULL", "m.geen_nieuwe_hulp = %(ja)s", True),
    ("probleem_afgenomen", "m.probleem_afgenomen IS NOT NULL", "m.probleem_afgenomen = %(ja)s", True),
    ("betrouwbaar_verbeterd", "m.rci IS NOT NULL", "m.rci <= -1.96", True),
    ("doelen_behaald", "m.doelen_behaald <> ''", "m.doelen_behaald = 'ja'", True),
    ("uitval_smal", "m.reden_beeindiging IN ('31','32','33','34','35')", "m.reden_beeindiging = '32'", False),
    ("uitval_breed", "m.reden_beeindiging IN ('31','32','33','34','35')", "m.reden_beeindiging IN ('32','33')",
     False),
    ("tevreden", "m.tevredenheid_score IS NOT NULL", "m.tevredenheid_score >= 7", True),
]  # fmt: skip
HOGER_IS_BETER = {code: hoger for code, _, _, hoger in INDICATOREN_SQL}


def _kwartaal_sql(jaar: int) -> tuple[str, dict]:
    """A CASE that maps the end date to a quarter key, portable across SQLite and PostgreSQL."""
    delen, params = [], {}
    for q in range(1, 5):
        params[f"kb{q}"] = dt.date(jaar, 3 * q - 2, 1)
        params[f"ke{q}"] = dt.date(jaar, 3 * q, calendar.monthrange(jaar, 3 * q)[1])
        delen.append(f"WHEN m.beeindigd_op BETWEEN %(kb{q})s AND %(ke{q})s THEN '{jaar}-K{q}'")
    return "CASE " + " ".join(delen) + " END", params


def _tellingen(groep: str, *, regio_id: int, gemeente_id: int | None = None) -> dict:
    """Per group key: the raw counts of every indicator, straight from the measurement table."""
    kolommen = ["COUNT(*) AS aantal"]
    for code, noemer, teller, _ in INDICATOREN_SQL:
        kolommen.append(f"SUM(CASE WHEN {noemer} THEN 1 ELSE 0 END) AS {code}__n")
        kolommen.append(f"SUM(CASE WHEN ({noemer}) AND ({teller}) THEN 1 ELSE 0 END) AS {code}__k")
    kolommen += [
        "SUM(CASE WHEN m.tevredenheid_uitgevraagd = %(ja)s THEN 1 ELSE 0 END) AS uitgevraagd",
        "SUM(CASE WHEN m.tevredenheid_uitgevraagd = %(ja)s AND m.tevredenheid_score IS NOT NULL THEN 1 ELSE 0 END)"
        " AS respons",
        "SUM(m.tevredenheid_score) AS score_som", "COUNT(m.tevredenheid_score) AS score_n",
        "SUM(m.extra_vraag_score) AS extra_som", "COUNT(m.extra_vraag_score) AS extra_n",
    ]  # fmt: skip
    params = {"ja": True, "regio": regio_id, "van": VAN, "tot": TOT}
    sleutel = {"gemeente": "m.gemeente_id", "aanbieder": "m.aanbieder_id", "product": "m.product_id", None: "'regio'"}
    if groep == "periode":
        expr, extra = _kwartaal_sql(VAN.year)
        params.update(extra)
    else:
        expr = sleutel[groep]
    waar = "g.regio_id = %(regio)s AND m.beeindigd_op BETWEEN %(van)s AND %(tot)s"
    if gemeente_id is not None:
        waar += " AND m.gemeente_id = %(gemeente)s"
        params["gemeente"] = gemeente_id
    sql = (
        f"SELECT {expr} AS sleutel, {', '.join(kolommen)} FROM {_tabel(Uitkomstmeting)} m "
        f"JOIN {_tabel(Gemeente)} g ON g.id = m.gemeente_id WHERE {waar}"
        + (" GROUP BY 1" if groep is not None else "")  # positional: PostgreSQL refuses a constant or a
    )  # parameterised expression repeated in GROUP BY
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        namen = [c[0].lower() for c in cursor.description]
        return {row[0]: dict(zip(namen[1:], (v or 0 for v in row[1:]), strict=True)) for row in cursor.fetchall()}


def _verwacht(rijen: dict, regio: dict, per_groep_regio: dict | None = None) -> dict:
    """The figures the documentation promises, from raw counts: share, suppression (primary below
    MIN_N, complementary when a column has exactly one hidden cell), region benchmark, better/worse
    by Fisher's exact test against the rest of the region (two-sided, 0.05, both at least MIN_N,
    equal shares never differ)."""
    out = {}
    for key, t in rijen.items():
        bench = (per_groep_regio or {}).get(key, regio)
        cellen = {}
        for code, _, _, hoger in INDICATOREN_SQL:
            n, k = t[f"{code}__n"], t[f"{code}__k"]
            bn, bk = bench[f"{code}__n"], bench[f"{code}__k"]
            afwijking = None
            nr, kr = bn - n, bk - k
            toetsbaar = n >= MIN_N and nr >= MIN_N and k * nr != kr * n
            if toetsbaar and fisher_exact([[k, n - k], [kr, nr - kr]], alternative="two-sided")[1] < 0.05:
                afwijking = "beter" if (k * nr > kr * n) == hoger else "slechter"
            cellen[code] = {"n": n, "k": k, "onderdrukt": n < MIN_N, "benchmark": bk / bn if bn else None,
                            "afwijking": afwijking}  # fmt: skip
        respons_ok = t["respons"] >= MIN_N
        out[key] = {
            "aantal": t["aantal"], "onderdrukt": t["aantal"] < MIN_N, "cellen": cellen,
            "tevredenheid": t["score_som"] / t["score_n"] if respons_ok and t["score_n"] else None,
            "extra": t["extra_som"] / t["extra_n"] if respons_ok and t["extra_n"] else None,
            "respons": t["respons"] / t["uitgevraagd"] if respons_ok and t["uitgevraagd"] else None,
        }  # fmt: skip
    for code, *_ in INDICATOREN_SQL:  # complementary suppression
        verborgen = [k for k, v in out.items() if v["cellen"][code]["onderdrukt"] and v["cellen"][code]["n"] > 0]
        zichtbaar = [k for k, v in out.items() if not v["cellen"][code]["onderdrukt"]]
        if len(verborgen) == 1 and zichtbaar:
            kleinste = min(out[k]["cellen"][code]["n"] for k in zichtbaar)
            for k in zichtbaar:  # a tie: either of the smallest may be the one hidden
                if out[k]["cellen"][code]["n"] == kleinste:
                    out[k]["cellen"][code]["secundair"] = True
    return out


def _cel_klopt(cel: dict, verwacht: dict, *, waar: str) -> bool:
    """One cell of a page/API/Excel against the expectation; returns whether it was hidden as the
    complementary cell (allowed only where the expectation says so)."""
    if verwacht.get("secundair") and cel["onderdrukt"]:
        assert cel["aandeel"] is None and cel["afwijking"] is None, waar
        return True
    assert cel["onderdrukt"] == verwacht["onderdrukt"], waar
    if verwacht["onderdrukt"]:
        assert cel["aandeel"] is None and cel["afwijking"] is None, waar
    else:
        assert cel["n"] == verwacht["n"], waar
        assert cel["aandeel"] == pytest.approx(verwacht["k"] / verwacht["n"], abs=1e-12), waar
        assert cel["afwijking"] == verwacht["afwijking"], waar
    if "benchmark" in cel:
        assert cel["benchmark"] == pytest.approx(verwacht["benchmark"], abs=1e-12), waar
    return False


def _kolom_secundair(gezien: dict[str, list]) -> None:
    """In each column at most one complementary cell is hidden."""
    for code, keys in gezien.items():
        assert len(keys) <= 1, (code, keys)


def _check_api(client, w, regio_id):
    regio = _tellingen(None, regio_id=regio_id)["regio"]
    gemeente_cbs = {g.pk: g.cbs_code for g in Gemeente.objects.all()}
    aanbieder_uuid = {a.aanbieder.pk: str(a.aanbieder.uuid) for a in w["aanbieders"]}
    for groep in ("gemeente", "aanbieder", "product", "periode"):
        rows = client.get(f"/api/v1/indicatoren?groep={groep}&beeindigdVan={VAN}&beeindigdTot={TOT}")
        assert rows.status_code == 200, rows.content
        data = rows.json()
        verwacht = _verwacht(_tellingen(groep, regio_id=regio_id), regio)
        naar_sleutel = {
            "gemeente": lambda k: gemeente_cbs[k], "aanbieder": lambda k: aanbieder_uuid[k],
            "product": str, "periode": lambda k: None,
        }[groep]  # fmt: skip
        *groepen, bench = data
        assert bench["label"] == "Regio (benchmark)" and bench["aantal"] == (regio["aantal"] if regio["aantal"] >=
                                                                             MIN_N else None)  # fmt: skip
        if groep == "periode":
            assert [x["label"] for x in groepen] == sorted(verwacht)
            per_sleutel = {x["label"]: x for x in groepen}
        else:
            per_sleutel = {x["sleutel"]: x for x in groepen}
            verwacht = {naar_sleutel(k): v for k, v in verwacht.items()}
        assert set(per_sleutel) == set(verwacht), groep
        secundair = defaultdict(list)
        for key, v in verwacht.items():
            x = per_sleutel[key]
            assert x["aantal"] == (None if v["onderdrukt"] else v["aantal"]) and x["onderdrukt"] == v["onderdrukt"]
            for code, cv in v["cellen"].items():
                c = x["indicatoren"][_camel(code)]
                cel = {"n": c["n"], "aandeel": c["aandeel"], "onderdrukt": c["onderdrukt"],
                       "afwijking": c["afwijking"], "benchmark": c["benchmark"]}  # fmt: skip
                if _cel_klopt(cel, {**cv, "benchmark": cv["benchmark"]}, waar=f"api {groep} {key} {code}"):
                    secundair[code].append(key)
            for veld, api in (("tevredenheid", "tevredenheidGemiddeld"), ("extra", "extraVraagGemiddeld"),
                              ("respons", "responspercentage")):  # fmt: skip
                assert x[api] == pytest.approx(v[veld], abs=1e-12), (groep, key, veld)
        _kolom_secundair(secundair)


def _pct_tekst(x: float) -> str:
    from uitkomst.sturing.templatetags.sturing_tags import pct

    return pct(x)


def _check_raadsrapportage(client, regio_id):
    regio = _tellingen(None, regio_id=regio_id)["regio"]
    verwacht = _verwacht(_tellingen("gemeente", regio_id=regio_id), regio)
    namen = dict(Gemeente.objects.values_list("pk", "naam"))
    verwacht = {namen[k]: v for k, v in verwacht.items()}
    # the page: every row, its count, each cell's n and share (as printed) or the suppression dash
    pagina = client.get(f"/sturing/raadsrapportage?jaar={VAN.year}")
    doc = lxml_html.fromstring(pagina.content)
    tabel = doc.get_element_by_id("per-gemeente")
    codes = [code for code, *_ in INDICATOREN_SQL]
    rijen = {tr.find("th").text_content().strip(): tr.findall("td") for tr in tabel.find("tbody").findall("tr")}
    assert set(rijen) == set(verwacht)
    for naam, v in verwacht.items():
        tds = rijen[naam]
        assert tds[0].text_content().strip() == (f"< {MIN_N}" if v["onderdrukt"] else str(v["aantal"]))
        for i, code in enumerate(codes):
            tekst, cv = tds[1 + i].text_content(), v["cellen"][code]
            if "—" in tekst and (cv["onderdrukt"] or cv.get("secundair")):
                continue
            assert not cv["onderdrukt"], (naam, code, tekst)
            assert f"n={cv['n']}" in tekst and _pct_tekst(cv["k"] / cv["n"]) in tekst, (naam, code, tekst)
            assert ("slechter" in tekst, "beter" in tekst.replace("slechter", "")) == (
                cv["afwijking"] == "slechter", cv["afwijking"] == "beter"), (naam, code, tekst)  # fmt: skip
    voet = tabel.find("tfoot").find("tr").findall("td")
    assert voet[0].text_content().strip() == (f"< {MIN_N}" if regio["aantal"] < MIN_N else str(regio["aantal"]))
    kern = doc.get_element_by_id("raad-kern").text_content()
    if regio["doelen_behaald__n"] >= MIN_N:
        assert _pct_tekst(regio["doelen_behaald__k"] / regio["doelen_behaald__n"]) in kern
    # the Excel: exact shares, suppression marks, flags
    wb = load_workbook(io.BytesIO(client.get(f"/sturing/raadsrapportage?jaar={VAN.year}&formaat=xlsx").content))
    detail = list(wb["Uitkomsten per gemeente"].iter_rows(values_only=True))
    kop = next(r for r in detail if r[0] == "Groep")
    per_naam = {r[0]: r for r in detail[detail.index(kop) + 1 :]}
    assert set(per_naam) == {*verwacht, "Regio (benchmark)"}
    from uitkomst.uitkomsten.selectors import PER_CODE  # only the column titles

    secundair = defaultdict(list)
    for naam, v in verwacht.items():
        rij = per_naam[naam]
        for code in codes:
            titel = PER_CODE[code].naam
            n, aandeel, vlag = (rij[kop.index(f"{titel} n")], rij[kop.index(f"{titel} aandeel")],
                                rij[kop.index(f"{titel} t.o.v. rest regio")])  # fmt: skip
            cv = v["cellen"][code]
            onderdrukt = isinstance(n, str)
            if onderdrukt:
                assert n == ("nog niet bekend" if cv["n"] == 0 else f"onderdrukt (< {MIN_N})" if cv["onderdrukt"]
                             else "onderdrukt"), (naam, code, n)  # fmt: skip
            cel = {"n": None if onderdrukt else n, "aandeel": aandeel, "onderdrukt": onderdrukt, "afwijking": vlag,
                   "benchmark": rij[kop.index(f"{titel} regio")]}  # fmt: skip
            if _cel_klopt(cel, cv, waar=f"excel {naam} {code}"):
                secundair[code].append(naam)
    _kolom_secundair(secundair)


def _check_monitor_uitkomsten(client, regio_id, gemeente):
    """The monitor of one municipality: its quarters, each against the region's same quarter."""
    eigen = _tellingen("periode", regio_id=regio_id, gemeente_id=gemeente.pk)
    regio_per_kwartaal = _tellingen("periode", regio_id=regio_id)
    regio = _tellingen(None, regio_id=regio_id).get("regio")
    verwacht = _verwacht(eigen, regio, regio_per_kwartaal)
    wb = load_workbook(io.BytesIO(client.get(f"/sturing/monitor?gemeente={gemeente.cbs_code}&jaar={VAN.year}"
                                             "&formaat=xlsx").content))  # fmt: skip
    rijen = list(wb["Uitkomsten"].iter_rows(values_only=True))
    kop = next(r for r in rijen if r[0] == "Groep")
    per_label = {r[0]: r for r in rijen[rijen.index(kop) + 1 :]}
    assert set(per_label) == {*verwacht, "Regio (benchmark)"}
    assert per_label["Regio (benchmark)"][1] == (regio["aantal"] if regio["aantal"] >= MIN_N else f"< {MIN_N}")
    from uitkomst.uitkomsten.selectors import PER_CODE

    secundair = defaultdict(list)
    for label, v in verwacht.items():
        rij = per_label[label]
        assert rij[1] == (f"< {MIN_N}" if v["onderdrukt"] else v["aantal"])
        for code, cv in v["cellen"].items():
            titel = PER_CODE[code].naam
            n = rij[kop.index(f"{titel} n")]
            onderdrukt = isinstance(n, str)
            cel = {"n": None if onderdrukt else n, "aandeel": rij[kop.index(f"{titel} aandeel")],
                   "onderdrukt": onderdrukt, "afwijking": rij[kop.index(f"{titel} t.o.v. rest regio")],
                   "benchmark": rij[kop.index(f"{titel} regio")]}  # fmt: skip
            if _cel_klopt(cel, cv, waar=f"monitor {label} {code}"):
                secundair[code].append(label)
    _kolom_secundair(secundair)


@VOORBEELDEN
@given(specs=st.lists(trajectspec, min_size=3, max_size=12))
def test_outcome_figures_reconcile_with_the_raw_rows(client, api_client, wereld, specs):
    w = wereld

    def bouw():
        with time_machine.travel(BOUWDATUM, tick=False):
            _bouw_metingen(w, specs)
        with time_machine.travel(KIJKDATUM, tick=False):
            uitkomsten.nieuwe_hulp_bepalen(door=w["systeem"])
            regio_id = w["gemeenten"][0].regio_id
            api_client.force_authenticate(w["regio"])
            _check_api(api_client, w, regio_id)
            client.force_login(w["regio"])
            _check_raadsrapportage(client, regio_id)
            _check_monitor_uitkomsten(client, regio_id, w["gemeenten"][0])

    _in_savepoint(bouw)


# === budgets: the budgets page and the monitor per month ==========================================

PEIL = dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC)
JAAR = 2025

budgetspec = st.fixed_dictionaries({
    "gemeente": st.integers(0, 2),
    "aanbieder": st.integers(0, 2),
    "product": st.sampled_from(PRODUCTEN),
    "start": st.integers(-200, 125),  # days from 1 January 2025 (the reference date is 10 May)
    "lot": st.sampled_from(["toegewezen", "gestart", "gestart", "beeindigd"]),
    "factuur": st.sampled_from([None, "toegekend", "goedgekeurd", "betaald"]),
})  # fmt: skip
plafonds = st.lists(st.one_of(st.none(), st.integers(1_000, 40_000)), min_size=3, max_size=3)


def _bouw_budget(w, specs, ceilings):
    model = w["model"]
    factuur = defaultdict(list)
    for spec in specs:
        g, toegang, aanbieder = w["gemeenten"][spec["gemeente"]], w["toegang"][spec["gemeente"]], w["aanbieders"][
            spec["aanbieder"]]  # fmt: skip
        start = dt.date(JAAR, 1, 1) + dt.timedelta(days=spec["start"])
        t = h.traject(toegang, g, model, aanbieder.aanbieder, productcode=spec["product"], start=start)
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
            deel = Decimal("0.5") if tw.product.code != "P02-D" else Decimal("0.0833")
            regels.append(r.Invoer(regelnummer=n, referentie=tw.nummer, begindatum=tw.startdatum, einddatum=eind,
                                   termijn=1, bedrag=(tw.budget * deel).quantize(CENT)))  # fmt: skip
        d = declaraties.declaratie_indienen(aanbieder=aanbieder.aanbieder, begindatum=min(x.begindatum for x in regels),
                                            einddatum=max(x.einddatum for x in regels), regels=regels,
                                            door=aanbieder)  # fmt: skip
        toegekend = list(d.regels.filter(status="toegekend"))
        if status in ("goedgekeurd", "betaald") and toegekend:
            declaraties.regels_goedkeuren(regels=toegekend, door=w["financien"][gi])
            if status == "betaald":
                declaraties.betaalronde_maken(door=w["financien"][gi], gemeente=w["gemeenten"][gi])
    for g, bedrag in zip(w["gemeenten"], ceilings, strict=True):
        if bedrag is not None:
            sturing.budgetplafond_vaststellen(door=w["systeem"], gemeente=g, jaar=JAAR, bedrag=str(bedrag))


def _cent(x) -> Decimal:
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def verplichting_per_maand(start: dt.date, einde: dt.date, bedrag: Decimal, termijnen) -> dict[int, Decimal]:
    """The test's own spread of an assignment's budget over months (month index = year * 12 + month - 1):
    evenly over its months, or by its payment schedule's terms (at the start, at the end, or per month)."""
    s, e = start.year * 12 + start.month - 1, einde.year * 12 + einde.month - 1
    delen = defaultdict(Decimal)
    if not termijnen:
        for i in range(max(e - s + 1, 1)):
            delen[s + i] += bedrag / max(e - s + 1, 1)
        return delen
    maand = 0
    for moment, aandeel, aantal in termijnen:
        if moment == "start":
            delen[s] += bedrag * aandeel * aantal
        elif moment == "einde":
            delen[e] += bedrag * aandeel * aantal
        else:
            for _ in range(aantal):
                delen[s + maand] += bedrag * aandeel
                maand += 1
    return delen


def _dec(v) -> Decimal:
    return Decimal(str(v)) if v is not None else Decimal(0)


def _budget_verwacht(gemeente_ids: list[int], peil: dt.date) -> dict[int, dict]:
    """Per municipality, per month of the year: spent, approved-not-final, committed and inflow from
    the raw invoice lines, assignments and payment schedules (docs/uitkomsten.md, "Budget")."""
    pi = peil.year * 12 + peil.month - 1
    eerste = JAAR * 12
    uit = {g: {"besteed": [Decimal(0)] * 12, "toegekend": [Decimal(0)] * 12, "verplicht": [Decimal(0)] * 12,
               "instroom": [Decimal(0)] * 12} for g in gemeente_ids}  # fmt: skip
    ids = ", ".join(str(int(g)) for g in gemeente_ids)
    actief = ("toegewezen", "geaccepteerd", "gestart")
    with connection.cursor() as c:
        c.execute(
            f"SELECT d.gemeente_id, d.begindatum, d.status, d.bedrag, t.status FROM {_tabel(Declaratieregel)} d "
            f"LEFT JOIN {_tabel(Traject)} t ON t.toewijzing_id = d.toewijzing_id "
            f"WHERE d.gemeente_id IN ({ids}) AND d.status IN ('toegekend', 'goedgekeurd', 'betaald') "
            "AND d.begindatum BETWEEN %s AND %s",
            [dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31)],
        )
        gedeclareerd_lopend = defaultdict(Decimal)
        for gid, begin, status, bedrag, tstatus in c.fetchall():
            begin = begin if isinstance(begin, dt.date) else dt.date.fromisoformat(begin)
            soort = "toegekend" if status == "toegekend" else "besteed"
            uit[gid][soort][begin.month - 1] += _dec(bedrag)
            if tstatus in actief and begin.year * 12 + begin.month - 1 >= pi:
                gedeclareerd_lopend[(gid, begin.month - 1)] += _dec(bedrag)
        c.execute(f"SELECT betaalschema_id, moment, aandeel, aantal FROM {_tabel(Betaaltermijn)} "
                  "ORDER BY betaalschema_id, volgorde")  # fmt: skip
        schemas = defaultdict(list)
        for sid, moment, aandeel, aantal in c.fetchall():
            schemas[sid].append((moment, _dec(aandeel), aantal))
        c.execute(
            f"SELECT tw.gemeente_id, tw.startdatum, tw.einddatum, tw.budget, p.betaalschema_id, tf.bedrag, va.volume "
            f"FROM {_tabel(Toewijzing)} tw JOIN {_tabel(Traject)} t ON t.toewijzing_id = tw.id "
            f"JOIN {_tabel(Product)} p ON p.id = tw.product_id "
            f"LEFT JOIN {_tabel(Tarief)} tf ON tf.id = tw.tarief_id "
            f"LEFT JOIN {_tabel(Volumeafspraak)} va ON va.toewijzing_id = tw.id "
            f"WHERE tw.gemeente_id IN ({ids}) AND t.status IN ('toegewezen', 'geaccepteerd', 'gestart')"
        )
        for gid, start, einde, bedrag, sid, tarief, volume in c.fetchall():
            if tarief is not None and volume is not None:  # P×Q: the tariff times the agreed volume
                bedrag = _dec(tarief) * _dec(volume)
            start = start if isinstance(start, dt.date) else dt.date.fromisoformat(start)
            einde = einde if isinstance(einde, dt.date) else dt.date.fromisoformat(einde)
            for index, x in verplichting_per_maand(start, einde, _dec(bedrag), schemas.get(sid)).items():
                if index >= pi and eerste <= index < eerste + 12:
                    uit[gid]["verplicht"][index - eerste] += x
        for (gid, m), x in gedeclareerd_lopend.items():
            uit[gid]["verplicht"][m] = max(uit[gid]["verplicht"][m] - x, Decimal(0))
        # inflow: new assignments in each of the last 6 full months, a least-squares line
        n = 6
        vi = pi - n
        vy, vm = divmod(vi, 12)
        ty, tm = divmod(pi - 1, 12)
        c.execute(
            f"SELECT gemeente_id, startdatum, budget FROM {_tabel(Toewijzing)} "
            f"WHERE gemeente_id IN ({ids}) AND startdatum BETWEEN %s AND %s",
            [dt.date(vy, vm + 1, 1), dt.date(ty, tm + 1, calendar.monthrange(ty, tm + 1)[1])],
        )
        aantallen = {g: [0] * n for g in gemeente_ids}
        som = defaultdict(Decimal)
        for gid, start, bedrag in c.fetchall():
            start = start if isinstance(start, dt.date) else dt.date.fromisoformat(start)
            aantallen[gid][start.year * 12 + start.month - 1 - vi] += 1
            som[gid] += _dec(bedrag)
    for gid in gemeente_ids:
        totaal = sum(aantallen[gid])
        if not totaal:
            continue
        xs = list(range(1, n + 1))
        mx, my = sum(xs) / n, totaal / n
        helling = sum((x - mx) * (y - my) for x, y in zip(xs, aantallen[gid], strict=True)) / sum(
            (x - mx) ** 2 for x in xs)  # fmt: skip
        basis = my - helling * mx
        prijs = som[gid] / totaal
        for index in range(max(pi, eerste), eerste + 12):
            aantal = max(basis + helling * (index - vi + 1), 0.0)
            uit[gid]["instroom"][index - eerste] = Decimal(str(aantal)) * prijs
    for g in uit.values():
        for soort in g:
            g[soort] = [_cent(x) for x in g[soort]]
    return uit


def _euro_tekst(x) -> str:
    return euro(x)


@VOORBEELDEN
@given(specs=st.lists(budgetspec, min_size=2, max_size=10), ceilings=plafonds)
def test_budget_figures_reconcile_with_the_raw_rows(client, wereld, specs, ceilings):
    w = wereld

    def bouw():
        with time_machine.travel(PEIL, tick=False):
            _bouw_budget(w, specs, ceilings)
            ids = [g.pk for g in w["gemeenten"]]
            verwacht = _budget_verwacht(ids, PEIL.date())
            with connection.cursor() as c:
                c.execute(f"SELECT gemeente_id, bedrag FROM {_tabel(Budgetplafond)} WHERE jaar = %s", [JAAR])
                plafond = {gid: _cent(_dec(b)) for gid, b in c.fetchall()}
            client.force_login(w["regio"])
            # the budgets page: one row per municipality of the region
            doc = lxml_html.fromstring(client.get(f"/sturing/budgetten?jaar={JAAR}").content)
            rijen = {tr.find("th").text_content().strip(): [td.text_content().strip() for td in tr.findall("td")]
                     for tr in doc.get_element_by_id("budgetten").find("tbody").findall("tr")}  # fmt: skip
            for g in w["gemeenten"]:
                v = verwacht[g.pk]
                jaar = {k: sum(v[k], Decimal(0)) for k in v}
                prognose = jaar["besteed"] + jaar["toegekend"] + jaar["verplicht"] + jaar["instroom"]
                p = plafond.get(g.pk)
                cellen = rijen[g.naam]
                verwacht_rij = [_euro_tekst(p), _euro_tekst(jaar["besteed"]), _euro_tekst(jaar["toegekend"]),
                                _euro_tekst(jaar["verplicht"]), _euro_tekst(jaar["instroom"]), _euro_tekst(prognose),
                                _euro_tekst(prognose - p if p is not None else None)]  # fmt: skip
                assert cellen[:7] == verwacht_rij, (g.naam, cellen, verwacht_rij)
                benutting = (prognose / p).quantize(Decimal("0.0001")) if p else None
                from uitkomst.sturing.templatetags.sturing_tags import pct

                assert cellen[7] == pct(benutting, 0)
                assert (
                    "boven-plafond"
                    in (
                        doc.xpath(f'//table[@id="budgetten"]//tr[th[normalize-space()="{g.naam}"]]/td[6]/@class')
                        or [""]
                    )[0]
                ) == (p is not None and prognose > p)
            # the monitor per municipality: every month, to the cent, in the Excel
            for g in w["gemeenten"]:
                wb = load_workbook(io.BytesIO(client.get(f"/sturing/monitor?gemeente={g.cbs_code}&jaar={JAAR}"
                                                         "&formaat=xlsx").content))  # fmt: skip
                maanden = [r for r in wb["Budget"].iter_rows(values_only=True) if r[0] == g.naam and
                           str(r[1]).startswith(f"{JAAR}-")]  # fmt: skip
                assert len(maanden) == 12
                v = verwacht[g.pk]
                for m, rij in enumerate(maanden):
                    gezien = [_cent(_dec(x)) for x in rij[2:6]]
                    assert gezien[:3] == [v["besteed"][m], v["toegekend"][m], v["verplicht"][m]], (g.naam, m + 1)
                    # the inflow goes through a float trend line: equal to the cent
                    assert abs(gezien[3] - v["instroom"][m]) <= CENT, (g.naam, m + 1, gezien[3], v["instroom"][m])

    _in_savepoint(bouw)
