"""Reads on assignments and trajectories, scoped by the acting user; list queries stay on indexed
columns of one table, with the related rows joined (no N+1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Product
from uitkomst.contractering.models import Aanbieder
from uitkomst.signalen import selectors as signalen
from uitkomst.signalen.models import Signaal, Soort
from uitkomst.toegang.models import Verwijzing
from uitkomst.utils import klok, overgangen

from . import workflow
from .models import StapelingUitzondering, Toewijzing, Traject
from .services import _actor  # who acts on a trajectory: the same rule the transitions use
from .workflow import Status


def traject_list(
    *,
    user,
    status: str | None = None,
    gemeente_id: int | None = None,
    aanbieder_id: int | None = None,
    product_id: int | None = None,
    inkoopmodel_id: int | None = None,
    client_id: int | None = None,
) -> QuerySet[Traject]:
    qs = Traject.objects.filter(policy.rijen(user, "traject")).select_related(
        "client", "gemeente", "product", "aanbieder", "toewijzing", "inkoopmodel"
    )
    filters = {
        "status": status,
        "gemeente_id": gemeente_id,
        "aanbieder_id": aanbieder_id,
        "product_id": product_id,
        "inkoopmodel_id": inkoopmodel_id,
        "client_id": client_id,
    }
    qs = qs.filter(**{k: v for k, v in filters.items() if v})
    return qs.order_by("-pk")


def traject_get(*, user, uuid) -> Traject:
    return traject_list(user=user).get(uuid=uuid)


def toewijzing_list(*, user, goedkeuring: str | None = None, aanbieder_id: int | None = None) -> QuerySet[Toewijzing]:
    qs = Toewijzing.objects.filter(policy.rijen(user, "toewijzing")).select_related(
        "client", "gemeente", "product", "aanbieder", "traject", "kostensegment"
    )
    if goedkeuring:
        qs = qs.filter(goedkeuring=goedkeuring)
    if aanbieder_id:
        qs = qs.filter(aanbieder_id=aanbieder_id)
    return qs.order_by("-pk")


def toewijzing_get(*, user, uuid) -> Toewijzing:
    return toewijzing_list(user=user).get(uuid=uuid)


def goedkeuring_wachtrij(*, user) -> QuerySet[Toewijzing]:
    """Expensive assignments waiting for a second person (never the creator's own)."""
    wachtend = toewijzing_list(user=user, goedkeuring=Toewijzing.Goedkeuring.WACHT)
    return wachtend.filter(policy.rijen(user, "gemeentedossier")).order_by("aangemaakt_op")


def inbox(*, user) -> QuerySet[Traject]:
    """The provider's new assignments: released to it and not yet accepted or declined."""
    if not policy.is_aanbieder(user):
        return Traject.objects.none()
    return traject_list(user=user, status=Status.TOEGEWEZEN).order_by("toewijzing__accepteren_voor", "pk")


def evaluaties_verwacht(*, user, op: dt.date | None = None) -> QuerySet[Traject]:
    """Started trajectories whose interim evaluation is due and not yet recorded."""
    op = op or klok.vandaag()
    return (
        traject_list(user=user, status=Status.GESTART)
        .filter(tussenevaluatie_op__lte=op)
        .exclude(evaluaties__soort="tussentijds")
        .order_by("tussenevaluatie_op")
    )


# The signals this app raises for the region, shown on its own page (the signal centre shows all).
TRAJECT_SIGNALEN = (Soort.AFWIJZING, Soort.ACCEPTATIE_OVERSCHREDEN)


def signaal_list(*, user, soort: str | None = None) -> QuerySet[Signaal]:
    """Declines and overdue acceptances ``user`` may see (one signal centre: ``signalen``)."""
    return signalen.signalen_voor(user, {"soorten": TRAJECT_SIGNALEN, "soort": soort}, rijen="acceptatiesignaal")


@dataclass
class Wachttijd:
    product_code: str
    product_naam: str
    aanbieder_naam: str
    aantal: int
    tot_toewijzing: float | None
    tot_acceptatie: float | None
    tot_start: float | None


def wachttijden(
    *, user, van: dt.date | None = None, tot: dt.date | None = None, product_id: int | None = None
) -> list[Wachttijd]:
    """Average days referral -> assignment -> acceptance -> start, per product and provider."""
    qs = Traject.objects.filter(policy.rijen(user, "traject"))
    if van:
        qs = qs.filter(toegewezen_op__gte=van)
    if tot:
        qs = qs.filter(toegewezen_op__lte=tot)
    if product_id:
        qs = qs.filter(product_id=product_id)
    rows = (
        qs.values("product_id", "aanbieder_id")
        .annotate(
            aantal=Count("pk"),
            tot_toewijzing=Avg("dagen_tot_toewijzing"),
            tot_acceptatie=Avg("dagen_tot_acceptatie"),
            tot_start=Avg("dagen_tot_start"),
        )
        .order_by()
    )
    rows = list(rows)  # grouped on the trajectory table alone; names are looked up once below
    products = {p.pk: p for p in Product.objects.filter(pk__in={r["product_id"] for r in rows}).only("code", "naam")}
    providers = dict(Aanbieder.objects.filter(pk__in={r["aanbieder_id"] for r in rows}).values_list("pk", "naam"))
    result = [
        Wachttijd(
            products[r["product_id"]].code,
            products[r["product_id"]].naam,
            providers[r["aanbieder_id"]],
            r["aantal"],
            r["tot_toewijzing"],
            r["tot_acceptatie"],
            r["tot_start"],
        )
        for r in rows
    ]
    return sorted(result, key=lambda w: (w.product_code, w.aanbieder_naam))


def clienten_per_aanbieder(*, inkoopmodel, van: dt.date, tot: dt.date) -> dict[int, int]:
    """Distinct clients per responsible provider: assignments of this model starting in [van, tot].

    Aggregated counts, no personal data; the market concentration (``sturing.selectors.concentratie``)
    is computed from them."""
    rows = (
        Toewijzing.objects.filter(inkoopmodel=inkoopmodel, startdatum__gte=van, startdatum__lte=tot)
        .values("aanbieder_id")
        .annotate(n=Count("client", distinct=True))
        .order_by()
    )
    return {r["aanbieder_id"]: r["n"] for r in rows}


def mogelijke_acties(*, user, traject: Traject) -> list[str]:
    actor = _actor(user, traject)
    if actor is None:
        return []
    return [
        stap.actie
        for (van, _naar), stap in overgangen.tabel(Traject).items()
        if van == traject.status and actor in stap.custom["actoren"]
    ]


# --- counts for the start page (issue 14) ------------------------------------------------------


def werk_telling(*, user, op: dt.date | None = None) -> dict:
    """The trajectories' waiting work in two queries, scoped by the policy: new assignments to accept
    (``te_accepteren``, with the earliest deadline ``eerste_termijn``), acceptances past their deadline
    (``te_laat``), accepted but not started (``te_starten``), interim evaluations due (``te_evalueren``),
    started past their end date (``te_beeindigen``) and assignments waiting for four eyes (``vier_ogen``)."""
    from django.db.models import Exists, Min, OuterRef

    from .models import Evaluatie

    op = op or klok.vandaag()
    geevalueerd = Evaluatie.objects.filter(traject=OuterRef("pk"), soort="tussentijds")
    toegewezen = Q(status=Status.TOEGEWEZEN)
    telling = Traject.objects.filter(policy.rijen(user, "traject")).aggregate(
        te_accepteren=Count("pk", filter=toegewezen),
        eerste_termijn=Min("toewijzing__accepteren_voor", filter=toegewezen),
        te_laat=Count("pk", filter=toegewezen & Q(toewijzing__accepteren_voor__lt=op)),
        te_starten=Count("pk", filter=Q(status=Status.GEACCEPTEERD)),
        te_evalueren=Count(
            "pk", filter=Q(status=Status.GESTART, tussenevaluatie_op__lte=op) & ~Q(Exists(geevalueerd))
        ),
        te_beeindigen=Count("pk", filter=Q(status=Status.GESTART, toewijzing__einddatum__lt=op)),
    )
    wachtend = Toewijzing.objects.filter(
        policy.rijen(user, "gemeentedossier"), goedkeuring=Toewijzing.Goedkeuring.WACHT
    )
    telling["vier_ogen"] = wachtend.count()
    return telling


# --- running care and exceptions to 'no stacking' (issue 14) ----------------------------------------


def lopende_trajecten(*, user, client, inkoopmodel) -> QuerySet[Traject]:
    """The client's active trajectories in a model, scoped by the policy."""
    return traject_list(user=user).filter(client=client, inkoopmodel=inkoopmodel, status__in=workflow.ACTIEF)


def stapeling_uitzonderingen(*, user, client, inkoopmodel) -> QuerySet[StapelingUitzondering]:
    """The exceptions asked for this client and model, for a user who may see the client's trajectories."""
    if not policy.mag(user, "trajecten.stapeling_uitzondering_aanvragen", client):
        return StapelingUitzondering.objects.none()
    return (
        StapelingUitzondering.objects.filter(client=client, inkoopmodel=inkoopmodel)
        .select_related("aangevraagd_door", "goedgekeurd_door")
        .order_by("-aangemaakt_op")
    )


def stapeling_uitzondering_wachtrij(*, user) -> QuerySet[StapelingUitzondering]:
    """Exceptions to 'no stacking' of clients of the user's municipality that wait for a second access
    worker (the approver's queue), oldest first. ``verwijzing_uuid``: the client's latest referral in
    the model that the user sees; its running-care page shows the care and holds the approval."""
    verwijzingen = Verwijzing.objects.filter(policy.rijen(user, "verwijzing")).filter(
        client=OuterRef("client"), inkoopmodel=OuterRef("inkoopmodel")
    )
    return (
        StapelingUitzondering.objects.filter(policy.rijen(user, "gemeentedossier", via="client__"))
        .filter(goedgekeurd_op__isnull=True, traject__isnull=True)
        .select_related("inkoopmodel", "aangevraagd_door")
        .annotate(verwijzing_uuid=Subquery(verwijzingen.order_by("-datum", "-pk").values("uuid")[:1]))
        .order_by("aangemaakt_op", "pk")
    )
