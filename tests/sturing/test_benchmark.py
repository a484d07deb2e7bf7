"""Issue 13: the region benchmark is the region's figure (page, Excel), and better/worse comes from a
test between the unit and the rest of the region, never from rounded intervals."""

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD
from tests.uitkomsten import helpers as h
from uitkomst.uitkomsten import selectors, stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def twee_gemeenten(toegang, toegang_kampen, aanbieder_user, zwolle, kampen, ijsselland):
    """Zwolle: 11 ended trajectories (10 as planned, 1 drop-out by the client); Kampen: 10, all as
    planned. Every goal reached in both: 100% in each municipality and in the region."""
    for reden in ["31"] * 10 + ["32"]:
        h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden=reden, score=8)
    for _ in range(10):
        h.gemeten(toegang_kampen, aanbieder_user, kampen, ijsselland, reden="31", score=8)


def test_monitor_benchmark_is_the_region_not_the_municipality(client, twee_gemeenten, financien, zwolle):
    tabel = selectors.indicatoren(user=financien, groep="periode", gemeente_id=zwolle.pk)
    assert sum(r.aantal for r in tabel.rijen) == 11  # Zwolle's own rows
    bench = tabel.benchmark
    assert (bench.label, bench.aantal) == ("Regio (benchmark)", 21)
    assert (bench.cellen["uitval_smal"].n, bench.cellen["uitval_smal"].k) == (21, 1)
    assert client.login(username=financien.username, password=PASSWORD)
    html = client.get("/sturing/monitor?gemeente=0193").content.decode()
    voet = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert ">21<" in voet and "n=21" in voet
    x = client.get("/sturing/monitor?gemeente=0193&formaat=xlsx")
    blad = load_workbook(io.BytesIO(x.content))["Uitkomsten"]
    rijen = [[c.value for c in r] for r in blad.iter_rows()]
    regio = next(r for r in rijen if r[0] == "Regio (benchmark)")
    assert regio[1] == 21


def test_equal_to_the_region_is_never_worse(twee_gemeenten, financien, contractmanager):
    """Kampen 10/10 goals reached, the region 21/21: the Wilson interval of 10/10 ends at
    0.9999999999999999, which used to make Kampen "slechter" than 100%."""
    tabel = selectors.indicatoren(user=contractmanager, groep="gemeente")
    rijen = {r.label: r for r in tabel.rijen}
    for naam in ("Kampen", "Zwolle"):
        cel = rijen[naam].cellen["doelen_behaald"]
        assert (cel.aandeel, cel.benchmark, cel.afwijking) == (1.0, 1.0, None)
    # the monitor per quarter against the region, too
    for r in selectors.indicatoren(user=financien, groep="periode", gemeente_id=rijen["Zwolle"].sleutel).rijen:
        assert r.cellen["doelen_behaald"].afwijking is None


def test_vergelijking_fisher_exact_against_the_rest_of_the_region():
    # 20/40 against the rest 10/60 (p = 0.00068): drop-out higher is worse, a goal share higher is better
    assert stats.vergelijk(20, 40, 10, 60, hoger_is_beter=False) == "slechter"
    assert stats.vergelijk(20, 40, 10, 60, hoger_is_beter=True) == "beter"
    assert stats.p_waarde(20, 40, 10, 60) == pytest.approx(0.000681, abs=5e-6)
    # equal shares are never a difference, whatever the sizes
    assert stats.vergelijk(10, 10, 11, 11, hoger_is_beter=True) is None
    assert stats.vergelijk(0, 10, 0, 500, hoger_is_beter=False) is None
    assert stats.vergelijk(30, 60, 250, 500, hoger_is_beter=True) is None
    # not significant at alpha 0.05 (p = 0.235), and too small a cell on either side
    assert stats.vergelijk(8, 10, 10, 20, hoger_is_beter=True) is None
    assert stats.vergelijk(9, 9, 0, 40, hoger_is_beter=True) is None  # unit below the minimum cell size
    assert stats.vergelijk(40, 40, 0, 9, hoger_is_beter=True) is None  # rest below the minimum cell size
    assert stats.ALFA == 0.05
