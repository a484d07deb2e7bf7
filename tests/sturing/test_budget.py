"""Budget forecast against a hand-computed case, ceilings and their refusals."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.uitkomsten import helpers as h
from uitkomst.catalogus.selectors import tarief_op_datum
from uitkomst.declaraties import regels as r
from uitkomst.declaraties import services as declaraties
from uitkomst.sturing import budget, services
from uitkomst.sturing.models import Budgetplafond, Signaal
from uitkomst.trajecten import services as trajecten
from uitkomst.utils.errors import NotAllowed, ValidationFailed

pytestmark = pytest.mark.django_db
PEIL = dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC)


def test_payment_schedule_apportioning_and_trend_by_hand():
    assert budget.trend([0, 0, 0, 1, 1, 0]) == pytest.approx((-1 / 15, 2 / 17.5))
    assert budget.trend([3, 3, 3]) == pytest.approx((3.0, 0.0))
    per = budget.spreiding(Decimal(1200), 10, 13, None)
    assert [per[i] for i in range(10, 14)] == [300, 300, 300, 300]


@pytest.fixture
def casus(toegang, aanbieder_user, financien, zwolle, ijsselland):
    """Frozen on 10 May 2025 in Zwolle: R1 (P01 perspectief, 50% at start and 50% at the end) started
    3 March, its start installment invoiced and approved; R2 (P01 duurzaam, twelve monthly parts)
    started 3 February. New assignments over Nov-Apr: 0, 0, 0, 1, 1, 0."""
    with time_machine.travel(PEIL, tick=False):
        r1 = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, productcode="P01-P",
                       start=dt.date(2025, 3, 3))  # fmt: skip
        r2 = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, productcode="P01-D",
                       start=dt.date(2025, 2, 3))  # fmt: skip
        for t in (r1, r2):
            trajecten.traject_accepteren(traject=t, door=aanbieder_user)
            trajecten.traject_starten(traject=t, door=aanbieder_user, datum=t.toewijzing.startdatum)
        x, y = r1.toewijzing.budget, r2.toewijzing.budget
        d = declaraties.declaratie_indienen(
            aanbieder=aanbieder_user.aanbieder, begindatum=dt.date(2025, 3, 1), einddatum=dt.date(2025, 3, 31),
            regels=[r.Invoer(regelnummer=1, referentie=r1.toewijzing.nummer, begindatum=dt.date(2025, 3, 3),
                             einddatum=dt.date(2025, 3, 31), termijn=1, bedrag=x / 2)],
            door=aanbieder_user,
        )  # fmt: skip
        assert declaraties.regels_goedkeuren(regels=list(d.regels.all()), door=financien) == 1
    return x, y


def test_forecast_by_hand(casus, zwolle, ijsselland):
    x, y = casus
    assert x == tarief_op_datum(product=ijsselland.producten.get(code="P01-P"), datum=dt.date(2025, 3, 3)).bedrag
    services.budgetplafond_vaststellen(gemeente="0193", jaar=2025, bedrag="10000")
    o = budget.budget_prognose(gemeenten=[zwolle], jaar=2025, peildatum=PEIL.date())[zwolle.pk]
    # realised: the approved start installment of R1 in March
    assert o.gerealiseerd == x / 2 and o.maanden[2].gerealiseerd == x / 2
    # committed: R1's end installment in September; R2's monthly parts May..Dec (8 x 0.0833)
    assert o.maanden[8].verplicht == budget.cent(x / 2 + y * Decimal("0.0833"))
    assert o.verplicht == budget.cent(x / 2) + 8 * budget.cent(y * Decimal("0.0833"))
    assert o.maanden[3].verplicht == 0  # April: before the reference month
    # inflow: trend through 0,0,0,1,1,0 is -1/15 + 2/17.5 x; months May..Dec are x = 7..14
    a, b = -1 / 15, 2 / 17.5
    gemiddeld = (x + y) / 2
    for maand, xx in zip(range(4, 12), range(7, 15), strict=True):
        assert o.maanden[maand].instroom == budget.cent(Decimal(str(a + b * xx)) * gemiddeld)
    assert float(o.instroom) == pytest.approx((8 * a + 84 * b) * float(gemiddeld), abs=0.05)
    assert o.maanden[0].instroom == 0 and o.maanden[3].instroom == 0
    assert o.prognose == o.gerealiseerd + o.verplicht + o.instroom
    assert o.plafond == Decimal("10000.00") and o.boven_plafond
    assert [k.totaal for k in o.kwartalen] == [
        sum((m.totaal for m in o.maanden[i : i + 3]), Decimal(0)) for i in (0, 3, 6, 9)
    ]
    assert o.maanden[-1].cumulatief == o.prognose


def test_forecast_above_ceiling_becomes_a_signal(casus, zwolle):
    services.budgetplafond_vaststellen(gemeente=zwolle, jaar=2025, bedrag="10000")
    with time_machine.travel(PEIL, tick=False):
        services.signalen_verversen()
    s = Signaal.objects.get(soort=Signaal.Soort.BUDGET)
    assert s.gemeente == zwolle and "boven het budgetplafond" in s.omschrijving


def test_next_year_has_no_realised_spend(casus, zwolle):
    o = budget.budget_prognose(gemeenten=[zwolle], jaar=2026, peildatum=PEIL.date())[zwolle.pk]
    assert o.gerealiseerd == 0 and o.plafond is None and not o.boven_plafond
    assert o.maanden[0].verplicht > 0  # R2's last monthly part in January 2026


@pytest.mark.parametrize(
    ("kwargs", "code", "tekst"),
    [
        ({"gemeente": "9999", "jaar": 2025, "bedrag": "1000"}, "gemeente_onbekend", "Gemeente '9999' is onbekend"),
        ({"gemeente": "0193", "jaar": 1999, "bedrag": "1000"}, "jaar_onbekend", "niet voor 1999"),
        ({"gemeente": "0193", "jaar": 2400, "bedrag": "1000"}, "jaar_onbekend", "niet voor 2400"),
        ({"gemeente": "0193", "jaar": "volgend", "bedrag": "1000"}, "jaar_onbekend", "geen jaartal"),
        ({"gemeente": "0193", "jaar": 2025, "bedrag": "-5"}, "bedrag_niet_positief", "groter dan nul"),
        ({"gemeente": "0193", "jaar": 2025, "bedrag": "veel"}, "bedrag_ongeldig", "geen geldig bedrag"),
        ({"gemeente": "0193", "jaar": 2025, "bedrag": "10.005"}, "bedrag_centen", "twee decimalen"),
    ],
)
def test_bad_ceiling_refused(db, kwargs, code, tekst):
    with pytest.raises(ValidationFailed) as err:
        services.budgetplafond_vaststellen(**kwargs)
    assert code in {p.code for p in err.value.problems} and tekst in err.value.message
    assert not Budgetplafond.objects.exists()


def test_ceiling_only_by_own_municipality(financien, financien_kampen, zwolle):
    with pytest.raises(NotAllowed):
        services.budgetplafond_vaststellen(gemeente="0193", jaar=2025, bedrag="1000", door=financien_kampen)
    p = services.budgetplafond_vaststellen(gemeente="0193", jaar=2025, bedrag="1000", door=financien)
    p2 = services.budgetplafond_vaststellen(gemeente="0193", jaar=2025, bedrag="2000", door=financien)
    assert p.pk == p2.pk and Budgetplafond.objects.get().bedrag == Decimal("2000.00")
