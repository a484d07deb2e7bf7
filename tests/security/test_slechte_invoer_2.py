"""Bad input, second catalogue (issue 12 point 7): the page forms (posted with a real CSRF token), the API
writes of the newer apps (subsidies, tariff design, simulation, contract forms, the OAuth token endpoint),
every message kind once, and the extremes (100,000 characters, 2^31 and 2^63, impossible dates, NUL).
Each case asserts the status (never a 500), the problem+json code (or the page's error message) and that
nothing changed (row counts before and after)."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as DjangoClient
from django.urls import reverse

from tests.berichten.conftest import _schemas, berichtenmodel, gecontracteerd, traject_van  # noqa: F401
from tests.contractering.conftest import eisen, p01, procedure, ronde  # noqa: F401
from tests.declaraties import helpers as dh
from tests.declaraties.conftest import *  # noqa: F403
from tests.subsidies.conftest import JAAR, PRESTATIES, VERPLICHTINGEN, aanvraag, verlening, w  # noqa: F401
from tests.toegang import helpers as th
from tests.tweestaps import inloggen

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
LANG = "x" * 100_000
NUL = "Rust\x00in huis"


def _tellingen(*modellen) -> dict:
    return {m.__name__: m.objects.count() for m in modellen}


def _weigering(r, *codes, status=(400, 409, 422)):
    """A refusal as problem+json with one of these codes among the problems of the request."""
    assert r.status_code in status, (r.status_code, r.content[:600])
    assert r["Content-Type"] == PROBLEM
    body = r.json()
    gevonden = {body.get("code")} | {p.get("code") for p in body.get("invalidParams", [])}
    assert gevonden & set(codes), body
    assert body["status"] == r.status_code and body["detail"]
    return body


# --- page forms, posted as a browser does: a CSRF token from the page itself ----------------------------


class Formulier:
    """A test client that enforces CSRF: it reads the token from the form page, then posts with it."""

    def __init__(self, user):
        self.c = DjangoClient(enforce_csrf_checks=True)
        inloggen(self.c, user)

    def post(self, url: str, data: dict, *, pagina: str | None = None):
        page = self.c.get(pagina or url)
        assert page.status_code == 200, (page.status_code, page.content[:300])
        m = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
        assert m, "the form page renders a CSRF token"
        return self.c.post(url, {**data, "csrfmiddlewaretoken": m.group(1).decode()})


def _pagina_weigering(r, *teksten):
    """A refused form: the page again (never a redirect, never a 500) with the reason shown."""
    assert r.status_code in (200, 400), (r.status_code, r.content[:600])
    html = r.content.decode()
    assert any(t in html for t in teksten), (teksten, html[:1500])
    return html


def test_csrf_ontbreekt_wordt_geweigerd(zwolle_toegang_pagina):
    from uitkomst.toegang.models import Verwijzing

    c = DjangoClient(enforce_csrf_checks=True)
    inloggen(c, zwolle_toegang_pagina)
    voor = Verwijzing.objects.count()
    assert c.post("/toegang/verwijzingen/nieuw", {"bsn": "111222333"}).status_code == 403
    assert Verwijzing.objects.count() == voor


@pytest.fixture
def zwolle_toegang_pagina(make_user, zwolle):
    return make_user("toegang-pagina", "gemeente-toegang", gemeente=zwolle)


VERWIJZING_FORMULIER = [
    ("bsn 100.000 tekens", {"bsn": LANG}, "BSN"),
    ("bsn met NUL", {"bsn": "11122\x00333"}, "BSN"),
    ("geboortedatum 0000-00-00", {"geboortedatum": "0000-00-00"}, "eboortedatum"),
    ("geboortedatum 31-02-2026", {"geboortedatum": "31-02-2026"}, "eboortedatum"),
    ("geboortedatum 2026-02-31", {"geboortedatum": "2026-02-31"}, "eboortedatum"),
    ("geboortedatum jaar 10000", {"geboortedatum": "10000-01-01"}, "eboortedatum"),
    ("geboortedatum 1899", {"geboortedatum": "1899-12-31"}, "eboortedatum"),
    ("verwijsdatum 2026-02-31", {"datum": "2026-02-31"}, "atum"),
    ("gemeente geen getal", {"gemeente": "abc"}, "Kies de woongemeente"),
    ("gemeente 2^63", {"gemeente": str(2**63)}, "Kies de woongemeente"),
    ("inkoopmodel 2^31", {"inkoopmodel": str(2**31)}, "Kies de woongemeente"),
    ("toelichting 100.000 tekens", {"toelichting": LANG}, "lang"),
    ("verwijzernaam 100.000 tekens", {"verwijzer_naam": LANG}, "lang"),
]


@pytest.mark.parametrize("naam,wijziging,tekst", VERWIJZING_FORMULIER, ids=[v[0] for v in VERWIJZING_FORMULIER])
def test_verwijzing_formulier(zwolle_toegang_pagina, zwolle, ijsselland, naam, wijziging, tekst):
    from uitkomst.toegang.models import Client, Verwijzing

    voor = _tellingen(Client, Verwijzing)
    goed = {"bsn": "111222333", "geboortedatum": "2014-05-01", "gemeente": str(zwolle.pk),
            "inkoopmodel": str(ijsselland.pk), "datum": th.today().isoformat()}  # fmt: skip
    r = Formulier(zwolle_toegang_pagina).post("/toegang/verwijzingen/nieuw", goed | wijziging)
    _pagina_weigering(r, tekst)
    assert _tellingen(Client, Verwijzing) == voor


DOELEN_FORMULIER = [
    ("10.000 doelen", "\n".join(["Rust in huis"] * 10_000), "doelen"),
    ("doel van 100.000 tekens", LANG, "lang"),
    ("doel met NUL", NUL, "ongeldig"),
    ("alleen witruimte", "   \n\t\n  ", "doel"),
]


@pytest.mark.parametrize("naam,doelen,tekst", DOELEN_FORMULIER, ids=[v[0] for v in DOELEN_FORMULIER])
def test_gezinsplan_doelen_formulier(zwolle_toegang_pagina, zwolle, ijsselland, naam, doelen, tekst):
    from uitkomst.toegang.models import Doel, Gezinsplan

    v = th.verwijzing(zwolle_toegang_pagina, zwolle, ijsselland)
    voor = _tellingen(Gezinsplan, Doel)
    url = f"/toegang/verwijzingen/{v.uuid}"
    _pagina_weigering(Formulier(zwolle_toegang_pagina).post(url, {"doelen": doelen}), tekst)
    assert _tellingen(Gezinsplan, Doel) == voor


DECLARATIE_FORMULIER = [
    ("bedrag 1e30", {"bedrag_1": "1e30"}, "bedrag"),
    ("bedrag 38.500,000", {"bedrag_1": "38.500,000"}, "bedrag"),
    ("bedrag 100.000 tekens", {"bedrag_1": "9" * 100_000}, "bedrag"),
    ("aantal NaN", {"aantal_1": "NaN"}, "aantal"),
    ("termijn 2^31", {"termijn_1": str(2**31)}, "toewijzing"),
    ("termijn 2^63", {"termijn_1": str(2**63)}, "toewijzing"),
    ("begindatum 0000-00-00", {"begindatum": "0000-00-00"}, "begindatum"),
    ("einddatum 2026-02-31", {"einddatum": "2026-02-31"}, "begindatum"),
    ("einddatum jaar 10000", {"einddatum": "10000-01-01"}, "begindatum"),
    ("toewijzing 100.000 tekens", {"toewijzing_1": LANG}, "toewijzing"),
    ("toewijzing met NUL", {"toewijzing_1": "12\x0034"}, "toewijzing"),
]


@pytest.mark.parametrize("naam,wijziging,veld", DECLARATIE_FORMULIER, ids=[v[0] for v in DECLARATIE_FORMULIER])
def test_declaratie_formulier(maak, aanbieder_user, naam, wijziging, veld):
    from uitkomst.declaraties.models import Declaratie, Declaratieregel

    tw = maak()
    voor = _tellingen(Declaratie, Declaratieregel)
    goed = {"begindatum": str(dh.datum(3, 1)), "einddatum": str(dh.datum(3, 31)), "toewijzing_1": tw.nummer,
            "termijn_1": "1"}  # fmt: skip
    r = Formulier(aanbieder_user).post(reverse("declaraties:nieuw"), goed | wijziging)
    assert r.status_code == 400, (r.status_code, r.content[:400])
    html = r.content.decode()
    assert re.search(rf'<a href="#{veld}(_1)?">', html), re.findall(r'<a href="#[^"]+">[^<]*', html)
    assert _tellingen(Declaratie, Declaratieregel) == voor


TARIEF_FORMULIER = [
    ("bedrag 38.500,000", {"bedrag": "38.500,000"}, "meer dan twee decimalen"),
    ("bedrag 38,500.00 (Engels)", {"bedrag": "38,500.00"}, "geen geldig bedrag"),
    ("bedrag negatief", {"bedrag": "-38.500,00"}, "niet negatief"),
    ("bedrag 1e30", {"bedrag": "1e30"}, "geen geldig bedrag"),
    ("bedrag 100.000 tekens", {"bedrag": "9" * 100_000}, "geen geldig bedrag"),
    ("bedrag NaN", {"bedrag": "NaN"}, "geen geldig bedrag"),
    ("bedrag 13 cijfers", {"bedrag": "1.234.567.890.123,00"}, "te groot"),
    ("ingangsdatum 0000-00-00", {"ingangsdatum": "0000-00-00"}, "ingangsdatum"),
    ("ingangsdatum 31-02-2026", {"ingangsdatum": "31-02-2026"}, "ingangsdatum"),
    ("ingangsdatum jaar 10000", {"ingangsdatum": "10000-01-01"}, "ingangsdatum"),
    ("product geen uuid", {"product": "1; drop table"}, "product"),
    ("toelichting 100.000 tekens", {"toelichting": LANG, "bedrag": "38.500,00"}, "lang"),
]


@pytest.mark.parametrize("naam,wijziging,tekst", TARIEF_FORMULIER, ids=[v[0] for v in TARIEF_FORMULIER])
def test_tariefherziening_formulier(contractmanager, ijsselland, naam, wijziging, tekst):
    from uitkomst.catalogus.models import Tarief

    product = ijsselland.producten.get(code="P01-P")
    voor = _tellingen(Tarief)
    ingang = dt.date(dt.date.today().year + 1, 1, 1).isoformat()
    goed = {"model": str(ijsselland.uuid), "product": str(product.uuid), "bedrag": "38.500,00",
            "ingangsdatum": ingang, "toelichting": "Indexatie", "actie": "bevestigen"}  # fmt: skip
    url = reverse("sturing:tariefherziening")
    r = Formulier(contractmanager).post(url, goed | wijziging, pagina=f"{url}?model={ijsselland.uuid}")
    assert r.status_code == 400, (r.status_code, r.content[:400])
    html = r.content.decode()
    assert 'id="fout"' in html and 'id="effect"' not in html
    fout = html[html.index('id="fout"'):][:800]
    assert tekst in fout.lower(), fout
    assert _tellingen(Tarief) == voor


RONDE_FORMULIER = [
    ("aanmelden_tot voor aanmelden_van", {"aanmelden_van": "2026-09-30", "aanmelden_tot": "2026-09-01"}),
    ("aanmelden_van 0000-00-00", {"aanmelden_van": "0000-00-00"}),
    ("aanmelden_tot 2026-02-31", {"aanmelden_tot": "2026-02-31"}),
    ("ingangsdatum jaar 10000", {"ingangsdatum": "10000-01-01"}),
    ("naam 100.000 tekens", {"naam": LANG}),
    ("naam met NUL", {"naam": "Najaar\x002026"}),
    ("procedure 2^63", {"procedure": str(2**63)}),
    ("procedure geen getal", {"procedure": "abc"}),
]


@time_machine.travel(dt.date(2026, 9, 10), tick=False)
@pytest.mark.parametrize("naam,wijziging", RONDE_FORMULIER, ids=[v[0] for v in RONDE_FORMULIER])
def test_toetredingsronde_openen_formulier(contractmanager, procedure, naam, wijziging):  # noqa: F811
    from uitkomst.contractering.models import Toetredingsronde

    voor = _tellingen(Toetredingsronde)
    goed = {"procedure": procedure.pk, "naam": "Najaar 2026", "aanmelden_van": "2026-09-01",
            "aanmelden_tot": "2026-09-30", "beoordelen_tot": "2026-11-30", "ingangsdatum": "2027-01-01"}  # fmt: skip
    r = Formulier(contractmanager).post(reverse("contractering:rondes"), goed | wijziging)
    assert r.status_code == 400, (r.status_code, r.content[:400])
    html = r.content.decode()
    assert '<a href="#id_' in html or "Niet opgeslagen" in html, html[:2000]
    assert _tellingen(Toetredingsronde) == voor


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

BEWIJS_FORMULIER = [
    ("exe met pdf-naam", {"bestand": ("vog.pdf", b"MZ\x90\x00 not a pdf")}, "PDF, PNG of JPEG"),
    ("pdf met exe-naam", {"bestand": ("vog.exe", PDF)}, "PDF, PNG of JPEG"),
    ("html als png", {"bestand": ("vog.png", b"<script>alert(1)</script>")}, "PDF, PNG of JPEG"),
    ("leeg bestand", {"bestand": ("vog.pdf", b"")}, "leeg"),
    ("te groot (5 MB + 1)", {"bestand": ("vog.pdf", PDF + b"0" * (5 * 1024 * 1024))}, "te groot"),
    ("omschrijving 100.000 tekens", {"omschrijving": LANG}, "tekens"),
    ("geldig_tot voor geldig_van", {"geldig_tot": "2024-12-31"}, "geldig"),
    ("geldig_van 0000-00-00", {"geldig_van": "0000-00-00"}, "datum"),
]


@pytest.mark.parametrize("naam,wijziging,tekst", BEWIJS_FORMULIER, ids=[v[0] for v in BEWIJS_FORMULIER])
def test_bewijs_upload_formulier(make_user, aanbieder, regio, eisen, settings, tmp_path, naam, wijziging, tekst):  # noqa: F811
    from uitkomst.contractering.models import Kwaliteitsbewijs

    settings.VAR_DIR = tmp_path
    user = make_user("vlinder-bewijs", "aanbieder", aanbieder=aanbieder, regio=regio)
    voor = _tellingen(Kwaliteitsbewijs)
    data = {"kwaliteitseis": eisen[1].pk, "omschrijving": "VOG rechtspersoon", "geldig_van": "2025-01-01",
            "bestand": ("vog.pdf", PDF)} | wijziging  # fmt: skip
    naam_, inhoud = data.pop("bestand")
    data["bestand"] = SimpleUploadedFile(naam_, inhoud, content_type="application/pdf")
    r = Formulier(user).post(reverse("contractering:bewijs-toevoegen", args=[aanbieder.uuid]), data)
    _pagina_weigering(r, tekst)
    assert r.status_code == 400
    assert _tellingen(Kwaliteitsbewijs) == voor
    assert not list(tmp_path.rglob("*.pdf"))  # nothing of the refused file stays on disk


@pytest.fixture
def aanmelding_verlopen(systeem, modellen, ronde, p01, eisen):  # noqa: F811
    from uitkomst.contractering import services

    aanbieder = services.aanbieder_create(door=systeem, naam="De Vlinder", agb_code="77770999", kvk_nummer="60000999")

    for eis in eisen:
        services.kwaliteitsbewijs_add(
            aanbieder=aanbieder, kwaliteitseis=eis, omschrijving=f"{eis.naam} 1", geldig_van=dt.date(2024, 1, 1),
            geldig_tot=dt.date(2025, 12, 31) if eis.code == "vog" else None, door=systeem,
        )  # fmt: skip
    with time_machine.travel(dt.date(2026, 9, 10), tick=False):
        return services.aanmelding_indienen(
            ronde=ronde, aanbieder=aanbieder, producten=[p01], aanvullend_aanbod="Avond", door=systeem
        )


BEOORDELING_FORMULIER = [
    ("verlopen bewijs zonder reden", {}, "verlopen op 31-12-2025"),
    ("verlopen bewijs, reden alleen spaties", {"reden": "   "}, "verlopen op 31-12-2025"),
    ("reden 100.000 tekens", {"reden": LANG}, "tekens"),
    ("oordeel onbekend", {"oordeel": "misschien"}, "oordeel"),
]


@time_machine.travel(dt.date(2026, 10, 5), tick=False)
@pytest.mark.parametrize("naam,wijziging,tekst", BEOORDELING_FORMULIER, ids=[v[0] for v in BEOORDELING_FORMULIER])
def test_beoordeling_formulier(contractmanager, aanmelding_verlopen, eisen, naam, wijziging, tekst):  # noqa: F811
    from uitkomst.contractering.models import Beoordeling

    voor = _tellingen(Beoordeling)
    vog = eisen[1]
    post = {"actie": "beoordelen", **{f"eis-{e.pk}": "ja" for e in eisen}}
    if "oordeel" in wijziging:
        post[f"eis-{vog.pk}"] = wijziging["oordeel"]
    if "reden" in wijziging:
        post[f"reden-verlopen-{vog.pk}"] = wijziging["reden"]
    url = reverse("contractering:aanmelding-detail", args=[aanmelding_verlopen.uuid])
    r = Formulier(contractmanager).post(url, post)
    _pagina_weigering(r, tekst)
    assert r.status_code == 400
    assert _tellingen(Beoordeling) == voor


# --- API writes of the newer apps -------------------------------------------------------------------------

SUBSIDIE_AANVRAAG = [
    ("bedrag drie decimalen", {"bedrag": "10.005"}, ("ongeldig_bedrag",)),
    ("bedrag negatief", {"bedrag": "-1.00"}, ("ongeldig_bedrag", "bedrag_negatief")),
    ("bedrag 1e30", {"bedrag": "1e30"}, ("ongeldig_bedrag",)),
    ("jaar 2^31", {"jaar": 2**31}, ("ongeldig_jaar",)),
    ("jaar 2^63", {"jaar": 2**63}, ("ongeldig_jaar",)),
]


@pytest.mark.parametrize("naam,wijziging,codes", SUBSIDIE_AANVRAAG, ids=[v[0] for v in SUBSIDIE_AANVRAAG])
def test_subsidieaanvraag_api(api_client, w, naam, wijziging, codes):  # noqa: F811
    from uitkomst.subsidies.models import Subsidieaanvraag

    voor = _tellingen(Subsidieaanvraag)
    api_client.force_authenticate(w.aanbieder_a)
    body = {"regeling": str(w.regeling.uuid), "aanbieder": str(w.a.uuid), "jaar": JAAR, "bedrag": "600000.00"}
    _weigering(api_client.post("/api/v1/subsidieaanvragen", body | wijziging, format="json"), *codes)
    assert _tellingen(Subsidieaanvraag) == voor


def test_subsidie_vaststellen_voor_verantwoording(api_client, w):  # noqa: F811
    from uitkomst.subsidies.models import Vaststelling

    v = verlening(w, aanvraag(w))
    api_client.force_authenticate(w.cm)
    r = api_client.post(f"/api/v1/subsidieverleningen/{v.uuid}/vaststellen", {"bedrag": "540000.00"}, format="json")
    _weigering(r, "niet_verantwoord", "ongeldige_overgang", "verantwoording_ontbreekt")
    assert not Vaststelling.objects.exists()


SIMULATIE = [
    ("parameter negatief", {"parameters": {"pxqVerlenging": -1}}, "parameter_negatief"),
    ("parameter NaN", {"parameters": {"pxqVerlenging": "NaN"}}, "parameter_buiten_bereik"),
    ("parameter 1e308", {"parameters": {"pxqVerlenging": 1e308}}, "parameter_buiten_bereik"),
    ("runs 2^63", {"runs": 2**63}, "runs_ongeldig"),
    ("runs negatief", {"runs": -5}, "runs_ongeldig"),
    ("jaar 10000", {"jaar": 10_000}, "periode_niet_toekomst"),
    ("seed 100.000 tekens", {"seed": LANG}, "parameter_ongeldig"),
    ("parameters geen object", {"parameters": [1, 2]}, "parameter_ongeldig"),
]


@pytest.mark.parametrize("naam,wijziging,code", SIMULATIE, ids=[v[0] for v in SIMULATIE])
def test_simulatie_api(api_client, contractmanager, reference_models, naam, wijziging, code):
    api_client.force_authenticate(contractmanager)
    r = api_client.post("/api/v1/simulaties", {"runs": 50} | wijziging, format="json")
    body = _weigering(r, code)
    assert body["status"] == 400


LEES_TEKST = [
    ("lege tekst", {"tekst": ""}),
    ("tekst geen string", {"tekst": 42}),
    ("binaire tekst", {"tekst": "\x00\x01\x02\xff" * 1000}),
]


@pytest.mark.parametrize("naam,body", LEES_TEKST, ids=[v[0] for v in LEES_TEKST])
def test_contractvorm_lees_tekst_api(api_client, contractmanager, naam, body):
    from uitkomst.contractvormen.models import Contractvorm

    voor = _tellingen(Contractvorm)
    api_client.force_authenticate(contractmanager)
    r = api_client.post("/api/v1/contractvormen/lees-tekst", body, format="json")
    assert r.status_code in (200, 400, 413, 422), (r.status_code, r.content[:400])
    if r.status_code != 200:
        assert r["Content-Type"] == PROBLEM and r.json()["code"]
    assert _tellingen(Contractvorm) == voor


@pytest.mark.parametrize(
    "body",
    [{"antwoorden": LANG}, {"antwoorden": {"a" * 1000: "b"}}, {"antwoorden": [None] * 10_000}, ["geen object"]],
    ids=["antwoorden 100.000 tekens", "onbekende sleutel", "lijst van 10.000", "geen object"],
)
def test_contractvorm_classificeer_api(api_client, body):
    r = api_client.post("/api/v1/contractvormen/classificeer", body, format="json")
    assert r.status_code == 400, (r.status_code, r.content[:400])
    assert r["Content-Type"] == PROBLEM and r.json()["code"]


@pytest.mark.parametrize(
    "data,status",
    [({"grant_type": "password", "username": "x", "password": "y"}, (400, 401)),
     ({"grant_type": "client_credentials"}, (401,)),
     ({"grant_type": LANG}, (400, 401)),
     ({"grant_type": "client_credentials", "scope": LANG}, (400, 401))],
    ids=["verkeerd grant type", "zonder client", "grant type 100.000 tekens", "scope 100.000 tekens"],
)
def test_oauth_token_slechte_aanvraag(client, data, status):
    from oauth2_provider.models import AccessToken

    voor = AccessToken.objects.count()
    r = client.post("/oauth/token", data, HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"onbekend:fout").decode())
    assert r.status_code in status, (r.status_code, r.content[:300])
    assert r.json()["error"] in ("invalid_client", "unsupported_grant_type", "invalid_request", "invalid_scope")
    assert AccessToken.objects.count() == voor
