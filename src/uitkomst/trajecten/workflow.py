"""The trajectory's states and its two kinds of actor.

The steps between the states are declared once, as django-fsm transitions on ``models.Traject``
(``accepteren``, ``afwijzen``, ``intrekken``, ``starten``, ``beeindigen``, ``afsluiten``, each with
the actors allowed in ``custom["actoren"]``), and run only through ``uitkomst.utils.overgangen``:
a step not declared there is refused, every change appends a row to the status history, and
history is never edited. Read the table with ``overgangen.tabel(Traject)``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    TOEGEWEZEN = "toegewezen", _("toegewezen")
    GEACCEPTEERD = "geaccepteerd", _("geaccepteerd")
    GESTART = "gestart", _("gestart")
    BEEINDIGD = "beeindigd", _("beëindigd")
    AFGESLOTEN = "afgesloten", _("afgesloten")
    AFGEWEZEN = "afgewezen", _("afgewezen")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


# Actors: "aanbieder" (the responsible provider) and "toegang" (the municipality's access).
AANBIEDER = "aanbieder"
TOEGANG = "toegang"

# A trajectory in one of these counts for "one active trajectory per client per purchasing model".
ACTIEF = (Status.TOEGEWEZEN, Status.GEACCEPTEERD, Status.GESTART)
