"""The learned sentence classifier of the contract-form reader (issue 15).

Per question of the vocabulary a multinomial logistic regression (scikit-learn) maps one sentence to
a value of that question or to ``geen`` (the sentence states nothing about it). It is trained on the
labelled sentences of ``data/zinnen.yaml`` (written in our own words) and ``data/zinnen_echt.yaml``
(round 9: light paraphrases of real procurement texts, each with its source) by
``uitkomst contractvormen_leer`` (``zintraining``), which writes ``data/model_zinnen.json``. The model file is plain
JSON (classes, intercepts and per feature one weight per class), so reading a document needs neither
scikit-learn nor pickles, and the file is byte-for-byte reproducible from the training command
(lbfgs is deterministic; ``random_state`` is fixed anyway; weights are rounded).

Features of a sentence (``kenmerken``), from the reader's own tokens (simplemma lemmas, compound heads,
clauses):

- lemma unigrams and bigrams within a clause, and the head of an unknown compound;
- every feature carries the state of its clause as a prefix: ``w`` (a plain statement), ``n`` (the
  clause holds a negation: "niet langer per uur", "geen omzetgarantie"; a clause after "maar" is its own
  clause, so "niet per uur maar per traject" negates only the first part) or ``o`` (the reader's
  clause factor is below 1: the old situation "tot 2021 ...", a mere consideration, a question);
- flags for a negated or an old/considered clause in the sentence.

How the reader uses it (``tekst.lees``): every sentence gets, per question, the probability of each
value. The rules keep their answer. Where the rules leave a question ``onbekend`` and the text does not
say it is silent, the model's answer is taken when its best sentence reaches ``drempels.alleen`` (model
alone), or ``drempels.steun`` when the rules' own (too weak) evidence points to the same value; the
runner-up value must stay ``drempels.marge`` below. The answer keeps its evidence sentences (the
sentences with the highest probability for the value) and the probability as its confidence. The
thresholds sit in the model file and are tuned on the shared development set and the older own sets
only, never on the held-out set toets7.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from uitkomst.utils.databestand import lees_yaml

from .classificatie import DATA_DIR, SLEUTELS

GEEN = "geen"
ZINNEN_PAD = DATA_DIR / "zinnen.yaml"
# Round 9: sentences as real Dutch procurement texts phrase them (light paraphrases of public texts,
# the source named per sentence), trained on together with our own.
ZINNEN_ECHT_PAD = DATA_DIR / "zinnen_echt.yaml"


def zinnen_paden() -> list[Path]:
    """The labelled sentence files the shipped model is trained on (the real ones when present)."""
    return [p for p in (ZINNEN_PAD, ZINNEN_ECHT_PAD) if p == ZINNEN_PAD or p.exists()]


MODEL_PAD = DATA_DIR / "model_zinnen.json"
RANDOM_STATE = 0
C = 1.0  # inverse L2 strength of the logistic regressions
CLASS_WEIGHT = "balanced"  # the few value sentences weigh as much as the many "geen" sentences
AFRONDING = 5  # decimals of the stored weights
MIN_GEWICHT = 0.01  # a feature whose weights all stay below this is left out of the file (no effect on answers)

# Decision thresholds (documented in the module docstring and stored in the model file). Tuned on the
# shared development set and the older own sets (eigen_set, eigen_toets*, toets5/6), never on toets7.
DREMPELS = {"alleen": 0.85, "steun": 0.60, "marge": 0.20}


# --- training data -------------------------------------------------------------------------------------


def laad_zinnen(pad: Path | str = ZINNEN_PAD) -> dict:
    with open(pad, encoding="utf-8") as fh:
        return lees_yaml(fh)


def voorbeelden(data: dict) -> list[tuple[str, dict[str, str]]]:
    """Every sentence with its label per question (``geen`` where it states nothing for it)."""
    out: list[tuple[str, dict[str, str]]] = []
    for vraag, waarden in data["vragen"].items():
        for waarde, zinnen in waarden.items():
            for item in zinnen:
                zin, ook = (item["zin"], dict(item.get("ook") or {})) if isinstance(item, dict) else (item, {})
                labels = dict.fromkeys(SLEUTELS, GEEN)
                labels.update(ook)
                labels[vraag] = waarde
                out.append((zin, labels))
    for item in data.get("geen") or ():
        out.append((item["zin"] if isinstance(item, dict) else item, dict.fromkeys(SLEUTELS, GEEN)))
    return out


def schrijf(model: dict, pad: Path | str = MODEL_PAD) -> None:
    text = json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    Path(pad).write_text(text + "\n", encoding="utf-8")


# --- prediction ----------------------------------------------------------------------------------------


class Model:
    def __init__(self, data: dict):
        self.data = data
        self.drempels = {k: float(v) for k, v in data["drempels"].items()}
        self.vragen = data["vragen"]

    def kansen(self, feats: list[str]) -> dict[str, dict[str, float]]:
        """Per question the probability of every class (values and ``geen``) for one sentence."""
        out: dict[str, dict[str, float]] = {}
        unique = set(feats)
        for vraag, m in self.vragen.items():
            scores = list(m["intercept"])
            gew = m["gewichten"]
            for f in unique:
                w = gew.get(f)
                if w is not None:
                    for i, v in enumerate(w):
                        scores[i] += v
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            out[vraag] = {k: e / total for k, e in zip(m["klassen"], exps, strict=True)}
        return out

    def voorspel(self, feats: list[str]) -> dict[str, tuple[str, float]]:
        """Per question the most probable class of one sentence (its features) and its probability."""
        out = {}
        for vraag, p in self.kansen(feats).items():
            k = max(p, key=p.get)
            out[vraag] = (k, round(p[k], 4))
        return out


@cache
def model(pad: str | None = None) -> Model | None:
    """The shipped model (``None`` when the file is missing: the reader then uses its rules alone)."""
    path = Path(pad) if pad else MODEL_PAD
    if not path.exists():
        return None
    return Model(json.loads(path.read_text(encoding="utf-8")))
