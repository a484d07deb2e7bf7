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
import uuid as uuidlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from uitkomst.accounts import policy
from uitkomst.catalogus import selectors as catalogus
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.utils import klok
from uitkomst.utils.dates import add_months
from uitkomst.utils.geld import format_getal

from .models import (
    SCORE_MAX,
    Aanbesteding,
    Aanbieder,
    Aanmelding,
    Contractproduct,
    Gunningscriterium,
    Inkoopprocedure,
    Inschrijving,
    Kwaliteitsbewijs,
    Kwaliteitseis,
    Onderaanneming,
    Opschorting,
    Raamovereenkomst,
    Score,
    Toetredingsronde,
)

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


def procedure_van_inkoopmodel(*, inkoopmodel: Inkoopmodel, datum: dt.date | None = None) -> Inkoopprocedure | None:
    """The procurement procedure a purchasing model was really contracted with: the procedure of most
    agreements that run on ``datum`` (ties: the oldest procedure), else of any agreement under the
    model, else the model's first procedure; None when the model has no procedure at all."""
    datum = datum or klok.vandaag()
    agreements = Raamovereenkomst.objects.filter(inkoopmodel=inkoopmodel, procedure__isnull=False)
    for qs in (agreements.filter(ingangsdatum__lte=datum, einddatum__gte=datum), agreements):
        top = qs.values("procedure_id").annotate(n=Count("pk")).order_by("-n", "procedure_id").first()
        if top is not None:
            return Inkoopprocedure.objects.get(pk=top["procedure_id"])
    return Inkoopprocedure.objects.filter(inkoopmodel=inkoopmodel).order_by("pk").first()


# --- lists, scoped by the acting user (who sees what: ``accounts.policy.rijen``) -------------


def eigen_aanbieder(user) -> Aanbieder | None:
    """The provider a provider-role user acts for (None for every other role)."""
    pk = policy.eigen_aanbieder_id(user)
    return Aanbieder.objects.get(pk=pk) if pk else None


def aanbieder_list(*, user) -> QuerySet[Aanbieder]:
    qs = Aanbieder.objects.prefetch_related("specialismen", "werkgebied", "vestigingen", "contactpersonen")
    return qs.filter(policy.rijen(user, "aanbieder"))


def raamovereenkomst_list(*, user) -> QuerySet[Raamovereenkomst]:
    qs = Raamovereenkomst.objects.select_related("aanbieder", "inkoopmodel", "procedure").prefetch_related(
        Prefetch("contractproducten", queryset=Contractproduct.objects.select_related("product")),
        "opschortingen",
        "onderaannemingen",
        "historie",
    )
    return qs.filter(policy.rijen(user, "raamovereenkomst"))


def toetredingsronde_list(*, user) -> QuerySet[Toetredingsronde]:
    # Meta.ordering is ignored on aggregate queries, so order explicitly (stable pagination).
    qs = (
        Toetredingsronde.objects.select_related("procedure__inkoopmodel__regio")
        .annotate(aantal_aanmeldingen=Count("aanmeldingen"))
        .order_by("-aanmelden_van", "pk")
    )
    return qs.filter(policy.rijen(user, "toetredingsronde"))  # a provider sees every (public) round


def aanmelding_list(*, user) -> QuerySet[Aanmelding]:
    qs = Aanmelding.objects.select_related(
        "ronde__procedure__inkoopmodel", "aanbieder", "raamovereenkomst"
    ).prefetch_related("producten", "beoordelingen__kwaliteitseis", "historie")
    return qs.filter(policy.rijen(user, "aanmelding"))


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
    peildatum = peildatum or klok.vandaag()
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


def regios_van_aanbieder(aanbieder_id: int) -> list[int]:
    """The regions a provider works in: those of its agreements and applications, and of the
    municipalities in its working area."""
    regios = set(
        Raamovereenkomst.objects.filter(aanbieder_id=aanbieder_id).values_list("inkoopmodel__regio_id", flat=True)
    )
    regios |= set(
        Aanmelding.objects.filter(aanbieder_id=aanbieder_id).values_list(
            "ronde__procedure__inkoopmodel__regio_id", flat=True
        )
    )
    regios |= set(Aanbieder.objects.filter(pk=aanbieder_id).values_list("werkgebied__regio_id", flat=True))
    return sorted(r for r in regios if r is not None)


def regios_voor_bewijs(bewijs: Kwaliteitsbewijs) -> list[int]:
    """The regions that ask for this evidence: the region of the requirement's purchasing model; for
    a requirement under a law, the regions the provider works in (none: no region is concerned yet;
    the contracting overview still lists the expired evidence)."""
    eis = bewijs.kwaliteitseis
    if eis.inkoopmodel_id is not None:
        return [eis.inkoopmodel.regio_id]
    return regios_van_aanbieder(bewijs.aanbieder_id)


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
    peildatum = peildatum or klok.vandaag()
    qs = (
        raamovereenkomst_list(user=user)
        .exclude(status=Raamovereenkomst.Status.BEEINDIGD)
        .filter(einddatum__gte=peildatum, einddatum__lte=add_months(peildatum, maanden))
        .order_by("einddatum", "aanbieder__naam")
    )
    return [AflopendeOvereenkomst(o, (o.einddatum - peildatum).days) for o in qs]


def huidige_ronde(*, user, peildatum: dt.date | None = None) -> Toetredingsronde | None:
    """The round open for applications, else the next one, else the last one."""
    peildatum = peildatum or klok.vandaag()
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
    peildatum = peildatum or klok.vandaag()
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
    qs = gecontracteerde_aanbieders(product=product, datum=datum or klok.vandaag()).prefetch_related(
        "specialismen", "vestigingen", "werkgebied"
    )
    if gemeente is not None:
        qs = qs.filter(werkgebied=gemeente)
    return qs


def keuzehulp_producten(*, datum: dt.date | None = None) -> QuerySet[Product]:
    """Products with at least one contracted provider on ``datum`` (the choice aid's start page)."""
    datum = datum or klok.vandaag()
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
    peildatum = peildatum or klok.vandaag()
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


# Clients per provider and the market concentration read the assignments (trajecten, a higher
# layer): they live in trajecten.selectors.clienten_per_aanbieder and sturing.selectors.concentratie.


def inkoopmodel_voor_overzicht(*, user, uuid: str | None = None) -> Inkoopmodel | None:
    """The purchasing model a contracting page shows: the one asked for (``uuid``) among the models of
    the user's region, else the first with agreements, else the first. An unknown or foreign ``uuid``
    raises ``Inkoopmodel.DoesNotExist``."""
    modellen = catalogus.inkoopmodel_list(user=user).filter(policy.rijen(user, "inkoopmodel_regio"))
    if uuid:
        try:
            return modellen.get(uuid=uuidlib.UUID(str(uuid)))
        except ValueError as exc:
            raise Inkoopmodel.DoesNotExist(uuid) from exc
    return modellen.filter(raamovereenkomsten__isnull=False).distinct().first() or modellen.first()


# --- counts for the start page (issue 14) ------------------------------------------------------


def werk_telling(*, user, peildatum: dt.date | None = None, maanden: int = 3) -> dict[str, int]:
    """The contract manager's waiting work in three queries, scoped by the policy: applications to
    assess (``aanmeldingen``), agreements ending within ``maanden`` (``aflopend``) and quality evidence
    of the region's contracted providers that expires within ``maanden`` (``bewijs_aflopend``) or has
    expired without a valid replacement (``bewijs_verlopen``)."""
    peildatum = peildatum or klok.vandaag()
    grens = add_months(peildatum, maanden)
    aanmeldingen = aanmelding_list(user=user).filter(
        status__in=[Aanmelding.Status.INGEDIEND, Aanmelding.Status.IN_BEOORDELING]
    )
    aflopend = (
        Raamovereenkomst.objects.filter(policy.rijen(user, "raamovereenkomst"))
        .exclude(status=Raamovereenkomst.Status.BEEINDIGD)
        .filter(einddatum__gte=peildatum, einddatum__lte=grens)
    )
    gecontracteerd = Raamovereenkomst.objects.filter(
        policy.rijen(user, "raamovereenkomst"), aanbieder=OuterRef("aanbieder"), einddatum__gte=peildatum
    )
    vervangen = Kwaliteitsbewijs.objects.filter(
        aanbieder=OuterRef("aanbieder"), kwaliteitseis=OuterRef("kwaliteitseis")
    ).filter(_valid_on(peildatum), Q(geldig_tot__isnull=True) | Q(geldig_tot__gt=grens))
    bewijzen = Kwaliteitsbewijs.objects.filter(Exists(gecontracteerd), geldig_tot__isnull=False).exclude(
        Exists(vervangen)
    )
    telling = bewijzen.aggregate(
        bewijs_verlopen=Count("pk", filter=Q(geldig_tot__lt=peildatum)),
        bewijs_aflopend=Count("pk", filter=Q(geldig_tot__gte=peildatum, geldig_tot__lte=grens)),
    )
    return {"aanmeldingen": aanmeldingen.count(), "aflopend": aflopend.count(), **telling}


def laatste_bewijzen(*, aanbieder: Aanbieder) -> dict[int, Kwaliteitsbewijs]:
    """Per requirement id, the provider's evidence that counts: the one valid longest (open-ended
    first), so a renewed certificate replaces the expired one."""
    result: dict[int, Kwaliteitsbewijs] = {}
    for b in aanbieder.kwaliteitsbewijzen.order_by("geldig_van", "pk"):
        huidig = result.get(b.kwaliteitseis_id)
        langer = huidig is None or (
            huidig.geldig_tot is not None and (b.geldig_tot is None or b.geldig_tot >= huidig.geldig_tot)
        )
        if langer:
            result[b.kwaliteitseis_id] = b
    return result


def kwaliteitseisen_voor_aanbieder(*, aanbieder: Aanbieder) -> QuerySet[Kwaliteitseis]:
    """The requirements a provider may bring evidence for: those of every purchasing model (law-wide
    ones included). Quality requirements are public procurement information."""
    return Kwaliteitseis.objects.select_related("inkoopmodel").order_by("inkoopmodel__naam", "volgorde", "naam")


def kwaliteitsbewijs_get(*, user, pk: int) -> Kwaliteitsbewijs | None:
    """Evidence of a provider the user sees (``policy.rijen(user, "aanbieder")``), else None."""
    return (
        Kwaliteitsbewijs.objects.filter(aanbieder__in=Aanbieder.objects.filter(policy.rijen(user, "aanbieder")))
        .filter(pk=pk)
        .first()
    )


# --- competitive procedures: the score matrix and the ranking (issue 17) -----------------------


def aanbesteding_list(*, user) -> QuerySet[Aanbesteding]:
    """Competitive procedures the user sees: a contract reader its region's, a provider every one
    (a tender is public)."""
    qs = Aanbesteding.objects.select_related("procedure__inkoopmodel__regio", "gunningsbesluit").annotate(
        aantal_inschrijvingen=Count("inschrijvingen")
    )
    return qs.filter(policy.rijen(user, "aanbesteding")).order_by("-inschrijven_tot", "pk")


def inschrijving_list(*, user) -> QuerySet[Inschrijving]:
    """Tenders the user sees: a contract reader its region's, a provider only its own."""
    qs = Inschrijving.objects.select_related(
        "aanbesteding__procedure__inkoopmodel", "aanbieder", "raamovereenkomst"
    ).prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterium")), "historie")
    return qs.filter(policy.rijen(user, "inschrijving"))


def gewogen_totaal(punten: dict[int, int], criteria: list[Gunningscriterium]) -> Decimal | None:
    """sum(weight x points) / SCORE_MAX over every criterion, 0..100 with two decimals; None when a
    criterion has no score yet. The weights sum to 100 (``services.gunningscriteria_problemen``)."""
    if any(c.pk not in punten for c in criteria):
        return None
    som = sum(c.weging * punten[c.pk] for c in criteria)
    return (Decimal(som) / SCORE_MAX).quantize(Decimal("0.01"))


@dataclass
class Rangregel:
    """One tender in the ranking: its scores per criterion, the weighted total and its rank."""

    inschrijving: Inschrijving
    scores: dict[int, Score]
    totaal: Decimal | None
    kwaliteit: Decimal | None  # the weighted points of the quality criteria (part of ``totaal``)
    prijs: Decimal | None  # the weighted points of the price criteria (part of ``totaal``)
    rang: int | None = None
    geselecteerd: bool = False
    cellen: list[Score | None] = field(default_factory=list)  # in the order of the criteria

    # shown through the one Dutch number formatter ("78,50"; "—" while incomplete)
    @property
    def totaal_tekst(self) -> str:
        return _getal(self.totaal)

    @property
    def kwaliteit_tekst(self) -> str:
        return _getal(self.kwaliteit)

    @property
    def prijs_tekst(self) -> str:
        return _getal(self.prijs)


def _getal(value: Decimal | None) -> str:
    return "—" if value is None else format_getal(value)


@dataclass
class Rangschikking:
    """The score matrix and ranking of one tender. ``regels``: complete tenders by total (highest
    first; equal totals share a rank: 1, 2, 2, 4), then tenders still missing a score."""

    aanbesteding: Aanbesteding
    criteria: list[Gunningscriterium]
    regels: list[Rangregel]
    ontbrekend: list[tuple[Inschrijving, Gunningscriterium]]
    grens: Decimal | None  # the total of the lowest tender inside the maximum number
    gelijke_stand_op_grens: bool

    @property
    def compleet(self) -> bool:
        return bool(self.regels) and not self.ontbrekend

    @property
    def aantal_geselecteerd(self) -> int:
        return sum(1 for r in self.regels if r.geselecteerd)


def volledige_rangschikking(aanbesteding: Aanbesteding) -> Rangschikking:
    """Every tender's row, unscoped: for the services, after their own policy check (pages and the
    API use ``rangschikking``, which shows each user what it may see)."""
    criteria = list(aanbesteding.criteria.order_by("volgorde", "pk"))
    inschrijvingen = list(
        aanbesteding.inschrijvingen.select_related("aanbieder", "raamovereenkomst").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterium"))
        )
    )
    regels, ontbrekend = [], []
    for i in inschrijvingen:
        scores = {s.criterium_id: s for s in i.scores.all()}
        punten = {k: s.punten for k, s in scores.items()}
        ontbrekend += [(i, c) for c in criteria if c.pk not in scores]
        totaal = gewogen_totaal(punten, criteria)

        def deel(soort, criteria=criteria, punten=punten, totaal=totaal):
            if totaal is None:
                return None
            som = sum(c.weging * punten[c.pk] for c in criteria if c.soort == soort)
            return (Decimal(som) / SCORE_MAX).quantize(Decimal("0.01"))

        regels.append(
            Rangregel(
                inschrijving=i, scores=scores, totaal=totaal, kwaliteit=deel("kwaliteit"), prijs=deel("prijs"),
                cellen=[scores.get(c.pk) for c in criteria],
            )
        )  # fmt: skip
    compleet = [r for r in regels if r.totaal is not None]
    compleet.sort(key=lambda r: (-r.totaal, r.inschrijving.aanbieder.naam))
    vorige, rang = None, 0
    for n, r in enumerate(compleet, start=1):
        if r.totaal != vorige:
            rang, vorige = n, r.totaal
        r.rang = rang
    maximum = aanbesteding.max_aanbieders
    binnen = [r for r in compleet if r.rang <= maximum]
    gelijk = len(binnen) > maximum  # a shared rank straddles the maximum: the ranking does not decide
    for r in binnen:
        r.geselecteerd = not gelijk or r.rang < binnen[-1].rang
    grens = binnen[-1].totaal if binnen else None
    onvolledig = sorted((r for r in regels if r.totaal is None), key=lambda r: r.inschrijving.aanbieder.naam)
    return Rangschikking(aanbesteding, criteria, compleet + onvolledig, ontbrekend, grens, gelijk)


def scores_zichtbaar(*, user, aanbesteding: Aanbesteding) -> bool:
    """Scores are the region's working papers until the award decision; from then on a provider sees
    its own (with its rank and the reasons). Who sees which tender at all: ``inschrijving_list``."""
    besloten = aanbesteding.status in (Aanbesteding.Status.VOORLOPIG_GEGUND, Aanbesteding.Status.GEGUND)
    return besloten or policy.eigen_aanbieder_id(user) is None


def rangschikking(*, aanbesteding: Aanbesteding, user) -> Rangschikking:
    """The ranking as ``user`` may see it: a contract reader of the region the whole matrix; a
    provider only its own row, and its scores only once the award decision is taken."""
    aanbesteding = aanbesteding_list(user=user).filter(pk=aanbesteding.pk).first()
    if aanbesteding is None:
        raise Aanbesteding.DoesNotExist("Deze aanbesteding bestaat niet of hoort bij een andere regio.")
    result = volledige_rangschikking(aanbesteding)
    zichtbaar = set(inschrijving_list(user=user).filter(aanbesteding=aanbesteding).values_list("pk", flat=True))
    if zichtbaar != {r.inschrijving.pk for r in result.regels}:  # a provider: its own tender only
        result.regels = [r for r in result.regels if r.inschrijving.pk in zichtbaar]
        result.ontbrekend = [(i, c) for i, c in result.ontbrekend if i.pk in zichtbaar]
        if not scores_zichtbaar(user=user, aanbesteding=aanbesteding):
            for r in result.regels:
                r.scores, r.cellen, r.totaal, r.kwaliteit, r.prijs, r.rang = {}, [], None, None, None, None
                r.geselecteerd = False
    return result


# --- subcontracting, as a trajectory shows it (issue 17) ----------------------------------------


@dataclass
class OnderaannemingInTraject:
    """How a subcontractor in a trajectory relates to the contract: ``gecontracteerd`` (its own
    agreement for the product on the day) or not, and the subcontracting the main provider registered
    under its agreement (``melding``; None when it did not)."""

    onderaannemer: Aanbieder
    gecontracteerd: bool
    melding: Onderaanneming | None

    @property
    def via_hoofdaanbieder(self) -> bool:
        """Works without a contract of its own, through the contracted main provider."""
        return not self.gecontracteerd


def onderaanneming_in_traject(
    *, hoofdaanbieder: Aanbieder, onderaannemer: Aanbieder, product, datum: dt.date
) -> OnderaannemingInTraject:
    """For a trajectory page: is the subcontractor contracted itself, and is it registered as
    subcontractor under the main provider's agreement that covers ``product`` on ``datum``?"""
    covering = _contract_covering(product=product, datum=datum).filter(raamovereenkomst__aanbieder=hoofdaanbieder)
    melding = (
        Onderaanneming.objects.filter(raamovereenkomst__in=covering.values("raamovereenkomst"), van__lte=datum)
        .filter(Q(tot__isnull=True) | Q(tot__gte=datum))
        .filter(Q(onderaannemer=onderaannemer) | Q(onderaannemer__isnull=True, kvk_nummer=onderaannemer.kvk_nummer))
        .select_related("raamovereenkomst")
        .first()
    )
    gecontracteerd = is_gecontracteerd(aanbieder=onderaannemer, product=product, datum=datum)
    return OnderaannemingInTraject(onderaannemer=onderaannemer, gecontracteerd=gecontracteerd, melding=melding)
