"""The signal pages read the one model, scoped by region: nothing of another region shows or can be handled."""

import pytest

from tests.conftest import PASSWORD
from tests.uitkomsten import helpers as h
from uitkomst.signalen import services
from uitkomst.signalen.models import Signaal
from uitkomst.trajecten import services as trajecten

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_pages_show_only_the_users_region(client, systeem, toegang, aanbieder_user, zwolle, ijsselland, rotterdam,
                                         financien, financien_rotterdam):  # fmt: skip
    t = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder)
    trajecten.traject_afwijzen(traject=t, reden="onveilig", door=aanbieder_user)
    hier = Signaal.objects.get(soort="afwijzing")
    daar = services.signaal_create(
        soort="afwijzing", sleutel="traject:elders", gemeente=rotterdam, omschrijving="Elders geweigerd.", door=systeem
    )
    _login(client, toegang)  # the access worker's own page of declines and overdue acceptances
    html = client.get("/trajecten/signalen").content.decode()
    assert hier.omschrijving in html and daar.omschrijving not in html
    client.logout()
    _login(client, financien_rotterdam)
    html = client.get("/sturing/signalen").content.decode()
    assert daar.omschrijving in html and hier.omschrijving not in html
    r = client.post(f"/sturing/signalen/{hier.uuid}/afhandelen", {"toelichting": "Niet van mij"})
    assert r.status_code == 404
    hier.refresh_from_db()
    assert hier.status == "open"
    client.logout()
    _login(client, financien)
    r = client.post(f"/sturing/signalen/{hier.uuid}/afhandelen", {"toelichting": "Gebeld"})
    hier.refresh_from_db()
    assert r.status_code == 302 and hier.status == "afgehandeld" and hier.toelichting == "Gebeld"


def test_api_refuses_another_regions_signal(api_client, systeem, rotterdam, financien):
    daar = services.signaal_create(
        soort="budget", sleutel="gemeente:x", gemeente=rotterdam, omschrijving="Boven plafond.", door=systeem
    )
    api_client.force_authenticate(financien)
    assert api_client.get("/api/v1/signalen").json()["results"] == []
    assert api_client.get(f"/api/v1/signalen/{daar.uuid}").status_code == 404
    r = api_client.post(f"/api/v1/signalen/{daar.uuid}/afhandelen", {"toelichting": "x"}, format="json")
    assert r.status_code == 404 and Signaal.objects.get(pk=daar.pk).status == "open"
