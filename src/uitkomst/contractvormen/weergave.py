"""Presentation helpers for the pages: the document text with the evidence sentences highlighted,
and the vocabulary in the user's language.

The vocabulary lives in Dutch in the YAML files; its strings are message ids of the translation
catalogue (``src/uitkomst/locale/en``), listed for ``makemessages`` in ``vertalingen.py``.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from . import classificatie
from .classificatie import SLEUTELS

MAX_WEERGAVE_TEKENS = 300_000  # longer documents are shown up to here (the reading covers all)


def t(text):
    """The translation of a vocabulary string (unchanged when it has none)."""
    return gettext(text) if isinstance(text, str) and text.strip() else text


def label(sleutel: str, waarde: str | None) -> str:
    if not waarde or waarde == classificatie.ONBEKEND:
        return gettext("onbekend")
    return t(classificatie.label(sleutel, waarde))


def vraag_label(sleutel: str) -> str:
    return t(classificatie.vocabulaire()["vragen"][sleutel]["label"])


def kwadrant(info: dict | None) -> dict | None:
    if info is None:
        return None
    return {
        **info,
        "naam": t(info["naam"]),
        "omschrijving": t(info["omschrijving"]),
        "vragen": [t(v) for v in info["vragen"]],
    }


def archetype(info: dict | None) -> dict | None:
    if info is None:
        return None
    return {
        **info,
        "naam": t(info["naam"]),
        "omschrijving": t(info["omschrijving"]),
        "perspectieven": [
            {**p, "naam": t(p["naam"]), "punten": [{**q, "tekst": t(q["tekst"])} for q in p["punten"]]}
            for p in info["perspectieven"]
        ],
    }


def archetype_naam(code: str | None) -> str | None:
    return t(classificatie.archetypen()[code]["naam"]) if code else None


# --- the document with its evidence -------------------------------------------------------------------


def bewijsplaatsen(voorstellen: dict) -> tuple[list[dict], dict[str, list[dict]]]:
    """(spans, per question its fragments with an anchor id): one span per evidence sentence, with
    every question it is evidence for."""
    spans: dict[tuple[int, int], dict] = {}
    per_vraag: dict[str, list[dict]] = {k: [] for k in SLEUTELS}
    for k in SLEUTELS:
        v = voorstellen.get(k)
        if v is None:
            continue
        for f in v.fragmenten:
            key = (f["begin"], f["eind"])
            span = spans.setdefault(
                key, {"begin": key[0], "eind": key[1], "vragen": [], "id": f"bewijs-{len(spans) + 1}"}
            )
            if k not in span["vragen"]:
                span["vragen"].append(k)
            per_vraag[k].append({**f, "anker": span["id"]})
    return sorted(spans.values(), key=lambda s: s["begin"]), per_vraag


def gemarkeerde_tekst(tekst: str, koppen, spans: list[dict]) -> SafeString:
    """The document as HTML: escaped text (line breaks kept by CSS), headings in bold, every evidence
    sentence in a ``<mark>`` naming the questions it supports."""
    shown = tekst[:MAX_WEERGAVE_TEKENS]
    events: list[tuple[int, int, str]] = []  # (offset, order, html)
    for kop in koppen or []:
        if kop.begin < len(shown):
            end = shown.find("\n", kop.begin)
            end = len(shown) if end < 0 else end
            events += [(kop.begin, 1, '<strong class="cv-kop">'), (end, 0, "</strong>")]
    last = -1
    for s in spans:
        if s["begin"] < last or s["begin"] >= len(shown):
            continue  # overlapping sentence spans do not occur; be safe
        last = min(s["eind"], len(shown))
        names = ", ".join(vraag_label(k) for k in s["vragen"])
        title = escape(gettext("Bewijs voor: %(vragen)s") % {"vragen": names})
        events += [
            (
                s["begin"],
                2,
                f'<mark class="cv-bewijs" id="{s["id"]}" data-vragen="{" ".join(s["vragen"])}" title="{title}">',
            ),
            (last, -1, "</mark>"),
        ]
    events.sort(key=lambda e: (e[0], e[1]))
    out, pos = [], 0
    for offset, _order, html in events:
        out.append(escape(shown[pos:offset]))
        out.append(html)
        pos = offset
    out.append(escape(shown[pos:]))
    if len(tekst) > len(shown):
        out.append(escape("\n\n" + gettext("(De rest van het document is gelezen maar wordt hier niet getoond.)")))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above
