"""``subsidies_per_gemeente``, the monitor's summary: per municipality and scheme the ceiling, granted,
paid in advances, settled and reclaimed, scoped by the policy, and reconciling with
``plafondgebruik`` and ``subsidieresultaten`` (the steering issue's reconciliation extends to it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from uitkomst.subsidies import selectors, services

from .conftest import JAAR, aanvraag, verlening

pytestmark = pytest.mark.django_db


@pytest.fixture
def stand(w):
    """A settled grant with a reclaim (A) and a running grant (B) under Zwolle's scheme, and an empty
    scheme of Kampen."""
    va = verlening(w, aanvraag(w), bedrag="600000.00")
    for vs in va.voorschotten.order_by("volgnummer")[:3]:
        services.voorschot_betalen(voorschot=vs, door=w.financien)
    services.verantwoording_indienen(verlening=va, jaar=JAAR, realisaties={"plaatsen": "38", "uitstroom": "9"},
                                     door=w.aanbieder_a)  # fmt: skip
    services.vaststellen(verlening=va, bedrag="420000.00", door=w.cm)  # 450,000 paid: 30,000 reclaimed
    vb = verlening(w, aanvraag(w, aanbieder=w.b, bedrag="300000.00"), bedrag="300000.00",
                   voorschotten=[{"gepland_op": dt.date(JAAR, 1, 1), "bedrag": "100000.00"}])  # fmt: skip
    services.voorschot_betalen(voorschot=vb.voorschotten.get(), door=w.financien)
    kampen = services.regeling_create(gemeente=w.kampen, naam="Maatschappelijke opvang Kampen", wet="wmo",
                                      van_jaar=JAAR - 1, tot_jaar=JAAR + 1, plafond="50000.00", door=w.cm)  # fmt: skip
    return kampen


def test_per_municipality_and_scheme(w, stand):
    rijen = selectors.subsidies_per_gemeente(user=w.cm, jaar=JAAR)
    assert [(r.gemeente.naam, r.regeling.naam) for r in rijen] == [
        ("Kampen", "Maatschappelijke opvang Kampen"), ("Zwolle", "Beschermd wonen en maatschappelijke opvang")
    ]  # fmt: skip
    kampen, zwolle = rijen
    assert (kampen.plafond, kampen.verleend, kampen.betaalde_voorschotten, kampen.vastgesteld,
            kampen.terugvordering, kampen.verleningen) == (Decimal("50000.00"), 0, 0, 0, 0, 0)  # fmt: skip
    assert all(isinstance(x, Decimal) for x in (kampen.verleend, kampen.terugvordering, zwolle.nabetaling))
    assert zwolle.plafond == Decimal("1000000.00")
    assert zwolle.verleend == Decimal("900000.00") and zwolle.resterend == Decimal("100000.00")
    assert zwolle.betaalde_voorschotten == Decimal("550000.00")  # 450,000 (A) + 100,000 (B)
    assert zwolle.vastgesteld == Decimal("420000.00") and zwolle.terugvordering == Decimal("30000.00")
    assert (zwolle.verleningen, zwolle.vastgestelde_verleningen, zwolle.wet) == (2, 1, "wmo")
    # a year outside a scheme: no row; a narrowed list of municipalities
    assert [r.regeling.naam for r in selectors.subsidies_per_gemeente(user=w.cm, jaar=JAAR + 1)] == [
        "Maatschappelijke opvang Kampen"
    ]
    assert [r.gemeente for r in selectors.subsidies_per_gemeente(user=w.cm, jaar=JAAR, gemeenten=[w.zwolle])] == [
        w.zwolle
    ]


def test_it_reconciles_with_the_other_reads(w, stand):
    rijen = selectors.subsidies_per_gemeente(user=w.cm, jaar=JAAR)
    gebruik = selectors.plafondgebruik(user=w.cm, jaar=JAAR)
    assert sum(r.verleend for r in rijen) == sum(g.verleend for g in gebruik)
    assert sum(r.plafond for r in rijen) == sum(g.plafond for g in gebruik)
    per_verlening = {r["verlening"]: r for r in selectors.subsidieresultaten(user=w.cm, jaar=JAAR)}
    assert sum(r.verleend for r in rijen) == sum(r["verleend_bedrag"] for r in per_verlening.values())
    assert sum(r.betaalde_voorschotten for r in rijen) == sum(
        r["betaalde_voorschotten"] for r in per_verlening.values()
    )
    assert sum(r.terugvordering for r in rijen) == sum(r["terugvordering"] or 0 for r in per_verlening.values())
    assert sum(r.vastgesteld for r in rijen) == sum(r["vastgesteld_bedrag"] or 0 for r in per_verlening.values())
    # the outcome keys: the provider's and municipality's pk, to join the indicator tables
    assert {(r["aanbieder_id"], r["gemeente_id"]) for r in per_verlening.values()} == {
        (w.a.pk, w.zwolle.pk), (w.b.pk, w.zwolle.pk)
    }  # fmt: skip


def test_it_is_scoped(w, stand):
    # finance of Zwolle: only Zwolle; of Kampen: only Kampen's empty scheme; another region: nothing
    assert [r.gemeente for r in selectors.subsidies_per_gemeente(user=w.financien, jaar=JAAR)] == [w.zwolle]
    kampen = selectors.subsidies_per_gemeente(user=w.financien_kampen, jaar=JAAR)
    assert [(r.gemeente, r.verleend) for r in kampen] == [(w.kampen, 0)]
    assert selectors.subsidies_per_gemeente(user=w.cm_elders, jaar=JAAR) == []
    # a provider sees the public schemes with its own money only
    eigen = {r.regeling.naam: r for r in selectors.subsidies_per_gemeente(user=w.aanbieder_b, jaar=JAAR)}
    assert eigen["Beschermd wonen en maatschappelijke opvang"].verleend == Decimal("300000.00")
    with pytest.raises(Exception) as err:
        selectors.subsidies_per_gemeente(user=w.toegang, jaar=JAAR)
    assert getattr(err.value, "code", None) == "geen_toegang"
