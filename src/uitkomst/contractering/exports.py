"""Overview lists as Excel or CSV, as contract managers copy them into their own sheets.

Written by ``uitkomst.utils.exports`` (formula-like text neutralised, dates and numbers typed).
"""

from __future__ import annotations

from django.http import HttpResponse

from uitkomst.utils import exports


def tabel_response(*, titel: str, header: list[str], rows: list[list], bestandsnaam: str, formaat: str) -> HttpResponse:
    """The same table as .xlsx (title row, bold header) or as .csv (semicolon, as Dutch Excel reads it)."""
    return exports.tabel_response(formaat=formaat, bestandsnaam=bestandsnaam, kop=header, rijen=rows, titel=titel)
