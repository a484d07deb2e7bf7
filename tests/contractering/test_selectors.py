"""The fixed interface: is_gecontracteerd / gecontracteerde_aanbieders across dates, and reports."""

import datetime as dt

import pytest

from uitkomst.contractering import selectors, services

D = dt.date
pytestmark = pytest.mark.django_db


def test_contracted_across_the_agreement_life(systeem, overeenkomst, aanbieder, p01, p02):
    def on(day, product=p01):
        return selectors.is_gecontracteerd(aanbieder=aanbieder, product=product, datum=day)

    assert not on(D(2023, 12, 31))  # before start
    assert on(D(2024, 1, 1)) and on(D(2025, 12, 31))  # during
    assert not on(D(2024, 6, 1), p02)  # product not contracted
    assert not on(D(2026, 1, 1))  # after the initial term
    services.raamovereenkomst_verlengen(door=systeem, overeenkomst=overeenkomst, besloten_op=D(2025, 11, 1))
    assert on(D(2026, 1, 1)) and on(D(2026, 12, 31))  # after extension
    assert not on(D(2027, 1, 1))

    services.raamovereenkomst_opschorten(door=systeem, overeenkomst=overeenkomst, per=D(2026, 3, 1), reden="Onderzoek")
    assert on(D(2026, 2, 28)) and not on(D(2026, 3, 1)) and not on(D(2026, 6, 1))  # suspended, open-ended
    services.raamovereenkomst_hervatten(door=systeem, overeenkomst=overeenkomst, per=D(2026, 7, 1))
    assert not on(D(2026, 6, 30)) and on(D(2026, 7, 1))  # resumed

    services.raamovereenkomst_beeindigen(
        door=systeem, overeenkomst=overeenkomst, per=D(2026, 9, 30), reden="Op verzoek"
    )
    assert on(D(2026, 9, 30)) and not on(D(2026, 10, 1))  # terminated: last day is the termination day
    assert on(D(2024, 5, 1))  # history still answers for earlier dates
    events = list(overeenkomst.historie.values_list("gebeurtenis", flat=True))
    assert events == ["aangemaakt", "verlengd", "opgeschort", "hervat", "beeindigd"]


def test_contracted_providers_list(systeem, overeenkomst, aanbieder, make_aanbieder, ijsselland, p01):
    other = make_aanbieder("Andere")
    later = services.raamovereenkomst_create(
        door=systeem, aanbieder=other, inkoopmodel=ijsselland, producten=[p01], ingangsdatum=D(2025, 1, 1)
    )
    assert list(selectors.gecontracteerde_aanbieders(product=p01, datum=D(2024, 6, 1))) == [aanbieder]
    assert set(selectors.gecontracteerde_aanbieders(product=p01, datum=D(2025, 6, 1))) == {aanbieder, other}
    services.raamovereenkomst_opschorten(
        door=systeem, overeenkomst=later, per=D(2025, 6, 1), tot=D(2025, 6, 30), reden="x"
    )
    assert list(selectors.gecontracteerde_aanbieders(product=p01, datum=D(2025, 6, 15))) == [aanbieder]
    assert set(selectors.gecontracteerde_aanbieders(product=p01, datum=D(2025, 7, 1))) == {aanbieder, other}


def test_expiring_agreements_flag_extension_decision(
    systeem, overeenkomst, contractmanager, make_aanbieder, ijsselland, p01
):
    other = services.raamovereenkomst_create(
        door=systeem,
        aanbieder=make_aanbieder(),
        inkoopmodel=ijsselland,
        producten=[p01],
        ingangsdatum=D(2022, 1, 1),
        verlengopties=0,
    )
    assert other.einddatum == D(2023, 12, 31)
    rows = selectors.aflopende_overeenkomsten(user=contractmanager, peildatum=D(2025, 9, 1), maanden=6)
    assert [r.overeenkomst for r in rows] == [overeenkomst]
    assert rows[0].besluit_verlenging and rows[0].dagen_tot_einde == 121
    assert selectors.aflopende_overeenkomsten(user=contractmanager, peildatum=D(2025, 1, 1), maanden=6) == []


def test_matrix_and_report_per_product_and_municipality(systeem, overeenkomst, aanbieder, ijsselland, zwolle, regio):
    services.aanbieder_update(door=systeem, aanbieder=aanbieder, werkgebied=[zwolle])
    matrix = selectors.contractmatrix(inkoopmodel=ijsselland, peildatum=D(2024, 6, 1))
    assert [a for a, _ in matrix.rijen] == [aanbieder]
    cells = matrix.rijen[0][1]
    assert [p.code for p in cells[0]] == ["P01-P"] and all(c == [] for c in cells[1:])
    rapport = selectors.rapport_product_gemeente(inkoopmodel=ijsselland, peildatum=D(2024, 6, 1))
    row = next(r for r in rapport.rijen if r[0].code == "P01-P")
    index = rapport.gemeenten.index(zwolle)
    assert row[2] == 1 and row[1][index] == 1 and sum(row[1]) == 1


def test_keuzehulp_filters_on_municipality(systeem, overeenkomst, aanbieder, p01, zwolle):
    from uitkomst.organisaties.models import Gemeente

    deventer = Gemeente.objects.get(cbs_code="0150")
    services.aanbieder_update(door=systeem, aanbieder=aanbieder, werkgebied=[zwolle])
    assert list(selectors.keuzehulp_aanbieders(product=p01, datum=D(2024, 6, 1), gemeente=zwolle)) == [aanbieder]
    assert list(selectors.keuzehulp_aanbieders(product=p01, datum=D(2024, 6, 1), gemeente=deventer)) == []
    assert p01 in selectors.keuzehulp_producten(datum=D(2024, 6, 1))
