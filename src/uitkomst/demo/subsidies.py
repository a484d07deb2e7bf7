"""Demo subsidy relations for Zwolle (document 003): sheltered housing and shelter, and day activities
as a collective provision, both funded through subsidies with results, obligations and conditions.

Everything here is synthetic: fictitious providers (AGB block 9898xxxx, ``is_synthetisch``), invented
amounts and results. Built through the real services as the system actor ``systeem:demo``, so every
rule (ceiling, report before settlement, advances within the grant) holds for the demo too.
Idempotent: a second call finds the schemes and returns them unchanged.

Called by ``uitkomst demo`` for the IJsselland region (``subsidies_bouwen(jaar=vandaag.year - 1)``).
Every step of the chain is on show: a settled grant with a reclaim, a reported one waiting for its
settlement, a running one with advances still scheduled, and one application still to be decided
(so the officer can grant it, within what remains of the ceiling, in the pages).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from uitkomst.accounts import policy
from uitkomst.contractering import services as contractering
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.subsidies import services
from uitkomst.subsidies.models import Subsidieregeling

ZWOLLE = "0193"

AANBIEDERS = [  # (AGB, name, what it does): fictitious
    ("98980001", "Stichting Het Baken (fictief)", "Beschermd wonen en maatschappelijke opvang"),
    ("98980002", "De Overloop Wonen (fictief)", "Beschermd wonen voor jongvolwassenen"),
    ("98980003", "Buurtkamer Zwolle (fictief)", "Dagbesteding als collectieve voorziening in de wijken"),
    ("98980004", "Stichting Onderdak Noord (fictief)", "Maatschappelijke opvang en nachtopvang"),
]

# applications not yet decided: (scheme name, AGB, amount, explanation)
OPEN_AANVRAGEN = [
    ("Beschermd wonen en maatschappelijke opvang", "98980004", Decimal("450000.00"),
     "Uitbreiding van de nachtopvang met twaalf bedden in de wintermaanden."),
]  # fmt: skip

REGELINGEN = [
    {
        "naam": "Beschermd wonen en maatschappelijke opvang",
        "doel": "Herstel, stabilisatie en uitstroom naar zelfstandig wonen met ambulante ondersteuning.",
        "plafond": Decimal("4500000.00"),
        "verleningen": [
            ("98980001", Decimal("2600000.00"), [
                ("plaatsen", "Gemiddeld bezette plaatsen beschermd wonen", "plaatsen", "60", "57"),
                ("uitstroom", "Uitstroom naar zelfstandig wonen", "cliënten", "18", "14"),
                ("nachtopvang", "Nachten maatschappelijke opvang", "nachten", "9000", "9400"),
            ], Decimal("2480000.00")),
            ("98980002", Decimal("1400000.00"), [
                ("plaatsen", "Gemiddeld bezette plaatsen beschermd wonen", "plaatsen", "30", "30"),
                ("uitstroom", "Uitstroom naar zelfstandig wonen", "cliënten", "10", "11"),
            ], None),  # reported, not yet settled
        ],
    },
    {
        "naam": "Collectieve dagbesteding in de wijken",
        "doel": "Laagdrempelige dagbesteding zonder beschikking in elke wijk, verbonden met het welzijnswerk.",
        "plafond": Decimal("900000.00"),
        "verleningen": [
            ("98980003", Decimal("850000.00"), [
                ("deelnemers", "Unieke deelnemers per jaar (geteld zonder BSN)", "deelnemers", "420", None),
                ("wijken", "Wijken met een open dagbestedingslocatie", "wijken", "8", None),
            ], None),  # granted, advances running
        ],
    },
]  # fmt: skip

VERPLICHTINGEN = [
    {"soort": "verplichting", "omschrijving": "Halfjaarlijkse voortgangsrapportage over de afgesproken prestaties."},
    {"soort": "verplichting", "omschrijving": "Verantwoording vóór 1 april van het jaar na het subsidiejaar."},
    {"soort": "voorwaarde", "omschrijving": "Samenwerking met de wijkteams en het welzijnswerk in de wijk."},
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


def subsidies_bouwen(*, jaar: int, door=None) -> list[Subsidieregeling]:
    """Zwolle's two demo schemes for ``jaar`` with grants, advances, reports and one settlement."""
    door = door or policy.systeem_actor("demo")
    zwolle = Gemeente.objects.get(cbs_code=ZWOLLE)
    bestaand = list(Subsidieregeling.objects.filter(gemeente=zwolle, van_jaar=jaar, is_synthetisch=True))
    if bestaand:
        return bestaand
    aanbieders = _aanbieders(door, zwolle)
    regelingen = []
    for spec in REGELINGEN:
        regeling = services.regeling_create(
            gemeente=zwolle, naam=spec["naam"], wet="wmo", van_jaar=jaar, plafond=spec["plafond"], doel=spec["doel"],
            door=door, is_synthetisch=True,
        )  # fmt: skip
        regelingen.append(regeling)
        for agb, bedrag, prestaties, vastgesteld in spec["verleningen"]:
            aanvraag = services.aanvraag_indienen(
                regeling=regeling, aanbieder=aanbieders[agb], jaar=jaar, bedrag=bedrag,
                datum=dt.date(jaar - 1, 9, 30), door=door, is_synthetisch=True,
            )  # fmt: skip
            kwart = (bedrag / 4).quantize(Decimal("0.01"))
            verlening = services.verlening_create(
                aanvraag=aanvraag, bedrag=bedrag, besluitdatum=dt.date(jaar - 1, 12, 15), door=door,
                prestaties=[{"indicator": i, "omschrijving": o, "eenheid": e, "streefwaarde": s}
                            for i, o, e, s, _ in prestaties],
                verplichtingen=VERPLICHTINGEN,
                voorschotten=[{"gepland_op": dt.date(jaar, m, 1), "bedrag": kwart} for m in (1, 4, 7, 10)],
                is_synthetisch=True,
            )  # fmt: skip
            gerealiseerd = {i: r for i, _, _, _, r in prestaties}
            voorschotten = list(verlening.voorschotten.order_by("volgnummer"))
            te_betalen = voorschotten if None not in gerealiseerd.values() else voorschotten[:3]
            for v in te_betalen:
                services.voorschot_betalen(voorschot=v, datum=v.gepland_op, door=door)
            if None in gerealiseerd.values():
                continue  # the year is still running for this grant
            services.verantwoording_indienen(
                verlening=verlening, jaar=jaar, realisaties=gerealiseerd, datum=dt.date(jaar + 1, 3, 15), door=door
            )
            if vastgesteld is not None:
                services.vaststellen(
                    verlening=verlening, bedrag=vastgesteld, datum=dt.date(jaar + 1, 6, 1), door=door,
                    toelichting="Minder uitstroom dan afgesproken; de opvang liep boven verwachting.",
                )  # fmt: skip
    per_naam = {r.naam: r for r in regelingen}
    for naam, agb, bedrag, toelichting in OPEN_AANVRAGEN:
        services.aanvraag_indienen(
            regeling=per_naam[naam], aanbieder=aanbieders[agb], jaar=jaar, bedrag=bedrag, toelichting=toelichting,
            datum=dt.date(jaar - 1, 10, 15), door=door, is_synthetisch=True,
        )  # fmt: skip
    return regelingen
