"""The one audit service for reads of personal data, whatever the path: pages, API lists and details,
exports, the admin, messages and the CLI.

Every read goes through ``audit_log_read`` (or its helpers below, which fill in channel, path and
purpose from a request or a command). One call writes to two destinations:

- the append-only table ``Inzage``: one row per client read (who, role, when, channel, purpose,
  what, why, which row, the client and its pseudonymous reference), never changed or removed;
- the structured log (``logging`` logger ``uitkomst.audit``): one JSON record per call with the
  same facts and the client references, so a SIEM receives them without reading the database.

Neither destination ever holds a BSN: the table stores the client's UUID and reference, the log the
references only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from types import SimpleNamespace

from django.db.models import Model
from django.utils import timezone

from uitkomst.accounts import policy

from .models import Inzage
from .referentie import client_referentie

logger = logging.getLogger("uitkomst.audit")

# the purpose of a read when the edge names none: what the reader's role is there for
DOEL_PER_ROL = {
    "gemeente-toegang": Inzage.Doel.TOEGANG,
    "verwijzer": Inzage.Doel.VERWIJZING,
    "aanbieder": Inzage.Doel.ZORG,
    "gemeente-financien": Inzage.Doel.DECLARATIE,
    "regio-contractmanager": Inzage.Doel.STURING,
    "privacy-officer": Inzage.Doel.PRIVACY,
}


def doel_voor(user) -> str:
    return DOEL_PER_ROL.get(policy.rol_code(user), Inzage.Doel.BEHEER)


def _client_van(obj):
    """(client, row uuid) for a client, or for a row that carries one (``obj.client``)."""
    if getattr(getattr(obj, "_meta", None), "label_lower", "") == "toegang.client":
        return obj, None
    client = getattr(obj, "client", None)
    if client is not None:
        return client, getattr(obj, "uuid", None)
    if not hasattr(obj, "_meta") and hasattr(obj, "uuid") and hasattr(obj, "gemeente_id"):  # from clienten_van
        return obj, getattr(obj, "object_uuid", None)
    return None, None


def audit_log_read(
    *,
    user,
    clients: Iterable,
    wat: str,
    waarom: str,
    kanaal: str = Inzage.Kanaal.PAGINA,
    bsn_getoond: bool = False,
    doel: str | None = None,
    pad: str = "",
    objecttype: str = "",
) -> int:
    """Log that ``user`` reads the personal data of these clients now. Returns the number of rows.

    ``clients`` are ``toegang.Client`` objects, rows that carry a ``client`` (a trajectory, a
    referral: its uuid is stored as the row read), or values with ``uuid`` and ``gemeente_id``
    (``clienten_van``). ``doel`` defaults to the purpose of the user's role (``doel_voor``)."""
    now = timezone.now()
    username = getattr(user, "username", "") or "anoniem"
    rol = policy.rol_code(user)
    doel = doel or doel_voor(user)
    gezien: dict = {}
    for item in clients:
        client, object_uuid = _client_van(item)
        if client is not None:
            gezien.setdefault((str(client.uuid), str(object_uuid or "")), (client, object_uuid))
    rows = [
        Inzage(
            op=now,
            gebruiker=user if getattr(user, "pk", None) else None,
            gebruikersnaam=username[:150],
            rol=rol,
            kanaal=kanaal,
            doel=doel,
            pad=pad[:300],
            objecttype=(objecttype or "client")[:30],
            object_uuid=object_uuid,
            client_uuid=c.uuid,
            client_referentie=client_referentie(c.uuid),
            gemeente_id=c.gemeente_id,
            wat=wat[:200],
            waarom=waarom[:300],
            bsn_getoond=bsn_getoond,
        )
        for c, object_uuid in gezien.values()
    ]
    if not rows:
        return 0
    Inzage.objects.bulk_create(rows)
    logger.info(
        json.dumps(
            {
                "gebeurtenis": "inzage_persoonsgegevens",
                "op": now.isoformat(),
                "gebruiker": username,
                "rol": rol,
                "kanaal": kanaal,
                "doel": doel,
                "pad": pad,
                "wat": wat,
                "waarom": waarom,
                "soort": objecttype or "client",
                "aantal": len(rows),
                "clienten": sorted({r.client_referentie for r in rows}),
                "bsn_getoond": bsn_getoond,
            },
            ensure_ascii=False,
        ),
        extra={"audit": True},
    )
    return len(rows)


def kanaal_van(request) -> str:
    path = request.path
    if path.startswith("/api/"):
        return Inzage.Kanaal.API
    if path.startswith("/beheer/"):
        return Inzage.Kanaal.BEHEER
    return Inzage.Kanaal.PAGINA


def audit_request(
    request,
    rijen: Iterable,
    *,
    wat: str,
    waarom: str = "",
    doel: str | None = None,
    kanaal: str | None = None,
    bsn_getoond: bool = False,
    objecttype: str = "",
) -> int:
    """``audit_log_read`` for a page, API call, export or admin page: channel and path from the request
    (the path only, never the query string)."""
    return audit_log_read(
        user=request.user,
        clients=rijen,
        wat=wat,
        waarom=waarom or f"{request.method} {request.path}",
        kanaal=kanaal or kanaal_van(request),
        bsn_getoond=bsn_getoond,
        doel=doel,
        pad=request.path,
        objecttype=objecttype,
    )


def audit_export(request, rijen: Iterable, *, wat: str, waarom: str = "", doel: str | None = None) -> int:
    """A download (CSV, Excel, PDF) of personal data."""
    return audit_request(request, rijen, wat=wat, waarom=waarom, doel=doel, kanaal=Inzage.Kanaal.EXPORT)


def audit_cli(user, rijen: Iterable, *, opdracht: str, wat: str, waarom: str = "", doel: str | None = None) -> int:
    """A management command that prints or writes personal data."""
    return audit_log_read(
        user=user,
        clients=rijen,
        wat=wat,
        waarom=waarom or f"opdracht {opdracht}",
        kanaal=Inzage.Kanaal.CLI,
        doel=doel,
        pad=opdracht,
    )


def clienten_van(objs: Sequence[Model], pad: str) -> list[SimpleNamespace]:
    """The clients behind rows, in one query, without importing ``toegang``: ``pad`` is the field
    path from the rows' model to the client (``""`` for clients, ``"client__"``, ``"regels__client__"``,
    ``"clienten__"``). Each value carries the client's uuid and municipality and the row's uuid."""
    objs = [o for o in objs if o is not None]
    if not objs:
        return []
    model = type(objs[0])
    heeft_uuid = any(f.name == "uuid" for f in model._meta.get_fields())
    velden = [f"{pad}uuid", f"{pad}gemeente_id"] + (["uuid"] if heeft_uuid and pad else [])
    rows = (
        model._default_manager.filter(pk__in=[o.pk for o in objs], **{f"{pad}uuid__isnull": False})
        .values_list(*velden)
        .distinct()
    )
    return [
        SimpleNamespace(uuid=r[0], gemeente_id=r[1], object_uuid=r[2] if len(r) > 2 else None) for r in rows
    ]
