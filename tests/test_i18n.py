"""Dutch is the default interface language; English is available."""

import pytest

pytestmark = pytest.mark.django_db


def test_dutch_by_default(client):
    html = client.get("/catalogus/").content.decode()
    assert 'lang="nl"' in html and "Naar de inhoud" in html and "Inkoopmodellen" in html


def test_english_on_request(client):
    html = client.get("/catalogus/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in html
    assert "Naar de inhoud" not in html and "Skip to" in html


def test_language_switch_form_sets_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalogus/"})
    assert response.status_code == 302
    html = client.get("/catalogus/").content.decode()
    assert 'lang="en"' in html and "Purchasing models" in html
