"""Changes to assignments and trajectories: assign (with the client's choice, the fixed budget and
the four-eyes check), accept or decline, start, evaluate, end, close, withdraw, change of profile or
intensity, subcontractors, exceptions to 'no stacking', and signals for the region.

Each function validates everything first, locks the rows its rule depends on, raises a DomainError
with a code and a Dutch message, and saves nothing when it refuses.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.catalogus import selectors as catalogus
from uitkomst.catalogus.models import Product
from uitkomst.contractering import selectors as contractering
from uitkomst.contractering.models import Aanbieder
from uitkomst.signalen import services as signalen
from uitkomst.signalen.models import Onderwerp, Soort
from uitkomst.toegang import selectors as toegang_selectors
from uitkomst.toegang.models import Client, Gezinsplan
from uitkomst.utils import klok, overgangen
from uitkomst.utils.dates import add_months
from uitkomst.utils.errors import Conflict, NotAllowed, ProblemCollector, ValidationFailed

from . import workflow
from .codes import Doelrealisatie, RedenBeeindiging, RedenWeigering
from .models import (
    Doelstatus,
    Evaluatie,
    Onderaannemer,
    StapelingUitzondering,
    Stapelpoging,
    Toewijzing,
    Traject,
)
from .workflow import Status


def acceptatietermijn_dagen() -> int:
    """Days a provider has to accept (``settings.ACCEPTATIETERMIJN_DAGEN``, default 5)."""
    return int(settings.ACCEPTATIETERMIJN_DAGEN)


def maximale_einddatum(product: Product, startdatum: dt.date) -> dt.date | None:
    """The last day allowed by the intensity's maximum duration (None: no maximum)."""
    months = product.intensiteit.maximale_duur_maanden if product.intensiteit_id else None
    return add_months(startdatum, months) - dt.timedelta(days=1) if months else None


# The reason in the creation rows of an assignment that waits for a second person (four eyes).
VIER_OGEN_REDEN = "Toegewezen; wacht op goedkeuring door een tweede persoon (segment met extra controle)."


def _nieuw_nummer(pk: int) -> str:
    return f"TW{pk:08d}"


def _actor(door, traject: Traject) -> str | None:
    """The party of the transition table ``door`` acts as for this trajectory (``accounts.policy``)."""
    partijen = [
        partij
        for partij, actie in (
            (workflow.AANBIEDER, "trajecten.handelen_als_aanbieder"),
            (workflow.TOEGANG, "trajecten.handelen_als_toegang"),
        )
        if policy.mag(door, actie, traject)
    ]
    return partijen[0] if partijen else None


def _lock(traject: Traject) -> Traject:
    return Traject.objects.select_for_update(of=("self",)).select_related("toewijzing").get(pk=traject.pk)


def _stap_toegestaan(traject: Traject, naar: str, door, *, actor: str | None = None) -> None:
    """Refuse a step of a (locked) trajectory: a foreign actor, a step the transition table does not
    have (``ongeldige_overgang``), the wrong kind of actor, or a condition that does not hold."""
    actor = actor or _actor(door, traject)
    if actor is None:
        raise NotAllowed(
            "U mag dit traject niet wijzigen: het is niet van uw organisatie of gemeente.", code="geen_toegang"
        )
    stap = overgangen.tabel(Traject).get((traject.status, naar))
    if stap is None:
        raise overgangen.weigering(Traject, traject.status, naar)
    actors = stap.custom["actoren"]
    if actor not in actors:
        wie = "de aanbieder" if workflow.AANBIEDER in actors else "de toegang"
        raise NotAllowed(f"Alleen {wie} mag een traject {stap.actie}.", code="overgang_niet_toegestaan")
    overgangen.controleer(traject, naar)


def _overgang(
    traject: Traject, naar: str, door, *, actor: str | None = None, velden=(), notitie: str = "", **args
) -> Traject:
    """Move a (locked) trajectory to ``naar`` through its declared transition (``args`` go to the
    model's transition method), save the status and ``velden`` and append the history row."""
    _stap_toegestaan(traject, naar, door, actor=actor)
    overgangen.overgaan(traject, naar, door=door, notitie=notitie, velden=velden, **args)
    return traject


def _days(a: dt.date | None, b: dt.date | None) -> int | None:
    return max((b - a).days, 0) if a and b else None


# --- assignment ---------------------------------------------------------------------------------


def toewijzing_create(**kwargs) -> Toewijzing:
    """Assign a plan's product to a provider (see ``_toewijzing_create`` for the rules).

    A refusal because of stacking saves nothing of the assignment, but the attempt itself is
    recorded in a transaction of its own, so the region's signal centre can show it.
    """
    try:
        return _toewijzing_create(**kwargs)
    except Conflict as exc:
        if exc.code == "stapeling":
            stapelpoging_registreren(
                plan=kwargs["plan"],
                aanbieder=kwargs["aanbieder"],
                door=kwargs["door"],
                product=kwargs.get("product"),
            )
        raise


@transaction.atomic
def stapelpoging_registreren(*, plan: Gezinsplan, aanbieder: Aanbieder, door, product=None) -> Stapelpoging:
    plan = Gezinsplan.objects.select_related("inkoopmodel", "gemeente").get(pk=plan.pk)
    policy.vereis(door, "trajecten.toewijzing_aanmaken", plan)  # the refused attempt was this user's
    lopend = (
        Traject.objects.filter(client_id=plan.client_id, inkoopmodel=plan.inkoopmodel, status__in=workflow.ACTIEF)
        .order_by("toegewezen_op")
        .first()
    )
    poging = Stapelpoging.objects.create(
        client_id=plan.client_id,
        inkoopmodel=plan.inkoopmodel,
        gemeente=plan.gemeente,
        product=product or plan.product,
        aanbieder=aanbieder,
        lopend_traject=lopend,
        door=door,
    )
    signalen.signaal_create(
        soort=Soort.STAPELING,
        sleutel=f"poging:{poging.pk}",
        gemeente=plan.gemeente,
        aanbieder=aanbieder,
        onderwerp_type=Onderwerp.TRAJECT if lopend else Onderwerp.STAPELPOGING,
        onderwerp_id=str(lopend.uuid) if lopend else str(poging.pk),
        titel="Poging tot stapeling geweigerd",
        omschrijving=(
            f"Poging tot stapeling binnen {plan.inkoopmodel.naam} op {timezone.localtime(poging.op):%d-%m-%Y}: "
            "geweigerd, de cliënt heeft al een actief traject."
        ),
        door=door,
    )
    return poging


@transaction.atomic
def _toewijzing_create(
    *,
    plan: Gezinsplan,
    aanbieder: Aanbieder,
    startdatum: dt.date,
    door,
    einddatum: dt.date | None = None,
    keuze_door_client: bool = False,
    product: Product | None = None,
    vorige: Toewijzing | None = None,
) -> Toewijzing:
    """Assign the plan's product to the provider the client chose, with the tariff on the start date
    as the fixed budget. Refuses a second active trajectory of the client in the same model unless
    the product may stack or an approved exception exists. Segment C waits for a second approver."""
    # Lock the client first: two concurrent requests for the same client are serialised here.
    client = Client.objects.select_for_update(of=("self",)).get(pk=plan.client_id)
    plan = Gezinsplan.objects.select_related("inkoopmodel", "gemeente", "verwijzing", "product__intensiteit").get(
        pk=plan.pk
    )
    policy.vereis(door, "trajecten.toewijzing_aanmaken", plan)
    product = product or plan.product
    model = plan.inkoopmodel
    problems = ProblemCollector()
    if not plan.doelen.exists():
        problems.add("plan_zonder_doelen", "Het plan heeft geen doelen; leg eerst minstens één doel vast.", "plan")
    if product is None:
        problems.add("product_ontbreekt", "Kies eerst profiel en intensiteit in het plan.", "product")
        problems.raise_if_any()
    if product.inkoopmodel_id != model.pk:
        problems.add("product_ander_model", f"Product {product.code} hoort niet bij {model.naam}.", "product")
    if product.is_maatwerk and plan.maatwerk_status != Gezinsplan.Maatwerkstatus.GOEDGEKEURD:
        problems.add("maatwerk_niet_goedgekeurd", "De maatwerkprijs is nog niet goedgekeurd.", "product")
    if not keuze_door_client:
        problems.add(
            "keuze_client_ontbreekt",
            "De cliënt kiest zelf de verantwoordelijke aanbieder; leg vast dat de cliënt heeft gekozen.",
            "keuze_door_client",
        )
    if startdatum is None:
        problems.add("startdatum_ontbreekt", "De startdatum ontbreekt.", "startdatum")
        problems.raise_if_any()
    if startdatum < model.geldig_van or (model.geldig_tot and startdatum > model.geldig_tot):
        problems.add(
            "start_buiten_model",
            f"De startdatum {startdatum:%d-%m-%Y} valt buiten de looptijd van {model.naam}.",
            "startdatum",
        )
    elif startdatum < product.geldig_van or (product.geldig_tot and startdatum > product.geldig_tot):
        problems.add(
            "start_buiten_product", f"Product {product.code} geldt niet op {startdatum:%d-%m-%Y}.", "startdatum"
        )
    if startdatum < plan.verwijzing.datum:
        problems.add("start_voor_verwijzing", "De startdatum ligt vóór de verwijsdatum.", "startdatum")
    max_end = maximale_einddatum(product, startdatum)
    if einddatum is None:
        einddatum = max_end
        if einddatum is None:
            problems.add(
                "einddatum_ontbreekt", "Dit product heeft geen maximale duur: geef een einddatum.", "einddatum"
            )
    if einddatum is not None:
        if einddatum < startdatum:
            problems.add(
                "einde_voor_begin",
                f"De einddatum ({einddatum:%d-%m-%Y}) ligt vóór de startdatum ({startdatum:%d-%m-%Y}).",
                "einddatum",
            )
        elif max_end and einddatum > max_end:
            problems.add(
                "duur_te_lang",
                f"De intensiteit {product.intensiteit.naam} duurt maximaal {product.intensiteit.maximale_duur_maanden} "
                f"maanden: de einddatum mag uiterlijk {max_end:%d-%m-%Y} zijn.",
                "einddatum",
            )
        elif model.geldig_tot and einddatum > model.geldig_tot:
            problems.add(
                "einde_buiten_model",
                f"De einddatum valt na het einde van {model.naam} ({model.geldig_tot:%d-%m-%Y}).",
                "einddatum",
            )
    if not contractering.is_gecontracteerd(aanbieder=aanbieder, product=product, datum=startdatum):
        problems.add(
            "niet_gecontracteerd",
            f"{aanbieder.naam} heeft op {startdatum:%d-%m-%Y} geen contract (raamovereenkomst) voor {product.code}.",
            "aanbieder",
        )
    if not product.mag_stapelen and toegang_selectors.pgb_loopt(client=client, wet=model.wet, op=startdatum):
        # a granted personal budget replaces care in kind under the same law (docs/pgb.md)
        problems.add(
            "natura_naast_pgb",
            f"Deze cliënt heeft op {startdatum:%d-%m-%Y} een toegekend pgb onder dezelfde wet; zorg in natura "
            "kan daar niet naast worden toegewezen. Beëindig eerst het pgb of kies een latere startdatum.",
            "startdatum",
        )
    tarief = None
    if product.is_maatwerk:
        budget = plan.maatwerk_prijs
    else:
        tarief = catalogus.tarief_op_datum(product=product, datum=startdatum)
        budget = tarief.bedrag if tarief else None
        if tarief is None:
            problems.add(
                "geen_tarief", f"Product {product.code} heeft geen tarief op {startdatum:%d-%m-%Y}.", "startdatum"
            )
    problems.raise_if_any()

    # No stacking: one active trajectory per client per purchasing model.
    stapeling_toegestaan, uitzondering = product.mag_stapelen, None
    active = Traject.objects.filter(
        client=client, inkoopmodel=model, status__in=workflow.ACTIEF, stapeling_toegestaan=False
    )
    if not stapeling_toegestaan and active.exists():
        uitzondering = (
            StapelingUitzondering.objects.select_for_update(of=("self",))
            .filter(client=client, inkoopmodel=model, goedgekeurd_op__isnull=False, traject__isnull=True)
            .first()
        )
        if uitzondering is None:
            lopend = active.select_related("product", "aanbieder").first()
            raise Conflict(
                f"Deze cliënt heeft al een actief traject binnen {model.naam} ({lopend.product.code} bij "
                f"{lopend.aanbieder.naam}, status {lopend.get_status_display()}). Stapeling is niet toegestaan: "
                "wijzig het lopende traject of vraag een uitzondering aan.",
                code="stapeling",
            )
        stapeling_toegestaan = True

    segment = catalogus.kostensegment_voor(inkoopmodel=model, bedrag=budget)
    vier_ogen = bool(segment and segment.extra_controle)
    now = timezone.now()
    today = timezone.localdate(now)
    aantal = contractering.gecontracteerde_aanbieders(product=product, datum=startdatum).count()
    try:
        with transaction.atomic():
            toewijzing = Toewijzing.objects.create(
                nummer=f"N{now.timestamp():.6f}"[:20],
                plan=plan,
                verwijzing=plan.verwijzing,
                client=client,
                gemeente=plan.gemeente,
                inkoopmodel=model,
                product=product,
                aanbieder=aanbieder,
                startdatum=startdatum,
                einddatum=einddatum,
                budget=budget,
                tarief=tarief,
                kostensegment=segment,
                goedkeuring=Toewijzing.Goedkeuring.WACHT if vier_ogen else Toewijzing.Goedkeuring.NIET_NODIG,
                vrijgegeven_op=None if vier_ogen else now,
                accepteren_voor=None if vier_ogen else today + dt.timedelta(days=acceptatietermijn_dagen()),
                keuze_door_client=True,
                aantal_keuzemogelijkheden=aantal,
                vorige=vorige,
                aangemaakt_door=door,
                aangemaakt_op=now,
            )
            toewijzing.nummer = _nieuw_nummer(toewijzing.pk)
            toewijzing.save(update_fields=["nummer"])
            halfway = startdatum + (einddatum - startdatum) / 2
            traject = Traject.objects.create(
                toewijzing=toewijzing,
                client=client,
                gemeente=plan.gemeente,
                inkoopmodel=model,
                product=product,
                aanbieder=aanbieder,
                status=Status.TOEGEWEZEN,
                zichtbaar_voor_aanbieder=not vier_ogen,
                stapeling_toegestaan=stapeling_toegestaan,
                uitzondering=uitzondering,
                verwijsdatum=plan.verwijzing.datum,
                toegewezen_op=today,
                dagen_tot_toewijzing=_days(plan.verwijzing.datum, today),
                tussenevaluatie_op=halfway,
                eindevaluatie_op=einddatum,
            )
    except IntegrityError as exc:  # the partial unique constraint: a concurrent assignment won
        raise Conflict(
            f"Deze cliënt heeft al een actief traject binnen {model.naam}. Stapeling is niet toegestaan.",
            code="stapeling",
        ) from exc
    reden = VIER_OGEN_REDEN if vier_ogen else ""
    overgangen.begin(toewijzing, door=door, notitie=reden)
    overgangen.begin(traject, door=door, notitie=reden)
    return toewijzing


@transaction.atomic
def toewijzing_goedkeuren(*, toewijzing: Toewijzing, door) -> Toewijzing:
    """Four eyes: someone other than the creator releases an expensive (segment C) assignment."""
    toewijzing = Toewijzing.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=toewijzing.pk)
    policy.vereis(door, "trajecten.toewijzing_goedkeuren", toewijzing)
    if not overgangen.mag(Toewijzing, toewijzing.goedkeuring, Toewijzing.Goedkeuring.GOEDGEKEURD):
        raise overgangen.weigering(Toewijzing, toewijzing.goedkeuring, Toewijzing.Goedkeuring.GOEDGEKEURD)
    if toewijzing.aangemaakt_door_id == door.pk:
        raise NotAllowed(
            "U kunt uw eigen toewijzing niet goedkeuren: een tweede persoon keurt dure trajecten goed (vier ogen).",
            code="eigen_goedkeuring",
        )
    traject = _lock(toewijzing.traject)
    toewijzing.traject = traject  # the transition's condition reads the locked trajectory
    now = timezone.now()
    overgangen.overgaan(
        toewijzing,
        Toewijzing.Goedkeuring.GOEDGEKEURD,
        door=door,
        beoordelaar=door,
        op=now,
        accepteren_voor=timezone.localdate(now) + dt.timedelta(days=acceptatietermijn_dagen()),
        velden=["goedgekeurd_door", "goedgekeurd_op", "vrijgegeven_op", "accepteren_voor"],
    )
    traject.save(update_fields=["zichtbaar_voor_aanbieder"])  # released to the provider by the transition
    return toewijzing


# --- the provider: accept or decline -------------------------------------------------------------


@transaction.atomic
def traject_accepteren(*, traject: Traject, door) -> Traject:
    traject = _lock(traject)
    policy.vereis(door, "trajecten.traject_accepteren", traject)
    _overgang(
        traject, Status.GEACCEPTEERD, door, datum=klok.vandaag(), velden=["geaccepteerd_op", "dagen_tot_acceptatie"]
    )
    return traject


@transaction.atomic
def traject_afwijzen(*, traject: Traject, reden: str, door, toelichting: str = "") -> Traject:
    """Decline despite the acceptance obligation: only with a coded reason; the region gets a signal."""
    if reden not in RedenWeigering.values:
        raise ValidationFailed(
            "Een toewijzing weigeren kan alleen met een gecodeerde reden (bijvoorbeeld een onveilige situatie).",
            code="reden_weigering_ontbreekt",
            field="reden",
        )
    traject = _lock(traject)
    policy.vereis(door, "trajecten.traject_afwijzen", traject)
    _overgang(
        traject, Status.AFGEWEZEN, door, reden=reden, toelichting=toelichting, velden=["reden_weigering", "toelichting"]
    )
    signalen.signaal_create(
        soort=Soort.AFWIJZING,
        sleutel=f"traject:{traject.uuid}",
        gemeente=traject.gemeente_id,
        aanbieder=traject.aanbieder_id,
        onderwerp_type=Onderwerp.TRAJECT,
        onderwerp_id=str(traject.uuid),
        titel=f"Toewijzing {traject.toewijzing.nummer} geweigerd",
        omschrijving=f"Toewijzing {traject.toewijzing.nummer} geweigerd: {RedenWeigering(reden).label}.",
        door=door,
    )
    return traject


@transaction.atomic
def signalen_acceptatie_controleren(*, op: dt.date | None = None, door=None) -> int:
    """Signal every released assignment not accepted within the term (idempotent). Run daily, as a
    named system actor (``door``; default ``systeem:signalen``). Returns the number of new signals."""
    op = op or klok.vandaag()
    door = door or policy.systeem_actor("signalen")
    overdue = Traject.objects.filter(
        status=Status.TOEGEWEZEN, zichtbaar_voor_aanbieder=True, toewijzing__accepteren_voor__lt=op
    ).values("uuid", "gemeente_id", "aanbieder_id", "toewijzing__nummer", "toewijzing__accepteren_voor")
    rijen = [
        {
            "soort": Soort.ACCEPTATIE_OVERSCHREDEN,
            "sleutel": f"traject:{t['uuid']}",
            "gemeente": t["gemeente_id"],
            "aanbieder": t["aanbieder_id"],
            "onderwerp_type": Onderwerp.TRAJECT,
            "onderwerp_id": str(t["uuid"]),
            "titel": f"Toewijzing {t['toewijzing__nummer']} niet op tijd geaccepteerd",
            "omschrijving": (
                f"Toewijzing {t['toewijzing__nummer']} is niet geaccepteerd vóór "
                f"{t['toewijzing__accepteren_voor']:%d-%m-%Y}."
            ),
        }
        for t in overdue.order_by("pk")
    ]
    return len(signalen.signalen_create(rijen=rijen, door=door))


# --- execution ----------------------------------------------------------------------------------


@transaction.atomic
def traject_starten(*, traject: Traject, door, datum: dt.date | None = None) -> Traject:
    traject = _lock(traject)
    policy.vereis(door, "trajecten.traject_starten", traject)
    datum = datum or klok.vandaag()
    _start_controleren(traject, datum)
    _overgang(traject, Status.GESTART, door, datum=datum, velden=["gestart_op", "dagen_tot_start"])
    return traject


def _start_controleren(traject: Traject, datum: dt.date) -> None:
    t = traject.toewijzing
    if datum < t.startdatum or datum > t.einddatum:
        raise ValidationFailed(
            f"De start ({datum:%d-%m-%Y}) valt buiten de toegewezen periode ({t.startdatum:%d-%m-%Y} t/m "
            f"{t.einddatum:%d-%m-%Y}).",
            code="start_buiten_toewijzing",
            field="datum",
        )


def trajecten_starten(*, starts, door, bulk: overgangen.Bulk | None = None) -> overgangen.Bulk:
    """The bulk form of ``traject_accepteren`` (while still 'toegewezen') followed by ``traject_starten``,
    for ``starts`` = ``(traject, datum)`` pairs the caller has locked (``select_for_update``, with the
    ``toewijzing``): the same permission checks, period check, steps and history rows, in the same
    order, through ``overgangen.Bulk``. Refused as a whole by the first DomainError (nothing saved,
    the objects in memory as before). With ``bulk`` the steps join the caller's bulk, which saves them."""
    opslaan, bulk = bulk is None, bulk or overgangen.Bulk()
    with bulk:
        for traject, datum in starts:
            # who ``door`` acts as is asked of the policy once per trajectory: accepting changes
            # nothing the policy reads (provider, municipality, released to the provider)
            actor = None
            if traject.status == Status.TOEGEWEZEN:
                policy.vereis(door, "trajecten.traject_accepteren", traject)
                actor = _actor(door, traject)
                _stap_toegestaan(traject, Status.GEACCEPTEERD, door, actor=actor)
                bulk.stap(
                    traject,
                    Status.GEACCEPTEERD,
                    door=door,
                    datum=klok.vandaag(),
                    velden=["geaccepteerd_op", "dagen_tot_acceptatie"],
                )
            policy.vereis(door, "trajecten.traject_starten", traject)
            datum = datum or klok.vandaag()
            _start_controleren(traject, datum)
            _stap_toegestaan(traject, Status.GESTART, door, actor=actor)
            bulk.stap(traject, Status.GESTART, door=door, datum=datum, velden=["gestart_op", "dagen_tot_start"])
    if opslaan:
        bulk.opslaan()
    return bulk


# The code lists as sets, built once (``.values`` builds a new list on every read). A value that is
# not a plain str (a list from JSON is not hashable) is compared with the list itself.
_DOELREALISATIES = frozenset(Doelrealisatie.values)
_REDENEN_BEEINDIGING = frozenset(RedenBeeindiging.values)


def _doelstatussen(traject: Traject, doelstatussen: dict, problems: ProblemCollector, *, alle: bool) -> dict[int, str]:
    doelen = {d.pk: d for d in traject.toewijzing.plan.doelen.all()}
    result = {}
    for key, value in (doelstatussen or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            pk = None
        if pk not in doelen:
            problems.add("doel_onbekend", f"Doel {key} hoort niet bij dit plan.", "doelstatussen")
        elif (value not in _DOELREALISATIES) if type(value) is str else (value not in Doelrealisatie.values):
            problems.add("doelstatus_ongeldig", f"'{value}' is geen doelstatus.", "doelstatussen")
        else:
            result[pk] = value
    if alle and set(result) != set(doelen):
        missing = [doelen[pk].omschrijving for pk in doelen if pk not in result]
        problems.add(
            "doelstatus_ontbreekt", "Geef bij ieder doel aan of het is behaald: " + "; ".join(missing), "doelstatussen"
        )
    return result


def _evaluatie(traject, soort, datum, statuses, toelichting, door) -> Evaluatie:
    evaluatie = Evaluatie.objects.create(traject=traject, soort=soort, datum=datum, toelichting=toelichting, door=door)
    Doelstatus.objects.bulk_create(
        [Doelstatus(evaluatie=evaluatie, doel_id=pk, status=s) for pk, s in statuses.items()]
    )
    return evaluatie


@transaction.atomic
def traject_tussenevaluatie(
    *, traject: Traject, door, doelstatussen: dict, toelichting: str = "", datum: dt.date | None = None
) -> Evaluatie:
    """The interim evaluation against the plan, due halfway the maximum duration."""
    traject = _lock(traject)
    policy.vereis(door, "trajecten.traject_evalueren", traject)
    problems = ProblemCollector()
    if traject.status != Status.GESTART:
        problems.add("niet_gestart", "Alleen een gestart traject wordt tussentijds geëvalueerd.")
    if traject.evaluaties.filter(soort=Evaluatie.Soort.TUSSENTIJDS).exists():
        problems.add("al_geevalueerd", "De tussentijdse evaluatie is al vastgelegd.")
    statuses = _doelstatussen(traject, doelstatussen, problems, alle=True)
    problems.raise_if_any()
    return _evaluatie(traject, Evaluatie.Soort.TUSSENTIJDS, datum or klok.vandaag(), statuses, toelichting, door)


@transaction.atomic
def traject_beeindigen(
    *,
    traject: Traject,
    door,
    reden: str,
    doelstatussen: dict,
    datum: dt.date | None = None,
    toelichting: str = "",
) -> Traject:
    """End the trajectory: the national reason for ending (JZ588) and the status of every goal."""
    traject = _lock(traject)
    datum = datum or klok.vandaag()
    statuses = _einde_controleren(traject, door, reden, doelstatussen, datum)
    _overgang(
        traject,
        Status.BEEINDIGD,
        door,
        datum=datum,
        reden=reden,
        toelichting=toelichting,
        velden=["beeindigd_op", "reden_beeindiging", "toelichting"],
    )
    _evaluatie(traject, Evaluatie.Soort.EIND, datum, statuses, toelichting, door)
    return traject


def _einde_controleren(traject: Traject, door, reden: str, doelstatussen: dict, datum: dt.date) -> dict[int, str]:
    policy.vereis(door, "trajecten.traject_beeindigen", traject)
    problems = ProblemCollector()
    if (reden not in _REDENEN_BEEINDIGING) if type(reden) is str else (reden not in RedenBeeindiging.values):
        problems.add("reden_beeindiging_ontbreekt", "Kies de reden van beëindiging (JZ588).", "reden")
    statuses = _doelstatussen(traject, doelstatussen, problems, alle=True)
    if traject.gestart_op and datum < traject.gestart_op:
        problems.add("einde_voor_begin", "De einddatum ligt vóór de start van het traject.", "datum")
    # An illegal transition or a foreign actor is refused first; then the missing facts (nothing saved).
    _stap_toegestaan(traject, Status.BEEINDIGD, door)
    problems.raise_if_any()
    return statuses


def trajecten_beeindigen(*, stops, door, bulk: overgangen.Bulk | None = None) -> overgangen.Bulk:
    """The bulk form of ``traject_beeindigen`` for ``stops`` = ``(traject, reden, doelstatussen, datum,
    toelichting)`` on trajectories the caller has locked (``select_for_update``, with ``toewijzing__plan``
    and its ``doelen`` prefetched): the same checks, step, history row and end evaluation with its goal
    statuses, through ``overgangen.Bulk``. Refused as a whole by the first DomainError (nothing saved).
    With ``bulk`` the steps join the caller's bulk, which saves them."""
    opslaan, bulk = bulk is None, bulk or overgangen.Bulk()
    with bulk:
        for traject, reden, doelstatussen, datum, toelichting in stops:
            datum = datum or klok.vandaag()
            statuses = _einde_controleren(traject, door, reden, doelstatussen, datum)
            bulk.stap(
                traject,
                Status.BEEINDIGD,
                door=door,
                datum=datum,
                reden=reden,
                toelichting=toelichting,
                velden=["beeindigd_op", "reden_beeindiging", "toelichting"],
            )
            evaluatie = Evaluatie(
                traject=traject, soort=Evaluatie.Soort.EIND, datum=datum, toelichting=toelichting, door=door
            )
            doelen = [Doelstatus(evaluatie=evaluatie, doel_id=pk, status=s) for pk, s in statuses.items()]
            bulk.nieuw(evaluatie, *doelen)
    if opslaan:
        bulk.opslaan()
    return bulk


@transaction.atomic
def traject_afsluiten(*, traject: Traject, door) -> Traject:
    traject = _lock(traject)
    policy.vereis(door, "trajecten.traject_afsluiten", traject)
    _overgang(traject, Status.AFGESLOTEN, door, datum=klok.vandaag(), velden=["afgesloten_op"])
    return traject


@transaction.atomic
def traject_intrekken(*, traject: Traject, door, reden: str) -> Traject:
    if not (reden or "").strip():
        raise ValidationFailed("Geef een reden om de toewijzing in te trekken.", code="reden_ontbreekt", field="reden")
    traject = _lock(traject)
    policy.vereis(door, "trajecten.traject_intrekken", traject)
    _overgang(traject, Status.INGETROKKEN, door, reden=reden.strip(), velden=["toelichting"])
    return traject


@transaction.atomic
def traject_wijzigen(
    *,
    traject: Traject,
    product: Product,
    motivering: str,
    door,
    startdatum: dt.date | None = None,
    aanbieder: Aanbieder | None = None,
) -> Toewijzing:
    """A change of profile or intensity ends the current trajectory (JZ588 code 36) and starts a new
    assignment. A legacy (P×Q) client moves to the model valid on the change date (phased introduction)."""
    Client.objects.select_for_update(of=("self",)).get(pk=traject.client_id)
    traject = _lock(traject)
    startdatum = startdatum or klok.vandaag()
    policy.vereis(door, "trajecten.traject_wijzigen", traject)
    problems = ProblemCollector()
    if not motivering.strip():
        problems.add("motivering_ontbreekt", "Motiveer de wijziging van profiel of intensiteit.", "motivering")
    if product.pk == traject.product_id:
        problems.add("zelfde_product", "Dit is hetzelfde profiel en dezelfde intensiteit.", "product")
    old_model = traject.inkoopmodel
    if product.inkoopmodel_id != old_model.pk:
        new_model = product.inkoopmodel
        valid_now = new_model.geldig_van <= startdatum and (
            new_model.geldig_tot is None or startdatum <= new_model.geldig_tot
        )
        if not (new_model.regio_id == old_model.regio_id and new_model.wet == old_model.wet and valid_now):
            problems.add("product_ander_model", f"Product {product.code} hoort niet bij {old_model.naam}.", "product")
    problems.raise_if_any()
    plan = traject.toewijzing.plan
    # End the running trajectory: the municipality initiates the change.
    aanleiding = f"Wijziging naar {product.code}: {motivering.strip()}"
    if traject.status == Status.GESTART:
        _overgang(
            traject,
            Status.BEEINDIGD,
            door,
            actor=workflow.TOEGANG,
            datum=startdatum - dt.timedelta(days=1),
            reden=RedenBeeindiging.GEMEENTE,
            aanleiding=aanleiding,
            velden=["beeindigd_op", "reden_beeindiging"],
        )
    elif traject.status in (Status.TOEGEWEZEN, Status.GEACCEPTEERD):
        _overgang(traject, Status.INGETROKKEN, door, actor=workflow.TOEGANG, reden=aanleiding, velden=["toelichting"])
    else:
        raise Conflict(
            f"Een traject met status '{traject.get_status_display()}' kan niet meer worden gewijzigd.",
            code="ongeldige_overgang",
        )
    plan.inkoopmodel, plan.product, plan.motivering = product.inkoopmodel, product, motivering.strip()
    plan.save(update_fields=["inkoopmodel", "product", "motivering"])
    return toewijzing_create(
        plan=plan,
        aanbieder=aanbieder or traject.aanbieder,
        startdatum=startdatum,
        door=door,
        keuze_door_client=True,
        vorige=traject.toewijzing,
    )


@transaction.atomic
def onderaannemer_toevoegen(*, traject: Traject, aanbieder: Aanbieder, omschrijving: str, door) -> Onderaannemer:
    """The responsible provider engages another provider for part of the trajectory."""
    traject = _lock(traject)
    policy.vereis(door, "trajecten.onderaannemer_toevoegen", traject)
    problems = ProblemCollector()
    if traject.status not in (Status.GEACCEPTEERD, Status.GESTART):
        problems.add("traject_niet_lopend", "Onderaannemers horen bij een geaccepteerd of gestart traject.")
    if aanbieder.pk == traject.aanbieder_id:
        problems.add("zelfde_aanbieder", "De verantwoordelijke aanbieder kan niet zijn eigen onderaannemer zijn.")
    if traject.onderaannemers.filter(aanbieder=aanbieder).exists():
        problems.add("al_onderaannemer", f"{aanbieder.naam} is al onderaannemer in dit traject.")
    if not omschrijving.strip():
        problems.add("omschrijving_ontbreekt", "Beschrijf welk deel de onderaannemer levert.", "omschrijving")
    problems.raise_if_any()
    return Onderaannemer.objects.create(
        traject=traject, aanbieder=aanbieder, omschrijving=omschrijving.strip(), door=door
    )


# --- exceptions to 'no stacking' ----------------------------------------------------------------


@transaction.atomic
def stapeling_uitzondering_aanvragen(*, client: Client, inkoopmodel, reden: str, door) -> StapelingUitzondering:
    policy.vereis(door, "trajecten.stapeling_uitzondering_aanvragen", client)
    client = Client.objects.select_for_update(of=("self",)).get(pk=client.pk)
    problems = ProblemCollector()
    if not (reden or "").strip():
        problems.add("reden_ontbreekt", "Motiveer de uitzondering op stapeling.", "reden")
    if StapelingUitzondering.objects.filter(client=client, inkoopmodel=inkoopmodel, traject__isnull=True).exists():
        problems.add(
            "uitzondering_al_aangevraagd",
            "Voor deze cliënt is al een uitzondering aangevraagd of goedgekeurd die nog niet is gebruikt.",
        )
    problems.raise_if_any()
    return StapelingUitzondering.objects.create(
        client=client, inkoopmodel=inkoopmodel, reden=reden, aangevraagd_door=door
    )


@transaction.atomic
def stapeling_uitzondering_goedkeuren(*, uitzondering: StapelingUitzondering, door) -> StapelingUitzondering:
    uitzondering = (
        StapelingUitzondering.objects.select_for_update(of=("self",)).select_related("client").get(pk=uitzondering.pk)
    )
    policy.vereis(door, "trajecten.stapeling_uitzondering_goedkeuren", uitzondering)
    if uitzondering.aangevraagd_door_id == door.pk:
        raise NotAllowed("Een tweede persoon keurt de uitzondering goed (vier ogen).", code="eigen_goedkeuring")
    uitzondering.goedgekeurd_door, uitzondering.goedgekeurd_op = door, timezone.now()
    uitzondering.save(update_fields=["goedgekeurd_door", "goedgekeurd_op"])
    return uitzondering
