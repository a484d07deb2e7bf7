"""Invoices submitted at the same moment for the same trajectory never pay more than its budget
(real threads, real transactions: PostgreSQL only; SQLite serialises writers differently)."""

import threading

import pytest
from django.db import connection

from uitkomst.declaraties import services
from uitkomst.declaraties.models import Declaratieregel, Regelstatus

from . import helpers as h
from .helpers import datum


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_gelijktijdige_declaraties_blijven_binnen_het_budget(maak, aanbieder_user):
    if connection.vendor != "postgresql":
        pytest.skip("Echte gelijktijdigheid vraagt PostgreSQL (DATABASE_URL=postgres://...).")
    tw = maak(einde=datum(7, 1))
    n = 6
    barrier = threading.Barrier(n)
    errors = []

    def submit():
        try:
            barrier.wait(timeout=30)
            # no installment given: each invoice claims "the next open installment" at full value
            services.declaratie_indienen(
                aanbieder=aanbieder_user.aanbieder,
                begindatum=datum(1, 1),
                einddatum=datum(7, 31),
                regels=[h.regel(tw, datum(7, 1), datum(7, 1), bedrag=tw.budget / 2)],
                door=aanbieder_user,
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    regels = Declaratieregel.objects.filter(toewijzing=tw)
    assert regels.count() == n
    toegekend = regels.filter(status=Regelstatus.TOEGEKEND)
    assert sorted(toegekend.values_list("termijn", flat=True)) == [1, 2]
    assert sum(x.bedrag for x in toegekend) == tw.budget
    for x in regels.filter(status=Regelstatus.AFGEWEZEN):
        assert {"dubbele_declaratie", "budget_overschreden"} & h.codes(x)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_gelijktijdig_dezelfde_regel_crediteren(maak, aanbieder_user):
    if connection.vendor != "postgresql":
        pytest.skip("Echte gelijktijdigheid vraagt PostgreSQL.")
    tw = maak()
    d = services.declaratie_indienen(
        aanbieder=aanbieder_user.aanbieder,
        begindatum=datum(3, 1),
        einddatum=datum(3, 31),
        regels=[h.regel(tw, datum(3, 3), datum(3, 31))],
        door=aanbieder_user,
    )
    origineel = d.regels.get()
    barrier = threading.Barrier(4)

    def credit():
        try:
            barrier.wait(timeout=30)
            services.regel_crediteren(regel=origineel, door=aanbieder_user)
        finally:
            connection.close()

    threads = [threading.Thread(target=credit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    credits = Declaratieregel.objects.filter(crediteert=origineel)
    assert credits.count() == 4 and credits.filter(status=Regelstatus.TOEGEKEND).count() == 1
