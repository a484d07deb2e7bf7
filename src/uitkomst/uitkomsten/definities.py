"""The outcome indicators: for each its denominator and numerator as a filter on a measurement, and
the counts one aggregate query takes of a set of measurements (``tellingen``). ``selectors`` shows
them; ``samenvatting`` keeps the same counts per month in ``Indicatorcel``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from .codes import NOEMER, UITVAL_BREED, UITVAL_SMAL


@dataclass(frozen=True)
class Indicator:
    code: str
    naam: str
    criterium: str  # doelrealisatie, uitval, tevredenheid
    noemer: Q
    teller: Q
    hoger_is_beter: bool = True


INDICATOREN: list[Indicator] = [
    Indicator(
        "zonder_hulp_verder", "3.1 Zonder hulp verder", "doelrealisatie",
        Q(zonder_hulp_verder__isnull=False), Q(zonder_hulp_verder=True),
    ),
    Indicator(
        "geen_nieuwe_hulp", "3.2 Geen nieuwe start van hulp", "doelrealisatie",
        Q(geen_nieuwe_hulp__isnull=False), Q(geen_nieuwe_hulp=True),
    ),
    Indicator(
        "probleem_afgenomen", "3.3 Problematiek afgenomen", "doelrealisatie",
        Q(probleem_afgenomen__isnull=False), Q(probleem_afgenomen=True),
    ),
    Indicator(
        "betrouwbaar_verbeterd", "3.3 Betrouwbaar verbeterd (RCI ≤ −1,96)", "doelrealisatie",
        Q(rci__isnull=False), Q(rci__lte=-1.96),
    ),
    Indicator(
        "doelen_behaald", "3.4 Doelen behaald (geheel)", "doelrealisatie",
        ~Q(doelen_behaald=""), Q(doelen_behaald="ja"),
    ),
    Indicator(
        "uitval_smal", "Uitval smal (32)", "uitval",
        Q(reden_beeindiging__in=NOEMER), Q(reden_beeindiging__in=UITVAL_SMAL), hoger_is_beter=False,
    ),
    Indicator(
        "uitval_breed", "Uitval breed (32 + 33)", "uitval",
        Q(reden_beeindiging__in=NOEMER), Q(reden_beeindiging__in=UITVAL_BREED), hoger_is_beter=False,
    ),
    Indicator(
        "tevreden", "Tevreden (score 7 of hoger)", "tevredenheid",
        Q(tevredenheid_score__isnull=False), Q(tevredenheid_score__gte=7),
    ),
]  # fmt: skip
PER_CODE = {i.code: i for i in INDICATOREN}


def tellingen() -> dict:
    """The counts of a set of measurements, keyed as the selectors read them ("<code>__n", ...)."""
    out = {"aantal": Count("pk")}
    for i in INDICATOREN:
        out[f"{i.code}__n"] = Count("pk", filter=i.noemer)
        out[f"{i.code}__k"] = Count("pk", filter=i.noemer & i.teller)
    out["tev__uitgevraagd"] = Count("pk", filter=Q(tevredenheid_uitgevraagd=True))
    out["tev__respons"] = Count("pk", filter=Q(tevredenheid_uitgevraagd=True, tevredenheid_score__isnull=False))
    out["tev__som"] = Sum("tevredenheid_score")
    out["tev__extra_som"] = Sum("extra_vraag_score")
    out["tev__extra_n"] = Count("extra_vraag_score")
    return out


def kolom(sleutel: str) -> str:
    """The ``Indicatorcel`` column of a count key: "uitval_smal__n" -> "uitval_smal_n"."""
    return sleutel.replace("__", "_")
