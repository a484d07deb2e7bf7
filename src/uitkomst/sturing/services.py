"""Changes in steering: budget ceilings, the signal centre (refresh and handling) and the tariff
review (a new tariff version through the catalogue, with its budget effect shown first).

Each function validates everything first, raises a DomainError with a code and a Dutch message and
saves nothing when it refuses.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from uitkomst.catalogus import selectors as catalogus_selectors
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Product
from uitkomst.catalogus.services import parse_amount
from uitkomst.contractering import selectors as contractering
from uitkomst.organisaties.models import Gemeente
from uitkomst.trajecten.models import Signaal as TrajectSignaal
from uitkomst.trajecten.models import StapelingUitzondering, Stapelpoging, Traject
from uitkomst.trajecten.workflow import ACTIEF, Status
from uitkomst.uitkomsten import selectors as uitkomsten
from uitkomst.utils.errors import Conflict, NotAllowed, ProblemCollector, ValidationFailed

from . import budget, rechten
from .models import Budgetplafond, Signaal

EERSTE_JAAR = 2015  # the decentralisation of youth care and Wmo 2015


def today() -> dt.date:
    return timezone.localdate()


def wachttijd_dagen() -> int:
    """A wait from referral longer than this (not yet started) is a signal (default 42 days)."""
    value = getattr(settings, "WACHTTIJD_SIGNAAL_DAGEN", None)
    return int(value if value is not None else os.environ.get("UITKOMST_WACHTTIJD_SIGNAAL_DAGEN", "42"))


# --- budget ceilings -----------------------------------------------------------------------------


@transaction.atomic
def budgetplafond_vaststellen(
    *, gemeente, jaar, bedrag, door=None, toelichting: str = "", is_synthetisch: bool = False
) -> Budgetplafond:
    """Set (or revise) the fictitious local budget ceiling of a municipality for a year.

    ``gemeente`` is a Gemeente or its CBS code."""
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
    laatste = today().year + 5
    if jaar is not None and not EERSTE_JAAR <= jaar <= laatste:
        problems.add(
            "jaar_onbekend",
            f"Een budgetplafond kan worden vastgesteld voor {EERSTE_JAAR} tot en met {laatste}, niet voor {jaar}.",
            "jaar",
        )
    amount = parse_amount(bedrag)
    if amount is None:
        problems.add("bedrag_ongeldig", f"Het bedrag '{bedrag}' is geen geldig bedrag in euro's.", "bedrag")
    elif amount <= 0:
        problems.add("bedrag_niet_positief", "Een budgetplafond is groter dan nul.", "bedrag")
    elif amount != amount.quantize(Decimal("0.01")):
        problems.add("bedrag_centen", "Een bedrag heeft hooguit twee decimalen.", "bedrag")
    elif amount >= Decimal("1e12"):
        problems.add("bedrag_te_groot", "Het bedrag is te groot.", "bedrag")
    problems.raise_if_any()
    if door is not None and not rechten.mag_plafond(door, gemeente):
        raise NotAllowed(f"U mag het budgetplafond van {gemeente.naam} niet vaststellen.", code="geen_toegang")
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


def _gewenste_signalen(op: dt.date) -> list[Signaal]:
    rows: list[Signaal] = []
    # expensive trajectories that run (segment C: extra check)
    for t in Traject.objects.filter(status__in=ACTIEF, toewijzing__kostensegment__extra_controle=True).values(
        "uuid", "gemeente_id", "aanbieder_id", "toewijzing__nummer", "toewijzing__budget",
        "toewijzing__kostensegment__naam",
    ):  # fmt: skip
        rows.append(
            Signaal(
                soort=Signaal.Soort.SEGMENT_C,
                sleutel=f"traject:{t['uuid']}",
                gemeente_id=t["gemeente_id"],
                aanbieder_id=t["aanbieder_id"],
                traject_uuid=t["uuid"],
                omschrijving=(
                    f"Toewijzing {t['toewijzing__nummer']} valt in {t['toewijzing__kostensegment__naam']} "
                    f"(€ {t['toewijzing__budget']:,.2f}): extra controle."
                ).replace(",", "."),
            )
        )
    # long waits: assigned or accepted, not started, long after the referral
    grens = op - dt.timedelta(days=wachttijd_dagen())
    for t in Traject.objects.filter(status__in=(Status.TOEGEWEZEN, Status.GEACCEPTEERD), verwijsdatum__lt=grens).values(
        "uuid", "gemeente_id", "aanbieder_id", "verwijsdatum", "toewijzing__nummer"
    ):
        rows.append(
            Signaal(
                soort=Signaal.Soort.WACHTTIJD,
                sleutel=f"traject:{t['uuid']}",
                gemeente_id=t["gemeente_id"],
                aanbieder_id=t["aanbieder_id"],
                traject_uuid=t["uuid"],
                omschrijving=(
                    f"Toewijzing {t['toewijzing__nummer']}: {(op - t['verwijsdatum']).days} dagen na de verwijzing "
                    f"nog niet gestart (norm {wachttijd_dagen()} dagen)."
                ),
            )
        )
    # declined or overdue acceptances (recorded by trajecten)
    soorten = {
        TrajectSignaal.Soort.WEIGERING: Signaal.Soort.WEIGERING,
        TrajectSignaal.Soort.ACCEPTATIE_VERLOPEN: Signaal.Soort.ACCEPTATIE,
    }
    for s in TrajectSignaal.objects.values(
        "pk", "soort", "gemeente_id", "aanbieder_id", "omschrijving", "traject__uuid"
    ):
        rows.append(
            Signaal(
                soort=soorten[s["soort"]],
                sleutel=f"trajecten:{s['pk']}",
                gemeente_id=s["gemeente_id"],
                aanbieder_id=s["aanbieder_id"],
                traject_uuid=s["traject__uuid"],
                omschrijving=s["omschrijving"],
            )
        )
    # stacking attempts: every requested exception to "no stacking"
    for u in StapelingUitzondering.objects.values("pk", "client__gemeente_id", "inkoopmodel__naam", "goedgekeurd_op"):
        status = "goedgekeurd" if u["goedgekeurd_op"] else "aangevraagd"
        rows.append(
            Signaal(
                soort=Signaal.Soort.STAPELING,
                sleutel=f"uitzondering:{u['pk']}",
                gemeente_id=u["client__gemeente_id"],
                omschrijving=f"Uitzondering op 'geen stapeling' binnen {u['inkoopmodel__naam']} ({status}).",
            )
        )
    # refused attempts to assign a second concurrent trajectory (recorded by trajecten)
    for p in Stapelpoging.objects.values(
        "pk", "gemeente_id", "aanbieder_id", "inkoopmodel__naam", "op", "lopend_traject__uuid"
    ):
        rows.append(
            Signaal(
                soort=Signaal.Soort.STAPELING,
                sleutel=f"poging:{p['pk']}",
                gemeente_id=p["gemeente_id"],
                aanbieder_id=p["aanbieder_id"],
                traject_uuid=p["lopend_traject__uuid"],
                omschrijving=(
                    f"Poging tot stapeling binnen {p['inkoopmodel__naam']} op {p['op']:%d-%m-%Y}: "
                    "geweigerd, de cliënt heeft al een actief traject."
                ),
            )
        )
    # providers whose drop-out or satisfaction differs significantly from the region (last 12 months)
    van = op - dt.timedelta(days=365)
    tabel = uitkomsten.indicatoren(groep="aanbieder", van=van, tot=op, publiek=True)
    for rij in tabel.rijen:
        for code, soort, wat in (
            ("uitval_breed", Signaal.Soort.UITVAL, "De uitval (breed)"),
            ("tevreden", Signaal.Soort.TEVREDENHEID, "Het aandeel tevreden cliënten"),
        ):
            cel = rij.cellen[code]
            if cel.afwijking is None:
                continue
            hoger = cel.aandeel > cel.benchmark
            rows.append(
                Signaal(
                    soort=soort,
                    sleutel=f"aanbieder:{rij.sleutel}:{op:%Y-%m}",
                    aanbieder_id=rij.sleutel,
                    omschrijving=(
                        f"{wat} van {rij.label} is {cel.aandeel:.1%} (95%-BI {cel.ci[0]:.1%}–{cel.ci[1]:.1%}, "
                        f"n = {cel.n}); de regio: {cel.benchmark:.1%}. Significant {'hoger' if hoger else 'lager'} "
                        f"({cel.afwijking}) dan de benchmark."
                    ),
                )
            )
    # expired quality evidence
    for b in contractering.verlopen_bewijzen(peildatum=op):
        rows.append(
            Signaal(
                soort=Signaal.Soort.KWALITEIT,
                sleutel=f"bewijs:{b.pk}",
                aanbieder_id=b.aanbieder_id,
                omschrijving=(
                    f"{b.aanbieder.naam}: bewijs voor '{b.kwaliteitseis}' verlopen op {b.geldig_tot:%d-%m-%Y}."
                ),
            )
        )
    # forecast above the ceiling (this year)
    gemeenten = list(Gemeente.objects.filter(pk__in=Budgetplafond.objects.filter(jaar=op.year).values("gemeente_id")))
    for g_id, o in budget.budget_prognose(gemeenten=gemeenten, jaar=op.year, peildatum=op).items():
        if o.boven_plafond:
            rows.append(
                Signaal(
                    soort=Signaal.Soort.BUDGET,
                    sleutel=f"gemeente:{g_id}:{op.year}",
                    gemeente_id=g_id,
                    omschrijving=(
                        f"{o.gemeente.naam}: de prognose {op.year} (€ {o.prognose:,.0f}) ligt "
                        f"€ {o.overschrijding:,.0f} boven het budgetplafond (€ {o.plafond:,.0f})."
                    ).replace(",", "."),
                )
            )
    return rows


@transaction.atomic
def signalen_verversen(*, op: dt.date | None = None) -> dict[str, int]:
    """Bring the signal centre up to date (idempotent; run daily). New facts become signals; unhandled
    signals whose fact is gone are removed; handled signals stay with their note."""
    op = op or today()
    gewenst = _gewenste_signalen(op)
    sleutels = {(s.soort, s.sleutel) for s in gewenst}
    bestaand = {(s, k): pk for pk, s, k in Signaal.objects.values_list("pk", "soort", "sleutel")}
    nieuw = [s for s in gewenst if (s.soort, s.sleutel) not in bestaand]
    Signaal.objects.bulk_create(nieuw, batch_size=2000, ignore_conflicts=True)
    vervallen = [pk for key, pk in bestaand.items() if key not in sleutels]
    weg = 0
    for start in range(0, len(vervallen), 900):
        weg += Signaal.objects.filter(pk__in=vervallen[start : start + 900], afgehandeld_op__isnull=True).delete()[0]
    return {"nieuw": len(nieuw), "vervallen": weg, "actueel": len(sleutels)}


@transaction.atomic
def signaal_afhandelen(*, signaal: Signaal, notitie: str, door) -> Signaal:
    """Mark a signal handled, with a note of what was done."""
    signaal = Signaal.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=signaal.pk)
    if not rechten.mag_afhandelen(door, signaal):
        raise NotAllowed("U mag dit signaal niet afhandelen.", code="geen_toegang")
    if not (notitie or "").strip():
        raise ValidationFailed(
            "Schrijf in een notitie wat er met het signaal is gedaan.", code="notitie_ontbreekt", field="notitie"
        )
    if signaal.afgehandeld_op is not None:
        raise Conflict(
            f"Dit signaal is al afgehandeld op {timezone.localtime(signaal.afgehandeld_op):%d-%m-%Y}.",
            code="al_afgehandeld",
        )
    signaal.afgehandeld_op, signaal.afgehandeld_door, signaal.notitie = timezone.now(), door, notitie.strip()
    signaal.save(update_fields=["afgehandeld_op", "afgehandeld_door", "notitie"])
    return signaal


# --- tariff review -------------------------------------------------------------------------------


class _Proef(Exception):
    """Raised inside a savepoint to undo a trial revision."""


def tariefeffect(*, product: Product, bedrag, ingangsdatum: dt.date, door, peildatum: dt.date | None = None) -> dict:
    """What a new tariff version would do, *without saving it*: the revision is validated by the
    catalogue exactly as on confirmation (in a savepoint that is rolled back), then next year's
    forecast for the region's municipalities is computed with and without the new tariff for new
    inflow (running assignments keep their budget)."""
    if not rechten.mag_tarief_herzien(door, product.inkoopmodel):
        raise NotAllowed("Alleen een contractmanager van deze regio mag tarieven herzien.", code="geen_toegang")
    try:
        with transaction.atomic():
            catalogus.tarief_herzien(product=product, bedrag=bedrag, ingangsdatum=ingangsdatum, door=door)
            raise _Proef
    except _Proef:
        pass
    peildatum = peildatum or today()
    jaar = max(peildatum.year + 1, ingangsdatum.year)
    oud = catalogus_selectors.tarief_op_datum(product=product, datum=ingangsdatum - dt.timedelta(days=1))
    gemeenten = list(Gemeente.objects.filter(regio_id=product.inkoopmodel.regio_id))
    zonder = budget.budget_prognose(gemeenten=gemeenten, jaar=jaar, peildatum=peildatum)
    met = budget.budget_prognose(
        gemeenten=gemeenten, jaar=jaar, peildatum=peildatum,
        tariefwijziging={product.pk: (parse_amount(bedrag), ingangsdatum)},
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
        "nieuw": parse_amount(bedrag),
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
    if not rechten.mag_tarief_herzien(door, product.inkoopmodel):
        raise NotAllowed("Alleen een contractmanager van deze regio mag tarieven herzien.", code="geen_toegang")
    return catalogus.tarief_herzien(
        product=product,
        bedrag=bedrag,
        ingangsdatum=ingangsdatum,
        door=door,
        toelichting=toelichting or "Tariefherziening na een jaar (sturing).",
    )
