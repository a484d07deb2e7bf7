"""The tasks of the message queue: receive a payload, process a received message, read the folder
mailbox. With ``UITKOMST_BROKER_URL`` set they run on Celery workers (Redis); without it the same
tasks run in-process at once (``task_always_eager``), so the embedded installation needs nothing
extra. Workers start with ``celery -A uitkomst.conf.celery worker``.
"""

from __future__ import annotations

import base64

from celery import shared_task
from celery.signals import task_postrun
from django.db import OperationalError, connections

# A locked table or a deadlock rolls the whole step back; processing is idempotent, so the task tries
# again a few times before it gives up (the message then stays "ontvangen" for "opnieuw verwerken").
OPNIEUW = {"autoretry_for": (OperationalError,), "retry_backoff": 1, "max_retries": 5}


@shared_task(name="berichten.verwerken", acks_late=True, **OPNIEUW)
def verwerken(bericht_id: int) -> str:
    """Judge and answer one received message; returns its status."""
    from . import services
    from .models import Bericht

    bericht = Bericht.objects.filter(pk=bericht_id).first()
    if bericht is None:
        return "onbekend"
    return services.bericht_verwerken(bericht=bericht).status


@shared_task(name="berichten.ontvangen", acks_late=True, **OPNIEUW)
def ontvangen(data_b64: str, kanaal: str = "api", bestandsnaam: str = "") -> dict:
    """Receive a payload (base64) end to end: checks, log, processing, answers."""
    from . import services

    r = services.bericht_ontvangen(
        data=base64.b64decode(data_b64),
        door=services.systeem(),
        kanaal=kanaal,
        bestandsnaam=bestandsnaam,
        verwerken=False,
    )
    if r.bericht is not None and r.status == "ontvangen":
        services.bericht_verwerken(bericht=r.bericht)
        r.bericht.refresh_from_db()
        r = services.Ontvangst(r.bericht, services._cli_status(r.bericht), r.berichtcode, r.bericht.bevindingen)
    return {"bericht": str(r.bericht.uuid) if r.bericht else None, "status": r.status, "berichtcode": r.berichtcode}


@shared_task(name="berichten.postbus")
def postbus() -> int:
    """Read the folder mailbox (``UITKOMST_BERICHTEN_MAP``): every file in ``in/`` once."""
    from . import mailbox

    return mailbox.lees_map()


@task_postrun.connect
def _verbindingen_sluiten(task=None, **kwargs) -> None:
    """On a worker every task ends with its database connections closed (no idle connections left
    behind in a worker thread or process); an eager (in-process) call keeps the caller's."""
    if task is not None and task.name.startswith("berichten.") and not task.request.is_eager:
        connections.close_all()
