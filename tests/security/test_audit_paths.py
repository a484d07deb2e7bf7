"""Every read of personal data writes an audit row (issue 12, point 2), whatever the path.

The API: every GET operation of the schema (drf-spectacular's generator, not the committed file) is
called with real ids on a demo region, by the installation and by a provider. A response that names a
client (a client uuid, reference or BSN fragment) must have written an audit row for its path; the
paths in ``GEEN_PERSOONSGEGEVENS`` are documented to return no personal data, and the test fails if
one of them does. The pages: every page reachable from the start page and menu of each demo role
(one visit per url name), the admin's change lists and forms included; a page that names a client
must have written an audit row. The row names who, the purpose and the path; the structured log
carries the same read.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import Resolver404, resolve

from tests.security.test_least_privilege import (
    _ingelogd,
    demo,  # noqa: F401 - the demo region fixture
    echte_urls,
    get_operaties,
)
from tests.tweestaps import inloggen
from uitkomst.audit.models import Inzage
from uitkomst.audit.referentie import PATROON
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang.models import Client

pytestmark = pytest.mark.django_db

# GET operations that return no personal data (catalogue, contracting, aggregates, invoice totals).
GEEN_PERSOONSGEGEVENS = {
    "/api/v1/inkoopmodellen", "/api/v1/inkoopmodellen/{uuid}", "/api/v1/producten", "/api/v1/producten/{uuid}",
    "/api/v1/tarieven", "/api/v1/tarieven/{uuid}", "/api/v1/aanbieders", "/api/v1/aanbieders/{uuid}",
    "/api/v1/raamovereenkomsten", "/api/v1/raamovereenkomsten/{uuid}", "/api/v1/toetredingsrondes",
    "/api/v1/toetredingsrondes/{uuid}", "/api/v1/aanmeldingen", "/api/v1/aanmeldingen/{uuid}",
    "/api/v1/contractvormen", "/api/v1/contractvormen/{uuid}", "/api/v1/contractvormen/kaart",
    "/api/v1/contractvormen/lezingen", "/api/v1/contractvormen/{uuid}/vergelijkbaar",
    "/api/v1/indicatoren", "/api/v1/budgetten", "/api/v1/signalen", "/api/v1/signalen/{uuid}",
    "/api/v1/tariefontwerpen", "/api/v1/betaalrondes", "/api/v1/betaalrondes/{uuid}",
    "/api/v1/declaraties",  # totals per invoice; the detail shows the lines per client and is logged
}  # fmt: skip
PAGINA_ROLLEN = ["beheerder", "toegang-zwolle", "financien-zwolle", "huisarts", "aanbieder", "contractmanager"]
OVERSLAAN = re.compile(r"^/(uitloggen|i18n/|static/|api/|beheer/(logout|password_change|jsi18n)|.*\?)")


@pytest.fixture
def sporen(demo):  # noqa: F811
    """What identifies a client in a response: its uuid and reference (and the BSN, never expected)."""
    clienten = list(Client.objects.only("uuid", "bsn_versleuteld"))
    return {str(c.uuid) for c in clienten} | {bsn_tools.decrypt(c.bsn_versleuteld) for c in clienten}


def noemt_client(tekst: str, sporen: set[str]) -> bool:
    if re.search(PATROON, tekst):
        return True
    uuids = set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", tekst))
    return bool(uuids & sporen) or any(s in tekst for s in sporen if len(s) == 9)


def _rijen(pad: str) -> int:
    return Inzage.objects.filter(pad=pad).count()


@pytest.mark.parametrize("rol", ["beheerder", "toegang-zwolle", "aanbieder"])
def test_every_api_read_of_personal_data_writes_an_audit_row(demo, sporen, rol):  # noqa: F811
    from rest_framework.test import APIClient

    operaties = get_operaties()
    assert set(GEEN_PERSOONSGEGEVENS) <= set(operaties), set(GEEN_PERSOONSGEGEVENS) - set(operaties)
    beheer, lezer = _ingelogd(APIClient, demo["beheerder"]), _ingelogd(APIClient, demo[rol])
    fouten, gelogd = [], 0
    for operatie in operaties:
        for url in echte_urls([operatie], beheer, lezer):
            voor = _rijen(url)
            r = lezer.get(url)
            if r.status_code != 200:
                continue
            tekst = r.content.decode("utf-8", "replace")
            if operatie in GEEN_PERSOONSGEGEVENS:
                if noemt_client(tekst, sporen):
                    fouten.append(f"{rol}: {url} staat op de lijst zonder persoonsgegevens maar noemt een cliënt")
            elif noemt_client(tekst, sporen) or tekst.startswith("<"):
                if _rijen(url) == voor:
                    fouten.append(f"{rol}: GET {url} toont cliëntgegevens zonder auditregel")
                else:
                    gelogd += 1
    assert not fouten, "\n".join(fouten)
    assert gelogd >= (8 if rol == "beheerder" else 4)


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)"', html)]


@pytest.mark.parametrize("rol", PAGINA_ROLLEN)
def test_every_page_that_shows_personal_data_writes_an_audit_row(client, demo, sporen, rol):  # noqa: F811
    inloggen(client, demo[rol])
    te_bezoeken, per_naam, fouten, gelogd = ["/", "/beheer/"], {}, [], 0
    while te_bezoeken and len(per_naam) < 120:
        url = te_bezoeken.pop(0)
        if OVERSLAAN.match(url):
            continue
        try:
            match = resolve(url)
        except Resolver404:
            continue
        sleutel = (match.view_name, tuple(sorted(match.kwargs)))
        if sleutel in per_naam:
            continue
        per_naam[sleutel] = url
        voor = _rijen(url)
        try:
            r = client.get(url)
        except Exception as exc:  # noqa: BLE001 - name the page that failed
            raise AssertionError(f"{rol}: {url} faalde: {exc!r}") from exc
        assert r.status_code < 500, f"{rol}: {url} gaf {r.status_code}"
        if r.status_code != 200:
            continue
        if "html" not in r.get("Content-Type", ""):
            tekst = r.content.decode("utf-8", "replace") if "csv" in r.get("Content-Type", "") else ""
        else:
            tekst = r.content.decode()
            te_bezoeken += _links(tekst)
        if tekst and noemt_client(tekst, sporen):
            if _rijen(url) == voor:
                fouten.append(f"{rol}: {url} ({match.view_name}) toont cliëntgegevens zonder auditregel")
            else:
                gelogd += 1
    assert not fouten, "\n".join(fouten)
    if rol in ("toegang-zwolle", "aanbieder"):
        assert gelogd >= 2, per_naam


def test_audit_row_and_log_line_say_who_what_why_when(client, demo, caplog):  # noqa: F811
    toegang = demo["toegang-zwolle"]
    c = Client.objects.filter(gemeente_id=toegang.gemeente_id).first()
    client.force_login(toegang)
    with caplog.at_level(logging.INFO, logger="uitkomst.audit"):
        assert client.get(f"/toegang/clienten/{c.uuid}").status_code == 200
    row = Inzage.objects.filter(pad=f"/toegang/clienten/{c.uuid}").get()
    assert (row.gebruikersnaam, row.rol, row.kanaal, row.doel) == (
        "toegang-zwolle", "gemeente-toegang", "pagina", "toegang"
    )  # fmt: skip
    assert row.client_uuid == c.uuid and row.client_referentie == bsn_tools.referentie(c.uuid) and row.op
    regels = [r.getMessage() for r in caplog.records if r.name == "uitkomst.audit"]
    assert regels and row.client_referentie in regels[-1] and '"doel": "toegang"' in regels[-1]
    assert bsn_tools.decrypt(c.bsn_versleuteld) not in "".join(regels)  # the log never holds a BSN


def test_privacy_officer_filters_and_exports(client, demo):  # noqa: F811
    toegang = demo["toegang-zwolle"]
    c = Client.objects.filter(gemeente_id=toegang.gemeente_id).first()
    client.force_login(toegang)
    client.get(f"/toegang/clienten/{c.uuid}")
    inloggen(client, demo["privacy"])
    ref = bsn_tools.referentie(c.uuid)
    for filters in ({"client": ref}, {"client": str(c.uuid)}, {"gebruiker": "toegang-zwolle", "doel": "toegang"}):
        page = client.get("/audit/", filters).content.decode()
        assert f"/toegang/clienten/{c.uuid}" in page, filters
    assert f"/toegang/clienten/{c.uuid}" not in client.get("/audit/", {"doel": "zorg"}).content.decode()
    assert f"/toegang/clienten/{c.uuid}" not in client.get("/audit/", {"tot": "2000-01-01"}).content.decode()
    csv = client.get("/audit/", {"client": ref, "formaat": "csv"})
    assert csv.status_code == 200 and "attachment" in csv["Content-Disposition"]
    assert ref in csv.content.decode("utf-8-sig") and "toegang-zwolle" in csv.content.decode("utf-8-sig")
    xlsx = client.get("/audit/", {"client": ref, "formaat": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    client.force_login(toegang)
    assert client.get("/audit/").status_code == 403
