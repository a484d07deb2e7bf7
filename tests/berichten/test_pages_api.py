"""Pages (overview, detail with findings and masked XML, reprocessing, requests) with audit-logged
reads, the API for a GGk adapter, the GGk envelope (Fo01 on a schema failure), the folder mailbox
and the ``verwerk``/``uitgaand`` commands."""

import base64
import io
import json

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD
from tests.declaraties import helpers as h
from tests.tweestaps import verifieer
from uitkomst.accounts.tweestaps import tweestaps_nodig
from uitkomst.audit.models import Inzage
from uitkomst.berichten import services, voorbeeld, xml
from uitkomst.berichten.models import Bericht, Richting, Status
from uitkomst.catalogus import services as catalogus
from uitkomst.trajecten.models import Traject

from .helpers import antwoord, ontvang


@pytest.fixture
def beheer(make_user):
    return make_user("beheer", "beheerder")


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    if tweestaps_nodig(user):
        verifieer(client, user)  # the TOTP step of the beheerder and privacy officer


def test_pages_scoped_with_findings_masked_xml_and_audit(
    client, traject_van, toegang, aanbieder_user, make_user, regio
):
    tw = traject_van("TR83", gestart=False)
    r = ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(5, 1)))  # refused: 9069
    _login(client, toegang)
    page = client.get("/berichten/?richting=in")
    assert page.status_code == 200 and r.bericht.berichtcode in page.content.decode()
    page = client.get(f"/berichten/?toewijzing={tw.pk}")
    assert str(r.bericht.uuid) in page.content.decode()
    voor = Inzage.objects.count()
    detail = client.get(f"/berichten/{r.bericht.uuid}")
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "9069" in html and "Er is geen actueel startbericht met dezelfde sleutel." in html  # plain Dutch
    from uitkomst.toegang import bsn as bsn_tools

    bsn = bsn_tools.decrypt(tw.client.bsn_versleuteld)
    assert bsn not in html and "••••••" + bsn[-3:] in html
    assert Inzage.objects.count() == voor + 1 and "bericht JW307" in Inzage.objects.latest("pk").wat
    client.logout()
    _login(client, aanbieder_user)
    assert client.get(f"/berichten/{r.bericht.uuid}").status_code == 200  # its own message
    client.logout()
    _login(client, make_user("privacy", "privacy-officer", regio=regio))
    assert client.get("/berichten/").status_code == 403


def test_reprocess_after_the_rule_was_fixed(client, vot_zonder_product, toegang, systeem, berichtenmodel):
    r = vot_zonder_product
    assert r.status == "afgekeurd"
    catalogus.product_create(
        door=systeem,
        inkoopmodel=berichtenmodel,
        code="NIEUW",
        naam="Nieuw product",
        bekostiging="traject",
        tariefeenheid="traject",
        ijw_eenheid="83",
        productcategorie="45",
        productcode_ijw="45NW1",
    )
    _login(client, toegang)
    response = client.post(f"/berichten/{r.bericht.uuid}/opnieuw")
    assert response.status_code == 302
    r.bericht.refresh_from_db()
    assert r.bericht.status == Status.VERWERKT and r.bericht.verzoeken.count() == 1
    assert r.bericht.gebeurtenissen.filter(door=toegang).exists()
    page = client.get("/berichten/verzoeken")
    assert "45NW1" in page.content.decode() or "NIEUW" in page.content.decode()
    v = r.bericht.verzoeken.get()
    client.post(f"/berichten/verzoeken/{v.uuid}/afwijzen", {"reden": "4"})
    v.refresh_from_db()
    assert v.status == "afgewezen"


@pytest.fixture
def vot_zonder_product(zwolle, gecontracteerd, berichtenmodel):
    import datetime as dt

    product = berichtenmodel.producten.get(code="TR83")
    aanvraag = voorbeeld.Aanvraag(product=product, ingangsdatum=h.datum(6, 1), einddatum=h.datum(11, 30))
    data = voorbeeld.verzoek_toewijzing(
        gemeente=zwolle,
        aanbieder=gecontracteerd,
        bsn=next(h.BSNS),
        geboortedatum=dt.date(2012, 1, 1),
        aanvragen=[aanvraag],
    )
    return ontvang(data.replace(b"<ijw:Code>45T83</ijw:Code>", b"<ijw:Code>45NW1</ijw:Code>"))


def test_api_post_list_detail_filters_and_outbox(api_client, traject_van, beheer, aanbieder_user):
    tw = traject_van("TR83", gestart=False)
    data = voorbeeld.start(tw, h.datum(3, 4))
    api_client.force_authenticate(aanbieder_user)
    forbidden = api_client.post("/api/v1/berichten", data=data, content_type="application/xml")
    assert forbidden.status_code == 403 and forbidden["Content-Type"].startswith("application/problem+json")
    api_client.force_authenticate(beheer)
    r = api_client.post("/api/v1/berichten", data=data, content_type="application/xml")
    assert r.status_code == 201, r.content
    body = r.json()
    assert (
        body["berichtcode"] == "JW305"
        and body["status"] == "beantwoord"
        and body["antwoorden"][0]["berichtcode"] == "JW306"
    )
    assert (
        api_client.post("/api/v1/berichten", data=data, content_type="application/xml").status_code == 200
    )  # duplicate
    assert Traject.objects.get(toewijzing=tw).status == "gestart"
    as_json = api_client.post("/api/v1/berichten", {"bericht": base64.b64encode(b"<x/>").decode()}, format="json")
    assert as_json.status_code == 201 and as_json.json()["status"] == "afgekeurd"
    lijst = api_client.get("/api/v1/berichten", {"richting": "uit", "berichtcode": "JW306"}).json()
    assert [x["berichtcode"] for x in lijst["results"]] == ["JW306"]
    zoek = api_client.get("/api/v1/berichten", {"toewijzingnummer": str(tw.pk), "richting": "in"}).json()
    assert [x["uuid"] for x in zoek["results"]] == [body["uuid"]]
    detail = api_client.get(f"/api/v1/berichten/{body['antwoorden'][0]['uuid']}").json()
    assert detail["antwoordOp"]["uuid"] == body["uuid"] and detail["status"] == "klaar"
    inhoud = api_client.get(f"/api/v1/berichten/{detail['uuid']}/inhoud")
    assert inhoud.status_code == 200 and inhoud["Content-Type"] == "application/xml"
    assert xml.controleer(inhoud.content).berichtcode == "JW306"
    assert Inzage.objects.filter(bsn_getoond=True, kanaal="api").exists()
    sent = api_client.post(f"/api/v1/berichten/{detail['uuid']}/verzonden").json()
    assert sent["status"] == "verzonden"
    api_client.force_authenticate(aanbieder_user)
    assert api_client.get(f"/api/v1/berichten/{detail['uuid']}/inhoud").status_code == 403
    assert api_client.get("/api/v1/berichten").json()["count"] >= 2  # its own messages


def test_envelope_in_and_fo01_on_a_schema_failure(traject_van):
    tw = traject_van("TR83", gestart=False)
    payload = voorbeeld.start(tw, h.datum(3, 4))
    di01 = xml.schrijf_envelop(
        payload,
        functie="JW305",
        zender=tw.aanbieder.agb_code,
        ontvanger="0193",
        referentie="11111111-2222-4333-8444-555555555555",
    )
    r = ontvang(di01)
    assert r.status == "verwerkt" and r.bericht.envelop_referentie.startswith("11111111")
    naam, du01 = services.uitgaand_bestand(antwoord(r.bericht, "306"), envelop=True)
    env, _ = xml.lees_envelop(xml.ontleed(du01)[0])
    assert env.berichtcode == "Du01" and env.crossref == "11111111-2222-4333-8444-555555555555"
    kapot = xml.schrijf_envelop(
        payload.replace(b">438<", b">999<"),
        functie="JW305",
        zender=tw.aanbieder.agb_code,
        ontvanger="0193",
        referentie="99999999-2222-4333-8444-555555555555",
    )
    r = ontvang(kapot)
    assert r.status == "afgekeurd"
    fo01 = antwoord(r.bericht)
    assert fo01.berichtcode == "Fo01" and fo01.status == Status.KLAAR
    assert xml.valideer_stuf(fo01.xml.encode(), fo01=True) == []
    assert b"StUF055" in fo01.xml.encode() and b"99999999-2222" in fo01.xml.encode()


def test_cli_verwerk_and_uitgaand_and_mailbox(tmp_path, traject_van, settings):
    tw = traject_van("TR83", gestart=False)
    start = tmp_path / "start.xml"
    start.write_bytes(voorbeeld.start(tw, h.datum(3, 4)))
    stop = tmp_path / "stop.xml"
    stop.write_bytes(voorbeeld.stop(tw, h.datum(3, 9), h.datum(4, 1)))

    def run(*args):
        out = io.StringIO()
        try:
            call_command("berichten", *args, stdout=out)
            code = 0
        except SystemExit as exc:
            code = exc.code
        return code, [json.loads(x) for x in out.getvalue().splitlines()]

    code, rows = run("verwerk", str(start), str(stop))
    assert code == 1 and [x["status"] for x in rows] == ["verwerkt", "afgekeurd"]
    assert rows[1]["bevindingen"][0]["code"] == "9069" and rows[0]["geldig"] is True
    code, rows = run("verwerk", str(start))
    assert code == 0 and rows[0]["status"] == "dubbel"
    wachtend = Bericht.objects.filter(richting=Richting.UIT, status=Status.KLAAR).count()
    code, rows = run("uitgaand", "--uit", str(tmp_path / "uit"), "--envelop")
    assert code == 0 and rows == [{"uitgaand": wachtend, "map": str(tmp_path / "uit")}]
    files = sorted((tmp_path / "uit").iterdir())
    assert len(files) == wachtend and all(xml.controleer(f.read_bytes()).geldig for f in files)
    assert not Bericht.objects.filter(richting=Richting.UIT, status=Status.KLAAR).exists()
    # the folder mailbox: in/ is read once, files move to verwerkt/ or afgekeurd/
    settings.UITKOMST_BERICHTEN_MAP = str(tmp_path / "postbus")
    (tmp_path / "postbus" / "in").mkdir(parents=True)
    (tmp_path / "postbus" / "in" / "a.xml").write_bytes(voorbeeld.stop(tw, h.datum(3, 4), h.datum(4, 1)))
    (tmp_path / "postbus" / "in" / "b.xml").write_bytes(b"<kapot")
    code, rows = run("postbus")
    assert rows == [{"gelezen": 2}]
    assert (tmp_path / "postbus" / "verwerkt" / "a.xml").exists() and (
        tmp_path / "postbus" / "afgekeurd" / "b.xml"
    ).exists()
    assert Traject.objects.get(toewijzing=tw).status == "beeindigd"
