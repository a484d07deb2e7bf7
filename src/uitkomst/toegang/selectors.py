"""Reads in access, always scoped by the acting user (``accounts.policy.rijen``). Reads of personal data are
audit-logged by the edge that shows them (``uitkomst.audit.services.audit_log_read``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Bekostigingsvorm, Inkoopmodel, Wet

from . import bsn as bsn_tools
from .models import Client, Gezinsplan, Verwijzing


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
