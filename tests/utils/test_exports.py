"""The one CSV/Excel writer: formula-like text comes out inert, numbers and dates stay typed."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from uitkomst.utils import exports

KWAAD = '=HYPERLINK("http://x.invalid","klik")'
KOP = ["Aanbieder", "Bedrag", "Datum", "Aantal"]
RIJEN = [
    [KWAAD, Decimal("-125.00"), dt.date(2025, 3, 31), 3],
    ["+31 6 1234", Decimal("38500.00"), None, -2],
    ["@SUM(A1)", Decimal("0.10"), dt.date(2025, 1, 1), 1.5],
    ["-2+3", None, None, None],
    ["\tverborgen", None, None, None],
    ["\rterug", None, None, None],
    ["Jeugdhulp Zwolle B.V.", None, None, None],
]


def _csv(rijen):
    tekst = exports.csv_bytes(KOP, rijen).decode("utf-8")
    assert tekst.startswith("\ufeff") and "\r\n" in tekst
    return list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("tekst", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_neutraliseer(tekst):
    assert exports.neutraliseer(tekst) == "'" + tekst


def test_ordinary_text_is_left_alone():
    assert exports.neutraliseer("Zwolle") == "Zwolle"
    assert exports.neutraliseer("") == ""


def test_csv_neutralises_formula_text_but_keeps_numbers():
    rijen = _csv(RIJEN)
    assert rijen[0] == KOP
    aanbieder = [r[0] for r in rijen[1:]]
    assert aanbieder == [
        "'" + KWAAD, "'+31 6 1234", "'@SUM(A1)", "'-2+3", "'\tverborgen", "'\rterug", "Jeugdhulp Zwolle B.V."
    ]  # fmt: skip
    assert rijen[1][1:] == ["-125.00", "2025-03-31", "3"]  # a credit amount is a number, not a formula
    assert rijen[2][1:] == ["38500.00", "", "-2"]


def test_xlsx_neutralises_formula_text_and_keeps_typed_cells():
    inhoud = exports.xlsx_bytes([exports.Blad(naam="Lijst: a/b", kop=KOP, rijen=RIJEN, voorregels=["Titel"])])
    wb = load_workbook(io.BytesIO(inhoud))
    ws = wb.active
    assert ws.title == "Lijst- a-b"  # Excel forbids : and / in sheet names
    assert ws["A1"].value == "Titel" and ws["A1"].font.bold and ws["A2"].value == "Aanbieder" and ws["A2"].font.bold
    cel = ws["A3"]
    assert cel.value == "'" + KWAAD and cel.data_type == "s"  # a string, never a formula ("f")
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws["B3"].value == -125 and ws["B3"].data_type == "n" and ws["B3"].number_format == "#,##0.00"
    assert ws["C3"].value == dt.datetime(2025, 3, 31) and ws["C3"].is_date
    assert ws["D3"].value == 3 and ws["D5"].value == 1.5
    assert ws["B5"].value == pytest.approx(0.10)


def test_aware_datetimes_become_local_time_in_both_formats():
    moment = dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC)  # 12:00 in Amsterdam (summer time)
    assert _csv([["x", None, moment, None]])[1][2] == "2025-06-01 12:00:00"
    ws = load_workbook(io.BytesIO(exports.xlsx_bytes([exports.Blad("B", KOP, [["x", None, moment, None]])]))).active
    assert ws["C2"].value == dt.datetime(2025, 6, 1, 12, 0)


def test_tabel_response_csv_and_xlsx():
    r = exports.tabel_response(formaat="csv", bestandsnaam="lijst 2025", kop=KOP, rijen=RIJEN, titel="T")
    assert r["Content-Type"].startswith("text/csv")
    assert r["Content-Disposition"] == 'attachment; filename="lijst_2025.csv"'
    assert b"'=HYPERLINK" in r.content
    r = exports.tabel_response(formaat="xlsx", bestandsnaam="lijst", kop=KOP, rijen=RIJEN, titel="T")
    assert r["Content-Type"] == exports.XLSX
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == ["T", "Aanbieder", "'" + KWAAD]
