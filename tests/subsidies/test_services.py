"""The subsidy chain end to end, every bad input refused with its code and nothing changed, and the
policy's refusals (another municipality's or region's user, a provider acting for another)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from uitkomst.subsidies import selectors, services
from uitkomst.subsidies.models import (
    AanvraagHistorie,
    Prestatie,
    Subsidieaanvraag,
    Subsidieregeling,
    Subsidieverlening,
    Vaststelling,
    Verantwoording,
    VerleningHistorie,
    Voorschot,
    VoorschotHistorie,
)
from uitkomst.utils.errors import DomainError, NotAllowed

from .conftest import JAAR, aanvraag, verlening

pytestmark = pytest.mark.django_db

MODELLEN = [Subsidieregeling, Subsidieaanvraag, Subsidieverlening, Prestatie, Voorschot, Verantwoording, Vaststelling,
            AanvraagHistorie, VerleningHistorie, VoorschotHistorie]  # fmt: skip


def stand():
    """Every row count and every status: a refused request must leave all of them as they were."""
    return (
        tuple(m.objects.count() for m in MODELLEN),
        tuple(Subsidieaanvraag.objects.values_list("status", flat=True).order_by("pk")),
        tuple(Subsidieverlening.objects.values_list("status", flat=True).order_by("pk")),
        tuple(Voorschot.objects.values_list("status", flat=True).order_by("pk")),
    )


def weigert(fn, code: str, cls=DomainError):
    voor = stand()
    with pytest.raises(cls) as err:
        fn()
    codes = [p.code for p in err.value.problems]
    assert code in codes, f"expected {code}, got {codes}: {err.value.message}"
    assert err.value.message
    assert stand() == voor, "a refused request changed something"
    return err.value


def _verantwoord(w, v, door=None, plaatsen="38", uitstroom="9"):
    return services.verantwoording_indienen(
        verlening=v, jaar=JAAR, realisaties={"plaatsen": plaatsen, "uitstroom": uitstroom},
        datum=dt.date(JAAR + 1, 3, 1), door=door or w.aanbieder_a,
    )  # fmt: skip


def test_whole_chain_with_reclaim(w):
    a = aanvraag(w)
    assert a.status == "ingediend" and a.gemeente == w.zwolle
    v = verlening(w, a)
    a.refresh_from_db()
    assert a.status == "verleend" and v.status == "verleend"
    assert v.gemeente == w.zwolle and v.aanbieder == w.a and v.jaar == JAAR
    assert [p.indicator for p in v.prestaties.all()] == ["plaatsen", "uitstroom"]
    assert sorted(v.verplichtingen.values_list("soort", flat=True)) == ["verplichting", "voorwaarde"]
    assert v.voorschotten.count() == 4 and services.benut(w.regeling, JAAR) == Decimal("600000.00")

    # finance pays three of the four advances
    for vs in v.voorschotten.order_by("volgnummer")[:3]:
        services.voorschot_betalen(voorschot=vs, datum=vs.gepland_op, door=w.financien)
    assert services.betaalde_voorschotten(v) == Decimal("450000.00")

    verantwoording = _verantwoord(w, v)
    v.refresh_from_db()
    assert v.status == "verantwoord" and verantwoording.jaar == JAAR
    assert {r.prestatie.indicator: r.gerealiseerd for r in verantwoording.regels.all()} == {
        "plaatsen": Decimal("38.00"),
        "uitstroom": Decimal("9.00"),
    }

    vaststelling = services.vaststellen(verlening=v, bedrag="420000.00", datum=dt.date(JAAR + 1, 6, 1), door=w.cm)
    v.refresh_from_db()
    assert v.status == "vastgesteld"
    assert vaststelling.betaalde_voorschotten == Decimal("450000.00")
    assert vaststelling.terugvordering == Decimal("30000.00") and vaststelling.nabetaling == Decimal("0.00")
    # history rows for every step, naming the actor
    assert list(v.historie.values_list("van_status", "naar_status")) == [
        ("", "verleend"),
        ("verleend", "verantwoord"),
        ("verantwoord", "vastgesteld"),
    ]
    assert list(a.historie.values_list("naar_status", flat=True)) == ["ingediend", "verleend"]
    assert v.historie.last().door == w.cm and "terugvordering" in v.historie.last().toelichting
    assert VoorschotHistorie.objects.filter(naar_status="betaald", door=w.financien).count() == 3

    # the results selector: target vs realised, per provider and scheme, with the settlement
    rijen = selectors.subsidieresultaten(user=w.cm, gemeente=w.zwolle, jaar=JAAR)
    assert [(r["indicator"], r["streefwaarde"], r["gerealiseerd"], r["realisatie"]) for r in rijen] == [
        ("plaatsen", Decimal("40.00"), Decimal("38.00"), Decimal("0.9500")),
        ("uitstroom", Decimal("12.00"), Decimal("9.00"), Decimal("0.7500")),
    ]
    assert rijen[0]["aanbieder"] == w.a.naam and rijen[0]["terugvordering"] == Decimal("30000.00")
    assert rijen[0]["betaalde_voorschotten"] == Decimal("450000.00")


def test_settlement_above_advances_is_an_additional_payment(w):
    v = verlening(w, aanvraag(w), voorschotten=[{"gepland_op": dt.date(JAAR, 1, 1), "bedrag": "100000.00"}])
    services.voorschot_betalen(voorschot=v.voorschotten.get(), door=w.financien)
    _verantwoord(w, v)
    vaststelling = services.vaststellen(verlening=v, bedrag="600000.00", door=w.cm)
    assert (vaststelling.terugvordering, vaststelling.nabetaling) == (Decimal("0.00"), Decimal("500000.00"))


def test_results_before_the_report_are_unknown_not_zero(w):
    verlening(w, aanvraag(w))
    rijen = selectors.subsidieresultaten(user=w.cm)
    assert [r["gerealiseerd"] for r in rijen] == [None, None] and rijen[0]["realisatie"] is None


# --- bad input ------------------------------------------------------------------------------


def test_grant_above_the_remaining_ceiling(w):
    verlening(w, aanvraag(w), bedrag="600000.00")
    tweede = aanvraag(w, aanbieder=w.b, bedrag="500000.00")
    e = weigert(lambda: verlening(w, tweede, bedrag="400000.01", voorschotten=[]), "plafond_overschreden")
    assert "€ 400.000,00" in e.message  # what remains is named
    v = verlening(w, tweede, bedrag="400000.00", voorschotten=[])  # exactly the ceiling: allowed
    assert v.verleend_bedrag == Decimal("400000.00") and services.benut(w.regeling, JAAR) == w.regeling.plafond


def test_settlement_before_the_report(w):
    v = verlening(w, aanvraag(w))
    weigert(lambda: services.vaststellen(verlening=v, bedrag="100000.00", door=w.cm), "verantwoording_ontbreekt")


def test_report_for_another_year(w):
    v = verlening(w, aanvraag(w))
    weigert(
        lambda: services.verantwoording_indienen(
            verlening=v, jaar=JAAR - 1, realisaties={"plaatsen": "38", "uitstroom": "9"}, door=w.aanbieder_a
        ),
        "verantwoording_ander_jaar",
    )


def test_report_must_cover_every_agreed_result_and_nothing_else(w):
    v = verlening(w, aanvraag(w))
    e = weigert(
        lambda: services.verantwoording_indienen(
            verlening=v, jaar=JAAR, realisaties={"plaatsen": "38", "wachtlijst": "3"}, door=w.aanbieder_a
        ),
        "prestatie_ontbreekt",
    )
    assert "prestatie_onbekend" in [p.code for p in e.problems]
    weigert(lambda: _verantwoord(w, v, plaatsen="-1"), "ongeldige_waarde")
    _verantwoord(w, v)
    weigert(lambda: _verantwoord(w, v), "al_verantwoord")


def test_grant_without_an_application(w):
    weigert(
        lambda: services.verlening_create(
            regeling=w.regeling,
            aanbieder=w.b,
            jaar=JAAR,
            bedrag="1000.00",
            prestaties=[{"indicator": "x", "omschrijving": "X", "streefwaarde": "1"}],
            door=w.cm,
        ),  # fmt: skip
        "aanvraag_ontbreekt",
    )


def test_advances_above_the_granted_amount(w):
    a = aanvraag(w)
    te_veel = [{"gepland_op": dt.date(JAAR, 1, 1), "bedrag": "300000.00"},
               {"gepland_op": dt.date(JAAR, 7, 1), "bedrag": "300000.01"}]  # fmt: skip
    weigert(lambda: verlening(w, a, voorschotten=te_veel), "voorschot_boven_verlening")


@pytest.mark.parametrize("bedrag", ["100.005", "-5.00", "12,345", Decimal("-0.01"), "abc"])
def test_amounts_with_more_than_two_decimals_or_negative(w, bedrag):
    weigert(lambda: aanvraag(w, bedrag=bedrag), "ongeldig_bedrag")
    a = aanvraag(w)
    weigert(lambda: verlening(w, a, bedrag=bedrag, voorschotten=[]), "ongeldig_bedrag")
    weigert(
        lambda: verlening(w, a, voorschotten=[{"gepland_op": dt.date(JAAR, 1, 1), "bedrag": bedrag}]),
        "ongeldig_bedrag",
    )
    weigert(
        lambda: services.regeling_create(
            gemeente=w.zwolle, naam="Ander", wet="wmo", van_jaar=JAAR, plafond=bedrag, door=w.cm
        ),  # fmt: skip
        "ongeldig_bedrag",
    )
    v = verlening(w, a)
    _verantwoord(w, v)
    weigert(lambda: services.vaststellen(verlening=v, bedrag=bedrag, door=w.cm), "ongeldig_bedrag")


def test_other_refusals(w):
    a = aanvraag(w)
    weigert(lambda: aanvraag(w), "al_aangevraagd")
    weigert(
        lambda: services.aanvraag_indienen(
            regeling=w.regeling, aanbieder=w.b, jaar=JAAR + 1, bedrag="1.00", door=w.aanbieder_b
        ),  # fmt: skip
        "jaar_buiten_regeling",
    )
    weigert(lambda: verlening(w, a, bedrag="600000.01"), "boven_aanvraag")
    v = verlening(w, a)
    weigert(lambda: verlening(w, a), "aanvraag_al_besloten")
    _verantwoord(w, v)
    weigert(lambda: services.vaststellen(verlening=v, bedrag="600000.01", door=w.cm), "boven_verlening")
    services.vaststellen(verlening=v, bedrag="600000.00", door=w.cm)
    weigert(lambda: services.vaststellen(verlening=v, bedrag="1.00", door=w.cm), "al_vastgesteld")
    weigert(lambda: services.voorschot_betalen(voorschot=v.voorschotten.first(), door=w.financien), "al_vastgesteld")


def test_paying_an_advance_twice_is_refused(w):
    v = verlening(w, aanvraag(w))
    vs = v.voorschotten.first()
    services.voorschot_betalen(voorschot=vs, door=w.financien)
    weigert(lambda: services.voorschot_betalen(voorschot=vs, door=w.financien), "ongeldige_overgang")


# --- the policy -----------------------------------------------------------------------------


def test_policy_refusals(w):
    weigert(
        lambda: services.regeling_create(
            gemeente=w.zwolle, naam="X", wet="wmo", van_jaar=JAAR, plafond="1.00", door=w.cm_elders
        ),  # fmt: skip
        "geen_toegang",
        NotAllowed,
    )
    weigert(
        lambda: services.regeling_create(
            gemeente=w.zwolle, naam="X", wet="wmo", van_jaar=JAAR, plafond="1.00", door=w.aanbieder_a
        ),  # fmt: skip
        "geen_toegang",
        NotAllowed,
    )
    # a provider applies for itself only
    weigert(lambda: aanvraag(w, aanbieder=w.a, door=w.aanbieder_b), "geen_toegang", NotAllowed)
    a = aanvraag(w)
    # the provider cannot grant itself; another region's contract manager cannot grant
    weigert(lambda: verlening(w, a, door=w.aanbieder_a), "geen_toegang", NotAllowed)
    weigert(lambda: verlening(w, a, door=w.cm_elders), "geen_toegang", NotAllowed)
    v = verlening(w, a)
    vs = v.voorschotten.first()
    # finance of another municipality, and the contract manager, do not pay advances
    weigert(lambda: services.voorschot_betalen(voorschot=vs, door=w.financien_kampen), "geen_toegang", NotAllowed)
    weigert(lambda: services.voorschot_betalen(voorschot=vs, door=w.cm), "geen_toegang", NotAllowed)
    # a provider reporting for another provider's grant
    weigert(lambda: _verantwoord(w, v, door=w.aanbieder_b), "geen_toegang", NotAllowed)
    weigert(lambda: _verantwoord(w, v, door=w.cm), "geen_toegang", NotAllowed)
    _verantwoord(w, v)
    weigert(lambda: services.vaststellen(verlening=v, bedrag="1.00", door=w.aanbieder_a), "geen_toegang", NotAllowed)
    weigert(lambda: services.vaststellen(verlening=v, bedrag="1.00", door=w.financien), "geen_toegang", NotAllowed)


def test_rows_are_scoped(w):
    v = verlening(w, aanvraag(w))
    assert list(selectors.verlening_list(user=w.aanbieder_a)) == [v]
    assert list(selectors.verlening_list(user=w.aanbieder_b)) == []
    assert list(selectors.verlening_list(user=w.financien)) == [v]
    assert list(selectors.verlening_list(user=w.financien_kampen)) == []
    assert list(selectors.verlening_list(user=w.cm_elders)) == []
    assert selectors.subsidieresultaten(user=w.aanbieder_b) == []
    assert list(selectors.regeling_list(user=w.aanbieder_b)) == [w.regeling]  # schemes are public
    with pytest.raises(NotAllowed):
        selectors.verlening_list(user=w.toegang)


# --- the database as the last line of defence -----------------------------------------------


def test_database_constraints(w):
    v = verlening(w, aanvraag(w))
    with pytest.raises(IntegrityError), transaction.atomic():
        Subsidieregeling.objects.filter(pk=w.regeling.pk).update(plafond=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Subsidieverlening.objects.create(
            aanvraag=aanvraag(w, aanbieder=w.b), regeling=w.regeling, gemeente=w.zwolle, aanbieder=w.a, jaar=JAAR,
            verleend_bedrag=Decimal("1"), besluitdatum=dt.date(JAAR, 1, 1),
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Vaststelling.objects.create(
            verlening=v, gemeente=w.zwolle, aanbieder=w.a, vastgesteld_bedrag=Decimal("10"),
            betaalde_voorschotten=Decimal("30"), terugvordering=Decimal("5"), nabetaling=Decimal("0"),
            datum=dt.date(JAAR, 1, 1),
        )  # fmt: skip
