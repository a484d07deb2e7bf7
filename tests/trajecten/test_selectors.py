"""Waiting times, the choice aid, expected evaluations, and the demo's trajectories."""

import datetime as dt
from collections import Counter

import pytest

from tests.toegang import helpers
from uitkomst.contractering import selectors as contractering
from uitkomst.trajecten import selectors, services
from uitkomst.trajecten.models import Traject

pytestmark = pytest.mark.django_db


def assign(plan, aanbieder, door, start=None):
    return services.toewijzing_create(
        plan=plan, aanbieder=aanbieder, startdatum=start or helpers.today(), keuze_door_client=True, door=door
    )


def test_waiting_times_per_product_and_provider(
    toegang, aanbieder, aanbieder_user, zwolle, ijsselland, make_user, regio
):
    v = helpers.verwijzing(toegang, zwolle, ijsselland, datum=helpers.today() - dt.timedelta(days=10))
    from uitkomst.toegang import services as toegang_services

    plan = toegang_services.gezinsplan_create(verwijzing=v, doelen=["Rust"], door=toegang)
    plan = toegang_services.gezinsplan_profiel_kiezen(
        plan=plan, door=toegang, product=ijsselland.producten.get(code="P01-P"), motivering="m"
    )
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    services.traject_starten(traject=traject, door=aanbieder_user)
    cm = make_user("cm", "regio-contractmanager", regio=regio)
    [row] = selectors.wachttijden(user=cm)
    assert (row.product_code, row.aanbieder_naam, row.aantal) == ("P01-P", aanbieder.naam, 1)
    assert (row.tot_toewijzing, row.tot_acceptatie, row.tot_start) == (10, 0, 0)
    assert selectors.wachttijden(user=make_user("po", "privacy-officer", regio=regio)) == []


def test_choice_aid_lists_only_providers_contracted_on_the_start_date(toegang, aanbieder, zwolle, ijsselland):
    late = helpers.aanbieder("Later")
    helpers.contracteer(late, ijsselland, ingangsdatum=helpers.today() + dt.timedelta(days=60))
    helpers.aanbieder("Nooit")
    product = ijsselland.producten.get(code="P01-P")
    assert list(contractering.gecontracteerde_aanbieders(product=product, datum=helpers.today())) == [aanbieder]
    later = contractering.gecontracteerde_aanbieders(product=product, datum=helpers.today() + dt.timedelta(days=61))
    assert set(later) == {aanbieder, late}


def test_interim_evaluation_due_halfway(plan, aanbieder, aanbieder_user, toegang):
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    services.traject_starten(traject=traject, door=aanbieder_user)
    traject.refresh_from_db()
    assert list(selectors.evaluaties_verwacht(user=aanbieder_user, op=traject.tussenevaluatie_op)) == [traject]
    assert not selectors.evaluaties_verwacht(user=aanbieder_user, op=traject.tussenevaluatie_op - dt.timedelta(days=1))
    services.traject_tussenevaluatie(
        traject=traject, door=aanbieder_user, doelstatussen={d.pk: "deels" for d in plan.doelen.all()}
    )
    assert not selectors.evaluaties_verwacht(user=aanbieder_user, op=traject.tussenevaluatie_op)


def test_demo_builds_trajectories_in_every_state_with_legacy_clients(reference_models):
    from uitkomst.demo import services as demo

    demo.demo_region_build(clients=1500, seed=11)
    states = Counter(Traject.objects.values_list("status", flat=True))
    assert {"toegewezen", "gestart", "beeindigd", "afgesloten", "afgewezen", "ingetrokken"} <= set(states)
    legacy = Traject.objects.filter(inkoopmodel__code=demo.LEGACY_MODEL_CODE)
    assert legacy.exists() and not legacy.filter(status__in=["toegewezen", "geaccepteerd"]).exists()
    moved = legacy.filter(reden_beeindiging="36")
    assert moved.exists()
    assert Traject.objects.filter(toewijzing__vorige__traject__in=moved, inkoopmodel__code=demo.MODEL_CODE).exists()
    # one active trajectory per client per model holds in the demo too
    active = Traject.objects.filter(status__in=["toegewezen", "geaccepteerd", "gestart"], stapeling_toegestaan=False)
    pairs = Counter(active.values_list("client_id", "inkoopmodel_id"))
    assert max(pairs.values()) == 1
    first = Traject.objects.count()
    demo.demo_region_build(clients=1500, seed=11)  # a rebuild replaces, never adds
    assert Traject.objects.count() == first
