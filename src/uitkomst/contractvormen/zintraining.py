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
    ZINNEN_PAD,
    C,
    laad_zinnen,
    voorbeelden,
)


def _hash(pad: Path | str) -> str:
    return hashlib.sha256(Path(pad).read_bytes()).hexdigest()[:16]


def train(pad: Path | str = ZINNEN_PAD) -> dict:
    """Train one classifier per question on the labelled sentences; return the model as a dict."""
    from sklearn.linear_model import LogisticRegression

    data = laad_zinnen(pad)
    rows = voorbeelden(data)
    feats = [sorted(set(tekst.zin_kenmerken(zin))) for zin, _ in rows]
    vocab = sorted({f for fs in feats for f in fs})
    index = {f: i for i, f in enumerate(vocab)}
    import numpy as np

    x = np.zeros((len(rows), len(vocab)))
    for r, fs in enumerate(feats):
        for f in fs:
            x[r, index[f]] = 1.0
    vragen = {}
    for vraag in SLEUTELS:
        y = [labels[vraag] for _, labels in rows]
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
    return {
        "versie": data["versie"],
        "zinnen_hash": _hash(pad),
        "zinnen": len(rows),
        "random_state": RANDOM_STATE,
        "C": C,
        "class_weight": CLASS_WEIGHT,
        "drempels": dict(DREMPELS),
        "vragen": vragen,
    }
