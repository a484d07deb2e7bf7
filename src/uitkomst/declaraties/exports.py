"""A payment run as CSV or Excel for the municipal finance system (one municipality per run).

Both go through ``uitkomst.utils.exports``: formula-like text is neutralised, amounts stay typed.
"""

from __future__ import annotations

from decimal import Decimal

from uitkomst.utils.exports import Blad, csv_bytes, xlsx_bytes

from .models import Betaalronde
from .selectors import EXPORT_KOLOMMEN, export_rijen


def betaalronde_csv(ronde: Betaalronde) -> bytes:
    rijen = export_rijen(ronde=ronde)
    totaal = sum((rij["bedrag"] for rij in rijen), Decimal("0.00"))
    regels = [[rij[k] for k in EXPORT_KOLOMMEN] for rij in rijen]
    regels.append(["TOTAAL", ronde.gemeente.cbs_code, *[""] * 14, totaal, "", ""])
    return csv_bytes(EXPORT_KOLOMMEN, regels)


def betaalronde_xlsx(ronde: Betaalronde) -> bytes:
    regels = Blad(
        naam="Regels",
        kop=EXPORT_KOLOMMEN,
        rijen=([rij[k] for k in EXPORT_KOLOMMEN] for rij in export_rijen(ronde=ronde)),
    )
    specificaties = [
        [s.aanbieder.naam, s.aanbieder.agb_code, s.aantal_regels, s.debet, s.credit, s.totaal]
        for s in ronde.specificaties.select_related("aanbieder")
    ]
    specificaties.append(["Totaal", "", ronde.aantal_regels, None, None, ronde.totaal])
    spec = Blad(
        naam="Specificatie", kop=["Aanbieder", "AGB", "Regels", "Debet", "Credit", "Te betalen"], rijen=specificaties
    )
    return xlsx_bytes([regels, spec])
