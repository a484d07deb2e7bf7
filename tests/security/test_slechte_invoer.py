"""Bad input is never a 500 (issue 12 points 6 and 7): each hostile value is refused with 400/422
problem+json and a stable code, and nothing is saved. Services refuse the same values with the same
codes, so pages, API and admin agree. Runs on SQLite and PostgreSQL alike (limits are checked in the
service layer, not left to the database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.declaraties import helpers as dh
from tests.toegang import helpers as th
from uitkomst.catalogus.models import Inkoopmodel, Tarief
from uitkomst.contractering.models import Aanbieder, Raamovereenkomst
from uitkomst.declaraties import services as declaraties
from uitkomst.declaraties.models import Declaratie, Declaratieregel
from uitkomst.declaraties.regels import Invoer
from uitkomst.toegang import services as toegang
from uitkomst.toegang.models import Client, Doel, Gezinsplan, Verwijzing
from uitkomst.utils.errors import ValidationFailed

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
LANG = "x" * 100_000
VANDAAG = th.today()


@pytest.fixture(autouse=True)
def _klok_op_vandaag():
    """The parameters above are built at collection time from VANDAAG; a run that crosses midnight
    (Amsterdam) would otherwise see "tomorrow" become today. Every test runs on VANDAAG at noon."""
    middag = dt.datetime.combine(VANDAAG, dt.time(12), tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(middag, tick=True):
        yield


def _tellingen():
    return {
        m.__name__: m.objects.count()
        for m in (
            Client, Verwijzing, Gezinsplan, Doel, Declaratie, Declaratieregel, Tarief, Aanbieder, Raamovereenkomst
        )
    }


def _weigering(r, code):
    assert r.status_code in (400, 422), (r.status_code, r.content[:500])
    assert r["Content-Type"] == PROBLEM
    body = r.json()
    codes = {body["code"]} | {p.get("code") for p in body.get("invalidParams", [])}
    assert code in codes, body  # every problem of the request is reported; ours is among them
    assert body["status"] == r.status_code and body["detail"]
    return body


@pytest.fixture
def zwolle_toegang(make_user, zwolle):
    return make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)


@pytest.fixture
def beheerder(make_user):
    return make_user("beheer", "beheerder")


@pytest.fixture
def kompas(reference_models):
    a = dh.aanbieder("Kompas Jeugdhulp")
    dh.contracteer(a, "ijsselland-jeugd-2018")
    return a


@pytest.fixture
def kompas_user(make_user, kompas, regio):
    return make_user("aanbieder", "aanbieder", aanbieder=kompas, regio=regio)


@pytest.fixture
def toewijzing(zwolle_toegang, kompas_user, zwolle):
    return dh.traject(
        toegang_user=zwolle_toegang,
        aanbieder_user=kompas_user,
        gemeente=zwolle,
        model_code="ijsselland-jeugd-2018",
        productcode="P01-P",
        start=dh.datum(3, 3),
    )


# --- referrals (POST /api/v1/verwijzingen) -----------------------------------------------------------

GOED_VERWIJZING = {
    "bsn": "111222333",
    "geboortedatum": "2014-05-01",
    "gemeente": "0193",
    "inkoopmodel": "ijsselland-jeugd-2018",
}

VERWIJZINGEN = [
    ("geboortedatum 1899", {"geboortedatum": "1899-12-31"}, "geboortedatum_onwaarschijnlijk"),
    ("geboortedatum 0001", {"geboortedatum": "0001-01-01"}, "geboortedatum_onwaarschijnlijk"),
    ("geboortedatum in de toekomst", {"geboortedatum": (VANDAAG + dt.timedelta(days=1)).isoformat()},
     "geboortedatum_toekomst"),
    ("geboortedatum 9999", {"geboortedatum": "9999-12-31"}, "geboortedatum_toekomst"),
    ("geboortedatum geen datum", {"geboortedatum": "31-02-2014"}, "ongeldige_invoer"),
    ("geboortedatum 30 februari", {"geboortedatum": "2014-02-30"}, "ongeldige_invoer"),
    ("bsn 100.000 tekens", {"bsn": LANG}, "bsn_ongeldig"),
    ("bsn met NUL", {"bsn": "11122\x00333"}, "ongeldige_invoer"),
    ("bsn als lijst", {"bsn": ["111222333"]}, "ongeldige_invoer"),
    ("gemeente 100.000 tekens", {"gemeente": LANG}, "gemeente_onbekend"),
    ("inkoopmodel 100.000 tekens", {"inkoopmodel": LANG}, "model_onbekend"),
    ("verwijzernaam 100.000 tekens", {"verwijzer_naam": LANG}, "te_lang"),
    ("toelichting 100.000 tekens", {"toelichting": LANG}, "te_lang"),
    ("verwijsdatum jaar 1", {"datum": "0001-01-01"}, None),
]


@pytest.mark.parametrize("naam,wijziging,code", VERWIJZINGEN, ids=[v[0] for v in VERWIJZINGEN])
def test_verwijzing_api(api_client, zwolle_toegang, reference_models, naam, wijziging, code):
    api_client.force_authenticate(zwolle_toegang)
    voor = _tellingen()
    body = GOED_VERWIJZING | {"datum": VANDAAG.isoformat()} | wijziging
    r = api_client.post("/api/v1/verwijzingen", body, format="json")
    if code is None:
        assert r.status_code in (400, 422), r.content[:500]
        assert r["Content-Type"] == PROBLEM
    else:
        _weigering(r, code)
    assert _tellingen() == voor


# --- clients (POST /api/v1/clienten) -------------------------------------------------------------------

CLIENTEN = [
    ("geboortedatum 1850", {"geboortedatum": "1850-01-01"}, "geboortedatum_onwaarschijnlijk"),
    ("geboortedatum morgen", {"geboortedatum": (VANDAAG + dt.timedelta(days=1)).isoformat()},
     "geboortedatum_toekomst"),
    ("geboortedatum als getal", {"geboortedatum": 20140501}, "ongeldige_invoer"),
    ("bsn 100.000 tekens", {"bsn": LANG}, "bsn_ongeldig"),
    ("gemeente leeg object", {"gemeente": {}}, "ongeldige_invoer"),
]


@pytest.mark.parametrize("naam,wijziging,code", CLIENTEN, ids=[v[0] for v in CLIENTEN])
def test_client_api(api_client, zwolle_toegang, naam, wijziging, code):
    api_client.force_authenticate(zwolle_toegang)
    voor = _tellingen()
    body = {"bsn": "111222333", "geboortedatum": "2014-05-01", "gemeente": "0193"} | wijziging
    _weigering(api_client.post("/api/v1/clienten", body, format="json"), code)
    assert _tellingen() == voor


@pytest.mark.parametrize(
    "geboortedatum,code",
    [
        (dt.date(1899, 12, 31), "geboortedatum_onwaarschijnlijk"),
        (dt.date(1, 1, 1), "geboortedatum_onwaarschijnlijk"),
        (VANDAAG + dt.timedelta(days=1), "geboortedatum_toekomst"),
    ],
)
def test_client_service_geboortedatum(zwolle_toegang, zwolle, geboortedatum, code):
    with pytest.raises(ValidationFailed) as e:
        toegang.client_get_or_create(bsn="111222333", geboortedatum=geboortedatum, gemeente=zwolle, door=zwolle_toegang)
    assert e.value.code == code
    assert not Client.objects.exists()


# --- family plans with goals (POST /api/v1/gezinsplannen) ---------------------------------------------

PLANNEN = [
    ("10.000 doelen", {"doelen": ["Rust in huis"] * 10_000}, "te_veel_doelen"),
    ("doel van 100.000 tekens", {"doelen": [LANG]}, "te_lang"),
    ("motivering 100.000 tekens", {"doelen": ["Rust"], "product": "P01-P", "motivering": LANG}, "te_lang"),
    ("doelen geen lijst", {"doelen": "Rust"}, "ongeldige_invoer"),
    ("product 100.000 tekens", {"doelen": ["Rust"], "product": LANG}, "product_onbekend"),
]


@pytest.mark.parametrize("naam,wijziging,code", PLANNEN, ids=[v[0] for v in PLANNEN])
def test_gezinsplan_api(api_client, zwolle_toegang, zwolle, ijsselland, naam, wijziging, code):
    v = th.verwijzing(zwolle_toegang, zwolle, ijsselland)
    api_client.force_authenticate(zwolle_toegang)
    voor = _tellingen()
    body = {"verwijzing": str(v.uuid)} | wijziging
    _weigering(api_client.post("/api/v1/gezinsplannen", body, format="json"), code)
    assert _tellingen() == voor


def test_gezinsplan_service_te_veel_doelen(zwolle_toegang, zwolle, ijsselland):
    v = th.verwijzing(zwolle_toegang, zwolle, ijsselland)
    with pytest.raises(ValidationFailed) as e:
        toegang.gezinsplan_create(verwijzing=v, doelen=["Rust"] * 10_000, door=zwolle_toegang)
    assert e.value.code == "te_veel_doelen"
    assert not Gezinsplan.objects.exists()


# --- invoices (POST /api/v1/declaraties and the service) ------------------------------------------------


def _regel(tw, **kw):
    return {"toewijzingnummer": tw.nummer, "begindatum": str(dh.datum(3, 3)), "einddatum": str(dh.datum(3, 31)),
            "termijn": 1} | kw  # fmt: skip


DECLARATIES = [
    ("regeldatums omgekeerd", {"regel": {"begindatum": str(dh.datum(3, 31)), "einddatum": str(dh.datum(3, 3))}},
     "regel_periode_omgekeerd"),
    ("regelnummer 2^31", {"regel": {"regelnummer": 2**31}}, "getal_buiten_bereik"),
    ("regelnummer 2^63", {"regel": {"regelnummer": 2**63}}, "getal_buiten_bereik"),
    ("regelnummer 0", {"regel": {"regelnummer": 0}}, "ongeldige_invoer"),
    ("termijn 2^31", {"regel": {"termijn": 2**31}}, "getal_buiten_bereik"),
    ("termijn 40000", {"regel": {"termijn": 40_000}}, "getal_buiten_bereik"),
    ("bedrag 1e30", {"regel": {"bedrag": "1e30"}}, "ongeldige_invoer"),
    ("bedrag NaN", {"regel": {"bedrag": "NaN"}}, "ongeldige_invoer"),
    ("bedrag Infinity", {"regel": {"bedrag": "Infinity"}}, "ongeldige_invoer"),
    ("bedrag 13 cijfers", {"regel": {"bedrag": "12345678901.00"}}, "ongeldige_invoer"),
    ("tarief 1e30", {"regel": {"tarief": "1e30"}}, "ongeldige_invoer"),
    ("aantal 1e30", {"regel": {"aantal": "1e30"}}, "ongeldige_invoer"),
    ("aantal drie decimalen", {"regel": {"aantal": "1.234"}}, "ongeldige_invoer"),
    ("totaal 1e30", {"totaal": "1e30"}, "ongeldige_invoer"),
    ("toewijzingnummer 100.000 tekens", {"regel": {"toewijzingnummer": LANG}}, "ongeldige_invoer"),
    ("crediteert 100.000 tekens", {"regel": {"crediteert": LANG, "toewijzingnummer": ""}}, "te_lang"),
    ("kopdatums omgekeerd", {"begindatum": str(dh.datum(3, 31)), "einddatum": str(dh.datum(3, 1))},
     "periode_ongeldig"),
    ("regels geen lijst", {"regels": "alles"}, "ongeldige_invoer"),
    ("regel geen object", {"regels": [42]}, "ongeldige_invoer"),
]


@pytest.mark.parametrize("naam,wijziging,code", DECLARATIES, ids=[v[0] for v in DECLARATIES])
def test_declaratie_api(api_client, toewijzing, kompas_user, naam, wijziging, code):
    wijziging = dict(wijziging)
    regel = _regel(toewijzing, **wijziging.pop("regel", {}))
    body = {"begindatum": str(dh.datum(3, 1)), "einddatum": str(dh.datum(3, 31)), "regels": [regel]} | wijziging
    api_client.force_authenticate(kompas_user)
    voor = _tellingen()
    r = api_client.post("/api/v1/declaraties", body, format="json")
    if code is None:
        assert r.status_code in (400, 422), r.content[:500]
        assert r["Content-Type"] == PROBLEM
    else:
        _weigering(r, code)
    assert _tellingen() == voor


DECLARATIE_SERVICE = [
    ("regelnummer 2^31", {"regelnummer": 2**31}, "getal_buiten_bereik"),
    ("regelnummer negatief", {"regelnummer": -1}, "getal_buiten_bereik"),
    ("termijn 2^31", {"termijn": 2**31}, "getal_buiten_bereik"),
    ("termijn 40000", {"termijn": 40_000}, "getal_buiten_bereik"),
    ("bedrag 1e30", {"bedrag": Decimal("1e30")}, "getal_buiten_bereik"),
    ("bedrag NaN", {"bedrag": Decimal("NaN")}, "getal_buiten_bereik"),
    ("bedrag drie decimalen", {"bedrag": Decimal("1.001")}, "getal_buiten_bereik"),
    ("tarief 1e30", {"tarief": Decimal("1e30")}, "getal_buiten_bereik"),
    ("aantal 1e30", {"aantal": Decimal("1e30")}, "getal_buiten_bereik"),
    ("referentie 100.000 tekens", {"referentie": LANG}, "te_lang"),
    ("crediteert 100.000 tekens", {"crediteert": LANG, "referentie": ""}, "te_lang"),
    ("regeldatums omgekeerd", {"begindatum": dh.datum(3, 31), "einddatum": dh.datum(3, 3)}, "regel_periode_omgekeerd"),
]


@pytest.mark.parametrize("naam,wijziging,code", DECLARATIE_SERVICE, ids=[v[0] for v in DECLARATIE_SERVICE])
def test_declaratie_service(toewijzing, kompas_user, naam, wijziging, code):
    velden = {"regelnummer": 1, "referentie": toewijzing.nummer, "begindatum": dh.datum(3, 3),
              "einddatum": dh.datum(3, 31), "termijn": 1} | wijziging  # fmt: skip
    voor = _tellingen()
    with pytest.raises(ValidationFailed) as e:
        declaraties.declaratie_indienen(
            aanbieder=kompas_user.aanbieder,
            begindatum=dh.datum(3, 1),
            einddatum=dh.datum(3, 31),
            regels=[Invoer(**velden)],
            door=kompas_user,
        )
    assert e.value.code == code
    assert _tellingen() == voor


# --- tariffs (POST /api/v1/tarieven) ---------------------------------------------------------------------

TARIEVEN = [
    ("bedrag 1e30", {"bedrag": "1e30"}, "ongeldig_bedrag"),
    ("bedrag NaN", {"bedrag": "NaN"}, "ongeldig_bedrag"),
    ("bedrag 100.000 tekens", {"bedrag": "9" * 100_000}, "ongeldig_bedrag"),
    ("bedrag 13 cijfers", {"bedrag": "12345678901234"}, "ongeldig_bedrag"),
    ("geldig_van jaar 1", {"geldig_van": "0001-01-01"}, None),
    ("geldig_tot voor geldig_van", {"geldig_van": "2026-01-01", "geldig_tot": "2025-01-01"}, None),
    ("toelichting 100.000 tekens", {"toelichting": LANG}, "te_lang"),
    ("product geen uuid", {"product": "1; drop table"}, "ongeldige_invoer"),
]


@pytest.mark.parametrize("naam,wijziging,code", TARIEVEN, ids=[v[0] for v in TARIEVEN])
def test_tarief_api(api_client, beheerder, ijsselland, naam, wijziging, code):
    product = ijsselland.producten.get(code="P01-P")
    api_client.force_authenticate(beheerder)
    voor = _tellingen()
    body = {"product": str(product.uuid), "bedrag": "100.00", "geldig_van": "2025-01-01"} | wijziging
    r = api_client.post("/api/v1/tarieven", body, format="json")
    if code is None:
        assert r.status_code in (400, 403, 409, 422), r.content[:500]
        assert r["Content-Type"] == PROBLEM
    else:
        _weigering(r, code)
    assert _tellingen() == voor


# --- providers (POST /api/v1/aanbieders) -----------------------------------------------------------------

AANBIEDERS = [
    ("naam 100.000 tekens", {"naam": LANG}, "te_lang"),
    ("naam 201 tekens", {"naam": "n" * 201}, "te_lang"),
    ("omschrijving 100.000 tekens", {"omschrijving": LANG}, "te_lang"),
    ("website 100.000 tekens", {"website": "https://" + LANG + ".nl"}, "ongeldige_invoer"),
    ("agb 100.000 tekens", {"agb_code": LANG}, "agb_ongeldig"),
    ("kvk 100.000 tekens", {"kvk_nummer": LANG}, "kvk_ongeldig"),
    ("grootte onbekend", {"grootte": LANG}, "grootte_onbekend"),
]


@pytest.mark.parametrize("naam,wijziging,code", AANBIEDERS, ids=[v[0] for v in AANBIEDERS])
def test_aanbieder_api(api_client, beheerder, naam, wijziging, code):
    api_client.force_authenticate(beheerder)
    voor = _tellingen()
    body = {"naam": "Nieuwe aanbieder", "agb_code": "12345678", "kvk_nummer": "87654321"} | wijziging
    _weigering(api_client.post("/api/v1/aanbieders", body, format="json"), code)
    assert _tellingen() == voor


# --- agreements (POST /api/v1/raamovereenkomsten) ---------------------------------------------------------


@pytest.mark.parametrize(
    "wijziging",
    [{"ingangsdatum": "0001-01-01"}, {"ingangsdatum": "9999-12-31"}, {"producten": "alles"}, {"aanbieder": LANG}],
    ids=["jaar 1", "jaar 9999", "producten geen lijst", "aanbieder 100.000 tekens"],
)
def test_raamovereenkomst_api(api_client, beheerder, reference_models, wijziging):
    a = dh.aanbieder("Nog niet gecontracteerd")
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    api_client.force_authenticate(beheerder)
    voor = _tellingen()
    body = {"aanbieder": str(a.uuid), "inkoopmodel": str(model.uuid), "producten": [], "ingangsdatum": "2025-01-01"}
    r = api_client.post("/api/v1/raamovereenkomsten", body | wijziging, format="json")
    assert r.status_code in (400, 403, 409, 422), r.content[:500]
    assert r["Content-Type"] == PROBLEM and r.json()["code"]
    assert _tellingen() == voor


# --- messages (POST /api/v1/berichten) ---------------------------------------------------------------------
# Garbage that is not even base64 is refused at the door; garbage that decodes is received and rejected
# as a message (a stored receipt with its reasons, by design), never a 500 and never a domain change.


@pytest.mark.parametrize(
    "body,weigering",
    [
        ({"bericht": "!!!geen base64!!!"}, True),
        ({"bericht": ""}, True),
        ({"bericht": ["x"]}, True),
        ({}, True),
        ({"bericht": "AAAA"}, False),  # base64 of three NUL bytes
        ({"bericht": "PD94bWwgdmVyc2lvbj0iMS4wIj8+PGE+"}, False),  # truncated XML
        ({"bericht": "PGE+PC9hPg==", "bestandsnaam": LANG}, False),
    ],
    ids=["geen base64", "leeg", "lijst", "ontbreekt", "NUL-bytes", "afgebroken XML", "bestandsnaam 100.000 tekens"],
)
def test_bericht_api(api_client, beheerder, body, weigering):
    from uitkomst.berichten.models import Bericht

    api_client.force_authenticate(beheerder)
    voor, berichten = _tellingen(), Bericht.objects.count()
    r = api_client.post("/api/v1/berichten", body, format="json")
    assert r.status_code < 500, r.content[:500]
    if weigering:
        _weigering(r, "ongeldige_invoer")
        assert Bericht.objects.count() == berichten
    else:
        assert r.status_code in (200, 201, 202, 400, 422), r.content[:500]
    assert _tellingen() == voor


# --- signal handling (POST /api/v1/signalen/{uuid}/afhandelen) ---------------------------------------------


def test_signaal_afhandelen_onbekend_of_te_lang(api_client, contractmanager):
    api_client.force_authenticate(contractmanager)
    r = api_client.post("/api/v1/signalen/00000000-0000-0000-0000-000000000000/afhandelen", {"toelichting": LANG},
                        format="json")  # fmt: skip
    assert r.status_code == 404 and r["Content-Type"] == PROBLEM
    r = api_client.post("/api/v1/signalen/geen-uuid/afhandelen", {"toelichting": "x"}, format="json")
    assert r.status_code in (400, 404)
