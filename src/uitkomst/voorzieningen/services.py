"""Changes in collective provisions: districts, provisions, attendance reports, referrals by the access.

Every service asks the policy first (``door`` is required), validates everything and collects every
problem with a code and a Dutch message, and saves nothing when one is found: each runs in one
transaction and locks the rows its rule depends on (the provision for its reports). Status changes
(closing a provision, replacing a report by a correction) run through ``uitkomst.utils.overgangen``.

Privacy: a collective provision is used without a decision, so none of these rows may identify a
resident. A referral that carries a BSN or a client is refused (``bsn_niet_toegestaan``,
``client_niet_toegestaan``), and so is any free text or reference holding a number that passes the
BSN eleven-test.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from stdnum.nl import bsn as stdnum_bsn

from uitkomst.accounts import policy
from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.utils import grenzen, klok, overgangen
from uitkomst.utils.errors import Conflict, ProblemCollector

from .models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing, Wijk

MAX_AANTAL_VERWIJZING = 100  # residents in one referral record (a group session, at most)
_CIJFERREEKS = re.compile(r"(?<!\d)\d[\d .-]{7,11}\d(?!\d)")


def bevat_bsn(tekst: str) -> bool:
    """True when ``tekst`` holds a number that passes the BSN eleven-test (8 or 9 digits, possibly
    written with spaces, dots or dashes). Used to keep BSNs out of anonymous rows."""
    for reeks in _CIJFERREEKS.findall(tekst or ""):
        cijfers = re.sub(r"\D", "", reeks)
        if len(cijfers) in (8, 9) and stdnum_bsn.is_valid(cijfers.zfill(9)):
            return True
    return False


def _geen_bsn(problems: ProblemCollector, tekst: str, veld: str, label: str) -> None:
    if bevat_bsn(tekst):
        problems.add(
            "bsn_niet_toegestaan",
            f"{label}: hierin staat een BSN. Een algemene voorziening is vrij toegankelijk en kent geen "
            "persoonsgegevens; laat het BSN weg.",
            veld,
        )


def _aantal(problems: ProblemCollector, waarde, veld: str, label: str, *, minimum: int = 0, maximum=None):
    """A whole number of at least ``minimum`` (and at most ``maximum``); None and a problem if not."""
    if isinstance(waarde, str) and waarde.strip().lstrip("-").isdigit():
        waarde = int(waarde.strip())
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        problems.add("ongeldig_aantal", f"{label}: '{waarde}' is geen geheel getal.", veld)
        return None
    if waarde < minimum:
        wat = "nul of meer" if minimum == 0 else f"ten minste {minimum}"
        problems.add("ongeldig_aantal", f"{label}: het aantal moet {wat} zijn, niet {waarde}.", veld)
        return None
    if maximum is not None and waarde > maximum:
        problems.add("ongeldig_aantal", f"{label}: het aantal kan niet meer dan {maximum} zijn, niet {waarde}.", veld)
        return None
    return waarde


def _datum(problems: ProblemCollector, waarde, veld: str, label: str) -> dt.date | None:
    if isinstance(waarde, dt.datetime) or not isinstance(waarde, dt.date):
        problems.add("ongeldige_datum", f"{label}: geef een datum.", veld)
        return None
    if not grenzen.past(problems, AlgemeneVoorziening, "geldig_van", waarde, veld=veld):
        return None
    return waarde


def maand(waarde) -> dt.date | None:
    """The first day of the month of a date, or of ``"2026-03"``; None when it is neither."""
    if isinstance(waarde, dt.date) and not isinstance(waarde, dt.datetime):
        return waarde.replace(day=1)
    if isinstance(waarde, str):
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*", waarde)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3] or 1)).replace(day=1)
            except ValueError:
                return None
    return None


def _maand_einde(dag: dt.date) -> dt.date:
    volgende = (dag.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return volgende - dt.timedelta(days=1)


# --- districts ------------------------------------------------------------------------------


@transaction.atomic
def wijk_create(*, gemeente, naam: str, cbs_code: str = "", door, is_synthetisch: bool = False) -> Wijk:
    """A district of the municipality (its name, optionally the CBS district code)."""
    policy.vereis(door, "voorzieningen.beheren", Wijk(gemeente=gemeente))
    problems = ProblemCollector()
    naam, cbs_code = (naam or "").strip(), (cbs_code or "").strip()
    if not naam:
        problems.add("naam_ontbreekt", "Geef de wijk een naam.", "naam")
    grenzen.past(problems, Wijk, "naam", naam)
    grenzen.past(problems, Wijk, "cbs_code", cbs_code)
    if naam and Wijk.objects.filter(gemeente=gemeente, naam__iexact=naam).exists():
        problems.add("wijk_bestaat", f"De wijk '{naam}' bestaat al in {gemeente}.", "naam")
    problems.raise_if_any()
    return Wijk.objects.create(gemeente=gemeente, naam=naam, cbs_code=cbs_code, is_synthetisch=is_synthetisch)


# --- provisions -----------------------------------------------------------------------------


def _subsidie(problems: ProblemCollector, verlening, *, gemeente, aanbieder, van, tot) -> None:
    """The grant that funds the provision: of the same municipality and provider, in its period."""
    if verlening is None:
        return
    if verlening.gemeente_id != gemeente.pk:
        problems.add("subsidie_andere_gemeente",
                     f"De subsidie '{verlening}' is verleend door een andere gemeente dan {gemeente}.",
                     "subsidieverlening")  # fmt: skip
    if aanbieder is not None and verlening.aanbieder_id != aanbieder.pk:
        problems.add("subsidie_andere_aanbieder",
                     f"De subsidie '{verlening}' is verleend aan een andere aanbieder dan {aanbieder}.",
                     "subsidieverlening")  # fmt: skip
    if van is not None and (van.year > verlening.jaar or (tot is not None and tot.year < verlening.jaar)):
        problems.add("subsidie_buiten_periode",
                     f"De subsidie is verleend voor {verlening.jaar}; de voorziening loopt dan niet.",
                     "subsidieverlening")  # fmt: skip


@transaction.atomic
def voorziening_create(
    *,
    wijk: Wijk,
    aanbieder,
    naam: str,
    soort: str,
    capaciteit,
    geldig_van: dt.date,
    capaciteit_eenheid: str = AlgemeneVoorziening.Capaciteitseenheid.WEEK,
    geldig_tot: dt.date | None = None,
    subsidieverlening=None,
    wet: str = "wmo",
    omschrijving: str = "",
    adres: str = "",
    gemeente=None,
    door,
    is_synthetisch: bool = False,
) -> AlgemeneVoorziening:
    """A collective provision in a district of the municipality, run by a provider, open to every
    resident without a decision; optionally funded by a subsidy grant of the same municipality and provider."""
    gemeente = gemeente or wijk.gemeente
    policy.vereis(door, "voorzieningen.beheren", AlgemeneVoorziening(gemeente=gemeente, aanbieder=aanbieder))
    problems = ProblemCollector()
    if wijk.gemeente_id != gemeente.pk:
        problems.add("wijk_andere_gemeente", f"De wijk '{wijk}' hoort niet bij {gemeente}.", "wijk")
    naam = (naam or "").strip()
    if not naam:
        problems.add("naam_ontbreekt", "Geef de voorziening een naam.", "naam")
    for veld, waarde in (("naam", naam), ("omschrijving", omschrijving), ("adres", adres)):
        grenzen.past(problems, AlgemeneVoorziening, veld, waarde)
        _geen_bsn(problems, waarde, veld, str(AlgemeneVoorziening._meta.get_field(veld).verbose_name).capitalize())
    if soort not in AlgemeneVoorziening.Soort.values:
        problems.add("ongeldige_soort", f"'{soort}' is geen soort voorziening; kies uit "
                     f"{', '.join(AlgemeneVoorziening.Soort.values)}.", "soort")  # fmt: skip
    if wet not in Wet.values:
        problems.add("ongeldige_wet", f"'{wet}' is geen wet; kies uit {', '.join(Wet.values)}.", "wet")
    cap = _aantal(problems, capaciteit, "capaciteit", "Capaciteit", minimum=1)
    if cap is not None:
        grenzen.past(problems, AlgemeneVoorziening, "capaciteit", cap)
    if capaciteit_eenheid not in AlgemeneVoorziening.Capaciteitseenheid.values:
        problems.add("ongeldige_eenheid", "Kies de capaciteit per week, maand of jaar.", "capaciteit_eenheid")
    van = _datum(problems, geldig_van, "geldig_van", "Geldig van")
    tot = None if geldig_tot is None else _datum(problems, geldig_tot, "geldig_tot", "Geldig tot en met")
    if van is not None and tot is not None and tot < van:
        problems.add("ongeldige_periode", f"Geldig tot ({tot:%d-%m-%Y}) ligt vóór geldig van ({van:%d-%m-%Y}).",
                     "geldig_tot")  # fmt: skip
    _subsidie(problems, subsidieverlening, gemeente=gemeente, aanbieder=aanbieder, van=van, tot=tot)
    if naam and van and AlgemeneVoorziening.objects.filter(wijk=wijk, naam=naam, geldig_van=van).exists():
        problems.add("voorziening_bestaat", f"'{naam}' in {wijk} vanaf {van:%d-%m-%Y} bestaat al.", "naam")
    problems.raise_if_any()
    voorziening = AlgemeneVoorziening.objects.create(
        gemeente=gemeente, wijk=wijk, aanbieder=aanbieder, naam=naam, soort=soort, wet=wet, omschrijving=omschrijving,
        adres=adres, capaciteit=cap, capaciteit_eenheid=capaciteit_eenheid, geldig_van=van, geldig_tot=tot,
        subsidieverlening=subsidieverlening, aangemaakt_door=door, is_synthetisch=is_synthetisch,
    )  # fmt: skip
    overgangen.begin(voorziening, door=door)
    return voorziening


@transaction.atomic
def voorziening_sluiten(*, voorziening: AlgemeneVoorziening, per: dt.date, reden: str, door) -> AlgemeneVoorziening:
    """Close a provision as of ``per`` (its last day): nobody is referred to it after that; the
    attendance of the months up to then can still be reported."""
    voorziening = AlgemeneVoorziening.objects.select_for_update().get(pk=voorziening.pk)
    policy.vereis(door, "voorzieningen.beheren", voorziening)
    problems = ProblemCollector()
    reden = (reden or "").strip()
    if not reden:
        problems.add("reden_ontbreekt", "Geef de reden waarom de voorziening sluit.", "reden")
    grenzen.past(problems, AlgemeneVoorziening, "sluitreden", reden, veld="reden")
    per = _datum(problems, per, "per", "Laatste dag")
    if per is not None and per < voorziening.geldig_van:
        problems.add("ongeldige_periode", f"De voorziening begint pas op {voorziening.geldig_van:%d-%m-%Y}.", "per")
    if per is not None and voorziening.geldig_tot is not None and per > voorziening.geldig_tot:
        problems.add("ongeldige_periode",
                     f"De voorziening loopt al tot en met {voorziening.geldig_tot:%d-%m-%Y}; later sluiten kan niet.",
                     "per")  # fmt: skip
    if (
        per is not None
        and voorziening.deelnamemeldingen.filter(status=Deelnamemelding.Status.GELDIG, periode__gt=per).exists()
    ):
        problems.add(
            "meldingen_na_sluiting",
            f"Er is al deelname gemeld over een maand na {per:%d-%m-%Y}; sluit op een latere dag.",
            "per",
        )
    problems.raise_if_any()
    overgangen.overgaan(
        voorziening, AlgemeneVoorziening.Status.GESLOTEN, door=door, velden=["sluitreden", "geldig_tot"],
        reden=reden, per=per,
    )  # fmt: skip
    return voorziening


# --- attendance -----------------------------------------------------------------------------


def _controleer_melding(
    problems: ProblemCollector, voorziening: AlgemeneVoorziening, periode, deelnames, unieke, toelichting, vandaag
):
    begin = maand(periode)
    if begin is None:
        problems.add("ongeldige_periode", f"'{periode}' is geen maand; geef bijvoorbeeld 2026-03.", "periode")
    else:
        eind = _maand_einde(begin)
        if eind < voorziening.geldig_van or (voorziening.geldig_tot is not None and begin > voorziening.geldig_tot):
            loopt = f"van {voorziening.geldig_van:%d-%m-%Y}" + (
                f" tot en met {voorziening.geldig_tot:%d-%m-%Y}" if voorziening.geldig_tot else ""
            )
            problems.add("periode_buiten_geldigheid",
                         f"De voorziening '{voorziening.naam}' loopt {loopt}; over {begin:%m-%Y} kan geen deelname "
                         "gemeld worden.", "periode")  # fmt: skip
        elif begin > vandaag:
            problems.add("periode_in_toekomst", f"De maand {begin:%m-%Y} is nog niet begonnen.", "periode")
    aantal = _aantal(problems, deelnames, "deelnames", "Aantal deelnames")
    if aantal is not None:
        grenzen.past(problems, Deelnamemelding, "deelnames", aantal)
    uniek = None
    if unieke not in (None, ""):
        uniek = _aantal(problems, unieke, "unieke_deelnemers", "Aantal unieke deelnemers")
        if uniek is not None and aantal is not None and uniek > aantal:
            problems.add("uniek_boven_deelnames",
                         f"Er kunnen niet meer unieke deelnemers ({uniek}) zijn dan deelnames ({aantal}).",
                         "unieke_deelnemers")  # fmt: skip
    grenzen.past(problems, Deelnamemelding, "toelichting", toelichting)
    _geen_bsn(problems, toelichting, "toelichting", "Toelichting")
    return begin, aantal, uniek


@transaction.atomic
def deelname_melden(
    *,
    voorziening: AlgemeneVoorziening,
    periode,
    deelnames,
    unieke_deelnemers=None,
    toelichting: str = "",
    datum: dt.date | None = None,
    door,
    is_synthetisch: bool = False,
) -> Deelnamemelding:
    """The provider reports the attendance of its provision over one month: counts only.

    One current report per provision and month: a second is refused (``al_gemeld``); correct it
    with ``deelname_corrigeren``."""
    datum = datum or klok.vandaag()
    voorziening = AlgemeneVoorziening.objects.select_for_update().get(pk=voorziening.pk)
    policy.vereis(door, "voorzieningen.deelname_melden", voorziening)
    problems = ProblemCollector()
    begin, aantal, uniek = _controleer_melding(
        problems, voorziening, periode, deelnames, unieke_deelnemers, toelichting, datum
    )
    if (
        begin is not None
        and voorziening.deelnamemeldingen.filter(periode=begin, status=Deelnamemelding.Status.GELDIG).exists()
    ):
        problems.add("al_gemeld",
                     f"Over {begin:%m-%Y} is de deelname aan '{voorziening.naam}' al gemeld; corrigeer die melding "
                     "in plaats van een tweede te doen.", "periode")  # fmt: skip
    problems.raise_if_any()
    melding = Deelnamemelding.objects.create(
        voorziening=voorziening, gemeente_id=voorziening.gemeente_id, aanbieder_id=voorziening.aanbieder_id,
        periode=begin, deelnames=aantal, unieke_deelnemers=uniek, toelichting=toelichting, ingediend_op=datum,
        ingediend_door=door, is_synthetisch=is_synthetisch,
    )  # fmt: skip
    overgangen.begin(melding, door=door)
    return melding


@transaction.atomic
def deelname_corrigeren(
    *,
    melding: Deelnamemelding,
    deelnames,
    unieke_deelnemers=None,
    reden: str,
    toelichting: str = "",
    datum: dt.date | None = None,
    door,
) -> Deelnamemelding:
    """Correct a month's report by replacing it: the old one moves to ``vervangen`` (with the reason
    in its history) and stays; the new one points to it and counts from now on."""
    datum = datum or klok.vandaag()
    voorziening = AlgemeneVoorziening.objects.select_for_update().get(pk=melding.voorziening_id)
    melding = Deelnamemelding.objects.select_for_update().get(pk=melding.pk)
    policy.vereis(door, "voorzieningen.deelname_melden", voorziening)
    problems = ProblemCollector()
    if melding.status != Deelnamemelding.Status.GELDIG:
        problems.add("al_vervangen", "Deze melding is al vervangen; corrigeer de melding die nu geldt.", "melding")
    reden = (reden or "").strip()
    if not reden:
        problems.add("reden_ontbreekt", "Geef de reden van de correctie.", "reden")
    grenzen.past(problems, Deelnamemelding, "toelichting", reden, veld="reden")
    _geen_bsn(problems, reden, "reden", "Reden")
    _, aantal, uniek = _controleer_melding(
        problems, voorziening, melding.periode, deelnames, unieke_deelnemers, toelichting, datum
    )
    if problems.problems and problems.problems[0].code == "al_vervangen":
        problems.raise_if_any(Conflict)
    problems.raise_if_any()
    overgangen.overgaan(melding, Deelnamemelding.Status.VERVANGEN, door=door, reden=reden)
    nieuw = Deelnamemelding.objects.create(
        voorziening=voorziening, gemeente_id=voorziening.gemeente_id, aanbieder_id=voorziening.aanbieder_id,
        periode=melding.periode, deelnames=aantal, unieke_deelnemers=uniek, toelichting=toelichting,
        vervangt=melding, ingediend_op=datum, ingediend_door=door, is_synthetisch=melding.is_synthetisch,
    )  # fmt: skip
    overgangen.begin(nieuw, door=door, notitie=f"Correctie: {reden}")
    return nieuw


# --- referral by the access (voorliggend) ---------------------------------------------------


@transaction.atomic
def voorliggend_verwijzen(
    *,
    voorziening: AlgemeneVoorziening,
    aantal=1,
    datum: dt.date | None = None,
    kenmerk: str = "",
    bsn: str | None = None,
    client=None,
    door,
    is_synthetisch: bool = False,
) -> VoorliggendeVerwijzing:
    """The access worker sends residents to a collective provision instead of, or before, an
    individual provision. Recorded as a count: no BSN and no client (refused when given), at most a
    pseudonymous reference of the worker's own."""
    datum = datum or klok.vandaag()
    voorziening = AlgemeneVoorziening.objects.get(pk=voorziening.pk)  # its current status and validity
    policy.vereis(door, "voorzieningen.verwijzen", voorziening)
    problems = ProblemCollector()
    if bsn not in (None, ""):
        problems.add(
            "bsn_niet_toegestaan",
            "Een verwijzing naar een algemene voorziening heeft geen BSN: de voorziening is vrij toegankelijk, "
            "zonder beschikking. Laat het BSN weg; leg alleen het aantal inwoners vast.",
            "bsn",
        )
    if client is not None:
        problems.add(
            "client_niet_toegestaan",
            "Een verwijzing naar een algemene voorziening hoort niet bij een cliënt: leg alleen het aantal vast.",
            "client",
        )
    kenmerk = (kenmerk or "").strip()
    grenzen.past(problems, VoorliggendeVerwijzing, "kenmerk", kenmerk)
    if bevat_bsn(kenmerk) or re.fullmatch(r"[\d .-]{9,}", kenmerk or "x"):
        problems.add("bsn_niet_toegestaan",
                     "Het kenmerk lijkt op een BSN. Gebruik een eigen kenmerk zonder persoonsgegevens.",
                     "kenmerk")  # fmt: skip
    n = _aantal(problems, aantal, "aantal", "Aantal inwoners", minimum=1, maximum=MAX_AANTAL_VERWIJZING)
    d = _datum(problems, datum, "datum", "Verwijsdatum")
    if d is not None:
        if d > klok.vandaag():
            problems.add("datum_in_toekomst", f"De verwijsdatum {d:%d-%m-%Y} ligt in de toekomst.", "datum")
        elif voorziening.status != AlgemeneVoorziening.Status.OPEN and (
            voorziening.geldig_tot is None or d > voorziening.geldig_tot
        ):
            problems.add("voorziening_gesloten", f"'{voorziening.naam}' is gesloten.", "voorziening")
        elif not voorziening.geldig_op(d):
            problems.add("buiten_geldigheid",
                         f"'{voorziening.naam}' loopt niet op {d:%d-%m-%Y}.", "datum")  # fmt: skip
    problems.raise_if_any()
    return VoorliggendeVerwijzing.objects.create(
        voorziening=voorziening, gemeente_id=voorziening.gemeente_id, aanbieder_id=voorziening.aanbieder_id, datum=d,
        aantal=n, kenmerk=kenmerk, verwezen_door=door, is_synthetisch=is_synthetisch,
    )  # fmt: skip
