"""Excel downloads of the reports (openpyxl): one sheet per table, a header row in bold."""

from __future__ import annotations

import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def werkboek(bestandsnaam: str, titel: str, bladen: list[tuple[str, list[str], list[list]]]) -> HttpResponse:
    wb = Workbook()
    wb.remove(wb.active)
    for naam, kop, rijen in bladen:
        ws = wb.create_sheet(naam[:31])
        ws.append([titel])
        ws["A1"].font = Font(bold=True)
        ws.append(["Cellen met minder trajecten dan de drempel zijn onderdrukt (—); alle demogegevens zijn verzonnen."])
        ws.append(kop)
        for c in ws[3]:
            c.font = Font(bold=True)
        for r in rijen:
            ws.append([_waarde(v) for v in r])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}.xlsx"'
    return response


def _waarde(v):
    from decimal import Decimal

    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, tuple):
        return " – ".join(f"{x:.3f}" for x in v)
    return v


def indicator_rijen(tabel) -> tuple[list[str], list[list]]:
    kop = ["Groep", "Trajecten"]
    for i in tabel.indicatoren:
        kop += [f"{i.naam} n", f"{i.naam} aandeel", f"{i.naam} 95%-BI laag", f"{i.naam} 95%-BI hoog", f"{i.naam} regio"]
    kop += ["Tevredenheid gemiddeld", "Extra vraag gemiddeld", "Uitgevraagd", "Respons", "Responspercentage"]
    rijen = []
    for r in [*tabel.rijen, tabel.benchmark]:
        row = [r.label, f"< {tabel.min_n}" if r.onderdrukt else r.aantal]
        for i in tabel.indicatoren:
            c = r.cellen[i.code]
            if c.onderdrukt:
                row += [f"< {tabel.min_n}", None, None, None, c.benchmark]
            else:
                row += [c.n, c.aandeel, c.ci[0] if c.ci else None, c.ci[1] if c.ci else None, c.benchmark]
        t = r.tevredenheid
        row += [
            t.gemiddelde,
            t.extra_vraag,
            None if t.onderdrukt else t.uitgevraagd,
            f"< {tabel.min_n}" if t.onderdrukt else t.respons,
            t.responspercentage,
        ]
        rijen.append(row)
    return kop, rijen


def budget_rijen(overzichten, per: str = "maand") -> tuple[list[str], list[list]]:
    kop = ["Gemeente", "Periode", "Gerealiseerd", "Verplicht", "Verwachte instroom", "Totaal", "Plafond"]
    rijen = []
    for o in overzichten:
        perioden = (
            [(m.label, m.gerealiseerd, m.verplicht, m.instroom, m.totaal) for m in o.maanden]
            if per == "maand"
            else [(f"{o.jaar}-K{k.kwartaal}", k.gerealiseerd, k.verplicht, k.instroom, k.totaal) for k in o.kwartalen]
        )
        for p in perioden:
            rijen.append([o.gemeente.naam, *p, None])
        rijen.append([o.gemeente.naam, f"{o.jaar} totaal (prognose)", o.gerealiseerd, o.verplicht, o.instroom,
                      o.prognose, o.plafond])  # fmt: skip
    return kop, rijen
