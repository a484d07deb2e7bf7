from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from tests.toegang import helpers
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.subsidies import services as subsidies
from uitkomst.voorzieningen import services

JAAR = 2026
PRESTATIE = [{"indicator": "deelnames", "omschrijving": "Deelnames dagbesteding", "streefwaarde": "5000"}]


@pytest.fixture(autouse=True)
def _klok():
    """Today is 15 December of the test year, so every month of the year can be reported."""
    with time_machine.travel(dt.datetime(JAAR, 12, 15, 12, 0), tick=False):
        yield


def verlening(w, aanbieder=None, gemeente=None, jaar: int = JAAR):
    """A day-activity grant of ``gemeente`` (Zwolle) to ``aanbieder`` (A) for ``jaar``."""
    gemeente, aanbieder = gemeente or w.zwolle, aanbieder or w.a
    regeling = subsidies.regeling_create(
        gemeente=gemeente, naam=f"Dagbesteding {aanbieder.naam} {jaar}", wet="wmo", van_jaar=jaar,
        plafond="100000.00", door=w.systeem,
    )  # fmt: skip
    aanvraag = subsidies.aanvraag_indienen(regeling=regeling, aanbieder=aanbieder, jaar=jaar, bedrag="50000.00",
                                           door=w.systeem)  # fmt: skip
    return subsidies.verlening_create(aanvraag=aanvraag, bedrag="50000.00", prestaties=PRESTATIE, door=w.systeem)


@pytest.fixture
def w(db, systeem, make_user, regio, zwolle):
    """Zwolle with two districts, providers A and B, a provision of A, and a user of every role involved."""
    kampen = Gemeente.objects.get(cbs_code="0166")
    rotterdam = Regio.objects.get(code="rotterdam-rijnmond")
    a, b = helpers.aanbieder("Buurtkamer Test"), helpers.aanbieder("Andere Welzijn")
    w = SimpleNamespace(zwolle=zwolle, kampen=kampen, regio=regio, a=a, b=b, systeem=systeem)
    w.cm = make_user("cm-ijsselland", "regio-contractmanager", regio=regio)
    w.cm_elders = make_user("cm-rotterdam", "regio-contractmanager", regio=rotterdam)
    w.toegang = make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)
    w.toegang_kampen = make_user("toegang-kampen", "gemeente-toegang", gemeente=kampen)
    w.financien = make_user("financien-zwolle", "gemeente-financien", gemeente=zwolle)
    w.aanbieder_a = make_user("aanbieder-a", "aanbieder", aanbieder=a, regio=regio)
    w.aanbieder_b = make_user("aanbieder-b", "aanbieder", aanbieder=b, regio=regio)
    w.verwijzer = make_user("huisarts", "verwijzer", verwijzer_code="01990001")
    w.holtenbroek = services.wijk_create(gemeente=zwolle, naam="Holtenbroek", cbs_code="WK019305", door=w.cm)
    w.stadshagen = services.wijk_create(gemeente=zwolle, naam="Stadshagen", door=w.cm)
    w.voorziening = services.voorziening_create(
        wijk=w.holtenbroek, aanbieder=a, naam="Dagbesteding De Buurtkamer", soort="dagbesteding", capaciteit=40,
        geldig_van=dt.date(JAAR, 1, 1), door=w.cm,
    )  # fmt: skip
    return w
