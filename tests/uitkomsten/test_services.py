"""Recording a measurement: what is copied, what is derived, and every refusal (nothing saved)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.uitkomsten import helpers as h
from uitkomst.trajecten import services as trajecten
from uitkomst.uitkomsten import services
from uitkomst.uitkomsten.codes import cbs_code, doelen_totaal, uitval
from uitkomst.uitkomsten.models import Uitkomstmeting
from uitkomst.utils.errors import NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db


def test_dropout_mapping_from_jz588():
    assert [uitval(c) for c in ("31", "32", "33", "34", "35")] == [
        (False, False), (True, True), (False, True), (False, False), (False, False),
    ]  # fmt: skip
    for administratief in ("02", "20", "36", "37", "38", "39", "", "99"):
        assert uitval(administratief) == (None, None)
    assert [cbs_code(c) for c in ("31", "32", "33", "34", "35", "36")] == ["01", "02", "03", "04", "05", None]


def test_overall_goal_realisation():
    assert doelen_totaal(2, 0, 0) == "ja"
    assert doelen_totaal(0, 0, 3) == "nee"
    assert doelen_totaal(1, 0, 1) == "deels"
    assert doelen_totaal(0, 2, 0) == "deels"
    assert doelen_totaal(0, 0, 0) is None


def test_reliable_change_index_by_hand():
    # S_diff = sqrt(2) * 10 * sqrt(1 - 0.8) = 6.3246; (60 - 70) / 6.3246 = -1.58
    assert services.rci(Decimal(70), Decimal(60), Decimal("0.8")) == Decimal("-1.58")
    # r = 0.9: S_diff = 4.4721; -10 / 4.4721 = -2.24 -> a reliable improvement
    assert services.rci(Decimal(70), Decimal(60), Decimal("0.9")) == Decimal("-2.24")


@pytest.mark.parametrize(
    ("einde", "verwacht"),
    [
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        (dt.date(2025, 3, 15), dt.date(2025, 12, 31)),
        (dt.date(2025, 6, 30), dt.date(2025, 12, 31)),
        (dt.date(2025, 7, 1), dt.date(2026, 6, 30)),
        (dt.date(2025, 12, 31), dt.date(2026, 6, 30)),
    ],
)
def test_follow_up_window_half_year_after_the_half_year_of_ending(einde, verwacht):
    assert services.nazorg_tot(einde) == verwacht


def test_follow_up_window_configurable(settings):
    settings.NAZORG_MAANDEN = 6
    assert services.nazorg_tot(dt.date(2025, 3, 15)) == dt.date(2025, 9, 15)
    assert services.nazorg_tot(dt.date(2025, 8, 31)) == dt.date(2026, 2, 28)


def test_measurement_copies_the_trajectory_and_derives_goals(toegang, aanbieder_user, zwolle, ijsselland):
    t = h.beeindigd(toegang, aanbieder_user, zwolle, ijsselland, reden="33", doel="deels")
    m = services.uitkomstmeting_create(
        traject=t, door=aanbieder_user, zonder_hulp_verder=False, tevredenheid_score=6, extra_vraag_score=4,
        instrument="SDQ", t_score_voor="70", t_score_na="60", betrouwbaarheid="0.9",
    )  # fmt: skip
    assert (m.gemeente_id, m.aanbieder_id, m.product_id, m.reden_beeindiging) == (
        zwolle.pk, aanbieder_user.aanbieder_id, t.product_id, "33",
    )  # fmt: skip
    assert (m.doelen_ja, m.doelen_deels, m.doelen_nee, m.doelen_behaald) == (0, 2, 0, "deels")
    assert m.rci == Decimal("-2.24") and m.betrouwbaar_verbeterd and m.probleem_afgenomen is True
    assert m.geen_nieuwe_hulp is None and m.nieuwe_hulp_status == "nog niet bekend"
    einde = t.beeindigd_op  # today: ended in the first half-year -> 31 December, else 30 June next year
    assert m.nazorg_tot == (dt.date(einde.year, 12, 31) if einde.month <= 6 else dt.date(einde.year + 1, 6, 30))
    assert m.intensiteit_id == t.product.intensiteit_id and m.duur_dagen == 0


def _geweigerd(call, code, exc=ValidationFailed):
    before = Uitkomstmeting.objects.count()
    with pytest.raises(exc) as err:
        call()
    assert err.value.code == code or code in {p.code for p in err.value.problems}
    assert Uitkomstmeting.objects.count() == before
    return err.value


def test_measurement_for_a_trajectory_not_ended_refused(toegang, aanbieder_user, zwolle, ijsselland):
    t = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder)
    trajecten.traject_accepteren(traject=t, door=aanbieder_user)
    t = trajecten.traject_starten(traject=t, door=aanbieder_user)
    err = _geweigerd(lambda: services.uitkomstmeting_create(traject=t, door=aanbieder_user), "traject_niet_beeindigd")
    assert "beëindigd traject" in err.message and "gestart" in err.message


def test_second_measurement_refused(toegang, aanbieder_user, zwolle, ijsselland):
    t = h.beeindigd(toegang, aanbieder_user, zwolle, ijsselland)
    services.uitkomstmeting_create(traject=t, door=aanbieder_user, tevredenheid_score=8)
    err = _geweigerd(lambda: services.uitkomstmeting_create(traject=t, door=aanbieder_user), "meting_bestaat")
    assert err.message == "Voor dit traject is de uitkomst al vastgelegd."


@pytest.mark.parametrize(
    ("kwargs", "code", "tekst"),
    [
        ({"tevredenheid_score": 11}, "tevredenheid_score_buiten_bereik", "tussen 1 en 10"),
        ({"tevredenheid_score": 0}, "tevredenheid_score_buiten_bereik", "tussen 1 en 10"),
        ({"tevredenheid_score": "acht"}, "tevredenheid_score_ongeldig", "geen geheel getal"),
        ({"extra_vraag_score": 6}, "extra_vraag_score_buiten_bereik", "tussen 1 en 5"),
        ({"instrument": "SDQ", "t_score_voor": "120", "t_score_na": "60"}, "t_score_voor_buiten_bereik", "0 en 100"),
        ({"instrument": "SDQ", "t_score_voor": "70", "t_score_na": "60", "betrouwbaarheid": "1.2"},
         "betrouwbaarheid_buiten_bereik", "tussen 0 en 1"),
        ({"t_score_voor": "70"}, "t_score_onvolledig", "zowel"),
        ({"tevredenheid_uitgevraagd": False, "tevredenheid_score": 7}, "niet_uitgevraagd_wel_antwoord",
         "niet uitgevraagd"),
        ({"doelen_behaald": "misschien"}, "doelen_behaald_ongeldig", "ja, deels of nee"),
    ],
)  # fmt: skip
def test_scores_out_of_range_refused(toegang, aanbieder_user, zwolle, ijsselland, kwargs, code, tekst):
    t = h.beeindigd(toegang, aanbieder_user, zwolle, ijsselland)
    err = _geweigerd(lambda: services.uitkomstmeting_create(traject=t, door=aanbieder_user, **kwargs), code)
    assert tekst in err.message


def test_another_provider_may_not_measure(toegang, aanbieder_user, tweede_user, zwolle, ijsselland):
    t = h.beeindigd(toegang, aanbieder_user, zwolle, ijsselland)
    _geweigerd(lambda: services.uitkomstmeting_create(traject=t, door=tweede_user), "geen_toegang", NotAllowed)


def test_no_new_help_computed_after_the_window_with_a_frozen_clock(
    systeem, toegang, aanbieder_user, zwolle, ijsselland
):
    with time_machine.travel(dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        terug = h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, bsn_=h.bsn(900), einde=dt.date(2025, 3, 15))
        zonder = h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, bsn_=h.bsn(901), einde=dt.date(2025, 3, 15))
        laat = h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, bsn_=h.bsn(902), einde=dt.date(2025, 3, 15))
    assert terug.nazorg_tot == dt.date(2025, 12, 31)
    with time_machine.travel(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False):
        h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, bsn_=h.bsn(900))  # new help within window
    with time_machine.travel(dt.datetime(2025, 12, 31, 12, tzinfo=dt.UTC), tick=False):
        assert services.nieuwe_hulp_bepalen(door=systeem) == 0  # the window has not passed: "nog niet bekend"
        terug.refresh_from_db()
        assert terug.geen_nieuwe_hulp is None and terug.nieuwe_hulp_status == "nog niet bekend"
    with time_machine.travel(dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC), tick=False):
        h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, bsn_=h.bsn(902))  # after the window
        assert services.nieuwe_hulp_bepalen(door=systeem) == 3
        assert services.nieuwe_hulp_bepalen(door=systeem) == 0  # idempotent
    for m, verwacht in ((terug, False), (zonder, True), (laat, True)):
        m.refresh_from_db()
        assert m.geen_nieuwe_hulp is verwacht
        assert m.nieuwe_hulp_bepaald_op == dt.date(2026, 2, 1)
