"""The collective-provision actions walked like the table walk does (tests/accounts/test_authorization_table.py):
every role, of the object's own organisation and of another one, against the real services; what the
table says decides what we expect."""

from __future__ import annotations

import pytest

from tests.accounts.test_authorization_table import probeer, verwacht
from uitkomst.accounts.models import Rol

from .scenarios import voorziening_scenarios

pytestmark = pytest.mark.django_db


def test_collective_provision_actions_walked(w, make_user, monkeypatch):
    users = {
        ("beheerder", True): make_user("beheerder", "beheerder"),
        ("systeem", True): w.systeem,
        ("regio-contractmanager", True): w.cm,
        ("regio-contractmanager", False): w.cm_elders,
        ("gemeente-toegang", True): w.toegang,
        ("gemeente-toegang", False): w.toegang_kampen,
        ("gemeente-financien", True): w.financien,
        ("gemeente-financien", False): make_user("financien-kampen", "gemeente-financien", gemeente=w.kampen),
        ("verwijzer", True): w.verwijzer,
        ("aanbieder", True): w.aanbieder_a,
        ("aanbieder", False): w.aanbieder_b,
        ("privacy-officer", True): make_user("privacy", "privacy-officer", regio=w.regio),
    }
    rollen = {r.code: r for r in Rol.objects.all()}
    fouten, gelopen = [], 0
    for actie, scenario in voorziening_scenarios().items():
        for (rol_code, eigen), user in users.items():
            toegestaan, hoe = probeer(monkeypatch, scenario, w, user, actie)
            gelopen += 1
            if toegestaan != verwacht(rollen[rol_code], eigen, actie):
                fouten.append(f"{actie}: {rol_code} ({'eigen' if eigen else 'andere'}) "
                              f"{'mag' if toegestaan else 'mag niet'} ({hoe}), tabel zegt anders")  # fmt: skip
    assert gelopen == 4 * len(users)
    assert not fouten, "\n".join(fouten)


def test_every_collective_provision_action_has_a_scenario():
    from uitkomst.accounts import policy

    assert set(voorziening_scenarios()) == {a for a in policy.ACTIES if a.startswith("voorzieningen.")}
