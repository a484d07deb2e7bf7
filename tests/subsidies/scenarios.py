"""Scenarios of the subsidy actions for the authorization walk (``tests/accounts/test_authorization_table.py``).

Each is ``fn(w, user)`` on objects of Zwolle and provider ``w.a``, set up inside the scenario by the
system actor (the walk runs every scenario in a savepoint that is rolled back). To wire them into the
walk: ``**subsidie_scenarios()`` in ``_scenarios()`` and ``"subsidies"`` in ``GROEPEN`` there.
"""

from __future__ import annotations

import datetime as dt

from uitkomst.accounts import policy
from uitkomst.subsidies import selectors, services

JAAR = 2026
PRESTATIE = [{"indicator": "plaatsen", "omschrijving": "Bezette plaatsen", "streefwaarde": "10"}]


def _regeling(w):
    return services.regeling_create(gemeente=w.zwolle, naam="Beschermd wonen (walk)", wet="wmo", van_jaar=JAAR,
                                    plafond="1000.00", door=policy.systeem_actor("test"))  # fmt: skip


def _aanvraag(w):
    return services.aanvraag_indienen(regeling=_regeling(w), aanbieder=w.a, jaar=JAAR, bedrag="500.00",
                                      door=policy.systeem_actor("test"))  # fmt: skip


def _verlening(w, verantwoord: bool = False):
    systeem = policy.systeem_actor("test")
    v = services.verlening_create(aanvraag=_aanvraag(w), bedrag="500.00", prestaties=PRESTATIE,
                                  voorschotten=[{"gepland_op": dt.date(JAAR, 1, 1), "bedrag": "100.00"}],
                                  door=systeem)  # fmt: skip
    if verantwoord:
        services.verantwoording_indienen(verlening=v, jaar=JAAR, realisaties={"plaatsen": "9"}, door=systeem)
    return v


def subsidie_scenarios() -> dict:
    return {
        "subsidies.lezen": lambda w, u: list(selectors.verlening_list(user=u)),
        "subsidies.regeling_beheren": lambda w, u: services.regeling_create(
            gemeente=w.zwolle, naam="Dagbesteding (walk)", wet="wmo", van_jaar=JAAR, plafond="10.00", door=u
        ),
        "subsidies.aanvraag_indienen": lambda w, u: services.aanvraag_indienen(
            regeling=_regeling(w), aanbieder=w.a, jaar=JAAR, bedrag="10.00", door=u
        ),
        "subsidies.verlening_besluiten": lambda w, u: services.verlening_create(
            aanvraag=_aanvraag(w), bedrag="10.00", prestaties=PRESTATIE, door=u
        ),
        "subsidies.voorschot_betalen": lambda w, u: services.voorschot_betalen(
            voorschot=_verlening(w).voorschotten.get(), door=u
        ),
        "subsidies.verantwoording_indienen": lambda w, u: services.verantwoording_indienen(
            verlening=_verlening(w), jaar=JAAR, realisaties={"plaatsen": "9"}, door=u
        ),
        "subsidies.vaststellen": lambda w, u: services.vaststellen(
            verlening=_verlening(w, verantwoord=True), bedrag="400.00", door=u
        ),
    }
