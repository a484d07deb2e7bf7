"""Reads for invoices, scoped by the acting user (``accounts.policy.rijen``): lists, a payment run's export
rows (client only as a pseudonym), and the macro-level legitimacy report per provider."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from uitkomst.accounts import policy
from uitkomst.audit.referentie import client_referentie
from uitkomst.catalogus.models import Bekostigingsvorm

from .models import TELT, Betaalronde, Declaratie, Declaratieregel, Regelstatus
from .regels import NUL, cent


def declaratie_list(*, user) -> QuerySet[Declaratie]:
    return Declaratie.objects.filter(policy.rijen(user, "declaratie")).select_related("aanbieder")


def declaratie_get(*, user, uuid) -> Declaratie:
    return declaratie_list(user=user).get(uuid=uuid)


def regel_list(*, user, declaratie: Declaratie | None = None, status: str | None = None) -> QuerySet[Declaratieregel]:
    qs = Declaratieregel.objects.filter(policy.rijen(user, "declaratieregel")).select_related(
        "declaratie", "toewijzing", "product", "gemeente", "aanbieder", "crediteert__declaratie", "lumpsumafspraak"
    )
    if declaratie is not None:
        qs = qs.filter(declaratie=declaratie)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("declaratie_id", "regelnummer")


def te_beoordelen(*, user) -> QuerySet[Declaratieregel]:
    if not policy.mag(user, "declaraties.regel_beoordelen"):
        return Declaratieregel.objects.none()
    return regel_list(user=user, status=Regelstatus.TOEGEKEND)


def betaalronde_list(*, user) -> QuerySet[Betaalronde]:
    qs = Betaalronde.objects.select_related("gemeente")
    return qs.filter(policy.rijen(user, "betaalronde")).distinct()


def betaalronde_get(*, user, uuid) -> Betaalronde:
    return betaalronde_list(user=user).get(uuid=uuid)


def specificaties(*, user, ronde: Betaalronde):
    return ronde.specificaties.filter(policy.rijen(user, "betaalspecificatie")).select_related("aanbieder")


EXPORT_KOLOMMEN = [
    "betaalronde",
    "gemeente_cbs",
    "gemeente",
    "aanbieder_agb",
    "aanbieder",
    "declaratie",
    "regel",
    "toewijzing",
    "client_referentie",
    "productcode",
    "bekostiging",
    "termijn",
    "periode_van",
    "periode_tot",
    "aantal",
    "tarief",
    "bedrag",
    "debet_credit",
    "crediteert",
]


def export_rijen(*, ronde: Betaalronde) -> list[dict]:
    """One row per paid line. The client appears only as its pseudonymous reference (``C-7Q3K9PX2``, the
    one of the pages and the other exports), never as a BSN or the access pseudonym of the BSN."""
    qs = (
        ronde.regels.select_related("declaratie", "aanbieder", "gemeente", "toewijzing", "product", "client")
        .select_related("crediteert__declaratie", "lumpsumafspraak")
        .order_by("aanbieder__naam", "declaratie_id", "regelnummer")
    )
    out = []
    for x in qs:
        out.append(
            {
                "betaalronde": ronde.nummer,
                "gemeente_cbs": x.gemeente.cbs_code,
                "gemeente": x.gemeente.naam,
                "aanbieder_agb": x.aanbieder.agb_code,
                "aanbieder": x.aanbieder.naam,
                "declaratie": x.declaratie.nummer,
                "regel": x.regelnummer,
                "toewijzing": x.toewijzing.nummer
                if x.toewijzing
                else (x.lumpsumafspraak.nummer if x.lumpsumafspraak else ""),
                "client_referentie": client_referentie(x.client.uuid) if x.client else "",
                "productcode": x.product.code if x.product else "",
                "bekostiging": x.bekostiging,
                "termijn": x.termijn if x.termijn is not None else "",
                "periode_van": x.begindatum,
                "periode_tot": x.einddatum,
                "aantal": x.aantal if x.aantal is not None else "",
                "tarief": x.tarief if x.tarief is not None else "",
                "bedrag": x.bedrag,
                "debet_credit": "C" if x.bedrag < 0 else "D",
                "crediteert": x.crediteert.kenmerk if x.crediteert else "",
            }
        )
    return out


@dataclass
class ProductRegel:
    code: str
    naam: str
    bekostiging: str
    trajecten: int
    betaald: Decimal
    gemiddeld: Decimal
    gemiddeld_budget: Decimal
    verhouding: Decimal | None


@dataclass
class AanbiederRapport:
    aanbieder_id: int
    naam: str
    besteed: Decimal = NUL
    trajecten: int = 0
    volledig_betaald: int = 0
    vaste_trajecten: int = 0
    producten: list[ProductRegel] = field(default_factory=list)

    @property
    def aandeel_volledig(self) -> Decimal | None:
        return (
            (Decimal(self.volledig_betaald) / self.vaste_trajecten * 100).quantize(Decimal("0.1"))
            if self.vaste_trajecten
            else None
        )


def legitimiteit(*, user, van: dt.date | None = None, tot: dt.date | None = None) -> list[AanbiederRapport]:
    """Macro-level legitimacy per provider: spend, trajectories, average paid per product against the
    tariff (the assignment's budget), share of fixed-price trajectories paid in full. Counts approved
    and paid lines (net of credits) of client lines the user may see."""
    f = policy.rijen(user, "declaratieregel")
    if f == policy.NIETS:
        return []
    qs = Declaratieregel.objects.filter(f, status__in=(Regelstatus.GOEDGEKEURD, Regelstatus.BETAALD))
    if van:
        qs = qs.filter(einddatum__gte=van)
    if tot:
        qs = qs.filter(begindatum__lte=tot)
    per_toewijzing = (
        qs.filter(toewijzing__isnull=False)
        .values("aanbieder_id", "aanbieder__naam", "toewijzing_id", "toewijzing__budget", "product__code",
                "product__naam", "product__bekostiging")
        .annotate(betaald=Sum("bedrag"))
    )  # fmt: skip
    rapporten: dict[int, AanbiederRapport] = {}
    prod = defaultdict(lambda: {"n": 0, "betaald": NUL, "budget": NUL})
    for x in per_toewijzing:
        a = rapporten.setdefault(x["aanbieder_id"], AanbiederRapport(x["aanbieder_id"], x["aanbieder__naam"]))
        a.besteed += x["betaald"]
        a.trajecten += 1
        if x["product__bekostiging"] in (Bekostigingsvorm.TRAJECT, Bekostigingsvorm.ARRANGEMENT):
            a.vaste_trajecten += 1
            a.volledig_betaald += int(x["betaald"] >= x["toewijzing__budget"])
        p = prod[(x["aanbieder_id"], x["product__code"], x["product__naam"], x["product__bekostiging"])]
        p["n"] += 1
        p["betaald"] += x["betaald"]
        p["budget"] += x["toewijzing__budget"]
    for row in (
        qs.filter(lumpsumafspraak__isnull=False).values("aanbieder_id", "aanbieder__naam").annotate(s=Sum("bedrag"))
    ):
        a = rapporten.setdefault(row["aanbieder_id"], AanbiederRapport(row["aanbieder_id"], row["aanbieder__naam"]))
        a.besteed += row["s"]
    for (aanbieder_id, code, naam, bekostiging), p in sorted(prod.items(), key=lambda kv: kv[0][1]):
        gemiddeld = cent(p["betaald"] / p["n"])
        budget = cent(p["budget"] / p["n"])
        vast = bekostiging in (Bekostigingsvorm.TRAJECT, Bekostigingsvorm.ARRANGEMENT)
        rapporten[aanbieder_id].producten.append(
            ProductRegel(
                code, naam, bekostiging, p["n"], p["betaald"], gemiddeld, budget,
                (gemiddeld / budget * 100).quantize(Decimal("0.1")) if vast and budget else None,
            )
        )  # fmt: skip
    return sorted(rapporten.values(), key=lambda a: -a.besteed)


def status_telling(*, user) -> dict[str, int]:
    rows = Declaratieregel.objects.filter(policy.rijen(user, "declaratieregel"))
    rows = rows.values("status").annotate(n=Count("pk"))
    return {x["status"]: x["n"] for x in rows}


def telt(qs: QuerySet[Declaratieregel]) -> QuerySet[Declaratieregel]:
    return qs.filter(status__in=TELT)


# --- counts for the start page (issue 14) ------------------------------------------------------


def werk_telling(*, user) -> dict:
    """Invoice work in two queries, scoped by the policy: lines waiting for approval (``te_beoordelen``,
    with their total ``te_beoordelen_bedrag``), approved lines not yet in a payment run
    (``klaar_voor_betaling``), refused lines (``afgewezen``, the provider's to correct) and the payment
    runs the user sees (``betaalrondes``)."""
    from django.db.models import Q

    regels = Declaratieregel.objects.filter(policy.rijen(user, "declaratieregel")).aggregate(
        te_beoordelen=Count("pk", filter=Q(status=Regelstatus.TOEGEKEND)),
        te_beoordelen_bedrag=Sum("bedrag", filter=Q(status=Regelstatus.TOEGEKEND)),
        klaar_voor_betaling=Count("pk", filter=Q(status=Regelstatus.GOEDGEKEURD, betaalronde__isnull=True)),
        afgewezen=Count("pk", filter=Q(status=Regelstatus.AFGEWEZEN)),
    )
    rondes = Betaalronde.objects.filter(policy.rijen(user, "betaalronde")).values("pk").distinct().count()
    return {**regels, "betaalrondes": rondes}
