"""Budget per municipality per year: spent, approved-not-final, committed, expected inflow and the
forecast against a fictitious local ceiling (IJsselland: "lokaal een fictief budgetplafond instellen").

The definitions (also in ``docs/uitkomsten.md``; every page, export and signal reads them from
``budget_prognose``). For a year and a reference date (peildatum), split in months by the start of the
invoice period or the installment:

- spent (gerealiseerd, "besteed"): invoice lines with final approval (goedgekeurd) or paid (betaald), net
  of credits, in any month of the year;
- approved-not-final (toegekend, "wacht op definitieve goedkeuring"): lines that passed the checks
  (toegekend) but wait for the municipality's final approval, net of credits, in any month of the year;
- committed (verplicht): the fixed budgets of running assignments (trajectory assigned, accepted or
  started), apportioned over months by the product's payment schedule (start, end, monthly shares;
  without a schedule evenly over the assigned months), installments due from the reference month on,
  less what is already invoiced (spent or approved-not-final) on running assignments for that month
  (never below zero): an invoiced installment counts once. Installments before the reference month are
  in the invoice figures or not due;
- expected inflow (instroom): new assignments per month over the last N full months (default 6),
  a least-squares trend projected over the remaining months (never below zero), valued at the average
  budget of those recent assignments per product in the month they start;
- forecast (prognose) = spent + approved-not-final + committed + inflow; utilisation (benutting) =
  forecast / ceiling; a signal when the forecast passes the ceiling.

Every figure comes from the summaries in ``samenvatting`` (invoice lines per municipality, month and
status; assignments per municipality, product, start and end month), grouped in SQL and refreshed
only where rows changed; Python only spreads a few thousand groups over the months.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Sum

from uitkomst.catalogus.models import Betaaltermijn, Product
from uitkomst.declaraties.models import Regelstatus
from uitkomst.utils import db

from . import samenvatting
from .models import Budgetplafond, Declaratiecel, Toewijzingcel

NUL = Decimal("0.00")
GEREALISEERD = (Regelstatus.GOEDGEKEURD, Regelstatus.BETAALD)  # spent: final approval or paid
TOEGEKEND = (Regelstatus.TOEGEKEND,)  # approved by the checks, waiting for final approval
GEDECLAREERD = GEREALISEERD + TOEGEKEND


def trendmaanden() -> int:
    """Months of recent inflow the forecast extrapolates (``settings.BUDGET_TRENDMAANDEN``, default 6)."""
    return int(settings.BUDGET_TRENDMAANDEN)


def cent(x) -> Decimal:
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def maand_index(jaar: int, maand: int) -> int:
    return jaar * 12 + (maand - 1)


def maand_van(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


@dataclass
class Maand:
    jaar: int
    maand: int
    gerealiseerd: Decimal = NUL
    verplicht: Decimal = NUL
    instroom: Decimal = NUL
    instroom_aantal: float = 0.0
    cumulatief: Decimal = NUL
    toegekend: Decimal = NUL

    @property
    def totaal(self) -> Decimal:
        return self.gerealiseerd + self.toegekend + self.verplicht + self.instroom

    @property
    def label(self) -> str:
        return f"{self.jaar}-{self.maand:02d}"


@dataclass
class Kwartaal:
    kwartaal: int
    gerealiseerd: Decimal
    verplicht: Decimal
    instroom: Decimal
    toegekend: Decimal = NUL

    @property
    def totaal(self) -> Decimal:
        return self.gerealiseerd + self.toegekend + self.verplicht + self.instroom


@dataclass
class Budgetoverzicht:
    gemeente: object
    jaar: int
    peildatum: dt.date
    plafond: Decimal | None
    maanden: list[Maand]
    gemiddelde_prijs: Decimal | None = None
    trend_per_maand: float | None = None
    kwartalen: list[Kwartaal] = field(default_factory=list)

    @property
    def gerealiseerd(self) -> Decimal:
        return sum((m.gerealiseerd for m in self.maanden), NUL)

    @property
    def toegekend(self) -> Decimal:
        return sum((m.toegekend for m in self.maanden), NUL)

    @property
    def verplicht(self) -> Decimal:
        return sum((m.verplicht for m in self.maanden), NUL)

    @property
    def instroom(self) -> Decimal:
        return sum((m.instroom for m in self.maanden), NUL)

    @property
    def prognose(self) -> Decimal:
        return self.gerealiseerd + self.toegekend + self.verplicht + self.instroom

    @property
    def overschrijding(self) -> Decimal | None:
        if self.plafond is None:
            return None
        return self.prognose - self.plafond

    @property
    def boven_plafond(self) -> bool:
        return self.plafond is not None and self.prognose > self.plafond

    @property
    def benutting(self) -> Decimal | None:
        """Forecast as a share of the ceiling (1 = exactly at the ceiling)."""
        return (self.prognose / self.plafond).quantize(Decimal("0.0001")) if self.plafond else None


def _termijnen(schema_ids: set[int]) -> dict[int, list[Betaaltermijn]]:
    out: dict[int, list[Betaaltermijn]] = defaultdict(list)
    for t in Betaaltermijn.objects.filter(betaalschema_id__in=schema_ids).order_by("betaalschema_id", "volgorde"):
        out[t.betaalschema_id].append(t)
    return out


def spreiding(budget: Decimal, start: int, einde: int, termijnen: list[Betaaltermijn] | None) -> dict[int, Decimal]:
    """A budget apportioned over month indexes by a payment schedule (shares; monthly terms in a row
    from the start month); without a schedule evenly over the months from start to end."""
    out: dict[int, Decimal] = defaultdict(lambda: NUL)
    if not termijnen:
        maanden = max(einde - start + 1, 1)
        for i in range(maanden):
            out[start + i] += budget / maanden
        return out
    maandelijks = 0
    for t in termijnen:
        if t.moment == Betaaltermijn.Moment.START:
            out[start] += budget * t.aandeel * t.aantal
        elif t.moment == Betaaltermijn.Moment.EINDE:
            out[einde] += budget * t.aandeel * t.aantal
        else:
            for _ in range(t.aantal):
                out[start + maandelijks] += budget * t.aandeel
                maandelijks += 1
    return out


def trend(aantallen: list[float]) -> tuple[float, float]:
    """Least-squares line through (1, y1) .. (n, yn): (intercept, slope)."""
    n = len(aantallen)
    if n == 0:
        return 0.0, 0.0
    if n == 1:
        return float(aantallen[0]), 0.0
    xs = range(1, n + 1)
    mx, my = (n + 1) / 2, sum(aantallen) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, aantallen, strict=True)) / sxx
    return my - slope * mx, slope


def budget_prognose(
    *,
    gemeenten: list,
    jaar: int,
    peildatum: dt.date,
    tariefwijziging: dict[int, tuple[Decimal, dt.date]] | None = None,
) -> dict[int, Budgetoverzicht]:
    """The budget overview per municipality. ``tariefwijziging`` maps a product id to (new tariff,
    effective date): inflow starting on or after that date is valued at the new tariff instead of the
    product's recent average (running assignments keep their budget)."""
    samenvatting.bijwerken()  # the dirty cells only; nothing when no row changed
    sleutel = (sorted(g.pk for g in gemeenten), jaar, peildatum, sorted((tariefwijziging or {}).items()),
               trendmaanden())  # fmt: skip
    data = db.onthouden(
        "budget", samenvatting.versie(), sleutel,
        lambda: _prognose(gemeenten=gemeenten, jaar=jaar, peildatum=peildatum, tariefwijziging=tariefwijziging),
    )  # fmt: skip
    plafonds = dict(Budgetplafond.objects.filter(gemeente_id__in=list(data), jaar=jaar).values_list("gemeente_id",
                                                                                                   "bedrag"))
    for g in gemeenten:  # the ceiling (set at any moment) and the caller's municipality object
        data[g.pk].gemeente, data[g.pk].plafond = g, plafonds.get(g.pk)
    return data


def _prognose(*, gemeenten: list, jaar: int, peildatum: dt.date, tariefwijziging) -> dict[int, Budgetoverzicht]:
    ids = [g.pk for g in gemeenten]
    peil = maand_index(peildatum.year, peildatum.month)
    eerste, laatste = maand_index(jaar, 1), maand_index(jaar, 12)
    data = {
        g.pk: Budgetoverzicht(
            gemeente=g,
            jaar=jaar,
            peildatum=peildatum,
            plafond=None,
            maanden=[Maand(jaar, m) for m in range(1, 13)],
        )
        for g in gemeenten
    }


    # spent and approved-not-final: invoice lines per month of the period start, every month of the year;
    # what is invoiced on running assignments from the reference month on is not committed any more
    gedeclareerd = (
        Declaratiecel.objects.filter(
            gemeente_id__in=ids, status__in=GEDECLAREERD, maand__range=(dt.date(jaar, 1, 1), dt.date(jaar, 12, 1))
        )
        .values("gemeente_id", "maand", "status")
        .annotate(s=Sum("bedrag"), lopend=Sum("lopend"))
        .order_by()
    )
    al_gedeclareerd: dict[tuple[int, int], Decimal] = defaultdict(lambda: NUL)
    for row in gedeclareerd:
        d = row["maand"]
        maand = data[row["gemeente_id"]].maanden[d.month - 1]
        if row["status"] in TOEGEKEND:
            maand.toegekend += row["s"] or NUL
        else:
            maand.gerealiseerd += row["s"] or NUL
        if maand_index(d.year, d.month) >= peil:
            al_gedeclareerd[(row["gemeente_id"], maand_index(d.year, d.month))] += row["lopend"] or NUL

    # committed: running assignments, grouped by product and start/end month (in SQL), then by schedule
    if laatste >= peil:
        cellen = list(
            Toewijzingcel.objects.filter(gemeente_id__in=ids, actief=True)
            .values("gemeente_id", "product_id", "startmaand", "eindmaand")
            .annotate(b=Sum("budget"))
            .order_by()
        )
        schema_van = dict(
            Product.objects.filter(pk__in={c["product_id"] for c in cellen}).values_list("pk", "betaalschema_id")
        )
        groups: dict[tuple, Decimal] = defaultdict(lambda: NUL)
        for c in cellen:
            sleutel = (c["gemeente_id"], schema_van.get(c["product_id"]), c["startmaand"], c["eindmaand"])
            groups[sleutel] += c["b"] or NUL
        schemas = _termijnen({key[1] for key in groups if key[1]})
        for (gemeente_id, schema_id, start, einde), bedrag_totaal in groups.items():
            verdeling = spreiding(
                bedrag_totaal,
                maand_index(start.year, start.month),
                maand_index(einde.year, einde.month),
                schemas.get(schema_id),
            )
            for index, bedrag in verdeling.items():
                if index >= peil and eerste <= index <= laatste:
                    data[gemeente_id].maanden[index - eerste].verplicht += bedrag
        for (gid, index), bedrag in al_gedeclareerd.items():  # an invoiced installment counts once
            maand = data[gid].maanden[index - eerste]
            maand.verplicht = max(maand.verplicht - bedrag, NUL)

        # inflow: trend of new assignments over the last N full months
        n = trendmaanden()
        van_index = peil - n
        vy, vm = maand_van(van_index)
        ty, tm = maand_van(peil - 1)
        recent = (
            Toewijzingcel.objects.filter(
                gemeente_id__in=ids, startmaand__gte=dt.date(vy, vm, 1), startmaand__lte=dt.date(ty, tm, 1)
            )
            .values("gemeente_id", "product_id", "startmaand")
            .annotate(c=Sum("aantal"), b=Sum("budget"))
            .order_by()
        )
        per_maand: dict[int, list[float]] = {i: [0.0] * n for i in ids}
        per_product: dict[int, dict[int, list]] = {i: defaultdict(lambda: [0, NUL]) for i in ids}
        for row in recent:
            d = row["startmaand"]
            per_maand[row["gemeente_id"]][maand_index(d.year, d.month) - van_index] += row["c"]
            acc = per_product[row["gemeente_id"]][row["product_id"]]
            acc[0] += row["c"]
            acc[1] += row["b"] or NUL
        wijziging = tariefwijziging or {}
        for gid in ids:
            totaal_n = sum(a[0] for a in per_product[gid].values())
            if not totaal_n:
                continue
            a, b = trend(per_maand[gid])
            overzicht = data[gid]
            overzicht.trend_per_maand = b
            overzicht.gemiddelde_prijs = cent(sum((x[1] for x in per_product[gid].values()), NUL) / totaal_n)
            for index in range(max(peil, eerste), laatste + 1):
                x = index - van_index + 1
                aantal = max(a + b * x, 0.0)
                if not aantal:
                    continue
                y, m = maand_van(index)
                begin = dt.date(y, m, 1)
                waarde = NUL
                for pid, (c, som) in per_product[gid].items():
                    prijs = som / c
                    if pid in wijziging and begin >= wijziging[pid][1]:
                        prijs = Decimal(wijziging[pid][0])
                    waarde += Decimal(c) / Decimal(totaal_n) * prijs
                maand = overzicht.maanden[index - eerste]
                maand.instroom_aantal = aantal
                maand.instroom = Decimal(str(aantal)) * waarde

    for overzicht in data.values():
        for m in overzicht.maanden:
            m.gerealiseerd, m.verplicht, m.instroom = cent(m.gerealiseerd), cent(m.verplicht), cent(m.instroom)
            m.toegekend = cent(m.toegekend)
        _afronden(overzicht)
    return data


def _afronden(overzicht: Budgetoverzicht) -> None:
    """Cumulative totals per month and the quarters."""
    cumulatief = NUL
    for m in overzicht.maanden:
        cumulatief += m.totaal
        m.cumulatief = cumulatief
    overzicht.kwartalen = [
        Kwartaal(
            q,
            sum((m.gerealiseerd for m in overzicht.maanden[(q - 1) * 3 : q * 3]), NUL),
            sum((m.verplicht for m in overzicht.maanden[(q - 1) * 3 : q * 3]), NUL),
            sum((m.instroom for m in overzicht.maanden[(q - 1) * 3 : q * 3]), NUL),
            sum((m.toegekend for m in overzicht.maanden[(q - 1) * 3 : q * 3]), NUL),
        )
        for q in range(1, 5)
    ]


def optellen(overzichten: list[Budgetoverzicht], jaar: int) -> Budgetoverzicht:
    """The region (or any set of municipalities) as the sum of its municipalities; the ceiling only
    when every municipality has one."""
    maanden = [Maand(jaar, m) for m in range(1, 13)]
    for o in overzichten:
        for i, m in enumerate(o.maanden):
            maanden[i].gerealiseerd += m.gerealiseerd
            maanden[i].toegekend += m.toegekend
            maanden[i].verplicht += m.verplicht
            maanden[i].instroom += m.instroom
    plafonds = [o.plafond for o in overzichten]
    totaal = Budgetoverzicht(
        gemeente=SimpleNamespace(naam="regio", cbs_code=""),
        jaar=jaar,
        peildatum=overzichten[0].peildatum,
        plafond=sum(plafonds, NUL) if plafonds and all(p is not None for p in plafonds) else None,
        maanden=maanden,
    )
    _afronden(totaal)
    return totaal
