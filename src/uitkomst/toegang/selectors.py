"""Reads in access, always scoped by the acting user (``accounts.policy.rijen``). Reads of personal data are
audit-logged by the edge that shows them (``uitkomst.audit.services.audit_log_read``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel

from . import bsn as bsn_tools
from .models import Client, Gezinsplan, Verwijzing


def client_list(
    *, user, bsn: str | None = None, gemeente_id: int | None = None, geboren_van: dt.date | None = None
) -> QuerySet[Client]:
    qs = Client.objects.filter(policy.rijen(user, "client")).select_related("gemeente")
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


def client_bsn(*, user, client: Client) -> str:
    """The BSN as the user may see it: in full only for roles with ``bsn.zien``; else masked."""
    number = bsn_tools.decrypt(client.bsn_versleuteld)
    return number if policy.mag_bsn_zien(user) else bsn_tools.mask(number)


def bsn_masked(client: Client) -> str:
    return bsn_tools.mask(bsn_tools.decrypt(client.bsn_versleuteld))


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
