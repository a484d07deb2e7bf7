"""Reads for steering, scoped by the acting user: budgets (per law: Wmo and youth side by side), the
subsidies next to contracts, the collective provisions' reach per district, the tariff review per
product, and the data of the three reports (monitor, account-talk pack, council report). One selector
per figure: the page, the Excel, the PDF and the API read the same one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth

from uitkomst.accounts import policy
from uitkomst.catalogus import selectors as catalogus
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.contractering.models import Aanbieder
from uitkomst.declaraties.models import Declaratieregel
from uitkomst.organisaties.models import Gemeente
from uitkomst.subsidies import selectors as subsidies
from uitkomst.trajecten import selectors as trajecten
from uitkomst.trajecten.models import Toewijzing, Traject
from uitkomst.uitkomsten import samenvatting as uitkomst_samenvatting
from uitkomst.uitkomsten import selectors as uitkomsten
from uitkomst.uitkomsten.codes import NOEMER, VOLGENS_PLAN
from uitkomst.uitkomsten.models import Uitkomstmeting
from uitkomst.uitkomsten.stats import Telling, min_celgrootte, tellingen  # noqa: F401 (Telling: re-exported)
from uitkomst.utils import db, klok
from uitkomst.voorzieningen import selectors as voorzieningen

from . import budget, samenvatting

BEEINDIGD = ("beeindigd", "afgesloten")
NUL = Decimal("0.00")


def gemeenten(*, user) -> list[Gemeente]:
    """The municipalities whose budgets and monitor ``user`` may read."""
    qs = Gemeente.objects.filter(policy.rijen(user, "gemeente")).select_related("regio")
    return list(qs.order_by("naam"))


def aanbieders_met_trajecten(*, user) -> list[Aanbieder]:
    """The providers with a trajectory ``user`` may see (the choice of the provider mirror): a
    semi-join per provider on the trajectory's provider index, never a join over all trajectories."""
    f = policy.rijen(user, "traject")
    if f == policy.NIETS:
        return []
    zichtbaar = Traject.objects.filter(f, aanbieder_id=OuterRef("pk"))
    return list(Aanbieder.objects.filter(Exists(zichtbaar)).order_by("naam"))


def budgetten(
    *, user, jaar: int, peildatum: dt.date | None = None, gemeenten: list | None = None
) -> list[budget.Budgetoverzicht]:
    """The budget overview of every municipality ``user`` may read (or of ``gemeenten`` among them),
    each with its laws side by side (``per_wet``: Jeugdwet, Wmo; they add up to it)."""
    zichtbaar = _zichtbare_gemeenten(user=user)
    if gemeenten is not None:
        ids = {getattr(g, "pk", g) for g in gemeenten}
        zichtbaar = [g for g in zichtbaar if g.pk in ids]
    data = budget.budget_prognose(gemeenten=zichtbaar, jaar=jaar, peildatum=peildatum or klok.vandaag(), user=user)
    return [data[g.pk] for g in zichtbaar]


_zichtbare_gemeenten = gemeenten


# --- suppression of counts of people (pgb decisions, referrals) ----------------------------------


# --- subsidies next to contracts (issue 17) --------------------------------------------------------


@dataclass
class Subsidiecijfers:
    """The subsidies of one scheme (or, with ``regeling`` None, of a municipality and law) in one
    subsidy year: the ceiling, the grants (how many, the amount), the advances paid on them, the
    settled grants (how many, the fixed amount) and what was reclaimed or paid in addition."""

    gemeente: object
    regeling: object | None
    wet: str
    jaar: int
    plafond: Decimal | None = None
    verleningen: int = 0
    verleend: Decimal = NUL
    voorschotten: Decimal = NUL
    vastgesteld_aantal: int = 0
    vastgesteld: Decimal = NUL
    terugvordering: Decimal = NUL
    nabetaling: Decimal = NUL

    @property
    def naam(self) -> str:
        return self.regeling.naam if self.regeling is not None else "totaal"

    @property
    def wet_naam(self) -> str:
        return budget.WET_NAMEN.get(self.wet, self.wet)

    @property
    def benutting(self) -> Decimal | None:
        """Granted as a share of the scheme's ceiling."""
        return (self.verleend / self.plafond).quantize(Decimal("0.0001")) if self.plafond else None

    def optellen(self, ander: Subsidiecijfers) -> None:
        for veld in ("verleningen", "verleend", "voorschotten", "vastgesteld_aantal", "vastgesteld", "terugvordering",
                     "nabetaling"):  # fmt: skip
            setattr(self, veld, getattr(self, veld) + getattr(ander, veld))
        if ander.plafond is not None:
            self.plafond = (self.plafond or NUL) + ander.plafond


def subsidiecijfers(*, user, jaar: int, gemeenten: list | None = None) -> list[Subsidiecijfers]:
    """Per subsidy scheme that runs in ``jaar`` (of the municipalities ``user`` reads in steering, or of
    ``gemeenten`` among them; ordered by municipality and scheme): its ceiling and the year's grants,
    advances paid, settlements and reclaims. The figures are the subsidy app's own summary
    (``subsidies.selectors.subsidies_per_gemeente``: grouped in SQL, scoped by the policy); a user
    without ``subsidies.lezen`` gets none."""
    if not policy.mag(user, "subsidies.lezen"):
        return []
    zichtbaar = _zichtbare_gemeenten(user=user)
    if gemeenten is not None:
        ids = {getattr(g, "pk", g) for g in gemeenten}
        zichtbaar = [g for g in zichtbaar if g.pk in ids]
    if not zichtbaar:
        return []
    per_id = {g.pk: g for g in zichtbaar}
    return [
        Subsidiecijfers(
            gemeente=per_id.get(r.gemeente.pk, r.gemeente), regeling=r.regeling, wet=r.wet, jaar=r.jaar,
            plafond=r.plafond, verleningen=r.verleningen, verleend=r.verleend, voorschotten=r.betaalde_voorschotten,
            vastgesteld_aantal=r.vastgestelde_verleningen, vastgesteld=r.vastgesteld, terugvordering=r.terugvordering,
            nabetaling=r.nabetaling,
        )
        for r in subsidies.subsidies_per_gemeente(user=user, jaar=jaar, gemeenten=zichtbaar)
    ]  # fmt: skip


def subsidietotaal(rijen: list[Subsidiecijfers], *, gemeente, wet: str, jaar: int) -> Subsidiecijfers:
    """The sum of ``rijen`` for one municipality (``None``: every municipality) and law."""
    totaal = Subsidiecijfers(gemeente=gemeente, regeling=None, wet=wet, jaar=jaar)
    for r in rijen:
        if r.wet == wet and (gemeente is None or getattr(gemeente, "pk", None) is None or r.gemeente.pk == gemeente.pk):
            totaal.optellen(r)
    return totaal


@dataclass
class Wetrij:
    """One municipality (or the region) under one law: contracts (the budget overview of that law, pgb
    included as committed) next to subsidies (the law's schemes together)."""

    gemeente: object
    wet: str
    budget: budget.Budgetoverzicht
    subsidie: Subsidiecijfers
    pgb_aantal: Telling

    @property
    def wet_naam(self) -> str:
        return budget.WET_NAMEN.get(self.wet, self.wet)


def naast_elkaar(
    overzichten: list[budget.Budgetoverzicht], subsidierijen: list[Subsidiecijfers], *, totaal=None
) -> list[Wetrij]:
    """Wmo and youth side by side, subsidies next to contracts: per municipality (then the total, when
    given and there are several) one row per law. Composes the two selectors' figures; no query."""
    regels = list(overzichten)
    if totaal is not None and len(regels) > 1:
        regels.append(totaal)
    rijen = []
    for o in regels:
        is_totaal = o is totaal and len(overzichten) > 1
        wetten = sorted(set(o.per_wet) | {r.wet for r in subsidierijen}, key=budget._wetvolgorde)
        for wet in wetten:
            deel = o.per_wet.get(wet)
            if deel is None:
                deel = budget.optellen([], o.jaar, gemeente=o.gemeente, wet=wet)
            rijen.append(
                Wetrij(
                    gemeente=o.gemeente, wet=wet, budget=deel,
                    subsidie=subsidietotaal(subsidierijen, gemeente=None if is_totaal else o.gemeente, wet=wet,
                                            jaar=o.jaar),
                    pgb_aantal=Telling(deel.pgb_aantal),
                )
            )  # fmt: skip
    for t, rij in zip(tellingen([r.pgb_aantal.n for r in rijen]), rijen, strict=True):
        rij.pgb_aantal = t
    return rijen


# --- collective provisions: capacity and reach per district (issue 17) ----------------------------


@dataclass
class Bereik:
    """One collective provision in a district over a year (``voorzieningen.selectors.BereikWijk``),
    the referrals by the access as a count of people, suppressed as the outcome tables are."""

    gemeente: object
    wijk: str
    voorziening: str
    aanbieder: str
    capaciteit: int
    deelnames: int
    bezetting: Decimal | None
    verwijzingen: Telling
    maanden_gemeld: int
    gesubsidieerd: bool


def bereik_per_wijk(*, user, jaar: int, gemeenten: list | None = None) -> list[Bereik]:
    """Capacity, attendances, occupancy and referrals per collective provision and district in
    ``jaar`` (``voorzieningen.selectors.bereik_per_wijk``, scoped there), for the municipalities ``user``
    reads in steering (or ``gemeenten`` among them); none without ``voorzieningen.lezen``."""
    if not policy.mag(user, "voorzieningen.lezen"):
        return []
    zichtbaar = _zichtbare_gemeenten(user=user)
    if gemeenten is not None:
        ids = {getattr(g, "pk", g) for g in gemeenten}
        zichtbaar = [g for g in zichtbaar if g.pk in ids]
    bron = voorzieningen.bereik_per_wijk(user=user, jaar=jaar, gemeenten=zichtbaar)
    verwezen = tellingen([b.verwijzingen for b in bron])
    return [
        Bereik(
            gemeente=b.gemeente, wijk=b.wijk, voorziening=b.voorziening, aanbieder=b.aanbieder,
            capaciteit=b.capaciteit, deelnames=b.deelnames, bezetting=b.bezetting, verwijzingen=t,
            maanden_gemeld=b.maanden_gemeld, gesubsidieerd=b.gesubsidieerd,
        )
        for b, t in zip(bron, verwezen, strict=True)
    ]  # fmt: skip


@dataclass
class Productherziening:
    product: object
    huidig_tarief: Decimal | None
    trajecten: int
    beeindigd: int
    volgens_plan: int
    gemiddelde_duur_maanden: float | None
    maximale_duur_maanden: int | None
    boven_maximum: int
    gemeten: int
    doelen_behaald: uitkomsten.Cel | None
    uitval_breed: uitkomsten.Cel | None
    besteed: Decimal

    @property
    def aandeel_volgens_plan(self) -> float | None:
        return self.volgens_plan / self.beeindigd if self.beeindigd else None

    @property
    def aandeel_boven_maximum(self) -> float | None:
        return self.boven_maximum / self.gemeten if self.gemeten else None


def tariefherziening(*, inkoopmodel: Inkoopmodel, van: dt.date, tot: dt.date) -> list[Productherziening]:
    """Per product of the model over a period (usually the first year): trajectories assigned, ended,
    ended as planned, realised duration against the intensity's maximum, outcomes and spend."""
    producten = list(catalogus.product_list(inkoopmodel=inkoopmodel, peildatum=tot))
    maxima = sorted({p.intensiteit.maximale_duur_maanden for p in producten if p.intensiteit_id} - {None, 0})
    samenvatting.bijwerken()
    versie = samenvatting.versie() + uitkomst_samenvatting.versie()
    trajecten, einde, duur, boven, besteed = db.onthouden(
        "tariefherziening", versie, (inkoopmodel.pk, van, tot, maxima),
        lambda: _herzieningscijfers(inkoopmodel, van, tot, maxima),
    )  # fmt: skip
    tabel = uitkomsten.indicatoren(groep="product", van=van, tot=tot, regio_id=inkoopmodel.regio_id, publiek=True)
    per_product = {r.sleutel: r for r in tabel.rijen}
    result = []
    for p in producten:
        if p.is_maatwerk:
            continue
        d = duur.get(p.pk, {})
        rij = per_product.get(p.pk)
        result.append(
            Productherziening(
                product=p,
                huidig_tarief=p.huidig_bedrag,
                trajecten=trajecten.get(p.pk, {}).get("n", 0),
                beeindigd=einde.get(p.pk, {}).get("n", 0),
                volgens_plan=einde.get(p.pk, {}).get("plan", 0),
                gemiddelde_duur_maanden=(d["gem"] / 30.4375) if d.get("gem") is not None else None,
                maximale_duur_maanden=p.intensiteit.maximale_duur_maanden if p.intensiteit_id else None,
                boven_maximum=boven.get(p.pk, 0),
                gemeten=d.get("n", 0),
                doelen_behaald=rij.cellen["doelen_behaald"] if rij else None,
                uitval_breed=rij.cellen["uitval_breed"] if rij else None,
                besteed=besteed.get(p.pk) or NUL,
            )
        )
    return result


def _herzieningscijfers(inkoopmodel, van, tot, maxima) -> tuple:
    """The grouped counts of ``tariefherziening`` (cached per data version)."""
    trajecten = {
        r["product_id"]: r
        for r in Traject.objects.filter(inkoopmodel=inkoopmodel, toegewezen_op__range=(van, tot))
        .values("product_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    einde = {
        r["product_id"]: r
        for r in Traject.objects.filter(
            inkoopmodel=inkoopmodel, status__in=BEEINDIGD, beeindigd_op__range=(van, tot), reden_beeindiging__in=NOEMER
        )
        .values("product_id")
        .annotate(n=Count("pk"), plan=Count("pk", filter=Q(reden_beeindiging=VOLGENS_PLAN)))
        .order_by()
    }
    duur = {
        r["product_id"]: r
        for r in Uitkomstmeting.objects.filter(
            inkoopmodel=inkoopmodel, beeindigd_op__range=(van, tot), duur_dagen__isnull=False
        )
        .values("product_id")
        .annotate(n=Count("pk"), gem=Avg("duur_dagen"))
        .order_by()
    }
    # "above the maximum" per intensity: compare with the intensity's maximum in days (one query per
    # distinct maximum, a handful)
    boven: dict[int, int] = {}
    for maanden in maxima:
        for r in (
            Uitkomstmeting.objects.filter(
                inkoopmodel=inkoopmodel, beeindigd_op__range=(van, tot),
                intensiteit__maximale_duur_maanden=maanden, duur_dagen__gt=round(maanden * 30.4375),
            )
            .values("product_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):  # fmt: skip
            boven[r["product_id"]] = r["n"]
    besteed = {
        r["product_id"]: r["s"]
        for r in Declaratieregel.objects.filter(
            product__inkoopmodel=inkoopmodel, status__in=budget.GEREALISEERD, begindatum__range=(van, tot)
        )
        .values("product_id")
        .annotate(s=Sum("bedrag"))
        .order_by()
    }
    return trajecten, einde, duur, boven, besteed


def aanbieder_besteding(*, aanbieder: Aanbieder, van: dt.date, tot: dt.date) -> list[dict]:
    """Approved spend of one provider per product over a period (macro level, no clients); cached per
    version of the invoice summary."""
    samenvatting.bijwerken()
    return db.onthouden(
        "besteding", samenvatting.versie(), (aanbieder.pk, van, tot),
        lambda: _besteding(aanbieder, van, tot),
    )  # fmt: skip


def _besteding(aanbieder, van, tot) -> list[dict]:
    return list(
        Declaratieregel.objects.filter(
            aanbieder=aanbieder, status__in=budget.GEREALISEERD, begindatum__range=(van, tot)
        )
        .values("product__code", "product__naam")
        .annotate(s=Sum("bedrag"), n=Count("toewijzing_id", distinct=True))
        .order_by("product__code")
    )


def instroom_per_maand(*, gemeenten: list, van: dt.date, tot: dt.date) -> dict[str, int]:
    rows = (
        Toewijzing.objects.filter(gemeente__in=gemeenten, startdatum__range=(van, tot))
        .annotate(m=TruncMonth("startdatum"))
        .values("m")
        .annotate(n=Count("pk"))
        .order_by("m")
    )
    return {f"{r['m']:%Y-%m}": r["n"] for r in rows}


# --- market concentration (the contracting report) --------------------------------------------


@dataclass
class Concentratie:
    top_n: int
    totaal_clienten: int
    aantal_aanbieders: int
    aandeel_top_n: float | None  # 0..1, None without clients
    grootste: list[tuple[Aanbieder | int, int]]


def concentratie_uit_aantallen(aantallen: dict, *, top_n: int = 5) -> Concentratie:
    """Share of clients served by the largest ``top_n`` providers (a CR-n concentration ratio)."""
    if top_n < 1:
        raise ValueError("top_n moet minstens 1 zijn")
    ordered = sorted(((k, v) for k, v in aantallen.items() if v > 0), key=lambda kv: (-kv[1], str(kv[0])))
    totaal = sum(v for _, v in ordered)
    top = ordered[:top_n]
    return Concentratie(
        top_n=top_n,
        totaal_clienten=totaal,
        aantal_aanbieders=len(ordered),
        aandeel_top_n=(sum(v for _, v in top) / totaal) if totaal else None,
        grootste=top,
    )


def concentratie(
    *, inkoopmodel: Inkoopmodel, top_n: int = 5, van: dt.date | None = None, tot: dt.date | None = None, bron=None
) -> Concentratie:
    """Concentration for a model over a period (default: from the first of the month a year before
    ``tot``); ``bron`` can replace ``trajecten.selectors.clienten_per_aanbieder``."""
    tot = tot or klok.vandaag()
    van = van or dt.date(tot.year - 1, tot.month, 1)
    per_id = (bron or trajecten.clienten_per_aanbieder)(inkoopmodel=inkoopmodel, van=van, tot=tot)
    aanbieders = Aanbieder.objects.in_bulk(list(per_id))
    return concentratie_uit_aantallen({aanbieders.get(k, k): v for k, v in per_id.items()}, top_n=top_n)
