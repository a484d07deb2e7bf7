"""Reads of collective provisions, always scoped by the acting user through the authorization policy.

``bereik_per_wijk`` is the one read of capacity and reach per district for the monitor (sturing):
per provision the capacity over the year, the attendances reported and the referrals by the access,
so the steering pages can show it without reading these models themselves.

``voorliggend_aanbod`` is what the access worker sees first, before an individual provision: the
open collective provisions of the resident's municipality (and district, when known).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from uitkomst.accounts import policy
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.subsidies import selectors as subsidies
from uitkomst.utils import klok

from .models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing, Wijk

WEKEN_PER_JAAR = Decimal(52)


def _vereis_lezen(user) -> None:
    policy.vereis(user, "voorzieningen.lezen")


def _rijen(user, via: str = "") -> Q:
    return policy.rijen(user, "voorziening", via=via)


# --- lists ----------------------------------------------------------------------------------


def wijk_list(*, user, gemeente=None) -> QuerySet[Wijk]:
    _vereis_lezen(user)
    qs = Wijk.objects.filter(policy.rijen(user, "wijk")).select_related("gemeente")
    if gemeente is not None:
        qs = qs.filter(gemeente=gemeente)
    return qs.order_by("gemeente__naam", "naam")


def voorziening_list(
    *, user, gemeente=None, wijk=None, soort: str | None = None, open_op: dt.date | None = None
) -> QuerySet[AlgemeneVoorziening]:
    """The provisions the user may see; ``open_op``: only those open and valid on that day."""
    _vereis_lezen(user)
    qs = AlgemeneVoorziening.objects.filter(_rijen(user)).select_related(
        "gemeente", "wijk", "aanbieder", "subsidieverlening__regeling"
    )
    if gemeente is not None:
        qs = qs.filter(gemeente=gemeente)
    if wijk is not None:
        qs = qs.filter(wijk=wijk)
    if soort:
        qs = qs.filter(soort=soort)
    if open_op is not None:
        qs = qs.filter(status=AlgemeneVoorziening.Status.OPEN, geldig_van__lte=open_op).filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=open_op)
        )
    return qs.order_by("gemeente__naam", "wijk__naam", "naam", "geldig_van")


def voorziening_detail(*, user, uuid) -> AlgemeneVoorziening:
    """One provision the user may see (``AlgemeneVoorziening.DoesNotExist`` otherwise)."""
    return voorziening_list(user=user).get(uuid=uuid)


def deelname_list(*, user, voorziening=None, jaar: int | None = None, ook_vervangen: bool = False):
    _vereis_lezen(user)
    qs = Deelnamemelding.objects.filter(_rijen(user)).select_related("voorziening__wijk", "aanbieder", "gemeente")
    if voorziening is not None:
        qs = qs.filter(voorziening=voorziening)
    if jaar is not None:
        qs = qs.filter(periode__year=jaar)
    if not ook_vervangen:
        qs = qs.filter(status=Deelnamemelding.Status.GELDIG)
    return qs.order_by("voorziening__naam", "-periode", "-pk")


def verwijzing_list(*, user, voorziening=None, jaar: int | None = None) -> QuerySet[VoorliggendeVerwijzing]:
    _vereis_lezen(user)
    qs = VoorliggendeVerwijzing.objects.filter(_rijen(user)).select_related("voorziening__wijk", "gemeente")
    if voorziening is not None:
        qs = qs.filter(voorziening=voorziening)
    if jaar is not None:
        qs = qs.filter(datum__year=jaar)
    return qs.order_by("-datum", "-pk")


# --- choices on the manager's forms ---------------------------------------------------------


def gemeenten_voor_beheer(*, user) -> list:
    """The municipalities whose districts and provisions the user may manage."""
    policy.vereis(user, "voorzieningen.beheren")
    return [g for g in Gemeente.objects.order_by("naam") if policy.mag(user, "voorzieningen.beheren", g)]


def aanbieders_voor_beheer(*, user) -> list:
    """The providers a manager may choose to run a provision (those the policy lets them see)."""
    policy.vereis(user, "voorzieningen.beheren")
    return list(Aanbieder.objects.filter(policy.rijen(user, "aanbieder")).order_by("naam"))


def verleningen_voor_beheer(*, user) -> list:
    """The subsidy grants that may fund a provision: those the user sees, of municipalities it manages."""
    if not policy.mag(user, "subsidies.lezen"):
        return []
    gemeenten = gemeenten_voor_beheer(user=user)
    return list(subsidies.verlening_list(user=user).filter(gemeente__in=gemeenten).order_by("-jaar", "aanbieder__naam"))


# --- capacity and reach ---------------------------------------------------------------------


def geldige_dagen(voorziening: AlgemeneVoorziening, jaar: int) -> int:
    """The days of ``jaar`` on which the provision is valid (its validity, cut to the year)."""
    begin = max(voorziening.geldig_van, dt.date(jaar, 1, 1))
    eind = min(voorziening.geldig_tot or dt.date(jaar, 12, 31), dt.date(jaar, 12, 31))
    return max((eind - begin).days + 1, 0)


def capaciteit_in_jaar(voorziening: AlgemeneVoorziening, jaar: int) -> int:
    """The capacity over ``jaar``, pro rata the days valid in it: per week x 52, per month x 12, per
    year as is, for a whole year; a part of the year counts its part (rounded half up)."""
    dagen = geldige_dagen(voorziening, jaar)
    if not dagen:
        return 0
    per_jaar = {
        AlgemeneVoorziening.Capaciteitseenheid.WEEK: WEKEN_PER_JAAR,
        AlgemeneVoorziening.Capaciteitseenheid.MAAND: Decimal(12),
        AlgemeneVoorziening.Capaciteitseenheid.JAAR: Decimal(1),
    }[voorziening.capaciteit_eenheid] * voorziening.capaciteit
    jaardagen = (dt.date(jaar, 12, 31) - dt.date(jaar, 1, 1)).days + 1
    return int((per_jaar * dagen / jaardagen).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def bezetting(deelnames: int, capaciteit: int) -> Decimal | None:
    """Attendances as a fraction of capacity (4 decimals); None without capacity."""
    if not capaciteit:
        return None
    return (Decimal(deelnames) / Decimal(capaciteit)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BereikWijk:
    """One collective provision's reach over one year, for the monitor.

    ``capaciteit`` is per year (pro rata its validity), ``deelnames`` the sum of the current monthly
    reports in the year, ``verwijzingen`` the residents the access referred to it in the year,
    ``bezetting`` deelnames / capaciteit (None without capacity)."""

    gemeente: object  # organisaties.Gemeente
    wijk: str
    voorziening: str
    capaciteit: int
    deelnames: int
    verwijzingen: int
    bezetting: Decimal | None
    soort: str = ""
    aanbieder: str = ""
    uuid: object = None
    maanden_gemeld: int = 0
    unieke_deelnemers_max: int | None = None  # the highest monthly unique count (a lower bound of the year's)
    gesubsidieerd: bool = False


def bereik_per_wijk(*, user, jaar: int, gemeenten: list | None = None) -> list[BereikWijk]:
    """Per collective provision valid in ``jaar`` (ordered by municipality, district, name): capacity
    over the year, attendances, referrals and occupancy. ``gemeenten`` narrows to those municipalities
    (within what the user may see). Requires ``voorzieningen.lezen``."""
    _vereis_lezen(user)
    qs = (
        AlgemeneVoorziening.objects.filter(_rijen(user))
        .filter(geldig_van__lte=dt.date(jaar, 12, 31))
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=dt.date(jaar, 1, 1)))
        .select_related("gemeente", "wijk", "aanbieder")
        .order_by("gemeente__naam", "wijk__naam", "naam", "geldig_van")
    )
    if gemeenten is not None:
        qs = qs.filter(gemeente__in=gemeenten)
    voorzieningen = list(qs)
    ids = [v.pk for v in voorzieningen]
    meldingen: dict[int, dict] = {
        r["voorziening_id"]: r
        for r in Deelnamemelding.objects.filter(
            voorziening_id__in=ids, periode__year=jaar, status=Deelnamemelding.Status.GELDIG
        )
        .values("voorziening_id")
        .annotate(s=Sum("deelnames"), n=Count("pk"), u=Max("unieke_deelnemers"))
    }
    verwezen = dict(
        VoorliggendeVerwijzing.objects.filter(voorziening_id__in=ids, datum__year=jaar)
        .values("voorziening_id")
        .annotate(s=Sum("aantal"))
        .values_list("voorziening_id", "s")
    )
    rijen = []
    for v in voorzieningen:
        m = meldingen.get(v.pk, {})
        capaciteit = capaciteit_in_jaar(v, jaar)
        deelnames = int(m.get("s") or 0)
        rijen.append(
            BereikWijk(
                gemeente=v.gemeente,
                wijk=v.wijk.naam,
                voorziening=v.naam,
                capaciteit=capaciteit,
                deelnames=deelnames,
                verwijzingen=int(verwezen.get(v.pk) or 0),
                bezetting=bezetting(deelnames, capaciteit),
                soort=v.soort,
                aanbieder=v.aanbieder.naam,
                uuid=v.uuid,
                maanden_gemeld=int(m.get("n") or 0),
                unieke_deelnemers_max=m.get("u"),
                gesubsidieerd=v.subsidieverlening_id is not None,
            )
        )
    return rijen


# --- the access worker's first option -------------------------------------------------------


def voorliggend_aanbod(
    *, user, gemeente, wijk=None, wet: str | None = None, op: dt.date | None = None
) -> list[AlgemeneVoorziening]:
    """The open collective provisions of ``gemeente`` on ``op`` (today), for the access worker to
    consider before an individual provision: those of ``wijk`` first when it is known, then the
    other districts'. ``wet`` narrows to provisions under that law (a youth referral sees youth's)."""
    if not policy.mag(user, "voorzieningen.verwijzen", AlgemeneVoorziening(gemeente=gemeente)):
        return []
    qs = voorziening_list(user=user, gemeente=gemeente, open_op=op or klok.vandaag())
    if wet:
        qs = qs.filter(wet=wet)
    aanbod = list(qs)
    if wijk is not None:
        wijk_id = getattr(wijk, "pk", wijk)
        aanbod.sort(key=lambda v: v.wijk_id != wijk_id)  # stable: the district's own first
    return aanbod
