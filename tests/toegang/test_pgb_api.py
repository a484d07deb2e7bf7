"""The pgb API (``/api/v1/pgb-besluiten``): request, decide, refusals as problem+json with their code,
scoped to the municipality's access workers, reads audit-logged, no BSN in the answer."""

from __future__ import annotations

import datetime as dt

import pytest

from uitkomst.audit.models import Inzage
from uitkomst.toegang import services
from uitkomst.toegang.models import Pgbbesluit

from . import helpers

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
JAAR = helpers.today().year
URL = "/api/v1/pgb-besluiten"


@pytest.fixture
def wmo_client(toegang, zwolle):
    return services.client_get_or_create(
        bsn="123456782", geboortedatum=dt.date(1950, 3, 1), gemeente=zwolle, door=toegang
    )


def body(wie, **overrides):
    return {
        "client": str(wie.uuid),
        "wet": "wmo",
        "bedrag": "12000.00",
        "ingangsdatum": f"{JAAR}-01-01",
        "einddatum": f"{JAAR}-12-31",
        "keuzeClient": True,
        "tariefgrondslag": "informeel",
    } | overrides


def test_request_grant_end_via_api(api_client, toegang, collega, wmo_client):
    api_client.force_authenticate(toegang)
    r = api_client.post(URL, body(wmo_client), format="json")
    assert r.status_code == 201, r.json()
    data = r.json()
    assert (data["status"], data["wet"], data["bedrag"], data["gemeente"]) == ("aangevraagd", "wmo", "12000.00", "0193")
    assert data["keuzeClient"] is True and data["clientReferentie"].startswith("C-")
    assert "bsn" not in data and "123456782" not in r.content.decode()
    uuid = data["uuid"]
    api_client.force_authenticate(collega)
    r = api_client.post(f"{URL}/{uuid}/toekennen", {"toelichting": "Akkoord."}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "toegekend", r.json()
    r = api_client.post(f"{URL}/{uuid}/beeindigen", {"per": f"{JAAR}-06-30", "toelichting": "Verhuisd."}, format="json")
    assert r.status_code == 200, r.json()
    assert (r.json()["status"], r.json()["laatsteDag"]) == ("beeindigd", f"{JAAR}-06-30")
    assert [h["naar"] for h in r.json()["historie"]] == ["aangevraagd", "toegekend", "beeindigd"]
    # reads are audit-logged (list and detail), no BSN shown
    n = Inzage.objects.count()
    assert api_client.get(URL).json()["count"] == 1
    assert api_client.get(f"{URL}/{uuid}").status_code == 200
    rows = Inzage.objects.filter(gebruikersnaam="toegang-zwolle-2", kanaal="api", objecttype="pgbbesluit")
    assert Inzage.objects.count() == n + 2 and rows.count() == 2
    assert not rows.filter(bsn_getoond=True).exists()
    assert rows.first().client_uuid == wmo_client.uuid


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"wet": "jeugdwet", "keuzeClient": False}, "pgb_jeugd_zonder_reden"),
        ({"keuzeClient": False}, "pgb_wmo_keuze_ontbreekt"),
        ({"bedrag": "0"}, "pgb_bedrag_niet_positief"),
        ({"bedrag": "-5"}, "pgb_bedrag_niet_positief"),
        ({"einddatum": f"{JAAR - 1}-12-31"}, "pgb_periode_omgekeerd"),
        ({"wet": "awbz"}, "pgb_wet_onbekend"),
        ({"tariefgrondslag": "goedkoop"}, "pgb_tariefgrondslag_onbekend"),
        ({"client": "00000000-0000-0000-0000-000000000000"}, "client_onbekend"),
        ({"plan": "00000000-0000-0000-0000-000000000000"}, "plan_onbekend"),
    ],
)
def test_bad_input_is_problem_json_with_code_and_nothing_saved(api_client, toegang, wmo_client, overrides, code):
    api_client.force_authenticate(toegang)
    r = api_client.post(URL, body(wmo_client, **overrides), format="json")
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM, r.content
    assert r.json()["code"] == code and r.json()["detail"]
    assert not Pgbbesluit.objects.exists()


def test_overlap_and_illegal_step_via_api(api_client, toegang, wmo_client):
    api_client.force_authenticate(toegang)
    uuid = api_client.post(URL, body(wmo_client), format="json").json()["uuid"]
    r = api_client.post(URL, body(wmo_client, ingangsdatum=f"{JAAR}-06-01"), format="json")
    assert r.status_code == 400 and r.json()["code"] == "pgb_overlapt"
    r = api_client.post(f"{URL}/{uuid}/beeindigen", {"per": f"{JAAR}-06-30", "toelichting": "x"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "ongeldige_overgang"
    r = api_client.post(f"{URL}/{uuid}/afwijzen", {"toelichting": ""}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "pgb_afwijzing_zonder_reden"
    assert Pgbbesluit.objects.get().status == "aangevraagd"


def test_other_municipality_and_other_roles(api_client, toegang, toegang_kampen, wmo_client, aanbieder_user, huisarts):
    api_client.force_authenticate(toegang)
    uuid = api_client.post(URL, body(wmo_client), format="json").json()["uuid"]
    api_client.force_authenticate(toegang_kampen)
    assert api_client.get(URL).json()["count"] == 0
    assert api_client.get(f"{URL}/{uuid}").status_code == 404
    assert api_client.post(f"{URL}/{uuid}/toekennen", {}, format="json").status_code == 404
    r = api_client.post(URL, body(wmo_client), format="json")  # Zwolle's client is not visible to Kampen
    assert r.status_code == 400 and r.json()["code"] == "client_onbekend"
    for user in (aanbieder_user, huisarts):
        api_client.force_authenticate(user)
        r = api_client.get(URL)
        assert r.status_code == 403 and r.json()["code"] == "geen_toegang"
    assert Pgbbesluit.objects.get().status == "aangevraagd"


def test_filters_and_unknown_parameter(api_client, toegang, wmo_client):
    api_client.force_authenticate(toegang)
    api_client.post(URL, body(wmo_client), format="json")
    assert api_client.get(URL, {"wet": "wmo", "status": "aangevraagd"}).json()["count"] == 1
    assert api_client.get(URL, {"wet": "jeugdwet"}).json()["count"] == 0
    assert api_client.get(URL, {"client": str(wmo_client.uuid)}).json()["count"] == 1
    r = api_client.get(URL, {"onbekend": "1"})
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM
