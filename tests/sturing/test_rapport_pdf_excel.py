"""Issue 13, point 6: the council report and the monitor as a PDF (A4 landscape, no column cut off),
a print view, a formatted Excel (summary, number formats, suppression marks, flags, definitions); the
outcome measurement on the trajectory page and filterable by trajectory in the API."""

import io

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import PASSWORD
from tests.uitkomsten import helpers as h
from uitkomst.organisaties.models import Gemeente
from uitkomst.utils import exports
from uitkomst.utils import pdf as pdfhulp

pytestmark = pytest.mark.django_db


@pytest.fixture
def regio_met_uitkomsten(settings, make_user, toegang, toegang_kampen, aanbieder_user, zwolle, kampen, ijsselland):
    """Zwolle: 12 ended trajectories, 11 as planned and all goals reached; Kampen: 3 (below the
    minimum cell size, suppressed) and Staphorst 2 (suppressed too: two hidden cells protect each
    other); Dalfsen: 10, every one a drop-out by the provider. Minimum cell size 10."""
    settings.MIN_CELGROOTTE = 10
    dalfsen = Gemeente.objects.get(cbs_code="0148")
    toegang_dalfsen = make_user("toegang-dalfsen", "gemeente-toegang", gemeente=dalfsen)
    staphorst = Gemeente.objects.get(cbs_code="0180")
    toegang_staphorst = make_user("toegang-staphorst", "gemeente-toegang", gemeente=staphorst)
    metingen = [h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden="31", score=8) for _ in range(11)]
    metingen.append(h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden="32", doel="niet", score=4))
    metingen += [h.gemeten(toegang_kampen, aanbieder_user, kampen, ijsselland, reden="31") for _ in range(3)]
    metingen += [h.gemeten(toegang_dalfsen, aanbieder_user, dalfsen, ijsselland, reden="33") for _ in range(10)]
    metingen += [h.gemeten(toegang_staphorst, aanbieder_user, staphorst, ijsselland, reden="31") for _ in range(2)]
    return metingen


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _pdf_tekst(inhoud: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages)


def _layout(response, template: str):
    """The WeasyPrint layout of the PDF the view made, from the same template and context."""
    from weasyprint import HTML

    context = {k: response.context[k] for k in response.context.keys()}  # noqa: SIM118 - a ContextList
    html = render_to_string(template, context, request=response.wsgi_request)
    return HTML(string=html, base_url="file:///", url_fetcher=pdfhulp._fetcher()).render()


def _breedste_rand(document) -> tuple[float, float]:
    """(rightmost edge of any box, page width) over all pages: a cut-off column lies beyond the page."""
    rand, breedte = 0.0, 0.0
    for page in document.pages:
        breedte = page.width
        for box in page._page_box.descendants():
            if getattr(box, "width", None) is None or box.position_x is None:
                continue
            rand = max(rand, box.position_x + box.margin_width())
    return rand, breedte


def test_council_report_pdf_is_a4_landscape_with_every_column(client, regio_met_uitkomsten, contractmanager):
    _login(client, contractmanager)
    jaar = regio_met_uitkomsten[0].beeindigd_op.year
    r = client.get(f"/sturing/raadsrapportage?jaar={jaar}&formaat=pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == f'attachment; filename="raadsrapportage-{jaar}.pdf"'
    assert r.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(r.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape in points
    tekst = _pdf_tekst(r.content)
    for woord in ("Raadsrapportage", "Zwolle", "Kampen", "Regio (benchmark)", "Respons", "Definities", "Uitval breed"):
        assert woord in tekst, woord
    assert "Download" not in tekst and "Toon" not in tekst  # no menus or forms in the PDF
    document = _layout(r, "sturing/raadsrapportage.html")
    rand, breedte = _breedste_rand(document)
    assert rand <= breedte + 0.5, f"a box ends at {rand:.0f}px, beyond the page width {breedte:.0f}px"
    context = {k: r.context[k] for k in r.context.keys()}  # noqa: SIM118 - a ContextList
    html = render_to_string("sturing/raadsrapportage.html", context, request=r.wsgi_request)
    assert html.count("<svg") == 2 and 'id="per-gemeente"' in html  # the charts and their table


def test_monitor_pdf_and_print_view(client, regio_met_uitkomsten, financien):
    _login(client, financien)
    r = client.get("/sturing/monitor?formaat=pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    tekst = _pdf_tekst(r.content)
    assert "Monitor Zwolle" in tekst and "Budget per maand" in tekst and "Regio (benchmark)" in tekst
    rand, breedte = _breedste_rand(_layout(r, "sturing/monitor.html"))
    assert rand <= breedte + 0.5
    p = client.get("/sturing/monitor?print=1").content.decode()
    assert "sturing/afdruk.css" in p and 'class="afdruk"' in p and "<form" not in p
    css = pdfhulp._eigen_static("/static/sturing/afdruk.css").decode()
    assert "size: A4 landscape" in css and "table-layout: fixed" in css


def test_council_report_page_links_to_pdf_and_excel(client, regio_met_uitkomsten, contractmanager):
    _login(client, contractmanager)
    html = client.get("/sturing/raadsrapportage").content.decode()
    assert "Download PDF" in html and "Download Excel" in html and "formaat=pdf" in html


def test_council_report_excel_summary_formats_marks_flags_definitions(client, regio_met_uitkomsten, contractmanager):
    _login(client, contractmanager)
    jaar = regio_met_uitkomsten[0].beeindigd_op.year
    x = client.get(f"/sturing/raadsrapportage?jaar={jaar}&formaat=xlsx")
    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames == [
        "Samenvatting",
        "Uitkomsten per gemeente",
        "Per wet",
        "Subsidies",
        "Algemene voorzieningen",
        "Definities",
    ]
    blad = wb["Samenvatting"]
    rijen = {r[0].value: r for r in blad.iter_rows() if r[0].value}
    kop = [c.value for c in rijen["Gemeente"]]
    doelen = kop.index("3.4 Doelen behaald (geheel)")
    zwolle, kampen, regio = rijen["Zwolle"], rijen["Kampen"], rijen["Regio (benchmark)"]
    assert zwolle[1].value == 12 and regio[1].value == 27
    assert zwolle[doelen].value == pytest.approx(11 / 12) and zwolle[doelen].number_format == "0.0%"
    assert regio[doelen].value == pytest.approx(26 / 27) and regio[doelen].font.b
    assert kampen[1].value == "< 10" and kampen[doelen].value == "onderdrukt (< 10)"
    assert rijen["Staphorst"][doelen].value == "onderdrukt (< 10)"
    breed = kop.index("Uitval breed (32 + 33)")
    # Dalfsen 10/10 drop-out against the rest 1/17: worse, coloured; Zwolle 1/12 against 10/15: better
    assert (rijen["Dalfsen"][breed + 1].value, zwolle[breed + 1].value) == ("slechter", "beter")
    assert zwolle[breed + 1].fill.start_color.rgb.endswith("E7F4EA")
    nieuwe_hulp = kop.index("3.2 Geen nieuwe start van hulp")
    assert zwolle[nieuwe_hulp].value == "nog niet bekend"  # follow-up window not passed: not "suppressed"
    assert blad.freeze_panes is not None
    definities = {r[0].value: r[1].value for r in wb["Definities"].iter_rows(min_row=2)}
    assert "Fisher" in definities["Beter / slechter"] and "32" in definities["Uitval smal"]
    assert "Besteed" in definities and "Regio (benchmark)" in definities
    detail = wb["Uitkomsten per gemeente"]
    kop2 = [c.value for c in next(r for r in detail.iter_rows() if r[0].value == "Groep")]
    z2 = next(r for r in detail.iter_rows() if r[0].value == "Zwolle")
    assert z2[kop2.index("3.4 Doelen behaald (geheel) aandeel")].number_format == "0.0%"


def test_flags_are_coloured_and_text_stays_neutralised():
    kop = ["Groep", "Vlag"]
    data = exports.xlsx_bytes([exports.Blad(naam="x", kop=kop, rijen=[
        ["=HYPERLINK(\"http://x\")", exports.Opmaak("slechter", vet=True, vulling="FCE8D5")],
        [exports.Opmaak("+31 6", vet=True), exports.Opmaak(0.25, exports.PERCENTAGE_FORMAAT)],
    ])])  # fmt: skip
    ws = load_workbook(io.BytesIO(data))["x"]
    assert ws["A2"].value == '\'=HYPERLINK("http://x")' and ws["A3"].value == "'+31 6"  # still inert
    assert ws["B2"].fill.start_color.rgb.endswith("FCE8D5") and ws["B2"].font.b
    assert ws["B3"].value == 0.25 and ws["B3"].number_format == "0.0%"
    assert exports.csv_waarde(exports.Opmaak("=1+1")) == "'=1+1"


def test_monitor_excel_has_summary_with_euros(client, regio_met_uitkomsten, financien):
    _login(client, financien)
    wb = load_workbook(io.BytesIO(client.get("/sturing/monitor?formaat=xlsx").content))
    assert wb.sheetnames == [
        "Samenvatting",
        "Budget",
        "Per wet",
        "Subsidies",
        "Algemene voorzieningen",
        "Uitkomsten",
        "Definities",
    ]
    blad = wb["Samenvatting"]
    zwolle = next(r for r in blad.iter_rows() if r[0].value == "Zwolle")
    assert zwolle[2].number_format == exports.EURO_FORMAAT and zwolle[9].value in ("ja", "nee")
    assert any(r[0].value == "Regio (benchmark)" for r in blad.iter_rows())
    budget = wb["Budget"]
    maand = next(r for r in budget.iter_rows() if r[1].value and str(r[1].value).endswith("-01"))
    assert maand[2].number_format == exports.EURO_FORMAAT


# --- the outcome measurement on the trajectory page and in the API ----------------------------------


def test_trajectory_page_shows_the_measurement_to_who_may_see_it(
    client, regio_met_uitkomsten, aanbieder_user, toegang, contractmanager
):
    meting = regio_met_uitkomsten[11]  # Zwolle's drop-out: reason 32, goals not reached, score 4
    url = f"/trajecten/{meting.traject.uuid}"
    _login(client, aanbieder_user)  # the provider: its own trajectory and measurement
    html = client.get(url).content.decode()
    assert 'id="uitkomstmeting"' in html
    sectie = html[html.index('id="uitkomstmeting"') :]
    assert "ja, smal en breed" in sectie and "4/10" in sectie and "nog niet bekend" in sectie
    client.logout()
    _login(client, toegang)  # the access worker sees the trajectory, but outcomes are not for this role
    r = client.get(url)
    assert r.status_code == 200 and 'id="uitkomstmeting"' not in r.content.decode()


def test_api_filters_measurements_by_trajectory(api_client, regio_met_uitkomsten, aanbieder_user):
    """Also the older filters: they were refused as unknown because the schema could not see them."""
    api_client.force_authenticate(aanbieder_user)
    meting = regio_met_uitkomsten[3]
    r = api_client.get(f"/api/v1/uitkomstmetingen?traject={meting.traject.uuid}")
    assert r.status_code == 200, r.content
    data = r.json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data.get("_embedded", data)
    rows = rows if isinstance(rows, list) else next(v for v in rows.values() if isinstance(v, list))
    assert [x["uuid"] for x in rows] == [str(meting.uuid)] and rows[0]["traject"] == str(meting.traject.uuid)
    zwolle = api_client.get("/api/v1/uitkomstmetingen?gemeente=0193&beeindigdVan=2000-01-01&pageSize=100")
    assert zwolle.status_code == 200, zwolle.content
    assert api_client.get("/api/v1/uitkomstmetingen?trajectId=x").status_code == 400  # unknown parameter
    bad = api_client.get("/api/v1/uitkomstmetingen?traject=geen-uuid")
    assert bad.status_code == 400
