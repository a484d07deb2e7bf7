"""Helpers for the competitive-procedure tests (issue 17), and the scenarios of its actions for the
authorization walk (``tests/accounts/test_authorization_table.py``).

To wire the scenarios into the walk: ``**gunning_scenarios()`` in ``_scenarios()`` there (the group
``contractering`` is already in ``GROEPEN``). Each scenario is ``fn(w, user)`` on IJsselland's model
and provider ``w.a``, set up inside the scenario by the system actor (the walk rolls every scenario back).
"""

from __future__ import annotations

import datetime as dt

# the world and the helpers of the shared authorization walk (``wereld`` is a fixture)
from tests.accounts.test_authorization_table import probeer, verwacht, wereld  # noqa: F401
from uitkomst.accounts import policy
from uitkomst.contractering import services
from uitkomst.contractering.models import Procedure
from uitkomst.utils import klok

D = dt.date

CRITERIA = [
    {"code": "plan", "naam": "Plan van aanpak", "soort": "kwaliteit", "weging": 40},
    {"code": "samenwerking", "naam": "Samenwerking in de wijk", "soort": "kwaliteit", "weging": 30},
    {"code": "prijs", "naam": "Prijs", "soort": "prijs", "weging": 30},
]


def competitieve_procedure(inkoopmodel, door=None):
    return services.inkoopprocedure_create(
        inkoopmodel=inkoopmodel, soort=Procedure.EUROPEES_OPENBAAR, naam="Europese aanbesteding",
        toetredingsmomenten_per_jaar=0, door=door or policy.systeem_actor("test"),
    )  # fmt: skip


SLUITING, INGANG = D(2025, 3, 31), D(2025, 7, 1)


def aanbesteding(inkoopmodel, producten, *, door=None, procedure=None, inschrijven_tot=SLUITING,
                 ingangsdatum=INGANG, max_aanbieders=2, criteria=CRITERIA, **kwargs):  # fmt: skip
    door = door or policy.systeem_actor("test")
    return services.aanbesteding_create(
        procedure=procedure or competitieve_procedure(inkoopmodel, door), naam="Ondersteuning thuis",
        inschrijven_tot=inschrijven_tot, ingangsdatum=ingangsdatum, max_aanbieders=max_aanbieders,
        producten=producten, criteria=criteria, door=door, **kwargs,
    )  # fmt: skip


def inschrijven(a, aanbieder, datum=None):
    return services.inschrijving_indienen(
        aanbesteding=a, aanbieder=aanbieder, datum=datum or a.inschrijven_tot, door=policy.systeem_actor("test")
    )


def scoor(a, inschrijving, punten: dict[str, int], *, door=None, datum=None):
    criteria = {c.code: c for c in a.criteria.all()}
    return services.scores_vastleggen(
        aanbesteding=a,
        scores=[{"inschrijving": inschrijving, "criterium": criteria[k], "punten": v} for k, v in punten.items()],
        door=door or policy.systeem_actor("test"),
        datum=datum or a.inschrijven_tot + dt.timedelta(days=1),
    )


# --- the authorization walk ------------------------------------------------------------------------


def _open(w):
    vandaag = klok.vandaag()
    return aanbesteding(
        w.model, [w.product], inschrijven_tot=vandaag + dt.timedelta(days=10),
        ingangsdatum=vandaag + dt.timedelta(days=60),
    )  # fmt: skip


def _gesloten(w, gescoord: bool = False, besloten: bool = False):
    """A procedure closed yesterday with A's tender (scored, and provisionally awarded, on request)."""
    vandaag = klok.vandaag()
    a = aanbesteding(
        w.model, [w.product], inschrijven_tot=vandaag - dt.timedelta(days=1),
        ingangsdatum=vandaag + dt.timedelta(days=60), opschortende_termijn_dagen=0,
    )  # fmt: skip
    i = inschrijven(a, w.a)
    if gescoord or besloten:
        scoor(a, i, {"plan": 8, "samenwerking": 7, "prijs": 6}, datum=vandaag)
    if besloten:
        services.gunnen(aanbesteding=a, door=policy.systeem_actor("test"))
    return a, i


def gunning_scenarios() -> dict:
    vandaag = klok.vandaag()
    return {
        "contractering.aanbesteding_beheren": lambda w, u: services.aanbesteding_create(
            procedure=competitieve_procedure(w.model),
            naam="Walk",
            inschrijven_tot=vandaag + dt.timedelta(days=5),
            ingangsdatum=vandaag + dt.timedelta(days=60),
            max_aanbieders=3,
            producten=[w.product],
            criteria=CRITERIA,
            door=u,
        ),  # fmt: skip
        "contractering.inschrijving_indienen": lambda w, u: services.inschrijving_indienen(
            aanbesteding=_open(w), aanbieder=w.a, door=u
        ),
        "contractering.aanbesteding_beoordelen": lambda w, u: (
            lambda a, i: services.scores_vastleggen(
                aanbesteding=a, scores=[{"inschrijving": i, "criterium": a.criteria.first(), "punten": 5}], door=u
            )
        )(*_gesloten(w)),
        "contractering.aanbesteding_gunnen": lambda w, u: services.gunnen(
            aanbesteding=_gesloten(w, gescoord=True)[0], door=u
        ),
    }


# --- walk these scenarios now, before they are wired into the shared walk ---------------------------


def test_gunning_actions_walked_against_the_real_services(wereld, monkeypatch):  # noqa: F811
    from uitkomst.accounts.models import Rol

    rollen = {r.code: r for r in Rol.objects.all()}
    fouten = []
    for actie, scenario in gunning_scenarios().items():
        assert actie in policy.ACTIES
        for (rol_code, eigen), user in wereld.users.items():
            user.refresh_from_db()
            toegestaan, hoe = probeer(monkeypatch, scenario, wereld, user, actie)
            if toegestaan != verwacht(rollen[rol_code], eigen, actie):
                fouten.append(f"{actie}: {rol_code} ({'eigen' if eigen else 'andere'}) {toegestaan} ({hoe})")
    assert not fouten, "\n".join(fouten)
