"""Reads in access, always scoped by the acting user (``accounts.policy.rijen``). Reads of personal data are
audit-logged by the edge that shows them (``uitkomst.audit.services.audit_log_read``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Bekostigingsvorm, Inkoopmodel, Wet
from uitkomst.organisaties.models import Gemeente

from . import bsn as bsn_tools
from .models import Client, Gezinsplan, Pgbbesluit, Verwijzing


def client_list(
    *, user, bsn: str | None = None, gemeente_id: int | None = None, geboren_van: dt.date | None = None
) -> QuerySet[Client]:
    """Clients the user may see. A search by ``bsn`` (or by date of birth) needs ``toegang.bsn_zoeken``:
    other roles get ``NotAllowed``. Edges take the BSN from a POST body, never from a URL."""
    qs = Client.objects.filter(policy.rijen(user, "client")).select_related("gemeente")
    if bsn or geboren_van:
        policy.vereis(user, "toegang.bsn_zoeken")
    if bsn:
        if bsn_tools.bsn_error(bsn):
            return qs.none()
        qs = qs.filter(bsn_pseudoniem=bsn_tools.pseudonym(bsn_tools.normalise(bsn)))
    if gemeente_id:
        qs = qs.filter(gemeente_id=gemeente_id)
    if geboren_van:
        qs = qs.filter(geboortedatum__gte=geboren_van)
    return qs.order_by("-pk")


def client_get(*, user, uuid) -> Client:
    return client_list(user=user).get(uuid=uuid)


def client_bsn(*, user, client: Client) -> str | None:
    """The full BSN for a role that may see it (``toegang.bsn_inzien``, a detail view); else None."""
    if not policy.mag_bsn_zien(user):
        return None
    return bsn_tools.decrypt(client.bsn_versleuteld)


def bsn_masked(client: Client) -> str:
    """The last three digits, for lists of a role that may see the BSN (use ``client_kenmerken``)."""
    return bsn_tools.mask(bsn_tools.decrypt(client.bsn_versleuteld))


@dataclass(frozen=True)
class Kenmerken:
    """What a user may see of a client's identity: always the pseudonymous reference; the BSN (masked
    in lists, in full on a detail) and the date of birth only under ``toegang.bsn_inzien``."""

    referentie: str
    bsn: str | None
    geboortedatum: dt.date | None


def client_kenmerken(*, user, client: Client, volledig: bool = False) -> Kenmerken:
    """The one place pages, serializers and exports get a client's identifying data from."""
    ref = bsn_tools.referentie(client.uuid)
    if not policy.mag_bsn_zien(user):
        return Kenmerken(ref, None, None)
    number = bsn_tools.decrypt(client.bsn_versleuteld)
    return Kenmerken(ref, number if volledig else bsn_tools.mask(number), client.geboortedatum)


def client_referentie(client) -> str:
    """The pseudonymous reference of a client (or of anything with a client ``uuid``)."""
    return bsn_tools.referentie(client.uuid)


def verwijzing_list(
    *,
    user,
    gemeente_id: int | None = None,
    verwijzer_type: str | None = None,
    zonder_plan: bool = False,
    verkort: bool | None = None,
) -> QuerySet[Verwijzing]:
    qs = Verwijzing.objects.filter(policy.rijen(user, "verwijzing")).select_related(
        "client", "gemeente", "product", "inkoopmodel", "plan"
    )
    if gemeente_id:
        qs = qs.filter(gemeente_id=gemeente_id)
    if verwijzer_type:
        qs = qs.filter(verwijzer_type=verwijzer_type)
    if zonder_plan:
        qs = qs.filter(plan__isnull=True)
    if verkort is not None:
        qs = qs.filter(is_verkort=verkort)
    return qs.order_by("-datum", "-pk")


def verwijzing_get(*, user, uuid) -> Verwijzing:
    return verwijzing_list(user=user).get(uuid=uuid)


def gezinsplan_get(*, user, uuid) -> Gezinsplan:
    qs = Gezinsplan.objects.filter(verwijzing__in=Verwijzing.objects.filter(policy.rijen(user, "verwijzing")))
    return qs.select_related("client", "gemeente", "inkoopmodel", "product", "verwijzing").get(uuid=uuid)


def maatwerk_wachtrij(*, user) -> QuerySet[Gezinsplan]:
    qs = Gezinsplan.objects.filter(policy.rijen(user, "gemeentedossier"))
    qs = qs.filter(maatwerk_status=Gezinsplan.Maatwerkstatus.WACHT)
    return qs.select_related("client", "product", "maatwerk_aangevraagd_door")


def modellen_voor_gemeente(*, gemeente) -> QuerySet[Inkoopmodel]:
    return Inkoopmodel.objects.filter(regio_id=gemeente.regio_id).order_by("-geldig_van", "naam")


# --- counts for the start page (issue 14) ------------------------------------------------------


def werk_telling(*, user) -> dict[str, int]:
    """The access worker's and the referrer's waiting work in two queries: referrals without a plan
    (``nieuw``), own referrals (``verwijzingen``, the referrer's list), plans without an assignment
    (``plannen_open``) and custom prices waiting for a second person (``maatwerk``)."""
    from django.db.models import Count, Q

    v = Verwijzing.objects.filter(policy.rijen(user, "verwijzing")).aggregate(
        verwijzingen=Count("pk"), nieuw=Count("pk", filter=Q(plan__isnull=True))
    )
    p = Gezinsplan.objects.filter(policy.rijen(user, "gemeentedossier")).aggregate(
        plannen_open=Count("pk", filter=Q(toewijzingen__isnull=True)),
        maatwerk=Count("pk", filter=Q(maatwerk_status=Gezinsplan.Maatwerkstatus.WACHT)),
    )
    return {**v, **p}


def inkoopmodel_voor_verwijzing(*, gemeente, datum: dt.date) -> Inkoopmodel | None:
    """The purchasing model a GP's short referral falls under, derived by the municipality: the
    youth-care (Jeugdwet) model of the municipality's region valid on ``datum``. Where several are
    valid (a transitional P×Q model next to the main one), the model for new clients wins: the one with
    the most products that are not effort-based (P×Q), then the oldest."""
    return (
        modellen_voor_gemeente(gemeente=gemeente)
        .filter(wet=Wet.JEUGDWET, geldig_van__lte=datum)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=datum))
        .annotate(nieuw=Count("producten", filter=~Q(producten__bekostiging=Bekostigingsvorm.INSPANNING)))
        .order_by("-nieuw", "geldig_van", "pk")
        .first()
    )


# --- personal budget (pgb, issue 17 point 5) ----------------------------------------------------

# The statuses in which a decision commits money: granted, or granted and ended early (then up to
# its last day). A request, a refusal and a withdrawn decision commit nothing.
PGB_VERPLICHTEND = (Pgbbesluit.Status.TOEGEKEND, Pgbbesluit.Status.BEEINDIGD)
# The statuses that hold a period for the client and law (no second pgb may overlap them).
PGB_BEZET = (*PGB_VERPLICHTEND, Pgbbesluit.Status.AANGEVRAAGD)


def _dagen(van: dt.date, tot: dt.date) -> int:
    """Days from ``van`` up to and including ``tot`` (0 when ``tot`` lies before ``van``)."""
    return max((tot - van).days + 1, 0)


def pgb_deel_in_jaar(besluit, jaar: int) -> Decimal:
    """The part of a pgb decision's amount that falls in ``jaar``, pro rata by days.

    The amount is the budget for the decided period ``ingangsdatum``..``einddatum`` (both inclusive);
    each day of that period carries ``bedrag / days``. A decision ended early commits the days up to
    its last day (``beeindigd_op``) only. The share is rounded to cents (half up) per decision, so a
    decision wholly inside the year counts with exactly its amount."""
    periode = _dagen(besluit.ingangsdatum, besluit.einddatum)
    van = max(besluit.ingangsdatum, dt.date(jaar, 1, 1))
    tot = min(besluit.beeindigd_op or besluit.einddatum, dt.date(jaar, 12, 31))
    dagen = _dagen(van, tot)
    if not periode or not dagen:
        return Decimal("0.00")
    if dagen == periode:
        return besluit.bedrag
    return (besluit.bedrag * dagen / periode).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PgbVerplichting:
    """The municipality's commitment for personal budgets under one law in one year: ``aantal`` the
    decisions that run on at least one day of the year (granted, or ended early after 1 January),
    ``bedrag`` the part of their amounts that falls in the year (``pgb_deel_in_jaar``), and
    ``toegekend`` the sum of their full amounts. Aggregated: no client, no BSN."""

    gemeente: Gemeente
    wet: str
    jaar: int
    aantal: int
    bedrag: Decimal
    toegekend: Decimal


def pgb_verplichtingen(*, user, jaar: int, gemeenten: list | None = None) -> list[PgbVerplichting]:
    """The pgb commitments per municipality and law in ``jaar`` for the budgets and the monitor.

    Scoped like the monitor (``policy.rijen(user, "gemeente")``: a region's reporting role its
    region's municipalities, a municipality's its own); ``gemeenten`` (``Gemeente`` objects or ids)
    narrows further. One row per municipality and law with at least one decision in the year,
    ordered by municipality name and law. Payment through the SVB is outside Uitkomst: this is what
    the municipality has committed, not what has been paid."""
    zichtbaar = Gemeente.objects.filter(policy.rijen(user, "gemeente"))
    if gemeenten is not None:
        ids = [g.pk if hasattr(g, "pk") else int(g) for g in gemeenten]
        zichtbaar = zichtbaar.filter(pk__in=ids)
    begin, eind = dt.date(jaar, 1, 1), dt.date(jaar, 12, 31)
    besluiten = (
        Pgbbesluit.objects.filter(gemeente__in=zichtbaar, status__in=PGB_VERPLICHTEND, ingangsdatum__lte=eind)
        .filter(Q(beeindigd_op__gte=begin) | Q(beeindigd_op__isnull=True, einddatum__gte=begin))
        .select_related("gemeente")
        .only("gemeente", "wet", "bedrag", "ingangsdatum", "einddatum", "beeindigd_op")
    )
    totalen: dict[tuple[int, str], list] = {}
    for b in besluiten:
        rij = totalen.setdefault((b.gemeente_id, b.wet), [b.gemeente, 0, Decimal("0.00"), Decimal("0.00")])
        rij[1] += 1
        rij[2] += pgb_deel_in_jaar(b, jaar)
        rij[3] += b.bedrag
    rijen = [
        PgbVerplichting(gemeente=g, wet=wet, jaar=jaar, aantal=n, bedrag=bedrag, toegekend=toegekend)
        for (_gid, wet), (g, n, bedrag, toegekend) in totalen.items()
    ]
    return sorted(rijen, key=lambda r: (r.gemeente.naam, r.gemeente.pk, r.wet))


def pgbbesluit_list(
    *,
    user,
    gemeente_id: int | None = None,
    wet: str | None = None,
    status: str | None = None,
    client: Client | None = None,
    plan: Gezinsplan | None = None,
) -> QuerySet[Pgbbesluit]:
    """The pgb decisions the user may read: the access workers of the client's municipality
    (``toegang.pgb_lezen``; rows: ``gemeentedossier``). Personal data: the edge audit-logs the read."""
    policy.vereis(user, "toegang.pgb_lezen")
    qs = Pgbbesluit.objects.filter(policy.rijen(user, "gemeentedossier")).select_related(
        "client", "gemeente", "plan", "aangevraagd_door", "besloten_door"
    )
    if gemeente_id:
        qs = qs.filter(gemeente_id=gemeente_id)
    if wet:
        qs = qs.filter(wet=wet)
    if status:
        qs = qs.filter(status=status)
    if client is not None:
        qs = qs.filter(client=client)
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs.order_by("-ingangsdatum", "-pk")


def pgbbesluit_get(*, user, uuid) -> Pgbbesluit:
    return pgbbesluit_list(user=user).get(uuid=uuid)


def pgb_loopt(*, client, wet: str, op: dt.date) -> bool:
    """Whether a granted pgb of the client under ``wet`` runs on ``op`` (for a check before care in
    kind is assigned: a pgb replaces it). No user: a rule's question, not a read of personal data."""
    return (
        Pgbbesluit.objects.filter(client=client, wet=wet, status__in=PGB_VERPLICHTEND, ingangsdatum__lte=op)
        .filter(Q(beeindigd_op__gte=op) | Q(beeindigd_op__isnull=True, einddatum__gte=op))
        .exists()
    )
