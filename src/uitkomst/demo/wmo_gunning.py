"""Demo: Zwolle's integral home support (integrale ondersteuning thuis) contracted with a selected set
of providers through a competitive procedure (document 003: a fixed set of providers selected on
quality; providers without a contract work through one that has it).

Everything here is synthetic: fourteen fictitious tenderers (AGB block 9797xxxx, ``is_synthetisch``,
"(fictief)" in every name), invented scores and reasons. Built through the real services as the system
actor ``systeem:demo``: the announcement with award criteria (weights summing to 100), the tenders
before the deadline, a score for every tender on every criterion, the award decision with its reasons
per tenderer, the standstill period and the definitive award with the framework agreements for the nine
best. One rejected tenderer then works as registered subcontractor of a contracted one.

The products are the integral home support products (profile ``OT``) of the reference model
``zwolle-wmo-maatwerk`` (the Wmo catalogue). Without that model nothing is built (``bouwen`` returns
None). Idempotent: a second call finds the procedure and returns it unchanged.

Wire it into ``uitkomst demo`` with one call after the providers are built::

    from uitkomst.demo.wmo_gunning import bouwen as wmo_gunning_bouwen
    wmo_gunning_bouwen(jaar=vandaag.year)  # contracts from 1 January of ``jaar``
"""

from __future__ import annotations

import datetime as dt

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.contractering import services
from uitkomst.contractering.models import (
    Aanbesteding,
    Aanbieder,
    Gunningsbesluit,
    Inkoopprocedure,
    Inschrijving,
    Procedure,
    Raamovereenkomst,
)
from uitkomst.organisaties.models import Gemeente

ZWOLLE = "0193"
MODEL = "zwolle-wmo-maatwerk"
PROFIEL = "OT"  # integrale ondersteuning thuis
NAAM = "Integrale ondersteuning thuis Zwolle"
PROCEDURE = "Europese openbare aanbesteding integrale ondersteuning thuis (demo)"
MAX_AANBIEDERS = 9

CRITERIA = [
    {"code": "plan", "naam": "Plan van aanpak: ondersteuning op maat", "soort": "kwaliteit", "weging": 35,
     "omschrijving": "Hoe de aanbieder het resultaat (een schoon en leefbaar huis, zelf regie) bereikt."},
    {"code": "samenwerking", "naam": "Samenwerking met sociaal wijkteam en basisvoorziening", "soort": "kwaliteit",
     "weging": 25, "omschrijving": "Aansluiting op het voorliggende veld in de wijk."},
    {"code": "vernieuwing", "naam": "Vernieuwing en diversiteit van het aanbod", "soort": "kwaliteit", "weging": 15,
     "omschrijving": "Wat de aanbieder toevoegt aan het bestaande aanbod."},
    {"code": "prijs", "naam": "Prijs (maandtarieven licht, midden, zwaar)", "soort": "prijs", "weging": 25,
     "omschrijving": "Punten naar de afstand tot de laagste geldige inschrijving."},
]  # fmt: skip

# (AGB, name, scores plan/samenwerking/vernieuwing/prijs): fictitious providers, invented scores
INSCHRIJVERS = [
    ("97970001", "Thuis in Zwolle (fictief)", (9, 8, 7, 7)),
    ("97970002", "Wijkzorg Assendorp (fictief)", (8, 9, 6, 8)),
    ("97970003", "Huishoudhulp Plus (fictief)", (8, 8, 8, 6)),
    ("97970004", "Samen Thuis IJsselland (fictief)", (7, 8, 7, 9)),
    ("97970005", "De Schone Stek (fictief)", (8, 7, 6, 8)),
    ("97970006", "Zorgcoöperatie Holtenbroek (fictief)", (7, 7, 9, 7)),
    ("97970007", "Hulp aan Huis Stadshagen (fictief)", (7, 8, 5, 7)),
    ("97970008", "Nieuw Thuis Begeleiding (fictief)", (6, 7, 8, 8)),
    ("97970009", "Thuiszorg De Vecht (fictief)", (7, 6, 6, 8)),
    ("97970010", "Helpende Handen Zwolle (fictief)", (6, 7, 7, 6)),
    ("97970011", "Buurthulp Westenholte (fictief)", (6, 6, 5, 7)),
    ("97970012", "Zorg op Maat Oost (fictief)", (5, 6, 7, 6)),
    ("97970013", "Huis en Haard Diensten (fictief)", (5, 5, 6, 5)),
    ("97970014", "Klein Thuis (fictief)", (4, 5, 5, 6)),
]
ONDERAANNEMING = ("97970010", "97970001")  # rejected, works through a contracted one (document 003)


def _aanbieders(door, zwolle) -> dict[str, Aanbieder]:
    result = {}
    for agb, naam, _ in INSCHRIJVERS:
        a = Aanbieder.objects.filter(agb_code=agb).first()
        if a is None:
            a = services.aanbieder_create(
                naam=naam, agb_code=agb, kvk_nummer=f"8{agb[1:]}", omschrijving="Integrale ondersteuning thuis",
                werkgebied=[zwolle], is_synthetisch=True, door=door,
            )  # fmt: skip
        result[agb] = a
    return result


def wissen() -> None:
    """Remove the synthetic tender, its tenders and award and the demo's procedure, for a rebuild of the
    demo region. The region's rebuild removes every synthetic agreement, this tender's included; a tender
    left behind without its agreements would make ``bouwen`` return it as it is, and the Wmo agreements
    made before it (``wmo_producten``) would join its procedure: a rebuild then differs from a first build."""
    aanbestedingen = Aanbesteding.objects.filter(is_synthetisch=True, naam=NAAM, procedure__inkoopmodel__code=MODEL)
    Gunningsbesluit.objects.filter(aanbesteding__in=aanbestedingen).delete()
    Inschrijving.objects.filter(aanbesteding__in=aanbestedingen).delete()  # scores and history go with them
    aanbestedingen.delete()
    procedures = Inkoopprocedure.objects.filter(inkoopmodel__code=MODEL, naam=PROCEDURE)
    Raamovereenkomst.objects.filter(procedure__in=procedures, is_synthetisch=True).delete()
    procedures.filter(aanbestedingen__isnull=True, raamovereenkomsten__isnull=True).delete()


def bouwen(jaar: int, door=None) -> Aanbesteding | None:
    """A finished competitive procedure for Zwolle's integral home support with agreements from 1 January
    of ``jaar``: tenders until 30 September, decision 15 October, definitive 15 November of the year before."""
    door = door or policy.systeem_actor("demo")
    model = Inkoopmodel.objects.filter(code=MODEL).first()
    if model is None:
        return None
    bestaand = Aanbesteding.objects.filter(
        procedure__inkoopmodel=model, naam=NAAM, ingangsdatum=dt.date(jaar, 1, 1), is_synthetisch=True
    ).first()
    if bestaand is not None:
        return bestaand
    producten = list(model.producten.filter(profiel__code=PROFIEL).order_by("code"))
    if not producten:
        return None
    zwolle = Gemeente.objects.get(cbs_code=ZWOLLE)
    aanbieders = _aanbieders(door, zwolle)
    procedure = Inkoopprocedure.objects.filter(inkoopmodel=model, naam=PROCEDURE).first()
    if procedure is None:
        procedure = services.inkoopprocedure_create(
            inkoopmodel=model, soort=Procedure.EUROPEES_OPENBAAR, naam=PROCEDURE, toetredingsmomenten_per_jaar=0,
            initiele_looptijd_maanden=36, verlengopties=2, verlengduur_maanden=12, door=door,
            omschrijving="Synthetisch demovoorbeeld: een vaste set aanbieders, geselecteerd op kwaliteit en prijs.",
        )  # fmt: skip
    vorig = jaar - 1
    aanbesteding = services.aanbesteding_create(
        procedure=procedure, naam=NAAM, inschrijven_tot=dt.date(vorig, 9, 30), ingangsdatum=dt.date(jaar, 1, 1),
        max_aanbieders=MAX_AANBIEDERS, producten=producten, criteria=CRITERIA, door=door, is_synthetisch=True,
        omschrijving="Synthetisch: fictieve inschrijvers en verzonnen scores. De gemeente selecteert een vaste "
                     "set aanbieders integrale ondersteuning thuis op kwaliteit en prijs.",
    )  # fmt: skip
    criteria = list(aanbesteding.criteria.order_by("volgorde"))
    inschrijvingen = {}
    for n, (agb, _naam, _) in enumerate(INSCHRIJVERS):
        inschrijvingen[agb] = services.inschrijving_indienen(
            aanbesteding=aanbesteding, aanbieder=aanbieders[agb], toelichting="Synthetische inschrijving (demo).",
            datum=dt.date(vorig, 9, 1) + dt.timedelta(days=2 * n), door=door, is_synthetisch=True,
        )  # fmt: skip
    services.scores_vastleggen(
        aanbesteding=aanbesteding,
        scores=[
            {"inschrijving": inschrijvingen[agb], "criterium": c, "punten": p, "toelichting": "Beoordeeld door het "
             "beoordelingsteam (synthetisch)."}
            for agb, _naam, punten in INSCHRIJVERS for c, p in zip(criteria, punten, strict=True)
        ],
        datum=dt.date(vorig, 10, 1), door=door,
    )  # fmt: skip
    services.gunnen(
        aanbesteding=aanbesteding, besloten_op=dt.date(vorig, 10, 15), door=door,
        toelichting="Gunningsbesluit van het college (synthetisch).",
    )  # fmt: skip
    overeenkomsten = services.gunning_definitief(aanbesteding=aanbesteding, datum=dt.date(vorig, 11, 15), door=door)
    onder, hoofd = ONDERAANNEMING
    hoofdovereenkomst = next(o for o in overeenkomsten if o.aanbieder_id == aanbieders[hoofd].pk)
    services.onderaanneming_melden(
        overeenkomst=hoofdovereenkomst, onderaannemer=aanbieders[onder], van=dt.date(jaar, 1, 1), door=door,
        toelichting="Levert hulp bij het huishouden in Westenholte onder verantwoordelijkheid van de hoofdaanbieder "
                    "(synthetisch).",
    )  # fmt: skip
    return Aanbesteding.objects.get(pk=aanbesteding.pk)
