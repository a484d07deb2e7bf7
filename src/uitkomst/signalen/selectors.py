"""Reads of the signal centre, always scoped by the acting user through the authorization policy
(``policy.rijen(user, "signaal")``): a user never sees another region's signals."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from uitkomst.accounts import policy

from .models import Signaal, Status

FILTERS = ("soort", "soorten", "status", "regio", "gemeente", "aanbieder", "onderwerp_type", "onderwerp_id")


# The row sets of the policy that apply to signals: the signal centre ("signaal": reporting roles)
# and the access worker's view of declines and overdue acceptances ("acceptatiesignaal").
RIJEN = ("signaal", "acceptatiesignaal")


def signalen_voor(user, filters: dict | None = None, *, rijen: str = "signaal") -> QuerySet[Signaal]:
    """The signals ``user`` may see, newest first. ``filters``: ``soort`` (one code), ``soorten``
    (several), ``status`` ("open", "afgehandeld"; anything else: both), ``regio``, ``gemeente``,
    ``aanbieder`` (objects or ids), ``onderwerp_type`` and ``onderwerp_id``. ``rijen`` names the
    policy's row set (see ``RIJEN``)."""
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    onbekend = set(filters) - set(FILTERS)
    if onbekend:
        raise ValueError(f"unknown signal filters: {sorted(onbekend)}")
    if rijen not in RIJEN:
        raise ValueError(f"unknown signal row set: {rijen!r}")
    qs = Signaal.objects.filter(policy.rijen(user, rijen))
    if "soort" in filters:
        qs = qs.filter(soort=filters["soort"])
    if "soorten" in filters:
        qs = qs.filter(soort__in=list(filters["soorten"]))
    if filters.get("status") in Status.values:
        qs = qs.filter(status=filters["status"])
    for veld in ("regio", "gemeente", "aanbieder"):
        if veld in filters:
            qs = qs.filter(**{f"{veld}_id": getattr(filters[veld], "pk", filters[veld])})
    for veld in ("onderwerp_type", "onderwerp_id"):
        if veld in filters:
            qs = qs.filter(**{veld: str(filters[veld])})
    return qs.select_related("regio", "gemeente", "aanbieder", "afgehandeld_door").order_by("-aangemaakt_op", "-pk")


def signaal_voor(user, uuid) -> Signaal:
    """One signal ``user`` may see (``Signaal.DoesNotExist`` otherwise, also for another region's)."""
    return signalen_voor(user).get(uuid=uuid)


def signaal_telling(user, filters: dict | None = None) -> dict[str, int]:
    """Open signals per soort that ``user`` may see."""
    rows = (
        signalen_voor(user, {**(filters or {}), "status": Status.OPEN})
        .values("soort")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["soort"]: r["n"] for r in rows}


def signalen_over_aanbieder(user, aanbieder) -> QuerySet[Signaal]:
    """Signals about one provider (the account-talk pack): the provider itself sees every signal
    about itself; anyone else only those the policy lets them see."""
    pk = getattr(aanbieder, "pk", aanbieder)
    if policy.eigen_aanbieder_id(user) == pk:
        qs = Signaal.objects.filter(aanbieder_id=pk)
        return qs.select_related("regio", "gemeente", "aanbieder", "afgehandeld_door").order_by("-aangemaakt_op", "-pk")
    return signalen_voor(user, {"aanbieder": pk})
