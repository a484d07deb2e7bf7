from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from uitkomst.accounts import policy

from .models import Inzage


def inzage_list(
    *,
    user,
    client_uuid=None,
    client_referentie: str | None = None,
    gebruikersnaam: str | None = None,
    van: dt.date | None = None,
    tot: dt.date | None = None,
    doel: str | None = None,
) -> QuerySet[Inzage]:
    """The audit log, for a privacy officer only: rows of clients in the officer's region, filtered by
    person (client uuid or reference), user, period (``van``..``tot``, whole days) and purpose."""
    policy.vereis(user, "audit.lezen")
    qs = Inzage.objects.select_related("gemeente").filter(policy.rijen(user, "inzage"))
    if client_uuid:
        qs = qs.filter(client_uuid=client_uuid)
    if client_referentie:
        qs = qs.filter(client_referentie=client_referentie.strip().upper())
    if gebruikersnaam:
        qs = qs.filter(gebruikersnaam=gebruikersnaam)
    if van:
        qs = qs.filter(op__gte=_begin(van))
    if tot:
        qs = qs.filter(op__lt=_begin(tot + dt.timedelta(days=1)))
    if doel:
        qs = qs.filter(doel=doel)
    return qs.order_by("-op", "-pk")


def _begin(dag: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dag, dt.time.min))


# --- counts for the start page (issue 14) ------------------------------------------------------


def inzage_telling(*, user, dagen: int = 7) -> int:
    """Reads of personal data the privacy officer may see, in the last ``dagen`` days (one query)."""
    from uitkomst.utils import klok

    sinds = klok.nu() - dt.timedelta(days=dagen)
    return Inzage.objects.filter(policy.rijen(user, "inzage"), op__gte=sinds).count()
