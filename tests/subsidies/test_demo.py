"""The demo builder for Zwolle's subsidies: through the real services, synthetic, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uitkomst.demo.subsidies import subsidies_bouwen
from uitkomst.subsidies import selectors
from uitkomst.subsidies.models import Subsidieaanvraag, Subsidieregeling, Subsidieverlening

pytestmark = pytest.mark.django_db


def test_demo_subsidies(systeem):
    regelingen = subsidies_bouwen(jaar=2025)
    assert len(regelingen) == 2 and all(r.is_synthetisch for r in regelingen)
    statussen = sorted(Subsidieverlening.objects.values_list("status", flat=True))
    assert statussen == ["vastgesteld", "verantwoord", "verleend"]
    # one application is still to be decided, within what remains of the ceiling (4.5 M − 4.0 M)
    open_ = Subsidieaanvraag.objects.get(status="ingediend")
    assert open_.aangevraagd_bedrag == Decimal("450000.00") and open_.is_synthetisch
    assert open_.aanbieder.is_synthetisch and "(fictief)" in open_.aanbieder.naam
    vastgesteld = Subsidieverlening.objects.get(status="vastgesteld")
    assert vastgesteld.aanbieder.is_synthetisch
    assert vastgesteld.vaststelling.terugvordering == Decimal("120000.00")  # 2.6 M paid − 2.48 M fixed
    rijen = selectors.subsidieresultaten(user=systeem, jaar=2025)
    assert {r["regeling"] for r in rijen} == {r.naam for r in regelingen}
    assert subsidies_bouwen(jaar=2025) == regelingen and Subsidieregeling.objects.count() == 2
