"""Accessibility (WCAG 2.1 AA, the Dutch government's standard): axe-core on the main pages of a demo region.

axe-core comes from the npm registry, pinned in tools/axe/package-lock.json and installed by
``make axe`` (a dependency of ``make test`` and ``make test-browser``); the test serves it to the page
itself (``add_script_tag``), never from a CDN. It fails on every serious or critical violation,
naming the page, the rule and the elements.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from uitkomst.demo.users import DEMO_USERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ROLLEN = [naam for naam, _rol, _scope in DEMO_USERS]  # one demo user per shipped role
ERNSTIG = {"serious", "critical"}
AXE_OPTIES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def axe_pad() -> Path:
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{AXE} is missing: run `make axe`")
        pytest.skip(f"axe-core is not installed ({AXE}): run `make axe`")
    return AXE


@pytest.fixture
def demo(db):
    """The demo region of `make run` (fewer clients) with one user per shipped role."""
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.demo import services
    from uitkomst.demo.users import demo_users_ensure
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    services.demo_region_build(clients=20, seed=3)
    return {u.username: u for u in demo_users_ensure(password=PASSWORD)}


def _sessie(browser, live_server_url: str, user=None):
    """A browser context logged in as ``user`` (a session made by Django's test client: no login form,
    so the roles with a second login step are checked too). CSP is bypassed only to inject axe."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    if user is not None:
        c = Client()
        c.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": c.cookies["sessionid"].value, "url": live_server_url}])
    return context


def axe_ernstig(page, axe_pad: Path) -> list[str]:
    """The serious and critical axe violations of the page open in ``page``, one line per rule."""
    page.add_script_tag(path=str(axe_pad))
    result = page.evaluate("async (opties) => await axe.run(document, opties)", AXE_OPTIES)
    regels = []
    for v in result["violations"]:
        if v["impact"] in ERNSTIG:
            doelen = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            regels.append(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×: {doelen})")
    return regels


def _pagina_s(demo) -> list[tuple[str | None, str]]:
    """(username or None for anonymous, path): the pages the issue names."""
    pagina_s: list[tuple[str | None, str]] = [(None, "/"), (None, reverse("catalogus:model-list"))]
    pagina_s += [(rol, "/") for rol in ROLLEN]
    pagina_s += [
        ("contractmanager", reverse("catalogus:model-list")),
        ("toegang-zwolle", reverse("toegang:verwijzing-nieuw")),
        ("huisarts", reverse("toegang:verwijzing-nieuw")),
        ("aanbieder", reverse("declaraties:nieuw")),
        ("financien-zwolle", reverse("declaraties:beoordelen")),
        ("financien-zwolle", reverse("declaraties:legitimiteit")),
        ("contractmanager", reverse("sturing:monitor")),
    ]
    return pagina_s


def test_no_serious_accessibility_violations_on_the_main_pages(browser, live_server_url, demo, axe_pad):
    bevindingen: list[str] = []
    contexts = {}
    try:
        for username, pad in _pagina_s(demo):
            if username not in contexts:
                contexts[username] = _sessie(browser, live_server_url, demo.get(username) if username else None)
            page = contexts[username].new_page()
            response = page.goto(f"{live_server_url}{pad}")
            assert response.status == 200, f"{username or 'anoniem'} {pad}: {response.status}"
            bevindingen += [f"{username or 'anoniem'} {pad}: {r}" for r in axe_ernstig(page, axe_pad)]
            page.close()
        # the invoice form after a refusal: the error summary and the fields in error
        page = contexts["aanbieder"].new_page()
        page.goto(f"{live_server_url}{reverse('declaraties:nieuw')}")
        page.get_by_label("Toewijzing 1", exact=True).fill("onbekend")
        page.get_by_label("Bedrag 1", exact=True).fill("veel")
        page.get_by_role("button", name="Declaratie indienen").click()
        page.wait_for_selector(".foutoverzicht")
        bevindingen += [f"aanbieder declaratieformulier met fouten: {r}" for r in axe_ernstig(page, axe_pad)]
    finally:
        for context in contexts.values():
            context.close()
    assert not bevindingen, "Serious or critical accessibility violations:\n" + "\n".join(bevindingen)


def test_the_check_reports_a_serious_violation(browser, axe_pad):
    """The check itself: an image without text and an unlabelled field are reported."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content('<html lang="nl"><title>t</title><main><img src="x.png"><input name="q"></main></html>')
    regels = axe_ernstig(page, axe_pad)
    context.close()
    assert any("image-alt" in r for r in regels) and any("label" in r for r in regels), regels
