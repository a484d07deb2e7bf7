"""Who sees and acts for which clients. The one place the role rules for personal data live.

- access worker (scope gemeente): clients, referrals and trajectories of its own municipality;
- referrer, e.g. a GP (scope verwijzer): only its own referrals and their clients;
- provider (scope aanbieder): only assignments released to it, their trajectories and clients;
- region contract manager (scope regio, contracting rights): everything in the region, no BSNs;
- everyone else (privacy officer, finance): no client data here.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from uitkomst.accounts.models import Rol

NIETS = Q(pk__in=[])


def scope(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Rol.Scope.INSTALLATIE
    return user.rol.scope if user.rol else None


def is_regio_lezer(user) -> bool:
    return scope(user) == Rol.Scope.REGIO and user.has_right("contractering.lezen")


def is_toegang(user) -> bool:
    return scope(user) == Rol.Scope.GEMEENTE and user.has_right("toewijzing.beheren")


def is_aanbieder(user) -> bool:
    return scope(user) == Rol.Scope.AANBIEDER and user.has_right("traject.beheren") and user.aanbieder_id is not None


def is_verwijzer(user) -> bool:
    return scope(user) == Rol.Scope.VERWIJZER and user.has_right("verwijzing.aanmaken") and bool(user.verwijzer_code)


def regio_gemeenten(user) -> list[int]:
    """The municipality ids of the user's region: filtering on these avoids a join on every list."""
    from uitkomst.organisaties.models import Gemeente

    return list(Gemeente.objects.filter(regio_id=user.regio_id).values_list("pk", flat=True))


def mag_bsn_zien(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_right("bsn.zien"))


def kan_handelen_voor_gemeente(user, gemeente_id: int) -> bool:
    """May this user act as access (refer, plan, assign) for residents of this municipality?"""
    s = scope(user)
    if s == Rol.Scope.INSTALLATIE:
        return True
    return is_toegang(user) and user.gemeente_id == gemeente_id


def client_filter(user) -> Q:
    """A filter on ``toegang.Client`` with exactly the clients ``user`` may see."""
    from uitkomst.trajecten.models import Traject

    from .models import Verwijzing

    s = scope(user)
    if s == Rol.Scope.INSTALLATIE:
        return Q()
    if is_regio_lezer(user):
        return Q(gemeente_id__in=regio_gemeenten(user))
    if is_toegang(user) or (s == Rol.Scope.GEMEENTE and user.has_right("client.lezen")):
        return Q(gemeente_id=user.gemeente_id)
    if is_verwijzer(user):
        return Q(Exists(Verwijzing.objects.filter(client=OuterRef("pk"), verwijzer_code=user.verwijzer_code)))
    if is_aanbieder(user):
        return Q(
            Exists(
                Traject.objects.filter(
                    client=OuterRef("pk"), aanbieder_id=user.aanbieder_id, zichtbaar_voor_aanbieder=True
                )
            )
        )
    return NIETS


def verwijzing_filter(user) -> Q:
    s = scope(user)
    if s == Rol.Scope.INSTALLATIE:
        return Q()
    if is_regio_lezer(user):
        return Q(gemeente_id__in=regio_gemeenten(user))
    if is_toegang(user):
        return Q(gemeente_id=user.gemeente_id)
    if is_verwijzer(user):
        return Q(verwijzer_code=user.verwijzer_code)
    return NIETS


def _dossier_filter(user, aanbieder_zicht: dict) -> Q:
    """Who sees which dossier rows (trajectories, assignments): the whole installation, the region's
    municipalities, the own municipality, or, for a provider, its own rows that ``aanbieder_zicht``
    says are visible to it."""
    s = scope(user)
    if s == Rol.Scope.INSTALLATIE:
        return Q()
    if is_regio_lezer(user):
        return Q(gemeente_id__in=regio_gemeenten(user))
    if is_toegang(user):
        return Q(gemeente_id=user.gemeente_id)
    if is_aanbieder(user):
        return Q(aanbieder_id=user.aanbieder_id, **aanbieder_zicht)
    return NIETS


def traject_filter(user) -> Q:
    """A filter on ``trajecten.Traject``."""
    return _dossier_filter(user, {"zichtbaar_voor_aanbieder": True})


def toewijzing_filter(user) -> Q:
    """A filter on ``trajecten.Toewijzing``: a provider sees an assignment once it is released to it."""
    return _dossier_filter(user, {"vrijgegeven_op__isnull": False})
