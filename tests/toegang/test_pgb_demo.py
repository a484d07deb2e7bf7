"""The demo pgb decisions in Zwolle (``uitkomst.demo.wmo_pgb``): synthetic, through the services,
idempotent, counted in the commitments."""

from __future__ import annotations

import pytest

from uitkomst.demo import wmo_pgb
from uitkomst.toegang import selectors
from uitkomst.toegang.models import Pgbbesluit

pytestmark = pytest.mark.django_db

JAAR = 2025


def test_demo_pgb_decisions_are_synthetic_idempotent_and_counted(zwolle, reference_models, systeem):
    wmo_pgb.bouwen(jaar=JAAR)
    besluiten = list(Pgbbesluit.objects.select_related("client", "plan").order_by("pk"))
    assert len(besluiten) == len(wmo_pgb.WMO) + len(wmo_pgb.JEUGD)
    assert all(b.is_synthetisch and b.client.is_synthetisch and b.gemeente == zwolle for b in besluiten)
    assert all(b.client.bsn_pseudoniem for b in besluiten)
    from uitkomst.toegang import bsn as bsn_tools

    assert all(bsn_tools.decrypt(b.client.bsn_versleuteld).startswith("99") for b in besluiten)
    wmo = [b for b in besluiten if b.wet == "wmo"]
    jeugd = [b for b in besluiten if b.wet == "jeugdwet"]
    assert len(wmo) >= 3 and 1 <= len(jeugd) <= 2
    assert all(b.keuze_client for b in wmo) and all(b.reden for b in jeugd)
    assert {b.status for b in besluiten} == {"toegekend", "aangevraagd", "beeindigd"}
    assert all(b.plan is not None and b.plan.inkoopmodel.wet == "wmo" for b in wmo)  # the support plan
    assert all(b.historie.exists() for b in besluiten)
    wmo_pgb.bouwen(jaar=JAAR)  # idempotent
    assert Pgbbesluit.objects.count() == len(besluiten)
    rows = selectors.pgb_verplichtingen(user=systeem, jaar=JAAR, gemeenten=[zwolle])
    assert {r.wet for r in rows} == {"wmo", "jeugdwet"}
    assert sum(r.aantal for r in rows) == sum(1 for b in besluiten if b.status != "aangevraagd")
