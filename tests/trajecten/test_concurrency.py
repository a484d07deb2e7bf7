"""Two concurrent requests for the same client produce exactly one trajectory (PostgreSQL, threads)."""

import threading

import pytest
from django.db import connection, connections

from tests.toegang import helpers
from uitkomst.utils.errors import Conflict

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real row locks (run with DATABASE_URL=postgres://...)")


@pytest.fixture
def setup(db):
    from uitkomst.accounts.services import gebruiker_create, load_roles
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    zwolle = Gemeente.objects.get(cbs_code="0193")
    user = gebruiker_create(
        username="tz", password="x" * 12, rol_code="gemeente-toegang", gemeente=zwolle, check_password=False
    )
    a, b = helpers.aanbieder("A"), helpers.aanbieder("B")
    helpers.contracteer(a, model)
    helpers.contracteer(b, model)
    return user, zwolle, model, a, b


def race(calls):
    barrier = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Conflict as exc:
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.parametrize("same_plan", [False, True])
def test_two_concurrent_assignments_make_exactly_one_trajectory(setup, same_plan):
    from uitkomst.trajecten import services
    from uitkomst.trajecten.models import Traject

    user, zwolle, model, a, b = setup
    first = helpers.plan(user, zwolle, model, productcode="P01-P")
    second = first if same_plan else helpers.plan(user, zwolle, model, productcode="P02-P")
    assert first.client_id == second.client_id

    def assign(plan, aanbieder):
        return lambda: services.toewijzing_create(
            plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=user
        )

    for _ in range(3):  # repeat: the race must never let two through
        Traject.objects.all().delete()
        results = race([assign(first, a), assign(second, b)])
        conflicts = [r for r in results if isinstance(r, Conflict)]
        assert len(results) == 2 and len(conflicts) == 1, results
        assert conflicts[0].code == "stapeling"
        assert Traject.objects.filter(client_id=first.client_id, status="toegewezen").count() == 1
