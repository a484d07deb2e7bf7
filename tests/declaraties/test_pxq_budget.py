"""The page of an effort-based (P×Q) assignment shows its unit tariff, the agreed volume and the total
(the commitment of the steering summary), not the unit tariff as if it were the budget."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from uitkomst.declaraties import selectors
from uitkomst.declaraties import services as declaraties

from . import helpers as h

pytestmark = pytest.mark.django_db
PXQ = "ijsselland-jeugd-pxq-overgang"


@pytest.fixture
def pxq(toegang, aanbieder_user, zwolle):
    with time_machine.travel(dt.datetime(2019, 5, 10, 10, tzinfo=dt.UTC), tick=False):
        h.contracteer(aanbieder_user.aanbieder, PXQ, ingangsdatum=dt.date(2019, 1, 1))
        return h.traject(
            toegang_user=toegang, aanbieder_user=aanbieder_user, gemeente=zwolle, model_code=PXQ,
            productcode="45A01", start=dt.date(2019, 3, 1), einddatum=dt.date(2019, 12, 31),
        )  # fmt: skip


def test_a_pxq_assignment_shows_tariff_volume_and_total(client, toegang, aanbieder_user, pxq):
    assert pxq.budget == Decimal("62.50")  # the service keeps the unit tariff as the budget
    b = selectors.pxq_budget(user=toegang, toewijzing=pxq)
    assert (b.tarief, b.eenheid, b.volume, b.volume_eenheid, b.totaal) == (
        Decimal("62.50"),
        "per uur",
        None,
        "uur",
        None,
    )
    declaraties.volume_vastleggen(toewijzing=pxq, volume=Decimal(40), door=toegang)
    b = selectors.pxq_budget(user=aanbieder_user, toewijzing=pxq)
    assert (b.volume, b.totaal) == (Decimal(40), Decimal("2500.00"))

    client.force_login(aanbieder_user)
    html = client.get(reverse("trajecten:detail", args=[pxq.traject.uuid])).content.decode()
    assert "€ 62,50 per uur" in html.replace("\xa0", " ")
    assert "40 uur" in html and "€ 2.500,00" in html.replace("\xa0", " ")
    assert "Budget (tarief × volume)" in html


def test_other_funding_forms_and_other_providers_get_no_pxq_budget(maak, toegang, ander_user, pxq):
    tw = maak("P01-P")
    assert selectors.pxq_budget(user=toegang, toewijzing=tw) is None  # a trajectory price
    assert selectors.pxq_budget(user=ander_user, toewijzing=pxq) is None  # not its assignment


def test_without_an_agreed_volume_the_page_says_so(client, aanbieder_user, pxq):
    client.force_login(aanbieder_user)
    html = client.get(reverse("trajecten:detail", args=[pxq.traject.uuid])).content.decode()
    assert "nog niet vastgelegd" in html and "volgt als het volume is vastgelegd" in html
