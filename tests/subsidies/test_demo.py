"""The demo builder for Zwolle's subsidies: through the real services, synthetic, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from uitkomst.demo.subsidies import subsidies_bouwen
from uitkomst.subsidies import selectors
from uitkomst.subsidies.models import Subsidieregeling, Subsidieverlening

pytestmark = pytest.mark.django_db


def test_demo_subsidies(systeem):
    regelingen = subsidies_bouwen(jaar=2025)
    assert len(regelingen) == 2 and all(r.is_synthetisch for r in regelingen)
    statussen = sorted(Subsidieverlening.objects.values_list("status", flat=True))
    assert statussen == ["vastgesteld", "verantwoord", "verleend"]
    vastgesteld = Subsidieverlening.objects.get(status="vastgesteld")
    assert vastgesteld.aanbieder.is_synthetisch
    assert vastgesteld.vaststelling.terugvordering == Decimal("120000.00")  # 2.6 M paid − 2.48 M fixed
    rijen = selectors.subsidieresultaten(user=systeem, jaar=2025)
    assert {r["regeling"] for r in rijen} == {r.naam for r in regelingen}
    assert subsidies_bouwen(jaar=2025) == regelingen and Subsidieregeling.objects.count() == 2
