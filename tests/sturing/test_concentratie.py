"""Market concentration on the contracting report: clients per provider come from the assignments
(trajecten.selectors.clienten_per_aanbieder), the CR-n share is computed in sturing.selectors."""

import pytest

from tests.toegang import helpers
from uitkomst.sturing import selectors
from uitkomst.trajecten import selectors as trajecten_selectors
from uitkomst.trajecten import services as trajecten

pytestmark = pytest.mark.django_db


def test_concentration_share_of_largest_providers(ijsselland):
    a, b, c, d = (helpers.aanbieder(n) for n in "ABCD")
    counts = {a.pk: 50, b.pk: 30, c.pk: 15, d.pk: 5}
    result = selectors.concentratie(inkoopmodel=ijsselland, top_n=2, bron=lambda **kw: counts)
    assert result.totaal_clienten == 100 and result.aantal_aanbieders == 4
    assert result.aandeel_top_n == pytest.approx(0.8)
    assert [x for x, _ in result.grootste] == [a, b]
    assert selectors.concentratie_uit_aantallen({}, top_n=3).aandeel_top_n is None
    assert selectors.concentratie_uit_aantallen({"x": 3}, top_n=5).aandeel_top_n == 1.0


def test_concentration_counts_distinct_clients_of_real_assignments(ijsselland, make_user, zwolle):
    """Three clients with provider A, one with provider B: the largest provider serves 3 of 4."""
    door = make_user("toegang-conc", "gemeente-toegang", gemeente=zwolle)
    a, b = helpers.aanbieder("Groot"), helpers.aanbieder("Klein")
    helpers.contracteer(a, ijsselland)
    helpers.contracteer(b, ijsselland)
    start = helpers.today()
    for bsn, provider in zip(helpers.BSNS[:4], [a, a, a, b], strict=True):
        plan = helpers.plan(door, zwolle, ijsselland, bsn=bsn)
        trajecten.toewijzing_create(plan=plan, aanbieder=provider, door=door, startdatum=start, keuze_door_client=True)

    assert trajecten_selectors.clienten_per_aanbieder(inkoopmodel=ijsselland, van=start, tot=start) == {
        a.pk: 3,
        b.pk: 1,
    }
    result = selectors.concentratie(inkoopmodel=ijsselland, top_n=1, van=start, tot=start)
    assert result.totaal_clienten == 4 and result.aandeel_top_n == 0.75
    assert selectors.concentratie(inkoopmodel=ijsselland, top_n=1).aantal_aanbieders >= 2


def test_the_provider_mirror_offers_the_providers_with_a_trajectory_in_the_users_region(
    ijsselland, make_user, zwolle, contractmanager, client
):
    """The steering start page lists the providers whose mirror the user may open: those with a
    trajectory the user may see, not every provider with a trajectory anywhere (issue 13: a semi-join
    per provider instead of a DISTINCT over a join with every trajectory)."""
    from uitkomst.organisaties.models import Regio

    door = make_user("toegang-spiegel", "gemeente-toegang", gemeente=zwolle)
    met, zonder = helpers.aanbieder("Met traject"), helpers.aanbieder("Zonder traject")
    helpers.contracteer(met, ijsselland)
    helpers.contracteer(zonder, ijsselland)
    for bsn in helpers.BSNS[:2]:  # two trajectories: the provider is listed once
        plan = helpers.plan(door, zwolle, ijsselland, bsn=bsn)
        trajecten.toewijzing_create(
            plan=plan, aanbieder=met, door=door, startdatum=helpers.today(), keuze_door_client=True
        )
    assert selectors.aanbieders_met_trajecten(user=contractmanager) == [met]
    elders = make_user("cm-elders", "regio-contractmanager", regio=Regio.objects.create(code="elders", naam="Elders"))
    assert selectors.aanbieders_met_trajecten(user=elders) == []
    client.force_login(contractmanager)
    pagina = client.get("/sturing/").content.decode()
    assert "Met traject" in pagina and "Zonder traject" not in pagina
