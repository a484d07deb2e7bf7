"""Who sees which outcome measurements and indicators. Outcomes are read at macro level: the region
(contract managers) and municipalities (finance) see pseudonymised rows of their area, a provider
sees its own; nobody sees a BSN here. Recording a measurement is for the provider of the trajectory,
the municipality's access, or the installation."""

from __future__ import annotations

from django.db.models import Q

from uitkomst.accounts.models import Rol
from uitkomst.toegang import scoping

NIETS = Q(pk__in=[])


def scope(user) -> str | None:
    return scoping.scope(user)


def is_installatie(user) -> bool:
    return scope(user) == Rol.Scope.INSTALLATIE


def is_regio(user) -> bool:
    return scope(user) == Rol.Scope.REGIO and user.has_right("rapportages.lezen") and user.regio_id is not None


def is_gemeente(user) -> bool:
    return scope(user) == Rol.Scope.GEMEENTE and user.has_right("rapportages.lezen") and user.gemeente_id is not None


def is_aanbieder(user) -> bool:
    return scoping.is_aanbieder(user)


def mag_rapportages(user) -> bool:
    """May read the steering pages (monitor, signals, budgets, council report)."""
    return is_installatie(user) or is_regio(user) or is_gemeente(user)


def meting_filter(user, prefix: str = "") -> Q:
    """A filter on ``Uitkomstmeting`` (or on a model with the same gemeente/aanbieder fields)."""
    if is_installatie(user):
        return Q()
    if is_regio(user):
        return Q(**{f"{prefix}gemeente__regio_id": user.regio_id})
    if is_gemeente(user):
        return Q(**{f"{prefix}gemeente_id": user.gemeente_id})
    if is_aanbieder(user):
        return Q(**{f"{prefix}aanbieder_id": user.aanbieder_id})
    return NIETS


def mag_meten(user, traject) -> bool:
    """May ``user`` record the outcome of this trajectory?"""
    if is_installatie(user):
        return True
    if scoping.is_aanbieder(user):
        return user.aanbieder_id == traject.aanbieder_id and traject.zichtbaar_voor_aanbieder
    return scoping.kan_handelen_voor_gemeente(user, traject.gemeente_id)
