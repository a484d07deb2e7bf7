"""The start page: each role lands on the work waiting for it; anonymous visitors get the public page."""

import re

import pytest

from tests.tweestaps import inloggen  # the TOTP step for beheerder and privacy officer
from uitkomst.declaraties.models import Declaratieregel, Regelstatus


def _hoofd(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.search(r"<main.*?</main>", html, re.S).group(0)))


def _aantal(tekst: str, label: str) -> int:
    return int(re.search(r"([\d.]+) " + re.escape(label), tekst).group(1).replace(".", ""))


@pytest.mark.django_db
def test_anonymous_visitors_get_the_public_page(client, model, product):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for href in ('href="/keuzehulp/"', 'href="/catalogus/"', 'href="/contractvormen/"', 'href="/inloggen"'):
        assert href in html
    assert "Testmodel" in html
    assert "1 product<" in html.replace("</span>", "<")  # not "1 producten"
    assert "Uw werk" not in html


# Queries per start page, session and user included: fixed, whatever the size of the region (no N+1).
# Beheerder and privacy officer log in in two steps: django-otp reads the verifying TOTP device (+1).
QUERIES = {
    "beheerder": 5,
    "contractmanager": 7,
    "toegang-zwolle": 8,
    "financien-zwolle": 6,
    "beleid-zwolle": 6,
    "huisarts": 4,
    "aanbieder": 6,
    "privacy": 5,
}

BLOKKEN = {
    "contractmanager": [
        "Aanmeldingen te beoordelen",
        "Raamovereenkomsten die binnen 3 maanden aflopen",
        "Kwaliteitsbewijzen die binnen 3 maanden verlopen",
        "Verlopen kwaliteitsbewijzen",
        "Open signalen",
    ],
    "toegang-zwolle": [
        "Nieuwe verwijzingen zonder plan",
        "Verzoeken om toewijzing (JW315)",
        "Verzoeken om wijziging (JW317)",
        "Plannen nog zonder toewijzing",
        "Wachten op uw goedkeuring (vier ogen)",
        "Acceptatie door de aanbieder te laat",
    ],
    "financien-zwolle": ["Declaratieregels te beoordelen", "Goedgekeurd, klaar voor een betaalronde", "Betaalrondes"],
    "beleid-zwolle": ["Subsidieaanvragen te besluiten", "Verantwoordingen vast te stellen", "Open signalen"],
    "huisarts": ["Uw verwijzingen", "Nog niet opgepakt door de toegang"],
    "aanbieder": [
        "Nieuwe toewijzingen te accepteren",
        "Geaccepteerd, nog te starten",
        "Tussenevaluatie verwacht",
        "Einddatum verstreken, nog te beëindigen",
        "Afgewezen declaratieregels",
    ],
    "privacy": ["Inzage in persoonsgegevens, afgelopen 7 dagen"],
}


def test_each_role_lands_on_its_work(client, demo, django_assert_num_queries):
    for username, aantal in QUERIES.items():
        inloggen(client, demo[username])
        with django_assert_num_queries(aantal):
            response = client.get("/")
        assert response.status_code == 200
        tekst = _hoofd(response)
        assert "Uw werk" in tekst
        for label in BLOKKEN.get(username, []):
            assert re.search(r"\d " + re.escape(label), tekst), f"{username}: {label}"
        # every link on the start page opens for this role
        main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
        links = re.findall(r'href="(/[^"]*)"', main)
        assert links, username
        for url in links:
            assert client.get(url.replace("&amp;", "&")).status_code == 200, f"{username}: {url}"


def test_query_count_does_not_depend_on_the_data(client, make_user, zwolle, django_assert_num_queries):
    toegang = make_user("leeg", "gemeente-toegang", gemeente=zwolle, regio=zwolle.regio)
    inloggen(client, toegang)
    with django_assert_num_queries(QUERIES["toegang-zwolle"]):  # an empty region: the same queries
        assert client.get("/").status_code == 200


def test_finance_counts_follow_the_lines(client, demo):
    financien = demo["financien-zwolle"]
    wachtend = Declaratieregel.objects.filter(gemeente_id=financien.gemeente_id, status=Regelstatus.TOEGEKEND)
    verwacht = wachtend.count()
    assert verwacht > 0  # the demo leaves lines to approve
    inloggen(client, financien)
    assert _aantal(_hoofd(client.get("/")), "Declaratieregels te beoordelen") == verwacht
    Declaratieregel.objects.filter(pk=wachtend.first().pk).update(status=Regelstatus.AFGEWEZEN)
    assert _aantal(_hoofd(client.get("/")), "Declaratieregels te beoordelen") == verwacht - 1
    # another municipality's lines never count
    inloggen(client, demo["aanbieder"])
    assert "Declaratieregels te beoordelen" not in _hoofd(client.get("/"))


def test_start_page_in_english(client, demo, settings):
    inloggen(client, demo["privacy"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
