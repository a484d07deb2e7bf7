"""API rate limits per OAuth2 client, per user and per anonymous address (api/throttling.py): over the
limit a call gets 429 as problem+json with a Dutch message and Retry-After; buckets are separate."""

from __future__ import annotations

import copy

import pytest
from django.core.cache import cache

from tests.security.test_oauth import bearer, token
from tests.toegang.conftest import *  # noqa: F403
from uitkomst.accounts import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def limieten(settings):
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"client": "3/min", "gebruiker": "2/min", "anoniem": "2/min"}
    settings.REST_FRAMEWORK = rest
    cache.clear()
    yield
    cache.clear()


def test_limiet_per_client_429_met_retry_after(client, api_client, limieten, zwolle, kampen):
    a = services.integratieclient_maak(naam="a", rol_code="gemeente-financien", organisatie=zwolle.cbs_code)
    b = services.integratieclient_maak(naam="b", rol_code="gemeente-financien", organisatie=kampen.cbs_code)
    bearer(api_client, token(client, *a).json()["access_token"])
    assert [api_client.get("/api/v1/declaraties").status_code for _ in range(3)] == [200, 200, 200]
    r = api_client.get("/api/v1/declaraties")
    assert r.status_code == 429 and r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["code"] == "te_veel_verzoeken" and body["status"] == 429 and body["title"] == "Te veel verzoeken."
    assert body["detail"].startswith("Te veel verzoeken van deze client") and "opnieuw" in body["detail"]
    assert 1 <= int(r["Retry-After"]) <= 60
    # another client has a bucket of its own
    bearer(api_client, token(client, *b).json()["access_token"])
    assert api_client.get("/api/v1/declaraties").status_code == 200


def test_limiet_per_gebruiker_en_anoniem(api_client, limieten, make_user, zwolle):
    anna = make_user("anna", "gemeente-financien", gemeente=zwolle)
    bert = make_user("bert", "gemeente-financien", gemeente=zwolle)
    api_client.force_authenticate(anna)
    assert [api_client.get("/api/v1/declaraties").status_code for _ in range(3)] == [200, 200, 429]
    api_client.force_authenticate(bert)
    assert api_client.get("/api/v1/declaraties").status_code == 200
    api_client.force_authenticate(None)
    assert [api_client.get("/api/v1/inkoopmodellen").status_code for _ in range(3)] == [200, 200, 429]


def test_geen_limiet_als_de_instelling_leeg_is(api_client, settings, make_user, zwolle):
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = {"client": None, "gebruiker": None, "anoniem": None}
    settings.REST_FRAMEWORK = rest
    api_client.force_authenticate(make_user("anna", "gemeente-financien", gemeente=zwolle))
    assert {api_client.get("/api/v1/declaraties").status_code for _ in range(5)} == {200}
