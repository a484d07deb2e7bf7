"""Test data for invoices, built only through the public services of access, trajectories and
contracting (no direct model writes outside our own app)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.contractering import services as contractering
from uitkomst.declaraties import regels as r
from uitkomst.toegang import services as toegang
from uitkomst.trajecten import services as trajecten
from uitkomst.utils import klok

_n = itertools.count(1)


def elfproef_bsns():
    """11-proof BSNs (not in the synthetic 99 block)."""
    n = 200000000
    while True:
        n += 1
        s = f"{n:09d}"
        total = sum(int(c) * w for c, w in zip(s[:8], range(9, 1, -1), strict=True)) - int(s[8])
        if total % 11 == 0:
            yield s


BSNS = elfproef_bsns()
D = Decimal
JAAR = klok.vandaag().year - 1  # last year: everything in it is in the past


def datum(maand: int, dag: int, jaar: int = JAAR) -> dt.date:
    return dt.date(jaar, maand, dag)


def aanbieder(naam: str = "Kompas Jeugdhulp"):
    n = next(_n)
    return contractering.aanbieder_create(
        door=policy.systeem_actor("test"),
        naam=f"{naam} {n}",
        agb_code=f"6666{n:04d}",
        kvk_nummer=f"4444{n:04d}",
        omschrijving="Jeugdhulp",
    )


def contracteer(aanbieder, code: str, ingangsdatum: dt.date | None = None):
    model = Inkoopmodel.objects.get(code=code)
    return contractering.raamovereenkomst_create(
        door=policy.systeem_actor("test"),
        aanbieder=aanbieder,
        inkoopmodel=model,
        producten=list(model.producten.all()),
        ingangsdatum=ingangsdatum or max(model.geldig_van, dt.date(JAAR, 1, 1)),
        initiele_looptijd_maanden=48,
    )


def traject(
    *,
    toegang_user,
    aanbieder_user,
    gemeente,
    model_code: str,
    productcode: str,
    start: dt.date,
    gestart: bool = True,
    einde: dt.date | None = None,
    reden: str = "31",
    einddatum: dt.date | None = None,
):
    """A trajectory from referral to (optionally) started and ended, through the real services."""
    model = Inkoopmodel.objects.get(code=model_code)
    product = model.producten.get(code=productcode)
    v = toegang.verwijzing_create(
        bsn=next(BSNS),
        geboortedatum=dt.date(2014, 5, 1),
        gemeente=gemeente,
        inkoopmodel=model,
        datum=start - dt.timedelta(days=7),
        door=toegang_user,
    )
    plan = toegang.gezinsplan_create(verwijzing=v, doelen=["Rust in huis"], door=toegang_user)
    plan = toegang.gezinsplan_profiel_kiezen(plan=plan, door=toegang_user, product=product, motivering="Past.")
    tw = trajecten.toewijzing_create(
        plan=plan,
        aanbieder=aanbieder_user.aanbieder,
        startdatum=start,
        einddatum=einddatum,
        door=toegang_user,
        keuze_door_client=True,
    )
    t = tw.traject
    if gestart:
        trajecten.traject_accepteren(traject=t, door=aanbieder_user)
        trajecten.traject_starten(traject=t, door=aanbieder_user, datum=start)
    if einde:
        doelen = {d.pk: "behaald" for d in plan.doelen.all()}
        trajecten.traject_beeindigen(traject=t, door=aanbieder_user, reden=reden, doelstatussen=doelen, datum=einde)
    tw.refresh_from_db()
    return tw


def regel(tw_or_ref, van: dt.date, tot: dt.date, **kw) -> r.Invoer:
    ref = tw_or_ref if isinstance(tw_or_ref, str) else tw_or_ref.nummer
    return r.Invoer(regelnummer=kw.pop("regelnummer", 1), referentie=ref, begindatum=van, einddatum=tot, **kw)


def codes(regel) -> set[str]:
    return {x["code"] for x in regel.redenen}
