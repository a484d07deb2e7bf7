"""Changes in steering: budget ceilings, the daily refresh of the signal centre (``signalen``) and the tariff
review (a new tariff version through the catalogue, with its budget effect shown first).

Each function validates everything first, raises a DomainError with a code and a Dutch message and
saves nothing when it refuses.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.catalogus import selectors as catalogus_selectors
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Product
from uitkomst.contractering import services as contractering
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.signalen import services as signalen
from uitkomst.signalen.models import Ernst, Onderwerp, Signaal, Soort
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import StapelingUitzondering, Traject
from uitkomst.trajecten.workflow import ACTIEF, Status
from uitkomst.uitkomsten import selectors as uitkomsten
from uitkomst.utils import klok
from uitkomst.utils.errors import ProblemCollector
from uitkomst.utils.geld import bedrag_of_probleem, format_euro, parse_bedrag

from . import budget
from .models import Budgetplafond

EERSTE_JAAR = 2015  # the decentralisation of youth care and Wmo 2015


def wachttijd_dagen() -> int:
    """A wait from referral longer than this (not yet started) is a signal (default 42 days)."""
    return int(settings.WACHTTIJD_SIGNAAL_DAGEN)


# --- budget ceilings -----------------------------------------------------------------------------


@transaction.atomic
def budgetplafond_vaststellen(
    *, gemeente, jaar, bedrag, door, toelichting: str = "", is_synthetisch: bool = False
) -> Budgetplafond:
    """Set (or revise) the fictitious local budget ceiling of a municipality for a year.

    ``gemeente`` is a Gemeente or its CBS code."""
    policy.vereis(door, "sturing.budgetplafond_vaststellen")
    problems = ProblemCollector()
    if not isinstance(gemeente, Gemeente):
        code = str(gemeente or "").strip()
        gemeente = Gemeente.objects.filter(cbs_code=code).first()
        if gemeente is None:
            problems.add(
                "gemeente_onbekend", f"Gemeente '{code}' is onbekend (gebruik de CBS-gemeentecode).", "gemeente"
            )
    try:
        jaar = int(jaar)
    except (TypeError, ValueError):
        problems.add("jaar_onbekend", f"'{jaar}' is geen jaartal.", "jaar")
        jaar = None
    laatste = klok.vandaag().year + 5
    if jaar is not None and not EERSTE_JAAR <= jaar <= laatste:
        problems.add(
            "jaar_onbekend",
            f"Een budgetplafond kan worden vastgesteld voor {EERSTE_JAAR} tot en met {laatste}, niet voor {jaar}.",
            "jaar",
        )
    amount = bedrag_of_probleem(bedrag, problems, veld="bedrag", voorvoegsel="Budgetplafond: ", max_digits=14)
    if amount is not None and amount <= 0:
        problems.add("bedrag_niet_positief", "Een budgetplafond is groter dan nul.", "bedrag")
    problems.raise_if_any()
    policy.vereis(door, "sturing.budgetplafond_vaststellen", gemeente)
    plafond, _ = Budgetplafond.objects.update_or_create(
        gemeente=gemeente,
        jaar=jaar,
        defaults={
            "bedrag": amount,
            "toelichting": toelichting,
            "vastgesteld_door": door,
            "vastgesteld_op": timezone.now(),
            "is_synthetisch": is_synthetisch,
        },
    )
    return plafond


# --- signals -------------------------------------------------------------------------------------


# Signals this refresh derives from facts elsewhere; an open one whose fact is gone lapses.
AFGELEID = (Soort.SEGMENT_C, Soort.LANGE_WACHTTIJD, Soort.UITKOMST_AFWIJKEND, Soort.BUDGET)


def _traject_signaal(soort: str, t: dict, titel: str, omschrijving: str) -> dict:
    return {
        "soort": soort,
        "sleutel": f"traject:{t['uuid']}",
        "gemeente": t["gemeente_id"],
        "aanbieder": t["aanbieder_id"],
        "onderwerp_type": Onderwerp.TRAJECT,
        "onderwerp_id": str(t["uuid"]),
        "titel": titel,
        "omschrijving": omschrijving,
    }


def _gewenste_signalen(op: dt.date) -> list[dict]:
    """The signals the facts of day ``op`` call for (rows for ``signalen.signalen_create``)."""
    rows: list[dict] = []
    # expensive trajectories that run (segment C: extra check)
    for t in Traject.objects.filter(status__in=ACTIEF, toewijzing__kostensegment__extra_controle=True).values(
        "uuid", "gemeente_id", "aanbieder_id", "toewijzing__nummer", "toewijzing__budget",
        "toewijzing__kostensegment__naam",
    ).order_by("pk"):  # fmt: skip
        rows.append(
            _traject_signaal(
                Soort.SEGMENT_C, t, f"Toewijzing {t['toewijzing__nummer']} in {t['toewijzing__kostensegment__naam']}",
                f"Toewijzing {t['toewijzing__nummer']} valt in {t['toewijzing__kostensegment__naam']} "
                f"({format_euro(t['toewijzing__budget'])}): extra controle.",
            )
        )  # fmt: skip
    # long waits: assigned or accepted, not started, long after the referral
    norm = wachttijd_dagen()
    grens = op - dt.timedelta(days=norm)
    for t in (
        Traject.objects.filter(status__in=(Status.TOEGEWEZEN, Status.GEACCEPTEERD), verwijsdatum__lt=grens)
        .values("uuid", "gemeente_id", "aanbieder_id", "verwijsdatum", "toewijzing__nummer")
        .order_by("pk")
    ):
        dagen = (op - t["verwijsdatum"]).days
        rows.append(
            _traject_signaal(
                Soort.LANGE_WACHTTIJD, t, f"Toewijzing {t['toewijzing__nummer']}: {dagen} dagen wachttijd",
                f"Toewijzing {t['toewijzing__nummer']}: {dagen} dagen na de verwijzing nog niet gestart "
                f"(norm {norm} dagen).",
            )
        )  # fmt: skip
    # requested exceptions to "no stacking" (refused attempts are raised by trajecten itself)
    for u in StapelingUitzondering.objects.values(
        "pk", "client__gemeente_id", "inkoopmodel__naam", "goedgekeurd_op"
    ).order_by("pk"):
        status = "goedgekeurd" if u["goedgekeurd_op"] else "aangevraagd"
        rows.append(
            {
                "soort": Soort.STAPELING,
                "sleutel": f"uitzondering:{u['pk']}",
                "gemeente": u["client__gemeente_id"],
                "onderwerp_type": Onderwerp.UITZONDERING,
                "onderwerp_id": str(u["pk"]),
                "titel": "Uitzondering op 'geen stapeling'",
                "omschrijving": f"Uitzondering op 'geen stapeling' binnen {u['inkoopmodel__naam']} ({status}).",
            }
        )
    # providers whose drop-out or satisfaction differs significantly from their region (last 12 months)
    van = op - dt.timedelta(days=365)
    for regio in Regio.objects.order_by("pk"):
        tabel = uitkomsten.indicatoren(groep="aanbieder", van=van, tot=op, regio_id=regio.pk, publiek=True)
        for rij in tabel.rijen:
            for code, wat in (("uitval_breed", "De uitval (breed)"), ("tevreden", "Het aandeel tevreden cliënten")):
                cel = rij.cellen[code]
                if cel.afwijking is None:
                    continue
                hoger = cel.aandeel > cel.benchmark
                rows.append(
                    {
                        "soort": Soort.UITKOMST_AFWIJKEND,
                        "sleutel": f"{code}:aanbieder:{rij.sleutel}:regio:{regio.pk}:{op:%Y-%m}",
                        "regio": regio.pk,
                        "aanbieder": rij.sleutel,
                        "onderwerp_type": Onderwerp.AANBIEDER,
                        "onderwerp_id": str(rij.sleutel),
                        "ernst": Ernst.INFO if cel.afwijking == "beter" else Ernst.AANDACHT,
                        "titel": f"{wat} van {rij.label} wijkt af ({cel.afwijking})",
                        "omschrijving": (
                            f"{wat} van {rij.label} is {cel.aandeel:.1%} (95%-BI {cel.ci[0]:.1%}–{cel.ci[1]:.1%}, "
                            f"n = {cel.n}); de regio {regio.naam}: {cel.benchmark:.1%}. Significant "
                            f"{'hoger' if hoger else 'lager'} ({cel.afwijking}) dan de rest van de regio "
                            f"(Fisher exact, α = 0,05)."
                        ),
                    }
                )
    # forecast above the ceiling (this year)
    gemeenten = list(Gemeente.objects.filter(pk__in=Budgetplafond.objects.filter(jaar=op.year).values("gemeente_id")))
    for g_id, o in budget.budget_prognose(gemeenten=gemeenten, jaar=op.year, peildatum=op).items():
        if o.boven_plafond:
            rows.append(
                {
                    "soort": Soort.BUDGET,
                    "sleutel": f"gemeente:{g_id}:{op.year}",
                    "gemeente": g_id,
                    "onderwerp_type": Onderwerp.GEMEENTE,
                    "onderwerp_id": str(g_id),
                    "titel": f"{o.gemeente.naam}: prognose {op.year} boven het plafond",
                    "omschrijving": (
                        f"{o.gemeente.naam}: de prognose {op.year} ({format_euro(o.prognose, 0)}) ligt "
                        f"{format_euro(o.overschrijding, 0)} boven het budgetplafond ({format_euro(o.plafond, 0)}); "
                        f"besteed {format_euro(o.gerealiseerd, 0)}, {format_euro(o.toegekend, 0)} wacht op "
                        f"definitieve goedkeuring, verplicht {format_euro(o.verplicht, 0)}, verwachte instroom "
                        f"{format_euro(o.instroom, 0)}."
                    ),
                }
            )
    return rows


@transaction.atomic
def signalen_verversen(*, op: dt.date | None = None, door=None) -> dict[str, int]:
    """Bring the signal centre up to date (idempotent; run daily, as a named system actor: ``door``,
    default ``systeem:signalen``). Runs every daily source: overdue acceptances (trajecten), expired
    quality evidence (contractering) and the facts derived here. New facts become signals; open
    derived signals whose fact is gone lapse; handled signals stay with their note."""
    op = op or klok.vandaag()
    door = door or policy.systeem_actor("signalen")
    policy.vereis(door, "signaal.verversen")
    nieuw = trajecten.signalen_acceptatie_controleren(op=op, door=door)
    nieuw += len(contractering.kwaliteitssignalen_maken(peildatum=op, door=door))
    gewenst = _gewenste_signalen(op)
    nieuw += len(signalen.signalen_create(rijen=gewenst, door=door))
    actueel = {(r["soort"], r["sleutel"]) for r in gewenst if r["soort"] in AFGELEID}
    weg = signalen.signalen_vervallen(soorten=AFGELEID, actueel=actueel, door=door)
    return {"nieuw": nieuw, "vervallen": weg, "actueel": Signaal.objects.filter(status=Signaal.Status.OPEN).count()}


# --- tariff review -------------------------------------------------------------------------------


class _Proef(Exception):
    """Raised inside a savepoint to undo a trial revision."""


def tariefeffect(*, product: Product, bedrag, ingangsdatum: dt.date, door, peildatum: dt.date | None = None) -> dict:
    """What a new tariff version would do, *without saving it*: the revision is validated by the
    catalogue exactly as on confirmation (in a savepoint that is rolled back), then next year's
    forecast for the region's municipalities is computed with and without the new tariff for new
    inflow (running assignments keep their budget)."""
    policy.vereis(door, "sturing.tarief_herzien", product)
    try:
        with transaction.atomic():
            catalogus.tarief_herzien(product=product, bedrag=bedrag, ingangsdatum=ingangsdatum, door=door)
            raise _Proef
    except _Proef:
        pass
    peildatum = peildatum or klok.vandaag()
    jaar = max(peildatum.year + 1, ingangsdatum.year)
    oud = catalogus_selectors.tarief_op_datum(product=product, datum=ingangsdatum - dt.timedelta(days=1))
    gemeenten = list(Gemeente.objects.filter(regio_id=product.inkoopmodel.regio_id))
    zonder = budget.budget_prognose(gemeenten=gemeenten, jaar=jaar, peildatum=peildatum)
    met = budget.budget_prognose(
        gemeenten=gemeenten, jaar=jaar, peildatum=peildatum,
        tariefwijziging={product.pk: (parse_bedrag(bedrag), ingangsdatum)},
    )  # fmt: skip
    per_gemeente = [
        {
            "gemeente": zonder[g.pk].gemeente,
            "zonder": zonder[g.pk].prognose,
            "met": met[g.pk].prognose,
            "verschil": met[g.pk].prognose - zonder[g.pk].prognose,
        }
        for g in sorted(gemeenten, key=lambda g: g.naam)
    ]
    return {
        "product": product,
        "jaar": jaar,
        "oud": oud.bedrag if oud else None,
        "nieuw": parse_bedrag(bedrag),
        "ingangsdatum": ingangsdatum,
        "per_gemeente": per_gemeente,
        "zonder": sum((r["zonder"] for r in per_gemeente), Decimal(0)),
        "met": sum((r["met"] for r in per_gemeente), Decimal(0)),
        "verschil": sum((r["verschil"] for r in per_gemeente), Decimal(0)),
    }


@transaction.atomic
def tarief_herzien(*, product: Product, bedrag, ingangsdatum: dt.date, door, toelichting: str = ""):
    """Confirm a tariff revision: a new version from ``ingangsdatum`` through the catalogue's rules
    (an overlapping version is refused there). Running assignments keep the budget of their start."""
    policy.vereis(door, "sturing.tarief_herzien", product)
    return catalogus.tarief_herzien(
        product=product,
        bedrag=bedrag,
        ingangsdatum=ingangsdatum,
        door=door,
        toelichting=toelichting or "Tariefherziening na een jaar (sturing).",
    )
