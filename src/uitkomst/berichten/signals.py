"""Outgoing messages are written when the event happens, by reacting to the saves the services make:
an assignment released to the provider (created without four eyes, or approved), a trajectory that
is declined, withdrawn or ended early, a P×Q volume agreed. The apps below never import this app.

Each receiver runs in a savepoint of the service's own transaction: the message is saved with the
change or not at all, and a failure to write a message is logged, never breaks the service.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from uitkomst.declaraties.models import Volumeafspraak
from uitkomst.trajecten.models import Toewijzing, Traject

log = logging.getLogger(__name__)
UIT = {"afgewezen", "ingetrokken", "beeindigd", "afgesloten"}


def _versturen(toewijzing_id: int) -> None:
    from . import services

    verzameld = services.VERZAMELD.get()
    if verzameld is not None:  # inside ``services.verzamelen``: written together when it ends
        verzameld.append(toewijzing_id)
        return
    try:
        with transaction.atomic():
            toewijzing = Toewijzing.objects.get(pk=toewijzing_id)
            services.toewijzing_versturen(toewijzing=toewijzing, door=services.systeem())
    except Exception:  # noqa: BLE001 - a message must never break the change it reports
        log.exception("JW301 voor toewijzing %s kon niet worden geschreven", toewijzing_id)


@receiver(post_save, sender=Toewijzing, dispatch_uid="berichten_toewijzing")
def toewijzing_opgeslagen(sender, instance: Toewijzing, raw=False, **kwargs):
    if raw or instance.vrijgegeven_op is None:
        return
    _versturen(instance.pk)


@receiver(post_save, sender=Traject, dispatch_uid="berichten_traject")
def traject_opgeslagen(sender, instance: Traject, raw=False, created=False, **kwargs):
    if raw or created or instance.status not in UIT:
        return
    _versturen(instance.toewijzing_id)


@receiver(post_save, sender=Volumeafspraak, dispatch_uid="berichten_volume")
def volume_opgeslagen(sender, instance: Volumeafspraak, raw=False, **kwargs):
    if not raw:
        _versturen(instance.toewijzing_id)
