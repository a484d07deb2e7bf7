"""Training of the learned sentence classifier of the text reader (see ``zinmodel``).

``uitkomst contractvormen_leer`` calls ``train`` and ``zinmodel.schrijf``. One multinomial logistic
regression per question (scikit-learn, lbfgs, fixed ``random_state``, balanced class weights) on binary
features of the labelled sentences of ``data/zinnen.yaml`` (``tekst.zin_kenmerken``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import tekst
from .classificatie import SLEUTELS
from .zinmodel import (
    AFRONDING,
    CLASS_WEIGHT,
    DREMPELS,
    MIN_GEWICHT,
    RANDOM_STATE,
    C,
    laad_zinnen,
    voorbeelden,
    zinnen_paden,
)


def _hash(pad: Path | str) -> str:
    return hashlib.sha256(Path(pad).read_bytes()).hexdigest()[:16]


def _paden(paden) -> list[Path | str]:
    if paden is None:
        return list(zinnen_paden())
    if isinstance(paden, (str, Path)):
        return [paden]
    return list(paden)


def _fit(rows: list[tuple[str, dict[str, str]]]) -> dict:
    """One logistic regression per question on ``rows``: the ``vragen`` part of a model file."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    feats = [sorted(set(tekst.zin_kenmerken(zin))) for zin, _ in rows]
    vocab = sorted({f for fs in feats for f in fs})
    index = {f: i for i, f in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)))
    for r, fs in enumerate(feats):
        for f in fs:
            x[r, index[f]] = 1.0
    vragen = {}
    for vraag in SLEUTELS:
        y = [labels[vraag] for _, labels in rows]
        if len(set(y)) < 2:
            continue  # nothing to learn for this question (only in a small file of a test)
        clf = LogisticRegression(
            C=C, class_weight=CLASS_WEIGHT, max_iter=5000, solver="lbfgs", random_state=RANDOM_STATE
        )
        clf.fit(x, y)
        klassen = [str(k) for k in clf.classes_]
        coef = clf.coef_ if len(klassen) > 2 else np.vstack([-clf.coef_[0], clf.coef_[0]])
        intercept = clf.intercept_ if len(klassen) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]])
        gewichten = {}
        for f, i in index.items():
            col = coef[:, i]
            if float(np.max(np.abs(col))) >= MIN_GEWICHT:
                gewichten[f] = [round(float(w), AFRONDING) for w in col]
        vragen[vraag] = {
            "klassen": klassen,
            "intercept": [round(float(b), AFRONDING) for b in intercept],
            "gewichten": gewichten,
        }
    return vragen


def train(paden: list[Path | str] | Path | str | None = None) -> dict:
    """Train one classifier per question on the labelled sentences of ``paden`` (by default
    ``zinnen_paden()``: our own sentences and the real ones); return the model as a dict."""
    paden = _paden(paden)
    sets = [laad_zinnen(p) for p in paden]
    data = sets[0]
    rows = [row for d in sets for row in voorbeelden(d)]
    return {
        "versie": data["versie"],
        "zinnen_hash": _hash(paden[0]),
        # every further file with its version, hash and sentence count (round 9)
        "meer_zinnen": [
            {"bestand": Path(p).name, "versie": d["versie"], "hash": _hash(p), "zinnen": len(voorbeelden(d))}
            for p, d in zip(paden[1:], sets[1:], strict=True)
        ],
        "zinnen": len(rows),
        # the features use the lexicon's concepts, compounds and clause factors: a model is stale when
        # the lexicon changed after it was trained (checked fast by the test suite)
        "lexicon_hash": _hash(tekst.LEXICON_PAD),
        "random_state": RANDOM_STATE,
        "C": C,
        "class_weight": CLASS_WEIGHT,
        "drempels": dict(DREMPELS),
        "vragen": _fit(rows),
    }


def kruisvalidatie(paden: list[Path | str] | None = None, delen: int = 5) -> dict:
    """How the model does on sentences of sources it was not trained on: the sentences of every file
    after the first (the real ones, each with its ``bron``) are split by source into ``delen`` parts;
    per part the model is trained on the first file and the other parts and judged on this part's
    sentences at the reader's thresholds. Per question and value: how many of its sentences were
    found (probability >= ``alleen``, and >= ``steun``), and per question how many sentences that
    state nothing for it (``geen``) were given a value (false alarms)."""
    from collections import defaultdict

    from .zinmodel import GEEN, Model

    paden = _paden(paden)
    eigen = voorbeelden(laad_zinnen(paden[0]))
    echt: list[tuple[str, dict[str, str], str]] = []
    for p in paden[1:]:
        data = laad_zinnen(p)
        bronnen = _bronnen(data)
        echt += [(zin, labels, bronnen.get(zin, zin)) for zin, labels in voorbeelden(data)]
    groepen = sorted({b for *_, b in echt})
    deel = {b: i % delen for i, b in enumerate(groepen)}
    tel: dict = defaultdict(lambda: {"zinnen": 0, "alleen": 0, "steun": 0})
    alarm: dict = defaultdict(lambda: {"zinnen": 0, "alleen": 0, "steun": 0})
    for k in range(delen):
        train_rows = eigen + [(z, lab) for z, lab, b in echt if deel[b] != k]
        m = Model({"drempels": dict(DREMPELS), "vragen": _fit(train_rows)})
        for zin, labels, b in echt:
            if deel[b] != k:
                continue
            kans = m.kansen(tekst.zin_kenmerken(zin))
            for vraag in kans:
                p = kans[vraag]
                beste = max((w for w in p if w != GEEN), key=p.get)
                waarde = labels[vraag]
                doel = tel[(vraag, waarde)] if waarde != GEEN else alarm[vraag]
                doel["zinnen"] += 1
                if waarde != GEEN:
                    doel["alleen"] += p[waarde] >= DREMPELS["alleen"] and beste == waarde
                    doel["steun"] += p[waarde] >= DREMPELS["steun"] and beste == waarde
                else:
                    doel["alleen"] += p[beste] >= DREMPELS["alleen"]
                    doel["steun"] += p[beste] >= DREMPELS["steun"]
    return {
        "delen": delen,
        "bronnen": len(groepen),
        "waarden": {f"{v}.{w}": dict(t) for (v, w), t in sorted(tel.items())},
        "vals_alarm": {v: dict(t) for v, t in sorted(alarm.items())},
    }


def _bronnen(data: dict) -> dict[str, str]:
    """The source of every sentence of a file whose items carry ``bron``."""
    out = {}
    for waarden in data["vragen"].values():
        for zinnen in waarden.values():
            for item in zinnen:
                if isinstance(item, dict) and item.get("bron"):
                    out[item["zin"]] = item["bron"]
    for item in data.get("geen") or ():
        if isinstance(item, dict) and item.get("bron"):
            out[item["zin"]] = item["bron"]
    return out
