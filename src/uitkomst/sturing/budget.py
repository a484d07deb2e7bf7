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

Per law (issue 17: Wmo and youth side by side): every figure is computed per municipality *and law*
(the law of the product's purchasing model; of an invoice line: its own product, else its assignment's
or lump sum's), the committed netting and the inflow trend included, and a municipality's figure is the
sum of its laws, so the split always adds up. The personal budgets (pgb) count as committed, per law,
with the part of each granted decision that falls in the year (not per month: the SVB pays, outside
Uitkomst); ``verplicht`` = running assignments + pgb.

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

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Betaaltermijn, Product, Tariefeenheid
from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.declaraties.models import Regelstatus
from uitkomst.toegang import selectors as toegang
from uitkomst.utils import db

from . import samenvatting
from .models import Budgetplafond, Declaratiecel, Toewijzingcel

NUL = Decimal("0.00")
ONBEKEND = ""  # an invoice line whose product (own, assignment's or lump sum's) is unknown
GEREALISEERD = (Regelstatus.GOEDGEKEURD, Regelstatus.BETAALD)  # spent: final approval or paid
TOEGEKEND = (Regelstatus.TOEGEKEND,)  # approved by the checks, waiting for final approval
GEDECLAREERD = GEREALISEERD + TOEGEKEND
# The laws the budgets split by (the product's purchasing model carries its law), in display order.
WETTEN = (Wet.JEUGDWET, Wet.WMO)
WET_NAMEN = {str(w): w.label for w in Wet} | {ONBEKEND: "wet onbekend"}


def _wetvolgorde(wet: str) -> tuple[int, str]:
    return (WETTEN.index(wet) if wet in WETTEN else len(WETTEN), wet)


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
    wet: str | None = None  # the law of a per-law overview (None for a municipality's or the region's total)
    pgb: Decimal = NUL  # personal-budget commitments in the year (pro rata), part of "verplicht"
    pgb_aantal: int = 0
    per_wet: dict[str, Budgetoverzicht] = field(default_factory=dict)  # law -> overview; they add up

    @property
    def wet_naam(self) -> str:
        return "totaal" if self.wet is None else WET_NAMEN.get(self.wet, self.wet)

    @property
    def wetten(self) -> list[Budgetoverzicht]:
        """The per-law overviews in a fixed order: Jeugdwet, Wmo, then any other (unknown) law."""
        return [self.per_wet[w] for w in sorted(self.per_wet, key=_wetvolgorde)]

    @property
    def gerealiseerd(self) -> Decimal:
        return sum((m.gerealiseerd for m in self.maanden), NUL)

    @property
    def toegekend(self) -> Decimal:
        return sum((m.toegekend for m in self.maanden), NUL)

    @property
    def verplicht_zorg_in_natura(self) -> Decimal:
        """Committed on running assignments (care in kind), the part spread over the months."""
        return sum((m.verplicht for m in self.maanden), NUL)

    @property
    def verplicht(self) -> Decimal:
        """Committed: running assignments (per month) plus the year's pgb commitments (not per month)."""
        return self.verplicht_zorg_in_natura + self.pgb

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


# A weekly or monthly tariff is the assignment's budget per period, not its whole commitment.
PER_PERIODE = {Tariefeenheid.WEEK: Decimal(52) / Decimal(12), Tariefeenheid.MAAND: Decimal(1)}


def verplichting(budget: Decimal, eenheid: str | None, startmaand: dt.date, eindmaand: dt.date) -> Decimal:
    """The whole commitment of assignments with this summed ``budget`` (the summary's ``verplichting``):
    the budget itself for a trajectory, arrangement or item price, and for a P×Q assignment its tariff
    times the agreed volume (already so in the summary; without a volume agreement its unit tariff);
    for a weekly or monthly tariff the tariff times the periods in the calendar months from the start
    month to the end month (a monthly product is invoiced one line per calendar month; weeks as 52/12
    a month). See docs/uitkomsten.md."""
    factor = PER_PERIODE.get(eenheid)
    if factor is None:
        return budget
    maanden = (eindmaand.year - startmaand.year) * 12 + eindmaand.month - startmaand.month + 1
    return budget * factor * max(maanden, 1)


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
    user=None,
) -> dict[int, Budgetoverzicht]:
    """The budget overview per municipality, each with its laws (``per_wet``, adding up to it).
    ``tariefwijziging`` maps a product id to (new tariff, effective date): inflow starting on or after
    that date is valued at the new tariff instead of the product's recent average (running assignments
    keep their budget). The pgb commitments are read for ``user`` (a scheduled caller without one: the
    system actor; ``gemeenten`` narrows them either way)."""
    samenvatting.bijwerken()  # the dirty cells only; nothing when no row changed
    sleutel = (sorted(g.pk for g in gemeenten), jaar, peildatum, sorted((tariefwijziging or {}).items()),
               trendmaanden())  # fmt: skip
    data = db.onthouden(
        "budget", samenvatting.versie(), sleutel,
        lambda: _prognose(gemeenten=gemeenten, jaar=jaar, peildatum=peildatum, tariefwijziging=tariefwijziging),
    )  # fmt: skip
    plafonds = dict(
        Budgetplafond.objects.filter(gemeente_id__in=list(data), jaar=jaar).values_list("gemeente_id", "bedrag")
    )
    for g in gemeenten:  # the ceiling (set at any moment) and the caller's municipality object
        data[g.pk].gemeente, data[g.pk].plafond = g, plafonds.get(g.pk)
        for deel in data[g.pk].per_wet.values():
            deel.gemeente = g
    _pgb_toevoegen(data, gemeenten=gemeenten, jaar=jaar, user=user)
    return data


def _pgb_toevoegen(data: dict[int, Budgetoverzicht], *, gemeenten: list, jaar: int, user) -> None:
    """The personal budgets (pgb) as committed, per municipality and law: the part of each granted
    decision's amount that falls in the year (``toegang.selectors.pgb_verplichtingen``), not spread over
    months (payment runs through the SVB, outside Uitkomst). Read fresh, outside the summary cache."""
    if not gemeenten:
        return
    lezer = user if user is not None else policy.systeem_actor("budget")
    for v in toegang.pgb_verplichtingen(user=lezer, jaar=jaar, gemeenten=list(gemeenten)):
        totaal = data.get(v.gemeente.pk)
        if totaal is None:
            continue
        deel = totaal.per_wet.get(v.wet)
        if deel is None:  # a law without any other figure this year
            deel = Budgetoverzicht(
                gemeente=totaal.gemeente, jaar=jaar, peildatum=totaal.peildatum, plafond=None,
                maanden=[Maand(jaar, m) for m in range(1, 13)], wet=v.wet,
            )  # fmt: skip
            _afronden(deel)
            totaal.per_wet[v.wet] = deel
        deel.pgb += v.bedrag
        deel.pgb_aantal += v.aantal
        totaal.pgb += v.bedrag
        totaal.pgb_aantal += v.aantal


def _prognose(*, gemeenten: list, jaar: int, peildatum: dt.date, tariefwijziging) -> dict[int, Budgetoverzicht]:
    """Every figure per municipality and law (the product's purchasing model carries the law); a
    municipality's overview is the sum of its laws, so the split always adds up to the total."""
    ids = [g.pk for g in gemeenten]
    peil = maand_index(peildatum.year, peildatum.month)
    eerste, laatste = maand_index(jaar, 1), maand_index(jaar, 12)
    delen: dict[tuple[int, str], Budgetoverzicht] = {}

    def deel(gid: int, wet: str) -> Budgetoverzicht:
        if (gid, wet) not in delen:
            delen[(gid, wet)] = Budgetoverzicht(
                gemeente=None, jaar=jaar, peildatum=peildatum, plafond=None,
                maanden=[Maand(jaar, m) for m in range(1, 13)], wet=wet,
            )  # fmt: skip
        return delen[(gid, wet)]

    for gid in ids:  # Jeugdwet and Wmo always side by side, also when one of them is empty
        for wet in WETTEN:
            deel(gid, wet)

    # spent and approved-not-final: invoice lines per month of the period start, every month of the year;
    # what is invoiced on running assignments from the reference month on is not committed any more
    gedeclareerd = (
        Declaratiecel.objects.filter(
            gemeente_id__in=ids, status__in=GEDECLAREERD, maand__range=(dt.date(jaar, 1, 1), dt.date(jaar, 12, 1))
        )
        .values("gemeente_id", "wet", "maand", "status")
        .annotate(s=Sum("bedrag"), lopend=Sum("lopend"))
        .order_by()
    )
    al_gedeclareerd: dict[tuple[int, str, int], Decimal] = defaultdict(lambda: NUL)
    for row in gedeclareerd:
        d = row["maand"]
        maand = deel(row["gemeente_id"], row["wet"]).maanden[d.month - 1]
        if row["status"] in TOEGEKEND:
            maand.toegekend += row["s"] or NUL
        else:
            maand.gerealiseerd += row["s"] or NUL
        if maand_index(d.year, d.month) >= peil:
            al_gedeclareerd[(row["gemeente_id"], row["wet"], maand_index(d.year, d.month))] += row["lopend"] or NUL

    trends: dict[int, tuple[list[float], dict]] = {}
    if laatste >= peil:
        # committed: running assignments, grouped by product and start/end month (in SQL), then by schedule
        cellen = list(
            Toewijzingcel.objects.filter(gemeente_id__in=ids, actief=True)
            .values("gemeente_id", "product_id", "startmaand", "eindmaand")
            .annotate(b=Sum("verplichting"))
            .order_by()
        )
        n = trendmaanden()
        van_index = peil - n
        vy, vm = maand_van(van_index)
        ty, tm = maand_van(peil - 1)
        recent = list(
            Toewijzingcel.objects.filter(
                gemeente_id__in=ids, startmaand__gte=dt.date(vy, vm, 1), startmaand__lte=dt.date(ty, tm, 1)
            )
            .values("gemeente_id", "product_id", "startmaand")
            .annotate(c=Sum("aantal"), b=Sum("verplichting"))
            .order_by()
        )
        rijen = Product.objects.filter(
            pk__in={c["product_id"] for c in cellen} | {c["product_id"] for c in recent}
        ).values_list("pk", "betaalschema_id", "inkoopmodel__wet", "tariefeenheid")
        product = {pk: (schema_id, wet or ONBEKEND) for pk, schema_id, wet, _eenheid in rijen}
        eenheid = {pk: e for pk, _schema, _wet, e in rijen}
        groups: dict[tuple, Decimal] = defaultdict(lambda: NUL)
        for c in cellen:
            schema_id, wet = product.get(c["product_id"], (None, ONBEKEND))
            bedrag = verplichting(c["b"] or NUL, eenheid.get(c["product_id"]), c["startmaand"], c["eindmaand"])
            groups[(c["gemeente_id"], wet, schema_id, c["startmaand"], c["eindmaand"])] += bedrag
        schemas = _termijnen({key[2] for key in groups if key[2]})
        for (gemeente_id, wet, schema_id, start, einde), bedrag_totaal in groups.items():
            verdeling = spreiding(
                bedrag_totaal,
                maand_index(start.year, start.month),
                maand_index(einde.year, einde.month),
                schemas.get(schema_id),
            )
            for index, bedrag in verdeling.items():
                if index >= peil and eerste <= index <= laatste:
                    deel(gemeente_id, wet).maanden[index - eerste].verplicht += bedrag
        for (gid, wet, index), bedrag in al_gedeclareerd.items():  # an invoiced installment counts once
            maand = deel(gid, wet).maanden[index - eerste]
            maand.verplicht = max(maand.verplicht - bedrag, NUL)

        # inflow: trend of new assignments over the last N full months, per municipality and law
        per_maand: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0] * n)
        per_product: dict[tuple[int, str], dict[int, list]] = defaultdict(lambda: defaultdict(lambda: [0, NUL]))
        for row in recent:
            d = row["startmaand"]
            wet = product.get(row["product_id"], (None, ONBEKEND))[1]
            per_maand[(row["gemeente_id"], wet)][maand_index(d.year, d.month) - van_index] += row["c"]
            acc = per_product[(row["gemeente_id"], wet)][row["product_id"]]
            acc[0] += row["c"]
            acc[1] += row["b"] or NUL
        wijziging = tariefwijziging or {}
        for (gid, wet), producten in per_product.items():
            totaal_n = sum(a[0] for a in producten.values())
            if not totaal_n:
                continue
            a, b = trend(per_maand[(gid, wet)])
            overzicht = deel(gid, wet)
            overzicht.trend_per_maand = b
            overzicht.gemiddelde_prijs = cent(sum((x[1] for x in producten.values()), NUL) / totaal_n)
            samen = trends.setdefault(gid, ([0.0] * n, [0, NUL]))
            samen[0][:] = [x + y for x, y in zip(samen[0], per_maand[(gid, wet)], strict=True)]
            samen[1][0] += totaal_n
            samen[1][1] += sum((x[1] for x in producten.values()), NUL)
            for index in range(max(peil, eerste), laatste + 1):
                x = index - van_index + 1
                aantal = max(a + b * x, 0.0)
                if not aantal:
                    continue
                y, m = maand_van(index)
                begin = dt.date(y, m, 1)
                waarde = NUL
                for pid, (c, som) in producten.items():
                    prijs = som / c
                    if pid in wijziging and begin >= wijziging[pid][1]:
                        prijs = Decimal(wijziging[pid][0])
                    waarde += Decimal(c) / Decimal(totaal_n) * prijs
                maand = overzicht.maanden[index - eerste]
                maand.instroom_aantal = aantal
                maand.instroom = Decimal(str(aantal)) * waarde

    for overzicht in delen.values():
        for m in overzicht.maanden:
            m.gerealiseerd, m.verplicht, m.instroom = cent(m.gerealiseerd), cent(m.verplicht), cent(m.instroom)
            m.toegekend = cent(m.toegekend)
        _afronden(overzicht)
    data = {}
    for g in gemeenten:
        wetten = {wet: o for (gid, wet), o in delen.items() if gid == g.pk}
        for o in wetten.values():
            o.gemeente = g
        totaal = optellen(list(wetten.values()), jaar, gemeente=g, wet=None, plafond_uit_delen=False)
        if g.pk in trends:  # the municipality's inflow line and average price over both laws
            aantallen, (c, som) = trends[g.pk]
            totaal.trend_per_maand = trend(aantallen)[1]
            totaal.gemiddelde_prijs = cent(som / c)
        data[g.pk] = totaal
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


def optellen(
    overzichten: list[Budgetoverzicht],
    jaar: int,
    *,
    gemeente=None,
    wet: str | None = None,
    plafond_uit_delen: bool = True,
) -> Budgetoverzicht:
    """The region (or any set of municipalities, or one municipality's laws) as the sum of its parts,
    law by law; the ceiling (of a total, never of one law) only when every part has one."""
    maanden = [Maand(jaar, m) for m in range(1, 13)]
    for o in overzichten:
        for i, m in enumerate(o.maanden):
            maanden[i].gerealiseerd += m.gerealiseerd
            maanden[i].toegekend += m.toegekend
            maanden[i].verplicht += m.verplicht
            maanden[i].instroom += m.instroom
    plafonds = [o.plafond for o in overzichten]
    gemeente = gemeente or SimpleNamespace(naam="regio", cbs_code="")
    totaal = Budgetoverzicht(
        gemeente=gemeente,
        jaar=jaar,
        peildatum=overzichten[0].peildatum if overzichten else None,
        plafond=sum(plafonds, NUL)
        if wet is None and plafond_uit_delen and plafonds and all(p is not None for p in plafonds)
        else None,
        maanden=maanden,
        wet=wet,
        pgb=sum((o.pgb for o in overzichten), NUL),
        pgb_aantal=sum(o.pgb_aantal for o in overzichten),
    )
    if wet is None:
        if all(o.wet is not None for o in overzichten):  # summing laws: each part is its own law
            totaal.per_wet = {o.wet: o for o in overzichten}
        else:
            wetten = sorted({w for o in overzichten for w in o.per_wet}, key=_wetvolgorde)
            totaal.per_wet = {
                w: optellen([o.per_wet[w] for o in overzichten if w in o.per_wet], jaar, gemeente=gemeente, wet=w)
                for w in wetten
            }
    _afronden(totaal)
    return totaal
