"""Error pages in the site's layout and the user's language, saying why and where to go."""

import pytest
from django.test import Client, RequestFactory

from uitkomst.web import views

LAYOUT = '<a class="logo" href="/">Uitkomst</a>'


@pytest.mark.django_db
def test_404_with_debug_off_is_the_layout_page(client, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    html = response.content.decode()
    assert LAYOUT in html
    assert "Deze pagina bestaat niet" in html
    assert "Naar de startpagina" in html
    assert "Page not found" not in html and "technical" not in html.lower()


@pytest.mark.django_db
def test_404_in_english(client, settings):
    settings.DEBUG = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/bestaat-niet").content.decode()
    assert '<html lang="en">' in html
    assert LAYOUT in html


@pytest.mark.django_db
def test_403_of_the_policy_shows_its_dutch_message_in_the_layout(client, make_user, zwolle):
    financien = make_user("fin", "gemeente-financien", gemeente=zwolle, regio=zwolle.regio)
    client.force_login(financien)
    response = client.get("/toegang/")  # the access worker's referrals
    assert response.status_code == 403
    html = response.content.decode()
    assert LAYOUT in html
    assert "U hebt geen toegang tot deze pagina" in html
    assert "Dit mag uw rol niet: verwijzingen inzien." in html
    assert "Financiën (gemeente)" in html  # the role it names
    assert "Naar uw startpagina met het werk dat op u wacht" in html


@pytest.mark.django_db
def test_403_of_a_view_shows_its_message(client, make_user, zwolle):
    toegang = make_user("tz", "gemeente-toegang", gemeente=zwolle, regio=zwolle.regio)
    client.force_login(toegang)
    response = client.get("/trajecten/inbox")
    assert response.status_code == 403
    assert "De inbox is voor aanbieders." in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page(make_user, zwolle):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/uitloggen")
    assert response.status_code == 403
    html = response.content.decode()
    assert LAYOUT in html
    assert "Het formulier kon niet worden verwerkt" in html
    assert "Er is niets opgeslagen." in html


@pytest.mark.django_db
def test_500_and_400_pages():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/iets")
    request.user = AnonymousUser()
    response = views.serverfout(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert LAYOUT in html and "Er ging iets mis aan onze kant" in html and "Foutcode 500." in html
    response = views.fout_400(request, Exception("intern"))
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()
    assert "intern" not in response.content.decode()


@pytest.mark.django_db
def test_500_falls_back_to_a_bare_page_when_the_layout_fails(monkeypatch):
    request = RequestFactory().get("/iets")  # no user: the layout's menu cannot be built

    def kapot(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(views, "render", kapot)
    response = views.serverfout(request)
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in response.content.decode()


def test_handlers_are_wired():
    from uitkomst import urls

    assert urls.handler403 == "uitkomst.web.views.geen_toegang"
    assert urls.handler404 == "uitkomst.web.views.niet_gevonden"
    assert urls.handler500 == "uitkomst.web.views.serverfout"
    assert urls.handler400 == "uitkomst.web.views.fout_400"


def test_make_run_serves_with_debug_off():
    from pathlib import Path

    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    assert "UITKOMST_DEBUG=$${UITKOMST_DEBUG:-false} $(BIN)/uitkomst runserver" in makefile
    assert "UITKOMST_DEBUG:-true" not in makefile


@pytest.mark.django_db
def test_static_files_are_served_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/static/uitkomst/uitkomst.css")
    assert response.status_code == 200
    assert b".foutpagina" in b"".join(response.streaming_content)
