"""The pure rules: installments reconcile to the cent for any budget and schedule (property tests),
and the early-ending entitlement never exceeds the budget."""

import datetime as dt
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from uitkomst.declaraties import regels as r

bedragen = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("250000"), places=2)


@given(budget=bedragen, delen=st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=24))
def test_termijnen_tellen_op_tot_het_budget(budget, delen):
    totaal = sum(delen)
    # shares as 4-decimal fractions that add up to exactly 1 (the last one takes the rest)
    aandelen = [(Decimal(d) / totaal).quantize(Decimal("0.0001")) for d in delen[:-1]]
    aandelen.append(Decimal(1) - sum(aandelen, Decimal(0)))
    assume(aandelen[-1] > 0)  # rounding can leave nothing for the last installment
    termijnen = r.termijnen_uit([("maandelijks", a, 1) for a in aandelen])
    uit = r.termijnbedragen(budget, termijnen)
    assert sum(uit) == budget
    assert all(x == x.quantize(r.CENT) for x in uit)


@given(
    budget=bedragen,
    duur=st.integers(min_value=1, max_value=800),
    in_zorg=st.integers(min_value=0, max_value=900),
)
def test_pro_rata_nooit_boven_budget(budget, duur, in_zorg):
    start = dt.date(2025, 1, 1)
    f = r.ToewijzingFeit(
        pk=1,
        nummer="T",
        aanbieder_id=1,
        gemeente_id=1,
        client_id=1,
        product_id=1,
        product_code="P",
        bekostiging="traject",
        startdatum=start,
        einddatum=start + dt.timedelta(days=duur - 1),
        budget=budget,
        status="beeindigd",
        gestart_op=start,
        beeindigd_op=start + dt.timedelta(days=in_zorg),
        reden_beeindiging="32",
    )
    recht = f.recht_bij_voortijdig_einde()
    assert Decimal("0") <= recht <= budget and recht == recht.quantize(r.CENT)


def test_euro_notatie():
    assert r.euro(Decimal("1234.5")) == "€ 1.234,50"
    assert r.euro(Decimal("-0.05")) == "€ -0,05"


def test_halve_centen_naar_boven():
    assert r.cent(Decimal("0.005")) == Decimal("0.01")
    assert r.termijnbedragen(
        Decimal("0.05"), r.termijnen_uit([("start", Decimal("0.5"), 1), ("einde", Decimal("0.5"), 1)])
    ) == [
        Decimal("0.03"),
        Decimal("0.02"),
    ]
