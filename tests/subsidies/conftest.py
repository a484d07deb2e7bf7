from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.toegang import helpers
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.subsidies import services

JAAR = 2026

PRESTATIES = [
    {"indicator": "plaatsen", "omschrijving": "Bezette plaatsen beschermd wonen", "eenheid": "plaatsen",
     "streefwaarde": "40"},
    {"indicator": "uitstroom", "omschrijving": "Uitstroom naar zelfstandig wonen", "eenheid": "cliënten",
     "streefwaarde": "12"},
]  # fmt: skip
VERPLICHTINGEN = [
    {"soort": "verplichting", "omschrijving": "Halfjaarlijkse voortgangsrapportage"},
    {"soort": "voorwaarde", "omschrijving": "Het Kwaliteitskader Beschermd Wonen wordt nageleefd"},
]


@pytest.fixture
def w(db, systeem, make_user, regio, zwolle):
    """Zwolle's sheltered-housing scheme, two providers, and a user of every role involved."""
    kampen = Gemeente.objects.get(cbs_code="0166")
    rotterdam = Regio.objects.get(code="rotterdam-rijnmond")
    a, b = helpers.aanbieder("Beschut Thuis"), helpers.aanbieder("Andere Opvang")
    w = SimpleNamespace(zwolle=zwolle, kampen=kampen, regio=regio, a=a, b=b, systeem=systeem)
    w.cm = make_user("cm-ijsselland", "regio-contractmanager", regio=regio)
    w.cm_elders = make_user("cm-rotterdam", "regio-contractmanager", regio=rotterdam)
    w.financien = make_user("financien-zwolle", "gemeente-financien", gemeente=zwolle)
    w.financien_kampen = make_user("financien-kampen", "gemeente-financien", gemeente=kampen)
    w.aanbieder_a = make_user("aanbieder-a", "aanbieder", aanbieder=a, regio=regio)
    w.aanbieder_b = make_user("aanbieder-b", "aanbieder", aanbieder=b, regio=regio)
    w.toegang = make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)
    w.regeling = services.regeling_create(
        gemeente=zwolle, naam="Beschermd wonen en maatschappelijke opvang", wet="wmo", van_jaar=JAAR,
        plafond="1000000.00", doel="Herstel en uitstroom naar zelfstandig wonen", door=w.cm,
    )  # fmt: skip
    return w


def aanvraag(w, aanbieder=None, bedrag="600000.00", door=None):
    aanbieder = aanbieder or w.a
    door = door or (w.aanbieder_a if aanbieder == w.a else w.aanbieder_b)
    return services.aanvraag_indienen(
        regeling=w.regeling, aanbieder=aanbieder, jaar=JAAR, bedrag=bedrag, datum=dt.date(JAAR - 1, 10, 1), door=door
    )


def verlening(w, aanvraag_, bedrag="600000.00", voorschotten=None, door=None):
    if voorschotten is None:
        voorschotten = [{"gepland_op": dt.date(JAAR, m, 1), "bedrag": Decimal("150000.00")} for m in (1, 4, 7, 10)]
    return services.verlening_create(
        aanvraag=aanvraag_, bedrag=bedrag, prestaties=PRESTATIES, verplichtingen=VERPLICHTINGEN,
        voorschotten=voorschotten, besluitdatum=dt.date(JAAR - 1, 12, 1), door=door or w.cm,
    )  # fmt: skip
