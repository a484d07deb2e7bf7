"""Tariff design journey: the contract manager imports a legacy PxQ history, maps the old products,
sees the proposal, saves it as draft tariffs and downloads the design as PDF and Excel."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.tariefontwerp.test_import import csv_bestand

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contractmanager(db, make_user):
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Regio
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    return make_user("cm", "regio-contractmanager", regio=Regio.objects.get(code="ijsselland"))


def test_import_design_save_draft_and_download(page, login, contractmanager, tmp_path):
    from uitkomst.catalogus.models import Tarief

    bestand = tmp_path / "historie-2017.csv"
    bestand.write_bytes(csv_bestand())
    login(contractmanager)
    page.get_by_role("link", name="Sturing").first.click()
    page.get_by_role("link", name="Tariefontwerp: historie importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Historie importeren (P×Q)")
    page.get_by_label("Naam").fill("Oude P×Q Zwolle")
    page.get_by_label("Referentiejaar").fill("2017")
    page.get_by_label("Bestand").set_input_files(str(bestand))
    page.get_by_role("button", name="Importeren").click()
    expect(page.locator("#import-resultaat")).to_contain_text("16 regels, 15 cliënten, 3 oude producten")

    # the mapping: proposed from the data; the transport product is left out on purpose
    page.get_by_role("link", name="Koppel de oude producten").click()
    page.get_by_role("button", name="Voorstel uit de data opnieuw maken").click()
    expect(page.get_by_role("table")).to_contain_text("P01 perspectief")
    vervoer = page.locator("tr", has=page.get_by_label("Cel voor OUD-V"))
    expect(vervoer).to_contain_text("nog niet gekoppeld")
    page.get_by_label("Cel voor OUD-V").select_option("")
    vervoer.get_by_role("button", name="Opslaan").click()
    expect(page.locator("tr", has=page.get_by_label("Cel voor OUD-V"))).to_contain_text("bewust niet gekoppeld")

    # the design: one tariff (the other cells have too few trajectories), budget-neutral
    page.get_by_role("link", name="Tariefontwerp", exact=True).click()
    matrix = page.locator("#voorstelmatrix")
    expect(matrix).to_contain_text("€\u00a01.554,17")
    expect(page.get_by_text("Te weinig trajecten (minder dan 10)")).to_be_visible()
    expect(page.get_by_text("budgetneutraal", exact=True)).to_be_visible()
    page.get_by_label("Opslaan als concepttarieven per").fill("2027-01-01")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("1 concepttarieven opgeslagen per 01-01-2027")).to_be_visible()
    draft = Tarief.objects.get(status=Tarief.Status.CONCEPT)
    assert str(draft.bedrag) == "1554.17" and draft.product.code == "P01-P"

    with page.expect_download() as info:
        page.get_by_role("link", name="Download als PDF").click()
    pdf = info.value
    assert pdf.suggested_filename == "tariefontwerp.pdf"
    with open(pdf.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als Excel").click()
    xlsx = info.value
    assert xlsx.suggested_filename == "tariefontwerp.xlsx"
    with open(xlsx.path(), "rb") as f:
        wb = load_workbook(io.BytesIO(f.read()), read_only=True)
    rows = list(wb["Cellen"].iter_rows(values_only=True))
    p01 = next(r for r in rows if r[:2] == ("P01", "perspectief"))
    assert p01[2] == 12 and float(p01[4]) == 1554.17
    assert [r[0] for r in wb["Niet gekoppeld"].iter_rows(values_only=True)][1:] == []  # all decided
