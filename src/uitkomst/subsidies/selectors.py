"""Reads of subsidy relations, always scoped by the acting user through the authorization policy.

``subsidieresultaten`` is the one read of results per provider and scheme (target against realised),
so the steering pages can show subsidies next to contracts without reading these models themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from uitkomst.accounts import policy
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente

from .models import (
    AanvraagHistorie,
    Prestatie,
    Subsidieaanvraag,
    Subsidieregeling,
    Subsidieverlening,
    Vaststelling,
    Verantwoordingsregel,
    VerleningHistorie,
    Voorschot,
    VoorschotHistorie,
)

NUL = Decimal("0.00")


def _vereis_lezen(user) -> None:
    policy.vereis(user, "subsidies.lezen")


def regeling_list(*, user) -> QuerySet[Subsidieregeling]:
    _vereis_lezen(user)
    return Subsidieregeling.objects.filter(policy.rijen(user, "subsidieregeling")).select_related("gemeente")


def aanvraag_list(*, user) -> QuerySet[Subsidieaanvraag]:
    _vereis_lezen(user)
    return Subsidieaanvraag.objects.filter(policy.rijen(user, "subsidie")).select_related(
        "regeling", "gemeente", "aanbieder"
    )


def verlening_list(*, user) -> QuerySet[Subsidieverlening]:
    _vereis_lezen(user)
    return (
        Subsidieverlening.objects.filter(policy.rijen(user, "subsidie"))
        .select_related("regeling", "gemeente", "aanbieder", "aanvraag")
        .prefetch_related("prestaties", "verplichtingen", "voorschotten")
    )


def werk_telling(*, user) -> dict[str, int]:
    """The subsidy work waiting for whoever decides on grants (a municipality's policy adviser, the
    region's contract manager), scoped by the policy: applications to decide on (``aanvragen``) and
    accountability reports to settle (``verantwoordingen``). Nothing for a role without the right."""
    if not policy.mag(user, "subsidies.verlening_besluiten"):
        return {"aanvragen": 0, "verantwoordingen": 0}
    rijen = policy.rijen(user, "subsidie")
    return {
        "aanvragen": Subsidieaanvraag.objects.filter(rijen, status=Subsidieaanvraag.Status.INGEDIEND).count(),
        "verantwoordingen": Subsidieverlening.objects.filter(
            rijen, status=Subsidieverlening.Status.VERANTWOORD
        ).count(),
    }


def verlening_detail(*, user, uuid) -> Subsidieverlening:
    """One grant the user may see (``Subsidieverlening.DoesNotExist`` otherwise)."""
    return (
        verlening_list(user=user)
        .select_related("verantwoording", "vaststelling")
        .prefetch_related(Prefetch("verantwoording__regels", queryset=Verantwoordingsregel.objects.all()))
        .get(uuid=uuid)
    )


def regeling_detail(*, user, uuid) -> Subsidieregeling:
    """One scheme the user may see (``Subsidieregeling.DoesNotExist`` otherwise)."""
    return regeling_list(user=user).get(uuid=uuid)


def aanvraag_detail(*, user, uuid) -> Subsidieaanvraag:
    """One application the user may see (``Subsidieaanvraag.DoesNotExist`` otherwise)."""
    return aanvraag_list(user=user).select_related("regeling__gemeente").get(uuid=uuid)


def aanvraag_historie(*, user, aanvraag: Subsidieaanvraag) -> QuerySet[AanvraagHistorie]:
    """The status history of an application the user may see, oldest first."""
    _vereis_lezen(user)
    return AanvraagHistorie.objects.filter(aanvraag__in=aanvraag_list(user=user), aanvraag=aanvraag).select_related(
        "door"
    )


def verlening_historie(*, user, verlening: Subsidieverlening) -> list:
    """The status history of a grant and of its advances, oldest first: one list of rows with
    ``onderwerp`` (what changed), ``van_status``, ``naar_status``, ``toelichting``, ``door`` and ``op``."""
    _vereis_lezen(user)
    zichtbaar = verlening_list(user=user).filter(pk=verlening.pk)
    rijen = [("Subsidieverlening", h) for h in VerleningHistorie.objects.filter(verlening__in=zichtbaar)
             .select_related("door")]  # fmt: skip
    rijen += [(f"Voorschot {h.voorschot.volgnummer}", h) for h in VoorschotHistorie.objects.filter(
        voorschot__verlening__in=zichtbaar).select_related("door", "voorschot")]  # fmt: skip
    rijen.sort(key=lambda r: (r[1].op, r[0] != "Subsidieverlening", r[1].pk))
    return [{"onderwerp": o, "van_status": h.van_status, "naar_status": h.naar_status, "toelichting": h.toelichting,
             "door": h.door, "op": h.op} for o, h in rijen]  # fmt: skip


def gemeenten_voor_regeling(*, user) -> list[Gemeente]:
    """The municipalities for which ``user`` may set a subsidy scheme (the choice on the scheme form)."""
    kandidaten = Gemeente.objects.order_by("naam")
    if getattr(user, "regio_id", None) and not policy.is_installatie(user):
        kandidaten = kandidaten.filter(regio_id=user.regio_id)
    elif getattr(user, "gemeente_id", None) and not policy.is_installatie(user):
        kandidaten = kandidaten.filter(pk=user.gemeente_id)
    return [g for g in kandidaten if policy.mag(user, "subsidies.regeling_beheren", Subsidieregeling(gemeente=g))]


def aanbieders_voor_aanvraag(*, user, regeling: Subsidieregeling) -> list[Aanbieder]:
    """The providers for which ``user`` may apply under ``regeling``: a provider itself only; the
    municipality's subsidy officer any provider it may see (entering a paper application)."""
    eigen = policy.eigen_aanbieder_id(user)
    kandidaten = Aanbieder.objects.filter(policy.rijen(user, "aanbieder")).order_by("naam")
    if eigen is not None:
        kandidaten = kandidaten.filter(pk=eigen)
    return [
        a for a in kandidaten
        if policy.mag(user, "subsidies.aanvraag_indienen",
                      Subsidieaanvraag(regeling=regeling, gemeente=regeling.gemeente, aanbieder=a))
    ]  # fmt: skip


def voorschot_list(*, user) -> QuerySet[Voorschot]:
    _vereis_lezen(user)
    return Voorschot.objects.filter(policy.rijen(user, "subsidie")).select_related("verlening__regeling", "aanbieder")


@dataclass(frozen=True)
class Plafondgebruik:
    regeling: Subsidieregeling
    jaar: int
    plafond: Decimal
    verleend: Decimal
    verleningen: int

    @property
    def resterend(self) -> Decimal:
        return self.plafond - self.verleend

    @property
    def benut(self) -> Decimal | None:
        return None if not self.plafond else self.verleend / self.plafond


def plafondgebruik(*, user, jaar: int | None = None) -> list[Plafondgebruik]:
    """Per scheme and subsidy year: the ceiling, what has been granted and what remains.

    The ceiling used is public information of the scheme (as the ceiling itself), so the sum counts
    every grant of that year, also for a provider that sees only its own grants."""
    regelingen = list(regeling_list(user=user).order_by("gemeente__naam", "naam", "van_jaar"))
    sommen = {
        (r["regeling_id"], r["jaar"]): (r["s"], r["n"])
        for r in Subsidieverlening.objects.filter(regeling__in=regelingen)
        .values("regeling_id", "jaar")
        .annotate(s=Sum("verleend_bedrag"), n=Count("pk"))
    }
    rijen = []
    for r in regelingen:
        for j in range(r.van_jaar, r.tot_jaar + 1):
            if jaar is not None and j != jaar:
                continue
            s, n = sommen.get((r.pk, j), (NUL, 0))
            rijen.append(Plafondgebruik(regeling=r, jaar=j, plafond=r.plafond, verleend=s or NUL, verleningen=n or 0))
    return rijen


def _realisatie(streef: Decimal, gerealiseerd: Decimal | None) -> Decimal | None:
    if gerealiseerd is None or not streef:
        return None
    return (gerealiseerd / streef).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def subsidieresultaten(*, user, gemeente=None, regeling=None, aanbieder=None, jaar: int | None = None) -> list[dict]:
    """Per grant and agreed result: target against realised (None until reported), with the grant's
    amounts (granted, paid in advances, fixed, reclaimed). Scoped by ``policy.rijen(user, "subsidie")``.

    One row per result: ``gemeente`` (name; ``gemeente_id`` its pk), ``regeling``, ``wet``,
    ``aanbieder`` (name; ``aanbieder_id`` its pk), ``jaar``, ``verlening`` (uuid), ``status``,
    ``indicator``, ``omschrijving``, ``eenheid``, ``streefwaarde``, ``gerealiseerd``,
    ``realisatie`` (fraction of the target), ``verleend_bedrag``, ``betaalde_voorschotten``,
    ``vastgesteld_bedrag``, ``terugvordering``."""
    _vereis_lezen(user)
    filters = Q()
    if gemeente is not None:
        filters &= Q(verlening__gemeente=gemeente)
    if regeling is not None:
        filters &= Q(verlening__regeling=regeling)
    if aanbieder is not None:
        filters &= Q(verlening__aanbieder=aanbieder)
    if jaar is not None:
        filters &= Q(verlening__jaar=jaar)
    prestaties = (
        Prestatie.objects.filter(policy.rijen(user, "subsidie", via="verlening__"))
        .filter(filters)
        .select_related("verlening__regeling", "verlening__gemeente", "verlening__aanbieder", "verlening__vaststelling")
        .order_by(
            "verlening__gemeente__naam",
            "verlening__regeling__naam",
            "verlening__jaar",
            "verlening__aanbieder__naam",
            "volgorde",
        )  # fmt: skip
    )
    prestaties = list(prestaties)
    verleningen = {p.verlening_id for p in prestaties}
    gerealiseerd = dict(
        Verantwoordingsregel.objects.filter(prestatie__verlening_id__in=verleningen).values_list(
            "prestatie_id", "gerealiseerd"
        )
    )
    betaald = dict(
        Voorschot.objects.filter(verlening_id__in=verleningen, status=Voorschot.Status.BETAALD)
        .values("verlening_id")
        .annotate(s=Sum("bedrag"))
        .values_list("verlening_id", "s")
    )
    rijen = []
    for p in prestaties:
        v = p.verlening
        vaststelling = getattr(v, "vaststelling", None)  # the reverse one-to-one raises AttributeError when absent
        waarde = gerealiseerd.get(p.pk)
        rijen.append(
            {
                "gemeente": v.gemeente.naam,
                "gemeente_id": v.gemeente_id,  # keys to join the outcome tables (grouped by pk)
                "aanbieder_id": v.aanbieder_id,
                "regeling": v.regeling.naam,
                "wet": v.regeling.wet,
                "aanbieder": v.aanbieder.naam,
                "jaar": v.jaar,
                "verlening": v.uuid,
                "status": v.status,
                "indicator": p.indicator,
                "omschrijving": p.omschrijving,
                "eenheid": p.eenheid,
                "streefwaarde": p.streefwaarde,
                "gerealiseerd": waarde,
                "realisatie": _realisatie(p.streefwaarde, waarde),
                "verleend_bedrag": v.verleend_bedrag,
                "betaalde_voorschotten": betaald.get(v.pk, NUL),
                "vastgesteld_bedrag": vaststelling.vastgesteld_bedrag if vaststelling else None,
                "terugvordering": vaststelling.terugvordering if vaststelling else None,
            }
        )
    return rijen


@dataclass(frozen=True)
class SubsidiesPerGemeente:
    """One scheme of one municipality in one subsidy year, for the monitor: the money from ceiling to
    settlement. ``verleend`` counts the grants of that year, ``betaalde_voorschotten`` the advances
    paid on them, ``vastgesteld``/``terugvordering``/``nabetaling`` the settlements made so far."""

    gemeente: Gemeente
    regeling: Subsidieregeling
    jaar: int
    plafond: Decimal
    verleend: Decimal
    betaalde_voorschotten: Decimal
    vastgesteld: Decimal
    terugvordering: Decimal
    nabetaling: Decimal
    verleningen: int
    vastgestelde_verleningen: int

    @property
    def wet(self) -> str:
        return self.regeling.wet

    @property
    def resterend(self) -> Decimal:
        return self.plafond - self.verleend


def subsidies_per_gemeente(*, user, jaar: int, gemeenten: list | None = None) -> list[SubsidiesPerGemeente]:
    """Per municipality and scheme valid in ``jaar``: ceiling, granted, paid in advances, settled and
    reclaimed (Decimals, 0.00 when nothing), ordered by municipality and scheme name.

    ``gemeenten`` (Gemeente objects or ids) narrows the rows; the user's scope always applies: the
    schemes through ``policy.rijen(user, "subsidieregeling")``, the money through
    ``policy.rijen(user, "subsidie")``. For a municipality's or region's user both are the same
    municipalities, so ``verleend`` equals ``plafondgebruik(...).verleend`` and the sums reconcile with
    ``subsidieresultaten`` (one grant counted once); a provider sees the schemes with its own money only."""
    regelingen = regeling_list(user=user).filter(van_jaar__lte=jaar, tot_jaar__gte=jaar)
    if gemeenten is not None:
        regelingen = regelingen.filter(gemeente__in=gemeenten)
    regelingen = list(regelingen.order_by("gemeente__naam", "naam", "pk"))
    verleningen = Subsidieverlening.objects.filter(policy.rijen(user, "subsidie"), regeling__in=regelingen, jaar=jaar)
    per_regeling = {
        r["regeling_id"]: r for r in verleningen.values("regeling_id").annotate(s=Sum("verleend_bedrag"), n=Count("pk"))
    }
    voorschotten = dict(
        Voorschot.objects.filter(verlening__in=verleningen, status=Voorschot.Status.BETAALD)
        .values("verlening__regeling_id")
        .annotate(s=Sum("bedrag"))
        .values_list("verlening__regeling_id", "s")
    )
    vaststellingen = {
        r["verlening__regeling_id"]: r
        for r in Vaststelling.objects.filter(verlening__in=verleningen)
        .values("verlening__regeling_id")
        .annotate(v=Sum("vastgesteld_bedrag"), t=Sum("terugvordering"), b=Sum("nabetaling"), n=Count("pk"))
    }
    rijen = []
    for r in regelingen:
        g, vs = per_regeling.get(r.pk, {}), vaststellingen.get(r.pk, {})
        rijen.append(
            SubsidiesPerGemeente(
                gemeente=r.gemeente,
                regeling=r,
                jaar=jaar,
                plafond=r.plafond,
                verleend=g.get("s") or NUL,
                betaalde_voorschotten=voorschotten.get(r.pk) or NUL,
                vastgesteld=vs.get("v") or NUL,
                terugvordering=vs.get("t") or NUL,
                nabetaling=vs.get("b") or NUL,
                verleningen=g.get("n") or 0,
                vastgestelde_verleningen=vs.get("n") or 0,
            )  # fmt: skip
        )
    return rijen
