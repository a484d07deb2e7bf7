"""Dutch presentation on every page a role can reach: a scan of the rendered pages of a demo region.

One demo region is built for the whole module. Per demo role the test opens the start page, every
page of its menu, and from those pages one page per linked kind (url name), and reads the visible
text of ``<main>``. It fails on:

- amounts not in Dutch notation ("€ 38500.00", "€ 3065,00", "38500.00 €");
- numbers with a decimal point ("0.71", "12.5") and ISO or English dates ("2026-12-01", "Dec. 1, 2026");
- internal codes where a label belongs ("bedrag_past_niet", "in_beoordeling");
- plurals left to the reader ("regel(s)") or wrong ("1 producten").

Every finding names the role, the page and the text around it.
"""

from __future__ import annotations

import html as htmllib
import re
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve

from tests.conftest import PASSWORD
from tests.tweestaps import inloggen  # the TOTP step for beheerder and privacy officer
from uitkomst.demo.users import DEMO_USERS

ROLLEN = [naam for naam, _rol, _scope in DEMO_USERS]  # one demo user per shipped role

# Links never followed: downloads, the API, the admin (Django's own pages), switching language or user.
OVERSLAAN_PAD = re.compile(r"^/(api/|beheer/|static/|i18n/|uitloggen)|\.(csv|xlsx|pdf|yaml|json|xml)$")
OVERSLAAN_NAAM = re.compile(r"(export|download|pdf|xlsx|csv|bestand)", re.I)
MAX_PER_ROL = 120  # pages per role: one per url name keeps it far below this

FOUTEN = {
    "bedrag in Engelse notatie": re.compile(r"€\s?-?\d+\.\d{1,2}\b|\b\d+\.\d{2}\s?€"),
    "bedrag zonder duizendtallen": re.compile(r"€\s?-?\d{4,}"),
    "getal met decimale punt": re.compile(r"(?<![\d.\w])\d+\.\d{1,2}(?![\d.]|\w)"),
    "ISO-datum": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "Engelse datum": re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\b"),
    "code in plaats van label": re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z0-9]+)+(?![\w@./-])"),
    "meervoud tussen haakjes": re.compile(r"\w\((s|en|'s)\)"),
    "enkelvoud met meervoud": re.compile(
        r"(?<![\d.,])\b1 (producten|regels|trajecten|cliënten|verwijzingen|toewijzingen|declaraties|signalen|"
        r"aanbieders|plannen|dagen|weken|maanden|jaren|berichten|betaalrondes|aanmeldingen|gemeenten|"
        r"inkoopmodellen|tarieven|doelen|uitkomsten|metingen|producten)\b"
    ),
}

# Text that looks like a finding but is right: the iJw/iWmo release number, version numbers.
TOEGESTAAN = [
    re.compile(r"\b[iI](Jw|Wmo) ?\d\.\d\b"),
    re.compile(r"\b(versie|release|standaard) \d+\.\d+", re.I),
    re.compile(r"\b3\.[1-4](?= [A-Za-zÀ-ÿ])"),  # the outcome indicators' numbers: "3.1 Zonder hulp verder"
]


def _zichtbare_tekst(html: str) -> str:
    main = re.search(r"<main\b.*?</main>", html, re.S)
    deel = main.group(0) if main else html
    # Machine text shown as such (a received message, a file format) is not presentation.
    deel = re.sub(r"<(script|style|template|pre|code)\b.*?</\1>", " ", deel, flags=re.S)
    deel = re.sub(r"<[^>]+>", " ", deel)
    return re.sub(r"\s+", " ", htmllib.unescape(deel))


def _links(html: str) -> list[str]:
    main = re.search(r"<main\b.*?</main>", html, re.S)
    return re.findall(r'<a\b[^>]*\bhref="([^"#]+)"', main.group(0) if main else html)


def _menu(html: str) -> list[str]:
    nav = re.search(r'<ul class="menu">(.*?)</ul>', html, re.S)
    return re.findall(r'<a href="([^"]+)"', nav.group(1)) if nav else []


def bevindingen(tekst: str) -> list[tuple[str, str]]:
    schoon = tekst
    for patroon in TOEGESTAAN:
        schoon = patroon.sub(" ", schoon)
    gevonden = []
    for soort, patroon in FOUTEN.items():
        for m in patroon.finditer(schoon):
            gevonden.append((soort, schoon[max(0, m.start() - 40) : m.end() + 40]))
    return gevonden


def test_the_scan_finds_what_it_looks_for():
    """The patterns catch each kind of mistake the issue names, and pass the right notation."""
    fout = "€ 38500.00 · € 3065,00 · 0.71 · bedrag_past_niet · 1 producten · 3 regel(s) · 2026-12-01"
    soorten = {s for s, _ in bevindingen(fout)}
    assert soorten == {
        "bedrag in Engelse notatie",
        "bedrag zonder duizendtallen",
        "getal met decimale punt",
        "code in plaats van label",
        "enkelvoud met meervoud",
        "meervoud tussen haakjes",
        "ISO-datum",
    }
    goed = "€ 38.500,00 · € -1.234,50 · 71% · Bedrag past niet · 1 product · 2 producten · 01-12-2026 · iJw 3.2"
    assert bevindingen(goed) == []


@pytest.fixture(scope="module")
def demo_regio(django_db_setup, django_db_blocker):
    """One demo region for the whole module, rolled back afterwards (no other test sees it)."""
    from uitkomst.demo import services
    from uitkomst.demo.users import demo_users_ensure

    with django_db_blocker.unblock(), transaction.atomic():
        services.demo_region_build(clients=20, seed=3)
        users = {u.username: u for u in demo_users_ensure(password=PASSWORD)}
        yield users
        transaction.set_rollback(True)


def _soort(pad: str) -> str | None:
    try:
        match = resolve(pad)
    except Resolver404:
        return None
    return match.view_name


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLLEN)
def test_pages_show_dutch_notation_and_labels(client, demo_regio, username):
    inloggen(client, demo_regio[username])
    start = client.get("/")
    assert start.status_code == 200
    start_html = start.content.decode()
    te_openen = ["/", *_menu(start_html), *_links(start_html)]
    gezien_soort: set[str] = set()
    gezien_pad: set[str] = set()
    fouten: dict[tuple[str, str], list[str]] = {}  # (page, kind of mistake) -> the texts around it
    geopend = 0
    while te_openen and geopend < MAX_PER_ROL:
        href = te_openen.pop(0)
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/") or OVERSLAAN_PAD.search(parts.path):
            continue
        soort = _soort(parts.path)
        if soort is None or OVERSLAAN_NAAM.search(soort):
            continue
        # Menu pages and the start page always; every other page once per kind (url name + query keys).
        sleutel = soort + "?" + ",".join(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
        if href in gezien_pad or (sleutel in gezien_soort and geopend > 0):
            continue
        gezien_pad.add(href)
        gezien_soort.add(sleutel)
        response = client.get(href)
        geopend += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for soort_fout, context in bevindingen(_zichtbare_tekst(html)):
            fouten.setdefault((href, soort_fout), []).append(context)
        te_openen.extend(_links(html))
    assert geopend > 3, f"{username}: too few pages opened ({geopend})"
    regels = [f"{pagina}: {soort} ({len(c)}×), e.g. …{c[0]}…" for (pagina, soort), c in fouten.items()]
    assert not fouten, f"{username}: findings on {len(regels)} of {geopend} pages:\n" + "\n".join(regels)
