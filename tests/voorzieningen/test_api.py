"""The collective-provision API: districts, provisions, attendance and its correction, referrals
without a BSN, and the reach per district, in camelCase; refusals as problem+json with their code
(nothing changed), scoping, unknown query parameters refused."""

from __future__ import annotations

import pytest

from uitkomst.voorzieningen.models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing

from .conftest import JAAR, verlening

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _as(client, user):
    client.force_authenticate(user)
    return client


def _codes(r) -> set[str]:
    body = r.json()
    return {body["code"], *(p["code"] for p in body.get("invalidParams", []))}


def test_chain_through_the_api(api_client, w):
    grant = verlening(w)
    c = _as(api_client, w.cm)
    r = c.post("/api/v1/wijken", {"gemeente": "0193", "naam": "Zwolle-Zuid"}, format="json")
    assert r.status_code == 201, r.content
    wijk = r.json()["uuid"]
    body = {"wijk": wijk, "aanbieder": str(w.a.uuid), "naam": "Dagbesteding Zuid", "soort": "dagbesteding",
            "capaciteit": 50, "capaciteitEenheid": "week", "geldigVan": f"{JAAR}-01-01",
            "subsidieverlening": str(grant.uuid)}  # fmt: skip
    r = c.post("/api/v1/algemene-voorzieningen", body, format="json")
    assert r.status_code == 201, r.content
    v = r.json()
    assert (v["wijk"], v["status"], v["capaciteitEenheid"], v["subsidieverlening"]) == (
        "Zwolle-Zuid", "open", "week", str(grant.uuid))  # fmt: skip

    c = _as(api_client, w.aanbieder_a)
    r = c.post("/api/v1/deelnamemeldingen", {"voorziening": v["uuid"], "periode": f"{JAAR}-02", "deelnames": 180,
                                             "uniekeDeelnemers": 41}, format="json")  # fmt: skip
    assert r.status_code == 201, r.content
    melding = r.json()
    assert (melding["periode"], melding["deelnames"], melding["uniekeDeelnemers"]) == (f"{JAAR}-02", 180, 41)
    r = c.post(f"/api/v1/deelnamemeldingen/{melding['uuid']}/corrigeren", {"deelnames": 190, "reden": "Telfout"},
               format="json")  # fmt: skip
    assert r.status_code == 201 and r.json()["vervangt"] == melding["uuid"], r.content
    r = c.get(f"/api/v1/deelnamemeldingen?voorziening={v['uuid']}&status=geldig")
    assert [m["deelnames"] for m in r.json()["results"]] == [190]

    c = _as(api_client, w.toegang)
    r = c.post("/api/v1/voorliggende-verwijzingen", {"voorziening": v["uuid"], "aantal": 2}, format="json")
    assert r.status_code == 201, r.content
    assert "bsn" not in r.json() and "client" not in r.json()

    c = _as(api_client, w.cm)
    r = c.get(f"/api/v1/voorzieningsbereik?jaar={JAAR}&gemeente=0193")
    assert r.status_code == 200, r.content
    rij = next(x for x in r.json() if x["voorzieningUuid"] == v["uuid"])
    assert (rij["capaciteit"], rij["deelnames"], rij["bezetting"], rij["gemeente"]) == (
        2600, 190, "0.0731", "0193")  # fmt: skip
    # 2 referrals are a count of people below the minimum cell size: suppressed as on the monitor
    assert (rij["verwijzingen"], rij["verwijzingenOnderdrukt"]) == (None, True)

    r = c.post(f"/api/v1/algemene-voorzieningen/{v['uuid']}/sluiten", {"per": f"{JAAR}-11-30", "reden": "Verhuisd"},
               format="json")  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "gesloten", r.content


def test_referral_with_a_bsn_refused_by_the_api(api_client, w):
    c = _as(api_client, w.toegang)
    for extra in ({"bsn": "111222333"}, {"burgerservicenummer": "111222333"}, {"kenmerk": "111222333"}):
        r = c.post("/api/v1/voorliggende-verwijzingen", {"voorziening": str(w.voorziening.uuid), **extra},
                   format="json")  # fmt: skip
        assert r.status_code == 400 and r["Content-Type"].startswith(PROBLEM), r.content
        assert "bsn_niet_toegestaan" in _codes(r), r.json()
        assert "111222333" not in r.content.decode()
    r = c.post("/api/v1/voorliggende-verwijzingen", {"voorziening": str(w.voorziening.uuid), "clientUuid": "x"},
               format="json")  # fmt: skip
    assert r.status_code == 400 and "client_niet_toegestaan" in _codes(r)
    assert not VoorliggendeVerwijzing.objects.exists()


def test_attendance_refusals_as_problems(api_client, w):
    c = _as(api_client, w.aanbieder_a)
    url, v = "/api/v1/deelnamemeldingen", str(w.voorziening.uuid)
    for body, code in (({"periode": f"{JAAR - 1}-06", "deelnames": 3}, "periode_buiten_geldigheid"),
                       ({"periode": f"{JAAR}-03", "deelnames": -3}, "ongeldig_aantal"),
                       ({"periode": "maart", "deelnames": 3}, "ongeldige_periode")):  # fmt: skip
        r = c.post(url, {"voorziening": v, **body}, format="json")
        assert r.status_code == 400 and r["Content-Type"].startswith(PROBLEM) and code in _codes(r), r.content
    assert c.post(url, {"voorziening": v, "periode": f"{JAAR}-03", "deelnames": 3}, format="json").status_code == 201
    r = c.post(url, {"voorziening": v, "periode": f"{JAAR}-03", "deelnames": 4}, format="json")
    assert r.status_code == 400 and "al_gemeld" in _codes(r)
    # another provider: refused, nothing saved
    r = _as(api_client, w.aanbieder_b).post(url, {"voorziening": v, "periode": f"{JAAR}-04", "deelnames": 4},
                                            format="json")  # fmt: skip
    assert r.status_code == 403 and r.json()["code"] == "geen_toegang"
    assert Deelnamemelding.objects.count() == 1


def test_manage_refusals_and_scoping(api_client, w):
    c = _as(api_client, w.cm)
    r = c.post("/api/v1/algemene-voorzieningen", {"wijk": str(w.holtenbroek.uuid), "aanbieder": str(w.a.uuid),
                                                  "naam": "", "soort": "x", "capaciteit": 0,
                                                  "geldigVan": f"{JAAR}-01-01"}, format="json")  # fmt: skip
    assert r.status_code == 400 and {"naam_ontbreekt", "ongeldige_soort", "ongeldig_aantal"} <= _codes(r)
    assert AlgemeneVoorziening.objects.count() == 1
    assert _as(api_client, w.cm_elders).get("/api/v1/algemene-voorzieningen").json()["results"] == []
    r = _as(api_client, w.aanbieder_b).get("/api/v1/algemene-voorzieningen")
    assert r.json()["results"] == []
    assert _as(api_client, w.verwijzer).get("/api/v1/algemene-voorzieningen").status_code == 403
    r = _as(api_client, w.cm).get("/api/v1/algemene-voorzieningen?gemeente=0193")
    assert [x["naam"] for x in r.json()["results"]] == ["Dagbesteding De Buurtkamer"]
    r = c.get("/api/v1/algemene-voorzieningen?gemeentje=0193")
    assert r.status_code == 400 and r.json()["code"] == "parameter_onbekend"
    r = c.get("/api/v1/voorzieningsbereik?jaar=twintig")
    assert r.status_code == 400 and r.json()["code"] == "ongeldig_jaar"
    r = _as(api_client, w.toegang).post("/api/v1/algemene-voorzieningen", {}, format="json")
    assert r.status_code in (400, 403)


def test_referral_refused_for_another_municipality(api_client, w):
    r = _as(api_client, w.toegang_kampen).post("/api/v1/voorliggende-verwijzingen",
                                               {"voorziening": str(w.voorziening.uuid)}, format="json")  # fmt: skip
    assert r.status_code == 403 and r.json()["code"] == "geen_toegang"
