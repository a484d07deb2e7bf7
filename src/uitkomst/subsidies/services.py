"""Changes in subsidy relations: scheme, application, grant, advances, report, settlement.

Every service asks the policy first (``door`` is required), validates everything and collects every
problem with a code and a Dutch message, and saves nothing when one is found: each runs in one
transaction and locks the rows its rule depends on (the scheme for its ceiling, the grant for its
advances and settlement). Status changes run through ``uitkomst.utils.overgangen``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from uitkomst.accounts import policy
from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.utils import grenzen, klok, overgangen
from uitkomst.utils.errors import Conflict, ProblemCollector, ValidationFailed
from uitkomst.utils.geld import bedrag_of_probleem, format_euro, parse_decimaal

from .models import (
    Prestatie,
    Subsidieaanvraag,
    Subsidieregeling,
    Subsidieverlening,
    Subsidieverplichting,
    Vaststelling,
    Verantwoording,
    Verantwoordingsregel,
    Voorschot,
)

NUL = Decimal("0.00")
MIN_JAAR, MAX_JAAR = 2015, 2100


def _bedrag(problems: ProblemCollector, waarde, veld: str, label: str, *, positief: bool = False) -> Decimal | None:
    """An amount with at most two decimals, not negative (or strictly positive); None and a problem if not."""
    bedrag = bedrag_of_probleem(waarde, problems, veld=veld, voorvoegsel=f"{label}: ")
    if bedrag is None:
        return None
    if bedrag < 0 or (positief and bedrag == 0):
        wat = "groter dan nul" if positief else "nul of meer"
        problems.add("ongeldig_bedrag", f"{label}: het bedrag moet {wat} zijn, niet {format_euro(bedrag)}.", veld)
        return None
    return bedrag


def _jaar(problems: ProblemCollector, waarde, veld: str, label: str) -> int | None:
    if waarde is None or waarde == "":
        problems.add("ongeldig_jaar", f"{label}: vul een jaar in tussen {MIN_JAAR} en {MAX_JAAR}.", veld)
        return None
    if isinstance(waarde, bool) or not isinstance(waarde, int) or not MIN_JAAR <= waarde <= MAX_JAAR:
        problems.add("ongeldig_jaar", f"{label}: '{waarde}' is geen jaar tussen {MIN_JAAR} en {MAX_JAAR}.", veld)
        return None
    return waarde


def benut(regeling: Subsidieregeling, jaar: int) -> Decimal:
    """The part of the scheme's ceiling for ``jaar`` already granted."""
    return regeling.verleningen.filter(jaar=jaar).aggregate(s=Sum("verleend_bedrag"))["s"] or NUL


# --- scheme ---------------------------------------------------------------------------------


@transaction.atomic
def regeling_create(
    *,
    gemeente,
    naam: str,
    wet: str,
    van_jaar: int,
    tot_jaar: int | None = None,
    plafond,
    doel: str = "",
    door,
    is_synthetisch: bool = False,
) -> Subsidieregeling:
    """A municipality's subsidy scheme with its ceiling per subsidy year."""
    policy.vereis(door, "subsidies.regeling_beheren", Subsidieregeling(gemeente=gemeente))
    problems = ProblemCollector()
    naam = (naam or "").strip()
    if not naam:
        problems.add("naam_ontbreekt", "Geef de subsidieregeling een naam.", "naam")
    grenzen.past(problems, Subsidieregeling, "naam", naam)
    grenzen.past(problems, Subsidieregeling, "doel", doel)
    if wet not in Wet.values:
        problems.add("ongeldige_wet", f"'{wet}' is geen wet; kies uit {', '.join(Wet.values)}.", "wet")
    tot_jaar = van_jaar if tot_jaar is None else tot_jaar
    van = _jaar(problems, van_jaar, "van_jaar", "Eerste subsidiejaar")
    tot = _jaar(problems, tot_jaar, "tot_jaar", "Laatste subsidiejaar")
    if van is not None and tot is not None and tot < van:
        problems.add("ongeldige_periode", f"Het laatste subsidiejaar ({tot}) ligt vóór het eerste ({van}).", "tot_jaar")
    bedrag = _bedrag(problems, plafond, "plafond", "Subsidieplafond")
    bestaat = Subsidieregeling.objects.filter(gemeente=gemeente, naam=naam, van_jaar=van)
    if naam and van is not None and bestaat.exists():
        problems.add("regeling_bestaat", f"De regeling '{naam}' vanaf {van} bestaat al voor {gemeente}.", "naam")
    problems.raise_if_any()
    return Subsidieregeling.objects.create(
        gemeente=gemeente, naam=naam, wet=wet, doel=doel, van_jaar=van, tot_jaar=tot, plafond=bedrag,
        aangemaakt_door=door, is_synthetisch=is_synthetisch,
    )  # fmt: skip


# --- application ----------------------------------------------------------------------------


@transaction.atomic
def aanvraag_indienen(
    *,
    regeling: Subsidieregeling,
    aanbieder,
    jaar: int,
    bedrag,
    toelichting: str = "",
    datum: dt.date | None = None,
    door,
    is_synthetisch: bool = False,
) -> Subsidieaanvraag:
    """A provider applies under a scheme for one subsidy year (it applies for itself)."""
    datum = datum or klok.vandaag()
    policy.vereis(
        door, "subsidies.aanvraag_indienen", Subsidieaanvraag(regeling=regeling, gemeente=regeling.gemeente,
                                                              aanbieder=aanbieder)
    )  # fmt: skip
    problems = ProblemCollector()
    jaar = _jaar(problems, jaar, "jaar", "Subsidiejaar")
    if jaar is not None and not regeling.geldt_in(jaar):
        problems.add("jaar_buiten_regeling", f"De regeling '{regeling}' geldt niet in {jaar}.", "jaar")
    aangevraagd = _bedrag(problems, bedrag, "aangevraagd_bedrag", "Aangevraagd bedrag", positief=True)
    grenzen.past(problems, Subsidieaanvraag, "toelichting", toelichting)
    if jaar is not None and Subsidieaanvraag.objects.filter(regeling=regeling, aanbieder=aanbieder, jaar=jaar).exists():
        problems.add("al_aangevraagd", f"{aanbieder} heeft voor {jaar} al subsidie aangevraagd onder deze regeling.",
                     "aanbieder")  # fmt: skip
    problems.raise_if_any()
    aanvraag = Subsidieaanvraag.objects.create(
        regeling=regeling, gemeente=regeling.gemeente, aanbieder=aanbieder, jaar=jaar, aangevraagd_bedrag=aangevraagd,
        ingediend_op=datum, toelichting=toelichting, ingediend_door=door, is_synthetisch=is_synthetisch,
    )  # fmt: skip
    overgangen.begin(aanvraag, door=door)
    return aanvraag


@transaction.atomic
def aanvraag_afwijzen(*, aanvraag: Subsidieaanvraag, reden: str, door) -> Subsidieaanvraag:
    aanvraag = Subsidieaanvraag.objects.select_for_update().get(pk=aanvraag.pk)
    policy.vereis(door, "subsidies.verlening_besluiten", aanvraag)
    if not (reden or "").strip():
        raise ValidationFailed("Geef de reden van de afwijzing.", code="reden_ontbreekt", field="reden")
    overgangen.overgaan(aanvraag, Subsidieaanvraag.Status.AFGEWEZEN, door=door, velden=["besluit_reden"], reden=reden)
    return aanvraag


# --- grant ----------------------------------------------------------------------------------


def _prestaties(problems: ProblemCollector, prestaties: Iterable[Mapping]) -> list[Prestatie]:
    rijen, gezien = [], set()
    for i, p in enumerate(prestaties, start=1):
        indicator = str(p.get("indicator") or "").strip()
        omschrijving = str(p.get("omschrijving") or "").strip()
        veld = f"prestaties[{i}]"
        if not indicator or not omschrijving:
            problems.add("prestatie_onvolledig", f"Prestatie {i}: vul indicator en omschrijving in.", veld)
        if indicator in gezien:
            problems.add("prestatie_dubbel", f"Prestatie {i}: de indicator '{indicator}' staat er al.", veld)
        gezien.add(indicator)
        grenzen.past(problems, Prestatie, "indicator", indicator, veld=veld)
        grenzen.past(problems, Prestatie, "omschrijving", omschrijving, veld=veld)
        grenzen.past(problems, Prestatie, "eenheid", str(p.get("eenheid") or ""), veld=veld)
        try:
            streef = parse_decimaal(
                p.get("streefwaarde"), code="ongeldige_streefwaarde", soort="streefwaarde", veld=veld
            )
        except ValidationFailed as exc:
            problems.add(exc.code, f"Prestatie {i}: {exc.message}", veld)
            streef = None
        if streef is not None and streef < 0:
            problems.add("ongeldige_streefwaarde", f"Prestatie {i}: de streefwaarde kan niet negatief zijn.", veld)
        rijen.append(Prestatie(indicator=indicator, omschrijving=omschrijving, eenheid=str(p.get("eenheid") or ""),
                               streefwaarde=streef, volgorde=i))  # fmt: skip
    if not rijen:
        problems.add("prestaties_ontbreken", "Een subsidie met resultaten spreekt ten minste één prestatie af.",
                     "prestaties")  # fmt: skip
    return rijen


def _verplichtingen(problems: ProblemCollector, verplichtingen: Iterable[Mapping]) -> list[Subsidieverplichting]:
    rijen = []
    for i, v in enumerate(verplichtingen, start=1):
        soort, tekst = v.get("soort"), str(v.get("omschrijving") or "").strip()
        if soort not in Subsidieverplichting.Soort.values:
            problems.add("ongeldige_soort", f"Verplichting {i}: kies 'verplichting' of 'voorwaarde'.",
                         f"verplichtingen[{i}]")  # fmt: skip
        if not tekst:
            problems.add("verplichting_leeg", f"Verplichting {i}: vul de omschrijving in.", f"verplichtingen[{i}]")
        grenzen.past(problems, Subsidieverplichting, "omschrijving", tekst, veld=f"verplichtingen[{i}]")
        rijen.append(Subsidieverplichting(soort=soort, omschrijving=tekst, volgorde=i))
    return rijen


def _schema(problems: ProblemCollector, voorschotten: Iterable[Mapping], jaar: int | None) -> list[Voorschot]:
    rijen = []
    for i, v in enumerate(voorschotten, start=1):
        veld = f"voorschotten[{i}]"
        bedrag = _bedrag(problems, v.get("bedrag"), veld, f"Voorschot {i}", positief=True)
        datum = v.get("gepland_op")
        if not isinstance(datum, dt.date):
            problems.add("ongeldige_datum", f"Voorschot {i}: geef de datum waarop het betaald wordt.", veld)
            datum = None
        rijen.append(Voorschot(volgnummer=i, gepland_op=datum, bedrag=bedrag))
    return rijen


def _controleer_voorschotten(problems: ProblemCollector, totaal: Decimal, verleend: Decimal | None) -> None:
    if verleend is not None and totaal > verleend:
        problems.add(
            "voorschot_boven_verlening",
            f"De voorschotten ({format_euro(totaal)}) zijn hoger dan het verleende bedrag ({format_euro(verleend)}).",
            "voorschotten",
        )


@transaction.atomic
def verlening_create(
    *,
    aanvraag: Subsidieaanvraag | None = None,
    regeling: Subsidieregeling | None = None,
    aanbieder=None,
    jaar: int | None = None,
    bedrag,
    prestaties: Iterable[Mapping],
    verplichtingen: Iterable[Mapping] = (),
    voorschotten: Iterable[Mapping] = (),
    besluitdatum: dt.date | None = None,
    toelichting: str = "",
    door,
    is_synthetisch: bool = False,
) -> Subsidieverlening:
    """Grant an application: amount within the scheme's remaining ceiling for the year, the results
    agreed (indicator and target), obligations and conditions, and the schedule of advances.

    Pass the application, or the scheme, provider and year to find it: a grant without an application
    is refused (``aanvraag_ontbreekt``)."""
    besluitdatum = besluitdatum or klok.vandaag()
    if aanvraag is None:
        aanvraag = Subsidieaanvraag.objects.filter(regeling=regeling, aanbieder=aanbieder, jaar=jaar).first()
        if aanvraag is None:
            policy.vereis(door, "subsidies.verlening_besluiten", Subsidieverlening(gemeente=regeling.gemeente,
                                                                                 aanbieder=aanbieder))  # fmt: skip
            raise Conflict(
                f"{aanbieder} heeft voor {jaar} geen subsidie aangevraagd onder '{regeling}': zonder aanvraag geen "
                "verlening.",
                code="aanvraag_ontbreekt", field="aanvraag",
            )  # fmt: skip
    aanvraag = Subsidieaanvraag.objects.select_for_update().select_related("regeling", "aanbieder").get(pk=aanvraag.pk)
    policy.vereis(door, "subsidies.verlening_besluiten", aanvraag)
    regeling = Subsidieregeling.objects.select_for_update().get(pk=aanvraag.regeling_id)  # the ceiling
    problems = ProblemCollector()
    if aanvraag.status != Subsidieaanvraag.Status.INGEDIEND:
        problems.add("aanvraag_al_besloten", f"Over deze aanvraag is al besloten ({aanvraag.get_status_display()}).",
                     "aanvraag")  # fmt: skip
    verleend = _bedrag(problems, bedrag, "verleend_bedrag", "Verleend bedrag")
    if verleend is not None:
        if verleend > aanvraag.aangevraagd_bedrag:
            problems.add(
                "boven_aanvraag",
                f"Het verleende bedrag ({format_euro(verleend)}) is hoger dan aangevraagd "
                f"({format_euro(aanvraag.aangevraagd_bedrag)}).",
                "verleend_bedrag",
            )
        al = benut(regeling, aanvraag.jaar)
        ruimte = regeling.plafond - al
        if verleend > ruimte:
            problems.add(
                "plafond_overschreden",
                f"Het subsidieplafond van '{regeling}' voor {aanvraag.jaar} is {format_euro(regeling.plafond)}; "
                f"al verleend {format_euro(al)}, er is nog {format_euro(max(ruimte, NUL))} over, niet "
                f"{format_euro(verleend)}.",
                "verleend_bedrag",
            )
    rijen = _prestaties(problems, prestaties)
    plichten = _verplichtingen(problems, verplichtingen)
    schema = _schema(problems, voorschotten, aanvraag.jaar)
    _controleer_voorschotten(problems, sum((v.bedrag for v in schema if v.bedrag is not None), NUL), verleend)
    grenzen.past(problems, Subsidieverlening, "toelichting", toelichting)
    problems.raise_if_any()
    overgangen.overgaan(aanvraag, Subsidieaanvraag.Status.VERLEEND, door=door)
    verlening = Subsidieverlening.objects.create(
        aanvraag=aanvraag, regeling=regeling, gemeente=aanvraag.gemeente, aanbieder=aanvraag.aanbieder,
        jaar=aanvraag.jaar, verleend_bedrag=verleend, besluitdatum=besluitdatum, toelichting=toelichting,
        verleend_door=door, is_synthetisch=is_synthetisch,
    )  # fmt: skip
    overgangen.begin(verlening, door=door)
    for r in rijen:
        r.verlening = verlening
    Prestatie.objects.bulk_create(rijen)
    for p in plichten:
        p.verlening = verlening
    Subsidieverplichting.objects.bulk_create(plichten)
    for v in schema:
        v.verlening, v.gemeente, v.aanbieder = verlening, verlening.gemeente, verlening.aanbieder
        v.save()
        overgangen.begin(v, door=door)
    return verlening


# --- advances -------------------------------------------------------------------------------


@transaction.atomic
def voorschot_betalen(*, voorschot: Voorschot, datum: dt.date | None = None, door) -> Voorschot:
    """Finance pays one scheduled advance; never more in advances than the grant."""
    datum = datum or klok.vandaag()
    voorschot = Voorschot.objects.select_for_update().select_related("verlening").get(pk=voorschot.pk)
    policy.vereis(door, "subsidies.voorschot_betalen", voorschot)
    verlening = Subsidieverlening.objects.select_for_update().get(pk=voorschot.verlening_id)
    problems = ProblemCollector()
    if verlening.status == Subsidieverlening.Status.VASTGESTELD:
        problems.add("al_vastgesteld", "Deze subsidie is al vastgesteld: er worden geen voorschotten meer betaald.",
                     "voorschot")  # fmt: skip
    betaald = verlening.voorschotten.filter(status=Voorschot.Status.BETAALD).aggregate(s=Sum("bedrag"))["s"] or NUL
    _controleer_voorschotten(problems, betaald + voorschot.bedrag, verlening.verleend_bedrag)
    problems.raise_if_any(Conflict)
    overgangen.overgaan(voorschot, Voorschot.Status.BETAALD, door=door, velden=["betaald_op"], datum=datum)
    return voorschot


def betaalde_voorschotten(verlening: Subsidieverlening) -> Decimal:
    return verlening.voorschotten.filter(status=Voorschot.Status.BETAALD).aggregate(s=Sum("bedrag"))["s"] or NUL


# --- report ---------------------------------------------------------------------------------


@transaction.atomic
def verantwoording_indienen(
    *,
    verlening: Subsidieverlening,
    jaar: int,
    realisaties: Mapping,
    toelichting: str = "",
    datum: dt.date | None = None,
    door,
) -> Verantwoording:
    """The provider reports, per agreed result (by indicator), the value realised in the grant's year."""
    datum = datum or klok.vandaag()
    verlening = Subsidieverlening.objects.select_for_update().get(pk=verlening.pk)
    policy.vereis(door, "subsidies.verantwoording_indienen", verlening)
    problems = ProblemCollector()
    if verlening.status != Subsidieverlening.Status.VERLEEND:
        problems.add("al_verantwoord", "Deze subsidie is al verantwoord.", "verlening")
    if jaar != verlening.jaar:
        problems.add(
            "verantwoording_ander_jaar",
            f"De subsidie is verleend voor {verlening.jaar}; een verantwoording over {jaar} hoort daar niet bij.",
            "jaar",
        )
    prestaties = {p.indicator: p for p in verlening.prestaties.all()}
    onbekend = sorted(set(map(str, realisaties)) - set(prestaties))
    if onbekend:
        problems.add("prestatie_onbekend", f"Niet afgesproken in deze subsidie: {', '.join(onbekend)}.", "realisaties")
    regels = []
    for indicator, prestatie in prestaties.items():
        if realisaties.get(indicator) in (None, ""):
            problems.add("prestatie_ontbreekt", f"Vul de gerealiseerde waarde in voor '{prestatie.omschrijving}'.",
                         f"realisaties.{indicator}")  # fmt: skip
            continue
        try:
            waarde = parse_decimaal(realisaties[indicator], code="ongeldige_waarde", soort="waarde",
                                    veld=f"realisaties.{indicator}")  # fmt: skip
        except ValidationFailed as exc:
            problems.add(exc.code, f"{prestatie.omschrijving}: {exc.message}", f"realisaties.{indicator}")
            continue
        if waarde < 0:
            problems.add("ongeldige_waarde", f"{prestatie.omschrijving}: de waarde kan niet negatief zijn.",
                         f"realisaties.{indicator}")  # fmt: skip
            continue
        regels.append(Verantwoordingsregel(prestatie=prestatie, gerealiseerd=waarde))
    grenzen.past(problems, Verantwoording, "toelichting", toelichting)
    problems.raise_if_any()
    verantwoording = Verantwoording.objects.create(
        verlening=verlening, gemeente_id=verlening.gemeente_id, aanbieder_id=verlening.aanbieder_id, jaar=jaar,
        ingediend_op=datum, toelichting=toelichting, ingediend_door=door,
    )  # fmt: skip
    for r in regels:
        r.verantwoording = verantwoording
    Verantwoordingsregel.objects.bulk_create(regels)
    overgangen.overgaan(verlening, Subsidieverlening.Status.VERANTWOORD, door=door)
    return verantwoording


# --- settlement -----------------------------------------------------------------------------


def saldo(vastgesteld: Decimal, betaald: Decimal) -> tuple[Decimal, Decimal]:
    """(reclaim, additional payment): the paid advances minus the fixed amount when positive, else
    the fixed amount minus the advances."""
    verschil = betaald - vastgesteld
    return (verschil, NUL) if verschil > 0 else (NUL, -verschil)


@transaction.atomic
def vaststellen(
    *,
    verlening: Subsidieverlening,
    bedrag,
    toelichting: str = "",
    datum: dt.date | None = None,
    door,
) -> Vaststelling:
    """Fix the final amount after the report; the reclaim is what was paid in advances above it."""
    datum = datum or klok.vandaag()
    verlening = Subsidieverlening.objects.select_for_update().get(pk=verlening.pk)
    policy.vereis(door, "subsidies.vaststellen", verlening)
    problems = ProblemCollector()
    if verlening.status == Subsidieverlening.Status.VERLEEND:
        problems.add("verantwoording_ontbreekt",
                     "De aanbieder heeft deze subsidie nog niet verantwoord: vaststellen kan pas na de verantwoording.",
                     "verlening")  # fmt: skip
    elif verlening.status == Subsidieverlening.Status.VASTGESTELD:
        problems.add("al_vastgesteld", "Deze subsidie is al vastgesteld.", "verlening")
    vastgesteld = _bedrag(problems, bedrag, "vastgesteld_bedrag", "Vastgesteld bedrag")
    if vastgesteld is not None and vastgesteld > verlening.verleend_bedrag:
        problems.add(
            "boven_verlening",
            f"Het vastgestelde bedrag ({format_euro(vastgesteld)}) is hoger dan het verleende "
            f"({format_euro(verlening.verleend_bedrag)}).",
            "vastgesteld_bedrag",
        )
    grenzen.past(problems, Vaststelling, "toelichting", toelichting)
    problems.raise_if_any()
    betaald = betaalde_voorschotten(verlening)
    terug, na = saldo(vastgesteld, betaald)
    vaststelling = Vaststelling.objects.create(
        verlening=verlening, gemeente_id=verlening.gemeente_id, aanbieder_id=verlening.aanbieder_id,
        vastgesteld_bedrag=vastgesteld, betaalde_voorschotten=betaald, terugvordering=terug, nabetaling=na,
        datum=datum, toelichting=toelichting, vastgesteld_door=door,
    )  # fmt: skip
    reden = f"Vastgesteld op {format_euro(vastgesteld)}" + (f", terugvordering {format_euro(terug)}" if terug else "")
    overgangen.overgaan(verlening, Subsidieverlening.Status.VASTGESTELD, door=door, notitie=reden)
    # advances still scheduled are not paid any more: the settlement closes the grant
    return vaststelling
