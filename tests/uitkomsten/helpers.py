"""Builders for outcome tests: real ended trajectories through the access and trajectory services."""

from __future__ import annotations

import datetime as dt
import itertools

from tests.toegang import helpers
from uitkomst.toegang import services as toegang
from uitkomst.trajecten import services as trajecten
from uitkomst.uitkomsten import services

_nummer = itertools.count(1)


def bsn(n: int) -> str:
    """A valid (11-proof) BSN outside the synthetic 99-block."""
    while True:
        eerste = f"12{n:06d}"
        total = sum(int(d) * (9 - i) for i, d in enumerate(eerste))
        check = total % 11
        if check < 10:
            return eerste + str(check)
        n += 500000


def traject(toegang_user, gemeente, model, aanbieder, *, productcode="P01-P", bsn_=None, start=None):
    """An assigned trajectory for a fresh client (or the client with ``bsn_``)."""
    nummer = next(_nummer)
    start = start or helpers.today()
    v = toegang.verwijzing_create(
        bsn=bsn_ or bsn(nummer), geboortedatum=dt.date(2014, 5, 1), gemeente=gemeente, inkoopmodel=model,
        datum=start, door=toegang_user,
    )  # fmt: skip
    p = toegang.gezinsplan_create(verwijzing=v, doelen=["Rust in huis", "Naar school"], door=toegang_user)
    p = toegang.gezinsplan_profiel_kiezen(
        plan=p, door=toegang_user, product=model.producten.get(code=productcode), motivering="Past."
    )
    t = trajecten.toewijzing_create(plan=p, aanbieder=aanbieder, door=toegang_user, startdatum=start,
                                    keuze_door_client=True)  # fmt: skip
    return t.traject


def beeindigd(toegang_user, aanbieder_user, gemeente, model, *, reden="31", doel="behaald", einde=None, **kw):
    """An ended trajectory of ``aanbieder_user``'s provider, both goals with status ``doel``."""
    t = traject(toegang_user, gemeente, model, aanbieder_user.aanbieder, **kw)
    trajecten.traject_accepteren(traject=t, door=aanbieder_user)
    t = trajecten.traject_starten(traject=t, door=aanbieder_user, datum=t.toewijzing.startdatum)
    doelen = {d.pk: doel for d in t.toewijzing.plan.doelen.all()}
    return trajecten.traject_beeindigen(
        traject=t, door=aanbieder_user, reden=reden, doelstatussen=doelen, datum=einde or t.toewijzing.startdatum
    )


def gemeten(toegang_user, aanbieder_user, gemeente, model, *, score=None, zonder_hulp=None, **kw):
    t = beeindigd(toegang_user, aanbieder_user, gemeente, model, **kw)
    return services.uitkomstmeting_create(
        traject=t, door=aanbieder_user, tevredenheid_score=score, zonder_hulp_verder=zonder_hulp
    )
