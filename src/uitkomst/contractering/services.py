"""Changes in contracting. Every rule about providers, rounds, applications and agreements lives here.

Each service validates first, collects every problem with a code and a Dutch message, and saves
nothing when one is found. Writes that must not race lock the rows they depend on
(``select_for_update``); every change of an agreement or an application appends a history row.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid as uuidlib
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from uitkomst.accounts import policy
from uitkomst.catalogus import vocabulaire
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.signalen import services as signalen
from uitkomst.signalen.models import Onderwerp, Signaal, Soort
from uitkomst.utils import grenzen, klok, overgangen
from uitkomst.utils.dates import format_period, periods_overlap, term_end
from uitkomst.utils.errors import ProblemCollector, ValidationFailed
from uitkomst.utils.geld import format_getal

from .models import (
    SCORE_MAX,
    SCORE_MIN,
    Aanbesteding,
    Aanbieder,
    Aanmelding,
    Beoordeling,
    Contactpersoon,
    Contractproduct,
    Gunningsbesluit,
    Gunningscriterium,
    Inkoopprocedure,
    Inschrijving,
    Kwaliteitsbewijs,
    Kwaliteitseis,
    Onderaanneming,
    Opschorting,
    OvereenkomstHistorie,
    Procedure,
    Procedurefase,
    Raamovereenkomst,
    Score,
    Specialisme,
    Toetredingsronde,
    Vestiging,
    Weergavestatus,
    Wet,
)
from .selectors import (
    kwaliteitseisen_voor,
    laatste_bewijzen,
    lopende_overeenkomst,
    regios_voor_bewijs,
    verlopen_bewijzen,
    volledige_rangschikking,
)
from .validators import agb_error, kvk_error

Status = Raamovereenkomst.Status
Gebeurtenis = OvereenkomstHistorie.Gebeurtenis


# --- providers -------------------------------------------------------------------------------


def aanbieder_problems(
    *,
    naam: str,
    agb_code: str,
    kvk_nummer: str,
    grootte: str,
    exclude_pk: int | None = None,
    omschrijving: str = "",
    website: str = "",
) -> ProblemCollector:
    problems = ProblemCollector()
    for veld, waarde in (("naam", naam), ("omschrijving", omschrijving), ("website", website)):
        grenzen.past(problems, Aanbieder, veld, waarde)
    if not (naam or "").strip():
        problems.add("naam_ontbreekt", "De naam van de aanbieder ontbreekt.", "naam")
    if message := agb_error(agb_code):
        problems.add("agb_ongeldig", message, "agb_code")
    elif Aanbieder.objects.filter(agb_code=agb_code).exclude(pk=exclude_pk).exists():
        problems.add("agb_bestaat", f"Er is al een aanbieder met AGB-code {agb_code}.", "agb_code")
    if message := kvk_error(kvk_nummer):
        problems.add("kvk_ongeldig", message, "kvk_nummer")
    if grootte not in Aanbieder.Grootte.values:
        problems.add("grootte_onbekend", f"Onbekende grootteklasse '{grootte}': kies klein of groot.", "grootte")
    return problems


@transaction.atomic
def aanbieder_create(
    *,
    naam: str,
    agb_code: str,
    kvk_nummer: str,
    grootte: str = Aanbieder.Grootte.KLEIN,
    omschrijving: str = "",
    website: str = "",
    specialismen: Iterable[Specialisme] = (),
    werkgebied: Iterable = (),
    is_synthetisch: bool = False,
    door,
) -> Aanbieder:
    policy.vereis(door, "contractering.aanbieder_aanmaken")
    agb_code, kvk_nummer = (agb_code or "").strip(), (kvk_nummer or "").strip()
    aanbieder_problems(
        naam=naam, agb_code=agb_code, kvk_nummer=kvk_nummer, grootte=grootte, omschrijving=omschrijving, website=website
    ).raise_if_any()
    try:
        with transaction.atomic():
            aanbieder = Aanbieder.objects.create(
                naam=naam.strip(),
                agb_code=agb_code,
                kvk_nummer=kvk_nummer,
                grootte=grootte,
                omschrijving=omschrijving,
                website=website,
                is_synthetisch=is_synthetisch,
            )
    except IntegrityError as exc:  # a concurrent creation with the same AGB code won the race
        raise ValidationFailed(
            f"Er is al een aanbieder met AGB-code {agb_code}.", code="agb_bestaat", field="agb_code"
        ) from exc
    aanbieder.specialismen.set(specialismen)
    aanbieder.werkgebied.set(werkgebied)
    return aanbieder


UPDATABLE_AANBIEDER_FIELDS = {"naam", "agb_code", "kvk_nummer", "grootte", "omschrijving", "website"}


@transaction.atomic
def aanbieder_update(*, aanbieder: Aanbieder, door, specialismen=None, werkgebied=None, **fields) -> Aanbieder:
    policy.vereis(door, "contractering.aanbieder_wijzigen", aanbieder)
    aanbieder = Aanbieder.objects.select_for_update().get(pk=aanbieder.pk)
    unknown = set(fields) - UPDATABLE_AANBIEDER_FIELDS
    if unknown:
        raise ValidationFailed(f"Onbekende velden: {', '.join(sorted(unknown))}.", code="veld_onbekend")
    for name, value in fields.items():
        setattr(aanbieder, name, value.strip() if isinstance(value, str) else value)
    aanbieder_problems(
        naam=aanbieder.naam,
        agb_code=aanbieder.agb_code,
        kvk_nummer=aanbieder.kvk_nummer,
        grootte=aanbieder.grootte,
        exclude_pk=aanbieder.pk,
        omschrijving=aanbieder.omschrijving,
        website=aanbieder.website,
    ).raise_if_any()
    aanbieder.save()
    if specialismen is not None:
        aanbieder.specialismen.set(specialismen)
    if werkgebied is not None:
        aanbieder.werkgebied.set(werkgebied)
    return aanbieder


@transaction.atomic
def vestiging_add(
    *, aanbieder: Aanbieder, naam: str, plaats: str, door, adres: str = "", postcode: str = "", gemeente=None
):
    policy.vereis(door, "contractering.aanbieder_wijzigen", aanbieder)
    if not (naam or "").strip() or not (plaats or "").strip():
        raise ValidationFailed("Een vestiging heeft een naam en een plaats.", code="vestiging_onvolledig")
    return Vestiging.objects.create(
        aanbieder=aanbieder, naam=naam, plaats=plaats, adres=adres, postcode=postcode, gemeente=gemeente
    )


@transaction.atomic
def contactpersoon_add(
    *, aanbieder: Aanbieder, naam: str, door, functie: str = "", email: str = "", telefoon: str = ""
):
    policy.vereis(door, "contractering.aanbieder_wijzigen", aanbieder)
    if not (naam or "").strip():
        raise ValidationFailed("De naam van de contactpersoon ontbreekt.", code="naam_ontbreekt", field="naam")
    return Contactpersoon.objects.create(
        aanbieder=aanbieder, naam=naam, functie=functie, email=email, telefoon=telefoon
    )


# --- quality ---------------------------------------------------------------------------------


@transaction.atomic
def kwaliteitseis_save(
    *,
    code: str,
    naam: str,
    inkoopmodel: Inkoopmodel | None = None,
    wet: str = "",
    omschrijving: str = "",
    bewijs_vereist: bool = True,
    volgorde: int = 0,
    door,
) -> Kwaliteitseis:
    """Create or update a requirement for one purchasing model, or for every model under one law
    (a law-wide requirement belongs to no region: any contract manager may set it)."""
    policy.vereis(door, "contractering.kwaliteitseis_opslaan", inkoopmodel)
    if (inkoopmodel is None) == (not wet):
        raise ValidationFailed(
            "Een kwaliteitseis geldt óf voor één inkoopmodel óf voor een hele wet, niet voor beide of geen van beide.",
            code="eis_model_of_wet",
        )
    if wet and wet not in Wet.values:
        raise ValidationFailed(f"Onbekende wet '{wet}'.", code="wet_onbekend", field="wet")
    eis, _ = Kwaliteitseis.objects.update_or_create(
        code=code,
        inkoopmodel=inkoopmodel,
        wet=wet,
        defaults={"naam": naam, "omschrijving": omschrijving, "bewijs_vereist": bewijs_vereist, "volgorde": volgorde},
    )
    return eis


@transaction.atomic
def kwaliteitsbewijs_add(
    *,
    aanbieder: Aanbieder,
    kwaliteitseis: Kwaliteitseis,
    omschrijving: str,
    geldig_van: dt.date,
    geldig_tot: dt.date | None = None,
    bestand=None,
    door,
) -> Kwaliteitsbewijs:
    """Record evidence, optionally with its document (``bestand``: an uploaded file, checked by
    ``bestand_problemen``; Django streams a large upload to a temporary file, never into memory)."""
    policy.vereis(door, "contractering.kwaliteitsbewijs_toevoegen", aanbieder)
    problems = ProblemCollector()
    if bestand is not None:
        bestand_problemen(problems, bestand)
    if kwaliteitseis is None:
        problems.add("eis_ontbreekt", "Kies de kwaliteitseis waar dit bewijs bij hoort.", "kwaliteitseis")
    if not (omschrijving or "").strip():
        problems.add("omschrijving_ontbreekt", "Beschrijf het bewijs (bijv. certificaat en nummer).", "omschrijving")
    if geldig_van is None:
        problems.add("begindatum_ontbreekt", "De begindatum van het bewijs ontbreekt.", "geldig_van")
    elif geldig_tot is not None and geldig_tot < geldig_van:
        problems.add(
            "einde_voor_begin",
            f"Het bewijs eindigt ({geldig_tot:%d-%m-%Y}) vóór het begint ({geldig_van:%d-%m-%Y}).",
            "geldig_tot",
        )
    problems.raise_if_any()
    bewijs = Kwaliteitsbewijs(
        aanbieder=aanbieder,
        kwaliteitseis=kwaliteitseis,
        omschrijving=omschrijving,
        geldig_van=geldig_van,
        geldig_tot=geldig_tot,
        vastgelegd_door=door,
    )
    if bestand is not None:
        bewijs.bestandsnaam = os.path.basename(bestand.name)[:200]
        # A name of our own (never the user's path); the storage copies the upload in chunks.
        bewijs.bestand.save(f"{uuidlib.uuid4().hex}{_extensie(bestand.name)}", bestand, save=False)
    bewijs.save()
    return bewijs


# The documents a provider may upload as evidence: extension and the first bytes of the file.
BEWIJS_TYPES = {".pdf": (b"%PDF-",), ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",)}
BEWIJS_TYPES[".jpeg"] = BEWIJS_TYPES[".jpg"]
BEWIJS_MAX_BYTES = 5 * 1024 * 1024


def _extensie(naam: str) -> str:
    return os.path.splitext(naam or "")[1].lower()


def bestand_problemen(problems: ProblemCollector, bestand) -> None:
    """A document is at most ``BEWIJS_MAX_BYTES`` and a PDF, PNG or JPEG by name and by content."""
    if bestand.size is None or bestand.size > BEWIJS_MAX_BYTES:
        problems.add(
            "bestand_te_groot",
            f"Het bestand is te groot: hoogstens {BEWIJS_MAX_BYTES // (1024 * 1024)} MB.",
            "bestand",
        )
        return
    if bestand.size == 0:
        problems.add("bestand_leeg", "Het bestand is leeg.", "bestand")
        return
    handtekeningen = BEWIJS_TYPES.get(_extensie(bestand.name))
    bestand.seek(0)
    begin = bestand.read(16)
    bestand.seek(0)
    if handtekeningen is None or not any(begin.startswith(h) for h in handtekeningen):
        problems.add(
            "bestandstype_niet_toegestaan",
            "Alleen een PDF, PNG of JPEG kan als bewijs worden geüpload (naam en inhoud moeten kloppen).",
            "bestand",
        )


@transaction.atomic
def kwaliteitssignalen_maken(*, peildatum: dt.date | None = None, door=None) -> list[Signaal]:
    """Raise a signal for every piece of expired evidence not replaced by a valid one, once per
    region that asks for it (idempotent); open signals for evidence since replaced lapse. A daily
    job, run as a named system actor (``door``; default ``systeem:signalen``). Returns the new ones."""
    peildatum = peildatum or klok.vandaag()
    door = door or policy.systeem_actor("signalen")
    rijen = []
    for bewijs in verlopen_bewijzen(peildatum=peildatum).select_related("kwaliteitseis__inkoopmodel"):
        for regio_id in regios_voor_bewijs(bewijs):
            rijen.append(
                {
                    "soort": Soort.KWALITEITSBEWIJS_VERLOOPT,
                    "sleutel": f"bewijs:{bewijs.pk}:regio:{regio_id}",
                    "regio": regio_id,
                    "aanbieder": bewijs.aanbieder_id,
                    "onderwerp_type": Onderwerp.KWALITEITSBEWIJS,
                    "onderwerp_id": str(bewijs.pk),
                    "titel": f"Kwaliteitsbewijs van {bewijs.aanbieder.naam} verlopen",
                    "omschrijving": (
                        f"{bewijs.aanbieder.naam}: het bewijs voor '{bewijs.kwaliteitseis.naam}' "
                        f"({bewijs.omschrijving}) is verlopen op {bewijs.geldig_tot:%d-%m-%Y}."
                    ),
                }
            )
    signalen.signalen_vervallen(
        soorten=[Soort.KWALITEITSBEWIJS_VERLOOPT], actueel={(r["soort"], r["sleutel"]) for r in rijen}, door=door
    )
    return signalen.signalen_create(rijen=rijen, door=door)


# --- procedures and entry rounds -------------------------------------------------------------


@transaction.atomic
def inkoopprocedure_create(
    *,
    inkoopmodel: Inkoopmodel,
    soort: str,
    naam: str,
    omschrijving: str = "",
    initiele_looptijd_maanden: int = 24,
    verlengopties: int = 2,
    verlengduur_maanden: int = 12,
    toetredingsmomenten_per_jaar: int = 2,
    fasen: Iterable[tuple[str, dt.date | None, dt.date | None]] = (),
    door,
) -> Inkoopprocedure:
    policy.vereis(door, "contractering.inkoopprocedure_aanmaken", inkoopmodel)
    problems = ProblemCollector()
    if soort not in Procedure.values:
        problems.add("procedure_onbekend", f"Onbekende inkoopprocedure '{soort}'.", "soort")
    if initiele_looptijd_maanden <= 0:
        problems.add(
            "looptijd_ongeldig", "De initiële looptijd moet minstens één maand zijn.", "initiele_looptijd_maanden"
        )
    if not 0 <= toetredingsmomenten_per_jaar <= 12:
        problems.add(
            "momenten_ongeldig",
            "Het aantal toetredingsmomenten per jaar ligt tussen 0 en 12.",
            "toetredingsmomenten_per_jaar",
        )
    if verlengopties and verlengduur_maanden <= 0:
        problems.add("verlengduur_ongeldig", "Een verlenging duurt minstens één maand.", "verlengduur_maanden")
    fasen = list(fasen)
    for i, (fase, begin, eind) in enumerate(fasen, start=1):
        if begin and eind and eind < begin:
            problems.add("fase_periode", f"Fase {i} ('{fase}') eindigt vóór zij begint.", "fasen")
    problems.raise_if_any()
    procedure = Inkoopprocedure.objects.create(
        inkoopmodel=inkoopmodel,
        soort=soort,
        naam=naam,
        omschrijving=omschrijving,
        initiele_looptijd_maanden=initiele_looptijd_maanden,
        verlengopties=verlengopties,
        verlengduur_maanden=verlengduur_maanden,
        toetredingsmomenten_per_jaar=toetredingsmomenten_per_jaar,
    )
    Procedurefase.objects.bulk_create(
        Procedurefase(procedure=procedure, volgorde=i, naam=fase, begindatum=begin, einddatum=eind)
        for i, (fase, begin, eind) in enumerate(fasen, start=1)
    )
    return procedure


@transaction.atomic
def toetredingsronde_create(
    *,
    procedure: Inkoopprocedure,
    naam: str,
    aanmelden_van: dt.date,
    aanmelden_tot: dt.date,
    beoordelen_tot: dt.date,
    ingangsdatum: dt.date,
    tijdens_looptijd: bool = True,
    door,
) -> Toetredingsronde:
    """Plan an entry round. Semi-open contracting allows the procedure's number of moments per year."""
    procedure = Inkoopprocedure.objects.select_for_update().select_related("inkoopmodel").get(pk=procedure.pk)
    policy.vereis(door, "contractering.toetredingsronde_aanmaken", procedure)
    problems = ProblemCollector()
    if not (naam or "").strip():
        problems.add("naam_ontbreekt", "De naam van de ronde ontbreekt.", "naam")
    if aanmelden_tot < aanmelden_van:
        problems.add("aanmeldperiode_ongeldig", "De aanmeldperiode eindigt vóór zij begint.", "aanmelden_tot")
    if beoordelen_tot < aanmelden_tot:
        problems.add(
            "beoordeelperiode_ongeldig", "De beoordeling eindigt vóór de aanmeldperiode is gesloten.", "beoordelen_tot"
        )
    if ingangsdatum <= beoordelen_tot:
        problems.add(
            "ingang_voor_besluit",
            "De ingangsdatum van het contract moet na de beoordelingsperiode liggen.",
            "ingangsdatum",
        )
    if tijdens_looptijd:
        if procedure.toetredingsmomenten_per_jaar == 0:
            problems.add(
                "procedure_gesloten",
                f"Procedure '{procedure.naam}' kent geen toetreding tijdens de looptijd (0 momenten per jaar).",
            )
        else:
            in_year = procedure.rondes.filter(tijdens_looptijd=True, aanmelden_van__year=aanmelden_van.year).count()
            if in_year >= procedure.toetredingsmomenten_per_jaar:
                problems.add(
                    "te_veel_momenten",
                    f"Procedure '{procedure.naam}' kent {procedure.toetredingsmomenten_per_jaar} toetredingsmomenten "
                    f"per jaar; in {aanmelden_van.year} zijn die al gepland.",
                    "aanmelden_van",
                )
    for other in procedure.rondes.all():
        if periods_overlap(aanmelden_van, aanmelden_tot, other.aanmelden_van, other.aanmelden_tot):
            problems.add(
                "rondes_overlappen",
                f"De aanmeldperiode overlapt met ronde '{other.naam}' "
                f"({format_period(other.aanmelden_van, other.aanmelden_tot)}).",
                "aanmelden_van",
            )
    problems.raise_if_any()
    return Toetredingsronde.objects.create(
        procedure=procedure,
        naam=naam.strip(),
        aanmelden_van=aanmelden_van,
        aanmelden_tot=aanmelden_tot,
        beoordelen_tot=beoordelen_tot,
        ingangsdatum=ingangsdatum,
        tijdens_looptijd=tijdens_looptijd,
    )


@transaction.atomic
def toetredingsronde_sluiten(*, ronde: Toetredingsronde, door, reden: str = "", per: dt.date | None = None):
    """Close an open round early: from ``per`` (default today) nobody can apply any more; the
    applications already in are assessed as usual. Closing needs the right to open rounds."""
    ronde = Toetredingsronde.objects.select_for_update().select_related("procedure").get(pk=ronde.pk)
    policy.vereis(door, "contractering.toetredingsronde_aanmaken", ronde.procedure)
    per = per or klok.vandaag()
    if not ronde.is_open_op(per):
        raise ValidationFailed(
            f"Ronde '{ronde.naam}' is op {per:%d-%m-%Y} niet open voor aanmelden; sluiten kan alleen tijdens de "
            f"aanmeldperiode ({format_period(ronde.aanmelden_van, ronde.aanmelden_tot)}).",
            code="ronde_niet_open",
            field="per",
        )
    ronde.gesloten_op = per
    ronde.save(update_fields=["gesloten_op"])
    return ronde


def _products_of_model(problems: ProblemCollector, producten: list[Product], inkoopmodel: Inkoopmodel) -> None:
    if not producten:
        problems.add("producten_ontbreken", "Kies minstens één product (profiel).", "producten")
    foreign = [p.code for p in producten if p.inkoopmodel_id != inkoopmodel.pk]
    if foreign:
        problems.add(
            "product_ander_model",
            f"Deze producten horen niet bij inkoopmodel '{inkoopmodel.naam}': {', '.join(sorted(foreign))}.",
            "producten",
        )


@transaction.atomic
def aanmelding_indienen(
    *,
    ronde: Toetredingsronde,
    aanbieder: Aanbieder,
    producten: Iterable[Product],
    toelichting: str = "",
    aanvullend_aanbod: str = "",
    door,
    datum: dt.date | None = None,
    is_synthetisch: bool = False,
) -> Aanmelding:
    """A provider applies in an entry round for one or more products; only while the round is open.
    The provider applies for itself; a contract manager of the round's region may enter it for it."""
    datum = datum or klok.vandaag()
    ronde = Toetredingsronde.objects.select_related("procedure__inkoopmodel").get(pk=ronde.pk)
    policy.vereis(door, "contractering.aanmelding_indienen", Aanmelding(ronde=ronde, aanbieder=aanbieder))
    aanbieder = Aanbieder.objects.select_for_update().get(pk=aanbieder.pk)  # one application at a time
    model = ronde.procedure.inkoopmodel
    producten = list(producten)
    problems = ProblemCollector()
    if not ronde.is_open_op(datum):
        problems.add(
            "buiten_ronde",
            f"Aanmelden voor '{ronde.naam}' kan alleen van {ronde.aanmelden_van:%d-%m-%Y} tot en met "
            f"{ronde.aanmelden_tot:%d-%m-%Y}; vandaag ({datum:%d-%m-%Y}) is de ronde niet open.",
            "ronde",
        )
    _products_of_model(problems, producten, model)
    if (
        Aanmelding.objects.filter(ronde=ronde, aanbieder=aanbieder)
        .exclude(status__in=[Aanmelding.Status.INGETROKKEN])
        .exists()
    ):
        problems.add("al_aangemeld", f"{aanbieder.naam} heeft zich al aangemeld voor '{ronde.naam}'.", "aanbieder")
    lopend = lopende_overeenkomst(aanbieder=aanbieder, inkoopmodel=model, datum=ronde.ingangsdatum)
    if lopend is not None:
        al = set(lopend.producten.values_list("code", flat=True)) & {p.code for p in producten}
        if al:
            problems.add(
                "al_gecontracteerd",
                f"{aanbieder.naam} is al gecontracteerd voor {', '.join(sorted(al))}.",
                "producten",
            )
    nieuwkomer = (
        ronde.tijdens_looptijd and lopende_overeenkomst(aanbieder=aanbieder, inkoopmodel=model, datum=datum) is None
    )
    if nieuwkomer and not (aanvullend_aanbod or "").strip():
        problems.add(
            "aanvullend_aanbod_ontbreekt",
            "Tijdens de looptijd van de contracten kan een nieuwe aanbieder alleen toetreden met een aanvullend "
            "aanbod op het gecontracteerde aanbod: onderbouw wat u toevoegt.",
            "aanvullend_aanbod",
        )
    problems.raise_if_any()
    aanmelding = Aanmelding.objects.create(
        ronde=ronde,
        aanbieder=aanbieder,
        toelichting=toelichting,
        aanvullend_aanbod=aanvullend_aanbod,
        is_nieuwkomer=nieuwkomer,
        ingediend_door=door,
        is_synthetisch=is_synthetisch,
    )
    aanmelding.producten.set(producten)
    overgangen.begin(aanmelding, door=door)
    return aanmelding


def _lock_aanmelding(aanmelding: Aanmelding) -> Aanmelding:
    return (
        Aanmelding.objects.select_for_update()
        .select_related("ronde__procedure__inkoopmodel", "aanbieder")
        .get(pk=aanmelding.pk)
    )


@transaction.atomic
def aanmelding_beoordelen(*, aanmelding: Aanmelding, beoordelingen: Iterable[dict], door) -> Aanmelding:
    """Record, per requirement, met or not met with a note. ``beoordelingen``: dicts with
    ``kwaliteitseis``, ``voldaan`` and optionally ``notitie``."""
    aanmelding = _lock_aanmelding(aanmelding)
    policy.vereis(door, "contractering.aanmelding_beoordelen", aanmelding)
    eisen = {e.pk: e for e in kwaliteitseisen_voor(inkoopmodel=aanmelding.ronde.procedure.inkoopmodel)}
    problems = ProblemCollector()
    items = list(beoordelingen)
    vandaag = klok.vandaag()
    bewijzen = laatste_bewijzen(aanbieder=aanmelding.aanbieder)
    if not items:
        problems.add("beoordelingen_ontbreken", "Er is niets beoordeeld.", "beoordelingen")
    for item in items:
        eis = item.get("kwaliteitseis")
        for naam in ("notitie", "reden_verlopen_bewijs"):  # the column limits (issue 12 point 6)
            grenzen.past(problems, Beoordeling, naam, item.get(naam), veld="beoordelingen")
        if eis is None or eis.pk not in eisen:
            problems.add("eis_onbekend", f"'{eis}' is geen kwaliteitseis van dit inkoopmodel.", "beoordelingen")
        elif item.get("voldaan") not in (True, False):
            problems.add("oordeel_ontbreekt", f"Kies voldaan of niet voldaan bij '{eis.naam}'.", "beoordelingen")
        elif item.get("voldaan") is False and not (item.get("notitie") or "").strip():
            problems.add("notitie_ontbreekt", f"Licht toe waarom niet is voldaan aan '{eis.naam}'.", "beoordelingen")
        elif (
            item.get("voldaan") is True
            and (bewijs := bewijzen.get(eis.pk)) is not None
            and bewijs.is_verlopen_op(vandaag)
            and not (item.get("reden_verlopen_bewijs") or "").strip()
        ):
            # Expired evidence is not 'voldaan' unless the assessor records why it is still accepted.
            problems.add(
                "bewijs_verlopen",
                f"Het bewijs voor '{eis.naam}' ({bewijs.omschrijving}) is verlopen op {bewijs.geldig_tot:%d-%m-%Y}: "
                "kies 'niet voldaan', of leg vast waarom u het toch aanvaardt.",
                "beoordelingen",
            )
    if aanmelding.status not in (Aanmelding.Status.INGEDIEND, Aanmelding.Status.IN_BEOORDELING):
        problems.add(
            "aanmelding_afgerond",
            f"Deze aanmelding is al {aanmelding.get_status_display()}; beoordelen kan niet meer.",
            "status",
        )
    problems.raise_if_any()
    if aanmelding.status == Aanmelding.Status.INGEDIEND:
        overgangen.overgaan(aanmelding, Aanmelding.Status.IN_BEOORDELING, door=door)
    for item in items:
        Beoordeling.objects.update_or_create(
            aanmelding=aanmelding,
            kwaliteitseis=item["kwaliteitseis"],
            defaults={
                "voldaan": item["voldaan"],
                "notitie": item.get("notitie") or "",
                "reden_verlopen_bewijs": (item.get("reden_verlopen_bewijs") or "").strip() if item["voldaan"] else "",
                "beoordeeld_door": door,
            },
        )
    return aanmelding


@transaction.atomic
def aanmelding_aanvullend_oordeel(*, aanmelding: Aanmelding, aangetoond: bool, toelichting: str, door) -> Aanmelding:
    """The assessor's judgement on a newcomer's complementary offer."""
    aanmelding = _lock_aanmelding(aanmelding)
    policy.vereis(door, "contractering.aanmelding_beoordelen", aanmelding)
    problems = ProblemCollector()
    if not aanmelding.is_nieuwkomer:
        problems.add(
            "geen_nieuwkomer", "Alleen bij een nieuwkomer tijdens de looptijd wordt het aanvullend aanbod beoordeeld."
        )
    if not (toelichting or "").strip():
        problems.add("toelichting_ontbreekt", "Licht het oordeel over het aanvullend aanbod toe.", "toelichting")
    if aanmelding.status in (Aanmelding.Status.TOEGELATEN, Aanmelding.Status.AFGEWEZEN, Aanmelding.Status.INGETROKKEN):
        problems.add("aanmelding_afgerond", f"Deze aanmelding is al {aanmelding.get_status_display()}.", "status")
    problems.raise_if_any()
    if aanmelding.status == Aanmelding.Status.INGEDIEND:
        overgangen.overgaan(aanmelding, Aanmelding.Status.IN_BEOORDELING, door=door)
    aanmelding.aanvullend_oordeel = bool(aangetoond)
    aanmelding.aanvullend_oordeel_toelichting = toelichting.strip()
    aanmelding.save(update_fields=["aanvullend_oordeel", "aanvullend_oordeel_toelichting"])
    return aanmelding


@transaction.atomic
def aanmelding_besluiten(*, aanmelding: Aanmelding, toelaten: bool, reden: str = "", door) -> Aanmelding:
    """Admit (then the provider is contracted from the round's start date) or reject, with reasons."""
    aanmelding = _lock_aanmelding(aanmelding)
    policy.vereis(door, "contractering.aanmelding_besluiten", aanmelding)
    ronde = aanmelding.ronde
    model = ronde.procedure.inkoopmodel
    problems = ProblemCollector()
    if aanmelding.status != Aanmelding.Status.IN_BEOORDELING:
        problems.add(
            "niet_in_beoordeling",
            f"Een besluit kan alleen over een aanmelding in beoordeling (deze is {aanmelding.get_status_display()}).",
            "status",
        )
    if not toelaten and not (reden or "").strip():
        problems.add("reden_ontbreekt", "Geef de redenen van de afwijzing.", "reden")
    if toelaten:
        oordelen = {b.kwaliteitseis_id: b for b in aanmelding.beoordelingen.all()}
        for eis in kwaliteitseisen_voor(inkoopmodel=model):
            if eis.pk not in oordelen:
                problems.add(
                    "eis_niet_beoordeeld", f"Kwaliteitseis '{eis.naam}' is nog niet beoordeeld.", "beoordelingen"
                )
            elif not oordelen[eis.pk].voldaan:
                problems.add(
                    "eis_niet_voldaan",
                    f"Toelaten kan niet: niet voldaan aan '{eis.naam}' ({oordelen[eis.pk].notitie}).",
                    "beoordelingen",
                )
        if aanmelding.is_nieuwkomer and aanmelding.aanvullend_oordeel is not True:
            problems.add(
                "aanvullend_niet_aangetoond",
                "Toelaten kan niet: het aanvullend aanbod van deze nieuwkomer is niet (positief) beoordeeld.",
                "aanvullend_oordeel",
            )
    problems.raise_if_any()
    producten = list(aanmelding.producten.all())
    if toelaten:
        lopend = lopende_overeenkomst(aanbieder=aanmelding.aanbieder, inkoopmodel=model, datum=ronde.ingangsdatum)
        if lopend is not None:
            overeenkomst = raamovereenkomst_producten_toevoegen(
                overeenkomst=lopend,
                producten=producten,
                per=ronde.ingangsdatum,
                door=door,
                toelichting=f"Toegelaten in '{ronde.naam}'.",
            )
        else:
            overeenkomst = raamovereenkomst_create(
                aanbieder=aanmelding.aanbieder,
                inkoopmodel=model,
                producten=producten,
                ingangsdatum=ronde.ingangsdatum,
                procedure=ronde.procedure,
                door=door,
                toelichting=f"Toegelaten in '{ronde.naam}'.",
                is_synthetisch=aanmelding.is_synthetisch,
            )
        overgangen.overgaan(
            aanmelding,
            Aanmelding.Status.TOEGELATEN,
            door=door,
            reden=(reden or "").strip() or "Voldoet aan alle kwaliteitseisen.",
            raamovereenkomst=overeenkomst,
            velden=["besluit_reden", "raamovereenkomst"],
        )
    else:
        overgangen.overgaan(
            aanmelding, Aanmelding.Status.AFGEWEZEN, door=door, reden=(reden or "").strip(), velden=["besluit_reden"]
        )
    return aanmelding


@transaction.atomic
def aanmelding_intrekken(*, aanmelding: Aanmelding, door, reden: str = "") -> Aanmelding:
    aanmelding = _lock_aanmelding(aanmelding)
    policy.vereis(door, "contractering.aanmelding_intrekken", aanmelding)
    overgangen.overgaan(aanmelding, Aanmelding.Status.INGETROKKEN, door=door, reden=reden or "")
    return aanmelding


# --- framework agreements --------------------------------------------------------------------


def _history(overeenkomst: Raamovereenkomst, gebeurtenis: str, *, datum: dt.date, door, toelichting="", **gegevens):
    """A history row for a change that keeps the status (extension, products, subcontractor); status
    changes append theirs through ``overgangen``, with the same row shape (``historie_rij``)."""
    overeenkomst.historie_rij(
        van=overeenkomst.status,
        naar=overeenkomst.status,
        door=door,
        reden=toelichting,
        gebeurtenis=gebeurtenis,
        datum=datum,
        **gegevens,
    ).save()


def _overlap_problems(
    problems: ProblemCollector,
    *,
    aanbieder: Aanbieder,
    inkoopmodel: Inkoopmodel,
    start: dt.date,
    end: dt.date,
    exclude_pk: int | None = None,
) -> None:
    others = Raamovereenkomst.objects.filter(aanbieder=aanbieder, inkoopmodel=inkoopmodel).exclude(pk=exclude_pk)
    for other in others:
        if periods_overlap(start, end, other.ingangsdatum, other.einddatum):
            problems.add(
                "overeenkomsten_overlappen",
                f"{aanbieder.naam} heeft voor '{inkoopmodel.naam}' al een raamovereenkomst "
                f"({format_period(other.ingangsdatum, other.einddatum)}) die overlapt met "
                f"{format_period(start, end)}; één aanbieder heeft per inkoopmodel één overeenkomst tegelijk.",
                "ingangsdatum",
            )


@transaction.atomic
def raamovereenkomst_create(
    *,
    aanbieder: Aanbieder,
    inkoopmodel: Inkoopmodel,
    producten: Iterable[Product],
    ingangsdatum: dt.date,
    procedure: Inkoopprocedure | None = None,
    initiele_looptijd_maanden: int | None = None,
    verlengopties: int | None = None,
    verlengduur_maanden: int | None = None,
    door,
    toelichting: str = "",
    is_synthetisch: bool = False,
) -> Raamovereenkomst:
    """A framework agreement (no turnover guarantee). Terms default to the model's procedure
    (IJsselland: 2 years, then twice one year at the region's discretion)."""
    policy.vereis(door, "contractering.raamovereenkomst_aanmaken", inkoopmodel)
    # Lock the provider: two agreements for one provider cannot be checked and saved at once.
    aanbieder = Aanbieder.objects.select_for_update().get(pk=aanbieder.pk)
    if procedure is None:
        procedure = inkoopmodel.procedures.order_by("pk").first()
    looptijd = initiele_looptijd_maanden or (procedure.initiele_looptijd_maanden if procedure else 24)
    opties = verlengopties if verlengopties is not None else (procedure.verlengopties if procedure else 2)
    duur = verlengduur_maanden or (procedure.verlengduur_maanden if procedure else 12)
    producten = list(producten)
    problems = ProblemCollector()
    if procedure is not None and procedure.inkoopmodel_id != inkoopmodel.pk:
        problems.add("procedure_ander_model", "De inkoopprocedure hoort bij een ander inkoopmodel.", "procedure")
    _products_of_model(problems, producten, inkoopmodel)
    if ingangsdatum is None:
        problems.add("ingangsdatum_ontbreekt", "De ingangsdatum ontbreekt.", "ingangsdatum")
        problems.raise_if_any()
    try:
        einde = term_end(ingangsdatum, looptijd)
    except (OverflowError, ValueError):  # a year near 9999: the term would end beyond the calendar
        problems.add(
            "ingangsdatum_ongeldig", f"De ingangsdatum {ingangsdatum:%d-%m-%Y} is niet mogelijk.", "ingangsdatum"
        )
        problems.raise_if_any()
    if ingangsdatum < inkoopmodel.geldig_van or (inkoopmodel.geldig_tot and ingangsdatum > inkoopmodel.geldig_tot):
        problems.add(
            "buiten_model",
            f"De ingangsdatum {ingangsdatum:%d-%m-%Y} valt buiten de geldigheid van '{inkoopmodel.naam}' "
            f"({format_period(inkoopmodel.geldig_van, inkoopmodel.geldig_tot)}).",
            "ingangsdatum",
        )
    _overlap_problems(problems, aanbieder=aanbieder, inkoopmodel=inkoopmodel, start=ingangsdatum, end=einde)
    problems.raise_if_any()
    overeenkomst = Raamovereenkomst.objects.create(
        aanbieder=aanbieder,
        inkoopmodel=inkoopmodel,
        procedure=procedure,
        ingangsdatum=ingangsdatum,
        initiele_einddatum=einde,
        einddatum=einde,
        verlengopties=opties,
        verlengduur_maanden=duur,
        is_synthetisch=is_synthetisch,
    )
    Contractproduct.objects.bulk_create(
        Contractproduct(raamovereenkomst=overeenkomst, product=p, van=ingangsdatum) for p in producten
    )
    overgangen.begin(overeenkomst, door=door, notitie=toelichting, historie={"datum": ingangsdatum})
    return overeenkomst


def _lock(overeenkomst: Raamovereenkomst) -> Raamovereenkomst:
    return (
        Raamovereenkomst.objects.select_for_update().select_related("aanbieder", "inkoopmodel").get(pk=overeenkomst.pk)
    )


@transaction.atomic
def raamovereenkomst_verlengen(
    *, overeenkomst: Raamovereenkomst, door, besloten_op: dt.date | None = None, toelichting: str = ""
) -> Raamovereenkomst:
    """Exercise one extension option (the region's decision), no later than the current end date."""
    overeenkomst = _lock(overeenkomst)
    policy.vereis(door, "contractering.raamovereenkomst_wijzigen", overeenkomst)
    besloten_op = besloten_op or klok.vandaag()
    problems = ProblemCollector()
    if overeenkomst.status_op(besloten_op) == Weergavestatus.TOEKOMSTIG:
        _actie_past(problems, overeenkomst, "verlengen", besloten_op)
    if overeenkomst.status == Status.BEEINDIGD:
        problems.add("overeenkomst_beeindigd", "Een beëindigde raamovereenkomst kan niet worden verlengd.", "status")
    elif besloten_op > overeenkomst.einddatum:
        problems.add(
            "verlenging_na_einddatum",
            f"Verlengen moet uiterlijk op de einddatum ({overeenkomst.einddatum:%d-%m-%Y}); op "
            f"{besloten_op:%d-%m-%Y} is de overeenkomst al afgelopen.",
            "besloten_op",
        )
    if overeenkomst.verlengopties_over <= 0:
        problems.add(
            "geen_verlengopties",
            f"Alle {overeenkomst.verlengopties} verlengopties van deze raamovereenkomst zijn al gebruikt.",
            "verlengingen_gebruikt",
        )
    nieuw_einde = term_end(overeenkomst.einddatum + dt.timedelta(days=1), overeenkomst.verlengduur_maanden)
    if not problems.problems:
        _overlap_problems(
            problems,
            aanbieder=overeenkomst.aanbieder,
            inkoopmodel=overeenkomst.inkoopmodel,
            start=overeenkomst.ingangsdatum,
            end=nieuw_einde,
            exclude_pk=overeenkomst.pk,
        )
    problems.raise_if_any()
    oud_einde = overeenkomst.einddatum
    overeenkomst.einddatum = nieuw_einde
    overeenkomst.verlengingen_gebruikt += 1
    overeenkomst.save(update_fields=["einddatum", "verlengingen_gebruikt"])
    _history(
        overeenkomst,
        Gebeurtenis.VERLENGD,
        datum=besloten_op,
        door=door,
        toelichting=toelichting,
        vorigeEinddatum=oud_einde.isoformat(),
    )
    return overeenkomst


ACTIE_NAMEN = {
    "verlengen": "verlengen",
    "opschorten": "opschorten",
    "hervatten": "hervatten",
    "beeindigen": "beëindigen",
}


def _actie_past(problems: ProblemCollector, overeenkomst: Raamovereenkomst, actie: str, datum: dt.date | None) -> None:
    """Refuse a change that does not fit the agreement's status on ``datum`` (``Raamovereenkomst.acties_op``):
    nothing to change on an expired or terminated agreement, no extension before it has started."""
    datum = datum or klok.vandaag()
    if actie not in overeenkomst.acties_op(datum):
        status = overeenkomst.status_op(datum)
        problems.add(
            "actie_past_niet_bij_status",
            f"Deze raamovereenkomst is op {datum:%d-%m-%Y} {Weergavestatus(status).label}: "
            f"{ACTIE_NAMEN[actie]} kan dan niet.",
            "status",
        )


def _reden_needed(problems: ProblemCollector, reden: str, what: str) -> None:
    if not (reden or "").strip():
        problems.add("reden_ontbreekt", f"Geef de reden van de {what}.", "reden")


def _within(problems: ProblemCollector, overeenkomst: Raamovereenkomst, per: dt.date, what: str) -> None:
    if per is None or not overeenkomst.ingangsdatum <= per <= overeenkomst.einddatum:
        problems.add(
            "datum_buiten_looptijd",
            f"De datum van de {what} moet binnen de looptijd liggen "
            f"({format_period(overeenkomst.ingangsdatum, overeenkomst.einddatum)}).",
            "per",
        )


@transaction.atomic
def raamovereenkomst_opschorten(
    *, overeenkomst: Raamovereenkomst, per: dt.date, reden: str, door, tot: dt.date | None = None
) -> Raamovereenkomst:
    """Suspend: from ``per`` the provider gets no new clients under this agreement."""
    overeenkomst = _lock(overeenkomst)
    policy.vereis(door, "contractering.raamovereenkomst_wijzigen", overeenkomst)
    problems = ProblemCollector()
    _reden_needed(problems, reden, "opschorting")
    _within(problems, overeenkomst, per, "opschorting")
    if tot is not None and per is not None and tot < per:
        problems.add("einde_voor_begin", "De opschorting eindigt vóór zij begint.", "tot")
    problems.raise_if_any()
    overgangen.overgaan(overeenkomst, Status.OPGESCHORT, door=door, reden=reden.strip(), historie={"datum": per})
    Opschorting.objects.create(raamovereenkomst=overeenkomst, van=per, tot=tot, reden=reden.strip())
    return overeenkomst


@transaction.atomic
def raamovereenkomst_hervatten(
    *, overeenkomst: Raamovereenkomst, per: dt.date, door, toelichting: str = ""
) -> Raamovereenkomst:
    overeenkomst = _lock(overeenkomst)
    policy.vereis(door, "contractering.raamovereenkomst_wijzigen", overeenkomst)
    open_ = overeenkomst.opschortingen.filter(tot__isnull=True).order_by("-van").first()
    overgangen.controleer(overeenkomst, Status.ACTIEF)
    if open_ is not None:
        if per is None or per <= open_.van:
            raise ValidationFailed(
                f"Hervatten moet na het begin van de opschorting ({open_.van:%d-%m-%Y}).",
                code="hervatten_te_vroeg",
                field="per",
            )
        open_.tot = per - dt.timedelta(days=1)
        open_.save(update_fields=["tot"])
    overgangen.overgaan(overeenkomst, Status.ACTIEF, door=door, toelichting=toelichting, historie={"datum": per})
    return overeenkomst


@transaction.atomic
def raamovereenkomst_beeindigen(*, overeenkomst: Raamovereenkomst, per: dt.date, reden: str, door) -> Raamovereenkomst:
    """End early: ``per`` is the last contracted day. Running trajectories are for later issues."""
    overeenkomst = _lock(overeenkomst)
    policy.vereis(door, "contractering.raamovereenkomst_wijzigen", overeenkomst)
    problems = ProblemCollector()
    _reden_needed(problems, reden, "beëindiging")
    _within(problems, overeenkomst, per, "beëindiging")
    problems.raise_if_any()
    overgangen.overgaan(
        overeenkomst,
        Status.BEEINDIGD,
        door=door,
        per=per,
        reden=reden.strip(),
        historie={"datum": per, "vorigeEinddatum": overeenkomst.einddatum.isoformat()},
        velden=["einddatum", "beeindigingsreden"],
    )
    overeenkomst.opschortingen.filter(tot__isnull=True).update(tot=per)
    return overeenkomst


@transaction.atomic
def raamovereenkomst_producten_toevoegen(
    *, overeenkomst: Raamovereenkomst, producten: Iterable[Product], per: dt.date, door, toelichting: str = ""
) -> Raamovereenkomst:
    overeenkomst = _lock(overeenkomst)
    policy.vereis(door, "contractering.raamovereenkomst_wijzigen", overeenkomst)
    producten = list(producten)
    problems = ProblemCollector()
    _products_of_model(problems, producten, overeenkomst.inkoopmodel)
    _within(problems, overeenkomst, per, "uitbreiding")
    if overeenkomst.status == Status.BEEINDIGD:
        problems.add("overeenkomst_beeindigd", "Een beëindigde raamovereenkomst kan niet worden uitgebreid.", "status")
    al = set(overeenkomst.producten.values_list("pk", flat=True))
    dubbel = [p.code for p in producten if p.pk in al]
    if dubbel:
        problems.add("al_gecontracteerd", f"Al gecontracteerd: {', '.join(sorted(dubbel))}.", "producten")
    problems.raise_if_any()
    Contractproduct.objects.bulk_create(
        Contractproduct(raamovereenkomst=overeenkomst, product=p, van=per) for p in producten
    )
    _history(
        overeenkomst,
        Gebeurtenis.PRODUCTEN_TOEGEVOEGD,
        datum=per,
        door=door,
        toelichting=toelichting,
        toegevoegd=sorted(p.code for p in producten),
    )
    return overeenkomst


@transaction.atomic
def onderaanneming_melden(
    *,
    overeenkomst: Raamovereenkomst,
    van: dt.date,
    onderaannemer: Aanbieder | None = None,
    naam: str = "",
    kvk_nummer: str = "",
    toelichting: str = "",
    tot: dt.date | None = None,
    door,
) -> Onderaanneming:
    """The main provider registers a subcontractor (contracted or not); it stays responsible itself."""
    overeenkomst = _lock(overeenkomst)
    policy.vereis(door, "contractering.onderaanneming_melden", overeenkomst)
    hoofd = overeenkomst.aanbieder
    naam = (naam or "").strip() or (onderaannemer.naam if onderaannemer else "")
    kvk_nummer = (kvk_nummer or "").strip() or (onderaannemer.kvk_nummer if onderaannemer else "")
    problems = ProblemCollector()
    if (onderaannemer is not None and onderaannemer.pk == hoofd.pk) or (kvk_nummer and kvk_nummer == hoofd.kvk_nummer):
        problems.add(
            "onderaannemer_is_hoofdaanbieder",
            f"{hoofd.naam} is zelf de hoofdaanbieder van deze overeenkomst en kan niet zijn eigen onderaannemer zijn.",
            "onderaannemer",
        )
    if not naam:
        problems.add("naam_ontbreekt", "Noem de onderaannemer (of kies een bekende aanbieder).", "naam")
    if kvk_nummer and (message := kvk_error(kvk_nummer)):
        problems.add("kvk_ongeldig", message, "kvk_nummer")
    if overeenkomst.status == Status.BEEINDIGD:
        problems.add("overeenkomst_beeindigd", "Bij een beëindigde raamovereenkomst meldt u geen onderaannemer.")
    _within(problems, overeenkomst, van, "onderaanneming")
    if tot is not None and van is not None and tot < van:
        problems.add("einde_voor_begin", "De onderaanneming eindigt vóór zij begint.", "tot")
    problems.raise_if_any()
    item = Onderaanneming.objects.create(
        raamovereenkomst=overeenkomst,
        hoofdaanbieder=hoofd,
        onderaannemer=onderaannemer,
        naam=naam,
        kvk_nummer=kvk_nummer,
        toelichting=toelichting,
        van=van,
        tot=tot,
        gemeld_door=door,
    )
    _history(overeenkomst, Gebeurtenis.ONDERAANNEMER_GEMELD, datum=van, door=door, toelichting=naam)
    return item


# --- competitive procedures: criteria, tenders, scores, the award (issue 17) -----------------------
# A selected set of providers (the lower half of document 001's framework). The status of a procedure
# and of each tender changes only through ``overgangen`` (history rows); every refusal names a code.


def gunningscriteria_problemen(problems: ProblemCollector, criteria: list[dict]) -> None:
    """Award criteria: at least one, each with a name, a unique code, price or quality and a weight
    of 1..100 percent; the weights together are exactly 100."""
    if not criteria:
        problems.add("criteria_ontbreken", "Leg minstens één gunningscriterium vast.", "criteria")
        return
    codes: set[str] = set()
    som = 0
    for i, c in enumerate(criteria, start=1):
        naam = (c.get("naam") or "").strip()
        code = (c.get("code") or "").strip()
        wie = f"Criterium {i}" + (f" ('{naam}')" if naam else "")
        grenzen.past(problems, Gunningscriterium, "naam", naam, veld="criteria")
        if not naam:
            problems.add("criterium_naam_ontbreekt", f"{wie}: de naam ontbreekt.", "criteria")
        if not code:
            problems.add("criterium_code_ontbreekt", f"{wie}: de code ontbreekt.", "criteria")
        elif code in codes:
            problems.add("criterium_dubbel", f"{wie}: de code '{code}' komt twee keer voor.", "criteria")
        codes.add(code)
        if c.get("soort", Gunningscriterium.Soort.KWALITEIT) not in Gunningscriterium.Soort.values:
            problems.add(
                "criterium_soort_onbekend", f"{wie}: onbekende soort '{c.get('soort')}'; kies prijs of kwaliteit.",
                "criteria",
            )  # fmt: skip
        weging = c.get("weging")
        if isinstance(weging, bool) or not isinstance(weging, int) or not 1 <= weging <= 100:
            problems.add(
                "weging_ongeldig", f"{wie}: de weging is een heel percentage van 1 tot en met 100.", "criteria"
            )
        else:
            som += weging
    if not any(p.code == "weging_ongeldig" for p in problems.problems) and som != 100:
        problems.add(
            "weging_niet_100",
            f"De wegingen van de gunningscriteria tellen op tot {som}%; dat moet precies 100% zijn.",
            "criteria",
        )


@transaction.atomic
def aanbesteding_create(
    *,
    procedure: Inkoopprocedure,
    naam: str,
    inschrijven_tot: dt.date,
    ingangsdatum: dt.date,
    max_aanbieders: int,
    producten: Iterable[Product],
    criteria: Iterable[dict],
    perceel: str = "",
    omschrijving: str = "",
    opschortende_termijn_dagen: int | None = None,
    door,
    is_synthetisch: bool = False,
) -> Aanbesteding:
    """Announce a competitive procedure (one lot) with its award criteria, fixed from the start:
    ``criteria`` are dicts with ``code``, ``naam``, ``soort`` (prijs/kwaliteit), ``weging`` and
    optionally ``omschrijving``. It is open for tenders until ``inschrijven_tot``."""
    procedure = Inkoopprocedure.objects.select_related("inkoopmodel").get(pk=procedure.pk)
    policy.vereis(door, "contractering.aanbesteding_beheren", procedure)
    producten, criteria = list(producten), [dict(c) for c in criteria]
    termijn = Aanbesteding._meta.get_field("opschortende_termijn_dagen").default
    termijn = termijn if opschortende_termijn_dagen is None else opschortende_termijn_dagen
    problems = ProblemCollector()
    soort = vocabulaire.procedure(procedure.soort) or {}
    if soort.get("competitief") is not True:
        problems.add(
            "procedure_niet_competitief",
            f"Procedure '{procedure.naam}' ({procedure.get_soort_display()}) rangschikt geen inschrijvingen: een "
            "aanbesteding met gunningscriteria hoort bij een competitieve procedure.",
            "procedure",
        )
    for veld, waarde in (("naam", naam), ("perceel", perceel), ("omschrijving", omschrijving)):
        grenzen.past(problems, Aanbesteding, veld, waarde)
    if not (naam or "").strip():
        problems.add("naam_ontbreekt", "De naam van de aanbesteding ontbreekt.", "naam")
    if isinstance(max_aanbieders, bool) or not isinstance(max_aanbieders, int) or not 1 <= max_aanbieders <= 500:
        problems.add(
            "max_ongeldig", "Het maximale aantal te selecteren aanbieders ligt tussen 1 en 500.", "max_aanbieders"
        )
    if isinstance(termijn, bool) or not isinstance(termijn, int) or not 0 <= termijn <= 365:
        problems.add(
            "termijn_ongeldig", "De opschortende termijn ligt tussen 0 en 365 dagen.", "opschortende_termijn_dagen"
        )
    if inschrijven_tot is None:
        problems.add("sluitingsdatum_ontbreekt", "De sluitingsdatum van de inschrijving ontbreekt.", "inschrijven_tot")
    if ingangsdatum is None:
        problems.add("ingangsdatum_ontbreekt", "De ingangsdatum van de overeenkomsten ontbreekt.", "ingangsdatum")
    elif inschrijven_tot is not None and ingangsdatum <= inschrijven_tot:
        problems.add(
            "ingang_voor_sluiting",
            f"De overeenkomsten kunnen pas ingaan na de sluiting van de inschrijving ({inschrijven_tot:%d-%m-%Y}).",
            "ingangsdatum",
        )
    _products_of_model(problems, producten, procedure.inkoopmodel)
    gunningscriteria_problemen(problems, criteria)
    problems.raise_if_any()
    aanbesteding = Aanbesteding.objects.create(
        procedure=procedure,
        naam=naam.strip(),
        perceel=(perceel or "").strip(),
        omschrijving=omschrijving or "",
        inschrijven_tot=inschrijven_tot,
        ingangsdatum=ingangsdatum,
        max_aanbieders=max_aanbieders,
        opschortende_termijn_dagen=termijn,
        is_synthetisch=is_synthetisch,
    )
    aanbesteding.producten.set(producten)
    Gunningscriterium.objects.bulk_create(
        Gunningscriterium(
            aanbesteding=aanbesteding, code=c["code"].strip(), naam=c["naam"].strip(),
            soort=c.get("soort", Gunningscriterium.Soort.KWALITEIT), weging=c["weging"],
            omschrijving=c.get("omschrijving") or "", volgorde=i,
        )
        for i, c in enumerate(criteria, start=1)
    )  # fmt: skip
    overgangen.begin(aanbesteding, door=door, notitie="Aangekondigd; open voor inschrijving.")
    return aanbesteding


def _lock_aanbesteding(aanbesteding: Aanbesteding) -> Aanbesteding:
    return Aanbesteding.objects.select_for_update().select_related("procedure__inkoopmodel").get(pk=aanbesteding.pk)


def _besloten(problems: ProblemCollector, aanbesteding: Aanbesteding, wat: str) -> bool:
    if aanbesteding.status in (Aanbesteding.Status.VOORLOPIG_GEGUND, Aanbesteding.Status.GEGUND):
        besluit = Gunningsbesluit.objects.filter(aanbesteding=aanbesteding).first()
        op = f" op {besluit.besloten_op:%d-%m-%Y}" if besluit else ""
        problems.add("al_gegund", f"Over '{aanbesteding}' is al besloten{op} ({aanbesteding.get_status_display()}); "
                                  f"{wat} kan niet meer.", "status")  # fmt: skip
        return True
    return False


@transaction.atomic
def inschrijving_indienen(
    *,
    aanbesteding: Aanbesteding,
    aanbieder: Aanbieder,
    toelichting: str = "",
    datum: dt.date | None = None,
    door,
    is_synthetisch: bool = False,
) -> Inschrijving:
    """A provider tenders for itself, once, up to and including the closing date."""
    datum = datum or klok.vandaag()
    aanbesteding = _lock_aanbesteding(aanbesteding)
    policy.vereis(
        door, "contractering.inschrijving_indienen", Inschrijving(aanbesteding=aanbesteding, aanbieder=aanbieder)
    )
    problems = ProblemCollector()
    grenzen.past(problems, Inschrijving, "toelichting", toelichting)
    if not _besloten(problems, aanbesteding, "inschrijven") and (
        aanbesteding.status != Aanbesteding.Status.OPEN or datum > aanbesteding.inschrijven_tot
    ):
        problems.add(
            "na_sluitingsdatum",
            f"De inschrijving op '{aanbesteding}' is gesloten op {aanbesteding.inschrijven_tot:%d-%m-%Y}; "
            f"op {datum:%d-%m-%Y} kan niemand meer inschrijven.",
            "aanbesteding",
        )
    if Inschrijving.objects.filter(aanbesteding=aanbesteding, aanbieder=aanbieder).exists():
        problems.add("al_ingeschreven", f"{aanbieder.naam} heeft al ingeschreven op '{aanbesteding}'.", "aanbieder")
    problems.raise_if_any()
    try:
        with transaction.atomic():
            inschrijving = Inschrijving.objects.create(
                aanbesteding=aanbesteding, aanbieder=aanbieder, toelichting=(toelichting or "").strip(),
                ingediend_op=datum, ingediend_door=door, is_synthetisch=is_synthetisch,
            )  # fmt: skip
    except IntegrityError as exc:  # a concurrent tender of the same provider won the race
        raise ValidationFailed(
            f"{aanbieder.naam} heeft al ingeschreven op '{aanbesteding}'.", code="al_ingeschreven", field="aanbieder"
        ) from exc
    overgangen.begin(inschrijving, door=door)
    return inschrijving


def _beoordeling_mag_beginnen(problems: ProblemCollector, aanbesteding: Aanbesteding, datum: dt.date, wat: str) -> None:
    if aanbesteding.status == Aanbesteding.Status.OPEN and datum <= aanbesteding.inschrijven_tot:
        problems.add(
            "inschrijving_nog_open",
            f"De inschrijving op '{aanbesteding}' loopt tot en met {aanbesteding.inschrijven_tot:%d-%m-%Y}; "
            f"{wat} kan pas daarna.",
            "status",
        )


def _sluiten_indien_open(aanbesteding: Aanbesteding, door) -> None:
    if aanbesteding.status == Aanbesteding.Status.OPEN:
        overgangen.overgaan(aanbesteding, Aanbesteding.Status.IN_BEOORDELING, door=door)


@transaction.atomic
def scores_vastleggen(
    *, aanbesteding: Aanbesteding, scores: Iterable[dict], door, datum: dt.date | None = None
) -> Aanbesteding:
    """Record points per tender per criterion (``scores``: dicts with ``inschrijving``, ``criterium``,
    ``punten`` and optionally ``toelichting``); a score given again replaces the earlier one. Only after
    the closing date and before the award decision; the first scores start the assessment."""
    datum = datum or klok.vandaag()
    aanbesteding = _lock_aanbesteding(aanbesteding)
    policy.vereis(door, "contractering.aanbesteding_beoordelen", aanbesteding)
    items = list(scores)
    criteria = {c.pk: c for c in aanbesteding.criteria.all()}
    inschrijvingen = {i.pk: i for i in aanbesteding.inschrijvingen.select_related("aanbieder")}
    problems = ProblemCollector()
    if not _besloten(problems, aanbesteding, "scores wijzigen"):
        _beoordeling_mag_beginnen(problems, aanbesteding, datum, "scoren")
    if not items:
        problems.add("geen_scores", "Er is niets gescoord.", "scores")
    gezien: set[tuple[int, int]] = set()
    for item in items:
        inschrijving, criterium, punten = item.get("inschrijving"), item.get("criterium"), item.get("punten")
        grenzen.past(problems, Score, "toelichting", item.get("toelichting"), veld="scores")
        if inschrijving is None or inschrijving.pk not in inschrijvingen:
            problems.add(
                "inschrijving_onbekend", f"'{inschrijving}' is geen inschrijving op '{aanbesteding}'.", "scores"
            )
            continue
        if criterium is None or criterium.pk not in criteria:
            problems.add(
                "criterium_onbekend", f"'{criterium}' is geen gunningscriterium van '{aanbesteding}'.", "scores"
            )
            continue
        wie = f"{inschrijving.aanbieder.naam}, '{criterium.naam}'"
        if (inschrijving.pk, criterium.pk) in gezien:
            problems.add("score_dubbel", f"{wie}: twee scores in één keer.", "scores")
        gezien.add((inschrijving.pk, criterium.pk))
        if isinstance(punten, bool) or not isinstance(punten, int) or not SCORE_MIN <= punten <= SCORE_MAX:
            problems.add(
                "score_buiten_schaal",
                f"{wie}: een score is een heel getal van {SCORE_MIN} tot en met {SCORE_MAX} punten, niet '{punten}'.",
                "scores",
            )
    problems.raise_if_any()
    _sluiten_indien_open(aanbesteding, door)
    for item in items:
        Score.objects.update_or_create(
            inschrijving=item["inschrijving"],
            criterium=item["criterium"],
            defaults={"punten": item["punten"], "toelichting": (item.get("toelichting") or "").strip(),
                      "beoordeeld_door": door},
        )  # fmt: skip
    return aanbesteding


def _reden(regel, rangschikking, totaal_aantal: int, extra: str) -> str:
    a = rangschikking.aanbesteding
    scores = "; ".join(
        f"{c.naam} {regel.scores[c.pk].punten}/{SCORE_MAX}"
        + (f" ({regel.scores[c.pk].toelichting})" if regel.scores[c.pk].toelichting else "")
        for c in rangschikking.criteria
    )
    kop = f"Rang {regel.rang} van {totaal_aantal}, {format_getal(regel.totaal)} van 100 punten."
    if regel.geselecteerd:
        tekst = f"{kop} Binnen de {a.max_aanbieders} te selecteren aanbieders. Scores: {scores}."
    else:
        tekst = (
            f"{kop} Buiten de {a.max_aanbieders} te selecteren aanbieders: de laagst geselecteerde inschrijving "
            f"scoorde {format_getal(rangschikking.grens)} punten. Scores: {scores}."
        )
    return f"{tekst} {extra.strip()}" if (extra or "").strip() else tekst


@transaction.atomic
def gunnen(
    *,
    aanbesteding: Aanbesteding,
    door,
    besloten_op: dt.date | None = None,
    toelichting: str = "",
    redenen: dict | None = None,
) -> Gunningsbesluit:
    """The (provisional) award decision: the best ``max_aanbieders`` tenders by weighted total are
    awarded, the rest rejected, each with its reasons (rank, total, scores, and ``redenen[inschrijving
    pk]`` when given). Refused unless every tender has a score on every criterion, when a shared rank
    straddles the maximum, or when the procedure is awarded already. The standstill period starts;
    ``gunning_definitief`` then creates the framework agreements."""
    besloten_op = besloten_op or klok.vandaag()
    aanbesteding = _lock_aanbesteding(aanbesteding)
    policy.vereis(door, "contractering.aanbesteding_gunnen", aanbesteding)
    redenen = redenen or {}
    problems = ProblemCollector()
    grenzen.past(problems, Gunningsbesluit, "toelichting", toelichting)
    if _besloten(problems, aanbesteding, "opnieuw gunnen"):
        problems.raise_if_any(ValidationFailed)
    _beoordeling_mag_beginnen(problems, aanbesteding, besloten_op, "gunnen")
    problems.raise_if_any()
    r = volledige_rangschikking(aanbesteding)
    if not r.regels:
        problems.add("geen_inschrijvingen", f"Op '{aanbesteding}' heeft niemand ingeschreven: er valt niets te gunnen.")
    if r.ontbrekend:
        genoemd = ", ".join(f"{i.aanbieder.naam} op '{c.naam}'" for i, c in r.ontbrekend[:10])
        meer = f" en nog {len(r.ontbrekend) - 10}" if len(r.ontbrekend) > 10 else ""
        problems.add(
            "scores_ontbreken",
            f"Gunnen kan pas als elke inschrijving op elk gunningscriterium is gescoord; {len(r.ontbrekend)} "
            f"score(s) ontbreken: {genoemd}{meer}.",
            "scores",
        )
    elif r.gelijke_stand_op_grens:
        gelijk = [x.inschrijving.aanbieder.naam for x in r.regels if x.totaal == r.grens]
        problems.add(
            "gelijke_stand_op_grens",
            f"{', '.join(gelijk)} staan gelijk ({format_getal(r.grens)} punten) op de grens van "
            f"{aanbesteding.max_aanbieders} aanbieders: de rangschikking beslist niet. Herzie de scores "
            "volgens de beslisregel uit de aanbestedingsstukken of pas het maximum aan.",
            "scores",
        )
    problems.raise_if_any()
    _sluiten_indien_open(aanbesteding, door)
    n = len(r.regels)
    for regel in r.regels:
        reden = _reden(regel, r, n, redenen.get(regel.inschrijving.pk, ""))
        naar = Inschrijving.Status.GEGUND if regel.geselecteerd else Inschrijving.Status.AFGEWEZEN
        overgangen.overgaan(
            regel.inschrijving, naar, door=door, rang=regel.rang, totaal=regel.totaal, reden=reden,
            velden=["rang", "totaal", "besluit_reden"],
        )  # fmt: skip
    besluit = Gunningsbesluit.objects.create(
        aanbesteding=aanbesteding,
        besloten_op=besloten_op,
        einde_opschortende_termijn=besloten_op + dt.timedelta(days=aanbesteding.opschortende_termijn_dagen),
        toelichting=(toelichting or "").strip(),
        aantal_gegund=r.aantal_geselecteerd,
        besloten_door=door,
    )
    overgangen.overgaan(
        aanbesteding, Aanbesteding.Status.VOORLOPIG_GEGUND, door=door,
        toelichting=f"Voorlopig gegund aan {r.aantal_geselecteerd} van {n} inschrijvers; opschortende termijn tot "
                    f"en met {besluit.einde_opschortende_termijn:%d-%m-%Y}.",
    )  # fmt: skip
    return besluit


@transaction.atomic
def gunning_definitief(
    *, aanbesteding: Aanbesteding, door, datum: dt.date | None = None, toelichting: str = ""
) -> list[Raamovereenkomst]:
    """After the standstill period the award becomes definitive: every awarded provider gets a framework
    agreement (through ``raamovereenkomst_create``, with all its rules) from the procedure's start date."""
    datum = datum or klok.vandaag()
    aanbesteding = _lock_aanbesteding(aanbesteding)
    policy.vereis(door, "contractering.aanbesteding_gunnen", aanbesteding)
    problems = ProblemCollector()
    besluit = Gunningsbesluit.objects.filter(aanbesteding=aanbesteding).select_for_update().first()
    if aanbesteding.status == Aanbesteding.Status.GEGUND:
        problems.add(
            "al_gegund", f"'{aanbesteding}' is al definitief gegund op {besluit.definitief_op:%d-%m-%Y}.", "status"
        )
    elif aanbesteding.status != Aanbesteding.Status.VOORLOPIG_GEGUND or besluit is None:
        problems.add(
            "niet_voorlopig_gegund",
            f"Definitief gunnen kan pas na het gunningsbesluit; '{aanbesteding}' is "
            f"{aanbesteding.get_status_display()}.",
            "status",
        )
    elif aanbesteding.opschortende_termijn_dagen and datum <= besluit.einde_opschortende_termijn:
        problems.add(
            "opschortende_termijn_loopt",
            f"De opschortende termijn loopt tot en met {besluit.einde_opschortende_termijn:%d-%m-%Y}; definitief "
            "gunnen kan pas daarna.",
            "datum",
        )
    problems.raise_if_any()
    model = aanbesteding.procedure.inkoopmodel
    producten = list(aanbesteding.producten.all())
    overeenkomsten = []
    for inschrijving in (
        aanbesteding.inschrijvingen.filter(status=Inschrijving.Status.GEGUND)
        .select_related("aanbieder")
        .order_by("rang", "aanbieder__naam")
    ):
        overeenkomst = raamovereenkomst_create(
            aanbieder=inschrijving.aanbieder, inkoopmodel=model, producten=producten,
            ingangsdatum=aanbesteding.ingangsdatum, procedure=aanbesteding.procedure, door=door,
            toelichting=f"Gegund in aanbesteding '{aanbesteding}' (rang {inschrijving.rang}).",
            is_synthetisch=aanbesteding.is_synthetisch,
        )  # fmt: skip
        inschrijving.raamovereenkomst = overeenkomst
        inschrijving.save(update_fields=["raamovereenkomst"])
        overeenkomsten.append(overeenkomst)
    besluit.definitief_op = datum
    besluit.save(update_fields=["definitief_op"])
    overgangen.overgaan(
        aanbesteding, Aanbesteding.Status.GEGUND, door=door,
        toelichting=(toelichting or "").strip() or f"Definitief gegund; {len(overeenkomsten)} raamovereenkomsten.",
    )  # fmt: skip
    return overeenkomsten
