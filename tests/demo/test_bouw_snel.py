"""The demo build's shortcuts must give the very data of the long way (same seed, same region, issue
13): weighted draws with the sums worked out once, and ``auto_now`` columns converted without the
field's machinery."""

import datetime as dt
import random

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from uitkomst.demo import schrijven, toegang
from uitkomst.toegang.models import Client

NU = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC)  # the night the clocks go forward in Amsterdam


@pytest.mark.parametrize(
    "paren",
    [toegang.EIND_REDENEN, toegang.EIND_REDENEN[1:], [("a", 55 + 15 * 0.37), ("b", 30), ("c", 15 - 8 * 0.37)]],
    ids=["eindredenen", "vroeg", "doelen-met-kwaliteit"],
)
def test_a_drawer_draws_what_weighted_draws(paren):
    kies = toegang._trekker(paren)
    een, twee = random.Random(2018), random.Random(2018)
    assert [kies(een) for _ in range(2000)] == [toegang._weighted(twee, paren) for _ in range(2000)]
    assert een.random() == twee.random()  # and leaves the generator where it left it


@pytest.mark.django_db
def test_auto_now_converter_matches_the_field_adapter():
    f = Client._meta.get_field("aangemaakt_op")
    assert f.auto_now_add
    _, auto = schrijven._omzetters(schrijven._kolommen(Client, True)[1])
    ((_, veld, conv),) = auto
    assert veld is f
    for waarde in (NU, timezone.make_aware(dt.datetime(2026, 10, 25, 2, 30)), None):
        assert conv(waarde) == f.get_db_prep_save(waarde, connection)


@pytest.mark.django_db
def test_dicts_give_an_auto_now_column_the_time_now():
    from uitkomst.organisaties.models import Gemeente

    gemeente = Gemeente.objects.order_by("pk").first()
    rij = {"bsn_versleuteld": "x", "bsn_pseudoniem": "p-bouw-1", "geboortedatum": dt.date(2015, 1, 5)}
    with time_machine.travel(NU, tick=False):
        schrijven.dicts(Client, [{**rij, "gemeente_id": gemeente.pk}])
    assert Client.objects.get(bsn_pseudoniem="p-bouw-1").aangemaakt_op == NU
