"""The subsidy API: the chain through /api/v1/ in camelCase, refusals as problem+json with their code
(nothing changed), scoping, lowerCamelCase filters and unknown parameters refused."""

from __future__ import annotations

import pytest

from uitkomst.subsidies.models import Subsidieverlening, Vaststelling

from .conftest import JAAR, PRESTATIES, VERPLICHTINGEN

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _as(client, user):
    client.force_authenticate(user)
    return client


def _codes(r) -> set[str]:
    body = r.json()
    return {body["code"], *(p["code"] for p in body.get("invalidParams", []))}


def test_chain_through_the_api(api_client, w):
    c = _as(api_client, w.aanbieder_a)
    r = c.post("/api/v1/subsidieaanvragen", {"regeling": str(w.regeling.uuid), "aanbieder": str(w.a.uuid),
                                             "jaar": JAAR, "bedrag": "600000.00"}, format="json")  # fmt: skip
    assert r.status_code == 201, r.content
    aanvraag = r.json()["uuid"]
    assert r.json()["aangevraagdBedrag"] == "600000.00" and r.json()["status"] == "ingediend"

    c = _as(api_client, w.cm)
    body = {"aanvraag": aanvraag, "bedrag": "600000.00", "prestaties": PRESTATIES, "verplichtingen": VERPLICHTINGEN,
            "voorschotten": [{"geplandOp": f"{JAAR}-01-01", "bedrag": "300000.00"},
                             {"geplandOp": f"{JAAR}-07-01", "bedrag": "300000.00"}]}  # fmt: skip
    r = c.post("/api/v1/subsidieverleningen", body, format="json")
    assert r.status_code == 201, r.content
    verlening = r.json()
    assert verlening["verleendBedrag"] == "600000.00" and len(verlening["prestaties"]) == 2
    assert verlening["voorschotten"][0]["geplandOp"] == f"{JAAR}-01-01"

    c = _as(api_client, w.financien)
    for vs in verlening["voorschotten"]:
        r = c.post(f"/api/v1/subsidievoorschotten/{vs['uuid']}/betalen", {}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "betaald", r.content

    c = _as(api_client, w.aanbieder_a)
    url = f"/api/v1/subsidieverleningen/{verlening['uuid']}"
    realisaties = [{"indicator": "plaatsen", "gerealiseerd": "36"}, {"indicator": "uitstroom", "gerealiseerd": "12"}]
    r = c.post(f"{url}/verantwoorden", {"jaar": JAAR, "realisaties": realisaties}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "verantwoord", r.content

    c = _as(api_client, w.cm)
    r = c.post(f"{url}/vaststellen", {"bedrag": "540000.00"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["vaststelling"]["terugvordering"] == "60000.00"

    r = c.get(f"/api/v1/subsidieresultaten?gemeente=0193&jaar={JAAR}")
    assert r.status_code == 200, r.content
    assert [(x["indicator"], x["streefwaarde"], x["gerealiseerd"]) for x in r.json()] == [
        ("plaatsen", "40.00", "36.00"),
        ("uitstroom", "12.00", "12.00"),
    ]
    assert r.json()[0]["terugvordering"] == "60000.00"

    r = c.get("/api/v1/subsidieregelingen?gemeente=0193")
    assert r.status_code == 200 and r.json()["results"][0]["plafond"] == "1000000.00"


def test_refusals_are_problems_and_change_nothing(api_client, w):
    c = _as(api_client, w.cm)
    r = c.post("/api/v1/subsidieverleningen", {"regeling": str(w.regeling.uuid), "aanbieder": str(w.a.uuid),
                                               "jaar": JAAR, "bedrag": "10.00", "prestaties": PRESTATIES},
               format="json")  # fmt: skip
    assert r.status_code == 409 and r["Content-Type"] == PROBLEM and "aanvraag_ontbreekt" in _codes(r)
    assert not Subsidieverlening.objects.exists()

    r = c.post("/api/v1/subsidieregelingen", {"gemeente": "0193", "naam": "Dagbesteding", "wet": "wmo",
                                              "vanJaar": JAAR, "plafond": "10.005"}, format="json")  # fmt: skip
    assert r.status_code == 400 and "ongeldig_bedrag" in _codes(r)

    # another region's contract manager: 403, and sees no grant
    _as(api_client, w.cm_elders)
    r = api_client.post("/api/v1/subsidieregelingen", {"gemeente": "0193", "naam": "X", "wet": "wmo",
                                                       "vanJaar": JAAR, "plafond": "1.00"}, format="json")  # fmt: skip
    assert r.status_code == 403 and r.json()["code"] == "geen_toegang"
    assert not Vaststelling.objects.exists()


def test_a_provider_cannot_report_for_another(api_client, w):
    from .conftest import aanvraag, verlening

    v = verlening(w, aanvraag(w))
    c = _as(api_client, w.aanbieder_b)
    body = {"jaar": JAAR, "realisaties": [{"indicator": "plaatsen", "gerealiseerd": "1"}]}
    r = c.post(f"/api/v1/subsidieverleningen/{v.uuid}/verantwoorden", body, format="json")
    assert r.status_code == 404  # not even visible to another provider
    c = _as(api_client, w.aanbieder_a)
    r = c.post(f"/api/v1/subsidieverleningen/{v.uuid}/verantwoorden",
               {"jaar": JAAR + 1, "realisaties": [{"indicator": "plaatsen", "gerealiseerd": "1"},
                                                  {"indicator": "uitstroom", "gerealiseerd": "1"}]},
               format="json")  # fmt: skip
    assert r.status_code == 400 and "verantwoording_ander_jaar" in _codes(r)
    v.refresh_from_db()
    assert v.status == "verleend"


def test_filters_and_unknown_parameters(api_client, w):
    c = _as(api_client, w.cm)
    assert c.get(f"/api/v1/subsidieverleningen?jaar={JAAR}&gemeente=0193").status_code == 200
    for url in ("/api/v1/subsidieverleningen?van_jaar=1", "/api/v1/subsidieregelingen?bestaatNiet=1",
                "/api/v1/subsidieresultaten?verzonnen=1"):  # fmt: skip
        r = c.get(url)
        assert r.status_code == 400 and r.json()["code"] == "parameter_onbekend", (url, r.content)
    assert _as(api_client, w.toegang).get("/api/v1/subsidieverleningen").status_code == 403


# --- the bad inputs of issue 17 through the API, with their codes ----------------------------


def test_grant_above_the_ceiling_through_the_api(api_client, w):
    from .conftest import aanvraag, verlening

    verlening(w, aanvraag(w), bedrag="600000.00")
    tweede = aanvraag(w, aanbieder=w.b, bedrag="500000.00")
    c = _as(api_client, w.cm)
    r = c.post("/api/v1/subsidieverleningen", {"aanvraag": str(tweede.uuid), "bedrag": "400000.01",
                                               "prestaties": PRESTATIES}, format="json")  # fmt: skip
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM and _codes(r) == {"plafond_overschreden"}
    tweede.refresh_from_db()
    assert tweede.status == "ingediend" and Subsidieverlening.objects.count() == 1


def test_settlement_before_the_report_through_the_api(api_client, w):
    from .conftest import aanvraag, verlening

    v = verlening(w, aanvraag(w))
    r = _as(api_client, w.cm).post(f"/api/v1/subsidieverleningen/{v.uuid}/vaststellen", {"bedrag": "1.00"},
                                   format="json")  # fmt: skip
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM and _codes(r) == {"verantwoording_ontbreekt"}
    v.refresh_from_db()
    assert v.status == "verleend" and not Vaststelling.objects.exists()
