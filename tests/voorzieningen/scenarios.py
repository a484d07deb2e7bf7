"""Scenarios of the collective-provision actions for the authorization walk
(``tests/accounts/test_authorization_table.py``).

Each is ``fn(w, user)`` on objects of Zwolle and provider ``w.a``, set up inside the scenario by the
system actor (the walk runs every scenario in a savepoint that is rolled back). To wire them into the
walk: ``**voorziening_scenarios()`` in ``_scenarios()`` and ``"voorzieningen"`` in ``GROEPEN`` there.
"""

from __future__ import annotations

import datetime as dt

from uitkomst.accounts import policy
from uitkomst.utils import klok
from uitkomst.voorzieningen import selectors, services


def _wijk(w):
    return services.wijk_create(gemeente=w.zwolle, naam="Walkwijk", door=policy.systeem_actor("test"))


def _voorziening(w):
    begin = klok.vandaag().replace(day=1) - dt.timedelta(days=62)
    return services.voorziening_create(wijk=_wijk(w), aanbieder=w.a, naam="Walk-dagbesteding", soort="dagbesteding",
                                       capaciteit=10, geldig_van=begin.replace(day=1),
                                       door=policy.systeem_actor("test"))  # fmt: skip


def _vorige_maand():
    return klok.vandaag().replace(day=1) - dt.timedelta(days=1)


def voorziening_scenarios() -> dict:
    return {
        "voorzieningen.lezen": lambda w, u: selectors.bereik_per_wijk(user=u, jaar=klok.vandaag().year),
        "voorzieningen.beheren": lambda w, u: services.wijk_create(gemeente=w.zwolle, naam="Nieuwe wijk", door=u),
        "voorzieningen.deelname_melden": lambda w, u: services.deelname_melden(
            voorziening=_voorziening(w), periode=_vorige_maand(), deelnames=5, door=u
        ),
        "voorzieningen.verwijzen": lambda w, u: services.voorliggend_verwijzen(voorziening=_voorziening(w), door=u),
    }
