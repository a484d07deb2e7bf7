"""Hardening (issue 12, point 4): login lock-out, security headers, no caching of personal data, no
open redirect, 401 for anonymous API calls, HTTP Basic only in development, private var/ files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from tests.conftest import PASSWORD
from uitkomst.signalen import services as signaal_services
from uitkomst.signalen.models import Signaal
from uitkomst.utils.terug import veilige_terug

pytestmark = pytest.mark.django_db


@pytest.fixture
def financien(make_user, zwolle):
    return make_user("fin-zwolle", "gemeente-financien", gemeente=zwolle)


def _inloggen(client, username, password):
    return client.post("/inloggen", {"username": username, "password": password})


# --- login throttling -------------------------------------------------------------------------


def test_na_vijf_foute_wachtwoorden_is_ook_het_goede_geweigerd(client, financien):
    assert django_settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        r = _inloggen(client, financien.username, "fout-wachtwoord")
        assert r.status_code == 200 and "_auth_user_id" not in client.session  # the form again
    r = _inloggen(client, financien.username, "fout-wachtwoord")  # the fifth: locked out
    assert r.status_code == 429
    r = _inloggen(client, financien.username, PASSWORD)  # the right password, too late
    assert r.status_code == 429 and "_auth_user_id" not in client.session
    html = r.content.decode()
    assert "Te veel mislukte inlogpogingen" in html and "15 minuten" in html
    assert r["Retry-After"] == "900"


def test_een_gelukte_inlog_zet_de_teller_terug(client, financien):
    for _ in range(4):
        _inloggen(client, financien.username, "fout-wachtwoord")
    assert _inloggen(client, financien.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _inloggen(client, financien.username, "fout-wachtwoord").status_code == 200
    assert _inloggen(client, financien.username, PASSWORD).status_code == 302


def test_blokkade_per_gebruikersnaam_raakt_een_ander_niet(client, financien, make_user, zwolle):
    ander = make_user("fin-zwolle-2", "gemeente-financien", gemeente=zwolle)
    for _ in range(5):
        _inloggen(client, financien.username, "fout-wachtwoord")
    assert _inloggen(client, ander.username, PASSWORD).status_code == 302


def test_blokkade_geldt_ook_voor_http_basic_op_de_api(financien):
    """HTTP Basic (development only) counts and honours the same lock-out. The answer stays 401: axes
    flags DRF's request, not Django's, so its middleware does not turn it into the 429 page."""
    from rest_framework.authentication import BasicAuthentication
    from rest_framework.test import APIClient
    from rest_framework.views import APIView

    from uitkomst.api.authenticatie import SessieAuthenticatie

    api = APIClient()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(APIView, "authentication_classes", [SessieAuthenticatie, BasicAuthentication])  # as DEBUG has it
        api.credentials(HTTP_AUTHORIZATION=_basic(financien.username, PASSWORD))
        assert api.get("/api/v1/signalen").status_code == 200
        for _ in range(5):
            api.credentials(HTTP_AUTHORIZATION=_basic(financien.username, "fout"))
            assert api.get("/api/v1/signalen").status_code == 401
        api.credentials(HTTP_AUTHORIZATION=_basic(financien.username, PASSWORD))
        r = api.get("/api/v1/signalen")
    assert r.status_code == 401 and r["Content-Type"] == "application/problem+json"


def _python(code: str, env: dict) -> str:
    """Run ``code`` in a fresh interpreter (settings are read once per process); its stdout."""
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return out.stdout.strip()


def _basic(user: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# --- headers ----------------------------------------------------------------------------------


def test_csp_zonder_inline_script_op_elke_pagina(client, financien):
    r = client.get("/")
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


def test_geen_inline_script_of_stijl_in_de_templates():
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "uitkomst"
    fout = []
    for pad in src.rglob("templates/**/*.html"):
        tekst = pad.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", tekst) or re.search(r"<style\b", tekst):
            fout.append(f"{pad}: inline <script>/<style>")
        if re.search(r"\son[a-z]+\s*=", tekst) or re.search(r"(?<![-\w])style\s*=", tekst) or "javascript:" in tekst:
            fout.append(f"{pad}: event handler, style attribute or javascript: URL")
    assert not fout, "\n".join(fout)


def test_pagina_van_ingelogde_gebruiker_no_store(client, financien):
    assert client.get("/").get("Cache-Control", "") == ""  # public start page: cacheable
    client.force_login(financien)
    r = client.get("/sturing/signalen")
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]


def test_api_no_store(api_client, financien):
    api_client.force_authenticate(financien)
    r = api_client.get("/api/v1/signalen")
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    r = api_client.get("/api/v1/bestaat-niet")
    assert "no-store" in r["Cache-Control"]


# --- API authentication -----------------------------------------------------------------------


def test_anonieme_api_aanroep_401_met_www_authenticate(api_client):
    r = api_client.get("/api/v1/signalen")
    assert r.status_code == 401
    assert r["WWW-Authenticate"].startswith("Session ")
    assert r["Content-Type"] == "application/problem+json" and r.json()["status"] == 401


def test_http_basic_werkt_niet_buiten_development(api_client, financien):
    assert django_settings.DEBUG is False
    api_client.credentials(HTTP_AUTHORIZATION=_basic(financien.username, PASSWORD))
    assert api_client.get("/api/v1/signalen").status_code == 401


@pytest.mark.parametrize(("debug", "basic"), [("false", False), ("true", True)])
def test_http_basic_alleen_met_debug(debug, basic):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print('BasicAuthentication' in str(settings.REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']))"
    )
    env = {**os.environ, "UITKOMST_DEBUG": debug, "DJANGO_SETTINGS_MODULE": "uitkomst.conf.settings"}
    assert _python(code, env) == str(basic)


# --- open redirect ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "terug",
    ["https://evil.example/", "//evil.example/pad", "javascript:alert(1)", "https:///evil.example", "\\\\evil.example"],
)
def test_terug_naar_een_andere_site_wordt_geweigerd(client, financien, zwolle, systeem, terug):
    s = signaal_services.signaal_create(
        soort="afwijzing", sleutel="traject:x", gemeente=zwolle, omschrijving="Geweigerd.", door=systeem
    )
    client.force_login(financien)
    r = client.post(f"/sturing/signalen/{s.uuid}/afhandelen", {"toelichting": "Gebeld", "terug": terug})
    assert r.status_code == 302 and r["Location"] == "/sturing/signalen"
    assert Signaal.objects.get(pk=s.pk).status == "afgehandeld"


def test_terug_binnen_de_site_mag(client, financien, zwolle, systeem):
    s = signaal_services.signaal_create(
        soort="afwijzing", sleutel="traject:y", gemeente=zwolle, omschrijving="Geweigerd.", door=systeem
    )
    client.force_login(financien)
    r = client.post(f"/sturing/signalen/{s.uuid}/afhandelen", {"toelichting": "Gebeld", "terug": "/sturing/"})
    assert r["Location"] == "/sturing/"


def test_veilige_terug_op_https_weigert_http():
    req = RequestFactory().get("/", secure=True)
    assert veilige_terug(req, "http://testserver/x", "/") == "/"
    assert veilige_terug(req, "https://testserver/x", "/") == "https://testserver/x"


# --- files under var/ -------------------------------------------------------------------------


def test_var_map_en_sleutels_alleen_voor_de_eigenaar(tmp_path):
    var = tmp_path / "var"
    code = "import django; django.setup(); from django.conf import settings; print(settings.VAR_DIR)"
    env = {k: v for k, v in os.environ.items() if k not in {"UITKOMST_SECRET_KEY", "UITKOMST_BSN_KEY", "DATABASE_URL"}}
    env |= {"UITKOMST_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "uitkomst.conf.settings"}
    old = os.umask(0o022)
    try:
        _python(code, env)
    finally:
        os.umask(old)
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    for naam in ("secret_key", "bsn_key"):
        assert stat.S_IMODE((var / naam).stat().st_mode) == 0o600
    # An existing world-readable installation is tightened on the next start.
    var.chmod(0o755)
    (var / "bsn_key").chmod(0o644)
    (var / "uitkomst.sqlite3").write_bytes(b"")
    (var / "uitkomst.sqlite3").chmod(0o644)
    _python(code, env)
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    assert stat.S_IMODE((var / "bsn_key").stat().st_mode) == 0o600
    assert stat.S_IMODE((var / "uitkomst.sqlite3").stat().st_mode) == 0o600
