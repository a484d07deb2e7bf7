"""Queries on the catalogue.

Purchasing models, products and tariffs are public procurement information: anyone may read
them (the public choice aid needs them). Who may change them is decided by ``accounts.policy``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from uitkomst.utils import klok

from .models import Inkoopmodel, Intensiteit, Kostensegment, Product, Profiel, Tarief


def _valid_on(prefix: str, datum: dt.date) -> Q:
    return Q(**{f"{prefix}geldig_van__lte": datum}) & (
        Q(**{f"{prefix}geldig_tot__isnull": True}) | Q(**{f"{prefix}geldig_tot__gte": datum})
    )


def tarieven_op_datum(datum: dt.date) -> QuerySet[Tarief]:
    return Tarief.objects.filter(_valid_on("", datum), status=Tarief.Status.VASTGESTELD)


def tarief_op_datum(*, product: Product, datum: dt.date) -> Tarief | None:
    """The tariff version valid on a date (the budget of an assignment that starts that day)."""
    return tarieven_op_datum(datum).filter(product=product).first()


def inkoopmodel_list(*, user=None, peildatum: dt.date | None = None) -> QuerySet[Inkoopmodel]:
    return (
        Inkoopmodel.objects.select_related("regio")
        .annotate(
            aantal_producten=Count("producten", filter=~Q(producten__soort=Product.Soort.MAATWERK), distinct=True),
            aantal_maatwerk=Count("producten", filter=Q(producten__soort=Product.Soort.MAATWERK), distinct=True),
        )
        .order_by("regio__naam", "-geldig_van", "naam")
    )


def inkoopmodel_get(*, user=None, uuid=None, code: str | None = None) -> Inkoopmodel:
    qs = inkoopmodel_list(user=user)
    return qs.get(uuid=uuid) if uuid is not None else qs.get(code=code)


def product_list(
    *, user=None, inkoopmodel: Inkoopmodel | None = None, peildatum: dt.date | None = None
) -> QuerySet[Product]:
    """Products with the tariff valid on ``peildatum`` annotated (one query, no N+1)."""
    peildatum = peildatum or klok.vandaag()
    current = tarieven_op_datum(peildatum).filter(product=OuterRef("pk")).order_by("-geldig_van")
    qs = Product.objects.select_related("inkoopmodel", "profiel", "intensiteit", "betaalschema").annotate(
        huidig_bedrag=Subquery(current.values("bedrag")[:1]),
        huidig_tarief_uuid=Subquery(current.values("uuid")[:1]),
        huidig_illustratief=Subquery(current.values("illustratief")[:1]),
        huidig_geldig_van=Subquery(current.values("geldig_van")[:1]),
        huidig_geldig_tot=Subquery(current.values("geldig_tot")[:1]),
    )
    if inkoopmodel is not None:
        qs = qs.filter(inkoopmodel=inkoopmodel)
    return qs


def product_get(*, user=None, uuid) -> Product:
    return product_list(user=user).get(uuid=uuid)


def tarief_list(*, user=None, product: Product | None = None) -> QuerySet[Tarief]:
    qs = Tarief.objects.select_related("product", "product__inkoopmodel").order_by("product__code", "geldig_van")
    return qs.filter(product=product) if product is not None else qs


def segment_for(segments: list[Kostensegment], bedrag: Decimal | None) -> Kostensegment | None:
    """The cost segment an amount falls in: above its lower bound, up to and including its upper bound."""
    if bedrag is None:
        return None
    for segment in segments:
        if bedrag > segment.ondergrens and (segment.bovengrens is None or bedrag <= segment.bovengrens):
            return segment
    return None


def kostensegment_voor(*, inkoopmodel: Inkoopmodel, bedrag: Decimal) -> Kostensegment | None:
    return segment_for(list(inkoopmodel.kostensegmenten.all()), bedrag)


@dataclass
class MatrixCell:
    product: Product | None
    segment: Kostensegment | None = None


@dataclass
class MatrixRow:
    profiel: Profiel
    cells: list[MatrixCell]


@dataclass
class Tariefmatrix:
    inkoopmodel: Inkoopmodel
    peildatum: dt.date
    intensiteiten: list[Intensiteit]
    rijen: list[MatrixRow]
    overige: list[Product] = field(default_factory=list)

    @property
    def heeft_illustratieve_tarieven(self) -> bool:
        products = [c.product for r in self.rijen for c in r.cells if c.product] + self.overige
        return any(p.huidig_illustratief for p in products)


def tariefmatrix(*, inkoopmodel: Inkoopmodel, peildatum: dt.date | None = None) -> Tariefmatrix:
    """The model as a contract manager reads it: profiles down, intensities across, tariff per cell."""
    peildatum = peildatum or klok.vandaag()
    intensiteiten = list(inkoopmodel.intensiteiten.order_by("volgorde", "code"))
    segmenten = list(inkoopmodel.kostensegmenten.all())
    producten = list(product_list(inkoopmodel=inkoopmodel, peildatum=peildatum))
    grid: dict[tuple[int, int], Product] = {}
    overige: list[Product] = []
    for p in producten:
        if p.profiel_id and p.intensiteit_id:
            grid[(p.profiel_id, p.intensiteit_id)] = p
        else:
            overige.append(p)

    def segment(p: Product | None) -> Kostensegment | None:
        return segment_for(segmenten, p.huidig_bedrag) if p is not None else None

    profielen_in_grid = {pid for pid, _ in grid}
    rijen = [
        MatrixRow(
            profiel=pr,
            cells=[MatrixCell(grid.get((pr.pk, i.pk)), segment(grid.get((pr.pk, i.pk)))) for i in intensiteiten],
        )
        for pr in inkoopmodel.profielen.order_by("volgorde", "code")
        if pr.pk in profielen_in_grid
    ]
    return Tariefmatrix(
        inkoopmodel=inkoopmodel, peildatum=peildatum, intensiteiten=intensiteiten, rijen=rijen, overige=overige
    )
