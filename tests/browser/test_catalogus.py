"""A contract manager reads the IJsselland model as a tariff matrix, with the keyboard."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(db):
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()  # a transactional test database is flushed between tests
    load_all()


def test_catalogue_matrix_journey(page, live_server_url, loaded):
    page.goto(f"{live_server_url}/")
    page.get_by_role("link", name="Inkoopmodellen").first.click()
    expect(page.get_by_role("heading", name="Inkoopmodellen")).to_be_visible()
    page.get_by_role("link", name="IJsselland jeugdhulp 2018 (resultaatgericht)").click()

    matrix = page.locator("#tariefmatrix")
    expect(matrix.locator("caption")).to_contain_text("Tariefmatrix")
    expect(matrix.locator("tbody tr")).to_have_count(12)
    expect(matrix.locator("thead th")).to_have_count(4)  # profile column + 3 intensities
    expect(matrix.get_by_text("illustratief tarief").first).to_be_visible()
    expect(page.get_by_text("Segment C: extra controle").first).to_be_visible()

    # Earlier tariff version through the peildatum form (keyboard only)
    page.get_by_label("Tarieven op peildatum").fill("2019-06-01")
    page.get_by_label("Tarieven op peildatum").press("Enter")
    expect(page.locator("#matrix-titel")).to_contain_text("01-06-2019")

    # Product details with the tariff history
    matrix.get_by_role("link", name="Crisishulp – Perspectief").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Crisishulp – Perspectief")
    expect(page.get_by_role("table")).to_contain_text("31-12-2023")


def test_skip_link_reaches_content_first(page, live_server_url, loaded):
    page.goto(f"{live_server_url}/catalogus/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Naar de inhoud" in focused
