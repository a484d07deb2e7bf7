"""Reads of the message log, always scoped by the acting user.

- the installation (administrators, the GGk adapter, system actors): every message;
- a municipality role (access, finance): the messages to and from its own municipality;
- a provider: the messages to and from its own organisation;
- everyone else: nothing (messages carry personal data).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from uitkomst.accounts import policy

from .models import Bericht, Richting, Status, Verzoek

NIETS = Q(pk__in=[])


def _scope(user) -> Q:
    return policy.rijen(user, "bericht")


def ziet_berichten(user) -> bool:
    return _scope(user) != NIETS


def bericht_list(
    *,
    user,
    richting: str | None = None,
    status: str | None = None,
    berichtcode: str | None = None,
    toewijzingnummer: str | None = None,
    gemeente: str | None = None,
    aanbieder: str | None = None,
) -> QuerySet[Bericht]:
    qs = Bericht.objects.filter(_scope(user)).select_related("gemeente", "aanbieder")
    if richting:
        qs = qs.filter(richting=richting)
    if status:
        qs = qs.filter(status=status)
    if berichtcode:
        code = berichtcode.strip().upper()
        qs = qs.filter(berichtcode__endswith=code[-3:]) if code.isdigit() else qs.filter(berichtcode=code)
    if toewijzingnummer and toewijzingnummer.strip().isdigit():
        n = toewijzingnummer.strip()
        qs = qs.filter(
            Q(toewijzingnummers=n)
            | Q(toewijzingnummers__startswith=f"{n} ")
            | Q(toewijzingnummers__endswith=f" {n}")
            | Q(toewijzingnummers__contains=f" {n} ")
        )
    if gemeente:
        qs = qs.filter(gemeente__cbs_code=gemeente)
    if aanbieder:
        qs = qs.filter(aanbieder__agb_code=aanbieder)
    return qs.defer("xml")


def bericht_get(*, user, uuid) -> Bericht:
    return Bericht.objects.filter(_scope(user)).select_related("gemeente", "aanbieder", "antwoord_op").get(uuid=uuid)


def antwoorden(bericht: Bericht) -> QuerySet[Bericht]:
    return bericht.antwoorden.order_by("pk").defer("xml")


def uitbak() -> QuerySet[Bericht]:
    """Outgoing messages waiting to be sent, oldest first (for the transport, not for pages)."""
    return Bericht.objects.filter(richting=Richting.UIT, status=Status.KLAAR).order_by("pk")


def telling(*, user) -> dict:
    from django.db.models import Count

    rows = Bericht.objects.filter(_scope(user)).values("richting", "status").annotate(n=Count("pk"))
    return {(r["richting"], r["status"]): r["n"] for r in rows}


def verzoek_list(*, user, open_: bool | None = True) -> QuerySet[Verzoek]:
    qs = Verzoek.objects.filter(policy.rijen(user, "verzoek"))
    if open_ is True:
        qs = qs.filter(status__in=[Verzoek.Status.OPEN, Verzoek.Status.IN_ONDERZOEK])
    elif open_ is False:
        qs = qs.exclude(status__in=[Verzoek.Status.OPEN, Verzoek.Status.IN_ONDERZOEK])
    return qs.select_related("gemeente", "aanbieder", "product", "verwijzing", "bericht", "toewijzing")


def verzoek_get(*, user, uuid) -> Verzoek:
    return verzoek_list(user=user, open_=None).get(uuid=uuid)


# --- counts for the start page (issue 14) ------------------------------------------------------


def verzoek_telling(*, user) -> dict[str, int]:
    """Open requests (JW315 for an assignment, JW317 for a change) in one query, scoped by the policy."""
    from django.db.models import Count

    open_ = Q(status__in=[Verzoek.Status.OPEN, Verzoek.Status.IN_ONDERZOEK])
    return Verzoek.objects.filter(policy.rijen(user, "verzoek")).aggregate(
        toewijzing=Count("pk", filter=open_ & Q(soort=Verzoek.Soort.TOEWIJZING)),
        wijziging=Count("pk", filter=open_ & Q(soort=Verzoek.Soort.WIJZIGING)),
    )
