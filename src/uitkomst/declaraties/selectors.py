"""Reads for invoices, scoped by the acting user (``accounts.policy.rijen``): lists, a payment run's export
rows (client only as a pseudonym), and the macro-level legitimacy report per provider."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import Count, Max, QuerySet, Sum
from django.utils.translation import gettext as _

from uitkomst.accounts import policy
from uitkomst.audit.referentie import client_referentie
from uitkomst.catalogus.models import Bekostigingsvorm, Product
from uitkomst.contractering.models import Aanbieder
from uitkomst.trajecten.models import Toewijzing
from uitkomst.utils import db

from . import samenvatting
from .models import TELT, Betaalcel, Betaalronde, Declaratie, Declaratieregel, Regelstatus
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

    @property
    def bekostiging_label(self) -> str:
        return str(Bekostigingsvorm(self.bekostiging).label) if self.bekostiging in Bekostigingsvorm.values else ""


@dataclass
class AanbiederRapport:
    aanbieder_id: int
    naam: str
    uuid: object = None  # the provider's public key, for the page's link to its products
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
    and paid lines (net of credits) of client lines the user may see; with a period, the lines whose
    period overlaps it (``einddatum >= van`` and ``begindatum <= tot``).

    Read from the payment summary (``samenvatting``, cells per month of the period's start and end,
    cached under its data version) when the period is whole months (``van`` the first of a month,
    ``tot`` the last; no period; the page's year and month choices): there the month cells select
    exactly the lines the day comparison selects. A period of arbitrary days reads the lines
    themselves (``_legitimiteit_uit_regels``), so the figures never depend on which path answered."""
    f = policy.rijen(user, "declaratieregel")
    if f == policy.NIETS:
        return []
    if (van and van.day != 1) or (tot and tot != db.maandeinde(tot)):
        return _legitimiteit_uit_regels(f, van, tot)
    samenvatting.bijwerken()  # the dirty months only; nothing when no line changed
    return db.onthouden(
        "legitimiteit", samenvatting.versie(), (repr(f), van, tot), lambda: _legitimiteit_uit_cellen(f, van, tot)
    )


def _euro(centen) -> Decimal:
    return Decimal(int(centen or 0)).scaleb(-2)


def _legitimiteit_uit_cellen(f, van: dt.date | None, tot: dt.date | None) -> list[AanbiederRapport]:
    """Per assignment the sum of its cells in the period, then per provider and product in the same
    query: the number of assignments, paid, budget and how many are paid in full (all in cents)."""
    cellen = Betaalcel.objects.filter(f)
    if van:
        cellen = cellen.filter(eindmaand__gte=van)
    if tot:
        cellen = cellen.filter(maand__lte=tot)
    per_toewijzing = (
        cellen.filter(toewijzing_id__isnull=False)
        .values("aanbieder_id", "toewijzing_id", "product_id")
        .annotate(c=Sum("centen"), b=Max("budget_centen"))
        .order_by()
    )
    sql, params = per_toewijzing.query.sql_with_params()
    with connections[per_toewijzing.db].cursor() as cursor:
        cursor.execute(
            "SELECT t.aanbieder_id, t.product_id, COUNT(*), SUM(t.c), SUM(t.b), "  # noqa: S608 (SQL of the ORM)
            f"SUM(CASE WHEN t.c >= t.b THEN 1 ELSE 0 END) FROM ({sql}) t GROUP BY t.aanbieder_id, t.product_id",
            params,
        )
        groepen = cursor.fetchall()
    lumpsum = list(
        cellen.filter(lumpsumafspraak_id__isnull=False).values("aanbieder_id").annotate(c=Sum("centen")).order_by()
    )
    namen = {
        pk: (naam, uuid)
        for pk, naam, uuid in Aanbieder.objects.filter(
            pk__in={g[0] for g in groepen} | {x["aanbieder_id"] for x in lumpsum}
        ).values_list("pk", "naam", "uuid")
    }
    producten = {
        x["pk"]: (x["code"], x["naam"], x["bekostiging"])
        for x in Product.objects.filter(pk__in={g[1] for g in groepen if g[1] is not None}).values(
            "pk", "code", "naam", "bekostiging"
        )
    }
    rapporten: dict[int, AanbiederRapport] = {}
    prod = defaultdict(lambda: {"n": 0, "betaald": NUL, "budget": NUL})
    for aanbieder_id, product_id, n, c, b, volledig in groepen:
        a = rapporten.setdefault(aanbieder_id, AanbiederRapport(aanbieder_id, *namen.get(aanbieder_id, ("", None))))
        code, naam, bekostiging = producten.get(product_id, (None, None, None))
        betaald = _euro(c)
        a.besteed += betaald
        a.trajecten += n
        if bekostiging in VAST:
            a.vaste_trajecten += n
            a.volledig_betaald += int(volledig or 0)
        p = prod[(aanbieder_id, code, naam, bekostiging)]  # as the lines: one row per code, name and funding
        p["n"] += n
        p["betaald"] += betaald
        p["budget"] += _euro(b)
    for x in lumpsum:
        aanbieder_id = x["aanbieder_id"]
        a = rapporten.setdefault(aanbieder_id, AanbiederRapport(aanbieder_id, *namen.get(aanbieder_id, ("", None))))
        a.besteed += _euro(x["c"])
    return _rapport(rapporten, prod)


def _legitimiteit_uit_regels(f, van: dt.date | None, tot: dt.date | None) -> list[AanbiederRapport]:
    """The same report from the lines (a period of arbitrary days; and the reference of the tests)."""
    qs = Declaratieregel.objects.filter(f, status__in=(Regelstatus.GOEDGEKEURD, Regelstatus.BETAALD))
    if van:
        qs = qs.filter(einddatum__gte=van)
    if tot:
        qs = qs.filter(begindatum__lte=tot)
    per_toewijzing = (
        qs.filter(toewijzing__isnull=False)
        .values("aanbieder_id", "aanbieder__naam", "aanbieder__uuid", "toewijzing_id", "toewijzing__budget",
                "product__code", "product__naam", "product__bekostiging")
        .annotate(betaald=Sum("bedrag"))
        .order_by()
    )  # fmt: skip
    rapporten: dict[int, AanbiederRapport] = {}
    prod = defaultdict(lambda: {"n": 0, "betaald": NUL, "budget": NUL})
    for x in per_toewijzing:
        a = rapporten.setdefault(
            x["aanbieder_id"], AanbiederRapport(x["aanbieder_id"], x["aanbieder__naam"], x["aanbieder__uuid"])
        )
        a.besteed += x["betaald"]
        a.trajecten += 1
        if x["product__bekostiging"] in VAST:
            a.vaste_trajecten += 1
            a.volledig_betaald += int(x["betaald"] >= x["toewijzing__budget"])
        p = prod[(x["aanbieder_id"], x["product__code"], x["product__naam"], x["product__bekostiging"])]
        p["n"] += 1
        p["betaald"] += x["betaald"]
        p["budget"] += x["toewijzing__budget"]
    for row in (
        qs.filter(lumpsumafspraak__isnull=False)
        .values("aanbieder_id", "aanbieder__naam", "aanbieder__uuid")
        .annotate(s=Sum("bedrag"))
        .order_by()
    ):
        a = rapporten.setdefault(
            row["aanbieder_id"], AanbiederRapport(row["aanbieder_id"], row["aanbieder__naam"], row["aanbieder__uuid"])
        )
        a.besteed += row["s"]
    return _rapport(rapporten, prod)


VAST = (Bekostigingsvorm.TRAJECT, Bekostigingsvorm.ARRANGEMENT)


def legitimiteit_totaal(rapport: list[AanbiederRapport]) -> Decimal:
    """The report's total spend: the sum of its providers' ``besteed`` (page and Excel show the same)."""
    return sum((a.besteed for a in rapport), NUL)


def _rapport(rapporten: dict[int, AanbiederRapport], prod: dict) -> list[AanbiederRapport]:
    for (aanbieder_id, code, naam, bekostiging), p in sorted(
        prod.items(), key=lambda kv: (kv[0][1] or "", kv[0][2] or "", kv[0][3] or "")
    ):
        gemiddeld = cent(p["betaald"] / p["n"])
        budget = cent(p["budget"] / p["n"])
        rapporten[aanbieder_id].producten.append(
            ProductRegel(
                code, naam, bekostiging, p["n"], p["betaald"], gemiddeld, budget,
                (gemiddeld / budget * 100).quantize(Decimal("0.1")) if bekostiging in VAST and budget else None,
            )
        )  # fmt: skip
    return sorted(rapporten.values(), key=lambda a: (-a.besteed, a.naam, a.aanbieder_id))


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


# --- the budget of an effort-based (P×Q) assignment, for its pages ----------------------------


@dataclass(frozen=True)
class PxqBudget:
    """An effort-based assignment's money: its budget is the unit tariff (``trajecten.toewijzing_create``),
    the ceiling is the agreed volume, and the total (tariff × volume) is the commitment the steering
    summary counts (``sturing.samenvatting``). ``volume`` is None until the volume is agreed."""

    tarief: Decimal
    eenheid: str  # the tariff unit as a product shows it: "per uur"
    volume: Decimal | None
    volume_eenheid: str  # the unit the volume is counted in: "uur", "dagdelen", "etmalen"

    @property
    def totaal(self) -> Decimal | None:
        return cent(self.tarief * self.volume) if self.volume is not None else None


def _volume_eenheid(tariefeenheid: str) -> str:
    namen = {"uur": _("uur"), "dagdeel": _("dagdelen"), "etmaal": _("etmalen"), "stuk": _("stuks")}
    return str(namen.get(tariefeenheid, _("eenheden")))


def pxq_budget(*, user, toewijzing) -> PxqBudget | None:
    """Tariff, agreed volume and total of ``toewijzing`` when it is effort-based (P×Q) and ``user`` may
    see it; None for every other funding form (their budget is the amount itself)."""
    product = toewijzing.product
    if product.bekostiging != Bekostigingsvorm.INSPANNING:
        return None
    rij = (
        Toewijzing.objects.filter(policy.rijen(user, "toewijzing"), pk=toewijzing.pk)
        .values_list("budget", "volumeafspraak__volume")
        .first()
    )
    if rij is None:
        return None
    return PxqBudget(
        tarief=rij[0],
        eenheid=str(product.get_tariefeenheid_display()),
        volume=rij[1],
        volume_eenheid=_volume_eenheid(product.tariefeenheid),
    )
