"""The council report from the page: the region's contract manager opens it, downloads the PDF and the
Excel, and both are what a council member reads (the PDF names the municipalities, the Excel opens on
its summary sheet)."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.toegang import helpers as th
from tests.uitkomsten import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db, make_user):
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    zwolle = Gemeente.objects.get(cbs_code="0193")
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    aanbieder = th.aanbieder("Kompas Jeugdhulp")
    th.contracteer(aanbieder, model)
    toegang = make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)
    provider = make_user("aanbieder", "aanbieder", aanbieder=aanbieder, regio=zwolle.regio)
    for n in range(11):
        h.gemeten(toegang, provider, zwolle, model, reden="32" if n == 0 else "31", score=8)
    return {"cm": make_user("cm", "regio-contractmanager", regio=zwolle.regio)}


def _download(page, naam: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("link", name=naam).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_council_report_as_pdf_and_excel(page, login, live_server_url, world):
    login(world["cm"])
    page.goto(f"{live_server_url}/sturing/raadsrapportage")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Raadsrapportage")
    expect(page.locator("#per-gemeente")).to_contain_text("Zwolle")
    # issue 17: Jeugdwet and Wmo side by side, subsidies next to contracts, the collective provisions
    expect(page.locator("#raad-per-wet")).to_contain_text("Jeugdwet")
    expect(page.locator("#raad-per-wet")).to_contain_text("Wmo 2015")
    expect(page.locator("#subsidies")).to_be_visible()
    expect(page.locator("#bereik")).to_be_visible()

    naam, inhoud = _download(page, "Download PDF")
    assert naam.startswith("raadsrapportage-") and naam.endswith(".pdf")
    assert inhoud.startswith(b"%PDF")
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages)
    assert "Zwolle" in tekst and "Raadsrapportage" in tekst and "Regio (benchmark)" in tekst
    assert "Wmo" in tekst and "Jeugdwet" in tekst

    naam, inhoud = _download(page, "Download Excel")
    assert naam.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(inhoud))
    assert wb.sheetnames[0] == "Samenvatting" and "Definities" in wb.sheetnames
    assert any(r[0] == "Zwolle" for r in wb["Samenvatting"].iter_rows(values_only=True))
    assert any(r[0] == "Zwolle – Wmo 2015" for r in wb["Samenvatting"].iter_rows(values_only=True))
    assert {"Per wet", "Subsidies", "Algemene voorzieningen"} <= set(wb.sheetnames)

    page.get_by_role("link", name="Afdrukversie").click()
    expect(page.locator("body.afdruk")).to_be_visible()
    expect(page.locator("form")).to_have_count(0)
