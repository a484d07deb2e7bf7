"""Scoring the text reader on a labelled set in the format of ``ontwikkelset.json``.

A set is ``{"cases": [{"id", "text", "expected": {question: value|"onbekend"|null, "archetype": ...}}]}``.
Per question two figures are kept apart, because a reader that always says ``onbekend`` would
otherwise look good:

* **right where stated**: of the cases whose label is a value, the share the reader gives exactly;
  a wrong value and a silence are counted separately;
* **silent where silent**: of the cases labelled ``onbekend``, the share where the reader says
  ``onbekend`` too.

Derived suggestions (``suggesties``: a value a rule of document 001 derives for an answer the text
does not state) are no answers and are scored apart (``SuggestieScore``): of the suggestions, how
many the label states with that value, how many it states with another value, and how many fall
where the label is silent.

``null`` means "not scored" and is skipped. The archetype is scored the same way, and so is the
quadrant where both its answers are labelled. Each case is read from its text through the same
path as an upload (``services.tekst_lezen``) and timed.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from uitkomst.utils.errors import ValidationFailed

from . import classificatie
from .classificatie import ONBEKEND, SLEUTELS

VRAGEN = (*SLEUTELS, "archetype", "kwadrant")


@dataclass
class Score:
    genoemd: int = 0  # labelled with a value
    goed: int = 0  # ... and the reader gives that value
    fout: int = 0  # ... and the reader gives another value
    gemist: int = 0  # ... and the reader says onbekend
    stil: int = 0  # labelled onbekend
    stil_goed: int = 0  # ... and the reader says onbekend
    verwarring: Counter = field(default_factory=Counter)  # (expected, predicted) -> n

    def tel(self, verwacht: str, gegeven: str) -> None:
        self.verwarring[(verwacht, gegeven)] += 1
        if verwacht == ONBEKEND:
            self.stil += 1
            self.stil_goed += gegeven == ONBEKEND
        else:
            self.genoemd += 1
            if gegeven == verwacht:
                self.goed += 1
            elif gegeven == ONBEKEND:
                self.gemist += 1
            else:
                self.fout += 1

    def add(self, other: Score) -> None:
        for name in ("genoemd", "goed", "fout", "gemist", "stil", "stil_goed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.verwarring.update(other.verwarring)

    @property
    def goed_pct(self) -> float | None:
        return round(100 * self.goed / self.genoemd, 1) if self.genoemd else None

    @property
    def stil_pct(self) -> float | None:
        return round(100 * self.stil_goed / self.stil, 1) if self.stil else None

    def als_dict(self) -> dict:
        return {
            "genoemd": self.genoemd,
            "goed": self.goed,
            "fout": self.fout,
            "gemist": self.gemist,
            "goed_pct": self.goed_pct,
            "stil": self.stil,
            "stil_goed": self.stil_goed,
            "stil_pct": self.stil_pct,
            "verwarring": [{"verwacht": v, "gegeven": g, "aantal": n} for (v, g), n in sorted(self.verwarring.items())],
        }


def zes_antwoorden(scores: dict[str, Score]) -> Score:
    """The six answers' scores added up (the archetype and the quadrant left out)."""
    total = Score()
    for k in SLEUTELS:
        total.add(scores[k])
    return total


@dataclass
class SuggestieScore:
    """Derived suggestions for one question, scored apart from the answers."""

    gegeven: int = 0  # suggestions made (the answer itself was onbekend)
    goed: int = 0  # ... the label states this value
    fout: int = 0  # ... the label states another value
    bij_stil: int = 0  # ... the label is onbekend (the text does not state it)

    def tel(self, verwacht: str, suggestie: str | None) -> None:
        if not suggestie:
            return
        self.gegeven += 1
        if verwacht == ONBEKEND:
            self.bij_stil += 1
        elif verwacht == suggestie:
            self.goed += 1
        else:
            self.fout += 1

    def add(self, other: SuggestieScore) -> None:
        for name in ("gegeven", "goed", "fout", "bij_stil"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def als_dict(self) -> dict:
        return {"gegeven": self.gegeven, "goed": self.goed, "fout": self.fout, "bij_stil": self.bij_stil}


@dataclass
class Geval:
    id: str
    verwacht: dict[str, str | None]
    gegeven: dict[str, str]
    seconden: float
    fout: str | None = None  # the reader refused the text (code)
    ontbrekend: dict = field(default_factory=dict)
    suggesties: dict[str, str] = field(default_factory=dict)  # question -> derived suggestion

    @property
    def afwijkingen(self) -> list[tuple[str, str, str]]:
        return [
            (k, self.verwacht[k], self.gegeven.get(k, ONBEKEND))
            for k in VRAGEN
            if self.verwacht.get(k) is not None and self.verwacht[k] != self.gegeven.get(k, ONBEKEND)
        ]


@dataclass
class Evaluatie:
    naam: str
    gevallen: list[Geval]
    scores: dict[str, Score]
    suggesties: dict[str, SuggestieScore] = field(default_factory=dict)
    met_suggesties: bool = False  # suggestions were accepted as answers (``--met-suggesties``)

    @property
    def suggesties_totaal(self) -> SuggestieScore:
        total = SuggestieScore()
        for k in SLEUTELS:
            total.add(self.suggesties.get(k, SuggestieScore()))
        return total

    @property
    def antwoorden(self) -> Score:
        return zes_antwoorden(self.scores)

    @property
    def tijden(self) -> dict[str, float]:
        ts = [g.seconden for g in self.gevallen] or [0.0]
        return {
            "gemiddeld_ms": round(1000 * statistics.fmean(ts), 1),
            "mediaan_ms": round(1000 * statistics.median(ts), 1),
            "max_ms": round(1000 * max(ts), 1),
        }

    def als_dict(self) -> dict:
        return {
            "set": self.naam,
            "gevallen": len(self.gevallen),
            "met_suggesties": self.met_suggesties,
            "antwoorden": self.antwoorden.als_dict(),
            "per_vraag": {k: s.als_dict() for k, s in self.scores.items()},
            "suggesties": {
                "zes_antwoorden": self.suggesties_totaal.als_dict(),
                "per_vraag": {k: s.als_dict() for k, s in self.suggesties.items()},
            },
            "tijd_per_document": self.tijden,
            "afwijkingen": [
                {"id": g.id, "vraag": k, "verwacht": v, "gegeven": p}
                for g in self.gevallen
                for k, v, p in g.afwijkingen
            ],
        }


@dataclass
class ZinEvaluatie:
    """The reader on single labelled sentences (the format of ``data/zinnen_echt.yaml``): per question,
    of the sentences that state a value how many it gives (stated, from the text itself, not derived),
    and of the sentences that state nothing for the question how many it leaves silent; per method
    (``regels``, ``model``) the answers it gave, right and wrong."""

    naam: str
    zinnen: int
    scores: dict[str, Score]
    methoden: dict[str, Counter]  # methode -> {"goed": n, "fout": n, "vals_alarm": n}

    @property
    def antwoorden(self) -> Score:
        return zes_antwoorden(self.scores)

    def als_dict(self) -> dict:
        return {
            "set": self.naam,
            "zinnen": self.zinnen,
            "antwoorden": self.antwoorden.als_dict(),
            "per_vraag": {k: s.als_dict() for k, s in self.scores.items()},
            "per_methode": {m: dict(c) for m, c in sorted(self.methoden.items())},
        }


def evalueer_zinnen(pad: str | Path) -> ZinEvaluatie:
    """Score the reader sentence by sentence on a labelled sentence file; ValidationFailed with a Dutch
    message when the file is not one."""
    import yaml

    from . import tekst, zinmodel

    path = Path(pad)
    try:
        data = zinmodel.laad_zinnen(path)
        rows = zinmodel.voorbeelden(data)
    except FileNotFoundError as exc:
        raise ValidationFailed(f"Bestand '{pad}' bestaat niet.", code="set_ontbreekt") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ValidationFailed(
            f"Bestand '{pad}' is geen gelabelde zinnenset in het formaat van zinnen_echt.yaml ({exc}).",
            code="set_ongeldig",
        ) from exc
    problems = sorted(set(data["vragen"]) - set(SLEUTELS))
    problems += sorted(
        {
            f"'{v}' is geen waarde van {k}"
            for _, labels in rows
            for k, v in labels.items()
            if k in SLEUTELS and v != zinmodel.GEEN and v not in classificatie.waarden(k)
        }
    )
    if problems:
        raise ValidationFailed("De zinnenset is ongeldig: " + "; ".join(problems[:10]) + ".", code="set_ongeldig")
    scores = {k: Score() for k in SLEUTELS}
    methoden: dict[str, Counter] = {}
    for zin, labels in rows:
        voorstellen = tekst.lees_tekst(zin)
        for k in SLEUTELS:
            verwacht = ONBEKEND if labels[k] == zinmodel.GEEN else labels[k]
            v = voorstellen[k]
            gegeven = v.waarde if v.herkomst == "tekst" else ONBEKEND
            scores[k].tel(verwacht, gegeven)
            if gegeven != ONBEKEND:
                uitkomst = "vals_alarm" if verwacht == ONBEKEND else "goed" if gegeven == verwacht else "fout"
                methoden.setdefault(v.methode or "regels", Counter())[uitkomst] += 1
    return ZinEvaluatie(naam=path.name, zinnen=len(rows), scores=scores, methoden=methoden)


def zin_rapport(ev: ZinEvaluatie) -> str:
    """The sentence figures as a plain-text report (Dutch)."""
    lines = [f"Evaluatie van de tekstlezer per zin op {ev.naam}: {ev.zinnen} zinnen", ""]
    head = f"{'vraag':<16} {'goed waar genoemd':>20} {'fout':>5} {'gemist':>7} {'stil waar stil':>18}"
    lines += [head, "-" * len(head)]
    for k in [*SLEUTELS, None]:
        s = ev.scores[k] if k else ev.antwoorden
        a = f"{s.goed}/{s.genoemd} {_pct(s.goed_pct)}"
        b = f"{s.stil_goed}/{s.stil} {_pct(s.stil_pct)}"
        if not k:
            lines.append("-" * len(head))
        lines.append(f"{k or 'zes antwoorden':<16} {a:>20} {s.fout:>5} {s.gemist:>7} {b:>18}")
    lines += ["", "Gegeven antwoorden per methode (goed / fout / vals alarm)"]
    for m, c in sorted(ev.methoden.items()):
        lines.append(f"  {m:<10} {c['goed']:>4} / {c['fout']:>4} / {c['vals_alarm']:>4}")
    return "\n".join(lines)


def laad_set(pad: str | Path) -> tuple[str, list[dict]]:
    """The cases of a labelled set; ValidationFailed with a Dutch message when the file is not one."""
    path = Path(pad)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationFailed(f"Bestand '{pad}' bestaat niet.", code="set_ontbreekt") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(f"Bestand '{pad}' is geen leesbare JSON ({exc}).", code="set_ongeldig") from exc
    cases = data.get("cases") if isinstance(data, dict) else data
    if not isinstance(cases, list) or not cases:
        raise ValidationFailed(
            'Een gelabelde set heeft de vorm {"cases": [{"id", "text", "expected": {...}}]}.',
            code="set_ongeldig",
        )
    problems = []
    for i, c in enumerate(cases):
        if not isinstance(c, dict) or not isinstance(c.get("text"), str) or not isinstance(c.get("expected"), dict):
            problems.append(f"geval {i + 1} mist 'text' of 'expected'")
            continue
        for k, v in c["expected"].items():
            allowed = (
                [*classificatie.archetypen(), ONBEKEND]
                if k == "archetype"
                else [*classificatie.waarden(k), ONBEKEND]
                if k in SLEUTELS
                else None
            )
            if allowed is not None and v is not None and v not in allowed:
                problems.append(f"geval {c.get('id', i + 1)}: '{v}' is geen waarde van {k}")
    if problems:
        raise ValidationFailed("De set is ongeldig: " + "; ".join(problems[:10]) + ".", code="set_ongeldig")
    return path.name, cases


def _verwacht_kwadrant(expected: dict) -> str | None:
    kiest, inhoud = expected.get("kiest_aanbieder"), expected.get("bepaalt_inhoud")
    if kiest is None or inhoud is None:
        return None
    if ONBEKEND in (kiest, inhoud):
        return ONBEKEND
    return classificatie.kwadrant({"kiest_aanbieder": kiest, "bepaalt_inhoud": inhoud}) or ONBEKEND


def evalueer(cases: list[dict], *, naam: str = "set", met_suggesties: bool = False) -> Evaluatie:
    """Score the reader on ``cases``. With ``met_suggesties`` every derived suggestion is taken as
    the answer (as a user who accepts them all would), for sets labelled by the convention that
    derives answers from the rules of document 001; the default scores the reader as it answers."""
    from . import services

    scores = {k: Score() for k in VRAGEN}
    sugg = {k: SuggestieScore() for k in VRAGEN}
    gevallen: list[Geval] = []
    for i, case in enumerate(cases):
        expected = dict(case["expected"])
        expected.setdefault("archetype", None)
        expected["kwadrant"] = _verwacht_kwadrant(expected)
        start = time.perf_counter()
        error = None
        try:
            result = services.tekst_lezen(data=case["text"].encode("utf-8")).classificatie
            given = {
                **result.antwoorden,
                "archetype": result.archetype or ONBEKEND,
                "kwadrant": result.kwadrant or ONBEKEND,
            }
            ontbrekend = result.ontbrekend
            suggested = {k: v["waarde"] for k, v in result.suggesties["antwoorden"].items()}
            for k in ("archetype", "kwadrant"):
                if result.suggesties.get(k):
                    suggested[k] = result.suggesties[k]
        except ValidationFailed as exc:
            error, given, ontbrekend, suggested = exc.code, dict.fromkeys(VRAGEN, ONBEKEND), {}, {}
        seconds = time.perf_counter() - start
        if met_suggesties:
            given = {k: suggested.get(k) if v == ONBEKEND and suggested.get(k) else v for k, v in given.items()}
        for k in VRAGEN:
            if expected.get(k) is not None:
                scores[k].tel(expected[k], given[k])
                sugg[k].tel(expected[k], suggested.get(k))
        gevallen.append(Geval(str(case.get("id", i + 1)), expected, given, seconds, error, ontbrekend, suggested))
    return Evaluatie(naam=naam, gevallen=gevallen, scores=scores, suggesties=sugg, met_suggesties=met_suggesties)


def _pct(v: float | None) -> str:
    return "   —  " if v is None else f"{v:5.1f}%"


def rapport(ev: Evaluatie, *, per_geval: bool = False, verwarring: bool = True) -> str:
    """The figures as a plain-text report (Dutch)."""
    lines = [f"Evaluatie van de tekstlezer op {ev.naam}: {len(ev.gevallen)} teksten", ""]
    if ev.met_suggesties:
        lines[-1:] = ["Met suggesties: elke afgeleide suggestie telt hier als antwoord.", ""]
    head = f"{'vraag':<16} {'goed waar genoemd':>20} {'fout':>5} {'gemist':>7} {'stil waar stil':>18}"
    lines += [head, "-" * len(head)]

    def row(name: str, s: Score) -> str:
        a = f"{s.goed}/{s.genoemd} {_pct(s.goed_pct)}"
        b = f"{s.stil_goed}/{s.stil} {_pct(s.stil_pct)}"
        return f"{name:<16} {a:>20} {s.fout:>5} {s.gemist:>7} {b:>18}"

    for k in SLEUTELS:
        lines.append(row(k, ev.scores[k]))
    lines.append("-" * len(head))
    lines.append(row("zes antwoorden", ev.antwoorden))
    lines.append(row("archetype", ev.scores["archetype"]))
    lines.append(row("kwadrant", ev.scores["kwadrant"]))
    head2 = f"{'suggestie':<16} {'gegeven':>8} {'goed':>6} {'fout':>6} {'waar stil':>10}"
    lines += ["", "Afgeleide suggesties (geen antwoorden; apart geteld)", head2, "-" * len(head2)]

    def row2(name: str, s: SuggestieScore) -> str:
        return f"{name:<16} {s.gegeven:>8} {s.goed:>6} {s.fout:>6} {s.bij_stil:>10}"

    for k in SLEUTELS:
        lines.append(row2(k, ev.suggesties.get(k, SuggestieScore())))
    lines.append("-" * len(head2))
    lines.append(row2("zes antwoorden", ev.suggesties_totaal))
    for k in ("archetype", "kwadrant"):
        lines.append(row2(k, ev.suggesties.get(k, SuggestieScore())))
    t = ev.tijden
    lines += [
        "",
        f"Tijd per document: gemiddeld {t['gemiddeld_ms']} ms, mediaan {t['mediaan_ms']} ms, max {t['max_ms']} ms",
    ]
    if verwarring:
        lines += ["", "Verwarringsmatrix per vraag (rij: label, kolom: lezer)"]
        for k in VRAGEN:
            s = ev.scores[k]
            if not s.verwarring:
                continue
            values = sorted({v for pair in s.verwarring for v in pair}, key=lambda v: (v == ONBEKEND, v))
            width = max(10, *(len(v) for v in values)) + 1
            lines.append("")
            lines.append(f"{k:<{width}}" + "".join(f"{v[: width - 1]:>{width}}" for v in values))
            for v in values:
                counts = [s.verwarring.get((v, g), 0) for g in values]
                if any(counts):
                    lines.append(f"{v:<{width}}" + "".join(f"{(n or '.'):>{width}}" for n in counts))
    if per_geval:
        lines += ["", "Afwijkingen per tekst (vraag: label -> lezer)"]
        for g in ev.gevallen:
            if g.fout:
                lines.append(f"{g.id}: geweigerd ({g.fout})")
            elif g.afwijkingen or g.suggesties:
                parts = [f"{k}: {v} -> {p}" for k, v, p in g.afwijkingen]
                parts += [f"{k}: suggestie {v}" for k, v in g.suggesties.items()]
                lines.append(f"{g.id}: " + "; ".join(parts))
    return "\n".join(lines)


def labelset(lezingen) -> dict:
    """Confirmed readings as a labelled set in the format of ``ontwikkelset.json``: the text and the
    answers a user confirmed or corrected; the archetype label is the classification of those
    answers. Feed it to ``evalueer`` (or ``uitkomst contractvormen_evaluatie``)."""
    cases = []
    for lz in lezingen:
        cv = lz.contractvorm
        antwoorden = {k: lz.antwoorden.get(k, ONBEKEND) for k in SLEUTELS}
        correcties = [f"{c.sleutel}: {c.voorgesteld} -> {c.gekozen}" for c in lz.correcties.all()]
        cases.append(
            {
                "id": str(lz.uuid),
                "region": cv.gebied if cv else "",
                "law": cv.wet if cv else "",
                "years": str(cv.jaar) if cv else "",
                "source": f"Bevestigde lezing van {lz.bestandsnaam or 'geplakte tekst'} (sha256 {lz.sha256[:12]}), "
                f"gelezen met lexicon versie {lz.lexicon_versie}.",
                "text": lz.tekst,
                "expected": {**antwoorden, "archetype": classificatie.archetype(antwoorden) or ONBEKEND},
                "confidence": "gebruiker",
                "notes": "Correcties: "
                + ("; ".join(correcties) if correcties else "geen (alle voorstellen bevestigd)."),
            }
        )
    return {
        "about": "Gelabelde lezingen uit Uitkomst: documenttekst met de door gebruikers bevestigde of verbeterde "
        "antwoorden (formaat van ontwikkelset.json).",
        "cases": cases,
    }
