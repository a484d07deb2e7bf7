"""Tasks of contract forms: reading a large uploaded document (``documenttaak``). With
``UITKOMST_BROKER_URL`` on a Celery worker, otherwise in-process at once (conf/celery.py)."""

from __future__ import annotations

from celery import shared_task

from . import documenttaak
from .models import Documentlezing


@shared_task(name="contractvormen.documentlezing", acks_late=True)
def documentlezing(lezing_id: int) -> None:
    """Progress and result are written to the reading itself, so its page shows them wherever the task ran."""
    lezing = Documentlezing.objects.select_related("aangemaakt_door__rol").get(pk=lezing_id)
    documenttaak.lezing_uitvoeren(lezing)
