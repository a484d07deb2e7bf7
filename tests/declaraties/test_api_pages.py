"""API (/api/v1/declaraties, /api/v1/betaalrondes) scoped by role with problem+json, and the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uitkomst.declaraties import services
from uitkomst.declaraties.models import Declaratie, Declaratieregel, Regelstatus

from . import helpers as h
from .helpers import datum

pytestmark = pytest.mark.django_db


def body(tw, **kw):
    return {
        "begindatum": str(datum(3, 1)),
        "einddatum": str(datum(3, 31)),
        "regels": [
            {
                "toewijzingnummer": tw.nummer,
                "begindatum": str(datum(3, 3)),
                "einddatum": str(datum(3, 31)),
                "termijn": 1,
            },
            {
                "toewijzingnummer": tw.nummer,
                "begindatum": str(datum(3, 3)),
                "einddatum": str(datum(3, 31)),
                "termijn": 2,
            },
        ],
        **kw,
    }


def test_api_indienen_gedeeltelijk_toegekend(api_client, maak, aanbieder_user):
    tw = maak()
    api_client.force_authenticate(aanbieder_user)
    res = api_client.post("/api/v1/declaraties", body(tw), format="json")
    assert res.status_code == 201, res.content
    data = res.json()
    assert data["totaalToegekend"] == f"{tw.budget / 2:.2f}" and data["aantalAfgewezen"] == 1
    toegekend, afgewezen = data["regels"]
    assert toegekend["status"] == "toegekend" and afgewezen["status"] == "afgewezen"
    assert afgewezen["redenen"][0]["code"] == "eindbetaling_niet_beeindigd"
    assert api_client.get("/api/v1/declaraties").json()["count"] == 1


def test_api_problem_json(api_client, maak, aanbieder_user, financien):
    tw = maak()
    assert api_client.get("/api/v1/declaraties").status_code in (401, 403)
    api_client.force_authenticate(aanbieder_user)
    res = api_client.post("/api/v1/declaraties", body(tw, totaal="1.00"), format="json")
    assert res.status_code == 400 and res["Content-Type"] == "application/problem+json"
    assert res.json()["code"] == "totaal_klopt_niet"
    res = api_client.post(
        "/api/v1/declaraties",
        {"begindatum": "2025-03-01", "einddatum": "x", "regels": [{"aantal": "-1"}]},
        format="json",
    )
    assert res.status_code == 400 and res.json()["code"] == "ongeldige_invoer"
    api_client.force_authenticate(financien)
    res = api_client.post("/api/v1/declaraties", body(tw), format="json")
    assert res.status_code == 403 and res["Content-Type"] == "application/problem+json"
    assert Declaratie.objects.count() == 0


def test_api_scoping_goedkeuren_en_betaalronde(
    api_client, maak, aanbieder_user, ander_user, financien, financien_kampen
):
    tw = maak()
    d = services.declaratie_indienen(
        aanbieder=aanbieder_user.aanbieder,
        begindatum=datum(3, 1),
        einddatum=datum(3, 31),
        regels=[h.regel(tw, datum(3, 3), datum(3, 31))],
        door=aanbieder_user,
    )
    api_client.force_authenticate(ander_user)
    assert api_client.get("/api/v1/declaraties").json()["count"] == 0
    assert api_client.get(f"/api/v1/declaraties/{d.uuid}").status_code == 404
    api_client.force_authenticate(financien_kampen)
    assert api_client.get("/api/v1/declaraties").json()["count"] == 0
    api_client.force_authenticate(aanbieder_user)
    assert api_client.post(f"/api/v1/declaraties/{d.uuid}/goedkeuren", {}, format="json").status_code == 403
    api_client.force_authenticate(financien)
    res = api_client.post(f"/api/v1/declaraties/{d.uuid}/goedkeuren", {}, format="json")
    assert res.status_code == 200 and res.json()["regels"][0]["status"] == "goedgekeurd"
    res = api_client.post("/api/v1/betaalrondes", {}, format="json")
    assert res.status_code == 201
    ronde = res.json()
    assert ronde["gemeente"] == "0193" and ronde["totaal"] == f"{tw.budget / 2:.2f}"
    assert ronde["specificaties"][0]["aantalRegels"] == 1
    res = api_client.post("/api/v1/betaalrondes", {}, format="json")
    assert res.status_code == 400 and res.json()["code"] == "geen_regels"
    api_client.force_authenticate(aanbieder_user)
    assert api_client.get("/api/v1/betaalrondes").json()["count"] == 1
    assert api_client.post("/api/v1/betaalrondes", {}, format="json").status_code == 403
    api_client.force_authenticate(ander_user)
    assert api_client.get(f"/api/v1/betaalrondes/{ronde['uuid']}").status_code == 404


# --- pages ----------------------------------------------------------------------------------------


def test_paginas_aanbieder(client, maak, aanbieder_user, financien):
    tw = maak()
    client.force_login(aanbieder_user)
    assert client.get(reverse("declaraties:overzicht")).status_code == 200
    res = client.post(
        reverse("declaraties:nieuw"),
        {
            "begindatum": datum(3, 1),
            "einddatum": datum(3, 31),
            "toewijzing_1": tw.nummer,
            "begindatum_1": datum(3, 3),
            "einddatum_1": datum(3, 31),
            "termijn_1": "1",
            "toewijzing_2": tw.nummer,
            "termijn_2": "2",
            "bedrag_2": "9999,99",
        },
    )
    assert res.status_code == 302
    d = Declaratie.objects.get()
    page = client.get(res["Location"]).content.decode()
    assert "Afgewezen regels" in page
    # the reasons by their label, not their code (the API keeps the code)
    assert "Eindbetaling vraagt een beëindigd traject" in page and "Bedrag past niet bij de bekostiging" in page
    assert "eindbetaling_niet_beeindigd" not in page and "bedrag_past_niet" not in page
    # text where an amount belongs: refused with the line number, nothing saved
    res = client.post(
        reverse("declaraties:nieuw"),
        {"begindatum": datum(3, 1), "einddatum": datum(3, 31), "toewijzing_1": tw.nummer, "bedrag_1": "veel"},
    )
    assert res.status_code == 400 and "Regel 1, kolom bedrag" in res.content.decode()
    upload = SimpleUploadedFile(
        "m.csv",
        f"toewijzingnummer;begindatum;einddatum;bedrag\n{tw.nummer};{datum(3, 3)};{datum(3, 31)};abc\n".encode(),
    )
    res = client.post(
        reverse("declaraties:uploaden"), {"begindatum": datum(3, 1), "einddatum": datum(3, 31), "bestand": upload}
    )
    assert res.status_code == 400 and "Regel 2, kolom bedrag" in res.content.decode()
    assert Declaratie.objects.count() == 1
    regel = d.regels.get(regelnummer=1)
    res = client.post(reverse("declaraties:crediteren", args=[regel.uuid]))
    assert res.status_code == 302 and Declaratieregel.objects.filter(crediteert=regel).exists()
    assert client.get(reverse("declaraties:beoordelen")).status_code == 403
    assert client.get(reverse("declaraties:legitimiteit")).status_code == 200


def test_paginas_financien(client, maak, aanbieder_user, financien, ander_user):
    tw = maak()
    d = services.declaratie_indienen(
        aanbieder=aanbieder_user.aanbieder,
        begindatum=datum(3, 1),
        einddatum=datum(3, 31),
        regels=[h.regel(tw, datum(3, 3), datum(3, 31))],
        door=aanbieder_user,
    )
    client.force_login(ander_user)
    assert client.get(reverse("declaraties:detail", args=[d.uuid])).status_code == 404
    client.force_login(financien)
    page = client.get(reverse("declaraties:beoordelen")).content.decode()
    assert tw.nummer in page
    client.post(reverse("declaraties:beoordelen"), {"alle": "1"})
    assert d.regels.get().status == Regelstatus.GOEDGEKEURD
    res = client.post(reverse("declaraties:betaalrondes"))
    assert res.status_code == 302
    page = client.get(res["Location"]).content.decode()
    assert "Specificatie per aanbieder" in page
    ronde_uuid = res["Location"].rstrip("/").split("/")[-1]
    csv = client.get(reverse("declaraties:betaalronde-csv", args=[ronde_uuid]))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert "attachment" in csv["Content-Disposition"] and b"client_referentie" in csv.content
    xlsx = client.get(reverse("declaraties:betaalronde-xlsx", args=[ronde_uuid]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "Legitimiteit" in client.get(reverse("declaraties:legitimiteit")).content.decode()
    client.force_login(aanbieder_user)
    assert client.get(reverse("declaraties:betaalronde-csv", args=[ronde_uuid])).status_code == 403
