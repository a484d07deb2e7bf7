"""The one writer of tables as CSV and Excel: payment runs, tariff lists, contract overviews, reports.

Every download goes through here, so every download is safe to open in a spreadsheet:

- **Formula injection** (CSV/DDE injection, OWASP): a text cell that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return would be run as a formula by Excel or LibreOffice. Such text
  (a provider named ``=HYPERLINK("…")``) is written with a leading apostrophe, which spreadsheets
  show as plain text. Only *text* is neutralised: numbers, ``Decimal`` amounts (also negative
  credit amounts) and dates stay real typed cells in Excel and plain values in CSV.
- **CSV** as Dutch Excel reads it: UTF-8 with a byte-order mark, ``;`` between fields, CRLF line
  ends; amounts in machine notation (``-125.00``) so finance systems read them unambiguously;
  dates as ISO 8601.
- **Excel** in openpyxl's write-only (streaming) mode, so a run of thousands of lines stays fast and
  small; optional lines above the header (the first one bold), a bold header, ``Decimal`` cells
  formatted ``#,##0.00``. A value wrapped in ``Opmaak`` carries its own number format (euro,
  percentage), bold or a fill colour; text inside it is neutralised all the same. A sheet may set
  column widths and freeze the rows above and the columns left of a cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
GELD_FORMAAT = "#,##0.00"
EURO_FORMAAT = '"€" #,##0.00;"€" -#,##0.00'
EURO_HEEL_FORMAAT = '"€" #,##0;"€" -#,##0'
PERCENTAGE_FORMAAT = "0.0%"
_BLADNAAM_VERBODEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Blad:
    """One sheet: optional lines above the header, the header, the rows."""

    naam: str
    kop: Sequence[str]
    rijen: Iterable[Sequence]
    voorregels: Sequence[str] = ()
    breedtes: Sequence[float] = ()  # column widths in characters, from column A on (Excel only)
    vastzetten: str | None = None  # e.g. "B4": freeze the rows above and the columns left of it (Excel only)


@dataclass(frozen=True)
class Opmaak:
    """A cell value with its own look in Excel: a number format, bold, a fill colour (hex RRGGBB).
    CSV writes the bare value; text is neutralised like any other text."""

    waarde: object
    formaat: str | None = None
    vet: bool = False
    vulling: str | None = None


def _kaal(value):
    return value.waarde if isinstance(value, Opmaak) else value


def neutraliseer(tekst: str) -> str:
    """Text that a spreadsheet would take for a formula, made inert with a leading apostrophe."""
    return f"'{tekst}" if tekst.startswith(FORMULE_TEKENS) else tekst


def _naief(moment: dt.datetime) -> dt.datetime:
    """Excel has no time zones: local (Amsterdam) time without tzinfo."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def csv_waarde(value) -> str:
    value = _kaal(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime):
        return _naief(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutraliseer(str(value))


def xlsx_waarde(value):
    value = _kaal(value)
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return _naief(value) if isinstance(value, dt.datetime) else value
    return neutraliseer(str(value))


def csv_bytes(kop: Sequence[str], rijen: Iterable[Sequence], *, scheiding: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=scheiding, lineterminator="\r\n")
    writer.writerow([csv_waarde(k) for k in kop])
    for rij in rijen:
        writer.writerow([csv_waarde(v) for v in rij])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def bladnaam(naam: str) -> str:
    """A valid sheet name: at most 31 characters, none of []:*?/\\."""
    return _BLADNAAM_VERBODEN.sub("-", naam)[:31] or "Blad"


def xlsx_bytes(bladen: Sequence[Blad]) -> bytes:
    wb = Workbook(write_only=True)
    for blad in bladen:
        ws = wb.create_sheet(bladnaam(blad.naam))

        def cel(value, *, vet: bool = False, ws=ws):
            opmaak = value if isinstance(value, Opmaak) else None
            c = WriteOnlyCell(ws, value=xlsx_waarde(value))
            if vet or (opmaak and opmaak.vet):
                c.font = Font(bold=True)
            if opmaak and opmaak.formaat:
                c.number_format = opmaak.formaat
            elif not vet and isinstance(_kaal(value), Decimal):
                c.number_format = GELD_FORMAAT
            if opmaak and opmaak.vulling:
                c.fill = PatternFill("solid", start_color=opmaak.vulling, end_color=opmaak.vulling)
            return c

        for i, breedte in enumerate(blad.breedtes):
            ws.column_dimensions[get_column_letter(i + 1)].width = breedte
        if blad.vastzetten:
            ws.freeze_panes = blad.vastzetten
        for i, regel in enumerate(blad.voorregels):
            ws.append([cel(regel, vet=i == 0)])
        ws.append([cel(k, vet=True) for k in blad.kop])
        for rij in blad.rijen:
            ws.append([cel(v) for v in rij])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def download(inhoud: bytes, bestandsnaam: str) -> HttpResponse:
    """A file as an attachment; the content type follows the extension (.csv or .xlsx)."""
    content_type = CSV if bestandsnaam.endswith(".csv") else XLSX
    response = HttpResponse(inhoud, content_type=content_type)
    veilig = re.sub(r"[^\w.-]", "_", bestandsnaam, flags=re.ASCII)
    response["Content-Disposition"] = f'attachment; filename="{veilig}"'
    return response


def tabel_response(
    *,
    formaat: str,
    bestandsnaam: str,
    kop: Sequence[str],
    rijen: Iterable[Sequence],
    titel: str | None = None,
    voorregels: Sequence[str] = (),
) -> HttpResponse:
    """One table as ``.csv`` (header and rows only) or ``.xlsx`` (title and notes above the header)."""
    if formaat == "csv":
        return download(csv_bytes(kop, rijen), f"{bestandsnaam}.csv")
    regels = [titel, *voorregels] if titel else list(voorregels)
    blad = Blad(naam=titel or bestandsnaam, kop=kop, rijen=rijen, voorregels=regels)
    return download(xlsx_bytes([blad]), f"{bestandsnaam}.xlsx")


def werkboek_response(bestandsnaam: str, bladen: Sequence[Blad]) -> HttpResponse:
    return download(xlsx_bytes(bladen), f"{bestandsnaam}.xlsx")
