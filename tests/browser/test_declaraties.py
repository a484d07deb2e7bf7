"""Invoicing journey: a provider submits an invoice with one refused line and sees both outcomes;
municipal finance approves, runs a payment and downloads the export."""

import pytest
from playwright.sync_api import expect

from tests.declaraties import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(declaratie_wereld):
    w = declaratie_wereld
    return {"provider": w.provider, "finance": w.finance, "tw": w.traject()}


def test_declareren_gedeeltelijk_toegekend_betalen_en_exporteren(page, login, world):
    tw = world["tw"]
    login(world["provider"])
    page.get_by_role("link", name="Declaraties").first.click()
    page.get_by_role("link", name="Nieuwe declaratie").click()
    page.get_by_label("Declaratieperiode van").fill(str(h.datum(3, 1)))
    page.get_by_label("Declaratieperiode tot en met").fill(str(h.datum(3, 31)))
    for i, termijn in ((1, "1"), (2, "2")):  # start payment, and an end payment while still running
        page.get_by_label(f"Toewijzing {i}", exact=True).fill(tw.nummer)
        page.get_by_label(f"Van {i}", exact=True).fill(str(h.datum(3, 3)))
        page.get_by_label(f"Tot en met {i}", exact=True).fill(str(h.datum(3, 31)))
        page.get_by_label(f"Termijn {i}", exact=True).fill(termijn)
    page.get_by_role("button", name="Declaratie indienen").click()
    expect(page.get_by_text("1 van 2 regels toegekend, 1 afgewezen")).to_be_visible()
    toegekend = page.get_by_role("table", name="Toegekende regels")
    expect(toegekend.locator("tbody tr")).to_have_count(1)
    afgewezen = page.get_by_role("table", name="Afgewezen regels met alle redenen")
    expect(afgewezen).to_contain_text("Eindbetaling vraagt een beëindigd traject")  # the label, not the code
    expect(afgewezen).to_contain_text("vraagt een beëindigd traject")
    page.get_by_role("button", name="Uitloggen").click()

    login(world["finance"])
    page.get_by_role("link", name="Declaraties").first.click()
    page.get_by_role("link", name="Beoordelen").click()
    expect(page.get_by_role("table")).to_contain_text(tw.nummer)
    page.get_by_role("button", name="Alle regels goedkeuren").click()
    expect(page.get_by_text("1 regel goedgekeurd")).to_be_visible()
    page.get_by_role("link", name="Betaalrondes").click()
    page.get_by_role("button", name="Betaalronde maken").click()
    expect(page.get_by_role("table", name="Specificatie per aanbieder")).to_contain_text("Kompas Jeugdhulp")
    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    download = info.value
    assert download.suggested_filename.endswith("-0193.csv")
    with open(download.path(), encoding="utf-8-sig") as f:
        text = f.read()
    assert tw.nummer in text and "client_referentie" in text
    assert f"{tw.budget / 2:.2f}" in text
