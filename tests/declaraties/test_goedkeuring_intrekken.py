"""Issue 14, undo where the domain allows it: finance withdraws the approval of a line that is not yet
in a payment run (approved -> waiting again); once paid the approval stands (a credit line corrects)."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from uitkomst.declaraties import services
from uitkomst.declaraties.models import Regelstatus
from uitkomst.utils.errors import DomainError, NotAllowed

from . import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def regel(aanbieder_user, toegang, zwolle):
    tw = h.traject(
        toegang_user=toegang, aanbieder_user=aanbieder_user, gemeente=zwolle,
        model_code="ijsselland-jeugd-2018", productcode="P01-P", start=h.datum(3, 3),
    )  # fmt: skip
    d = services.declaratie_indienen(
        aanbieder=aanbieder_user.aanbieder, begindatum=h.datum(3, 1), einddatum=h.datum(3, 31),
        regels=[h.regel(tw, h.datum(3, 3), h.datum(3, 31), termijn=1)], door=aanbieder_user,
    )  # fmt: skip
    x = d.regels.get()
    assert x.status == Regelstatus.TOEGEKEND
    return x


def test_finance_withdraws_an_approval_on_the_page_until_the_line_is_paid(client, regel, financien):
    services.regels_goedkeuren(regels=[regel], door=financien)
    regel.refresh_from_db()
    assert regel.status == Regelstatus.GOEDGEKEURD and regel.goedgekeurd_door == financien
    assert client.login(username=financien.username, password=PASSWORD)
    detail = reverse("declaraties:detail", args=[regel.declaratie.uuid])
    knop = reverse("declaraties:goedkeuring-intrekken", args=[regel.uuid])
    assert knop in client.get(detail).content.decode()  # the button is on the invoice page

    r = client.post(knop, follow=True)
    regel.refresh_from_db()
    assert regel.status == Regelstatus.TOEGEKEND
    assert regel.goedgekeurd_door is None and regel.goedgekeurd_op is None
    html = r.content.decode()
    assert "ingetrokken" in html and knop not in html  # nothing left to undo: no button
    assert regel.kenmerk in client.get(reverse("declaraties:beoordelen")).content.decode()  # waits again
    with pytest.raises(DomainError) as err:
        services.goedkeuring_intrekken(regel=regel, door=financien)
    assert err.value.code == "niet_goedgekeurd"

    services.regels_goedkeuren(regels=[regel], door=financien)
    ronde = services.betaalronde_maken(door=financien)
    regel.refresh_from_db()
    assert regel.status == Regelstatus.BETAALD and regel.betaalronde == ronde
    assert knop not in client.get(detail).content.decode()
    with pytest.raises(DomainError) as err:
        services.goedkeuring_intrekken(regel=regel, door=financien)
    assert err.value.code == "al_betaald" and err.value.status == 409
    r = client.post(knop, follow=True)
    assert "zit al in een betaalronde" in r.content.decode()
    regel.refresh_from_db()
    assert regel.status == Regelstatus.BETAALD and regel.betaalronde == ronde  # unchanged


def test_only_the_paying_municipality_may_withdraw(regel, financien, financien_kampen, aanbieder_user):
    services.regels_goedkeuren(regels=[regel], door=financien)
    for user in (financien_kampen, aanbieder_user):
        with pytest.raises(NotAllowed):
            services.goedkeuring_intrekken(regel=regel, door=user)
    regel.refresh_from_db()
    assert regel.status == Regelstatus.GOEDGEKEURD
