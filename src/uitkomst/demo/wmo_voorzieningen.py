"""Demo collective provisions for Zwolle (document 003): day activities (*dagbesteding*) as a low-threshold
collective basic provision in every district, next to a few meeting places, phased in over the year.

Everything here is synthetic: fictitious providers (AGB block 9898xxxx, ``is_synthetisch``), invented
capacities, attendance counts and referrals. The district names are Zwolle's real districts (public
geography); nothing else is real. No row holds a resident: attendance and referrals are counts only.

Built through the real services as the system actor ``systeem:demo``, so every rule (a report per
provision and month, within its validity, no BSN) holds for the demo too. The day-activity provisions
are funded by the demo grant of ``demo.subsidies`` ("Collectieve dagbesteding in de wijken", provider
Buurtkamer Zwolle) when that grant exists for the year; without it they are built unfunded.

Idempotent: districts, provisions, monthly reports and referrals already there are kept; a second call
adds only what is missing (for instance the months that have passed since). Called by ``uitkomst demo``
for the IJsselland region (``bouwen(jaar=vandaag.year - 1)``, after ``subsidies_bouwen``).
"""

from __future__ import annotations

import datetime as dt
import random

from uitkomst.accounts import policy
from uitkomst.contractering import services as contractering
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.subsidies.models import Subsidieverlening
from uitkomst.utils import klok
from uitkomst.voorzieningen import services
from uitkomst.voorzieningen.models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing, Wijk

ZWOLLE = "0193"
DAGBESTEDING_REGELING = "Collectieve dagbesteding in de wijken"  # the scheme of demo.subsidies

AANBIEDERS = [  # (AGB, name, what it does): fictitious
    ("98980003", "Buurtkamer Zwolle (fictief)", "Dagbesteding als collectieve voorziening in de wijken"),
    ("98980101", "Welzijn De Brug (fictief)", "Welzijnswerk en ontmoeting in de wijk"),
]

# (district, CBS district code, month the day activities open (phased introduction), capacity per week)
WIJKEN = [
    ("Binnenstad", "WK019300", 1, 40),
    ("Diezerpoort", "WK019301", 1, 50),
    ("Assendorp", "WK019302", 1, 45),
    ("Holtenbroek", "WK019303", 1, 60),
    ("Aa-landen", "WK019304", 4, 40),
    ("Stadshagen", "WK019305", 4, 55),
    ("Zwolle-Zuid", "WK019306", 7, 45),
    ("Westenholte", "WK019307", 7, 30),
]
# meeting places run by the welfare provider: (district, name, capacity per month)
ONTMOETING = [
    ("Holtenbroek", "Inloop Holtenbroek", 400),
    ("Stadshagen", "Huiskamer Stadshagen", 300),
]


def _aanbieders(door, zwolle) -> dict[str, Aanbieder]:
    result = {}
    for agb, naam, omschrijving in AANBIEDERS:
        a = Aanbieder.objects.filter(agb_code=agb).first()
        if a is None:
            a = contractering.aanbieder_create(
                naam=naam, agb_code=agb, kvk_nummer=f"9{agb[1:]}", omschrijving=omschrijving, werkgebied=[zwolle],
                is_synthetisch=True, door=door,
            )  # fmt: skip
        result[agb] = a
    return result


def _wijk(door, zwolle, naam: str, code: str) -> Wijk:
    wijk = Wijk.objects.filter(gemeente=zwolle, naam=naam).first()
    return wijk or services.wijk_create(gemeente=zwolle, naam=naam, cbs_code=code, door=door, is_synthetisch=True)


def _voorziening(door, **velden) -> AlgemeneVoorziening:
    # by district and name: a later year's build reuses the provision (it runs on) and adds its months
    bestaand = (
        AlgemeneVoorziening.objects.filter(wijk=velden["wijk"], naam=velden["naam"]).order_by("geldig_van").first()
    )
    return bestaand or services.voorziening_create(door=door, is_synthetisch=True, **velden)


def _maand_einde(dag: dt.date) -> dt.date:
    return (dag.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _meldingen(door, voorziening: AlgemeneVoorziening, jaar: int, per_maand: int, rnd: random.Random) -> None:
    """One report per month that has ended, from the month the provision opened; an occupancy that
    grows over the first months (the provision becomes known), with some noise."""
    vandaag = klok.vandaag()
    gemeld = set(
        voorziening.deelnamemeldingen.filter(status=Deelnamemelding.Status.GELDIG).values_list("periode", flat=True)
    )
    for m in range(voorziening.geldig_van.month if voorziening.geldig_van.year == jaar else 1, 13):
        begin = dt.date(jaar, m, 1)
        einde = _maand_einde(begin)
        if einde >= vandaag or begin in gemeld:
            continue
        open_maanden = m - voorziening.geldig_van.month + 1
        groei = min(1.0, 0.45 + 0.1 * open_maanden)
        deelnames = max(0, round(per_maand * groei * rnd.uniform(0.8, 1.05)))
        uniek = max(0, min(deelnames, round(deelnames / rnd.uniform(3.5, 6.0))))
        services.deelname_melden(
            voorziening=voorziening, periode=begin, deelnames=deelnames, unieke_deelnemers=uniek,
            datum=min(einde + dt.timedelta(days=5), vandaag), door=door, is_synthetisch=True,
            toelichting="Synthetische melding (demo).",
        )  # fmt: skip


def _verwijzingen(door, voorziening: AlgemeneVoorziening, jaar: int, rnd: random.Random) -> None:
    """A few referrals by the access team per month (counts, no BSN), once per provision and year."""
    if VoorliggendeVerwijzing.objects.filter(voorziening=voorziening, datum__year=jaar).exists():
        return
    vandaag = klok.vandaag()
    for m in range(voorziening.geldig_van.month if voorziening.geldig_van.year == jaar else 1, 13):
        for _ in range(rnd.randint(0, 3)):
            dag = dt.date(jaar, m, rnd.randint(1, 28))
            if dag > vandaag:
                continue
            services.voorliggend_verwijzen(voorziening=voorziening, aantal=rnd.choice((1, 1, 1, 2)), datum=dag,
                                           door=door, is_synthetisch=True)  # fmt: skip


def bouwen(jaar: int) -> None:
    """Zwolle's districts with day activities per district (funded by the demo subsidy when present),
    two meeting places, monthly attendance for ``jaar`` and referrals by the access team."""
    door = policy.systeem_actor("demo")
    zwolle = Gemeente.objects.get(cbs_code=ZWOLLE)
    aanbieders = _aanbieders(door, zwolle)
    buurtkamer, brug = aanbieders["98980003"], aanbieders["98980101"]
    grant = Subsidieverlening.objects.filter(
        gemeente=zwolle, aanbieder=buurtkamer, jaar=jaar, regeling__naam=DAGBESTEDING_REGELING
    ).first()
    rnd = random.Random(f"wmo-voorzieningen-{jaar}")  # the same figures on every build
    wijken = {}
    for naam, code, maand, capaciteit in WIJKEN:
        wijken[naam] = wijk = _wijk(door, zwolle, naam, code)
        v = _voorziening(
            door, wijk=wijk, aanbieder=buurtkamer, naam=f"Dagbesteding {naam}", soort="dagbesteding",
            capaciteit=capaciteit, capaciteit_eenheid="week", geldig_van=dt.date(jaar, maand, 1),
            subsidieverlening=grant, adres=f"Buurthuis {naam} (fictief adres)",
            omschrijving="Laagdrempelige dagbesteding zonder beschikking, samen met het welzijnswerk in de wijk.",
        )  # fmt: skip
        _meldingen(door, v, jaar, round(capaciteit * 52 / 12 * 0.8), rnd)
        _verwijzingen(door, v, jaar, rnd)
    for wijknaam, naam, capaciteit in ONTMOETING:
        v = _voorziening(
            door, wijk=wijken[wijknaam], aanbieder=brug, naam=naam, soort="ontmoeting", capaciteit=capaciteit,
            capaciteit_eenheid="maand", geldig_van=dt.date(jaar, 1, 1),
            omschrijving="Inloop met koffie, activiteiten en een vast aanspreekpunt van het welzijnswerk.",
        )  # fmt: skip
        _meldingen(door, v, jaar, round(capaciteit * 0.7), rnd)
        _verwijzingen(door, v, jaar, rnd)
