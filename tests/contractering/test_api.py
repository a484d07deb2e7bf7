"""The contracting API: contract managers write, a provider reads and applies for itself only,
other roles get 403 problem+json."""

import datetime as dt

import pytest
import time_machine

from uitkomst.contractering import services
from uitkomst.contractering.models import Aanbieder, Aanmelding, Raamovereenkomst

D = dt.date
pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def provider_user(make_user, aanbieder, regio):
    return make_user("aanbieder-1", "aanbieder", aanbieder=aanbieder, regio=regio)


@pytest.fixture
def toegang_user(make_user, zwolle):
    return make_user("toegang-1", "gemeente-toegang", gemeente=zwolle)


def _as(client, user):
    client.force_authenticate(user)
    return client


def test_contract_manager_registers_provider_with_specific_errors(api_client, contractmanager, zwolle):
    c = _as(api_client, contractmanager)
    r = c.post("/api/v1/aanbieders", {"naam": "Nieuw", "agbCode": "1234", "kvkNummer": "abc"}, format="json")
    assert r.status_code == 400 and r["Content-Type"] == PROBLEM
    names = {p["name"]: p["code"] for p in r.json()["invalidParams"]}
    assert names == {"agbCode": "agb_ongeldig", "kvkNummer": "kvk_ongeldig"}
    assert not Aanbieder.objects.exists()
    r = c.post(
        "/api/v1/aanbieders",
        {"naam": "Nieuw", "agbCode": "12345678", "kvkNummer": "87654321", "werkgebied": ["0193"]},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["werkgebied"] == ["0193"] and r.json()["agbCode"] == "12345678"


@pytest.mark.parametrize("role", ["provider_user", "toegang_user"])
def test_others_cannot_register_providers(api_client, request, role):
    c = _as(api_client, request.getfixturevalue(role))
    r = c.post("/api/v1/aanbieders", {"naam": "X", "agbCode": "12345678", "kvkNummer": "87654321"}, format="json")
    assert r.status_code == 403 and r["Content-Type"] == PROBLEM
    assert r.json()["status"] == 403


def test_roles_without_contracting_get_403(api_client, toegang_user, overeenkomst):
    c = _as(api_client, toegang_user)
    for path in (
        "/api/v1/aanbieders",
        "/api/v1/raamovereenkomsten",
        "/api/v1/toetredingsrondes",
        "/api/v1/aanmeldingen",
    ):
        r = c.get(path)
        assert r.status_code == 403, path
        assert r["Content-Type"] == PROBLEM


def test_anonymous_refused(api_client, overeenkomst):
    r = api_client.get("/api/v1/raamovereenkomsten")
    assert r.status_code in (401, 403) and r["Content-Type"] == PROBLEM


def test_provider_sees_only_itself(
    systeem, api_client, provider_user, aanbieder, overeenkomst, make_aanbieder, ijsselland, p01
):
    other = make_aanbieder("Concurrent")
    theirs = services.raamovereenkomst_create(
        door=systeem, aanbieder=other, inkoopmodel=ijsselland, producten=[p01], ingangsdatum=D(2024, 1, 1)
    )
    c = _as(api_client, provider_user)
    assert [a["uuid"] for a in c.get("/api/v1/aanbieders").json()["results"]] == [str(aanbieder.uuid)]
    assert c.get(f"/api/v1/aanbieders/{other.uuid}").status_code == 404
    listing = c.get("/api/v1/raamovereenkomsten").json()["results"]
    assert [o["uuid"] for o in listing] == [str(overeenkomst.uuid)]
    assert c.get(f"/api/v1/raamovereenkomsten/{theirs.uuid}").status_code == 404


def test_contract_manager_lifecycle_through_api(api_client, contractmanager, aanbieder, ijsselland, procedure, p01):
    c = _as(api_client, contractmanager)
    r = c.post(
        "/api/v1/raamovereenkomsten",
        {
            "aanbieder": str(aanbieder.uuid),
            "inkoopmodel": str(ijsselland.uuid),
            "producten": [str(p01.uuid)],
            "ingangsdatum": "2025-01-01",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["einddatum"] == "2026-12-31" and body["verlengoptiesOver"] == 2 and body["omzetgarantie"] is False
    uuid = body["uuid"]
    dup = c.post(
        "/api/v1/raamovereenkomsten",
        {
            "aanbieder": str(aanbieder.uuid),
            "inkoopmodel": str(ijsselland.uuid),
            "producten": [str(p01.uuid)],
            "ingangsdatum": "2026-06-01",
        },
        format="json",
    )
    assert dup.status_code == 400 and dup.json()["code"] == "overeenkomsten_overlappen"
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)):
        r = c.post(f"/api/v1/raamovereenkomsten/{uuid}/verlengen", {"toelichting": "Goed"}, format="json")
    assert r.status_code == 200 and r.json()["einddatum"] == "2027-12-31"
    with time_machine.travel(dt.datetime(2028, 1, 5, 12, tzinfo=dt.UTC)):
        r = c.post(f"/api/v1/raamovereenkomsten/{uuid}/verlengen", {}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "verlenging_na_einddatum"
    r = c.post(
        f"/api/v1/raamovereenkomsten/{uuid}/opschorten", {"per": "2026-02-01", "reden": "Onderzoek"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "opgeschort"
    r = c.post(f"/api/v1/raamovereenkomsten/{uuid}/hervatten", {"per": "2026-03-01"}, format="json")
    assert r.json()["status"] == "actief"
    r = c.post(f"/api/v1/raamovereenkomsten/{uuid}/beeindigen", {"per": "2026-06-30"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "reden_ontbreekt"
    r = c.post(
        f"/api/v1/raamovereenkomsten/{uuid}/beeindigen", {"per": "2026-06-30", "reden": "Op verzoek"}, format="json"
    )
    assert r.json()["status"] == "beeindigd"
    events = [h["gebeurtenis"] for h in r.json()["historie"]]
    assert events == ["aangemaakt", "verlengd", "opgeschort", "hervat", "beeindigd"]
    assert all(h["door"] == "cm" for h in r.json()["historie"])


def test_other_region_manager_cannot_change(api_client, make_user, overeenkomst):
    from uitkomst.organisaties.models import Regio

    other = make_user("cm-rr", "regio-contractmanager", regio=Regio.objects.get(code="rotterdam-rijnmond"))
    c = _as(api_client, other)
    assert c.get(f"/api/v1/raamovereenkomsten/{overeenkomst.uuid}").status_code == 404  # not in their region
    assert c.get("/api/v1/raamovereenkomsten").json()["count"] == 0


def test_provider_cannot_extend_its_own_agreement(api_client, provider_user, overeenkomst):
    r = _as(api_client, provider_user).post(
        f"/api/v1/raamovereenkomsten/{overeenkomst.uuid}/verlengen", {}, format="json"
    )
    assert r.status_code == 403 and r.json()["code"] == "geen_toegang"
    overeenkomst.refresh_from_db()
    assert overeenkomst.verlengingen_gebruikt == 0


def test_provider_registers_subcontractor_not_itself(api_client, provider_user, overeenkomst, aanbieder):
    c = _as(api_client, provider_user)
    url = f"/api/v1/raamovereenkomsten/{overeenkomst.uuid}/onderaannemers"
    r = c.post(url, {"onderaannemer": str(aanbieder.uuid), "van": "2024-03-01"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "onderaannemer_is_hoofdaanbieder"
    r = c.post(url, {"naam": "Praktijk Klein", "kvkNummer": "11223344", "van": "2024-03-01"}, format="json")
    assert r.status_code == 201 and r.json()["naam"] == "Praktijk Klein"


def test_provider_applies_for_itself_only(api_client, provider_user, ronde, make_aanbieder, p01, eisen):
    other = make_aanbieder("Ander")
    c = _as(api_client, provider_user)
    assert c.get("/api/v1/toetredingsrondes").json()["count"] == 1
    body = {"ronde": str(ronde.uuid), "producten": [str(p01.uuid)], "aanvullendAanbod": "Avondaanbod"}
    with time_machine.travel(dt.datetime(2026, 8, 15, 12, tzinfo=dt.UTC)):
        r = c.post("/api/v1/aanmeldingen", body, format="json")
    assert r.status_code == 400 and r.json()["code"] == "buiten_ronde"
    with time_machine.travel(dt.datetime(2026, 9, 15, 12, tzinfo=dt.UTC)):
        r = c.post("/api/v1/aanmeldingen", {**body, "aanbieder": str(other.uuid)}, format="json")
        assert r.status_code == 403
        r = c.post("/api/v1/aanmeldingen", body, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["isNieuwkomer"] is True and r.json()["status"] == "ingediend"
    uuid = r.json()["uuid"]
    r = c.post(f"/api/v1/aanmeldingen/{uuid}/besluiten", {"toelaten": True}, format="json")
    assert r.status_code == 403
    assert Aanmelding.objects.get().status == "ingediend"


def test_manager_assesses_and_admits_through_api(
    systeem, api_client, contractmanager, ronde, make_aanbieder, p01, eisen
):
    nieuw = make_aanbieder("Nieuwkomer")
    a = services.aanmelding_indienen(
        door=systeem, ronde=ronde, aanbieder=nieuw, producten=[p01], aanvullend_aanbod="Avond", datum=D(2026, 9, 15)
    )
    c = _as(api_client, contractmanager)
    url = f"/api/v1/aanmeldingen/{a.uuid}"
    r = c.post(f"{url}/beoordelen", {"beoordelingen": [{"kwaliteitseis": "onbekend", "voldaan": True}]}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "eis_onbekend"
    r = c.post(
        f"{url}/beoordelen",
        {"beoordelingen": [{"kwaliteitseis": e.code, "voldaan": True, "notitie": "ok"} for e in eisen]},
        format="json",
    )
    assert r.status_code == 200 and r.json()["status"] == "in_beoordeling"
    r = c.post(f"{url}/aanvullend-oordeel", {"aangetoond": True, "toelichting": "Vult aan"}, format="json")
    assert r.json()["aanvullendOordeel"] is True
    r = c.post(f"{url}/besluiten", {"toelaten": True, "reden": "Voldoet"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "toegelaten"
    assert Raamovereenkomst.objects.get(aanbieder=nieuw).ingangsdatum == D(2027, 1, 1)
    assert [h["naarStatus"] for h in r.json()["historie"]] == ["ingediend", "in_beoordeling", "toegelaten"]


def test_manager_plans_round_within_moments(api_client, contractmanager, procedure):
    c = _as(api_client, contractmanager)
    body = {
        "procedure": str(procedure.uuid),
        "naam": "Voorjaar",
        "aanmeldenVan": "2027-03-01",
        "aanmeldenTot": "2027-03-31",
        "beoordelenTot": "2027-05-31",
        "ingangsdatum": "2027-07-01",
    }
    r = c.post("/api/v1/toetredingsrondes", body, format="json")
    assert r.status_code == 201, r.json()
    r = c.post("/api/v1/toetredingsrondes", {**body, "naam": "Dubbel"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "rondes_overlappen"
