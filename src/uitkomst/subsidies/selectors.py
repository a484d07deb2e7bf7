"""Reads of subsidy relations, always scoped by the acting user through the authorization policy.

``subsidieresultaten`` is the one read of results per provider and scheme (target against realised),
so the steering pages can show subsidies next to contracts without reading these models themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from uitkomst.accounts import policy

from .models import (
    Prestatie,
    Subsidieaanvraag,
    Subsidieregeling,
    Subsidieverlening,
    Verantwoordingsregel,
    Voorschot,
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


def verlening_detail(*, user, uuid) -> Subsidieverlening:
    """One grant the user may see (``Subsidieverlening.DoesNotExist`` otherwise)."""
    return (
        verlening_list(user=user)
        .select_related("verantwoording", "vaststelling")
        .prefetch_related(Prefetch("verantwoording__regels", queryset=Verantwoordingsregel.objects.all()))
        .get(uuid=uuid)
    )


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


def subsidieresultaten(
    *, user, gemeente=None, regeling=None, aanbieder=None, jaar: int | None = None
) -> list[dict]:
    """Per grant and agreed result: target against realised (None until reported), with the grant's
    amounts (granted, paid in advances, fixed, reclaimed). Scoped by ``policy.rijen(user, "subsidie")``.

    One row per result: ``gemeente``, ``regeling``, ``aanbieder``, ``jaar``, ``verlening`` (uuid),
    ``status``, ``indicator``, ``omschrijving``, ``eenheid``, ``streefwaarde``, ``gerealiseerd``,
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
        .select_related(
            "verlening__regeling", "verlening__gemeente", "verlening__aanbieder", "verlening__vaststelling"
        )
        .order_by("verlening__gemeente__naam", "verlening__regeling__naam", "verlening__jaar",
                  "verlening__aanbieder__naam", "volgorde")  # fmt: skip
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
