"""The trajectory's life cycle as data: which transition is allowed, by which kind of actor.

Read it as a table (after Amsterdam/signals' ``workflow.py``): a transition not listed here is
refused. Every change appends a row to the status history; history is never edited.
"""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    TOEGEWEZEN = "toegewezen", "toegewezen"
    GEACCEPTEERD = "geaccepteerd", "geaccepteerd"
    GESTART = "gestart", "gestart"
    BEEINDIGD = "beeindigd", "beëindigd"
    AFGESLOTEN = "afgesloten", "afgesloten"
    AFGEWEZEN = "afgewezen", "afgewezen"
    INGETROKKEN = "ingetrokken", "ingetrokken"


# Actors: "aanbieder" (the responsible provider) and "toegang" (the municipality's access).
AANBIEDER = "aanbieder"
TOEGANG = "toegang"

# (from, to): (action name, actors allowed)
OVERGANGEN: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    (Status.TOEGEWEZEN, Status.GEACCEPTEERD): ("accepteren", frozenset({AANBIEDER})),
    (Status.TOEGEWEZEN, Status.AFGEWEZEN): ("afwijzen", frozenset({AANBIEDER})),
    (Status.TOEGEWEZEN, Status.INGETROKKEN): ("intrekken", frozenset({TOEGANG})),
    (Status.GEACCEPTEERD, Status.GESTART): ("starten", frozenset({AANBIEDER})),
    (Status.GEACCEPTEERD, Status.INGETROKKEN): ("intrekken", frozenset({TOEGANG})),
    (Status.GESTART, Status.BEEINDIGD): ("beeindigen", frozenset({AANBIEDER, TOEGANG})),
    (Status.BEEINDIGD, Status.AFGESLOTEN): ("afsluiten", frozenset({AANBIEDER, TOEGANG})),
}

# A trajectory in one of these counts for "one active trajectory per client per purchasing model".
ACTIEF = (Status.TOEGEWEZEN, Status.GEACCEPTEERD, Status.GESTART)


def actie(van: str, naar: str) -> tuple[str, frozenset[str]] | None:
    return OVERGANGEN.get((van, naar))


def mogelijke_acties(van: str, actor: str) -> list[str]:
    return [name for (v, _), (name, actors) in OVERGANGEN.items() if v == van and actor in actors]
