"""Indicators per provider, product, intensity, municipality or period: n, share, 95% Wilson interval,
the regional benchmark, and suppression of small cells. Every grouping is one aggregate query on the
monthly summary (``samenvatting.Indicatorcel``, whole months) plus at most two on the measurements
(the partial months at the edges of a period), whatever the number of trajectories.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Intensiteit, Product
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.utils import db
from uitkomst.utils.errors import NotFound, ValidationFailed

from . import samenvatting, stats
from .definities import INDICATOREN, PER_CODE, Indicator, tellingen
from .models import Uitkomstmeting

__all__ = ["INDICATOREN", "PER_CODE", "Indicator"]


GROEPEN = {
    "aanbieder": "aanbieder_id",
    "product": "product_id",
    "intensiteit": "intensiteit_id",
    "gemeente": "gemeente_id",
    "periode": None,  # year and quarter of ending
}


@dataclass
class Cel:
    n: int
    k: int
    onderdrukt: bool
    aandeel: float | None = None
    ci: tuple[float, float] | None = None
    benchmark: float | None = None
    afwijking: str | None = None  # "beter" / "slechter": stats.vergelijk against the rest of the region

    @property
    def n_tekst(self) -> str:
        return f"< {stats.min_celgrootte()}" if self.onderdrukt else str(self.n)


@dataclass
class Tevredenheid:
    uitgevraagd: int
    respons: int
    gemiddelde: float | None
    extra_vraag: float | None
    onderdrukt: bool

    @property
    def responspercentage(self) -> float | None:
        return self.respons / self.uitgevraagd if self.uitgevraagd and not self.onderdrukt else None


@dataclass
class Rij:
    sleutel: object
    label: str
    aantal: int
    cellen: dict[str, Cel]
    tevredenheid: Tevredenheid
    onderdrukt: bool = False


@dataclass
class Tabel:
    groep: str | None
    van: dt.date | None
    tot: dt.date | None
    min_n: int
    indicatoren: list[Indicator]
    rijen: list[Rij]
    benchmark: Rij
    filters: dict = field(default_factory=dict)


def _rij(sleutel, label: str, row: dict, min_n: int, bench: dict | None) -> Rij:
    """One row. ``bench`` holds the region's aggregate row for the same group (the benchmark, which
    includes this unit): the benchmark share is the region's, and better/worse is decided by
    ``stats.vergelijk`` between the unit and the rest of the region (region minus unit)."""
    cellen = {}
    for i in INDICATOREN:
        n, k = row[f"{i.code}__n"], row[f"{i.code}__k"]
        cel = Cel(n=n, k=k, onderdrukt=n < min_n)
        if not cel.onderdrukt:
            cel.aandeel, cel.ci = k / n, stats.wilson(k, n)
        if bench is not None:
            bn, bk = bench.get(f"{i.code}__n") or 0, bench.get(f"{i.code}__k") or 0
            cel.benchmark = bk / bn if bn else None
            if not cel.onderdrukt:
                cel.afwijking = stats.vergelijk(k, n, bk - k, bn - n, hoger_is_beter=i.hoger_is_beter)
        cellen[i.code] = cel
    respons = row["tev__respons"]
    onderdrukt = respons < min_n
    scores, extra = row["tevreden__n"], row["tev__extra_n"]
    gem = (row["tev__som"] or 0) / scores if scores else None
    extra_gem = (row["tev__extra_som"] or 0) / extra if extra else None
    tev = Tevredenheid(
        uitgevraagd=row["tev__uitgevraagd"],
        respons=respons,
        gemiddelde=None if onderdrukt or gem is None else float(gem),
        extra_vraag=None if onderdrukt or extra_gem is None else float(extra_gem),
        onderdrukt=onderdrukt,
    )
    return Rij(sleutel, label, row["aantal"], cellen, tev, onderdrukt=row["aantal"] < min_n)


def _toetsen(row: dict, bench: dict, min_n: int) -> list[tuple[int, int, int, int]]:
    """The (k, n, k_rest, n_rest) tables ``_rij`` compares for ``row`` against ``bench``."""
    uit = []
    for i in INDICATOREN:
        n, k = row[f"{i.code}__n"], row[f"{i.code}__k"]
        bn, bk = bench.get(f"{i.code}__n") or 0, bench.get(f"{i.code}__k") or 0
        if n >= min_n and stats.te_toetsen(k, n, bk - k, bn - n):
            uit.append((k, n, bk - k, bn - n))
    return uit


def _secundair(rijen: list[Rij]) -> None:
    """Complementary suppression: when exactly one cell of a column is hidden, the region's total
    minus the others would reveal it, so the next-smallest cell is hidden too."""
    for i in INDICATOREN:
        verborgen = [r for r in rijen if r.cellen[i.code].onderdrukt and r.cellen[i.code].n > 0]
        zichtbaar = [r for r in rijen if not r.cellen[i.code].onderdrukt]
        if len(verborgen) == 1 and zichtbaar:
            kleinste = min(zichtbaar, key=lambda r: r.cellen[i.code].n)
            cel = kleinste.cellen[i.code]
            cel.onderdrukt, cel.aandeel, cel.ci, cel.afwijking = True, None, None, None


def _labels(groep: str, keys: set) -> dict:
    if groep == "aanbieder":
        return dict(Aanbieder.objects.filter(pk__in=keys).values_list("pk", "naam"))
    if groep == "gemeente":
        return dict(Gemeente.objects.filter(pk__in=keys).values_list("pk", "naam"))
    if groep == "intensiteit":
        return dict(Intensiteit.objects.filter(pk__in=keys).values_list("pk", "naam"))
    if groep == "product":
        return {p.pk: f"{p.code} {p.naam}" for p in Product.objects.filter(pk__in=keys).only("code", "naam")}
    return {}


def regio_van(user) -> int | None:
    if getattr(user, "regio_id", None):
        return user.regio_id
    if getattr(user, "gemeente_id", None):
        return user.gemeente.regio_id
    return None


def indicatoren(
    *,
    user=None,
    groep: str | None = "aanbieder",
    van: dt.date | None = None,
    tot: dt.date | None = None,
    regio_id: int | None = None,
    publiek: bool = False,
    aanbieder_id: int | None = None,
    gemeente_id: int | None = None,
    **filters,
) -> Tabel:
    """The indicator table. ``user`` scopes the rows (``publiek``: all, aggregated, e.g. the keuzehulp);
    the benchmark is always the whole region (same period and filters, not grouped). With
    ``aanbieder_id`` or ``gemeente_id`` (a unit) the rows are that unit's only and each row is compared
    with the region's value for the same group (the same product, the same quarter): the account-talk
    pack, the municipal monitor. Better/worse: ``stats.vergelijk`` between a row and the rest of the
    region, in every page, export, API answer and signal."""
    if groep is not None and groep not in GROEPEN:
        raise ValidationFailed(
            f"Onbekende groepering '{groep}'; kies uit {', '.join(GROEPEN)}.", code="groep_onbekend", field="groep"
        )
    if not publiek:
        policy.vereis(user, "uitkomsten.lezen")
    min_n = stats.min_celgrootte()
    if regio_id is None and user is not None:
        regio_id = regio_van(user)
    samenvatting.bijwerken()  # the dirty months only; nothing when no measurement changed
    basis = samenvatting.Telling(van=van, tot=tot, filters=filters)
    if regio_id is not None:  # the ids of the region's municipalities: no join on every row
        basis = basis.filter(
            gemeente_id__in=list(Gemeente.objects.filter(regio_id=regio_id).values_list("pk", flat=True))
        )
    heel = publiek or policy.mag(user, "uitkomsten.regio_lezen", Regio(pk=regio_id) if regio_id else None)
    bereik = None if heel else policy.rijen(user, "uitkomstmeting_aggregaat")
    scoped = basis if heel else basis.filter(bereik)
    if aanbieder_id is not None:
        heel, scoped = False, scoped.filter(aanbieder_id=aanbieder_id)
    if gemeente_id is not None:  # a unit: its rows only, the benchmark stays the region
        heel, scoped = False, scoped.filter(gemeente_id=gemeente_id)
    # cached per selection and data version: the same table is not recomputed for every page view
    sleutel = (groep, van, tot, regio_id, aanbieder_id, gemeente_id, min_n, heel, sorted(filters.items()), str(bereik))
    return db.onthouden(
        "indicatoren", samenvatting.versie(), sleutel,
        lambda: _tabel(basis, scoped, heel, groep, van, tot, min_n, filters, aanbieder_id, gemeente_id),
    )  # fmt: skip


def _tabel(basis, scoped, heel, groep, van, tot, min_n, filters, aanbieder_id, gemeente_id) -> Tabel:
    eenheid = {"aanbieder": aanbieder_id, "gemeente": gemeente_id}
    per_groep_vergelijken = groep is not None and eenheid.get(groep) is None and any(eenheid.values())
    groepen = _groepeer(scoped, groep)
    if heel and groep is not None:  # the groups partition the region: its total is their sum (one scan)
        totaal = dict.fromkeys(tellingen(), 0)
        for _, _, row in groepen:
            for k, v in row.items():
                totaal[k] += v or 0
    else:
        totaal = basis.per(None).get(None) or dict.fromkeys(tellingen(), 0)
    bench_rij = _rij(None, "Regio (benchmark)", totaal, min_n, None)
    per_groep: dict = {}
    if per_groep_vergelijken:  # a unit's rows: compare each with the region's same group (product, quarter)
        per_groep = {key: row for key, _, row in _groepeer(basis, groep, labels=False)}
    # every better/worse test of the table in one vectorised pass (memoised for the rows below)
    stats.p_waarden(t for key, _, row in groepen for t in _toetsen(row, per_groep.get(key, totaal), min_n))
    rijen = [_rij(key, label, row, min_n, per_groep.get(key, totaal)) for key, label, row in groepen]
    if groep != "periode":
        rijen.sort(key=lambda r: r.label)
    _secundair(rijen)
    return Tabel(groep, van, tot, min_n, INDICATOREN, rijen, bench_rij, filters)


def _groepeer(
    telling: samenvatting.Telling, groep: str | None, *, labels: bool = True
) -> list[tuple[object, str, dict]]:
    """(key, label, aggregate row) per group of ``telling`` (grouped in SQL)."""
    groepen: list[tuple[object, str, dict]] = []
    if groep == "periode":  # year and quarter of ending
        kwartalen = telling.per("kwartaal")
        groepen = [(key, f"{key[0]}-K{key[1]}", kwartalen[key]) for key in sorted(kwartalen)]
    elif groep is not None:
        veld = GROEPEN[groep]
        rows = telling.per(veld)
        namen = _labels(groep, set(rows)) if labels else {}
        for key, row in rows.items():
            groepen.append((key, namen.get(key, "onbekend") if key is not None else "geen", row))
    return groepen


def meting_list(*, user) -> QuerySet[Uitkomstmeting]:
    """Row-level measurements: only with a care relation (``uitkomsten.metingen_lezen``, the provider's
    own); every other reader gets the aggregated, suppressed ``indicatoren``."""
    policy.vereis(user, "uitkomsten.metingen_lezen")
    return (
        Uitkomstmeting.objects.filter(policy.rijen(user, "uitkomstmeting"))
        .select_related("gemeente", "aanbieder", "product", "intensiteit", "client", "traject")
        .order_by("-beeindigd_op", "-pk")
    )


def meting_get(*, user, uuid) -> Uitkomstmeting:
    try:
        return meting_list(user=user).get(uuid=uuid)
    except Uitkomstmeting.DoesNotExist as exc:
        raise NotFound("Deze uitkomstmeting bestaat niet of u mag haar niet zien.") from exc


@dataclass
class Keuzecijfers:
    """The outcome figures of the choice aid for one product, per provider: the public keuzehulp and
    the access worker's choice with the client show these and nothing else. A provider without a row
    has no measured ended trajectory yet ("nog niet bekend"); a row or cell with fewer than ``min_n``
    trajectories, or hidden to protect another, is suppressed ("onderdrukt")."""

    min_n: int
    rijen: dict[int, Rij]

    def get(self, aanbieder_id: int) -> Rij | None:
        return self.rijen.get(aanbieder_id)


def keuzehulp_uitkomsten(*, product: Product) -> Keuzecijfers:
    """Per provider for one product: the public, suppressed outcome rows (one measurement per ended
    trajectory, counted per trajectory) of the product's region, for every choice aid."""
    tabel = indicatoren(groep="aanbieder", product_id=product.pk, regio_id=product.inkoopmodel.regio_id, publiek=True)
    return Keuzecijfers(min_n=tabel.min_n, rijen={r.sleutel: r for r in tabel.rijen})
