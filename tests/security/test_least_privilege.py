"""Least privilege (issue 12, point 1): the contract manager, finance and provider roles see no BSN, not
even a fragment, and no date of birth, on any API response or page; they cannot search by BSN; a BSN
search travels by POST only; row-level outcome data is for the provider's own clients only.

The scan walks every GET operation of the API schema (drf-spectacular's generator, not the committed
file) with real ids from a demo region, and every page of the role's menu and start page plus the
detail pages they link to, and looks for any client's BSN (in full, or a masked last-digits fragment),
a "BSN" label with digits, and the date of birth of any client the response names."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.tweestaps import inloggen
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang.models import Client

pytestmark = pytest.mark.django_db

ROLLEN = ["contractmanager", "financien-zwolle", "aanbieder"]
MASKER = re.compile(r"[•*xX]{2,}\s*(\d{3,})")
BSN_LABEL = re.compile(r"\bBSN\b\W{0,4}[•*\d]", re.I)
PARAM = re.compile(r"\{[^}]+\}")
DETAIL_LINK = re.compile(
    r'href="(/(?:toegang|trajecten|berichten|declaraties)/[^"?#]*[0-9a-f]{8}-[0-9a-f-]{27}[^"?#]*)"'
)


@pytest.fixture
def demo(demo_klein):
    """The small demo region, built once per module (``tests/conftest.py``, ``demo_gedeeld``)."""
    return demo_klein


@pytest.fixture
def clienten(demo):
    """Every client's uuid, BSN and date of birth (the secrets a response must not show)."""
    return [
        (str(c.uuid), bsn_tools.decrypt(c.bsn_versleuteld), c.geboortedatum)
        for c in Client.objects.only("uuid", "bsn_versleuteld", "geboortedatum")
    ]


def _datums(d: dt.date) -> set[str]:
    return {d.isoformat(), d.strftime("%d-%m-%Y"), d.strftime("%d/%m/%Y"), d.strftime("%-d-%-m-%Y")}


def lekken(tekst: str, clienten) -> list[str]:
    """What in ``tekst`` gives away a BSN or a date of birth."""
    gevonden = []
    for uuid, bsn, geboren in clienten:
        if bsn in tekst:
            gevonden.append(f"volledig BSN van {uuid[:8]}")
        if any(m.group(1).endswith(bsn[-3:]) or bsn.endswith(m.group(1)) for m in MASKER.finditer(tekst)):
            gevonden.append(f"BSN-fragment van {uuid[:8]}")
        if (uuid in tekst or f"Cliënt {uuid[:8]}" in tekst) and _datums(geboren) & set(
            re.findall(r"[\d/-]{8,10}", tekst)
        ):
            gevonden.append(f"geboortedatum van {uuid[:8]}")
    if m := BSN_LABEL.search(tekst):
        gevonden.append(f"BSN-label met cijfers: {tekst[max(0, m.start() - 30) : m.end() + 20]!r}")
    if re.search(r"\bgeboren\b|>\s*Geboortedatum\s*<", tekst):  # a label or heading (an XML tag name is escaped)
        gevonden.append("geboortedatum-kop of 'geboren'")
    return gevonden


def _json_lekken(data) -> list[str]:
    """A JSON answer: a ``bsn`` or ``geboortedatum`` key with a value is a leak whatever it holds."""
    gevonden = []

    def walk(x, pad=""):
        if isinstance(x, dict):
            for k, v in x.items():
                if k.lower() in {"bsn", "geboortedatum"} and v not in (None, ""):
                    gevonden.append(f"{pad}.{k} = {v!r}")
                walk(v, f"{pad}.{k}")
        elif isinstance(x, list):
            for i, v in enumerate(x[:200]):
                walk(v, f"{pad}[{i}]")

    walk(data)
    return gevonden


def get_operaties() -> list[str]:
    """Every GET path of the API, from the live generator (not the committed schema file)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    basis = "/api/v1"  # the schema's paths are relative to its server (/api/v1)
    paden = [p if p.startswith(basis) else basis + p for p, ops in schema["paths"].items() if "get" in ops]
    return sorted(p for p in paden if not p.endswith("/schema"))


def _uuids(client, lijst: str) -> list[str]:
    r = client.get(lijst)
    if r.status_code != 200:
        return []
    data = r.json()
    rows = data.get("results", data) if isinstance(data, dict) else data
    return [str(row["uuid"]) for row in rows if isinstance(row, dict) and "uuid" in row][:2]


def echte_urls(operaties: list[str], beheer, rol) -> list[str]:
    """Each operation with real ids: the role's own rows first, then any row (from the installation)."""
    urls = []
    for pad in operaties:
        if not PARAM.search(pad):
            urls.append(pad)
            continue
        lijst = pad.split("{")[0].rstrip("/")
        ids = _uuids(rol, lijst) + [i for i in _uuids(beheer, lijst) if i not in _uuids(rol, lijst)][:1]
        urls += [PARAM.sub(i, pad, count=1) for i in ids]
    return urls


def _menu(html: str) -> list[str]:
    nav = re.search(r'<ul class="menu">(.*?)</ul>', html, re.S).group(1)
    return [h for h in re.findall(r'<a href="([^"]+)"', nav) if h.startswith("/") and not h.startswith("/api")]


def _ingelogd(client_cls, user):
    """A client logged in as ``user``, with the TOTP step for the roles that log in in two steps."""
    c = client_cls()
    inloggen(c, user)
    return c


@pytest.mark.parametrize("rol", ROLLEN)
def test_no_bsn_or_birth_date_in_any_api_response(demo, clienten, rol):
    from rest_framework.test import APIClient

    beheer, lezer = _ingelogd(APIClient, demo["beheerder"]), _ingelogd(APIClient, demo[rol])
    urls = echte_urls(get_operaties(), beheer, lezer)
    assert len(urls) >= 25, urls
    fouten, gelezen = [], 0
    for url in urls:
        r = lezer.get(url)
        assert r.status_code < 500, f"{rol}: GET {url} gaf {r.status_code}"
        if r.status_code != 200:
            continue
        gelezen += 1
        tekst = r.content.decode("utf-8", "replace")
        gevonden = lekken(tekst, clienten)
        if "json" in r.get("Content-Type", ""):
            gevonden += _json_lekken(json.loads(tekst))
        fouten += [f"{rol}: GET {url}: {g}" for g in gevonden]
    assert gelezen >= 10
    assert not fouten, "\n".join(fouten[:30])


@pytest.mark.parametrize("rol", ROLLEN)
def test_no_bsn_or_birth_date_on_any_page_of_the_menu(client, demo, clienten, rol):
    client.force_login(demo[rol])
    start = client.get("/")
    te_bezoeken, gezien, fouten = ["/", *_menu(start.content.decode())], set(), []
    detail_per_pagina = 5
    while te_bezoeken:
        url = te_bezoeken.pop(0)
        if url in gezien:
            continue
        gezien.add(url)
        r = client.get(url)
        assert r.status_code < 500, f"{rol}: {url} gaf {r.status_code}"
        if r.status_code != 200 or "html" not in r.get("Content-Type", ""):
            continue
        html = r.content.decode()
        fouten += [f"{rol}: {url}: {g}" for g in lekken(html, clienten)]
        if url.count("/") <= 2 or url == "/":  # menu pages: follow their detail links, one level
            te_bezoeken += [u for u in dict.fromkeys(DETAIL_LINK.findall(html)) if u not in gezien][:detail_per_pagina]
    assert len(gezien) >= 4
    assert any(re.search(r"[0-9a-f]{8}-", u) for u in gezien), "no detail page was reached"
    assert not fouten, "\n".join(fouten[:30])


def test_the_scan_finds_what_it_looks_for(demo, clienten):
    """The scanner is no test that cannot fail: the access worker's pages do show BSN and birth date."""
    uuid, bsn, geboren = clienten[0]
    assert lekken(f"BSN {bsn}", clienten)
    assert lekken(f"<td>••••••{bsn[-3:]}</td>", clienten)
    assert lekken(f"Cliënt {uuid[:8]}, {geboren:%d-%m-%Y}", clienten)
    assert _json_lekken({"results": [{"bsn": "••••••123"}]})
    assert not lekken("C-7Q3K9PX2 Zwolle 12-03-2024 € 1.234,00", clienten)


@pytest.mark.parametrize("rol", ROLLEN)
def test_no_bsn_search(client, demo, rol):
    from rest_framework.test import APIClient

    c = Client.objects.first()
    bsn = bsn_tools.decrypt(c.bsn_versleuteld)
    api = _ingelogd(APIClient, demo[rol])
    r = api.post("/api/v1/clienten/zoeken", {"bsn": bsn}, format="json")
    assert r.status_code == 403 and r.json()["code"] == "geen_toegang"
    r = api.get("/api/v1/clienten", {"bsn": bsn})
    assert r.status_code == 400 or str(c.uuid) not in r.content.decode()  # no BSN filter in a URL
    client.force_login(demo[rol])
    page = client.post("/toegang/clienten", {"bsn": bsn})
    assert page.status_code in (200, 403)
    assert str(c.uuid) not in page.content.decode()
    assert 'name="bsn"' not in client.get("/toegang/clienten").content.decode()


def test_access_worker_searches_by_post_only(client, demo):
    from rest_framework.test import APIClient

    toegang = demo["toegang-zwolle"]
    c = Client.objects.filter(gemeente_id=toegang.gemeente_id).first()
    bsn = bsn_tools.decrypt(c.bsn_versleuteld)
    client.force_login(toegang)
    formulier = client.get("/toegang/clienten").content.decode()
    assert re.search(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', formulier)
    page = client.post("/toegang/clienten", {"bsn": bsn})
    assert page.status_code == 200 and str(c.uuid) in page.content.decode()
    assert bsn not in page.content.decode()  # the list shows the last three digits only
    api = _ingelogd(APIClient, toegang)
    r = api.post("/api/v1/clienten/zoeken", {"bsn": bsn}, format="json")
    assert r.status_code == 200 and [x["uuid"] for x in r.json()] == [str(c.uuid)]
    assert r.json()[0]["bsn"].endswith(bsn[-3:]) and r.json()[0]["referentie"].startswith("C-")
    assert api.get(f"/api/v1/clienten/{c.uuid}").json()["bsn"] == bsn  # in full on the detail


def test_row_level_outcomes_only_with_a_care_relation(demo):
    from rest_framework.test import APIClient

    for rol in ("contractmanager", "financien-zwolle"):
        r = _ingelogd(APIClient, demo[rol]).get("/api/v1/uitkomstmetingen")
        assert r.status_code == 403 and r.json()["code"] == "geen_toegang", rol
        assert _ingelogd(APIClient, demo[rol]).get("/api/v1/indicatoren").status_code == 200, rol
    aanbieder = demo["aanbieder"]
    r = _ingelogd(APIClient, aanbieder).get("/api/v1/uitkomstmetingen")
    assert r.status_code == 200
    eigen = {str(aanbieder.aanbieder.uuid)}
    assert {m["aanbieder"] for m in r.json()["results"]} <= eigen


def test_client_reference_is_stable_and_not_the_bsn(demo):
    from uitkomst.audit.referentie import PATROON, client_referentie

    c = Client.objects.first()
    ref = client_referentie(c.uuid)
    assert re.fullmatch(PATROON, ref) and ref == client_referentie(str(c.uuid))
    alle = [client_referentie(x.uuid) for x in Client.objects.all()]
    assert len(set(alle)) == len(alle) > 10  # one per client
