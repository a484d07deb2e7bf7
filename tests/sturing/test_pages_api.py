"""Pages (page, Excel, print) and the API, scoped by role; pseudonymised data only."""

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD
from tests.toegang import helpers as th
from tests.uitkomsten import helpers as h
from uitkomst.signalen.models import Signaal
from uitkomst.sturing.models import Budgetplafond
from uitkomst.trajecten import services as trajecten

pytestmark = pytest.mark.django_db


@pytest.fixture
def metingen(toegang, aanbieder_user, zwolle, ijsselland):
    out = [h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden="31", score=8) for _ in range(10)]
    out.append(h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden="32", score=4))
    return out


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_monitor_page_excel_and_print(client, metingen, financien):
    _login(client, financien)
    r = client.get("/sturing/monitor")
    html = r.content.decode()
    assert r.status_code == 200 and "Monitor Zwolle" in html and "<svg" in html and 'id="budgettabel"' in html
    assert client.get("/sturing/monitor?per=kwartaal").content.decode().count("-K") >= 4
    p = client.get("/sturing/monitor?print=1")
    assert p.status_code == 200 and 'class="afdruk"' in p.content.decode() and "Hoofdmenu" not in p.content.decode()
    x = client.get("/sturing/monitor?formaat=xlsx")
    wb = load_workbook(io.BytesIO(x.content))
    assert x["Content-Type"].startswith("application/vnd.openxml")
    assert wb.sheetnames == [
        "Samenvatting",
        "Budget",
        "Per wet",
        "Subsidies",
        "Algemene voorzieningen",
        "Uitkomsten",
        "Definities",
    ]
    assert client.get("/sturing/monitor?gemeente=0166").status_code == 404  # not this user's municipality


def test_region_monitor_council_report_and_indicators(client, metingen, contractmanager):
    _login(client, contractmanager)
    r = client.get("/sturing/monitor")
    assert r.status_code == 200 and "Monitor regio" in r.content.decode() and 'id="gemeenten"' in r.content.decode()
    raad = client.get("/sturing/raadsrapportage").content.decode()
    assert "Raadsrapportage" in raad and "Zwolle" in raad
    assert load_workbook(io.BytesIO(client.get("/sturing/raadsrapportage?formaat=xlsx").content)).active.max_row >= 4
    for groep in ("aanbieder", "product", "intensiteit", "gemeente", "periode"):
        assert client.get(f"/sturing/indicatoren?groep={groep}").status_code == 200


def test_account_talk_pack(client, metingen, contractmanager, aanbieder_user, tweede_user):
    aanbieder = aanbieder_user.aanbieder
    _login(client, contractmanager)
    r = client.get(f"/sturing/accountgesprek/{aanbieder.uuid}")
    html = r.content.decode()
    assert r.status_code == 200 and aanbieder.naam in html and 'id="kern"' in html and "<svg" in html
    wb = load_workbook(io.BytesIO(client.get(f"/sturing/accountgesprek/{aanbieder.uuid}?formaat=xlsx").content))
    assert wb.sheetnames == ["Uitkomsten per product", "Besteding", "Signalen"]
    assert client.get(f"/sturing/accountgesprek/{aanbieder.uuid}?print=1").status_code == 200
    client.logout()
    _login(client, aanbieder_user)
    assert client.get(f"/sturing/accountgesprek/{aanbieder.uuid}").status_code == 200  # its own pack
    client.logout()
    _login(client, tweede_user)
    assert client.get(f"/sturing/accountgesprek/{aanbieder.uuid}").status_code == 403


def test_pages_need_a_reporting_role(client, toegang):
    assert client.get("/sturing/monitor").status_code == 302  # to login
    _login(client, toegang)
    assert client.get("/sturing/monitor").status_code == 403
    assert client.get("/sturing/signalen").status_code == 403


def test_ceiling_form_refuses_with_a_message(client, financien):
    _login(client, financien)
    r = client.post("/sturing/budgetten", {"gemeente": "0193", "jaar": "1990", "bedrag": "1000"})
    assert r.status_code == 400 and "niet voor 1990" in r.content.decode() and not Budgetplafond.objects.exists()
    r = client.post("/sturing/budgetten", {"gemeente": "0193", "jaar": "2025", "bedrag": "250000"})
    assert r.status_code == 302 and Budgetplafond.objects.get().bedrag == 250000


def test_signal_centre_page_and_handling(client, toegang, aanbieder_user, zwolle, ijsselland, financien):
    t = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder)
    trajecten.traject_afwijzen(traject=t, reden="onveilig", door=aanbieder_user)
    s = Signaal.objects.get(soort="afwijzing")
    _login(client, financien)
    html = client.get("/sturing/signalen").content.decode()
    assert s.omschrijving in html and f"/trajecten/{t.uuid}" in html
    client.post(f"/sturing/signalen/{s.uuid}/afhandelen", {"toelichting": "Besproken"})
    s.refresh_from_db()
    assert s.is_afgehandeld and s.toelichting == "Besproken"
    assert s.omschrijving not in client.get("/sturing/signalen").content.decode()  # only open ones by default
    assert "Besproken" in client.get("/sturing/signalen?status=afgehandeld").content.decode()


def test_tariff_review_page_preview_and_confirm(client, contractmanager, ijsselland):
    _login(client, contractmanager)
    assert client.get(f"/sturing/tariefherziening?model={ijsselland.uuid}").status_code == 200
    product = ijsselland.producten.get(code="P01-P")
    data = {"model": str(ijsselland.uuid), "product": str(product.uuid), "bedrag": "3999.00",
            "ingangsdatum": f"{th.today().year + 1}-01-01"}  # fmt: skip
    versies = product.tarieven.count()
    r = client.post("/sturing/tariefherziening", {**data, "actie": "bekijken"})
    assert r.status_code == 200 and 'id="effect"' in r.content.decode() and product.tarieven.count() == versies
    r = client.post("/sturing/tariefherziening", {**data, "actie": "bevestigen"})
    assert r.status_code == 302 and product.tarieven.count() == versies + 1
    r = client.post("/sturing/tariefherziening", {**data, "actie": "bekijken"})  # same date again
    assert r.status_code == 400 and "moet na de ingang" in r.content.decode()


def test_keuzehulp_shows_outcomes_with_suppression(client, metingen, aanbieder, tweede, ijsselland):
    product = ijsselland.producten.get(code="P01-P")
    html = client.get(f"/keuzehulp/{product.uuid}").content.decode()
    assert "Uitkomsten bij dit product" in html
    # the second provider has no measured trajectory yet: "not yet known", shown apart from "suppressed"
    assert "Nog niet bekend: deze aanbieder heeft nog geen afgesloten trajecten" in html
    assert "respons" in html and "Doelen behaald" in html


# --- API ---------------------------------------------------------------------------------------


def test_api_measurements_scoped_and_pseudonymised(
    api_client, metingen, contractmanager, financien, financien_kampen, aanbieder_user, tweede_user, toegang
):
    # Row-level measurements only for the provider, for its own clients (least privilege, issue 12):
    # roles without a care relation get aggregates (the indicators), never rows.
    for user in (contractmanager, financien, financien_kampen, toegang):
        api_client.force_authenticate(user)
        r = api_client.get("/api/v1/uitkomstmetingen")
        assert r.status_code == 403 and r.json()["code"] == "geen_toegang", user.username
    for user, n in ((aanbieder_user, 11), (tweede_user, 0)):
        api_client.force_authenticate(user)
        r = api_client.get("/api/v1/uitkomstmetingen")
        assert r.status_code == 200 and r.json()["count"] == n, user.username
    api_client.force_authenticate(aanbieder_user)
    row = api_client.get("/api/v1/uitkomstmetingen").json()["results"][0]
    assert "bsn" not in str(row).lower() and len(row["clientPseudoniem"]) == 20
    assert row["clientPseudoniem"] not in (metingen[0].client.bsn_pseudoniem,)
    assert {"uitvalSmal", "uitvalBreed", "redenBeeindigingCbs", "nieuweHulpStatus"} <= set(row)


def test_api_create_measurement_and_bad_input(api_client, toegang, aanbieder_user, zwolle, ijsselland):
    t = h.beeindigd(toegang, aanbieder_user, zwolle, ijsselland)
    api_client.force_authenticate(aanbieder_user)
    r = api_client.post("/api/v1/uitkomstmetingen", {"traject": str(t.uuid), "tevredenheidScore": 12}, format="json")
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "tevredenheid_score_buiten_bereik"
    r = api_client.post("/api/v1/uitkomstmetingen", {"traject": str(t.uuid), "tevredenheidScore": 9}, format="json")
    assert r.status_code == 201 and r.json()["tevredenheidScore"] == 9 and r.json()["geenNieuweHulp"] is None
    r = api_client.post("/api/v1/uitkomstmetingen", {"traject": str(t.uuid)}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "meting_bestaat"


def test_api_indicators_budgets_and_signals(api_client, metingen, contractmanager, financien, toegang, zwolle):
    api_client.force_authenticate(toegang)
    assert api_client.get("/api/v1/indicatoren").status_code == 403
    assert api_client.get("/api/v1/budgetten").status_code == 403
    assert api_client.get("/api/v1/signalen").status_code == 403
    api_client.force_authenticate(contractmanager)
    rows = api_client.get("/api/v1/indicatoren?groep=aanbieder").json()
    assert rows[-1]["label"] == "Regio (benchmark)" and rows[0]["indicatoren"]["uitvalBreed"]["n"] == 11
    assert len(api_client.get(f"/api/v1/budgetten?jaar={th.today().year}").json()) == 11
    api_client.force_authenticate(financien)
    r = api_client.post("/api/v1/budgetten", {"gemeente": "0166", "jaar": 2025, "bedrag": "1000"}, format="json")
    assert r.status_code == 403
    r = api_client.post("/api/v1/budgetten", {"gemeente": "1234", "jaar": 2025, "bedrag": "1000"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "gemeente_onbekend"
    r = api_client.post("/api/v1/budgetten", {"gemeente": "0193", "jaar": 2025, "bedrag": "1000"}, format="json")
    assert r.status_code == 201
    budgetten = api_client.get("/api/v1/budgetten?jaar=2025").json()
    assert [b["gemeente"] for b in budgetten] == ["0193"] and budgetten[0]["plafond"] == "1000.00"
    Signaal.objects.create(soort="afwijzing", sleutel="x", regio=zwolle.regio, gemeente=zwolle, titel="T",
                           omschrijving="Test")  # fmt: skip
    s = api_client.get("/api/v1/signalen").json()["results"][0]
    assert (s["soort"], s["regio"], s["gemeente"], s["status"]) == ("afwijzing", "ijsselland", "0193", "open")
    r = api_client.post(f"/api/v1/signalen/{s['uuid']}/afhandelen", {"toelichting": ""}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "toelichting_ontbreekt"
    r = api_client.post(f"/api/v1/signalen/{s['uuid']}/afhandelen", {"toelichting": "Opgepakt"}, format="json")
    assert r.status_code == 200 and r.json()["afgehandeld"] is True and r.json()["toelichting"] == "Opgepakt"
    assert api_client.get("/api/v1/signalen?status=open").json()["results"] == []
