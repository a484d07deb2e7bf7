"""Who may do what with invoices. Providers submit for their own organisation; municipal finance
judges and pays the lines its own municipality pays; the installation sees all; a regional contract
manager reads the macro report of its region."""

from __future__ import annotations

from django.db.models import Q

from uitkomst.accounts.models import Rol

NIETS = Q(pk__in=[])


def _scope(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Rol.Scope.INSTALLATIE
    return user.rol.scope if user.rol else None


def is_installatie(user) -> bool:
    return _scope(user) == Rol.Scope.INSTALLATIE


def is_declarant(user) -> bool:
    return (
        _scope(user) == Rol.Scope.AANBIEDER and user.has_right("declaratie.indienen") and user.aanbieder_id is not None
    )


def is_financien(user) -> bool:
    return (
        _scope(user) == Rol.Scope.GEMEENTE and user.has_right("declaratie.beoordelen") and user.gemeente_id is not None
    )


def mag_betaalronde(user) -> bool:
    return is_installatie(user) or (is_financien(user) and user.has_right("betaalronde.beheren"))


def is_regio_rapportage(user) -> bool:
    return _scope(user) == Rol.Scope.REGIO and user.has_right("rapportages.lezen") and user.regio_id is not None


def regel_filter(user, prefix: str = "") -> Q:
    """A filter on ``Declaratieregel`` (or with a prefix, on a related model) for what ``user`` may see."""
    if is_installatie(user):
        return Q()
    if is_declarant(user):
        return Q(**{f"{prefix}aanbieder_id": user.aanbieder_id})
    if is_financien(user):
        return Q(**{f"{prefix}gemeente_id": user.gemeente_id})
    if is_regio_rapportage(user):
        return Q(**{f"{prefix}gemeente__regio_id": user.regio_id})
    return NIETS
