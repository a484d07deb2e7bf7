"""The demo's collective provisions for Zwolle: synthetic, funded by the demo day-activity subsidy,
attendance per month, referrals as counts; idempotent."""

from __future__ import annotations

import pytest

from uitkomst.demo import wmo_voorzieningen
from uitkomst.demo.subsidies import subsidies_bouwen
from uitkomst.voorzieningen import selectors
from uitkomst.voorzieningen.models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing, Wijk

from .conftest import JAAR

pytestmark = pytest.mark.django_db
VORIG = JAAR - 1  # the clock of these tests stands in December JAAR: the whole previous year has passed


def test_demo_builds_idempotently_and_synthetic(db, systeem, contractmanager):
    subsidies_bouwen(jaar=VORIG)
    wmo_voorzieningen.bouwen(VORIG)
    tellingen = (Wijk.objects.count(), AlgemeneVoorziening.objects.count(), Deelnamemelding.objects.count(),
                 VoorliggendeVerwijzing.objects.count())  # fmt: skip
    wmo_voorzieningen.bouwen(VORIG)
    assert tellingen == (Wijk.objects.count(), AlgemeneVoorziening.objects.count(), Deelnamemelding.objects.count(),
                         VoorliggendeVerwijzing.objects.count())  # fmt: skip
    assert tellingen[0] == 8 and tellingen[1] == 10
    assert not AlgemeneVoorziening.objects.filter(is_synthetisch=False).exists()
    assert all(v.aanbieder.is_synthetisch and "fictief" in v.aanbieder.naam for v in AlgemeneVoorziening.objects.all())
    dagbesteding = AlgemeneVoorziening.objects.filter(soort="dagbesteding")
    assert dagbesteding.count() == 8 and all(v.subsidieverlening is not None for v in dagbesteding)
    # phased: Zwolle-Zuid opens in July, so it reports six months
    zuid = dagbesteding.get(naam="Dagbesteding Zwolle-Zuid")
    assert zuid.deelnamemeldingen.count() == 6
    rijen = selectors.bereik_per_wijk(user=contractmanager, jaar=VORIG)
    assert len(rijen) == 10 and all(r.deelnames > 0 and r.bezetting is not None for r in rijen)
    assert sum(r.verwijzingen for r in rijen) > 0
    assert all(0 < r.bezetting < 1 for r in rijen)
