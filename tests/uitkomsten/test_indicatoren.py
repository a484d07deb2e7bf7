"""Indicators against hand-computed small cases: shares, Wilson intervals, drop-out narrow and broad,
satisfaction with response, the regional benchmark and (complementary) suppression."""

import pytest

from tests.uitkomsten import helpers as h
from uitkomst.uitkomsten import selectors, stats

pytestmark = pytest.mark.django_db


def test_wilson_interval_by_hand():
    assert stats.wilson(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)  # textbook value 0.490-0.943
    assert stats.wilson(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert stats.wilson(10, 10)[1] == pytest.approx(1.0)
    assert stats.wilson(0, 0) is None


def _bouw(toegang, user, zwolle, model, redenen, doelen, scores):
    for reden, doel, score in zip(redenen, doelen, scores, strict=True):
        h.gemeten(toegang, user, zwolle, model, reden=reden, doel=doel, score=score, zonder_hulp=reden == "31")


@pytest.fixture
def twee_aanbieders(toegang, aanbieder_user, tweede_user, zwolle, ijsselland):
    # A: 12 trajectories; 36 is administrative and stays out of drop-out
    _bouw(
        toegang,
        aanbieder_user,
        zwolle,
        ijsselland,
        ["31"] * 8 + ["32", "32", "33", "36"],
        ["behaald"] * 8 + ["niet"] * 4,
        [8] * 8 + [5, 5, None, None],
    )
    # C: 14 trajectories
    _bouw(toegang, tweede_user, zwolle, ijsselland,
          ["31"] * 13 + ["33"], ["behaald"] * 7 + ["deels"] * 7, [9] * 7 + [6] * 7)  # fmt: skip


def test_indicators_per_provider_by_hand(twee_aanbieders, aanbieder_user, tweede_user, contractmanager):
    tabel = selectors.indicatoren(user=contractmanager, groep="aanbieder")
    rijen = {r.sleutel: r for r in tabel.rijen}
    a, c = rijen[aanbieder_user.aanbieder_id], rijen[tweede_user.aanbieder_id]
    assert (a.aantal, c.aantal) == (12, 14)

    smal, breed = a.cellen["uitval_smal"], a.cellen["uitval_breed"]
    assert (smal.n, smal.k) == (11, 2) and smal.aandeel == pytest.approx(2 / 11)
    assert smal.ci == pytest.approx((0.0514, 0.4770), abs=1e-4)
    assert (breed.n, breed.k) == (11, 3) and breed.ci == pytest.approx((0.0975, 0.5656), abs=1e-4)
    assert (c.cellen["uitval_smal"].k, c.cellen["uitval_breed"].k, c.cellen["uitval_breed"].n) == (0, 1, 14)

    doelen = a.cellen["doelen_behaald"]
    assert (doelen.n, doelen.k) == (12, 8) and doelen.ci == pytest.approx((0.3906, 0.8619), abs=1e-4)
    assert (c.cellen["doelen_behaald"].n, c.cellen["doelen_behaald"].k) == (14, 7)
    assert (a.cellen["zonder_hulp_verder"].n, a.cellen["zonder_hulp_verder"].k) == (12, 8)

    tevreden = a.cellen["tevreden"]
    assert (tevreden.n, tevreden.k) == (10, 8) and tevreden.ci == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert a.tevredenheid.gemiddelde == pytest.approx(7.4)
    assert (a.tevredenheid.respons, a.tevredenheid.uitgevraagd) == (10, 12)
    assert a.tevredenheid.responspercentage == pytest.approx(10 / 12)
    assert c.tevredenheid.gemiddelde == pytest.approx(7.5) and c.tevredenheid.responspercentage == 1.0

    # 3.2 is not known yet for anyone: no denominator, suppressed
    assert a.cellen["geen_nieuwe_hulp"].n == 0 and a.cellen["geen_nieuwe_hulp"].onderdrukt

    # the regional benchmark: 25 trajectories ended with 31-35, 2 narrow, 4 broad
    bench = tabel.benchmark
    assert bench.aantal == 26
    assert bench.cellen["uitval_smal"].aandeel == pytest.approx(2 / 25)
    assert bench.cellen["uitval_breed"].aandeel == pytest.approx(4 / 25)
    assert bench.cellen["uitval_breed"].ci == pytest.approx((0.0640, 0.3465), abs=1e-4)
    assert breed.benchmark == pytest.approx(0.16) and breed.afwijking is None
    assert bench.cellen["doelen_behaald"].aandeel == pytest.approx(15 / 26)


def test_small_cells_suppressed_with_complementary_suppression(
    twee_aanbieders, toegang, derde_user, zwolle, ijsselland, contractmanager, aanbieder_user, tweede_user
):
    _bouw(toegang, derde_user, zwolle, ijsselland, ["31"] * 5, ["behaald"] * 5, [7] * 5)
    tabel = selectors.indicatoren(user=contractmanager, groep="aanbieder")
    rijen = {r.sleutel: r for r in tabel.rijen}
    klein = rijen[derde_user.aanbieder_id]
    assert klein.onderdrukt and klein.aantal == 5
    for cel in klein.cellen.values():
        assert cel.onderdrukt and cel.aandeel is None and cel.ci is None
    assert klein.tevredenheid.onderdrukt and klein.tevredenheid.gemiddelde is None
    # one hidden cell per column would be revealed by region minus the rest: the smallest other cell goes too
    assert rijen[aanbieder_user.aanbieder_id].cellen["doelen_behaald"].onderdrukt  # 12 < 14
    assert not rijen[tweede_user.aanbieder_id].cellen["doelen_behaald"].onderdrukt
    assert tabel.benchmark.aantal == 31


def test_threshold_is_configurable(twee_aanbieders, contractmanager, aanbieder_user, settings):
    settings.MIN_CELGROOTTE = 13
    tabel = selectors.indicatoren(user=contractmanager, groep="aanbieder")
    rijen = {r.sleutel: r for r in tabel.rijen}
    assert rijen[aanbieder_user.aanbieder_id].onderdrukt and tabel.min_n == 13


def test_significant_difference_from_the_rest_of_the_region():
    row = {"aantal": 40, "tev__uitgevraagd": 0, "tev__respons": 0, "tev__som": None, "tev__extra_som": None,
           "tev__extra_n": 0}  # fmt: skip
    for i in selectors.INDICATOREN:
        row[f"{i.code}__n"], row[f"{i.code}__k"] = 40, 20
    # the region (unit included): drop-out 30/100, so the rest is 10/60; goals 80/100 (rest 60/60);
    # satisfied 50/100 (rest 30/60, not significant)
    regio = {"uitval_breed__n": 100, "uitval_breed__k": 30, "doelen_behaald__n": 100, "doelen_behaald__k": 80,
             "tevreden__n": 100, "tevreden__k": 50}  # fmt: skip
    rij = selectors._rij(1, "A", row, 10, regio)
    assert rij.cellen["uitval_breed"].afwijking == "slechter"  # drop-out: lower is better
    assert rij.cellen["uitval_breed"].benchmark == pytest.approx(0.3)
    assert rij.cellen["doelen_behaald"].afwijking == "slechter"
    assert rij.cellen["tevreden"].afwijking is None
    assert rij.cellen["zonder_hulp_verder"].benchmark is None and rij.cellen["zonder_hulp_verder"].afwijking is None


def test_scoping_rows_but_regional_benchmark(twee_aanbieders, aanbieder_user, financien_kampen, financien):
    eigen = selectors.indicatoren(user=aanbieder_user, groep="aanbieder")
    assert [r.sleutel for r in eigen.rijen] == [aanbieder_user.aanbieder_id]
    assert eigen.benchmark.aantal == 26
    assert selectors.indicatoren(user=financien_kampen, groep="gemeente").rijen == []
    assert [r.label for r in selectors.indicatoren(user=financien, groep="gemeente").rijen] == ["Zwolle"]


def test_grouping_per_product_intensity_and_period(twee_aanbieders, contractmanager):
    for groep in ("product", "intensiteit", "periode", "gemeente"):
        tabel = selectors.indicatoren(user=contractmanager, groep=groep)
        assert sum(r.aantal for r in tabel.rijen) == 26
    assert selectors.indicatoren(user=contractmanager, groep="periode").rijen[0].label.count("-K") == 1
