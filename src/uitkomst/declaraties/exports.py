"""A payment run as CSV or Excel for the municipal finance system (one municipality per run)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import Betaalronde
from .selectors import EXPORT_KOLOMMEN, export_rijen


def _tekst(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def betaalronde_csv(ronde: Betaalronde) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_KOLOMMEN)
    rijen = export_rijen(ronde=ronde)
    for rij in rijen:
        writer.writerow([_tekst(rij[k]) for k in EXPORT_KOLOMMEN])
    totaal = sum((rij["bedrag"] for rij in rijen), Decimal("0.00"))
    writer.writerow(["TOTAAL", ronde.gemeente.cbs_code, *[""] * 14, f"{totaal:.2f}", "", ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def betaalronde_xlsx(ronde: Betaalronde) -> bytes:
    wb = Workbook(write_only=True)  # streaming: a run of thousands of lines stays fast
    ws = wb.create_sheet("Regels")

    def kop(ws, namen):
        cells = []
        for naam in namen:
            cell = WriteOnlyCell(ws, value=naam)
            cell.font = Font(bold=True)
            cells.append(cell)
        ws.append(cells)

    def geld(ws, value):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "#,##0.00"
        return cell

    kop(ws, EXPORT_KOLOMMEN)
    for rij in export_rijen(ronde=ronde):
        ws.append([geld(ws, rij[k]) if k in ("bedrag", "tarief") and rij[k] != "" else rij[k] for k in EXPORT_KOLOMMEN])
    spec = wb.create_sheet("Specificatie")
    kop(spec, ["Aanbieder", "AGB", "Regels", "Debet", "Credit", "Te betalen"])
    for s in ronde.specificaties.select_related("aanbieder"):
        spec.append(
            [
                s.aanbieder.naam,
                s.aanbieder.agb_code,
                s.aantal_regels,
                geld(spec, s.debet),
                geld(spec, s.credit),
                geld(spec, s.totaal),
            ]
        )
    spec.append(["Totaal", "", ronde.aantal_regels, None, None, geld(spec, ronde.totaal)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
