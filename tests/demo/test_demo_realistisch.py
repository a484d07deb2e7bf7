"""A demo region that behaves like a real one (issue 13): re-entries into care, invoices over each
trajectory's life across years, legacy P×Q lines in the demo year, steady inflow, spread between
providers, few quality signals, every funding variant; all on one region built once for the module.
The region options, the access workers and determinism per seed: ``test_demo_opties.py``."""

import datetime as dt

import pytest
import time_machine
from django.db.models import Count, Max, Min, Q

from uitkomst.declaraties.models import Declaratieregel, Regelstatus
from uitkomst.demo import services
from uitkomst.demo.toegang import pxq_eenheden
from uitkomst.organisaties.models import Gemeente
from uitkomst.signalen.models import Signaal
from uitkomst.trajecten.models import Toewijzing
from uitkomst.uitkomsten.models import Uitkomstmeting

from ..conftest import gedeeld_gebouwd

pytestmark = pytest.mark.django_db
VANDAAG = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def _regio_gedeeld(django_db_setup, django_db_blocker):
    """One 1,500-client region for the whole module (built once: ~10 s), rolled back at its end."""
    bouw = lambda: services.demo_region_build(clients=1500, seed=2018)  # noqa: E731
    with time_machine.travel(VANDAAG, tick=False), gedeeld_gebouwd(django_db_blocker, bouw):
        yield


@pytest.fixture
def regio(_regio_gedeeld, db):
    return None


def test_re_entries_per_provider_are_realistic_and_vary(regio):
    bepaald = Uitkomstmeting.objects.filter(is_synthetisch=True, geen_nieuwe_hulp__isnull=False)
    totaal = bepaald.count()
    opnieuw = bepaald.filter(geen_nieuwe_hulp=False).count()
    assert totaal > 300
    assert 0.10 <= opnieuw / totaal <= 0.25, opnieuw / totaal  # "geen nieuwe start" below 100%
    per = bepaald.values("aanbieder_id").annotate(n=Count("pk"), o=Count("pk", filter=Q(geen_nieuwe_hulp=False)))
    shares = [p["o"] / p["n"] for p in per if p["n"] >= 25]
    assert len(shares) >= 4
    assert all(0.03 <= s <= 0.4 for s in shares), shares
    assert max(shares) - min(shares) >= 0.05, shares  # it varies between providers


def test_every_indicator_varies_between_providers(regio):
    rows = Uitkomstmeting.objects.filter(is_synthetisch=True).values("aanbieder_id")
    per = rows.annotate(
        n=Count("pk"),
        zonder=Count("pk", filter=Q(zonder_hulp_verder=True)),
        geen=Count("pk", filter=Q(geen_nieuwe_hulp=True)),
        afname=Count("pk", filter=Q(probleem_afgenomen=True)),
        doelen=Count("pk", filter=Q(doelen_behaald="ja")),
        uitval=Count("pk", filter=Q(reden_beeindiging__in=["32", "33"])),
        tevreden=Count("pk", filter=Q(tevredenheid_score__gte=7)),
    )
    groot = [p for p in per if p["n"] >= 40]
    for veld in ("zonder", "geen", "afname", "doelen", "uitval", "tevreden"):
        values = {round(p[veld] / p["n"], 2) for p in groot}
        assert len(values) > 2, veld


def test_invoices_cover_the_life_of_trajectories_across_years(regio):
    regels = Declaratieregel.objects.filter(declaratie__is_synthetisch=True)
    span = regels.aggregate(a=Min("begindatum"), b=Max("begindatum"))
    assert span["b"].year - span["a"].year >= 2
    jaren = set(regels.filter(status=Regelstatus.BETAALD).values_list("begindatum__year", flat=True))
    assert {2024, 2025, 2026} <= jaren
    # a trajectory with a monthly schedule is invoiced in more than one month
    per_toewijzing = regels.values("toewijzing_id").annotate(n=Count("pk")).filter(n__gt=2)
    assert per_toewijzing.exists()
    # refusals stay a minority: the demo providers mostly invoice correctly
    assert regels.filter(status=Regelstatus.AFGEWEZEN).count() < regels.count() * 0.15


def test_legacy_pxq_clients_are_invoiced_per_hour_or_day_part_in_the_demo_year(regio):
    pxq = Declaratieregel.objects.filter(
        declaratie__is_synthetisch=True, bekostiging="inspanning", begindatum__year=2026
    ).exclude(status=Regelstatus.AFGEWEZEN)
    assert pxq.count() > 20
    assert set(pxq.values_list("product__tariefeenheid", flat=True)) >= {"uur", "dagdeel"}
    assert all(r.aantal and r.tarief and r.bedrag == r.aantal * r.tarief for r in pxq[:50])


def test_pxq_assignments_carry_the_unit_tariff_and_their_units_as_volume_agreement(regio):
    """As ``trajecten.services.toewijzing_create``: the budget is the tariff on the start date (for
    P×Q the unit price); the units given are the volume agreement, so the commitment is price × units."""
    pxq = Toewijzing.objects.filter(is_synthetisch=True, product__bekostiging="inspanning").select_related(
        "tarief", "volumeafspraak"
    )
    assert pxq.count() > 20
    for t in pxq:
        assert t.budget == t.tarief.bedrag, t.nummer
        assert t.volumeafspraak.volume == pxq_eenheden(t.startdatum, t.einddatum), t.nummer


def test_inflow_is_steady_up_to_the_build_date(regio):
    per_maand = {
        (y, m): Toewijzing.objects.filter(is_synthetisch=True, startdatum__year=y, startdatum__month=m).count()
        for y, m in [(2026, 6), (2026, 7), (2026, 8), (2026, 9), (2026, 10), (2026, 11)]
    }
    gemiddeld = sum(per_maand.values()) / 6
    assert per_maand[(2026, 11)] >= 0.6 * gemiddeld, per_maand  # no collapse in the last month
    for g in Gemeente.objects.filter(regio__code="ijsselland"):
        assert Toewijzing.objects.filter(gemeente=g, startdatum__gte=dt.date(2026, 6, 1)).exists(), g.naam


def test_only_the_intended_quality_signals(regio):
    open_ = Signaal.objects.filter(status=Signaal.Status.OPEN, soort=Signaal.Soort.KWALITEITSBEWIJS_VERLOOPT)
    assert 1 <= open_.count() <= 6


def test_the_default_region_invoices_every_funding_variant(regio):
    """IJsselland alone shows every funding variant: trajectory installments, legacy P×Q hours and
    day-parts, the lump sum, and the illustrative specialist lot's weekly tariff and arrangement."""
    regels = Declaratieregel.objects.filter(declaratie__is_synthetisch=True).exclude(status=Regelstatus.AFGEWEZEN)
    per_variant = dict(regels.values_list("bekostiging").annotate(n=Count("pk")).order_by())
    assert {"traject", "inspanning", "taak", "week", "arrangement"} <= set(per_variant), per_variant
    assert per_variant["week"] > 20 and per_variant["arrangement"] > 3, per_variant
    assert set(regels.values_list("gemeente__regio__code", flat=True).distinct()) == {"ijsselland"}
    # the specialist lot is bought from a few providers only, under a (synthetic) agreement
    spec = regels.filter(product__inkoopmodel__code="ijsselland-jeugd-specialistisch")
    assert 1 <= spec.values("aanbieder_id").distinct().count() <= 4
    week = spec.filter(bekostiging="week").first()
    assert week.bedrag > 0 and week.product.tariefeenheid == "week"
