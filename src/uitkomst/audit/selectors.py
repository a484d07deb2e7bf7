from __future__ import annotations

from django.db.models import QuerySet

from uitkomst.accounts import policy

from .models import Inzage


def inzage_list(*, user, client_uuid=None, gebruikersnaam: str | None = None) -> QuerySet[Inzage]:
    """The audit log, for a privacy officer only: rows of clients in the officer's region."""
    policy.vereis(user, "audit.lezen")
    qs = Inzage.objects.select_related("gemeente").filter(policy.rijen(user, "inzage"))
    if client_uuid:
        qs = qs.filter(client_uuid=client_uuid)
    if gebruikersnaam:
        qs = qs.filter(gebruikersnaam=gebruikersnaam)
    return qs.order_by("-op", "-pk")


# --- counts for the start page (issue 14) ------------------------------------------------------


def inzage_telling(*, user, dagen: int = 7) -> int:
    """Reads of personal data the privacy officer may see, in the last ``dagen`` days (one query)."""
    import datetime as dt

    from uitkomst.utils import klok

    sinds = klok.nu() - dt.timedelta(days=dagen)
    return Inzage.objects.filter(policy.rijen(user, "inzage"), op__gte=sinds).count()
