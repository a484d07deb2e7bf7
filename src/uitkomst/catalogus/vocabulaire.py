"""The one vocabulary of procurement procedures and laws, read from the versioned data file
``data/vocabulaire.yaml`` (see its header for what each field means).

It lives in the lowest domain app so every app above can use it: the catalogue (``Wet`` for a
purchasing model), contracting (``Procedure`` for a real procedure, ``OPEN_PROCEDURES``, ``Wet``
for a quality requirement) and the contract-form analysis (``Wetgebied``, every procedure with
whether it is competitive and which half of the framework it fits). No database, no I/O except
reading the data file once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.db import models

from uitkomst.utils.databestand import lees_yaml

BESTAND = Path(__file__).resolve().parent / "data" / "vocabulaire.yaml"
ONBEKEND = "onbekend"


@cache
def vocabulaire() -> dict:
    return lees_yaml(BESTAND)


def versie() -> int:
    return int(vocabulaire()["versie"])


# --- procedures ----------------------------------------------------------------------------------


def procedures() -> dict[str, dict]:
    """Every procedure: code -> {label, competitief, open_toetreding, helft, contractering, omschrijving}."""
    return vocabulaire()["procedures"]


def procedure(code: str | None) -> dict | None:
    return procedures().get(code or "")


def procedure_label(code: str | None) -> str:
    p = procedure(code)
    return p["label"] if p else procedures()[ONBEKEND]["label"]


def contracteringsprocedures() -> dict[str, dict]:
    """The procedures a real contract can be bought with (not ``onbekend``)."""
    return {code: p for code, p in procedures().items() if p["contractering"]}


def procedure_choices(*, contractering: bool = False) -> list[tuple[str, str]]:
    bron = contracteringsprocedures() if contractering else procedures()
    return [(code, p["label"]) for code, p in bron.items()]


# --- laws ----------------------------------------------------------------------------------------


def wetten() -> dict[str, dict]:
    """Every law: code -> {label, omvat (only for a combination)}."""
    return vocabulaire()["wetten"]


def wet_choices(*, combinaties: bool = True) -> list[tuple[str, str]]:
    return [(code, w["label"]) for code, w in wetten().items() if combinaties or not w.get("omvat")]


# --- the choices models use ----------------------------------------------------------------------


def _text_choices(naam: str, choices: list[tuple[str, str]]) -> type[models.TextChoices]:
    return models.TextChoices(naam, [(code.upper(), (code, label)) for code, label in choices], module=__name__)


# One law (a purchasing model, a quality requirement).
Wet = _text_choices("Wet", wet_choices(combinaties=False))
# A law or a combination of laws (a contract form).
Wetgebied = _text_choices("Wetgebied", wet_choices())
# The procedure of a real contract (contracting).
Procedure = _text_choices("Procedure", procedure_choices(contractering=True))
# Procedures that lead to agreements with every provider that accepts the terms (no ranking).
OPEN_PROCEDURES = frozenset(code for code, p in contracteringsprocedures().items() if p["open_toetreding"])
