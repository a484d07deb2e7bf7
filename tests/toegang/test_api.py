"""API for clients, referrals and plans: scoped by role, BSN masked, audit-logged, problem+json."""

import pytest

from uitkomst.audit.models import Inzage
from uitkomst.toegang.models import Client, Gezinsplan, Verwijzing

from . import helpers

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def refer(api_client, **overrides):
    body = {
        "bsn": "111222333",
        "geboortedatum": "2014-05-01",
        "gemeente": "0193",
        "inkoopmodel": "ijsselland-jeugd-2018",
        "datum": helpers.today().isoformat(),
    } | overrides
    return api_client.post("/api/v1/verwijzingen", body, format="json")


def test_access_worker_refers_plans_and_reads_client_with_full_bsn(api_client, toegang, ijsselland):
    api_client.force_authenticate(toegang)
    r = refer(api_client)
    assert r.status_code == 201, r.json()
    ref = r.json()
    assert ref["verwijzerType"] == "01" and ref["isVerkort"] is False
    r = api_client.post(
        "/api/v1/gezinsplannen",
        {"verwijzing": ref["uuid"], "doelen": ["Rust in huis"], "product": "P01-P", "motivering": "past"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["product"] == "P01-P" and r.json()["doelen"][0]["omschrijving"] == "Rust in huis"
    listing = api_client.get("/api/v1/clienten").json()
    assert listing["count"] == 1 and listing["results"][0]["bsn"] == "••••••333"
    detail = api_client.get(f"/api/v1/clienten/{ref['client']}").json()
    assert detail["bsn"] == "111222333"  # the access role may see the BSN; the read is logged
    assert Inzage.objects.filter(gebruikersnaam="toegang-zwolle", kanaal="api", bsn_getoond=True).count() == 1


def test_invalid_bsn_is_problem_json_and_nothing_saved(api_client, toegang, ijsselland):
    api_client.force_authenticate(toegang)
    r = refer(api_client, bsn="123456789")
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM
    body = r.json()
    assert body["code"] == "bsn_ongeldig" and "elfproef" in body["detail"]
    assert body["invalidParams"][0]["name"] == "bsn"
    assert not Client.objects.exists() and not Verwijzing.objects.exists()


def test_goal_less_plan_via_api_refused(api_client, toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    api_client.force_authenticate(toegang)
    r = api_client.post("/api/v1/gezinsplannen", {"verwijzing": str(v.uuid), "doelen": []}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "plan_zonder_doelen"
    assert not Gezinsplan.objects.exists()


def test_plan_with_unknown_product_via_api_saves_nothing(api_client, toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    api_client.force_authenticate(toegang)
    before = Gezinsplan.objects.count()
    r = api_client.post(
        "/api/v1/gezinsplannen",
        {"verwijzing": str(v.uuid), "doelen": ["Rust in huis"], "product": "BESTAAT-NIET", "motivering": "past"},
        format="json",
    )
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM
    assert r.json()["code"] == "product_onbekend"
    assert Gezinsplan.objects.count() == before  # the plan is not saved without its product


def test_plan_via_api_reports_plan_and_profile_problems_together(api_client, toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    api_client.force_authenticate(toegang)
    r = api_client.post(
        "/api/v1/gezinsplannen",
        {"verwijzing": str(v.uuid), "doelen": [" "], "product": "P01-P", "motivering": ""},
        format="json",
    )
    assert r.status_code == 400
    assert {p["code"] for p in r.json()["invalidParams"]} == {"plan_zonder_doelen", "motivering_ontbreekt"}
    assert not Gezinsplan.objects.exists()


def test_plan_via_api_with_excluded_care_saves_nothing(api_client, toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland)
    api_client.force_authenticate(toegang)
    r = api_client.post(
        "/api/v1/gezinsplannen",
        {"verwijzing": str(v.uuid), "doelen": ["Rust"], "uitsluiting": "pgb", "motivering": "wil pgb"},
        format="json",
    )
    assert r.status_code == 400 and r.json()["code"] == "zorg_uitgesloten"
    assert not Gezinsplan.objects.exists()


def test_other_municipality_client_refused_via_api(api_client, toegang, ijsselland):
    api_client.force_authenticate(toegang)
    r = refer(api_client, gemeente="0166")  # Kampen
    assert r.status_code == 403 and r.json()["code"] == "geen_toegang"
    assert not Client.objects.exists()


def test_gp_sees_only_own_referrals_via_api(api_client, huisarts, make_user, toegang, zwolle, ijsselland):
    own = helpers.verwijzing(huisarts, zwolle, ijsselland)
    other = helpers.verwijzing(toegang, zwolle, ijsselland, bsn="123456782")
    api_client.force_authenticate(huisarts)
    r = api_client.get("/api/v1/verwijzingen").json()
    assert [x["uuid"] for x in r["results"]] == [str(own.uuid)]
    assert api_client.get(f"/api/v1/verwijzingen/{other.uuid}").status_code == 404
    other_gp = make_user("gp2", "verwijzer", verwijzer_code="01990002")
    api_client.force_authenticate(other_gp)
    assert api_client.get("/api/v1/verwijzingen").json()["count"] == 0


def test_scoping_of_clients_per_role(api_client, toegang, toegang_kampen, make_user, regio, zwolle, ijsselland):
    helpers.verwijzing(toegang, zwolle, ijsselland)
    api_client.force_authenticate(toegang_kampen)
    assert api_client.get("/api/v1/clienten").json()["count"] == 0
    cm = make_user("cm", "regio-contractmanager", regio=regio)
    api_client.force_authenticate(cm)
    listing = api_client.get("/api/v1/clienten").json()
    assert listing["count"] == 1
    detail = api_client.get(f"/api/v1/clienten/{listing['results'][0]['uuid']}").json()
    # contract manager (issue 12): no BSN fragment, no date of birth, only the client reference
    assert detail["bsn"] is None and detail["geboortedatum"] is None and detail["referentie"].startswith("C-")
    privacy = make_user("po", "privacy-officer", regio=regio)
    api_client.force_authenticate(privacy)
    assert api_client.get("/api/v1/clienten").json()["count"] == 0


def test_anonymous_gets_nothing(api_client, toegang, zwolle, ijsselland):
    helpers.verwijzing(toegang, zwolle, ijsselland)
    r = api_client.get("/api/v1/clienten")
    assert r.status_code in (401, 403) and r["Content-Type"] == PROBLEM
