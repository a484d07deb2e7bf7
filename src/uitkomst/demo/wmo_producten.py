"""Demo Wmo assignments for Zwolle (issue 17, document 003): integral home support, aids bought and
leased, transport per ride and individual day activities, with their iWmo messages and invoices.

Everything is synthetic: fictitious providers (AGB block 9897xxxx, ``is_synthetisch``), synthetic
residents (BSNs from the 99 block), the illustrative tariffs of the reference model
``zwolle-wmo-maatwerk``. The municipality's side goes through the real services as the system actor
``systeem:demo`` (access decides and assigns, which writes the WMO301); the provider's side goes
through the real message reader as a provider would send it (WMO305 start, WMO323 invoices answered
by a WMO325, WMO307 stop). One aid is invoiced twice: the second invoice is refused (retourcode 9322).
The regional transport lump sum gets its agreement (task-based: no client messages).

Idempotent: when Zwolle already has synthetic assignments in the Wmo model, nothing is done.

Wire it into ``uitkomst demo`` after the demo messages (``demo_berichten_build`` deletes every
synthetic message before it rebuilds its own)::

    from uitkomst.demo.wmo_producten import bouwen as wmo_bouwen
    wmo_bouwen(jaar=klok.vandaag().year - 1)
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from uitkomst.accounts import policy
from uitkomst.berichten import services as berichten
from uitkomst.berichten import voorbeeld
from uitkomst.berichten.models import Bericht, Kanaal, Verzoek
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.contractering import services as contractering
from uitkomst.contractering.models import Aanbieder
from uitkomst.declaraties import services as declaraties
from uitkomst.declaraties.models import Declaratie, Declaratieregel, Lumpsumafspraak
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang import services as toegang
from uitkomst.toegang.models import Client, Gezinsplan, Verwijzing
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import Toewijzing, Traject
from uitkomst.utils.dates import add_months

from . import synthetic

MODEL_CODE = "zwolle-wmo-maatwerk"
ZWOLLE = "0193"

AANBIEDERS = [  # (AGB, name, what it does): fictitious
    ("98970001", "Thuis aan de Vecht (fictief)", "Integrale ondersteuning thuis"),
    ("98970002", "Hulpmiddelenhuis IJssel (fictief)", "Hulpmiddelen: aankoop, en huur met onderhoud"),
    ("98970003", "Regiotaxi Salland (fictief)", "Wmo-vervoer in de regio"),
    ("98970004", "Dagwerk Zwolle (fictief)", "Individuele dagbesteding"),
]


@dataclass(frozen=True)
class Casus:
    product: str
    agb: str
    start: tuple[int, int]  # (month, day) in the demo year
    maanden: tuple[int, ...]  # months invoiced (one WMO323 each)
    stop: tuple[int, int] | None = None  # (month, day): ended according to plan (WMO307)
    volume: int | None = None  # P×Q: rides or day-parts assigned
    per_maand: int | None = None  # P×Q: delivered per month
    doel: str = "Zelfstandig blijven wonen"


CASUSSEN = [
    Casus("OT-L", "98970001", (2, 3), (2, 3, 4, 5), doel="Een schoon en leefbaar huis"),
    Casus("OT-M", "98970001", (4, 1), (4, 5, 6), stop=(6, 30), doel="Grip op het dagelijks leven"),
    Casus("OT-Z", "98970001", (9, 1), (9,), doel="Veilig thuis wonen met begeleiding"),
    # invoiced in March and again in April: the second claim is refused (an aid is paid once)
    Casus("HM-KOOP-SCOOTMOBIEL", "98970002", (3, 10), (3, 4), doel="Zelf boodschappen doen"),
    Casus("HM-KOOP-ROLSTOEL", "98970002", (5, 6), (5,), stop=(5, 31), doel="Mobiel in en om het huis"),
    Casus("HM-HUUR-ROLSTOEL", "98970002", (2, 1), (2, 3, 4, 5, 6, 7), doel="Tijdelijk mobiel na een operatie"),
    Casus("VV-RIT", "98970003", (3, 1), (3, 4, 5, 6), volume=40, per_maand=8, doel="Naar familie en vereniging"),
    Casus("DB-INDIVIDUEEL", "98970004", (5, 1), (5, 6, 7, 8), stop=(8, 31), volume=80, per_maand=8,
          doel="Een zinvolle dag met structuur"),
]  # fmt: skip


def _ontvang(data: bytes, door) -> Bericht | None:
    return berichten.bericht_ontvangen(data=data, door=door, kanaal=Kanaal.DEMO, is_synthetisch=True).bericht


def _aanbieders(door, zwolle, model, jaar: int) -> dict[str, Aanbieder]:
    result = {}
    for agb, naam, omschrijving in AANBIEDERS:
        a = Aanbieder.objects.filter(agb_code=agb).first()
        if a is None:
            a = contractering.aanbieder_create(
                naam=naam, agb_code=agb, kvk_nummer=f"8{agb[1:]}", omschrijving=omschrijving, werkgebied=[zwolle],
                is_synthetisch=True, door=door,
            )  # fmt: skip
        if not contractering_heeft(a, model):
            contractering.raamovereenkomst_create(
                aanbieder=a, inkoopmodel=model, producten=list(model.producten.all()),
                ingangsdatum=max(model.geldig_van, dt.date(jaar - 1, 1, 1)), initiele_looptijd_maanden=48,
                door=door, is_synthetisch=True,
            )  # fmt: skip
        result[agb] = a
    return result


def contractering_heeft(aanbieder: Aanbieder, model: Inkoopmodel) -> bool:
    return aanbieder.raamovereenkomsten.filter(inkoopmodel=model).exists()


def _maand(jaar: int, maand: int) -> tuple[dt.date, dt.date]:
    begin = dt.date(jaar, maand, 1)
    return begin, add_months(begin, 1) - dt.timedelta(days=1)


def _casus(c: Casus, *, bsn: str, jaar: int, model, zwolle, aanbieder, door) -> None:
    product = model.producten.get(code=c.product)
    start = dt.date(jaar, *c.start)
    verwijzing = toegang.verwijzing_create(
        bsn=bsn, geboortedatum=dt.date(jaar - 70, c.start[0], 1), gemeente=zwolle, inkoopmodel=model,
        datum=start - dt.timedelta(days=14), door=door,
        toelichting="Synthetisch: melding bij het Wmo-loket, keukentafelgesprek gevoerd.",
    )  # fmt: skip
    plan = toegang.gezinsplan_create(verwijzing=verwijzing, doelen=[c.doel], door=door)
    plan = toegang.gezinsplan_profiel_kiezen(
        plan=plan, product=product, motivering="Na onderzoek toegekend met een Wmo-beschikking.", door=door
    )
    einddatum = None if product.intensiteit_id else dt.date(jaar, 12, 31)
    tw = trajecten.toewijzing_create(
        plan=plan, aanbieder=aanbieder, startdatum=start, einddatum=einddatum, keuze_door_client=True, door=door
    )  # the WMO301 is written as the assignment is released
    if c.volume:
        declaraties.volume_vastleggen(toewijzing=tw, volume=Decimal(c.volume), door=door)
    tw.refresh_from_db()
    _ontvang(voorbeeld.start(tw, start), door)  # WMO305 -> WMO306
    for m in c.maanden:
        van, tot = _maand(jaar, m)
        lev = voorbeeld.Levering(toewijzing=tw, van=max(van, start), tot=tot, volume=c.per_maand)
        _ontvang(
            voorbeeld.declaratie(
                aanbieder=aanbieder, gemeente=zwolle, van=van, tot=tot, leveringen=[lev], standaard="iwmo"
            ),
            door,
        )  # WMO323 -> WMO325
    if c.stop:
        _ontvang(voorbeeld.stop(tw, start, dt.date(jaar, *c.stop), reden="19"), door)  # WMO307 -> WMO308


@transaction.atomic
def bouwen(jaar: int) -> None:
    """Zwolle's synthetic Wmo assignments in ``jaar`` (a past year) with their messages and invoices."""
    door = policy.systeem_actor("demo")
    zwolle = Gemeente.objects.get(cbs_code=ZWOLLE)
    model = Inkoopmodel.objects.filter(code=MODEL_CODE).first()
    if model is None:
        return  # the reference models are not loaded (``uitkomst referentiemodellen``)
    if Toewijzing.objects.filter(inkoopmodel=model, gemeente=zwolle, is_synthetisch=True).exists():
        return
    eerste_bericht = (Bericht.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    eerste_tw = (Toewijzing.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    aanbieders = _aanbieders(door, zwolle, model, jaar)
    rng = random.Random(jaar * 31 + 17)
    bsns = [b for b in synthetic.synthetic_bsns(rng, 3 * len(CASUSSEN))
            if not Client.objects.filter(bsn_pseudoniem=bsn_tools.pseudonym(b)).exists()]  # fmt: skip
    for c, bsn in zip(CASUSSEN, bsns, strict=False):
        _casus(c, bsn=bsn, jaar=jaar, model=model, zwolle=zwolle, aanbieder=aanbieders[c.agb], door=door)
    vervoerder = aanbieders["98970003"]
    regio_product = model.producten.get(code="VV-REGIO")
    if not Lumpsumafspraak.objects.filter(product=regio_product, aanbieder=vervoerder).exists():
        declaraties.lumpsumafspraak_maken(
            aanbieder=vervoerder, gemeente=zwolle, product=regio_product, jaarbedrag=Decimal("1850000.00"),
            geldig_van=dt.date(jaar, 1, 1), door=door, is_synthetisch=True,
            omschrijving="Synthetisch: regionaal Wmo-vervoer (regiotaxi), lumpsum voor de vervoerder.",
        )  # fmt: skip
    # flag what the services made for this demo as synthetic (the services create real records)
    nieuwe = Toewijzing.objects.filter(pk__gte=eerste_tw, inkoopmodel=model)
    ids = list(nieuwe.values_list("pk", flat=True))
    Toewijzing.objects.filter(pk__in=ids).update(is_synthetisch=True)
    Traject.objects.filter(toewijzing_id__in=ids).update(is_synthetisch=True)
    Gezinsplan.objects.filter(toewijzingen__in=ids).update(is_synthetisch=True)
    clienten = list(nieuwe.values_list("client_id", flat=True))
    Client.objects.filter(pk__in=clienten).update(is_synthetisch=True)
    Verwijzing.objects.filter(client_id__in=clienten, inkoopmodel=model).update(is_synthetisch=True)
    Bericht.objects.filter(pk__gte=eerste_bericht).update(is_synthetisch=True)
    Verzoek.objects.filter(bericht_id__gte=eerste_bericht).update(is_synthetisch=True)
    regels = Declaratieregel.objects.filter(toewijzing_id__in=ids)
    Declaratie.objects.filter(pk__in=set(regels.values_list("declaratie_id", flat=True))).update(is_synthetisch=True)
