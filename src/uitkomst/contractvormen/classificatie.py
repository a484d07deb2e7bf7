"""Classification of a contract form: the one home of every rule about quadrant, position,
archetype, distances, consistency and direction of change.

Pure functions over a dict of answers (``regie``, ``bekostiging``, ``aanbieders``, ``scope``,
``kiest_aanbieder``, ``bepaalt_inhoud``), each a value of the vocabulary in
``data/vocabulaire.yaml`` or ``"onbekend"``. No database, no I/O except reading the versioned data
files once. Validation of input lives in ``services``; these functions assume valid values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from uitkomst.catalogus import vocabulaire as gedeeld
from uitkomst.utils.databestand import lees_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

ONBEKEND = "onbekend"
SLEUTELS: tuple[str, ...] = ("regie", "bekostiging", "aanbieders", "scope", "kiest_aanbieder", "bepaalt_inhoud")

# Weights of the answers within each axis of document 001's framework. Funding weighs more than
# scope on x (the article names the axis after funding first); the number of parties weighs more
# than coordination on y (idem).
AS_GEWICHTEN: dict[str, dict[str, float]] = {
    "x": {"bekostiging": 2.0, "scope": 1.0},
    "y": {"aanbieders": 2.0, "regie": 1.0},
}
# An archetype is only named when at least this many answers are known (and its deciding answers).
MIN_BEKEND_VOOR_ARCHETYPE = 2


@cache
def vocabulaire() -> dict:
    return lees_yaml((DATA_DIR / "vocabulaire.yaml").read_text(encoding="utf-8"))


@cache
def archetypen_data() -> dict:
    return lees_yaml((DATA_DIR / "archetypen.yaml").read_text(encoding="utf-8"))


def archetypen() -> dict[str, dict]:
    return archetypen_data()["archetypen"]


def waarden(sleutel: str) -> list[str]:
    """The vocabulary values of one answer key (without ``onbekend``)."""
    return list(vocabulaire()["vragen"][sleutel]["waarden"])


def label(sleutel: str, waarde: str | None) -> str:
    if not waarde or waarde == ONBEKEND:
        return "onbekend"
    return vocabulaire()["vragen"][sleutel]["waarden"][waarde]["label"]


def procedures() -> dict[str, dict]:
    """The procurement procedures of the one shared vocabulary (``catalogus/data/vocabulaire.yaml``),
    each with its label, whether it is competitive and which half of the framework it fits."""
    return gedeeld.procedures()


def _orde(sleutel: str, waarde: str | None) -> float | None:
    if not waarde or waarde == ONBEKEND:
        return None
    return float(vocabulaire()["vragen"][sleutel]["waarden"][waarde]["orde"])


def bekend(antwoorden: dict) -> dict[str, str]:
    """Only the answers that are known."""
    return {k: antwoorden[k] for k in SLEUTELS if antwoorden.get(k) and antwoorden[k] != ONBEKEND}


# --- quadrant (document 000) ---------------------------------------------------------------------


def kwadrant(antwoorden: dict) -> str | None:
    """The quadrant code on the two axes of document 000, or None when either axis is unknown."""
    kiest, inhoud = antwoorden.get("kiest_aanbieder"), antwoorden.get("bepaalt_inhoud")
    for code, k in vocabulaire()["kwadranten"].items():
        if k["kiest_aanbieder"] == kiest and k["bepaalt_inhoud"] == inhoud:
            return code
    return None


def kwadrant_info(code: str | None) -> dict | None:
    if code is None:
        return None
    return {"code": code, **vocabulaire()["kwadranten"][code]}


# --- position on the framework (document 001) ----------------------------------------------------


def positie(antwoorden: dict) -> dict[str, float | None]:
    """(x, y) in 0..1; an axis is None when none of its answers is known."""
    result: dict[str, float | None] = {}
    for axis, weights in AS_GEWICHTEN.items():
        total = weight_sum = 0.0
        for sleutel, weight in weights.items():
            value = _orde(sleutel, antwoorden.get(sleutel))
            if value is not None:
                total += weight * value
                weight_sum += weight
        result[axis] = round(total / weight_sum, 3) if weight_sum else None
    return result


def helft(antwoorden: dict) -> str | None:
    """'boven' or 'onder' half of the framework (where procurement procedures fit)."""
    y = positie(antwoorden)["y"]
    if y is None:
        return None
    return "boven" if y >= 0.5 else "onder"


# --- distances, archetype, similarity ------------------------------------------------------------


def afstand(a: dict, b: dict) -> float | None:
    """Weighted normalised distance (0 = equal, 1 = opposite) over the answers known in both."""
    total = weight_sum = 0.0
    for sleutel in SLEUTELS:
        oa, ob = _orde(sleutel, a.get(sleutel)), _orde(sleutel, b.get(sleutel))
        if oa is None or ob is None:
            continue
        weight = float(vocabulaire()["vragen"][sleutel].get("gewicht", 1))
        total += weight * (oa - ob) ** 2
        weight_sum += weight
    if not weight_sum:
        return None
    return round(math.sqrt(total / weight_sum), 3)


def gelijkenis(a: dict, b: dict) -> float | None:
    d = afstand(a, b)
    return None if d is None else round(1 - d, 3)


def afstanden(antwoorden: dict) -> dict[str, float | None]:
    return {code: afstand(antwoorden, a["antwoorden"]) for code, a in archetypen().items()}


def _kern_status(code: str, antwoorden: dict) -> tuple[list[str], list[str]]:
    """(missing, contradicted) deciding answers of an archetype for these answers.

    ``kern`` maps an answer to the value (or list of values) the archetype needs; ``niet`` maps an
    answer to values that rule the archetype out when they are known."""
    a = archetypen()[code]
    kern = {k: v if isinstance(v, list) else [v] for k, v in (a.get("kern") or {}).items()}
    known = bekend(antwoorden)
    missing = [k for k in kern if k not in known]
    contra = [k for k, allowed in kern.items() if k in known and known[k] not in allowed]
    for k, values in (a.get("niet") or {}).items():
        if known.get(k) in (values if isinstance(values, list) else [values]):
            contra.append(k)
    return missing, contra


def archetype(antwoorden: dict) -> str | None:
    """The archetype, or None when the answers that decide it are not known.

    With all six answers known: the nearest archetype among those whose deciding answers (``kern``
    in ``archetypen.yaml``) hold, else the nearest overall. With fewer answers known: the nearest
    archetype whose deciding answers are all known and hold; None if there is none (see
    ``ontbrekend`` for what is missing). Ties go to the archetype listed first in the data file.
    """
    known = bekend(antwoorden)
    if len(known) < MIN_BEKEND_VOOR_ARCHETYPE:
        return None
    dist = afstanden(antwoorden)
    order = list(archetypen())
    fitting = [
        (dist[c], order.index(c), c) for c in order if dist[c] is not None and _kern_status(c, antwoorden) == ([], [])
    ]
    if fitting:
        return min(fitting)[2]
    if len(known) == len(SLEUTELS):
        return min((d, order.index(c), c) for c, d in dist.items() if d is not None)[2]
    return None


def ontbrekend(antwoorden: dict) -> dict:
    """What is missing before the quadrant and the archetype can be named.

    ``kwadrant``: the unknown answers of its two axes. ``archetype``: the unknown deciding answers of
    the nearest archetype that is not contradicted by a known answer (empty when the archetype is
    named), with ``dichtstbij`` naming that archetype.
    """
    out: dict = {
        "kwadrant": [k for k in ("kiest_aanbieder", "bepaalt_inhoud") if antwoorden.get(k, ONBEKEND) == ONBEKEND],
        "archetype": [],
        "dichtstbij": None,
    }
    if archetype(antwoorden) is not None:
        return out
    dist = afstanden(antwoorden)
    order = list(archetypen())
    candidates = []
    for c in order:
        missing, contra = _kern_status(c, antwoorden)
        if not contra and missing:
            candidates.append((dist[c] if dist[c] is not None else 1.0, len(missing), order.index(c), c, missing))
    if candidates:
        *_, code, missing = min(candidates)
        out["archetype"], out["dichtstbij"] = missing, code
    else:
        known = len(bekend(antwoorden))
        out["archetype"] = [k for k in SLEUTELS if antwoorden.get(k, ONBEKEND) == ONBEKEND][
            : max(0, MIN_BEKEND_VOOR_ARCHETYPE - known)
        ]
    return out


def archetype_info(code: str | None) -> dict | None:
    if code is None:
        return None
    data = archetypen_data()
    a = data["archetypen"][code]
    perspectieven = [
        {"code": p, "naam": naam, "punten": a["perspectieven"].get(p, [])} for p, naam in data["perspectieven"].items()
    ]
    return {
        "code": code,
        "naam": a["naam"],
        "omschrijving": a["omschrijving"],
        "document": a["document"],
        "antwoorden": a["antwoorden"],
        "perspectieven": perspectieven,
    }


# --- consistency -----------------------------------------------------------------------------------


def _vertaald(tekst: str) -> str:
    """``gettext`` once Django's apps are set up; before that (the fast ``classify --text`` in
    ``lezen.snel_classify``) the Dutch source text, which is what LANGUAGE_CODE "nl" gives (there is
    no Dutch catalogue of our own; the tests compare both paths)."""
    from django.apps import apps

    if not apps.ready:
        return tekst
    from django.utils.translation import gettext

    return gettext(tekst)


def _waarschuwing(code: str, **fmt) -> dict:
    rule = vocabulaire()["samenhang"][code]
    return {"code": code, "melding": _vertaald(rule["melding"].strip()).format(**fmt), "herkomst": rule["herkomst"]}


def waarschuwingen(
    antwoorden: dict, *, procedure: str | None = None, regisseur_bij_aanbieder: bool | None = None
) -> list[dict]:
    """Consistency warnings between the choices (and with the procurement procedure)."""
    a = antwoorden
    out: list[dict] = []
    if a.get("bekostiging") == "populatie" and a.get("aanbieders") == "open":
        out.append(_waarschuwing("populatie_open"))
    if a.get("bekostiging") == "populatie" and a.get("scope") == "product":
        out.append(_waarschuwing("populatie_smalle_scope"))
    if a.get("regie") == "aanbieder" and a.get("scope") == "product":
        out.append(_waarschuwing("regie_aanbieder_smal_product"))
    if regisseur_bij_aanbieder and a.get("regie") in ("gemeente", "gedeeld"):
        out.append(_waarschuwing("regisseur_niet_onafhankelijk"))
    proc = procedures().get(procedure or "", {})
    if proc.get("competitief") is False and a.get("aanbieders") == "hoofdaannemer":
        out.append(_waarschuwing("procedure_niet_competitief_hoofdaannemer", procedure=proc["label"]))
    if proc.get("competitief") is True and a.get("aanbieders") == "open":
        out.append(_waarschuwing("procedure_competitief_open", procedure=proc["label"]))
    if a.get("aanbieders") == "hoofdaannemer" and a.get("kiest_aanbieder") == "client":
        out.append(_waarschuwing("hoofdaannemer_client_kiest"))
    if a.get("bekostiging") == "populatie" and a.get("kiest_aanbieder") == "client":
        out.append(_waarschuwing("populatie_client_kiest"))
    return out


# --- direction of change (trends of document 001) -------------------------------------------------

DREMPEL_RICHTING = 0.05


def richting(oud: dict, nieuw: dict) -> list[dict]:
    """How a form moved on the framework from an older to a newer version."""
    p_oud, p_nieuw = positie(oud), positie(nieuw)
    teksten = vocabulaire()["richtingen"]
    out = []
    for axis, plus, minus in (("x", "rechts", "links"), ("y", "omhoog", "omlaag")):
        if p_oud[axis] is None or p_nieuw[axis] is None:
            continue
        delta = round(p_nieuw[axis] - p_oud[axis], 3)
        if delta >= DREMPEL_RICHTING:
            out.append({"code": plus, "as": axis, "verschil": delta, "omschrijving": teksten[plus]})
        elif delta <= -DREMPEL_RICHTING:
            out.append({"code": minus, "as": axis, "verschil": delta, "omschrijving": teksten[minus]})
    if not out:
        out.append({"code": "gelijk", "as": None, "verschil": 0.0, "omschrijving": teksten["gelijk"]})
    return out


def verschillen(oud: dict, nieuw: dict) -> list[dict]:
    """Answers that differ between two forms."""
    return [
        {"sleutel": k, "oud": oud.get(k, ONBEKEND), "nieuw": nieuw.get(k, ONBEKEND)}
        for k in SLEUTELS
        if oud.get(k, ONBEKEND) != nieuw.get(k, ONBEKEND)
    ]


# --- everything at once ----------------------------------------------------------------------------


@dataclass
class Classificatie:
    antwoorden: dict[str, str]
    kwadrant: str | None
    positie: dict[str, float | None]
    archetype: str | None
    afstanden: dict[str, float | None]
    waarschuwingen: list[dict]
    bewijs: dict[str, dict] = field(default_factory=dict)
    ontbrekend: dict = field(default_factory=dict)
    suggesties: dict = field(default_factory=lambda: suggesties({}, {}))

    def als_dict(self) -> dict:
        """The machine answer: exactly the keys the CLI and the API promise (``suggesties`` was
        added in lexicon 4; the other keys are unchanged)."""
        return {
            "antwoorden": dict(self.antwoorden),
            "kwadrant": self.kwadrant,
            "positie": dict(self.positie),
            "archetype": self.archetype,
            "afstanden": dict(self.afstanden),
            "waarschuwingen": list(self.waarschuwingen),
            "bewijs": dict(self.bewijs),
            "ontbrekend": dict(self.ontbrekend),
            "suggesties": dict(self.suggesties),
        }

    @property
    def kwadrant_info(self) -> dict | None:
        return kwadrant_info(self.kwadrant)

    @property
    def archetype_info(self) -> dict | None:
        return archetype_info(self.archetype)

    @property
    def helft(self) -> str | None:
        return helft(self.antwoorden)

    @property
    def afstanden_gesorteerd(self) -> list[dict]:
        items = [(d, code) for code, d in self.afstanden.items() if d is not None]
        return [{"code": c, "naam": archetypen()[c]["naam"], "afstand": d} for d, c in sorted(items)]


def suggesties(antwoorden: dict, afgeleid: dict[str, dict]) -> dict:
    """Derived suggestions next to the stated answers: per answer key the suggestion of the reader
    (``waarde``, ``zekerheid``, ``regel``, ``uitleg``, evidence), and the archetype and quadrant the
    stated answers *plus* the suggestions would give, when that differs from what the stated
    answers alone give (those alone decide ``archetype`` and ``kwadrant``)."""
    full = {k: antwoorden.get(k) or ONBEKEND for k in SLEUTELS}
    merged = dict(full)
    for k, s in afgeleid.items():
        if merged.get(k) == ONBEKEND:
            merged[k] = s["waarde"]
    arch, kw = archetype(merged), kwadrant(merged)
    return {
        "antwoorden": {k: dict(s) for k, s in afgeleid.items()},
        "archetype": arch if afgeleid and arch != archetype(full) else None,
        "kwadrant": kw if afgeleid and kw != kwadrant(full) else None,
    }


def classificeer(
    antwoorden: dict,
    *,
    procedure: str | None = None,
    regisseur_bij_aanbieder: bool | None = None,
    bewijs: dict | None = None,
    afgeleid: dict[str, dict] | None = None,
) -> Classificatie:
    full = {k: antwoorden.get(k) or ONBEKEND for k in SLEUTELS}
    if bewijs is None:
        bewijs = {
            k: {
                "zinnen": [],
                "zekerheid": 1.0 if full[k] != ONBEKEND else 0.0,
                "herkomst": "opgegeven",
                "fragmenten": [],
                "uitleg": "",
            }
            for k in SLEUTELS
        }
    return Classificatie(
        antwoorden=full,
        kwadrant=kwadrant(full),
        positie=positie(full),
        archetype=archetype(full),
        afstanden=afstanden(full),
        waarschuwingen=waarschuwingen(full, procedure=procedure, regisseur_bij_aanbieder=regisseur_bij_aanbieder),
        bewijs=bewijs,
        ontbrekend=ontbrekend(full),
        suggesties=suggesties(full, afgeleid or {}),
    )
