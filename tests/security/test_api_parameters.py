"""Unknown query parameters are refused with 400 problem+json; the lowerCamelCase filters work
(NL API Design Rules, issue 12 point 8)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingelogd(api_client, contractmanager):
    api_client.force_authenticate(contractmanager)
    return api_client


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/aanbieders?agb_code=12345678",  # the old snake_case name
        "/api/v1/aanbieders?bestaatNiet=1",
        "/api/v1/uitkomstmetingen?beeindigd_van=2025-01-01",
        "/api/v1/verwijzingen?is_verkort=true",
        "/api/v1/verwijzingen?verwijzer_type=01",
        "/api/v1/aanbieders?page=1&paginaGrootte=5",
    ],
)
def test_onbekende_parameter_400(ingelogd, url):
    r = ingelogd.get(url)
    assert r.status_code == 400, r.content
    assert r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["code"] == "parameter_onbekend"
    assert body["status"] == 400 and body["title"] and "Onbekende queryparameter" in body["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/aanbieders?agbCode=12345678",
        "/api/v1/aanbieders?page=1&pageSize=5",
        "/api/v1/uitkomstmetingen?beeindigdVan=2025-01-01&beeindigdTot=2025-12-31",
        "/api/v1/verwijzingen?isVerkort=true&verwijzerType=01",
    ],
)
def test_gedocumenteerde_parameters_mogen(ingelogd, url):
    assert ingelogd.get(url).status_code in (200, 403), url
