"""The summary tables stay equal to the raw rows whatever path changes them (services, bulk updates,
deletes), for any period, on the indicator summary and on both budget summaries."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tests.uitkomsten import helpers as h
from tests.uitkomsten.test_indicatoren import twee_aanbieders  # noqa: F401
from uitkomst.declaraties.models import Declaratieregel
from uitkomst.sturing import budget
from uitkomst.sturing import samenvatting as budgetsamenvatting
from uitkomst.sturing.models import Budgetvuil, Declaratiecel, Toewijzingcel
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import Toewijzing, Traject
from uitkomst.uitkomsten import samenvatting
from uitkomst.uitkomsten.definities import tellingen
from uitkomst.uitkomsten.models import Indicatorcel, Indicatorrollup, Indicatorvuil, Uitkomstmeting
from uitkomst.utils import db

pytestmark = pytest.mark.django_db


def _ruw(van=None, tot=None, veld="aanbieder_id") -> dict:
    qs = Uitkomstmeting.objects.all()
    if van:
        qs = qs.filter(beeindigd_op__gte=van)
    if tot:
        qs = qs.filter(beeindigd_op__lte=tot)
    return {
        r.pop(veld): {k: int(v or 0) for k, v in r.items()} for r in qs.values(veld).annotate(**tellingen()).order_by()
    }


def _samengevat(van=None, tot=None, veld="aanbieder_id") -> dict:
    samenvatting.bijwerken()
    return {k: {s: int(v or 0) for s, v in row.items()} for k, row in
            samenvatting.Telling(van=van, tot=tot).per(veld).items()}  # fmt: skip


def _verspreid_over_maanden() -> None:
    """Spread the measurements over several months (a bulk update: the triggers see it too)."""
    for i, pk in enumerate(Uitkomstmeting.objects.order_by("pk").values_list("pk", flat=True)):
        Uitkomstmeting.objects.filter(pk=pk).update(beeindigd_op=dt.date(2025, 1 + i % 6, 1 + (i * 7) % 28))


def test_summary_equals_raw_counts_after_bulk_updates_and_deletes(twee_aanbieders):  # noqa: F811
    assert _samengevat() == _ruw() and _ruw()  # built by the services' inserts
    assert Indicatorcel.objects.exists() and not Indicatorvuil.objects.exists()
    _verspreid_over_maanden()
    assert Indicatorvuil.objects.count() >= 6  # the old month and the new ones are dirty
    assert _samengevat() == _ruw()
    Uitkomstmeting.objects.filter(tevredenheid_score__isnull=False).update(geen_nieuwe_hulp=True)
    assert _samengevat(veld="gemeente_id") == _ruw(veld="gemeente_id")
    Uitkomstmeting.objects.filter(pk=Uitkomstmeting.objects.order_by("pk").first().pk).delete()
    assert _samengevat() == _ruw()
    # a full rebuild gives the same cells as the incremental refreshes
    before = _samengevat(veld="product_id")
    samenvatting.bijwerken(alles=True)
    assert _samengevat(veld="product_id") == before == _ruw(veld="product_id")


@pytest.mark.parametrize(
    "van,tot",
    [
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),  # whole months only
        (dt.date(2025, 2, 10), dt.date(2025, 5, 3)),  # partial months at both edges
        (dt.date(2025, 3, 5), dt.date(2025, 3, 20)),  # inside one month
        (None, dt.date(2025, 4, 15)),
        (dt.date(2025, 2, 28), None),
    ],
)
def test_any_period_equals_the_raw_rows(twee_aanbieders, van, tot):  # noqa: F811
    _verspreid_over_maanden()
    assert _samengevat(van, tot) == _ruw(van, tot)
    samenvatting.bijwerken()
    assert samenvatting.Telling(van=van, tot=tot).per("kwartaal")  # grouped per quarter in SQL
    eerst, ruw = samenvatting.Telling(van=dt.date(2025, 2, 10), tot=dt.date(2025, 5, 3)).delen()
    assert eerst == (dt.date(2025, 3, 1), dt.date(2025, 4, 1))
    assert ruw == [(dt.date(2025, 2, 10), dt.date(2025, 2, 28)), (dt.date(2025, 5, 1), dt.date(2025, 5, 3))]


def _budget_ruw(gemeente) -> tuple[dict, dict]:
    """Invoice lines per (month, status) and running assignments' budgets, straight from the rows."""
    regels = {}
    for r in Declaratieregel.objects.filter(gemeente=gemeente):
        key = (r.begindatum.replace(day=1), r.status)
        regels[key] = regels.get(key, Decimal(0)) + r.bedrag
    lopend = {}
    for t in Toewijzing.objects.filter(gemeente=gemeente, traject__status__in=("toegewezen", "geaccepteerd",
                                                                                 "gestart")):  # fmt: skip
        key = (t.product_id, t.startdatum.replace(day=1), t.einddatum.replace(day=1))
        lopend[key] = lopend.get(key, Decimal(0)) + t.budget
    return regels, lopend


def _budget_cellen(gemeente) -> tuple[dict, dict]:
    budgetsamenvatting.bijwerken()
    regels = {}
    for c in Declaratiecel.objects.filter(gemeente_id=gemeente.pk):
        regels[(c.maand, c.status)] = regels.get((c.maand, c.status), Decimal(0)) + c.bedrag
    lopend = {}
    for c in Toewijzingcel.objects.filter(gemeente_id=gemeente.pk, actief=True):
        key = (c.product_id, c.startmaand, c.eindmaand)
        lopend[key] = lopend.get(key, Decimal(0)) + c.budget
    return regels, lopend


def test_budget_summaries_follow_assignments_and_trajectory_status(toegang, aanbieder_user, zwolle, ijsselland):
    with time_machine.travel(dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC), tick=False):
        t1 = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, start=dt.date(2025, 3, 3))
        t2 = h.traject(toegang, zwolle, ijsselland, aanbieder_user.aanbieder, productcode="P01-D",
                       start=dt.date(2025, 2, 3))  # fmt: skip
        assert _budget_cellen(zwolle) == _budget_ruw(zwolle) and _budget_ruw(zwolle)[1]
        voor = budget.budget_prognose(gemeenten=[zwolle], jaar=2025, peildatum=dt.date(2025, 5, 10))[zwolle.pk]
        # a trajectory that ends is no longer committed: its status change marks its month dirty
        trajecten.traject_accepteren(traject=t1, door=aanbieder_user)
        t1 = trajecten.traject_starten(traject=t1, door=aanbieder_user, datum=dt.date(2025, 3, 3))
        doelen = {d.pk: "behaald" for d in t1.toewijzing.plan.doelen.all()}
        trajecten.traject_beeindigen(traject=t1, door=aanbieder_user, reden="31", doelstatussen=doelen,
                                     datum=dt.date(2025, 5, 1))  # fmt: skip
        assert Budgetvuil.objects.filter(bron="t").exists()
        assert _budget_cellen(zwolle) == _budget_ruw(zwolle)
        na = budget.budget_prognose(gemeenten=[zwolle], jaar=2025, peildatum=dt.date(2025, 5, 10))[zwolle.pk]
        assert na.verplicht < voor.verplicht
        # a bulk update of a budget (no save(), no signal) is seen too
        Toewijzing.objects.filter(pk=t2.toewijzing_id).update(budget=Decimal("1234.00"))
        assert _budget_cellen(zwolle) == _budget_ruw(zwolle)
        Traject.objects.filter(pk=t2.pk).update(status="afgesloten")
        assert _budget_cellen(zwolle) == _budget_ruw(zwolle) == ({}, {})


def test_after_a_bulk_load_every_summary_is_rebuilt_and_analysed(twee_aanbieders):  # noqa: F811
    samenvatting.bijwerken()
    assert samenvatting.Telling().per(None)[None]["aantal"] > 0
    Indicatorcel.objects.all().delete()
    Indicatorrollup.objects.all().delete()
    Indicatorvuil.objects.all().delete()
    assert samenvatting.Telling().per(None)[None]["aantal"] == 0  # emptied by hand: stale until refreshed
    db.na_bulkladen()
    assert _samengevat() == _ruw() and not Indicatorvuil.objects.exists()


def _rollups_uit_cellen() -> tuple[dict, dict]:
    """Every rollup row, and the cells summed by hand over the same fields, per month and per year."""
    rollups, cellen = {}, {}
    db_kolommen = [s.replace("__", "_") for s in samenvatting.SLEUTELS]
    for soort, velden in samenvatting.ROLLUPS.items():
        for r in Indicatorrollup.objects.filter(soort=soort).values(*velden, "jaar", "maand", *db_kolommen):
            rollups[(soort, r["jaar"], *(r[v] for v in velden), r["maand"])] = [int(r[k] or 0) for k in db_kolommen]
        for c in Indicatorcel.objects.values(*velden, "maand", *db_kolommen):
            for jaar, maand in ((False, c["maand"]), (True, c["maand"].replace(month=1))):
                som = cellen.setdefault((soort, jaar, *(c[v] for v in velden), maand), [0] * len(db_kolommen))
                for i, k in enumerate(db_kolommen):
                    som[i] += int(c[k] or 0)
    return rollups, cellen


def _over_jaren() -> None:
    """Spread the measurements over 2024 to 2026 (a bulk update: the triggers see it too)."""
    for i, pk in enumerate(Uitkomstmeting.objects.order_by("pk").values_list("pk", flat=True)):
        Uitkomstmeting.objects.filter(pk=pk).update(beeindigd_op=dt.date(2024 + i % 3, 1 + (i * 5) % 12, 1 + i % 28))


def test_rollups_are_the_cells_summed_after_every_refresh(twee_aanbieders):  # noqa: F811
    samenvatting.bijwerken()
    rollups, cellen = _rollups_uit_cellen()
    assert rollups == cellen and {k[:2] for k in rollups} == {(s, j) for s in samenvatting.ROLLUPS for j in (0, 1)}
    _over_jaren()  # incremental: only the dirty months and their years are rebuilt
    samenvatting.bijwerken()
    rollups, cellen = _rollups_uit_cellen()
    assert rollups == cellen and len({k[-1].year for k in rollups}) == 3
    Uitkomstmeting.objects.filter(pk=Uitkomstmeting.objects.order_by("pk").first().pk).delete()
    Uitkomstmeting.objects.filter(pk=Uitkomstmeting.objects.order_by("pk").last().pk).update(tevredenheid_score=1)
    samenvatting.bijwerken()
    rollups, cellen = _rollups_uit_cellen()
    assert rollups == cellen
    samenvatting.bijwerken(alles=True)
    assert _rollups_uit_cellen() == (rollups, cellen)


def test_jaren_split_whole_months_into_whole_years_and_edge_months():
    d = dt.date
    assert samenvatting._jaren(None, None) == ((None, None), [])
    assert samenvatting._jaren(d(2024, 3, 1), d(2026, 2, 1)) == (
        (d(2025, 1, 1), d(2025, 1, 1)),
        [(d(2024, 3, 1), d(2024, 12, 1)), (d(2026, 1, 1), d(2026, 2, 1))],
    )
    assert samenvatting._jaren(None, d(2025, 12, 1)) == ((None, d(2025, 1, 1)), [])
    assert samenvatting._jaren(d(2025, 2, 1), d(2025, 11, 1)) == (None, [(d(2025, 2, 1), d(2025, 11, 1))])


@pytest.mark.parametrize(
    "van,tot",
    [
        (None, None),
        (dt.date(2024, 3, 5), dt.date(2026, 2, 14)),  # years, edge months and edge days
        (None, dt.date(2025, 12, 31)),
        (dt.date(2024, 12, 31), None),
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ],
)
def test_a_selection_reads_the_smallest_table_that_has_its_fields(twee_aanbieders, van, tot):  # noqa: F811
    alles = samenvatting.Telling(van=van, tot=tot)
    assert alles._soort(None) == alles._soort("kwartaal") == alles._soort("gemeente_id") == "gemeente"
    assert alles.filter(gemeente__regio__isnull=False)._soort("aanbieder_id") == "aanbieder"
    assert alles.filter(intensiteit_id=1)._soort("product_id") == "product"
    assert alles.filter(product_id=1)._soort("aanbieder_id") is None  # the keuzehulp's selection: the cells
    _over_jaren()
    samenvatting.bijwerken()
    product = Uitkomstmeting.objects.values_list("product_id", flat=True).first()
    ruw = Uitkomstmeting.objects.filter(**{k: v for k, v in (("beeindigd_op__gte", van), ("beeindigd_op__lte", tot))
                                           if v})  # fmt: skip
    for telling, veld, rijen in (
        (alles.filter(product_id=product), "aanbieder_id", ruw.filter(product_id=product)),
        (alles.filter(gemeente__regio__isnull=False), "aanbieder_id", ruw),
        (alles, "intensiteit_id", ruw),
        (alles, "product_id", ruw),
        (alles, "gemeente_id", ruw),
        (alles, None, ruw),
    ):
        if veld is None:
            verwacht = {None: {k: int(v or 0) for k, v in rijen.aggregate(**tellingen()).items()}}
        else:
            verwacht = {r.pop(veld): {k: int(v or 0) for k, v in r.items()}
                        for r in rijen.values(veld).annotate(**tellingen()).order_by()}  # fmt: skip
        gekregen = {k: {s: int(v or 0) for s, v in row.items()} for k, row in telling.per(veld).items()}
        assert gekregen == verwacht, (veld, van, tot)
