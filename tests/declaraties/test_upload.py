"""Uploading an invoice as CSV or Excel: malformed files are refused whole, with line numbers."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from uitkomst.declaraties import services
from uitkomst.declaraties.models import Declaratie, Regelstatus
from uitkomst.declaraties.uploads import lees_bestand
from uitkomst.utils.errors import NotAllowed, ValidationFailed

from .helpers import datum

VANDAAG = dt.date(2026, 6, 1)
KOP = "toewijzingnummer;begindatum;einddatum;termijn;aantal;tarief;bedrag;crediteert\n"


def fouten(naam, inhoud):
    with pytest.raises(ValidationFailed) as e:
        lees_bestand(naam=naam, inhoud=inhoud, vandaag=VANDAAG)
    return e.value


def test_csv_goed():
    regels = lees_bestand(
        naam="maart.CSV",
        inhoud=(
            KOP + "TW00000001;2026-03-01;31-03-2026;1;;;1.590,00;\nTW00000002;2026-03-01;2026-03-31;;4;95,00;380.00;\n"
        ).encode(),
        vandaag=VANDAAG,
    )
    assert [r.regelnummer for r in regels] == [1, 2]
    assert str(regels[0].bedrag) == "1590.00" and regels[0].termijn == 1 and regels[0].einddatum == dt.date(2026, 3, 31)
    assert str(regels[1].tarief) == "95.00" and str(regels[1].aantal) == "4.00"


def test_csv_met_komma_als_scheidingsteken_en_bom():
    inhoud = "\ufefftoewijzingnummer,begindatum,einddatum,bedrag\nTW1,2026-03-01,2026-03-31,12.50\n".encode()
    assert lees_bestand(naam="a.csv", inhoud=inhoud, vandaag=VANDAAG)[0].referentie == "TW1"


def test_verkeerde_kolommen():
    e = fouten("a.csv", b"toewijzing;van;tot;bedrag\nTW1;2026-01-01;2026-01-31;10\n")
    codes = {p.code for p in e.problems}
    assert codes == {"kolom_onbekend", "kolom_ontbreekt"}
    assert all(p.message.startswith("Regel 1") for p in e.problems)


def test_tekst_negatief_toekomst_met_regelnummers():
    inhoud = (
        KOP
        + "TW1;2026-03-01;2026-03-31;;;;tien euro;\n"
        + "TW1;2026-03-01;2026-03-31;;-2;;10,00;\n"
        + "TW1;2026-03-01;2026-07-31;;;;10,00;\n"
        + "TW1;31-02-2026;2026-03-31;;;;10,00;\n"
        + "TW1;2026-03-01;2026-03-31;;;;-10,00;\n"
        + "TW1;2026-03-01;2026-03-31;x;;;10,123;\n"
        + ";2026-03-01;2026-03-31;;;;1;\n"
    ).encode()
    e = fouten("a.csv", inhoud)
    berichten = [p.message for p in e.problems]
    assert any(m.startswith("Regel 2, kolom bedrag: 'tien euro' is geen geldig bedrag") for m in berichten)
    assert {p.code for p in e.problems if p.field == "bedrag" and "decimalen" in p.message} == {"ongeldig_bedrag"}
    assert "Regel 3, kolom aantal: een aantal is niet negatief." in berichten
    assert any(m.startswith("Regel 4, kolom einddatum: 31-07-2026 ligt in de toekomst") for m in berichten)
    assert any(m.startswith("Regel 5, kolom begindatum: '31-02-2026' is geen datum") for m in berichten)
    assert any(m.startswith("Regel 6, kolom bedrag: een negatief bedrag") for m in berichten)
    assert any(m.startswith("Regel 7, kolom termijn") for m in berichten)
    assert any(m.startswith("Regel 7, kolom bedrag") and "twee decimalen" in m for m in berichten)
    assert "Regel 8: kolom toewijzingnummer is leeg." in berichten


def test_alleen_csv_en_xlsx_en_grootte(settings):
    assert fouten("a.xls", b"x").code == "upload_type"
    assert fouten("a.pdf", b"%PDF").code == "upload_type"
    assert fouten("a.xlsx", b"not a zip").code == "upload_ongeldig"
    assert fouten("a.xlsx", b"PK\x03\x04kapot").code == "upload_ongeldig"
    assert fouten("a.csv", b"").code == "upload_leeg"
    assert fouten("a.csv", "\xff\xfe".encode("latin-1")).code == "upload_ongeldig"
    settings.DECLARATIE_UPLOAD_MAX_BYTES = 100
    assert fouten("a.csv", (KOP + "x" * 200).encode()).code == "upload_te_groot"


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_xlsx_met_echte_datums_en_getallen():
    inhoud = xlsx(
        [
            ["Toewijzingnummer", "Begindatum", "Einddatum", "Aantal", "Tarief", "Bedrag"],
            ["TW1", dt.datetime(2026, 3, 1), dt.date(2026, 3, 31), 4, 95.5, 382],
            [None, None, None, None, None, None],
            ["TW2", "2026-03-01", "2026-03-31", "vier", None, "1"],
        ]
    )
    e = fouten("a.xlsx", inhoud)
    assert [(p.code, p.message) for p in e.problems] == [
        ("ongeldig_getal", "Regel 3, kolom aantal: 'vier' is geen geldig aantal.")
    ]
    regels = lees_bestand(
        naam="a.xlsx",
        inhoud=xlsx(
            [
                ["toewijzingnummer", "begindatum", "einddatum", "bedrag"],
                ["TW1", dt.datetime(2026, 3, 1), dt.date(2026, 3, 31), 382.5],
            ]
        ),
        vandaag=VANDAAG,
    )
    assert str(regels[0].bedrag) == "382.50" and regels[0].begindatum == dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_upload_via_de_service_niets_opgeslagen_bij_fout(maak, aanbieder_user, financien):
    tw = maak()
    kapot = (KOP + f"{tw.nummer};{datum(3, 3)};{datum(3, 31)};1;;;abc;\n").encode()
    with pytest.raises(ValidationFailed) as err:
        services.declaratie_uploaden(
            aanbieder=aanbieder_user.aanbieder,
            begindatum=datum(3, 1),
            einddatum=datum(3, 31),
            bestandsnaam="m.csv",
            inhoud=kapot,
            door=aanbieder_user,
        )
    assert err.value.code == "ongeldig_bedrag" and "Regel 2, kolom bedrag" in err.value.message
    assert Declaratie.objects.count() == 0
    goed = (
        KOP
        + f"{tw.nummer};{datum(3, 3)};{datum(3, 31)};1;;;{tw.budget / 2};\n"
        + f"{tw.nummer};{datum(3, 3)};{datum(3, 31)};2;;;{tw.budget / 2};\n"
    ).encode()
    d = services.declaratie_uploaden(
        aanbieder=aanbieder_user.aanbieder,
        begindatum=datum(3, 1),
        einddatum=datum(3, 31),
        bestandsnaam="m.csv",
        inhoud=goed,
        door=aanbieder_user,
    )
    assert d.bron == "upload"
    assert [x.status for x in d.regels.order_by("regelnummer")] == [Regelstatus.TOEGEKEND, Regelstatus.AFGEWEZEN]
    with pytest.raises(NotAllowed) as err:
        services.declaratie_uploaden(
            aanbieder=aanbieder_user.aanbieder,
            begindatum=datum(3, 1),
            einddatum=datum(3, 31),
            bestandsnaam="m.csv",
            inhoud=goed,
            door=financien,
        )
    assert err.value.code == "geen_toegang"
