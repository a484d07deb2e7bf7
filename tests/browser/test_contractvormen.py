"""Fill in the contract-form questionnaire in a real browser and see the framework map."""

import os

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANTWOORDEN = {
    "regie": "Gedeeld",
    "bekostiging": "Resultaat per cliënt",
    "aanbieders": "Open",
    "scope": "Arrangement of profiel",
    "kiest_aanbieder": "Cliënt",
    "bepaalt_inhoud": "Aanbieder",
}


def test_questionnaire_classifies_and_shows_the_map(page, live_server_url):
    page.goto(f"{live_server_url}/")
    page.get_by_role("link", name="Contractvormen").first.click()
    expect(page.get_by_role("heading", name="Contractvorm bepalen")).to_be_visible()
    for sleutel, label in ANTWOORDEN.items():
        group = page.locator("fieldset", has=page.locator(f"input[name='{sleutel}']"))
        group.get_by_label(label, exact=True).check()
    # classifies as you answer (progressive enhancement) ...
    expect(page.locator("#uitslag-archetype")).to_contain_text("Profielmodel")
    # ... and the button gives the same result without script
    page.get_by_role("button", name="Classificeer").click()
    expect(page.locator("#uitslag-archetype")).to_contain_text("Profielmodel")
    svg = page.locator("svg#raamwerkkaart")
    expect(svg).to_be_visible()
    expect(svg.locator("#eigen-punt")).to_be_visible()
    expect(svg).to_contain_text("Uw contractvorm")
    expect(page.get_by_role("table", name="Afstand tot elk archetype")).to_be_visible()
