"""Budget forecast against a hand-computed case, ceilings and their refusals."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.uitkomsten import helpers as h
from uitkomst.declaraties import regels as r
from uitkomst.declaraties import services as declaraties
from uitkomst.signalen.models import Signaal
from uitkomst.sturing import budget, services
from uitkomst.sturing.models import Budgetplafond
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import Traject
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


def test_forecast_by_hand(systeem, casus, zwolle, ijsselland):
    x, y = casus
    assert (x, y) == (Decimal("3180.00"), Decimal("8320.00"))  # the 2024 tariffs of P01-P and P01-D
    services.budgetplafond_vaststellen(door=systeem, gemeente="0193", jaar=2025, bedrag="10000")
    o = budget.budget_prognose(gemeenten=[zwolle], jaar=2025, peildatum=PEIL.date())[zwolle.pk]
    # realised: the approved start installment of R1 in March
    assert o.gerealiseerd == Decimal("1590.00") and o.maanden[2].gerealiseerd == Decimal("1590.00")
    # committed: R1's end installment in September (1590.00); R2's monthly parts May..Dec
    # (8 x 0.0833 x 8320.00 = 8 x 693.06)
    assert [o.maanden[m].verplicht for m in range(4, 12)] == [Decimal("693.06")] * 4 + [Decimal("2283.06")] + [
        Decimal("693.06")
    ] * 3
    assert o.verplicht == Decimal("7134.48")
    assert o.maanden[3].verplicht == 0  # April: before the reference month
    # inflow: trend through 0,0,0,1,1,0 is -1/15 + 2/17.5 x; months May..Dec are x = 7..14
    a, b = -1 / 15, 2 / 17.5
    gemiddeld = (x + y) / 2
    assert gemiddeld == Decimal("5750.00")
    # (a + b x) x 5750.00 for x = 7..14, to the cent
    assert [str(o.maanden[m].instroom) for m in range(4, 12)] == [
        "4216.67", "4873.81", "5530.95", "6188.10", "6845.24", "7502.38", "8159.52", "8816.67",
    ]  # fmt: skip
    assert float(o.instroom) == pytest.approx((8 * a + 84 * b) * float(gemiddeld), abs=0.05)
    assert o.maanden[0].instroom == 0 and o.maanden[3].instroom == 0
    assert o.prognose == o.gerealiseerd + o.verplicht + o.instroom
    assert o.plafond == Decimal("10000.00") and o.boven_plafond
    assert [str(k.totaal) for k in o.kwartalen] == ["1590.00", "10476.60", "22233.47", "26557.75"]
    assert o.prognose == o.maanden[-1].cumulatief == Decimal("60857.82")


def test_forecast_above_ceiling_becomes_a_signal(systeem, casus, zwolle):
    services.budgetplafond_vaststellen(door=systeem, gemeente=zwolle, jaar=2025, bedrag="10000")
    with time_machine.travel(PEIL, tick=False):
        services.signalen_verversen()
    s = Signaal.objects.get(soort=Signaal.Soort.BUDGET)
    assert s.gemeente == zwolle and s.regio == zwolle.regio and "boven het budgetplafond" in s.omschrijving
    assert (s.sleutel, s.onderwerp_type, s.ernst) == (f"gemeente:{zwolle.pk}:2025", "gemeente", "hoog")


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
        ({"gemeente": "0193", "jaar": 2025, "bedrag": "veel"}, "ongeldig_bedrag", "geen geldig bedrag"),
        ({"gemeente": "0193", "jaar": 2025, "bedrag": "10.005"}, "ongeldig_bedrag", "dubbelzinnig"),
        ({"gemeente": "0193", "jaar": 2025, "bedrag": "10,005"}, "ongeldig_bedrag", "twee decimalen"),
        ({"gemeente": "0193", "jaar": 2025, "bedrag": "1e30"}, "ongeldig_bedrag", "geen geldig bedrag"),
        # Budgetplafond.bedrag has max_digits=14: 12 digits before the comma at most
        ({"gemeente": "0193", "jaar": 2025, "bedrag": "1.000.000.000.000"}, "ongeldig_bedrag", "te groot"),
    ],
)
def test_bad_ceiling_refused(systeem, db, kwargs, code, tekst):
    with pytest.raises(ValidationFailed) as err:
        services.budgetplafond_vaststellen(door=systeem, **kwargs)
    assert code in {p.code for p in err.value.problems} and tekst in err.value.message
    assert not Budgetplafond.objects.exists()


def test_ceiling_only_by_own_municipality(financien, financien_kampen, zwolle):
    with pytest.raises(NotAllowed) as err:
        services.budgetplafond_vaststellen(gemeente="0193", jaar=2025, bedrag="1000", door=financien_kampen)
    assert err.value.code == "geen_toegang"
    p = services.budgetplafond_vaststellen(gemeente="0193", jaar=2025, bedrag="1000", door=financien)
    p2 = services.budgetplafond_vaststellen(gemeente="0193", jaar=2025, bedrag="2000", door=financien)
    assert p.pk == p2.pk and Budgetplafond.objects.get().bedrag == Decimal("2000.00")


# --- issue 13: approved lines waiting for final approval, the current month ------------------------


@pytest.fixture
def casus_wacht(toegang, aanbieder_user, zwolle, ijsselland):
    """The same case as ``casus``, but R1's start installment (1590.00, March) is only approved by the
    checks (toegekend): it waits for the municipality's final approval."""
    with time_machine.travel(PEIL, tick=False):
        r1 = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, productcode="P01-P",
                       start=dt.date(2025, 3, 3))  # fmt: skip
        r2 = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, productcode="P01-D",
                       start=dt.date(2025, 2, 3))  # fmt: skip
        for t in (r1, r2):
            trajecten.traject_accepteren(traject=t, door=aanbieder_user)
            trajecten.traject_starten(traject=t, door=aanbieder_user, datum=t.toewijzing.startdatum)
        d = declaraties.declaratie_indienen(
            aanbieder=aanbieder_user.aanbieder, begindatum=dt.date(2025, 3, 1), einddatum=dt.date(2025, 3, 31),
            regels=[r.Invoer(regelnummer=1, referentie=r1.toewijzing.nummer, begindatum=dt.date(2025, 3, 3),
                             einddatum=dt.date(2025, 3, 31), termijn=1, bedrag=r1.toewijzing.budget / 2)],
            door=aanbieder_user,
        )  # fmt: skip
        assert [x.status for x in d.regels.all()] == ["toegekend"]
    return r1, r2


def test_approved_not_final_counts_in_the_forecast(casus_wacht, systeem, zwolle):
    services.budgetplafond_vaststellen(door=systeem, gemeente=zwolle, jaar=2025, bedrag="60000")
    o = budget.budget_prognose(gemeenten=[zwolle], jaar=2025, peildatum=PEIL.date())[zwolle.pk]
    assert o.gerealiseerd == 0  # not spent: the final approval is missing
    assert o.toegekend == Decimal("1590.00") and o.maanden[2].toegekend == Decimal("1590.00")
    assert o.maanden[2].totaal == Decimal("1590.00")
    # the same forecast as when the line is final (test_forecast_by_hand): 60,857.82 against 60,000
    assert o.prognose == o.gerealiseerd + o.toegekend + o.verplicht + o.instroom == Decimal("60857.82")
    assert o.boven_plafond and o.overschrijding == Decimal("857.82") and o.benutting == Decimal("1.0143")
    assert [str(k.totaal) for k in o.kwartalen] == ["1590.00", "10476.60", "22233.47", "26557.75"]


def test_over_the_ceiling_with_approved_not_final_raises_the_budget_signal(casus_wacht, systeem, zwolle):
    services.budgetplafond_vaststellen(door=systeem, gemeente=zwolle, jaar=2025, bedrag="60000")
    with time_machine.travel(PEIL, tick=False):
        services.signalen_verversen()
    s = Signaal.objects.get(soort=Signaal.Soort.BUDGET)
    assert (s.sleutel, s.gemeente, s.ernst) == (f"gemeente:{zwolle.pk}:2025", zwolle, "hoog")
    assert "€ 60.858" in s.omschrijving and "€ 858 boven" in s.omschrijving
    assert "€ 1.590 wacht op definitieve goedkeuring" in s.omschrijving


def test_the_current_month_counts_its_invoices_once(casus, aanbieder_user, financien, zwolle):
    """R1 ends on 5 May and its end installment (1590.00) is invoiced and approved for May, the
    reference month: spent in May, and no longer committed (R1 no longer runs)."""
    x, _ = casus
    with time_machine.travel(PEIL, tick=False):
        r1 = Traject.objects.get(toewijzing__product__code="P01-P")
        doelen = {d.pk: "behaald" for d in r1.toewijzing.plan.doelen.all()}
        trajecten.traject_beeindigen(traject=r1, door=aanbieder_user, reden="31", doelstatussen=doelen,
                                     datum=dt.date(2025, 5, 5))  # fmt: skip
        d = declaraties.declaratie_indienen(
            aanbieder=aanbieder_user.aanbieder, begindatum=dt.date(2025, 5, 1), einddatum=dt.date(2025, 5, 5),
            regels=[r.Invoer(regelnummer=1, referentie=r1.toewijzing.nummer, begindatum=dt.date(2025, 5, 1),
                             einddatum=dt.date(2025, 5, 5), termijn=2, bedrag=x / 2)],
            door=aanbieder_user,
        )  # fmt: skip
        assert declaraties.regels_goedkeuren(regels=list(d.regels.all()), door=financien) == 1
    o = budget.budget_prognose(gemeenten=[zwolle], jaar=2025, peildatum=PEIL.date())[zwolle.pk]
    mei = o.maanden[4]
    assert (mei.gerealiseerd, mei.toegekend, mei.verplicht) == (Decimal("1590.00"), 0, Decimal("693.06"))
    assert (mei.instroom, mei.totaal) == (Decimal("4216.67"), Decimal("6499.73"))  # plus the inflow as before
    assert o.gerealiseerd == Decimal("3180.00") and o.maanden[8].verplicht == Decimal("693.06")


def test_a_monthly_tariff_commits_the_tariff_for_every_month(systeem, casus, zwolle):
    """An assignment's budget is its tariff; for a product paid per month (Wmo integral home support,
    a leased aid) or per week the commitment is that tariff for every period of the assignment, not
    once. R2 (started 3 February, twelve monthly parts) is made a monthly product here."""
    from uitkomst.catalogus.models import Product

    _x, y = casus
    Product.objects.filter(code="P01-D", inkoopmodel__code="ijsselland-jeugd-2018").update(
        tariefeenheid="maand", betaalschema=None
    )
    o = budget.budget_prognose(gemeenten=[zwolle], jaar=2025, peildatum=PEIL.date())[zwolle.pk]
    # invoiced per calendar month: y for each month of February 2025 .. February 2026, spread evenly, so y in
    # each of May..Dec; R1's end installment in September
    assert [o.maanden[m].verplicht for m in range(4, 12)] == [y] * 4 + [y + Decimal("1590.00")] + [y] * 3


def test_commitment_per_period_by_hand():
    jan, mrt = dt.date(2025, 1, 1), dt.date(2025, 3, 1)
    assert budget.verplichting(Decimal("100"), "maand", jan, mrt) == Decimal("300")
    assert budget.verplichting(Decimal("120"), "week", jan, jan) == Decimal("520")  # 120 x 52/12
    assert budget.verplichting(Decimal("3180"), "traject", jan, mrt) == Decimal("3180")


def test_a_pxq_assignment_commits_its_tariff_times_the_agreed_volume(systeem, toegang, aanbieder_user, zwolle):
    """A P×Q assignment's budget is its unit tariff (62.50 an hour for 45A01 in 2019); what it commits is
    that tariff times the agreed volume (declaraties.Volumeafspraak), spread evenly over its months (no
    payment schedule): 40 hours over March..December 2019 are 250.00 a month, not 6.25. A later change of
    the volume agreement changes the commitment (the summary's trigger on the agreement)."""
    from tests.declaraties import helpers as dh

    peil = dt.datetime(2019, 5, 10, 10, tzinfo=dt.UTC)
    with time_machine.travel(peil, tick=False):
        dh.contracteer(aanbieder_user.aanbieder, "ijsselland-jeugd-pxq-overgang", ingangsdatum=dt.date(2019, 1, 1))
        tw = dh.traject(
            toegang_user=toegang, aanbieder_user=aanbieder_user, gemeente=zwolle,
            model_code="ijsselland-jeugd-pxq-overgang", productcode="45A01",
            start=dt.date(2019, 3, 1), einddatum=dt.date(2019, 12, 31),
        )  # fmt: skip
        assert tw.budget == Decimal("62.50") and tw.product.betaalschema_id is None

        def verplicht():
            o = budget.budget_prognose(gemeenten=[zwolle], jaar=2019, peildatum=peil.date())[zwolle.pk]
            return [o.maanden[m].verplicht for m in range(12)]

        # without a volume agreement: the unit tariff only (nothing better is known)
        assert verplicht()[4:] == [Decimal("6.25")] * 8
        declaraties.volume_vastleggen(toewijzing=tw, volume=Decimal(40), door=toegang)
        assert verplicht() == [Decimal(0)] * 4 + [Decimal("250.00")] * 8
        declaraties.volume_vastleggen(toewijzing=tw, volume=Decimal(60), door=toegang)
        assert verplicht()[4:] == [Decimal("375.00")] * 8
