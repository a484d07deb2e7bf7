"""OAuth 2.0 client credentials for integrations (accounts/oauth.py, api/authenticatie.py): a client of
one provider reads its own trajectories and none of another's; tokens expire; scopes limit the API."""

from __future__ import annotations

import base64
import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from oauth2_provider.models import AccessToken

from tests.toegang import helpers
from tests.toegang.conftest import *  # noqa: F403
from uitkomst.accounts import oauth, services
from uitkomst.accounts.models import Gebruiker
from uitkomst.api.authenticatie import SCOPE_GEBIED, SCOPES, benodigde_scope
from uitkomst.utils.errors import ValidationFailed

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def token(client, application, secret, scope: str | None = None):
    data = {"grant_type": "client_credentials"} | ({"scope": scope} if scope else {})
    return client.post("/oauth/token", data, HTTP_AUTHORIZATION=_basic(application.client_id, secret))


def bearer(api_client, access_token: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    return api_client


@pytest.fixture
def traject_a(api_client, plan, aanbieder, toegang):
    api_client.force_authenticate(toegang)
    body = {"plan": str(plan.uuid), "aanbieder": str(aanbieder.uuid), "startdatum": helpers.today().isoformat(),
            "keuzeDoorClient": True}  # fmt: skip
    r = api_client.post("/api/v1/toewijzingen", body, format="json")
    assert r.status_code == 201, r.json()
    api_client.force_authenticate(None)
    return r.json()["traject"]


@pytest.fixture
def client_a(aanbieder):
    return services.integratieclient_maak(naam="kompas-zorgadministratie", rol_code="aanbieder",
                                          organisatie=aanbieder.agb_code)  # fmt: skip


@pytest.fixture
def client_b(ander_aanbieder):
    return services.integratieclient_maak(
        naam="horizon-ecd", rol_code="aanbieder", organisatie=ander_aanbieder.agb_code
    )


def test_client_van_een_aanbieder_leest_eigen_trajecten_en_niet_die_van_een_ander(
    client, api_client, traject_a, client_a, client_b
):
    r = token(client, *client_a)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and "refresh_token" not in body
    assert set(body["scope"].split()) == set(oauth.ROL_SCOPES["aanbieder"])
    lijst = bearer(api_client, body["access_token"]).get("/api/v1/trajecten")
    assert lijst.status_code == 200, lijst.json()
    assert [t["uuid"] for t in lijst.json()["results"]] == [traject_a]
    assert api_client.get(f"/api/v1/trajecten/{traject_a}").status_code == 200

    andere = token(client, *client_b).json()["access_token"]
    bearer(api_client, andere)
    assert api_client.get("/api/v1/trajecten").json()["results"] == []
    r = api_client.get(f"/api/v1/trajecten/{traject_a}")
    assert r.status_code == 404 and r["Content-Type"] == PROBLEM
    r = api_client.post(f"/api/v1/trajecten/{traject_a}/accepteren", {}, format="json")
    assert r.status_code in (403, 404)
    from uitkomst.trajecten.models import Traject

    assert Traject.objects.get(uuid=traject_a).status == "toegewezen"


def test_de_client_handelt_als_zijn_serviceaccount(client, api_client, traject_a, client_a):
    application, secret = client_a
    user = application.user
    assert user.username == "integratie:kompas-zorgadministratie" and user.rol.code == "aanbieder"
    assert user.aanbieder.agb_code and not user.has_usable_password()  # can never log in on a page
    access = token(client, application, secret).json()["access_token"]
    stored = AccessToken.objects.get(application=application)
    assert stored.user == user and stored.token == ""  # only the checksum is kept (RFC 9700)
    r = bearer(api_client, access).post(f"/api/v1/trajecten/{traject_a}/accepteren", {}, format="json")
    assert r.status_code == 200, r.json()
    assert r.json()["historie"][-1]["door"] == user.username


def test_een_verlopen_token_geeft_401(client, api_client, client_a):
    access = token(client, *client_a).json()["access_token"]
    assert bearer(api_client, access).get("/api/v1/trajecten").status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=3601)):
        r = api_client.get("/api/v1/trajecten")
    assert r.status_code == 401 and r["Content-Type"] == PROBLEM
    assert 'Bearer realm="Uitkomst", error="invalid_token"' in r["WWW-Authenticate"]


def test_een_onbekend_token_geeft_401(api_client):
    r = bearer(api_client, "verzonnen").get("/api/v1/trajecten")
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


def test_zonder_de_scope_403(client, api_client, traject_a, client_a):
    r = token(client, *client_a, scope="trajecten:lezen")
    assert r.status_code == 200 and r.json()["scope"] == "trajecten:lezen"
    bearer(api_client, r.json()["access_token"])
    assert api_client.get("/api/v1/trajecten").status_code == 200
    r = api_client.get("/api/v1/declaraties")
    assert r.status_code == 403 and r["Content-Type"] == PROBLEM
    assert r.json()["code"] == "scope_ontbreekt" and "declaraties:lezen" in r.json()["detail"]
    r = api_client.post(f"/api/v1/trajecten/{traject_a}/accepteren", {}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "scope_ontbreekt"
    from uitkomst.trajecten.models import Traject

    assert Traject.objects.get(uuid=traject_a).status == "toegewezen"


def test_een_scope_buiten_de_rol_wordt_niet_gegeven(client, client_a):
    r = token(client, *client_a, scope="sturing:lezen")  # the provider role has no steering scope
    assert r.status_code == 400 and r.json()["error"] == "invalid_scope"
    assert not AccessToken.objects.exists()


def test_verkeerd_geheim_en_ingetrokken_client(client, api_client, client_a):
    application, secret = client_a
    assert token(client, application, "fout-geheim").status_code == 401
    access = token(client, application, secret).json()["access_token"]
    assert services.integratieclient_intrekken(application=application) == 1
    assert bearer(api_client, access).get("/api/v1/trajecten").status_code == 401
    assert token(client, application, secret).status_code == 401


def test_anoniem_noemt_beide_manieren(api_client):
    r = api_client.get("/api/v1/trajecten")
    assert r.status_code == 401
    assert r["WWW-Authenticate"] == 'Session realm="Uitkomst", login="/inloggen", Bearer realm="Uitkomst"'


def test_elke_resource_heeft_een_scope():
    from uitkomst.api_urls import router

    assert {prefix for prefix, _, _ in router.registry} == set(SCOPE_GEBIED)
    assert benodigde_scope("/api/v1/trajecten/abc/accepteren", "POST") == "trajecten:schrijven"
    assert benodigde_scope("/api/v1/clienten", "GET") == "toegang:lezen"
    assert benodigde_scope("/api/v1/schema", "GET") == ""
    assert benodigde_scope("/api/v1/onbekend", "GET") is None
    for rol, scopes in oauth.ROL_SCOPES.items():
        assert set(scopes) <= set(SCOPES), rol


def test_client_vraagt_een_bestaande_organisatie_van_de_rol(aanbieder):
    with pytest.raises(ValidationFailed) as e:
        services.integratieclient_maak(naam="x", rol_code="aanbieder", organisatie="00000000")
    assert e.value.code == "organisatie_onbekend"
    with pytest.raises(ValidationFailed) as e:
        services.integratieclient_maak(naam="x", rol_code="systeem")
    assert e.value.code == "rol_niet_toegestaan"
    services.integratieclient_maak(naam="x", rol_code="aanbieder", organisatie=aanbieder.agb_code)
    with pytest.raises(ValidationFailed) as e:
        services.integratieclient_maak(naam="x", rol_code="aanbieder", organisatie=aanbieder.agb_code)
    assert e.value.code == "client_bestaat"
    assert Gebruiker.objects.filter(username__startswith="integratie:").count() == 1


def test_cli_maakt_een_client_en_toont_het_geheim_een_keer(client, api_client, zwolle):
    out = io.StringIO()
    call_command("oauthclient", "maak", "--naam", "zwolle-fin", "--rol", "gemeente-financien",
                 "--organisatie", zwolle.cbs_code, stdout=out)  # fmt: skip
    tekst = out.getvalue()
    client_id = next(r.split()[-1] for r in tekst.splitlines() if r.startswith("client_id:"))
    secret = next(r.split()[-1] for r in tekst.splitlines() if r.startswith("client_secret:"))
    from oauth2_provider.models import Application

    app = Application.objects.get(client_id=client_id)
    assert app.client_secret != secret  # stored hashed
    r = client.post("/oauth/token", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=_basic(client_id, secret))
    assert r.status_code == 200
    assert bearer(api_client, r.json()["access_token"]).get("/api/v1/declaraties").status_code == 200
    err = io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("oauthclient", "maak", "--naam", "y", "--rol", "gemeente-financien", "--organisatie", "9999",
                     stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert e.value.code == 2 and "niet gevonden" in err.getvalue()
    lijst = io.StringIO()
    call_command("oauthclient", "lijst", stdout=lijst)
    assert "zwolle-fin" in lijst.getvalue() and secret not in lijst.getvalue()


def test_schema_documenteert_oauth2_met_scopes():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    scheme = schema["components"]["securitySchemes"]["oauth2"]
    flow = scheme["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == "/oauth/token" and set(flow["scopes"]) == set(SCOPES)
    get_lijst = schema["paths"]["/trajecten"]["get"]
    assert {"oauth2": ["trajecten:lezen"]} in get_lijst["security"]
    assert {"oauth2": ["trajecten:schrijven"]} in schema["paths"]["/trajecten/{uuid}/accepteren"]["post"]["security"]
