"""Recording outcome measurements and computing 3.2 (no new start of help) after the follow-up window.

Every function validates everything first, raises a DomainError with a code and a Dutch message,
and saves nothing when it refuses.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Wet
from uitkomst.trajecten.models import Doelstatus, Toewijzing, Traject
from uitkomst.utils import klok
from uitkomst.utils.dates import add_months
from uitkomst.utils.errors import Conflict, ProblemCollector

from .codes import DOELSTATUS, JaDeelsNee, doelen_totaal
from .models import Uitkomstmeting

BEEINDIGD = ("beeindigd", "afgesloten")  # trajecten.workflow.Status values after the end
T_MIN, T_MAX = Decimal(0), Decimal(100)


def nazorg_maanden() -> int | None:
    """Follow-up window in months (``settings.NAZORG_MAANDEN``); None: the half-year rule (default)."""
    value = settings.NAZORG_MAANDEN
    return int(value) if value is not None else None


def nazorg_tot(beeindigd_op: dt.date, maanden: int | None = None) -> dt.date:
    """The last day of the follow-up window for 3.2.

    Default (national statistical practice, 6 to 12 months): until the end of the half-year after the
    half-year of ending: ended January-June -> 31 December of that year; July-December -> 30 June of
    the next year. With a number of months configured: the end date plus that many months.
    """
    maanden = nazorg_maanden() if maanden is None else maanden
    if maanden is not None:
        return add_months(beeindigd_op, maanden)
    if beeindigd_op.month <= 6:
        return dt.date(beeindigd_op.year, 12, 31)
    return dt.date(beeindigd_op.year + 1, 6, 30)


def rci(voor: Decimal, na: Decimal, betrouwbaarheid: Decimal, sd: float = 10.0) -> Decimal:
    """Jacobson-Truax Reliable Change Index: (na - voor) / S_diff, S_diff = sqrt(2) * SD * sqrt(1 - r).

    T-scores have SD 10. On a problem scale a value <= -1.96 is a reliable improvement.
    """
    s_diff = math.sqrt(2) * sd * math.sqrt(1 - float(betrouwbaarheid))
    return Decimal(str(round(float(na - voor) / s_diff, 2)))


def _decimal(value, name: str, label: str, problems: ProblemCollector) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        problems.add(f"{name}_ongeldig", f"{label} '{value}' is geen getal.", name)
        return None
    if not result.is_finite():
        problems.add(f"{name}_ongeldig", f"{label} '{value}' is geen getal.", name)
        return None
    return result


def _score(value, name: str, label: str, low: int, high: int, problems: ProblemCollector) -> int | None:
    if value is None or value == "":
        return None
    try:
        score = int(value)
        if str(value).strip() != str(score) and not isinstance(value, int):
            raise ValueError
    except (TypeError, ValueError):
        problems.add(f"{name}_ongeldig", f"{label} '{value}' is geen geheel getal.", name)
        return None
    if not low <= score <= high:
        problems.add(f"{name}_buiten_bereik", f"{label} moet tussen {low} en {high} liggen (opgegeven: {score}).", name)
        return None
    return score


@transaction.atomic
def uitkomstmeting_create(
    *,
    traject: Traject,
    door,
    zonder_hulp_verder: bool | None = None,
    probleem_afgenomen: bool | None = None,
    instrument: str = "",
    t_score_voor=None,
    t_score_na=None,
    betrouwbaarheid=None,
    doelen_behaald: str | None = None,
    tevredenheid_uitgevraagd: bool = True,
    tevredenheid_score=None,
    extra_vraag_score=None,
) -> Uitkomstmeting:
    """Record the outcome of an ended trajectory (once). Goal statuses come from its end evaluation;
    drop-out from its reason for ending; 3.2 is left "nog niet bekend" until the window has passed."""
    traject = Traject.objects.select_for_update(of=("self",)).select_related("product", "toewijzing").get(pk=traject.pk)
    policy.vereis(door, "uitkomsten.meting_vastleggen", traject)
    problems = ProblemCollector()
    if traject.status not in BEEINDIGD or traject.beeindigd_op is None:
        problems.add(
            "traject_niet_beeindigd",
            f"Een uitkomstmeting hoort bij een beëindigd traject; dit traject heeft status "
            f"'{traject.get_status_display()}'.",
            "traject",
        )
    if Uitkomstmeting.objects.filter(traject=traject).exists():
        problems.add("meting_bestaat", "Voor dit traject is de uitkomst al vastgelegd.", "traject")
    score = _score(tevredenheid_score, "tevredenheid_score", "De tevredenheidsscore", 1, 10, problems)
    extra = _score(extra_vraag_score, "extra_vraag_score", "Het antwoord op de extra vraag", 1, 5, problems)
    if not tevredenheid_uitgevraagd and (score is not None or extra is not None):
        problems.add(
            "niet_uitgevraagd_wel_antwoord",
            "Er is een tevredenheidsantwoord opgegeven, maar de meting staat als niet uitgevraagd.",
            "tevredenheid_uitgevraagd",
        )
    voor = _decimal(t_score_voor, "t_score_voor", "De T-score bij de start", problems)
    na = _decimal(t_score_na, "t_score_na", "De T-score aan het einde", problems)
    r = _decimal(betrouwbaarheid, "betrouwbaarheid", "De betrouwbaarheid", problems)
    for value, name, label in (
        (voor, "t_score_voor", "De T-score bij de start"),
        (na, "t_score_na", "De T-score aan het einde"),
    ):
        if value is not None and not T_MIN <= value <= T_MAX:
            problems.add(f"{name}_buiten_bereik", f"{label} moet tussen 0 en 100 liggen (opgegeven: {value}).", name)
    if r is not None and not Decimal(0) <= r < Decimal(1):
        problems.add(
            "betrouwbaarheid_buiten_bereik",
            f"De betrouwbaarheid van het instrument ligt tussen 0 en 1 (opgegeven: {r}).",
            "betrouwbaarheid",
        )
    if (voor is None) != (na is None):
        problems.add("t_score_onvolledig", "Geef zowel de T-score bij de start als aan het einde op.", "t_score_na")
    if voor is not None and na is not None and not instrument.strip():
        problems.add("instrument_ontbreekt", "Noem het gevalideerde instrument van de T-scores.", "instrument")
    if doelen_behaald not in (None, "", *JaDeelsNee.values):
        problems.add("doelen_behaald_ongeldig", f"'{doelen_behaald}' is geen ja, deels of nee.", "doelen_behaald")
    problems.raise_if_any()

    counts = {"ja": 0, "deels": 0, "nee": 0}
    eind = (
        Doelstatus.objects.filter(evaluatie__traject=traject, evaluatie__soort="eind")
        .values("status")
        .annotate(n=Count("pk"))
    )
    for row in eind:
        counts[DOELSTATUS[row["status"]]] += row["n"]
    waarde_rci = None
    if voor is not None and na is not None:
        waarde_rci = rci(voor, na, r if r is not None else Decimal("0.8"))
        if probleem_afgenomen is None:
            probleem_afgenomen = na < voor
    try:
        with transaction.atomic():
            return Uitkomstmeting.objects.create(
                traject=traject,
                client_id=traject.client_id,
                gemeente_id=traject.gemeente_id,
                aanbieder_id=traject.aanbieder_id,
                inkoopmodel_id=traject.inkoopmodel_id,
                product_id=traject.product_id,
                intensiteit_id=traject.product.intensiteit_id,
                toewijzing_id_bron=traject.toewijzing_id,
                gestart_op=traject.gestart_op,
                beeindigd_op=traject.beeindigd_op,
                duur_dagen=(traject.beeindigd_op - traject.gestart_op).days if traject.gestart_op else None,
                reden_beeindiging=traject.reden_beeindiging,
                zonder_hulp_verder=zonder_hulp_verder,
                nazorg_tot=nazorg_tot(traject.beeindigd_op),
                probleem_afgenomen=probleem_afgenomen,
                instrument=instrument.strip(),
                t_score_voor=voor,
                t_score_na=na,
                betrouwbaarheid=r,
                rci=waarde_rci,
                doelen_ja=counts["ja"],
                doelen_deels=counts["deels"],
                doelen_nee=counts["nee"],
                doelen_behaald=doelen_behaald or doelen_totaal(counts["ja"], counts["deels"], counts["nee"]) or "",
                tevredenheid_uitgevraagd=tevredenheid_uitgevraagd,
                tevredenheid_score=score,
                extra_vraag_score=extra,
                gemeten_door=door,
            )
    except IntegrityError as exc:  # a concurrent second measurement
        raise Conflict("Voor dit traject is de uitkomst al vastgelegd.", code="meting_bestaat") from exc


def nieuwe_hulp_subquery():
    """Exists: a new assignment of youth care for the same client that started after the end and within
    the window; a change of the same assignment (``vorige``) and withdrawn assignments do not count."""
    return Exists(
        Toewijzing.objects.filter(
            client_id=OuterRef("client_id"),
            inkoopmodel__wet=Wet.JEUGDWET,
            startdatum__gt=OuterRef("beeindigd_op"),
            startdatum__lte=OuterRef("nazorg_tot"),
        )
        .exclude(vorige_id=OuterRef("toewijzing_id_bron"))
        .exclude(traject__status="ingetrokken")
    )


@transaction.atomic
def nieuwe_hulp_bepalen(*, door, op: dt.date | None = None) -> int:
    """Compute 3.2 for every measurement whose follow-up window has passed (idempotent; run daily by a
    system actor). Two set-based UPDATEs, whatever the number of rows."""
    policy.vereis(door, "uitkomsten.nieuwe_hulp_bepalen")
    op = op or klok.vandaag()
    open_ = Uitkomstmeting.objects.filter(geen_nieuwe_hulp__isnull=True, nazorg_tot__lt=op)
    met = open_.filter(nieuwe_hulp_subquery()).update(geen_nieuwe_hulp=False, nieuwe_hulp_bepaald_op=op)
    zonder = Uitkomstmeting.objects.filter(geen_nieuwe_hulp__isnull=True, nazorg_tot__lt=op).update(
        geen_nieuwe_hulp=True, nieuwe_hulp_bepaald_op=op
    )
    return met + zonder
