"""The API of competitive procedures (issue 17): /api/v1/aanbestedingen and /api/v1/inschrijvingen."""

import datetime as dt

import pytest
import time_machine

from uitkomst.contractering.models import Aanbesteding, Inschrijving, Raamovereenkomst, Score
from uitkomst.organisaties.models import Regio

from .test_gunning_scenarios import CRITERIA, aanbesteding, competitieve_procedure, inschrijven, scoor

D = dt.date
pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _as(client, user):
    client.force_authenticate(user)
    return client


@pytest.fixture
def a(model, product):
    return aanbesteding(model, [product], max_aanbieders=1)


@pytest.fixture
def drie(make_aanbieder):
    return [make_aanbieder(n) for n in ("Thuis Plus (fictief)", "Zorg Dichtbij (fictief)", "Wijkhulp (fictief)")]


@pytest.fixture
def provider_user(make_user, drie, regio):
    return make_user("thuisplus", "aanbieder", aanbieder=drie[0], regio=regio)


def test_contract_manager_announces_with_criteria_and_bad_weights_are_refused(api_client, contractmanager, model,
                                                                               product):  # fmt: skip
    procedure = competitieve_procedure(model)
    c = _as(api_client, contractmanager)
    body = {
        "procedure": str(procedure.uuid), "naam": "Ondersteuning thuis", "producten": [str(product.uuid)],
        "inschrijvenTot": "2025-03-31", "ingangsdatum": "2025-07-01", "maxAanbieders": 8,
        "criteria": [{**x, "weging": 20} for x in CRITERIA],
    }  # fmt: skip
    r = c.post("/api/v1/aanbestedingen", body, format="json")
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM
    assert r.json()["code"] == "weging_niet_100" and not Aanbesteding.objects.exists()
    r = c.post("/api/v1/aanbestedingen", {**body, "criteria": CRITERIA}, format="json")
    assert r.status_code == 201, r.json()
    data = r.json()
    assert [x["weging"] for x in data["criteria"]] == [40, 30, 30] and data["schaal"] == {"min": 0, "max": 10}
    assert data["status"] == "open" and data["maxAanbieders"] == 8 and data["historie"][0]["naarStatus"] == "open"


def test_provider_cannot_announce(api_client, provider_user, model, product):
    r = _as(api_client, provider_user).post(
        "/api/v1/aanbestedingen",
        {"procedure": str(competitieve_procedure(model).uuid), "naam": "X", "producten": [str(product.uuid)],
         "inschrijvenTot": "2025-03-31", "ingangsdatum": "2025-07-01", "maxAanbieders": 2, "criteria": CRITERIA},
        format="json",
    )  # fmt: skip
    assert r.status_code == 403 and r.json()["code"] == "geen_toegang"


def test_provider_tenders_for_itself_and_not_after_the_deadline(api_client, provider_user, a):
    c = _as(api_client, provider_user)
    with time_machine.travel(D(2025, 3, 10), tick=False):
        r = c.post("/api/v1/inschrijvingen", {"aanbesteding": str(a.uuid), "toelichting": "Ons plan"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["status"] == "ingediend" and r.json()["scores"] == []
    with time_machine.travel(D(2025, 4, 1), tick=False):
        r = c.post("/api/v1/inschrijvingen", {"aanbesteding": str(a.uuid)}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "na_sluitingsdatum"
    assert Inschrijving.objects.count() == 1


def test_scores_ranking_award_and_definitive_through_the_api(api_client, contractmanager, provider_user, a, drie):
    t = [inschrijven(a, x) for x in drie]
    c = _as(api_client, contractmanager)
    url = f"/api/v1/aanbestedingen/{a.uuid}"
    with time_machine.travel(D(2025, 4, 2), tick=False):
        r = c.post(f"{url}/gunnen", {}, format="json")
        assert r.status_code == 400 and r.json()["code"] == "scores_ontbreken"
        bad = {"scores": [{"inschrijving": str(t[0].uuid), "criterium": "plan", "punten": 11}]}
        r = c.post(f"{url}/scores", bad, format="json")
        assert r.status_code == 400 and r.json()["code"] == "score_buiten_schaal" and not Score.objects.exists()
        r = c.post(f"{url}/scores", {"scores": [{"inschrijving": str(t[0].uuid), "criterium": "korting",
                                                 "punten": 1}]}, format="json")  # fmt: skip
        assert r.status_code == 400 and r.json()["code"] == "criterium_onbekend"
        scores = [
            {"inschrijving": str(i.uuid), "criterium": k, "punten": p, "toelichting": "Goed onderbouwd"}
            for i, p in zip(t, (9, 7, 5), strict=True) for k in ("plan", "samenwerking", "prijs")
        ]  # fmt: skip
        r = c.post(f"{url}/scores", {"scores": scores}, format="json")
        assert r.status_code == 200, r.json()
        rang = r.json()
        assert rang["compleet"] and [x["totaal"] for x in rang["regels"]] == ["90.00", "70.00", "50.00"]
        assert [x["geselecteerd"] for x in rang["regels"]] == [True, False, False]
        # the provider sees only its own row, without scores before the decision
        p = _as(api_client.__class__(), provider_user).get(f"{url}/rangschikking").json()
        assert len(p["regels"]) == 1 and p["regels"][0]["totaal"] is None and p["regels"][0]["scores"] == []
        r = c.post(f"{url}/gunnen", {"toelichting": "Besluit"}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "voorlopig_gegund"
        assert r.json()["gunningsbesluit"]["eindeOpschortendeTermijn"] == "2025-04-22"
        r = c.post(f"{url}/gunnen", {}, format="json")
        assert r.status_code == 400 and r.json()["code"] == "al_gegund"
        r = c.post(f"{url}/definitief", {}, format="json")
        assert r.status_code == 400 and r.json()["code"] == "opschortende_termijn_loopt"
    with time_machine.travel(D(2025, 4, 23), tick=False):
        r = c.post(f"{url}/definitief", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "gegund"
    assert Raamovereenkomst.objects.get().aanbieder == drie[0]
    eigen = _as(api_client.__class__(), provider_user).get("/api/v1/inschrijvingen").json()["results"]
    assert len(eigen) == 1 and eigen[0]["rang"] == 1 and eigen[0]["status"] == "gegund"
    assert {s["criterium"] for s in eigen[0]["scores"]} == {"plan", "samenwerking", "prijs"}
    assert eigen[0]["raamovereenkomst"] is not None


def test_provider_cannot_score_and_other_region_sees_nothing(api_client, make_user, provider_user, a, drie):
    i = inschrijven(a, drie[0])
    with time_machine.travel(D(2025, 4, 2), tick=False):
        r = _as(api_client, provider_user).post(
            f"/api/v1/aanbestedingen/{a.uuid}/scores",
            {"scores": [{"inschrijving": str(i.uuid), "criterium": "plan", "punten": 10}]},
            format="json",
        )
    assert r.status_code == 403 and r.json()["code"] == "geen_toegang"
    rotterdam = make_user("cm-r", "regio-contractmanager", regio=Regio.objects.get(code="rotterdam-rijnmond"))
    c = _as(api_client.__class__(), rotterdam)
    assert c.get("/api/v1/aanbestedingen").json()["results"] == []
    assert c.get(f"/api/v1/aanbestedingen/{a.uuid}").status_code == 404


def test_unknown_query_parameter_is_refused(api_client, contractmanager, a):
    r = _as(api_client, contractmanager).get("/api/v1/aanbestedingen?kleur=rood")
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM
    r = api_client.get(f"/api/v1/inschrijvingen?aanbesteding={a.uuid}")
    assert r.status_code == 200


def test_access_without_contracting_rights(api_client, make_user, zwolle, a):
    toegang = make_user("toegang-1", "gemeente-toegang", gemeente=zwolle)
    for path in ("/api/v1/aanbestedingen", "/api/v1/inschrijvingen"):
        assert _as(api_client, toegang).get(path).status_code == 403


def test_scoring_via_api_uses_the_same_rules_as_the_service(systeem, a, drie):
    i = inschrijven(a, drie[0])
    scoor(a, i, {"plan": 3})
    assert Score.objects.get().punten == 3
