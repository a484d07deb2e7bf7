"""The history import end to end: a small real file (CSV and Excel) uploaded by the contract manager,
its lines counted, the mapping proposed from it, and the design proposing a tariff from it."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from uitkomst.catalogus.models import Tarief
from uitkomst.tariefontwerp import selectors, services
from uitkomst.tariefontwerp.models import Historie, Historieregel, Productkoppeling
from uitkomst.utils.errors import NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db

KOP = ["client", "gemeente", "aanbieder", "product", "omschrijving", "eenheid", "aantal", "bedrag", "van", "tot",
       "profiel", "intensiteit"]  # fmt: skip


def regels() -> list[list]:
    """12 clients in P01 perspectief (1,000 .. 2,100), 3 in P02 perspectief (below the minimum of 10),
    and one transport line (no re-assessment, so no mapping proposal): 16 lines, 15 clients, 3 products."""
    rows = []
    for k in range(12):
        rows.append([f"C{k:02d}", "0193", "", "OUD-A", "Begeleiding individueel", "uur", "16,00",
                     f"{1000 + 100 * k},00", "2017-02-01", "2017-05-31", "P01", "perspectief"])  # fmt: skip
    for k in range(3):
        rows.append([f"D{k:02d}", "193", "", "OUD-B", "Behandeling", "uur", "10", "980.00", "01-03-2017",
                     "30-06-2017", "P02", "perspectief"])  # fmt: skip
    rows.append(["C00", "0193", "", "OUD-V", "Vervoer", "etmaal", "2", "50,00", "2017-02-01", "2017-02-28", "", ""])
    return rows


def csv_bestand(rows=None, kop=KOP) -> bytes:
    lines = [";".join(kop)] + [";".join(str(v) for v in r) for r in (rows if rows is not None else regels())]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bestand(rows=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(KOP)
    for r in rows if rows is not None else regels():
        r = list(r)
        r[1] = int(r[1])  # a municipality code Excel stores as a number
        r[6] = float(str(r[6]).replace(",", "."))
        r[7] = float(str(r[7]).replace(",", "."))
        r[8] = dt.datetime.strptime(r[8], "%Y-%m-%d" if r[8][4] == "-" else "%d-%m-%Y")
        r[9] = dt.datetime.strptime(r[9], "%Y-%m-%d" if r[9][4] == "-" else "%d-%m-%Y")
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cel(result, p, i="perspectief"):
    return next(c for c in result["cellen"] if c["profiel"] == p and c["intensiteit"] == i)


def test_import_page_happy_path_then_design_proposes(client, contractmanager, ijsselland):
    client.force_login(contractmanager)
    page = client.get("/tariefontwerp/import")
    assert page.status_code == 200 and "multipart/form-data" in page.content.decode()
    response = client.post("/tariefontwerp/import", {
        "naam": "Oude P×Q Zwolle", "referentiejaar": "2017",
        "bestand": SimpleUploadedFile("historie.csv", csv_bestand(), content_type="text/csv"),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    historie = Historie.objects.get(naam="Oude P×Q Zwolle")
    assert historie.bron == Historie.Bron.IMPORT and not historie.is_synthetisch
    assert historie.regels.count() == 16
    assert Historieregel.objects.filter(historie=historie, bedrag=Decimal("2100.00")).count() == 1
    done = client.get(response["Location"]).content.decode()
    assert "16 regels, 15 cliënten, 3 oude producten" in done

    # the mapping proposed from the data, through the page; transport has no re-assessed client: listed
    url = f"/tariefontwerp/koppeling?historie={historie.uuid}"
    assert client.post(url, {"actie": "voorstel"}).status_code == 302
    mapping = dict(Productkoppeling.objects.filter(historie=historie).values_list("product_code", "profiel__code"))
    assert mapping == {"OUD-A": "P01", "OUD-B": "P02"}
    assert "nog niet gekoppeld" in client.get(url).content.decode()

    # the design proposes from it (hand-computed): client C00 also had EUR 50 transport
    r = selectors.ontwerp(user=contractmanager, historie=historie, inkoopmodel=ijsselland)
    p01, p02 = cel(r, "P01"), cel(r, "P02")
    assert p01["aantal"] == 12 and p01["voorstel"] == Decimal("1554.17")  # (18,600 + 50) / 12
    assert p01["mediaan"] == Decimal("1550.00") and p01["duur_maanden_gemiddeld"] == 3.9  # 120 days
    assert p02["aantal"] == 3 and p02["te_weinig"] and p02["voorstel"] is None  # below the minimum of 10
    assert r["aantal_voorstellen"] == 1
    assert [p["product_code"] for p in r["niet_gekoppeld"]] == ["OUD-V"]
    assert r["budget"]["referentie"] == Decimal("18650.00") and r["budget"]["budgetneutraal"]
    html = client.get(f"/tariefontwerp/?historie={historie.uuid}").content.decode()
    assert "€\u00a01.554,17" in html and "OUD-V" in html and "minder dan 10" in html

    # saving is refused while the transport product is undecided; then saved as one draft
    save = client.post(f"/tariefontwerp/?historie={historie.uuid}", {"ingangsdatum": "2027-01-01"})
    assert save.status_code == 200 and "producten_niet_gekoppeld" in save.content.decode()
    client.post(url, {"product": "OUD-V", "cel": ""})
    assert Productkoppeling.objects.get(historie=historie, product_code="OUD-V").profiel is None
    assert client.post(f"/tariefontwerp/?historie={historie.uuid}", {"ingangsdatum": "2027-01-01"}).status_code == 302
    draft = Tarief.objects.get(status=Tarief.Status.CONCEPT, product__inkoopmodel=ijsselland)
    assert draft.bedrag == Decimal("1554.17") and draft.product.code == "P01-P" and not draft.illustratief


def test_excel_import_reads_the_same(contractmanager, regio, ijsselland):
    historie = services.historie_importeren(regio=regio, naam="xlsx", referentiejaar=2017,
                                            bestand=io.BytesIO(xlsx_bestand()), bestandsnaam="Historie.XLSX",
                                            door=contractmanager)  # fmt: skip
    assert historie.regels.count() == 16
    assert set(historie.regels.values_list("gemeente__cbs_code", flat=True)) == {"0193"}
    services.koppeling_voorstellen(historie=historie, inkoopmodel=ijsselland, door=contractmanager)
    r = selectors.ontwerp(user=contractmanager, historie=historie, inkoopmodel=ijsselland)
    assert cel(r, "P01")["voorstel"] == Decimal("1554.17")


def _import(user, regio, inhoud, naam="historie.csv", jaar=2017):
    return services.historie_importeren(regio=regio, naam="fout", referentiejaar=jaar, inhoud=inhoud,
                                        bestandsnaam=naam, door=user)  # fmt: skip


def _xlsx_met_formule() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(KOP)
    ws.append(["C1", "0193", "", "OUD-A", "", "uur", 1, "=10*10", dt.datetime(2017, 1, 1), dt.datetime(2017, 2, 1)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "inhoud,naam,code",
    [
        (csv_bestand([["C1", "0193", "", "OUD-A", "", "uur", "1", "=HYPERLINK(1)", "2017-01-01", "2017-01-31"]]),
         "h.csv", "formule_in_bestand"),
        (_xlsx_met_formule(), "h.xlsx", "formule_in_bestand"),
        (csv_bestand([["C1", "9999", "", "OUD-A", "", "uur", "1", "10", "2017-01-01", "2017-01-31"]]), "h.csv",
         "gemeente_onbekend"),
        (csv_bestand([["C1", "0193", "", "OUD-A", "", "uur", "1", "10", "2016-01-01", "2016-01-31"]]), "h.csv",
         "buiten_referentiejaar"),
        (csv_bestand([["C1", "0193", "", "OUD-A", "", "uur", "1", "1.234", "2017-01-01", "2017-01-31"]]), "h.csv",
         "regel_ongeldig"),  # ambiguous amount
        (csv_bestand([["C1", "0193", "", "OUD-A", "", "uur", "1", "-10", "2017-01-01", "2017-01-31"]]), "h.csv",
         "waarde_ongeldig"),
        (csv_bestand([], kop=["client", "product"]), "h.csv", "kolommen_ontbreken"),
        (csv_bestand([]), "h.csv", "periode_zonder_data"),
        (b"", "h.csv", "periode_zonder_data"),
        (b"\xff\xfeno", "h.csv", "bestand_ongeldig"),
        (b"PK\x03\x04rubbish", "h.xlsx", "bestand_ongeldig"),
        (b"client;gemeente", "h.ods", "bestandstype_onbekend"),
    ],
    # The xlsx bytes carry a creation time: ids must not come from the content, or the xdist
    # workers collect different tests.
    ids=lambda waarde: waarde if isinstance(waarde, str) else "inhoud",
)  # fmt: skip
def test_bad_files_refused_nothing_saved(contractmanager, regio, inhoud, naam, code):
    with pytest.raises(ValidationFailed) as err:
        _import(contractmanager, regio, inhoud, naam)
    assert err.value.code == code
    assert not Historie.objects.filter(naam="fout").exists()


def test_limits_bytes_and_lines(contractmanager, regio, settings, client):
    settings.TARIEFONTWERP_IMPORT_MAX_REGELS = 10
    with pytest.raises(ValidationFailed) as err:
        _import(contractmanager, regio, csv_bestand())
    assert err.value.code == "te_veel_regels"
    settings.TARIEFONTWERP_IMPORT_MAX_BYTES = 500
    with pytest.raises(ValidationFailed) as err:
        _import(contractmanager, regio, csv_bestand())
    assert err.value.code == "bestand_te_groot"
    # the page stops reading the upload at the limit (streamed), and says so
    client.force_login(contractmanager)
    r = client.post("/tariefontwerp/import", {"naam": "groot", "referentiejaar": "2017",
                                              "bestand": SimpleUploadedFile("h.csv", b"x" * 5000)})  # fmt: skip
    assert r.status_code == 400 and "bestand_te_groot" in r.content.decode()
    assert not Historie.objects.exists()


def test_reference_year_and_name_checked(contractmanager, regio):
    with pytest.raises(ValidationFailed) as err:
        _import(contractmanager, regio, csv_bestand(), jaar=2999)
    assert err.value.code == "referentiejaar_ongeldig"


def test_import_only_for_roles_that_manage_the_catalogue(make_user, zwolle, regio, client):
    financien = make_user("fin", "gemeente-financien", gemeente=zwolle)
    with pytest.raises(NotAllowed):
        _import(financien, regio, csv_bestand())
    client.force_login(financien)
    assert client.get("/tariefontwerp/import").status_code == 403
    assert client.get("/tariefontwerp/").status_code == 403
    assert client.get("/tariefontwerp/herziening").status_code == 403
    r = client.post("/tariefontwerp/import", {"naam": "x", "referentiejaar": "2017",
                                              "bestand": SimpleUploadedFile("h.csv", csv_bestand())})  # fmt: skip
    assert r.status_code == 403 and not Historie.objects.exists()


def test_cli_designs_from_an_imported_history(contractmanager, regio, capsys):
    historie = _import(contractmanager, regio, csv_bestand())
    call_command("tariefontwerp", "--historie", str(historie.uuid), "--voorstel-koppeling", "--compact")
    out = json.loads(capsys.readouterr().out)
    assert out["aantal_voorstellen"] == 1 and out["clienten"] == 15
    assert [p["product_code"] for p in out["niet_gekoppeld"]] == ["OUD-V"]
    assert next(c for c in out["cellen"] if c["profiel"] == "P01" and c["intensiteit"] == "perspectief")[
        "voorstel"
    ] == "1554.17"
    with pytest.raises(CommandError) as err:
        call_command("tariefontwerp", "--historie", str(historie.uuid), "--opslaan", "2027-01-01")
    assert "producten_niet_gekoppeld" in str(err.value)  # the unmapped transport product blocks saving
    with pytest.raises(CommandError):
        call_command("tariefontwerp", "--historie", "geen-uuid")
