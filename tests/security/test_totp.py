"""Two-factor login (TOTP) for staff roles (accounts/tweestaps.py): beheerder and privacy officer enrol
once, then give a code after the password; until then no page and no API call; other roles unchanged."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tests.tweestaps import code_voor, inloggen, verifieer

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(make_user):
    return make_user("beheer", "beheerder")


@pytest.fixture
def privacy(make_user, regio):
    return make_user("privacy", "privacy-officer", regio=regio)


def _wachtwoord(client, user):
    r = client.post("/inloggen", {"username": user.username, "password": PASSWORD, "next": "/audit/"})
    assert r.status_code == 302
    return r


def test_eerste_keer_inschrijven_dan_verder(client, privacy):
    r = _wachtwoord(client, privacy)
    r = client.get(r["Location"])
    assert r.status_code == 302 and r["Location"] == "/inloggen/verificatie?next=%2Faudit%2F"
    r = client.get(r["Location"])
    assert r.status_code == 302 and r["Location"].startswith("/inloggen/tweestaps")
    pagina = client.get(r["Location"])
    html = pagina.content.decode()
    assert pagina.status_code == 200 and "no-store" in pagina["Cache-Control"]
    assert "otpauth://totp/Uitkomst%3Aprivacy?secret=" in html
    device = TOTPDevice.objects.get(user=privacy, confirmed=False)
    sleutel = re.search(r'<code class="sleutel">([A-Z2-7 ]+)</code>', html).group(1)
    assert sleutel.replace(" ", "") in html.replace(" ", "")
    fout = client.post("/inloggen/tweestaps", {"code": "000000", "next": "/audit/"})
    assert fout.status_code == 400 and "klopt niet" in fout.content.decode()
    assert client.get("/audit/").status_code == 302  # still not in
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    code = str(TOTP(device.bin_key).token()).zfill(6)
    r = client.post("/inloggen/tweestaps", {"code": code, "next": "/audit/"})
    assert r.status_code == 302 and r["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    assert TOTPDevice.objects.get(user=privacy).confirmed


def test_volgende_keer_de_code_en_een_code_telt_een_keer(client, beheerder):
    inloggen(client, beheerder)  # enrols (confirmed device) and verifies
    device = TOTPDevice.objects.get(user=beheerder)
    gebruikt = str(hotp(device.bin_key, device.last_t, device.digits)).zfill(6)  # the code just accepted
    client.logout()
    _wachtwoord(client, beheerder)
    assert client.get("/").status_code == 302
    r = client.post("/inloggen/verificatie", {"code": gebruikt, "next": "/"})
    assert r.status_code == 400 and "al gebruikt" in r.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    r = client.post("/inloggen/verificatie", {"code": code_voor(device), "next": "/"})
    assert r.status_code == 302
    assert client.get("/").status_code == 200


def test_foute_codes_vertragen(client, beheerder):
    inloggen(client, beheerder)
    client.logout()
    _wachtwoord(client, beheerder)
    # django-otp locks the device for 1, 2, 4, 8 ... seconds after each wrong code
    statussen = [client.post("/inloggen/verificatie", {"code": "123456"}).status_code for _ in range(5)]
    assert statussen[0] == 400 and 429 in statussen
    r = client.post("/inloggen/verificatie", {"code": code_voor(TOTPDevice.objects.get(user=beheerder))})
    assert r.status_code == 429 and "Te veel foute codes" in r.content.decode()  # even the right one waits


def test_api_met_sessie_pas_na_de_tweede_stap(client, privacy):
    _wachtwoord(client, privacy)
    r = client.get("/api/v1/clienten")
    assert r.status_code == 401 and r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "tweestaps_vereist"
    verifieer(client, privacy)
    assert client.get("/api/v1/clienten").status_code == 200


def test_beheer_en_admin_pas_na_de_tweede_stap(client, beheerder):
    beheerder.is_staff = beheerder.is_superuser = True
    beheerder.save()
    client.force_login(beheerder)
    r = client.get("/beheer/")
    assert r.status_code == 302 and r["Location"].startswith("/inloggen/verificatie?next=%2Fbeheer%2F")
    verifieer(client, beheerder, next="/beheer/")
    assert client.get("/beheer/").status_code == 200


def test_andere_rollen_en_uitgezet(client, settings, make_user, zwolle, beheerder):
    financien = make_user("fin", "gemeente-financien", gemeente=zwolle)
    _wachtwoord(client, financien)
    assert client.get("/").status_code == 200
    settings.UITKOMST_OTP_ROLLEN = []
    client.force_login(beheerder)
    assert client.get("/").status_code == 200


def test_geen_open_redirect_na_de_code(client, beheerder):
    client.force_login(beheerder)
    verifieer(client, beheerder, next="https://kwaadwillend.example/")
    client.logout()
    client.force_login(beheerder)
    device = TOTPDevice.objects.get(user=beheerder)
    r = client.post("/inloggen/verificatie", {"code": code_voor(device), "next": "//kwaadwillend.example/"})
    assert r.status_code == 302 and r["Location"] == "/"


def test_demogebruikers_krijgen_een_totp_sleutel(reference_models):
    from uitkomst.demo import services

    services.demo_region_build(clients=5, seed=3)
    out = io.StringIO()
    call_command("demogebruikers", "--wachtwoord", PASSWORD, stdout=out)
    tekst = out.getvalue()
    assert "Inloggen in twee stappen" in tekst
    for naam in ("beheerder", "privacy"):
        device = TOTPDevice.objects.get(user__username=naam, confirmed=True)
        regel = next(r for r in tekst.splitlines() if r.strip().startswith(naam) and "otpauth://" in r)
        assert device.config_url in regel
    assert not TOTPDevice.objects.filter(user__username="contractmanager").exists()
    again = io.StringIO()
    call_command("demogebruikers", "--wachtwoord", PASSWORD, stdout=again)  # idempotent: same keys
    assert TOTPDevice.objects.filter(user__username="beheerder").count() == 1
    assert TOTPDevice.objects.get(user__username="beheerder").config_url in again.getvalue()
