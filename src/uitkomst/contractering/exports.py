"""Overview lists as Excel or CSV, as contract managers copy them into their own sheets."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def tabel_response(*, titel: str, header: list[str], rows: list[list], bestandsnaam: str, formaat: str) -> HttpResponse:
    """The same table as .xlsx (title row, bold header) or as .csv (semicolon, as Dutch Excel reads it)."""
    if formaat == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.csv"'
        return response
    wb = Workbook()
    ws = wb.active
    ws.title = titel[:31]
    ws.append([titel])
    ws["A1"].font = Font(bold=True)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.xlsx"'
    return response
