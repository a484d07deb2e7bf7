"""Scenarios of the pgb actions for the authorization walk (``tests/accounts/test_authorization_table.py``),
and a direct check of them for the access workers of Zwolle and Kampen.

Each scenario is ``fn(w, user)`` on the walk's world (``w.client``: a Zwolle youth client with a running
youth trajectory, so the pgb here is a Wmo one: no stacking across laws). To wire them into the walk:
``**pgb_scenarios()`` in ``_scenarios()`` there (the group ``toegang`` already exists).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from uitkomst.accounts import policy
from uitkomst.toegang import selectors, services
from uitkomst.toegang.models import Pgbbesluit
from uitkomst.utils.errors import NotAllowed

JAAR = 2026


def _aanvraag(w, door):
    return services.pgbbesluit_aanvragen(
        client=w.client, wet="wmo", bedrag="10.00", ingangsdatum=dt.date(JAAR, 1, 1),
        einddatum=dt.date(JAAR, 12, 31), keuze_client=True, door=door,
    )  # fmt: skip


def pgb_scenarios() -> dict:
    return {
        "toegang.pgb_lezen": lambda w, u: list(selectors.pgbbesluit_list(user=u)),
        "toegang.pgb_aanvragen": lambda w, u: _aanvraag(w, u),
        "toegang.pgb_besluiten": lambda w, u: services.pgbbesluit_toekennen(
            besluit=_aanvraag(w, policy.systeem_actor("test")), door=u
        ),
    }


@pytest.mark.django_db
def test_pgb_scenarios_follow_the_table(toegang, toegang_kampen, plan, make_user, regio):
    w = SimpleNamespace(client=plan.client)
    assert set(pgb_scenarios()) == {a for a in policy.ACTIES if a.startswith("toegang.pgb_")}
    cm = make_user("cm", "regio-contractmanager", regio=regio)

    def fresh():  # the walk runs each call in a savepoint that is rolled back; here: a free period
        Pgbbesluit.objects.filter(client=plan.client).delete()

    for actie, scenario in pgb_scenarios().items():
        fresh()
        scenario(w, toegang)  # the own municipality's access worker may
        # another municipality's access worker: refused on the object; the list reads no rows of Zwolle
        others = (cm,) if actie == "toegang.pgb_lezen" else (toegang_kampen, cm)
        for other in others:
            fresh()
            with pytest.raises(NotAllowed) as exc:
                scenario(w, other)
            assert exc.value.code == "geen_toegang", actie
        if actie == "toegang.pgb_lezen":
            assert scenario(w, toegang_kampen) == []
        else:
            assert policy.mag(toegang, actie, plan.client) and not policy.mag(toegang_kampen, actie, plan.client)
