"""Who sees and handles steering information. Reuses the outcome roles (``rapportages.lezen``):
the region's contract managers see their region, municipal finance its own municipality (and the
region-wide provider signals), the installation everything. Setting a ceiling is for the
municipality's finance or the installation; revising a tariff needs ``catalogus.beheren``."""

from __future__ import annotations

from django.db.models import Q

from uitkomst.catalogus import selectors as catalogus
from uitkomst.organisaties.models import Gemeente
from uitkomst.uitkomsten import rechten as uitkomsten

NIETS = Q(pk__in=[])
mag_rapportages = uitkomsten.mag_rapportages
is_installatie = uitkomsten.is_installatie
is_regio = uitkomsten.is_regio
is_gemeente = uitkomsten.is_gemeente


def gemeenten(user) -> list[Gemeente]:
    """The municipalities whose budgets and monitor ``user`` may read."""
    qs = Gemeente.objects.select_related("regio").order_by("naam")
    if is_installatie(user):
        return list(qs)
    if is_regio(user):
        return list(qs.filter(regio_id=user.regio_id))
    if is_gemeente(user):
        return list(qs.filter(pk=user.gemeente_id))
    return []


def signaal_filter(user) -> Q:
    if is_installatie(user):
        return Q()
    if is_regio(user):
        return Q(gemeente__regio_id=user.regio_id) | Q(gemeente__isnull=True)
    if is_gemeente(user):
        return Q(gemeente_id=user.gemeente_id) | Q(gemeente__isnull=True)
    return NIETS


def mag_afhandelen(user, signaal) -> bool:
    if is_installatie(user):
        return True
    if signaal.gemeente_id is None:
        return is_regio(user)
    if is_regio(user):
        return signaal.gemeente.regio_id == user.regio_id
    return is_gemeente(user) and user.gemeente_id == signaal.gemeente_id


def mag_plafond(user, gemeente) -> bool:
    if is_installatie(user):
        return True
    return is_gemeente(user) and user.gemeente_id == gemeente.pk


def mag_tarief_herzien(user, inkoopmodel) -> bool:
    return catalogus.can_manage(user, inkoopmodel)
