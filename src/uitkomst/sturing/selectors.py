"""Reads for steering, scoped by the acting user: budgets, the tariff review per product, and the
data of the three reports (monitor, account-talk pack, council report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth

from uitkomst.accounts import policy
from uitkomst.catalogus import selectors as catalogus
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.contractering.models import Aanbieder
from uitkomst.declaraties.models import Declaratieregel
from uitkomst.organisaties.models import Gemeente
from uitkomst.trajecten import selectors as trajecten
from uitkomst.trajecten.models import Toewijzing, Traject
from uitkomst.uitkomsten import samenvatting as uitkomst_samenvatting
from uitkomst.uitkomsten import selectors as uitkomsten
from uitkomst.uitkomsten.codes import NOEMER, VOLGENS_PLAN
from uitkomst.uitkomsten.models import Uitkomstmeting
from uitkomst.utils import db, klok

from . import budget, samenvatting

BEEINDIGD = ("beeindigd", "afgesloten")
NUL = Decimal("0.00")


def gemeenten(*, user) -> list[Gemeente]:
    """The municipalities whose budgets and monitor ``user`` may read."""
    qs = Gemeente.objects.filter(policy.rijen(user, "gemeente")).select_related("regio")
    return list(qs.order_by("naam"))


def budgetten(*, user, jaar: int, peildatum: dt.date | None = None) -> list[budget.Budgetoverzicht]:
    zichtbaar = gemeenten(user=user)
    data = budget.budget_prognose(gemeenten=zichtbaar, jaar=jaar, peildatum=peildatum or klok.vandaag())
    return [data[g.pk] for g in zichtbaar]


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
    maxima = sorted(
        {p.intensiteit.maximale_duur_maanden for p in producten if p.intensiteit_id}
        - {None, 0}
    )
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
