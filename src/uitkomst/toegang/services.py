"""Changes in access: client, referral (incl. the GP's short form), family plan with goals, the
choice of profile and intensity (or maatwerk), and the refusal of care the model excludes.

Every function validates everything first, raises a DomainError with a code and a Dutch message,
and saves nothing when it refuses.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel, Product, Uitsluiting, Wet
from uitkomst.contractering.validators import agb_error
from uitkomst.organisaties.models import Gemeente
from uitkomst.utils import grenzen, klok, overgangen
from uitkomst.utils.errors import NotAllowed, ProblemCollector, ValidationFailed
from uitkomst.utils.geld import bedrag_of_probleem

from . import bsn as bsn_tools
from . import selectors
from .models import Client, Doel, Gezinsplan, Pgbbesluit, Verwijzer, Verwijzing

# Referrer types that identify themselves with an AGB code (a GP practice, a youth doctor, a
# specialist, a certified institution); the municipal access is identified by its CBS code.
AGB_VERWIJZERS = {
    Verwijzer.HUISARTS,
    Verwijzer.JEUGDARTS,
    Verwijzer.MEDISCH_SPECIALIST,
    Verwijzer.GECERTIFICEERDE_INSTELLING,
}


@transaction.atomic
def client_get_or_create(*, bsn: str, geboortedatum: dt.date | None, gemeente: Gemeente, door) -> Client:
    """The client with this BSN (found by its pseudonym), or a new one. The BSN is never stored in the clear."""
    policy.vereis(door, "toegang.client_aanmaken", gemeente)
    return _client_get_or_create(bsn=bsn, geboortedatum=geboortedatum, gemeente=gemeente)


def _client_get_or_create(*, bsn: str, geboortedatum: dt.date | None, gemeente: Gemeente) -> Client:
    """The client lookup behind a referral too (whose referrer need not act for the municipality)."""
    problems = ProblemCollector()
    if message := bsn_tools.bsn_error(bsn):
        problems.add("bsn_ongeldig", message, "bsn")
    if geboortedatum is None:
        problems.add("geboortedatum_ontbreekt", "De geboortedatum ontbreekt.", "geboortedatum")
    else:
        grenzen.geboortedatum_plausibel(problems, geboortedatum, klok.vandaag())
    problems.raise_if_any()
    number = bsn_tools.normalise(bsn)
    pseudonym = bsn_tools.pseudonym(number)
    client = Client.objects.select_for_update(of=("self",)).filter(bsn_pseudoniem=pseudonym).first()
    if client is not None:
        if client.geboortedatum != geboortedatum:
            raise ValidationFailed(
                "Er is al een cliënt met dit BSN, met een andere geboortedatum. Controleer het BSN.",
                code="bsn_geboortedatum_verschilt",
                field="geboortedatum",
            )
        if client.gemeente_id != gemeente.pk:
            client.gemeente = gemeente  # moved: the municipality of residence pays from now on
            client.save(update_fields=["gemeente"])
        return client
    return Client.objects.create(
        bsn_versleuteld=bsn_tools.encrypt(number),
        bsn_pseudoniem=pseudonym,
        geboortedatum=geboortedatum,
        gemeente=gemeente,
    )


@transaction.atomic
def verwijzing_create(
    *,
    bsn: str,
    geboortedatum: dt.date | None,
    gemeente: Gemeente,
    inkoopmodel: Inkoopmodel | None = None,
    datum: dt.date,
    door,
    verwijzer_type: str | None = None,
    verwijzer_code: str = "",
    verwijzer_naam: str = "",
    product: Product | None = None,
    toelichting: str = "",
) -> Verwijzing:
    """A referral by an authorised referrer.

    A referrer user (GP, youth doctor, ...) always refers under its own identifier and with the
    short form: profile and intensity stay open for the access team to complete. An access worker
    refers for residents of its own municipality.
    """
    policy.vereis(door, "toegang.verwijzing_aanmaken", gemeente)
    if inkoopmodel is None:
        # A GP knows the child, not the municipality's purchasing: the municipality's model is derived.
        inkoopmodel = selectors.inkoopmodel_voor_verwijzing(gemeente=gemeente, datum=datum or klok.vandaag())
        if inkoopmodel is None:
            raise ValidationFailed(
                f"{gemeente.naam} heeft op {(datum or klok.vandaag()):%d-%m-%Y} geen inkoopmodel voor jeugdhulp; "
                "neem contact op met de toegang van de gemeente.",
                code="geen_inkoopmodel",
                field="gemeente",
            )
    problems = ProblemCollector()
    is_verkort = False
    if policy.is_verwijzer(door):
        verwijzer_type = verwijzer_type or Verwijzer.HUISARTS
        verwijzer_code = door.verwijzer_code
        verwijzer_naam = verwijzer_naam or door.get_full_name() or door.username
        is_verkort = True
        if gemeente.regio_id != inkoopmodel.regio_id:
            problems.add("model_andere_regio", "Dit inkoopmodel hoort niet bij de regio van de woongemeente.")
    else:
        verwijzer_type = verwijzer_type or Verwijzer.GEMEENTE
        if verwijzer_type == Verwijzer.GEMEENTE:
            verwijzer_code = gemeente.cbs_code
            verwijzer_naam = verwijzer_naam or f"Toegang {gemeente.naam}"
    if verwijzer_type not in Verwijzer.values:
        problems.add("verwijzer_onbekend", f"'{verwijzer_type}' is geen bevoegde verwijzer (COD327).", "verwijzer_type")
    elif verwijzer_type in AGB_VERWIJZERS and (message := agb_error(verwijzer_code)):
        problems.add("verwijzer_code_ongeldig", f"{Verwijzer(verwijzer_type).label}: {message}", "verwijzer_code")
    if inkoopmodel.wet == Wet.WMO and verwijzer_type != Verwijzer.GEMEENTE:
        problems.add("wmo_alleen_gemeente", "Voor Wmo-ondersteuning verwijst alleen de gemeente.", "verwijzer_type")
    if datum is None:
        problems.add("datum_ontbreekt", "De verwijsdatum ontbreekt.", "datum")
    else:
        if datum > klok.vandaag():
            problems.add("datum_toekomst", "De verwijsdatum ligt in de toekomst.", "datum")
        if datum < inkoopmodel.geldig_van or (inkoopmodel.geldig_tot and datum > inkoopmodel.geldig_tot):
            problems.add(
                "datum_buiten_model",
                f"De verwijsdatum {datum:%d-%m-%Y} valt buiten de looptijd van {inkoopmodel.naam}.",
                "datum",
            )
    if product is not None and product.inkoopmodel_id != inkoopmodel.pk:
        problems.add("product_ander_model", f"Product {product.code} hoort niet bij {inkoopmodel.naam}.", "product")
    if is_verkort:
        product = None  # the short form has no profile or intensity: access completes it
    if message := bsn_tools.bsn_error(bsn):
        problems.add("bsn_ongeldig", message, "bsn")
    grenzen.geboortedatum_plausibel(problems, geboortedatum, klok.vandaag())
    grenzen.past(problems, Verwijzing, "verwijzer_code", verwijzer_code)
    grenzen.past(problems, Verwijzing, "verwijzer_naam", verwijzer_naam)
    grenzen.past(problems, Verwijzing, "toelichting", toelichting)
    problems.raise_if_any()
    client = _client_get_or_create(bsn=bsn, geboortedatum=geboortedatum, gemeente=gemeente)
    return Verwijzing.objects.create(
        client=client,
        gemeente=gemeente,
        verwijzer_type=verwijzer_type,
        verwijzer_code=verwijzer_code,
        verwijzer_naam=verwijzer_naam,
        datum=datum,
        is_verkort=is_verkort,
        inkoopmodel=inkoopmodel,
        product=product,
        toelichting=toelichting,
        aangemaakt_door=door,
    )


@transaction.atomic
def verwijzing_aanvullen(*, verwijzing: Verwijzing, door, toelichting: str = "") -> Verwijzing:
    """Access takes over a short (GP) referral; profile and intensity follow in the plan."""
    verwijzing = Verwijzing.objects.select_for_update(of=("self",)).get(pk=verwijzing.pk)
    policy.vereis(door, "toegang.verwijzing_aanvullen", verwijzing)
    if not verwijzing.is_verkort:
        raise ValidationFailed("Alleen een verkorte verwijzing wordt aangevuld.", code="niet_verkort")
    if verwijzing.aangevuld_op:
        raise ValidationFailed("Deze verwijzing is al aangevuld.", code="al_aangevuld")
    verwijzing.aangevuld_op = timezone.now()
    verwijzing.aangevuld_door = door
    if toelichting:
        verwijzing.toelichting = (verwijzing.toelichting + "\n" + toelichting).strip()
    verwijzing.save(update_fields=["aangevuld_op", "aangevuld_door", "toelichting"])
    return verwijzing


@transaction.atomic
def gezinsplan_create(
    *,
    verwijzing: Verwijzing,
    doelen: list[str],
    door,
    soort: str | None = None,
    product: Product | None = None,
    product_code: str = "",
    motivering: str = "",
    uitsluiting_code: str | None = None,
    maatwerk_prijs=None,
    maatwerk_motivering: str = "",
) -> Gezinsplan:
    """The plan with one or more goals (the *what*), agreed between access and client.

    Given a product (or its ``product_code`` in the referral's model) or an exclusion code, profile and
    intensity are chosen in the same step, with the rules of ``gezinsplan_profiel_kiezen``: every
    problem of the plan and of the choice is reported together, and nothing is saved unless all holds.
    """
    verwijzing = (
        Verwijzing.objects.select_for_update(of=("self",))
        .select_related("gemeente", "inkoopmodel")
        .get(pk=verwijzing.pk)
    )
    policy.vereis(door, "toegang.gezinsplan_aanmaken", verwijzing)
    kiest_profiel = product is not None or bool(product_code) or bool(uitsluiting_code)
    if kiest_profiel:  # the same right as choosing it later on the plan page
        policy.vereis(door, "toegang.gezinsplan_profiel_kiezen", verwijzing)
    if uitsluiting_code:
        uitsluiting_toetsen(inkoopmodel=verwijzing.inkoopmodel, code=uitsluiting_code)
    problems = ProblemCollector()
    goals = [d.strip() for d in doelen if d and d.strip()]
    if not goals:
        problems.add("plan_zonder_doelen", "Een gezinsplan heeft minstens één doel (het 'wat').", "doelen")
    if len(goals) > grenzen.MAX_DOELEN:
        problems.add("te_veel_doelen", f"Een gezinsplan heeft ten hoogste {grenzen.MAX_DOELEN} doelen.", "doelen")
    elif not all(grenzen.past(problems, Doel, "omschrijving", g, veld="doelen") for g in goals):
        pass  # the first goal that is too long is reported
    for naam, waarde in (("motivering", motivering), ("maatwerk_motivering", maatwerk_motivering)):
        grenzen.past(problems, Gezinsplan, naam, waarde)
    if Gezinsplan.objects.filter(verwijzing=verwijzing).exists():
        problems.add("plan_bestaat", "Bij deze verwijzing hoort al een plan.", "verwijzing")
    if soort is None:
        soort = (
            Gezinsplan.Soort.ONDERSTEUNINGSPLAN
            if verwijzing.inkoopmodel.wet == Wet.WMO
            else Gezinsplan.Soort.GEZINSPLAN
        )
    elif soort not in Gezinsplan.Soort.values:
        problems.add("soort_onbekend", f"Onbekende soort plan '{soort}'.", "soort")
    price = None
    if kiest_profiel:
        if product is None and product_code:
            product = _product_met_code(problems, inkoopmodel=verwijzing.inkoopmodel, code=product_code)
        price = _profielkeuze_toetsen(
            problems,
            inkoopmodel=verwijzing.inkoopmodel,
            product=product,
            product_gevraagd=bool(product_code),
            motivering=motivering,
            maatwerk_prijs=maatwerk_prijs,
            maatwerk_motivering=maatwerk_motivering,
        )
    problems.raise_if_any()
    plan = Gezinsplan.objects.create(
        verwijzing=verwijzing,
        client_id=verwijzing.client_id,
        gemeente=verwijzing.gemeente,
        inkoopmodel=verwijzing.inkoopmodel,
        soort=soort,
        opgesteld_door=door,
    )
    Doel.objects.bulk_create([Doel(plan=plan, volgorde=i, omschrijving=g) for i, g in enumerate(goals, start=1)])
    if verwijzing.is_verkort and not verwijzing.aangevuld_op:
        verwijzing.aangevuld_op, verwijzing.aangevuld_door = timezone.now(), door
        verwijzing.save(update_fields=["aangevuld_op", "aangevuld_door"])
    if kiest_profiel:
        _profielkeuze_vastleggen(
            plan,
            product=product,
            motivering=motivering,
            price=price,
            maatwerk_motivering=maatwerk_motivering,
            door=door,
        )
    return plan


def uitsluiting_toetsen(*, inkoopmodel: Inkoopmodel, code: str) -> None:
    """Refuse a request for care the model excludes, with the model's own reason."""
    uitsluiting = Uitsluiting.objects.filter(inkoopmodel=inkoopmodel, code=code).first()
    if uitsluiting is None:
        return
    raise ValidationFailed(
        f"{uitsluiting.naam} valt niet onder {inkoopmodel.naam}: {uitsluiting.reden}",
        code="zorg_uitgesloten",
        field="uitsluiting",
    )


def _parse_price(value, problems: ProblemCollector) -> Decimal | None:
    """The maatwerk price (above zero) in the notation of ``uitkomst.utils.geld``; a refusal goes into problems."""
    if value not in (None, ""):
        price = bedrag_of_probleem(value, problems, veld="maatwerk_prijs", voorvoegsel="Maatwerkprijs: ")
        if price is None or price > 0:  # None: unreadable, the parser's message is in problems
            return price
    problems.add("maatwerkprijs_ongeldig", "Maatwerk vraagt een prijs groter dan nul.", "maatwerk_prijs")
    return None


@transaction.atomic
def gezinsplan_profiel_kiezen(
    *,
    plan: Gezinsplan,
    door,
    product: Product | None = None,
    motivering: str = "",
    uitsluiting_code: str | None = None,
    maatwerk_prijs=None,
    maatwerk_motivering: str = "",
) -> Gezinsplan:
    """Set profile and intensity (a product of the plan's model) with a motivation, or maatwerk with
    a motivated custom price that then waits for approval. Excluded care is refused with its reason."""
    plan = Gezinsplan.objects.select_for_update(of=("self",)).select_related("inkoopmodel", "gemeente").get(pk=plan.pk)
    policy.vereis(door, "toegang.gezinsplan_profiel_kiezen", plan)
    if uitsluiting_code:
        uitsluiting_toetsen(inkoopmodel=plan.inkoopmodel, code=uitsluiting_code)
    problems = ProblemCollector()
    price = _profielkeuze_toetsen(
        problems,
        inkoopmodel=plan.inkoopmodel,
        product=product,
        motivering=motivering,
        maatwerk_prijs=maatwerk_prijs,
        maatwerk_motivering=maatwerk_motivering,
    )
    # Reverse relation to trajecten.Toewijzing (toegang may not import trajecten): a plain ORM read.
    if plan.toewijzingen.exists():
        problems.add(
            "plan_al_toegewezen",
            "Op dit plan is al toegewezen; een ander profiel of andere intensiteit is een wijziging van het traject.",
            "product",
        )
    problems.raise_if_any()
    _profielkeuze_vastleggen(
        plan, product=product, motivering=motivering, price=price, maatwerk_motivering=maatwerk_motivering, door=door
    )
    return plan


def _product_met_code(problems: ProblemCollector, *, inkoopmodel: Inkoopmodel, code: str) -> Product | None:
    """The product with this code in the plan's model, else (to say so) in another model of its region."""
    product = Product.objects.filter(inkoopmodel=inkoopmodel, code=code).select_related("inkoopmodel").first()
    product = product or (
        Product.objects.filter(inkoopmodel__regio_id=inkoopmodel.regio_id, code=code)
        .select_related("inkoopmodel")
        .order_by("pk")
        .first()
    )
    if product is None:
        problems.add("product_onbekend", f"Onbekend product '{code}'.", "product")
    return product


def _profielkeuze_toetsen(
    problems: ProblemCollector,
    *,
    inkoopmodel: Inkoopmodel,
    product: Product | None,
    motivering: str,
    maatwerk_prijs,
    maatwerk_motivering: str,
    product_gevraagd: bool = False,
) -> Decimal | None:
    """Collect the problems of a choice of profile and intensity (or maatwerk); return the custom price.

    ``product_gevraagd``: a product code was given but not found (already reported as unknown)."""
    if product is None:
        if not product_gevraagd:
            problems.add("product_ontbreekt", "Kies een profiel en intensiteit (of maatwerk).", "product")
    elif product.inkoopmodel_id != inkoopmodel.pk:
        problems.add(
            "product_ander_model",
            f"Product {product.code} hoort bij {product.inkoopmodel.naam}, niet bij {inkoopmodel.naam}.",
            "product",
        )
    if not motivering.strip():
        problems.add("motivering_ontbreekt", "Motiveer de keuze voor profiel en intensiteit.", "motivering")
    price = None
    if product is not None and product.is_maatwerk:
        price = _parse_price(maatwerk_prijs, problems)
        if not maatwerk_motivering.strip():
            problems.add("maatwerk_motivering_ontbreekt", "Motiveer de maatwerkprijs.", "maatwerk_motivering")
    return price


def _profielkeuze_vastleggen(
    plan: Gezinsplan, *, product: Product, motivering: str, price: Decimal | None, maatwerk_motivering: str, door
) -> None:
    plan.product = product
    plan.motivering = motivering.strip()
    if product.is_maatwerk:
        plan.maatwerk_prijs, plan.maatwerk_motivering = price, maatwerk_motivering.strip()
        plan.maatwerk_status, plan.maatwerk_aangevraagd_door = Gezinsplan.Maatwerkstatus.WACHT, door
        plan.maatwerk_goedgekeurd_door = plan.maatwerk_goedgekeurd_op = None
    else:
        plan.maatwerk_prijs, plan.maatwerk_motivering, plan.maatwerk_status = None, "", Gezinsplan.Maatwerkstatus.GEEN
    plan.save()


@transaction.atomic
def gezinsplan_maatwerk_goedkeuren(*, plan: Gezinsplan, door) -> Gezinsplan:
    """A second person approves the motivated custom price (four eyes)."""
    plan = Gezinsplan.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=plan.pk)
    policy.vereis(door, "toegang.maatwerk_goedkeuren", plan)
    if plan.maatwerk_status != Gezinsplan.Maatwerkstatus.WACHT:
        raise ValidationFailed("Er wacht geen maatwerkprijs op goedkeuring.", code="geen_maatwerk_te_keuren")
    if plan.maatwerk_aangevraagd_door_id == door.pk:
        raise NotAllowed(
            "U kunt uw eigen maatwerkaanvraag niet goedkeuren: dat doet een tweede persoon (vier ogen).",
            code="eigen_goedkeuring",
        )
    plan.maatwerk_status = Gezinsplan.Maatwerkstatus.GOEDGEKEURD
    plan.maatwerk_goedgekeurd_door, plan.maatwerk_goedgekeurd_op = door, timezone.now()
    plan.save(update_fields=["maatwerk_status", "maatwerk_goedgekeurd_door", "maatwerk_goedgekeurd_op"])
    return plan


# --- personal budget (pgb, issue 17 point 5) ----------------------------------------------------
#
# A pgb is decided instead of care in kind. Wmo: the client's choice (recorded). Jeugdwet: only when
# the contracted care in kind does not fit, with the reason recorded (document 003).
#
# No stacking: the same rule as for trajectories (one active trajectory per client per purchasing
# model, ``trajecten.Traject`` constraint ``een_actief_traject_per_client_per_model``), applied across
# the pgb and care in kind for the same need. The need is the law: a pgb under the Wmo (or the
# Jeugdwet) is refused while the client has an active trajectory in kind (toegewezen, geaccepteerd,
# gestart) in a purchasing model of the same law that began on or before the pgb's last day, unless
# that trajectory may stack (a product that may stack, such as crisis care, or an approved stacking
# exception: ``stapeling_toegestaan``). Two pgb decisions of one client under one law never overlap.

PGB_MAX_JAREN = 5  # a longer period is a typo (a decision is reviewed well within it)
# The statuses of an active trajectory (``trajecten.workflow.ACTIEF``; toegang may not import trajecten).
_TRAJECT_ACTIEF = ("toegewezen", "geaccepteerd", "gestart")


def _pgb_botsingen(
    problems: ProblemCollector,
    *,
    client: Client,
    wet: str,
    ingangsdatum: dt.date,
    einddatum: dt.date,
    zonder: Pgbbesluit | None = None,
) -> None:
    """Refuse an overlap with another pgb of the client under the law, and a trajectory in kind beside it."""
    andere = Pgbbesluit.objects.filter(
        client=client, wet=wet, status__in=selectors.PGB_BEZET, ingangsdatum__lte=einddatum
    ).filter(Q(beeindigd_op__gte=ingangsdatum) | Q(beeindigd_op__isnull=True, einddatum__gte=ingangsdatum))
    if zonder is not None:
        andere = andere.exclude(pk=zonder.pk)
    if botsing := andere.order_by("ingangsdatum").first():
        problems.add(
            "pgb_overlapt",
            f"Deze cliënt heeft al een pgb ({botsing.get_status_display()}) onder de {Wet(wet).label} van "
            f"{botsing.ingangsdatum:%d-%m-%Y} tot en met {botsing.laatste_dag:%d-%m-%Y}; "
            "twee pgb's voor dezelfde wet overlappen niet.",
            "ingangsdatum",
        )
    # Reverse relation to trajecten.Traject (toegang may not import trajecten): a plain ORM read.
    natura = client.trajecten.filter(
        status__in=_TRAJECT_ACTIEF,
        stapeling_toegestaan=False,
        inkoopmodel__wet=wet,
        toegewezen_op__lte=einddatum,
    ).select_related("product")
    if traject := natura.order_by("toegewezen_op").first():
        problems.add(
            "pgb_naast_natura",
            f"Deze cliënt heeft een lopend traject in natura onder de {Wet(wet).label} ({traject.product.code}, "
            f"toegewezen op {traject.toegewezen_op:%d-%m-%Y}). Een pgb komt in plaats van zorg in natura, "
            "niet ernaast: beëindig eerst het traject.",
            "wet",
        )


@transaction.atomic
def pgbbesluit_aanvragen(
    *,
    client: Client,
    wet: str,
    bedrag,
    ingangsdatum: dt.date | None,
    einddatum: dt.date | None,
    door,
    plan: Gezinsplan | None = None,
    keuze_client: bool = False,
    reden: str = "",
    tariefgrondslag: str = "",
    toekennen: bool = False,
    toelichting: str = "",
    is_synthetisch: bool = False,
) -> Pgbbesluit:
    """Record a request for a pgb instead of care in kind (and, with ``toekennen``, grant it at once).

    The client's municipality of residence decides; ``plan`` is the family or support plan it belongs
    to, if any (its referral is linked too). Every problem is reported together; nothing is saved
    unless all rules hold."""
    client = Client.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=client.pk)
    policy.vereis(door, "toegang.pgb_aanvragen", Pgbbesluit(client=client, gemeente_id=client.gemeente_id))
    if plan is not None:
        plan = Gezinsplan.objects.select_related("inkoopmodel", "gemeente").get(pk=plan.pk)
        policy.vereis(door, "toegang.pgb_aanvragen", plan)
    if toekennen:
        policy.vereis(door, "toegang.pgb_besluiten", Pgbbesluit(client=client, gemeente_id=client.gemeente_id))
    problems = ProblemCollector()
    reden, toelichting = (reden or "").strip(), (toelichting or "").strip()
    if wet not in Wet.values:
        problems.add("pgb_wet_onbekend", f"Kies de wet van het pgb: Wmo of Jeugdwet (niet '{wet}').", "wet")
    elif wet == Wet.WMO and not keuze_client:
        problems.add(
            "pgb_wmo_keuze_ontbreekt",
            "Een pgb in de Wmo is de keuze van de cliënt: leg vast dat de cliënt een pgb kiest in plaats van "
            "zorg in natura.",
            "keuze_client",
        )
    elif wet == Wet.JEUGDWET and not reden:
        problems.add(
            "pgb_jeugd_zonder_reden",
            "Een pgb voor jeugdhulp kan alleen als het gecontracteerde aanbod in natura niet passend is. "
            "Leg vast waarom de zorg in natura niet past.",
            "reden",
        )
    value = None
    if bedrag in (None, ""):
        problems.add("pgb_bedrag_ontbreekt", "Vul het budget voor de periode in.", "bedrag")
    else:
        value = bedrag_of_probleem(bedrag, problems, veld="bedrag", voorvoegsel="Budget: ")
        if value is not None and value <= 0:
            problems.add("pgb_bedrag_niet_positief", "Het budget van een pgb is groter dan nul.", "bedrag")
    if ingangsdatum is None:
        problems.add("pgb_ingangsdatum_ontbreekt", "Vul de ingangsdatum van het pgb in.", "ingangsdatum")
    if einddatum is None:
        problems.add("pgb_einddatum_ontbreekt", "Vul de einddatum van het pgb in.", "einddatum")
    if ingangsdatum and einddatum:
        if einddatum < ingangsdatum:
            problems.add(
                "pgb_periode_omgekeerd",
                f"De einddatum {einddatum:%d-%m-%Y} ligt vóór de ingangsdatum {ingangsdatum:%d-%m-%Y}.",
                "einddatum",
            )
        elif (einddatum - ingangsdatum).days >= 366 * PGB_MAX_JAREN:
            problems.add(
                "pgb_periode_te_lang",
                f"Een pgb wordt voor ten hoogste {PGB_MAX_JAREN} jaar toegekend; kies een kortere periode.",
                "einddatum",
            )
    if tariefgrondslag not in Pgbbesluit.Tariefgrondslag.values:
        problems.add(
            "pgb_tariefgrondslag_onbekend", f"Onbekende tariefgrondslag '{tariefgrondslag}'.", "tariefgrondslag"
        )
    if plan is not None:
        if plan.client_id != client.pk:
            problems.add("pgb_plan_andere_client", "Dit plan hoort bij een andere cliënt.", "plan")
        elif wet in Wet.values and plan.inkoopmodel.wet != wet:
            problems.add(
                "pgb_plan_andere_wet",
                f"Dit plan valt onder de {Wet(plan.inkoopmodel.wet).label}, het pgb onder de {Wet(wet).label}.",
                "wet",
            )
    grenzen.past(problems, Pgbbesluit, "reden", reden)
    grenzen.past(problems, Pgbbesluit, "besluit_toelichting", toelichting, veld="toelichting")
    if not problems.problems:  # the collisions only for an otherwise valid request
        _pgb_botsingen(problems, client=client, wet=wet, ingangsdatum=ingangsdatum, einddatum=einddatum)
    problems.raise_if_any()
    besluit = Pgbbesluit(
        client=client,
        gemeente_id=client.gemeente_id,
        wet=wet,
        plan=plan,
        verwijzing_id=plan.verwijzing_id if plan is not None else None,
        bedrag=value,
        ingangsdatum=ingangsdatum,
        einddatum=einddatum,
        tariefgrondslag=tariefgrondslag,
        keuze_client=bool(keuze_client),
        reden=reden,
        aangevraagd_door=door,
        is_synthetisch=is_synthetisch,
    )
    besluit.save()
    overgangen.begin(besluit, door=door, notitie="Pgb aangevraagd.")
    if toekennen:
        _pgb_stap(besluit, Pgbbesluit.Status.TOEGEKEND, door=door, toelichting=toelichting)
    return besluit


def _pgb_stap(besluit: Pgbbesluit, naar: str, *, door, **args) -> None:
    velden = ["besloten_door", "besloten_op", "besluit_toelichting", "beeindigd_op"]
    overgangen.overgaan(besluit, naar, door=door, velden=velden, wie=door, **args)


def _pgb_voor_besluit(besluit: Pgbbesluit, door) -> Pgbbesluit:
    besluit = Pgbbesluit.objects.select_for_update(of=("self",)).select_related("client", "gemeente").get(pk=besluit.pk)
    policy.vereis(door, "toegang.pgb_besluiten", besluit)
    return besluit


def _reden_verplicht(toelichting: str, code: str, wat: str) -> str:
    toelichting = (toelichting or "").strip()
    problems = ProblemCollector()
    if not toelichting:
        problems.add(code, f"Geef de reden van {wat}.", "toelichting")
    grenzen.past(problems, Pgbbesluit, "besluit_toelichting", toelichting, veld="toelichting")
    problems.raise_if_any()
    return toelichting


@transaction.atomic
def pgbbesluit_toekennen(*, besluit: Pgbbesluit, door, toelichting: str = "") -> Pgbbesluit:
    """Grant a requested pgb. The collisions are checked again: a trajectory in kind may have been
    assigned since the request."""
    besluit = _pgb_voor_besluit(besluit, door)
    Client.objects.select_for_update(of=("self",)).filter(pk=besluit.client_id).first()  # one decision at a time
    overgangen.controleer(besluit, Pgbbesluit.Status.TOEGEKEND)
    problems = ProblemCollector()
    grenzen.past(problems, Pgbbesluit, "besluit_toelichting", (toelichting or "").strip(), veld="toelichting")
    _pgb_botsingen(
        problems,
        client=besluit.client,
        wet=besluit.wet,
        ingangsdatum=besluit.ingangsdatum,
        einddatum=besluit.einddatum,
        zonder=besluit,
    )
    problems.raise_if_any()
    _pgb_stap(besluit, Pgbbesluit.Status.TOEGEKEND, door=door, toelichting=(toelichting or "").strip())
    return besluit


@transaction.atomic
def pgbbesluit_afwijzen(*, besluit: Pgbbesluit, door, toelichting: str) -> Pgbbesluit:
    """Refuse a requested pgb, with the reason."""
    besluit = _pgb_voor_besluit(besluit, door)
    overgangen.controleer(besluit, Pgbbesluit.Status.AFGEWEZEN)
    toelichting = _reden_verplicht(toelichting, "pgb_afwijzing_zonder_reden", "de afwijzing")
    _pgb_stap(besluit, Pgbbesluit.Status.AFGEWEZEN, door=door, toelichting=toelichting)
    return besluit


@transaction.atomic
def pgbbesluit_intrekken(*, besluit: Pgbbesluit, door, toelichting: str) -> Pgbbesluit:
    """Withdraw a request or a granted pgb as a whole (it commits nothing any more), with the reason."""
    besluit = _pgb_voor_besluit(besluit, door)
    overgangen.controleer(besluit, Pgbbesluit.Status.INGETROKKEN)
    toelichting = _reden_verplicht(toelichting, "pgb_intrekking_zonder_reden", "de intrekking")
    _pgb_stap(besluit, Pgbbesluit.Status.INGETROKKEN, door=door, toelichting=toelichting)
    return besluit


@transaction.atomic
def pgbbesluit_beeindigen(*, besluit: Pgbbesluit, door, per: dt.date | None, toelichting: str) -> Pgbbesluit:
    """End a granted pgb early: ``per`` is its last day (within the period, before the end date)."""
    besluit = _pgb_voor_besluit(besluit, door)
    overgangen.controleer(besluit, Pgbbesluit.Status.BEEINDIGD)
    problems = ProblemCollector()
    if per is None:
        problems.add("pgb_beeindigdatum_ontbreekt", "Vul de laatste dag van het pgb in.", "per")
    elif not besluit.ingangsdatum <= per < besluit.einddatum:
        problems.add(
            "pgb_beeindiging_buiten_periode",
            f"De laatste dag ligt van {besluit.ingangsdatum:%d-%m-%Y} tot {besluit.einddatum:%d-%m-%Y} "
            f"(de einddatum zelf is geen tussentijdse beëindiging); {per:%d-%m-%Y} valt erbuiten.",
            "per",
        )
    if not (toelichting or "").strip():
        problems.add("pgb_beeindiging_zonder_reden", "Geef de reden van de beëindiging.", "toelichting")
    grenzen.past(problems, Pgbbesluit, "besluit_toelichting", (toelichting or "").strip(), veld="toelichting")
    problems.raise_if_any()
    _pgb_stap(besluit, Pgbbesluit.Status.BEEINDIGD, door=door, per=per, toelichting=toelichting.strip())
    return besluit
