"""Queries on contracting.

Contract: ``is_gecontracteerd(aanbieder=P, product=X, datum=D)`` answers "is provider P contracted
for product X on date D?"; ``gecontracteerde_aanbieders(product=X, datum=D)`` lists every provider
that is. Every later issue (access, invoicing, outcomes) uses only these two.

Contracted on D means: a framework agreement of P that runs on D (start <= D <= current end date,
which includes exercised extensions and is the last day after an early termination), covers X from
a date on or before D, and is not suspended on D.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from uitkomst.catalogus import selectors as catalogus
from uitkomst.catalogus.models import Inkoopmodel, Product

from .models import (
    Aanbieder,
    Aanmelding,
    Contractproduct,
    Kwaliteitsbewijs,
    Kwaliteitseis,
    Kwaliteitssignaal,
    Opschorting,
    Raamovereenkomst,
    Toetredingsronde,
)


def today() -> dt.date:
    return timezone.localdate()


# --- the fixed interface ---------------------------------------------------------------------


def _contract_covering(*, product, datum: dt.date) -> QuerySet[Contractproduct]:
    suspended = Opschorting.objects.filter(raamovereenkomst=OuterRef("raamovereenkomst"), van__lte=datum).filter(
        Q(tot__isnull=True) | Q(tot__gte=datum)
    )
    return Contractproduct.objects.filter(
        product=product,
        van__lte=datum,
        raamovereenkomst__ingangsdatum__lte=datum,
        raamovereenkomst__einddatum__gte=datum,
    ).exclude(Exists(suspended))


def is_gecontracteerd(*, aanbieder: Aanbieder, product, datum: dt.date) -> bool:
    """True when ``aanbieder`` has an active framework agreement that covers ``product`` on ``datum``."""
    return _contract_covering(product=product, datum=datum).filter(raamovereenkomst__aanbieder=aanbieder).exists()


def gecontracteerde_aanbieders(*, product, datum: dt.date) -> QuerySet[Aanbieder]:
    """Providers with an active framework agreement covering ``product`` on ``datum``."""
    covering = _contract_covering(product=product, datum=datum).filter(raamovereenkomst__aanbieder=OuterRef("pk"))
    return Aanbieder.objects.filter(Exists(covering)).order_by("naam")


# --- who may do what -------------------------------------------------------------------------


def _scope(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return "installatie"
    return user.rol.scope if user.rol else None


def can_read_all(user) -> bool:
    """Contract managers and administrators read all contracting data of their region."""
    return bool(getattr(user, "is_authenticated", False) and user.has_right("contractering.lezen"))


def can_manage(user, inkoopmodel: Inkoopmodel | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.has_right("contractering.beheren"):
        return False
    if _scope(user) == "installatie":
        return True
    return inkoopmodel is None or user.regio_id == inkoopmodel.regio_id


def eigen_aanbieder(user) -> Aanbieder | None:
    """The provider a provider-role user acts for (None for every other role)."""
    if _scope(user) == "aanbieder" and user.aanbieder_id:
        return user.aanbieder
    return None


def _regio_filter(user, prefix: str) -> Q:
    if _scope(user) == "installatie":
        return Q()
    return Q(**{f"{prefix}regio_id": user.regio_id})


# --- lists, scoped by the acting user --------------------------------------------------------


def aanbieder_list(*, user) -> QuerySet[Aanbieder]:
    qs = Aanbieder.objects.prefetch_related("specialismen", "werkgebied", "vestigingen", "contactpersonen")
    if can_read_all(user):
        return qs
    eigen = eigen_aanbieder(user)
    return qs.filter(pk=eigen.pk) if eigen else qs.none()


def raamovereenkomst_list(*, user) -> QuerySet[Raamovereenkomst]:
    qs = Raamovereenkomst.objects.select_related("aanbieder", "inkoopmodel", "procedure").prefetch_related(
        Prefetch("contractproducten", queryset=Contractproduct.objects.select_related("product")),
        "opschortingen",
        "onderaannemingen",
        "historie",
    )
    if can_read_all(user):
        return qs.filter(_regio_filter(user, "inkoopmodel__"))
    eigen = eigen_aanbieder(user)
    return qs.filter(aanbieder=eigen) if eigen else qs.none()


def toetredingsronde_list(*, user) -> QuerySet[Toetredingsronde]:
    # Meta.ordering is ignored on aggregate queries, so order explicitly (stable pagination).
    qs = (
        Toetredingsronde.objects.select_related("procedure__inkoopmodel__regio")
        .annotate(aantal_aanmeldingen=Count("aanmeldingen"))
        .order_by("-aanmelden_van", "pk")
    )
    if can_read_all(user):
        return qs.filter(_regio_filter(user, "procedure__inkoopmodel__"))
    if eigen_aanbieder(user):
        return qs  # rounds are public announcements; providers see every round
    return qs.none()


def aanmelding_list(*, user) -> QuerySet[Aanmelding]:
    qs = Aanmelding.objects.select_related(
        "ronde__procedure__inkoopmodel", "aanbieder", "raamovereenkomst"
    ).prefetch_related("producten", "beoordelingen__kwaliteitseis", "historie")
    if can_read_all(user):
        return qs.filter(_regio_filter(user, "ronde__procedure__inkoopmodel__"))
    eigen = eigen_aanbieder(user)
    return qs.filter(aanbieder=eigen) if eigen else qs.none()


def lopende_overeenkomst(*, aanbieder: Aanbieder, inkoopmodel: Inkoopmodel, datum: dt.date) -> Raamovereenkomst | None:
    return (
        Raamovereenkomst.objects.filter(
            aanbieder=aanbieder, inkoopmodel=inkoopmodel, ingangsdatum__lte=datum, einddatum__gte=datum
        )
        .exclude(status=Raamovereenkomst.Status.BEEINDIGD, einddatum__lt=datum)
        .first()
    )


# --- quality ---------------------------------------------------------------------------------


def kwaliteitseisen_voor(*, inkoopmodel: Inkoopmodel) -> QuerySet[Kwaliteitseis]:
    """The requirements of a model: its own plus those of its law."""
    return Kwaliteitseis.objects.filter(Q(inkoopmodel=inkoopmodel) | Q(inkoopmodel__isnull=True, wet=inkoopmodel.wet))


def _valid_on(datum: dt.date) -> Q:
    return Q(geldig_van__lte=datum) & (Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=datum))


def verlopen_bewijzen(
    *, peildatum: dt.date | None = None, aanbieder: Aanbieder | None = None
) -> QuerySet[Kwaliteitsbewijs]:
    """Evidence that expired before ``peildatum`` and was not replaced by evidence valid that day."""
    peildatum = peildatum or today()
    replaced = Kwaliteitsbewijs.objects.filter(
        aanbieder=OuterRef("aanbieder"), kwaliteitseis=OuterRef("kwaliteitseis")
    ).filter(_valid_on(peildatum))
    qs = (
        Kwaliteitsbewijs.objects.filter(geldig_tot__lt=peildatum)
        .exclude(Exists(replaced))
        .select_related("aanbieder", "kwaliteitseis")
        .order_by("geldig_tot", "aanbieder__naam")
    )
    return qs.filter(aanbieder=aanbieder) if aanbieder is not None else qs


def open_signalen(*, aanbieder: Aanbieder | None = None) -> QuerySet[Kwaliteitssignaal]:
    qs = Kwaliteitssignaal.objects.filter(afgehandeld_op__isnull=True).select_related(
        "aanbieder", "bewijs__kwaliteitseis"
    )
    return qs.filter(aanbieder=aanbieder) if aanbieder is not None else qs


# --- overview --------------------------------------------------------------------------------


@dataclass
class AflopendeOvereenkomst:
    overeenkomst: Raamovereenkomst
    dagen_tot_einde: int

    @property
    def besluit_verlenging(self) -> bool:
        """The region must decide on an extension (an option is left), otherwise it simply ends."""
        return self.overeenkomst.verlengopties_over > 0


def aflopende_overeenkomsten(
    *, user, peildatum: dt.date | None = None, maanden: int = 6
) -> list[AflopendeOvereenkomst]:
    from .services import add_months

    peildatum = peildatum or today()
    qs = (
        raamovereenkomst_list(user=user)
        .exclude(status=Raamovereenkomst.Status.BEEINDIGD)
        .filter(einddatum__gte=peildatum, einddatum__lte=add_months(peildatum, maanden))
        .order_by("einddatum", "aanbieder__naam")
    )
    return [AflopendeOvereenkomst(o, (o.einddatum - peildatum).days) for o in qs]


def huidige_ronde(*, user, peildatum: dt.date | None = None) -> Toetredingsronde | None:
    """The round open for applications, else the next one, else the last one."""
    peildatum = peildatum or today()
    rondes = toetredingsronde_list(user=user)
    return (
        rondes.filter(aanmelden_van__lte=peildatum, aanmelden_tot__gte=peildatum).first()
        or rondes.filter(aanmelden_van__gt=peildatum).order_by("aanmelden_van").first()
        or rondes.filter(beoordelen_tot__gte=peildatum).order_by("aanmelden_van").first()
        or rondes.order_by("-aanmelden_van").first()
    )


@dataclass
class Contractmatrix:
    """Providers down, profiles across; each cell lists the contracted intensities."""

    inkoopmodel: Inkoopmodel
    peildatum: dt.date
    kolommen: list  # profiles (or products when the model has no grid)
    rijen: list[tuple[Aanbieder, list[list[Product]]]]
    aantal_per_product: dict[int, int] = field(default_factory=dict)
    producten: list[Product] = field(default_factory=list)


def contractmatrix(*, inkoopmodel: Inkoopmodel, peildatum: dt.date | None = None) -> Contractmatrix:
    peildatum = peildatum or today()
    producten = list(catalogus.product_list(inkoopmodel=inkoopmodel, peildatum=peildatum))
    profielen = list(inkoopmodel.profielen.order_by("volgorde", "code"))
    by_provider: dict[int, set[int]] = {}
    suspended = Opschorting.objects.filter(raamovereenkomst=OuterRef("raamovereenkomst"), van__lte=peildatum).filter(
        Q(tot__isnull=True) | Q(tot__gte=peildatum)
    )
    rows = (
        Contractproduct.objects.filter(
            raamovereenkomst__inkoopmodel=inkoopmodel,
            van__lte=peildatum,
            raamovereenkomst__ingangsdatum__lte=peildatum,
            raamovereenkomst__einddatum__gte=peildatum,
        )
        .exclude(Exists(suspended))
        .values_list("raamovereenkomst__aanbieder_id", "product_id")
    )
    for aanbieder_id, product_id in rows:
        by_provider.setdefault(aanbieder_id, set()).add(product_id)
    aantal = Counter(pid for pids in by_provider.values() for pid in pids)
    aanbieders = Aanbieder.objects.filter(pk__in=by_provider).order_by("naam")
    if profielen:
        kolommen = profielen
        per_profiel = {pr.pk: [p for p in producten if p.profiel_id == pr.pk] for pr in profielen}
        rijen = [
            (a, [[p for p in per_profiel[pr.pk] if p.pk in by_provider[a.pk]] for pr in profielen]) for a in aanbieders
        ]
    else:
        kolommen = producten
        rijen = [(a, [[p] if p.pk in by_provider[a.pk] else [] for p in producten]) for a in aanbieders]
    return Contractmatrix(inkoopmodel, peildatum, kolommen, rijen, dict(aantal), producten)


def keuzehulp_aanbieders(*, product: Product, datum: dt.date | None = None, gemeente=None) -> QuerySet[Aanbieder]:
    """The providers a client may choose for a product: contracted that day, serving the municipality.

    Never prices: every provider gets the same tariff, so choice is on quality and experience.
    """
    qs = gecontracteerde_aanbieders(product=product, datum=datum or today()).prefetch_related(
        "specialismen", "vestigingen", "werkgebied"
    )
    if gemeente is not None:
        qs = qs.filter(werkgebied=gemeente)
    return qs


def keuzehulp_producten(*, datum: dt.date | None = None) -> QuerySet[Product]:
    """Products with at least one contracted provider on ``datum`` (the choice aid's start page)."""
    datum = datum or today()
    covering = _contract_covering(product=OuterRef("pk"), datum=datum)
    return (
        catalogus.product_list(peildatum=datum)
        .filter(Exists(covering))
        .order_by("inkoopmodel__naam", "profiel__volgorde", "intensiteit__volgorde", "code")
    )


# --- reports ---------------------------------------------------------------------------------


@dataclass
class ProductGemeenteRapport:
    inkoopmodel: Inkoopmodel
    peildatum: dt.date
    gemeenten: list
    rijen: list[tuple[Product, list[int], int]]  # product, count per municipality, total contracted


def rapport_product_gemeente(*, inkoopmodel: Inkoopmodel, peildatum: dt.date | None = None) -> ProductGemeenteRapport:
    """Contracted providers per product and per municipality they serve."""
    peildatum = peildatum or today()
    matrix = contractmatrix(inkoopmodel=inkoopmodel, peildatum=peildatum)
    gemeenten = list(inkoopmodel.regio.gemeenten.order_by("naam"))
    werkgebied: dict[int, set[int]] = {}
    through = Aanbieder.werkgebied.through.objects.filter(aanbieder_id__in=[a.pk for a, _ in matrix.rijen])
    for aanbieder_id, gemeente_id in through.values_list("aanbieder_id", "gemeente_id"):
        werkgebied.setdefault(aanbieder_id, set()).add(gemeente_id)
    contracted: dict[int, set[int]] = {}
    for aanbieder, cells in matrix.rijen:
        for cell in cells:
            for product in cell:
                contracted.setdefault(product.pk, set()).add(aanbieder.pk)
    rijen = []
    for product in matrix.producten:
        ids = contracted.get(product.pk, set())
        per_gemeente = [sum(1 for a in ids if g.pk in werkgebied.get(a, ())) for g in gemeenten]
        rijen.append((product, per_gemeente, len(ids)))
    return ProductGemeenteRapport(inkoopmodel, peildatum, gemeenten, rijen)


def clienten_per_aanbieder(*, inkoopmodel: Inkoopmodel, van: dt.date, tot: dt.date) -> dict[int, int]:
    """Distinct clients per responsible provider: assignments of this model starting in [van, tot]."""
    from uitkomst.trajecten.models import Toewijzing  # trajecten builds on contracting, not the reverse

    rows = (
        Toewijzing.objects.filter(inkoopmodel=inkoopmodel, startdatum__gte=van, startdatum__lte=tot)
        .values("aanbieder_id")
        .annotate(n=Count("client", distinct=True))
        .order_by()
    )
    return {r["aanbieder_id"]: r["n"] for r in rows}


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
    """Concentration for a model over a period; ``bron`` can replace ``clienten_per_aanbieder``."""
    tot = tot or today()
    van = van or dt.date(tot.year - 1, tot.month, 1)
    per_id = (bron or clienten_per_aanbieder)(inkoopmodel=inkoopmodel, van=van, tot=tot)
    aanbieders = Aanbieder.objects.in_bulk(list(per_id))
    return concentratie_uit_aantallen({aanbieders.get(k, k): v for k, v in per_id.items()}, top_n=top_n)
