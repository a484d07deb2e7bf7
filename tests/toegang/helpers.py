"""Test helpers for access and trajectories: contracted providers through the real contracting
services (framework agreements), and a plan that is ready to be assigned."""

from __future__ import annotations

import datetime as dt
import itertools

from uitkomst.accounts import policy
from uitkomst.contractering import services as contractering
from uitkomst.toegang import services as toegang
from uitkomst.utils import klok

_agb = itertools.count(1)

# Valid 11-proof BSNs (none start with 99: they are not in the synthetic demo block).
BSNS = ["111222333", "123456782", "010000008", "100000009", "111111110", "222222220", "333333330", "444444440"]


def today() -> dt.date:
    return klok.vandaag()  # the application's one clock (follows time_machine)


def aanbieder(naam: str = "Testaanbieder"):
    n = next(_agb)
    return contractering.aanbieder_create(
        door=policy.systeem_actor("test"),
        naam=f"{naam} {n}",
        agb_code=f"7777{n:04d}",
        kvk_nummer=f"5555{n:04d}",
        omschrijving="Gezinsbehandeling",
    )


def contracteer(aanbieder, inkoopmodel, producten=None, ingangsdatum: dt.date | None = None):
    """A framework agreement of ``aanbieder`` for ``producten`` (default: all of the model)."""
    producten = list(producten if producten is not None else inkoopmodel.producten.all())
    start = ingangsdatum or dt.date(today().year - 1, 1, 1)
    return contractering.raamovereenkomst_create(
        door=policy.systeem_actor("test"),
        aanbieder=aanbieder,
        inkoopmodel=inkoopmodel,
        producten=producten,
        ingangsdatum=start,
        initiele_looptijd_maanden=48,
    )


def verwijzing(door, gemeente, inkoopmodel, bsn: str = "111222333", **kwargs):
    return toegang.verwijzing_create(
        bsn=bsn,
        geboortedatum=dt.date(2014, 5, 1),
        gemeente=gemeente,
        inkoopmodel=inkoopmodel,
        datum=kwargs.pop("datum", today()),
        door=door,
        **kwargs,
    )


def plan(door, gemeente, inkoopmodel, productcode: str = "P01-P", bsn: str = "111222333", doelen=None):
    v = verwijzing(door, gemeente, inkoopmodel, bsn=bsn)
    p = toegang.gezinsplan_create(verwijzing=v, doelen=doelen or ["Rust in huis", "Naar school"], door=door)
    product = inkoopmodel.producten.get(code=productcode)
    return toegang.gezinsplan_profiel_kiezen(plan=p, door=door, product=product, motivering="Past bij de vraag.")
