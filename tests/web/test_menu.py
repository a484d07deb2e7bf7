"""Every menu item a role sees opens without a 403; the menu shows only what the role may open."""

import re

import pytest

from tests.tweestaps import inloggen  # the TOTP step for beheerder and privacy officer
from uitkomst.demo.users import DEMO_USERS

DEMO_ROLLEN = [naam for naam, _rol, _scope in DEMO_USERS]  # one demo user per shipped role


def _menu(html: str) -> dict[str, str]:
    nav = re.search(r'<ul class="menu">(.*?)</ul>', html, re.S).group(1)
    return {label.strip(): href for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


@pytest.mark.parametrize("username", DEMO_ROLLEN)
def test_every_menu_item_opens(client, demo, username):
    inloggen(client, demo[username])
    start = client.get("/")
    assert start.status_code == 200
    menu = _menu(start.content.decode())
    assert "Inkoopmodellen" in menu
    for label, href in menu.items():
        response = client.get(href)
        assert response.status_code == 200, f"{username}: {label} ({href}) gaf {response.status_code}"


def test_menu_per_role(client, demo):
    verwacht = {
        # its municipality's iJw messages; subsidies: finance pays the advances
        "financien-zwolle": {"Declaraties", "Berichten", "Sturing", "Subsidies", "Voorzieningen"},
        "huisarts": {"Verwijzingen"},
        # subsidies: applies, reports; collective provisions: reports attendance
        "aanbieder": {"Inbox", "Trajecten", "Declaraties", "Berichten", "Subsidies", "Voorzieningen"},
        "privacy": {"Auditlog"},
        "toegang-zwolle": {"Verwijzingen", "Trajecten", "Berichten", "Pgb", "Voorzieningen"},
        "contractmanager": {
            "Contractering",
            "Verwijzingen",
            "Trajecten",
            "Sturing",
            "Subsidies",
            "Voorzieningen",
            "Beheer",
        },
    }
    openbaar = {"Inkoopmodellen", "Keuzehulp", "Contractvormen", "API"}
    for username, items in verwacht.items():
        inloggen(client, demo[username])
        assert set(_menu(client.get("/").content.decode())) == openbaar | items, username
    client.logout()
    assert set(_menu(client.get("/").content.decode())) == openbaar | {"Inloggen"}
