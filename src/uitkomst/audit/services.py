"""One way to write the audit log: ``audit_log_read``, used by every page and API view that shows
a client's personal data."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from uitkomst.accounts import policy

from .models import Inzage


def audit_log_read(
    *, user, clients: Iterable, wat: str, waarom: str, kanaal: str = Inzage.Kanaal.PAGINA, bsn_getoond: bool = False
) -> int:
    """Write one row per client whose personal data ``user`` reads now. Returns the number of rows.

    ``clients`` are ``toegang.Client`` objects (or anything with ``uuid`` and ``gemeente_id``).
    """
    now = timezone.now()
    username = getattr(user, "username", "") or "anoniem"
    rol = policy.rol_code(user)
    rows = [
        Inzage(
            op=now,
            gebruiker=user if getattr(user, "pk", None) else None,
            gebruikersnaam=username,
            rol=rol,
            kanaal=kanaal,
            client_uuid=c.uuid,
            gemeente_id=c.gemeente_id,
            wat=wat[:200],
            waarom=waarom[:300],
            bsn_getoond=bsn_getoond,
        )
        for c in {c.pk: c for c in clients}.values()
    ]
    Inzage.objects.bulk_create(rows)
    return len(rows)
