"""Assignments and trajectories through the API: transitions as actions, scoped by role."""

import pytest

from tests.toegang import helpers
from uitkomst.trajecten.models import Toewijzing, Traject

pytestmark = pytest.mark.django_db


def post(api_client, path, body=None):
    return api_client.post(path, body or {}, format="json")


def assign(api_client, plan, aanbieder, **overrides):
    body = {
        "plan": str(plan.uuid),
        "aanbieder": str(aanbieder.uuid),
        "startdatum": helpers.today().isoformat(),
        "keuzeDoorClient": True,
    } | overrides
    return post(api_client, "/api/v1/toewijzingen", body)


def test_assign_accept_start_end_close_via_api(api_client, plan, aanbieder, aanbieder_user, toegang):
    api_client.force_authenticate(toegang)
    r = assign(api_client, plan, aanbieder)
    assert r.status_code == 201, r.json()
    traject = r.json()["traject"]
    assert r.json()["budget"] == "3180.00"
    api_client.force_authenticate(aanbieder_user)
    inbox = api_client.get("/api/v1/trajecten", {"status": "toegewezen"}).json()
    assert [t["uuid"] for t in inbox["results"]] == [traject]
    assert post(api_client, f"/api/v1/trajecten/{traject}/accepteren").json()["status"] == "geaccepteerd"
    assert post(api_client, f"/api/v1/trajecten/{traject}/starten").json()["status"] == "gestart"
    r = post(
        api_client,
        f"/api/v1/trajecten/{traject}/beeindigen",
        {"reden": "31", "doelstatussen": [{"doel": 1, "status": "behaald"}, {"doel": 2, "status": "deels"}]},
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "beeindigd" and body["redenBeeindiging"] == "31"
    assert [h["naar"] for h in body["historie"]] == ["toegewezen", "geaccepteerd", "gestart", "beeindigd"]
    assert post(api_client, f"/api/v1/trajecten/{traject}/afsluiten").json()["status"] == "afgesloten"


def test_illegal_transition_via_api_is_409(api_client, plan, aanbieder, aanbieder_user, toegang):
    api_client.force_authenticate(toegang)
    traject = assign(api_client, plan, aanbieder).json()["traject"]
    api_client.force_authenticate(aanbieder_user)
    r = post(api_client, f"/api/v1/trajecten/{traject}/afsluiten")
    assert r.status_code == 409 and r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "ongeldige_overgang"
    assert Traject.objects.get().status == "toegewezen"


def test_decline_without_reason_via_api_refused(api_client, plan, aanbieder, aanbieder_user, toegang):
    api_client.force_authenticate(toegang)
    traject = assign(api_client, plan, aanbieder).json()["traject"]
    api_client.force_authenticate(aanbieder_user)
    r = post(api_client, f"/api/v1/trajecten/{traject}/afwijzen", {"toelichting": "geen plek"})
    assert r.status_code == 400 and r.json()["code"] == "reden_weigering_ontbreekt"
    r = post(api_client, f"/api/v1/trajecten/{traject}/afwijzen", {"reden": "onveilig"})
    assert r.status_code == 200 and r.json()["status"] == "afgewezen"


def test_end_before_start_via_api(api_client, plan, aanbieder, toegang):
    api_client.force_authenticate(toegang)
    r = assign(api_client, plan, aanbieder, einddatum="2020-01-01")
    assert r.status_code == 400 and r.json()["code"] == "einde_voor_begin"
    assert not Toewijzing.objects.exists()


def test_non_contracted_provider_via_api(api_client, plan, niet_gecontracteerd, toegang):
    api_client.force_authenticate(toegang)
    r = assign(api_client, plan, niet_gecontracteerd)
    assert r.status_code == 400 and r.json()["code"] == "niet_gecontracteerd"


def test_second_concurrent_trajectory_via_api_is_409(api_client, plan, aanbieder, toegang, zwolle, ijsselland):
    api_client.force_authenticate(toegang)
    assert assign(api_client, plan, aanbieder).status_code == 201
    second = helpers.plan(toegang, zwolle, ijsselland, productcode="P02-P")
    r = assign(api_client, second, aanbieder)
    assert r.status_code == 409 and r.json()["code"] == "stapeling"


def test_four_eyes_via_api(api_client, toegang, collega, aanbieder, aanbieder_user, zwolle, ijsselland):
    plan = helpers.plan(toegang, zwolle, ijsselland, productcode="P04-I")
    api_client.force_authenticate(toegang)
    t = assign(api_client, plan, aanbieder).json()
    assert t["goedkeuring"] == "wacht" and t["kostensegment"] == "C"
    api_client.force_authenticate(aanbieder_user)
    assert api_client.get("/api/v1/trajecten").json()["count"] == 0  # not before the second approval
    api_client.force_authenticate(toegang)
    r = post(api_client, f"/api/v1/toewijzingen/{t['uuid']}/goedkeuren")
    assert r.status_code == 403 and r.json()["code"] == "eigen_goedkeuring"
    api_client.force_authenticate(collega)
    assert post(api_client, f"/api/v1/toewijzingen/{t['uuid']}/goedkeuren").json()["goedkeuring"] == "goedgekeurd"
    api_client.force_authenticate(aanbieder_user)
    assert api_client.get("/api/v1/trajecten").json()["count"] == 1


def test_other_provider_and_municipality_see_nothing(
    api_client, plan, aanbieder, ander_aanbieder, make_user, regio, toegang, toegang_kampen
):
    api_client.force_authenticate(toegang)
    traject = assign(api_client, plan, aanbieder).json()["traject"]
    other = make_user("ander", "aanbieder", aanbieder=ander_aanbieder, regio=regio)
    for user in (other, toegang_kampen):
        api_client.force_authenticate(user)
        assert api_client.get("/api/v1/trajecten").json()["count"] == 0
        assert api_client.get(f"/api/v1/trajecten/{traject}").status_code == 404
        assert post(api_client, f"/api/v1/trajecten/{traject}/accepteren").status_code == 404
    cm = make_user("cm", "regio-contractmanager", regio=regio)
    api_client.force_authenticate(cm)
    assert api_client.get("/api/v1/trajecten").json()["count"] == 1
