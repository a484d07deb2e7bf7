"""Issue 17 on the steering pages: Wmo and youth side by side, subsidies next to contracts, the pgb
as committed and the collective provisions per district, on the monitor, the budgets page, the council
report (page, PDF, Excel) and the API; bad input refused with its code; query counts that do not grow
with subsidies, pgb decisions and provisions (no N+1)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.sturing import test_reconciliatie_wetten as w17
from tests.uitkomsten import helpers as h
from uitkomst.sturing import selectors
from uitkomst.subsidies import services as subsidies
from uitkomst.toegang import services as toegang
from uitkomst.voorzieningen import services as voorzieningen

pytestmark = pytest.mark.django_db
wereld, wmo = w17.wereld, w17.wmo  # the fixtures
JAAR = 2025
NU = dt.datetime(JAAR, 11, 10, 10, tzinfo=dt.UTC)
_nummer = itertools.count(1)
_bsn = itertools.count(200_000)


def _meer(w, n: int) -> None:
    """``n`` more of everything issue 17 adds, in Zwolle and Kampen: a scheme with a grant (advance paid),
    a district with a provision (a report, a referral), a Wmo and a youth pgb."""
    door = w["systeem"]
    for _ in range(n):
        i = next(_nummer)
        g = w["gemeenten"][i % 2]
        aanbieder = w["aanbieders"][i % 3].aanbieder
        regeling = subsidies.regeling_create(gemeente=g, naam=f"Regeling {i}", wet="wmo", van_jaar=JAAR,
                                             plafond="100000.00", door=door)  # fmt: skip
        aanvraag = subsidies.aanvraag_indienen(regeling=regeling, aanbieder=aanbieder, jaar=JAAR, bedrag="40000.00",
                                               datum=dt.date(JAAR - 1, 10, 1), door=door)  # fmt: skip
        verlening = subsidies.verlening_create(
            aanvraag=aanvraag, bedrag="40000.00",
            prestaties=[{"indicator": "plaatsen", "omschrijving": "Bezette plaatsen", "streefwaarde": "10"}],
            voorschotten=[{"gepland_op": dt.date(JAAR, 1, 1), "bedrag": Decimal("10000.00")}],
            besluitdatum=dt.date(JAAR - 1, 12, 1), door=door,
        )  # fmt: skip
        subsidies.voorschot_betalen(voorschot=verlening.voorschotten.get(), datum=dt.date(JAAR, 1, 2), door=door)
        wijk = voorzieningen.wijk_create(gemeente=g, naam=f"Wijk {i}", door=door)
        v = voorzieningen.voorziening_create(wijk=wijk, aanbieder=aanbieder, naam=f"Inloop {i}", soort="ontmoeting",
                                             capaciteit=20, geldig_van=dt.date(JAAR, 1, 1), door=door)  # fmt: skip
        voorzieningen.deelname_melden(voorziening=v, periode=dt.date(JAAR, 3, 1), deelnames=15,
                                      datum=dt.date(JAAR, 4, 2), door=door)  # fmt: skip
        voorzieningen.voorliggend_verwijzen(voorziening=v, aantal=2, datum=dt.date(JAAR, 3, 5), door=door)
        for wet in ("wmo", "jeugdwet"):
            v = toegang.verwijzing_create(bsn=h.bsn(next(_bsn)), geboortedatum=dt.date(2012, 3, 1), gemeente=g,
                                          inkoopmodel=w["model"], datum=dt.date(JAAR, 1, 1), door=door)  # fmt: skip
            c = v.client
            toegang.pgbbesluit_aanvragen(client=c, wet=wet, bedrag="6000", ingangsdatum=dt.date(JAAR, 1, 1),
                                         einddatum=dt.date(JAAR, 12, 31), keuze_client=True, reden="Past niet.",
                                         toekennen=True, door=door)  # fmt: skip


PAGINAS = [
    f"/sturing/monitor?jaar={JAAR}",
    f"/sturing/monitor?jaar={JAAR}&gemeente=0193",
    f"/sturing/budgetten?jaar={JAAR}",
    f"/sturing/raadsrapportage?jaar={JAAR}",
    f"/api/v1/budgetten?jaar={JAAR}",
    f"/api/v1/subsidiecijfers?jaar={JAAR}",
]


def _tellen(client, api_client) -> dict[str, int]:
    uit = {}
    for url in PAGINAS:
        c = api_client if url.startswith("/api/") else client
        c.get(url)  # warm: a refresh of changed summary cells
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(url)
        assert r.status_code == 200, (url, r.content[:300])
        uit[url] = len(ctx.captured_queries)
    return uit


def test_query_counts_do_not_grow_with_subsidies_pgb_and_provisions(client, api_client, wereld, wmo):
    w = wereld
    with time_machine.travel(NU, tick=False):
        client.force_login(w["regio"])
        api_client.force_authenticate(w["regio"])
        _meer(w, 2)  # both municipalities have rows (an empty list needs no query at all)
        klein = _tellen(client, api_client)
        _meer(w, 4)
        groot = _tellen(client, api_client)
    for url, n in klein.items():
        assert groot[url] == n <= 40, (url, n, groot[url])


def test_monitor_and_council_report_show_the_laws_subsidies_and_provisions(client, api_client, wereld, wmo):
    w = wereld
    with time_machine.travel(NU, tick=False):
        _meer(w, 2)
        client.force_login(w["regio"])
        for url in (f"/sturing/monitor?jaar={JAAR}", f"/sturing/raadsrapportage?jaar={JAAR}"):
            html = client.get(url).content.decode()
            for stuk in ('id="perwet-titel"', 'data-wet="wmo"', 'data-wet="jeugdwet"', 'id="subsidies"', "Regeling ",
                         'id="bereik"', "Inloop ", "Jeugdwet", "Wmo 2015"):  # fmt: skip
                assert stuk in html, (url, stuk)
        # the pgb shows as committed, per law, and its count of one decision per law is suppressed
        kampen = selectors.budgetten(user=w["regio"], jaar=JAAR, gemeenten=[w["gemeenten"][1]])[0]
        assert kampen.per_wet["wmo"].pgb == Decimal("6000") == kampen.per_wet["jeugdwet"].pgb
        assert kampen.pgb == Decimal("12000") and kampen.verplicht == kampen.verplicht_zorg_in_natura + kampen.pgb
        html = client.get(f"/sturing/monitor?jaar={JAAR}&gemeente={w['gemeenten'][1].cbs_code}").content.decode()
        assert f"&lt; {w17.MIN_N}" in html
        # the council report's PDF names the laws and the schemes; its Excel has the new sheets
        pdf = client.get(f"/sturing/raadsrapportage?jaar={JAAR}&formaat=pdf")
        tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Wmo 2015" in tekst and "Regeling " in tekst and "Inloop " in tekst
        wb = load_workbook(io.BytesIO(client.get(f"/sturing/raadsrapportage?jaar={JAAR}&formaat=xlsx").content))
        samenvatting = [r[0] for r in wb["Samenvatting"].iter_rows(values_only=True)]
        assert "Zwolle – Wmo 2015" in samenvatting and "regio – Jeugdwet" in samenvatting
        assert {"Per wet", "Subsidies", "Algemene voorzieningen"} <= set(wb.sheetnames)
        definities = {r[0] for r in wb["Definities"].iter_rows(values_only=True)}
        assert {"Pgb (verplicht)", "Jeugdwet en Wmo", "Subsidie verleend", "Verwijzingen (voorliggend)"} <= definities


def test_api_refuses_bad_input_with_its_code(api_client, wereld):
    api_client.force_authenticate(wereld["regio"])
    for pad in ("subsidiecijfers", "budgetten"):
        r = api_client.get(f"/api/v1/{pad}?jaar=twintig")
        assert r.status_code == 400 and r.json()["code"] == "jaar_ongeldig", (pad, r.content)
        r = api_client.get(f"/api/v1/{pad}?jaar=2025&wet=wmo")
        assert r.status_code == 400 and r.json()["code"] == "parameter_onbekend", (pad, r.content)


def test_counts_of_people_are_suppressed_as_the_outcome_tables(settings):
    settings.MIN_CELGROOTTE = 5
    gezien = [(t.n, t.onderdrukt) for t in selectors.tellingen([0, 3, 12, 7, 30])]
    # 3 is hidden (primary); it is the only one, so the smallest visible non-zero (7) is hidden too
    assert gezien == [(0, False), (3, True), (12, False), (7, True), (30, False)]
    assert [t.onderdrukt for t in selectors.tellingen([0, 2, 4, 9])] == [False, True, True, False]
    assert str(selectors.tellingen([2, 9, 9])[0]) == "< 5"


def test_a_user_without_subsidy_rights_sees_no_subsidies(wereld):
    from uitkomst.accounts import policy

    toegang_user = wereld["toegang"][0]
    assert not policy.mag(toegang_user, "subsidies.lezen")
    assert selectors.subsidiecijfers(user=toegang_user, jaar=JAAR) == []
