"""Hostile invoice uploads are refused quickly, with a Dutch message and a stable code, while reading:
no file costs more than the caps allow (issue 12, point 5)."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import pytest

from uitkomst.declaraties import uploads
from uitkomst.declaraties.uploads import lees_bestand
from uitkomst.utils.errors import ValidationFailed

from .bestanden import getal_rijen, miljoen_rijen, xlsx

VANDAAG = dt.date(2026, 6, 1)
KOP = "toewijzingnummer;begindatum;einddatum;bedrag\n"
REGEL = "TW1;2026-03-01;2026-03-31;10,00\n"


def weigering(naam: str, inhoud: bytes) -> tuple[ValidationFailed, float]:
    start = time.process_time()  # CPU time: a loaded machine makes wall time meaningless
    with pytest.raises(ValidationFailed) as e:
        lees_bestand(naam=naam, inhoud=inhoud, vandaag=VANDAAG)
    return e.value, time.process_time() - start


@pytest.fixture(scope="module")
def miljoen_xlsx() -> bytes:
    return xlsx(miljoen_rijen())


def test_xlsx_van_1_mb_met_een_miljoen_rijen_binnen_2_seconden_geweigerd(miljoen_xlsx):
    assert 900_000 < len(miljoen_xlsx) < 1_400_000  # about 1 MB on disk, some 27 MB unpacked
    err, duur = weigering("factuur.xlsx", miljoen_xlsx)
    assert err.code == "upload_te_groot"
    assert "meer dan 20000 regels" in err.message.lower()
    # CPU time; measured 0.2-0.3 s on the project machine; the old reader took minutes.
    assert duur < 2.0, f"{duur:.2f} s"


def test_xlsx_met_opgeblazen_zip_geweigerd_voor_openen(settings):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", " " * (60 * 1024 * 1024))  # 60 MB of spaces: ~60 kB zipped
    bom = buf.getvalue()
    assert len(bom) < 200_000
    err, duur = weigering("bom.xlsx", bom)
    assert err.code == "upload_te_groot" and "uitgepakt te groot" in err.message
    assert duur < 0.5


def test_uitgepakte_grens_is_een_instelling(settings):
    inhoud = xlsx(getal_rijen(3))
    settings.DECLARATIE_UPLOAD_MAX_UITGEPAKT = 1000
    assert weigering("a.xlsx", inhoud)[0].code == "upload_te_groot"


def test_xlsx_met_te_veel_zip_onderdelen():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(uploads.MAX_ZIP_ONDERDELEN + 1):
            zf.writestr(f"x{i}.xml", "")
    assert weigering("a.xlsx", buf.getvalue())[0].code == "upload_ongeldig"


def test_xlsx_met_valse_dimensie_en_cel_ver_rechts():
    # The dimension claims the whole sheet; one row holds a cell in column XFD (16,384).
    rijen = ['<row r="1"><c r="A1" t="inlineStr"><is><t>toewijzingnummer</t></is></c>'
             '<c r="XFD1"><v>1</v></c></row>']  # fmt: skip
    err, duur = weigering("a.xlsx", xlsx(rijen, dimensie="A1:XFD1048576"))
    assert err.code == "upload_te_groot" and "kolommen" in err.message
    assert duur < 1.0


def test_xlsx_met_rij_nummer_een_miljoen():
    # One row at r=1048576: the reader would make up a million empty rows before it.
    rijen = ['<row r="1"><c r="A1" t="inlineStr"><is><t>toewijzingnummer</t></is></c></row>',
             '<row r="1048576"><c r="A1048576"><v>1</v></c></row>']  # fmt: skip
    err, duur = weigering("a.xlsx", xlsx(rijen))
    assert err.code == "upload_te_groot"
    assert duur < 1.0


def test_xlsx_zonder_werkblad():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    assert weigering("a.xlsx", buf.getvalue())[0].code == "upload_ongeldig"


def test_csv_met_een_miljoen_lege_regels_snel_geweigerd():
    inhoud = (KOP + REGEL + "\n" * 1_000_000).encode()
    assert len(inhoud) < 1_100_000
    err, duur = weigering("a.csv", inhoud)
    assert err.code == "upload_te_groot"
    assert duur < 2.0, f"{duur:.2f} s"


def test_csv_met_te_veel_regels():
    inhoud = (KOP + REGEL * (uploads.MAX_REGELS + 1)).encode()
    err, _ = weigering("a.csv", inhoud)
    assert err.code == "upload_te_groot" and "20000" in err.message


def test_csv_met_te_veel_kolommen():
    inhoud = (KOP + ";".join(["1"] * (uploads.MAX_CELLEN_PER_RIJ + 1)) + "\n").encode()
    err, _ = weigering("a.csv", inhoud)
    assert err.code == "upload_te_groot" and "kolommen" in err.message


def test_csv_met_lege_kolommen_rechts_mag():
    inhoud = (KOP.rstrip("\n") + ";" * 80 + "\n" + REGEL.rstrip("\n") + ";" * 80 + "\n").encode()
    assert lees_bestand(naam="a.csv", inhoud=inhoud, vandaag=VANDAAG)[0].referentie == "TW1"


def test_csv_met_een_te_lange_waarde():
    inhoud = (KOP + "TW" + "1" * uploads.MAX_TEKENS_PER_CEL + ";2026-03-01;2026-03-31;10,00\n").encode()
    err, _ = weigering("a.csv", inhoud)
    assert err.code == "upload_te_groot" and "tekens" in err.message


@pytest.mark.parametrize(
    "inhoud",
    [
        pytest.param(KOP.encode() + b'"' + b"x" * 200_000 + b'"\n', id="veld-boven-csv-limiet"),
        pytest.param(KOP.encode() + b"TW1;2026\x00-03-01;2026-03-31;1\n", id="nul-byte"),
    ],
)
def test_csv_die_de_lezer_niet_aankan_is_ongeldig(inhoud):
    err, _ = weigering("a.csv", inhoud)
    assert err.code in {"upload_ongeldig", "upload_te_groot"}
    assert err.message.startswith("Het CSV-bestand") or "tekens" in err.message


def test_gewone_xlsx_wordt_nog_gelezen():
    rijen = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>toewijzingnummer</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>begindatum</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>einddatum</t></is></c>'
        '<c r="D1" t="inlineStr"><is><t>bedrag</t></is></c></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>TW1</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>2026-03-01</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>2026-03-31</t></is></c>'
        '<c r="D2"><v>12.5</v></c></row>',
    ]
    regels = lees_bestand(naam="a.xlsx", inhoud=xlsx(rijen, dimensie="A1:D2"), vandaag=VANDAAG)
    assert [(r.referentie, str(r.bedrag)) for r in regels] == [("TW1", "12.50")]
