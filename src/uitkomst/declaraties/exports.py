"""A payment run as CSV or Excel for the municipal finance system (one municipality per run), and the
legitimacy report per provider and product as CSV or Excel for the controller.

Both go through ``uitkomst.utils.exports``: formula-like text is neutralised, amounts stay typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from uitkomst.utils.dates import format_period
from uitkomst.utils.exports import PERCENTAGE_FORMAAT, Blad, Opmaak, csv_bytes, xlsx_bytes

from .models import Betaalronde
from .selectors import EXPORT_KOLOMMEN, AanbiederRapport, export_rijen, legitimiteit_totaal


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


def _aandeel(procent: Decimal | None):
    """A percentage of the report (71.4) as an Excel share (0.714, shown 71.4%); empty when unknown."""
    return Opmaak(procent / 100, PERCENTAGE_FORMAAT) if procent is not None else None


def legitimiteit_kop() -> list[str]:
    return [_("Aanbieder"), _("Productcode"), _("Product"), _("Bekostiging"), _("Trajecten"), _("Betaald"),
            _("Gemiddeld betaald"), _("Gemiddeld tarief"), _("Verhouding (%)")]  # fmt: skip


def legitimiteit_rijen(rapport: list[AanbiederRapport], *, excel: bool = False) -> list[list]:
    """One row per provider and product, as on the page; the ratio a percentage (Excel: a typed share)."""
    return [
        [a.naam, p.code or "", p.naam or "", p.bekostiging_label, p.trajecten, p.betaald, p.gemiddeld,
         p.gemiddeld_budget, _aandeel(p.verhouding) if excel else (p.verhouding if p.verhouding is not None else "")]
        for a in rapport
        for p in a.producten
    ]  # fmt: skip


def legitimiteit_xlsx(rapport: list[AanbiederRapport], *, van: dt.date | None, tot: dt.date | None) -> bytes:
    periode = format_period(van, tot) if van else (_("tot en met %s") % tot.strftime("%d-%m-%Y") if tot else _("alles"))
    voorregels = [
        _("Legitimiteit per aanbieder"),
        _("Periode: %s") % periode,
        _("Alleen goedgekeurde en betaalde regels, na verrekening van creditregels."),
    ]
    aanbieders = Blad(
        naam=_("Per aanbieder"),
        kop=[
            _("Aanbieder"),
            _("Besteed"),
            _("Trajecten"),
            _("Vaste trajecten"),
            _("Volledig betaald"),
            _("Aandeel volledig betaald"),
        ],
        rijen=[
            *(
                [a.naam, a.besteed, a.trajecten, a.vaste_trajecten, a.volledig_betaald, _aandeel(a.aandeel_volledig)]
                for a in rapport
            ),
            [Opmaak(_("Totaal"), vet=True), Opmaak(legitimiteit_totaal(rapport), vet=True)],
        ],
        voorregels=voorregels,
        breedtes=(40, 16, 12, 14, 16, 22),
        vastzetten="B5",
    )
    producten = Blad(
        naam=_("Per product"),
        kop=legitimiteit_kop(),
        rijen=legitimiteit_rijen(rapport, excel=True),
        voorregels=voorregels,
        breedtes=(40, 12, 36, 16, 12, 16, 18, 18, 14),
        vastzetten="B5",
    )
    return xlsx_bytes([aanbieders, producten])


def legitimiteit_csv(rapport: list[AanbiederRapport]) -> bytes:
    return csv_bytes(legitimiteit_kop(), legitimiteit_rijen(rapport))
