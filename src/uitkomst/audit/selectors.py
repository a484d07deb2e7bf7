from __future__ import annotations

from django.db.models import QuerySet

from uitkomst.utils.errors import NotAllowed

from .models import Inzage


def kan_audit_lezen(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_right("audit.lezen"))


def inzage_list(*, user, client_uuid=None, gebruikersnaam: str | None = None) -> QuerySet[Inzage]:
    """The audit log, for a privacy officer only: rows of clients in the officer's region."""
    if not kan_audit_lezen(user):
        raise NotAllowed("Alleen een privacy officer mag het auditlog lezen.", code="audit_geen_toegang")
    qs = Inzage.objects.select_related("gemeente")
    if not (user.is_superuser or (user.rol and user.rol.scope == "installatie")):
        qs = qs.filter(gemeente__regio_id=user.regio_id)
    if client_uuid:
        qs = qs.filter(client_uuid=client_uuid)
    if gebruikersnaam:
        qs = qs.filter(gebruikersnaam=gebruikersnaam)
    return qs.order_by("-op", "-pk")
