"""Issue 14 (6): access without surprises: running care shown on the referral, change instead of
stacking, the exception path with four eyes, and the GP's short referral without a purchasing model."""

import pytest
from django.urls import reverse

from uitkomst.toegang.models import Verwijzing
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import StapelingUitzondering, Traject
from uitkomst.utils.errors import DomainError

from . import helpers


@pytest.fixture
def lopend(toegang, plan, aanbieder):
    t = trajecten.toewijzing_create(
        plan=plan, aanbieder=aanbieder, startdatum=helpers.today(), keuze_door_client=True, door=toegang
    )
    return t.traject


@pytest.fixture
def tweede(toegang, zwolle, ijsselland, lopend):
    return helpers.verwijzing(toegang, zwolle, ijsselland)  # same BSN: the same client


def test_referral_shows_running_care_with_the_way_out(client, toegang, tweede, lopend):
    client.force_login(toegang)
    html = client.get(reverse("toegang:verwijzing-detail", args=[tweede.uuid])).content.decode()
    assert 'id="lopende-zorg"' in html and lopend.aanbieder.naam in html
    assert reverse("toegang:lopende-zorg", args=[tweede.uuid]) in html


def test_referral_without_running_care_shows_no_warning(client, toegang, zwolle, ijsselland):
    v = helpers.verwijzing(toegang, zwolle, ijsselland, bsn="123456782")
    client.force_login(toegang)
    html = client.get(reverse("toegang:verwijzing-detail", args=[v.uuid])).content.decode()
    assert 'id="lopende-zorg"' not in html


def test_change_the_existing_assignment_instead_of_stacking(client, toegang, tweede, lopend, ijsselland):
    client.force_login(toegang)
    p02 = ijsselland.producten.get(code="P02-P")
    response = client.post(
        reverse("toegang:lopende-zorg", args=[tweede.uuid]),
        {"actie": "wijzigen", "traject": str(lopend.uuid), "product": str(p02.uuid), "motivering": "Andere vraag"},
    )
    lopend.refresh_from_db()
    nieuw = Traject.objects.get(client=lopend.client, status="toegewezen")
    assert response.status_code == 302 and response.url == reverse("trajecten:detail", args=[nieuw.uuid])
    assert lopend.status == "ingetrokken" and nieuw.product == p02 and nieuw.toewijzing.vorige == lopend.toewijzing


def test_exception_needs_a_reason_and_a_second_access_worker(client, toegang, collega, tweede, lopend, ijsselland):
    url = reverse("toegang:lopende-zorg", args=[tweede.uuid])
    client.force_login(toegang)
    client.post(url, {"actie": "aanvragen", "reden": ""})
    assert not StapelingUitzondering.objects.exists()
    client.post(url, {"actie": "aanvragen", "reden": "Crisisplek naast de lopende behandeling"})
    u = StapelingUitzondering.objects.get()
    assert u.aangevraagd_door == toegang and u.goedgekeurd_op is None
    client.post(url, {"actie": "goedkeuren", "uitzondering": u.pk})  # own request: refused
    u.refresh_from_db()
    assert u.goedgekeurd_op is None
    client.force_login(collega)
    client.post(url, {"actie": "goedkeuren", "uitzondering": u.pk})
    u.refresh_from_db()
    assert u.goedgekeurd_door == collega


def test_exception_service_codes(toegang, collega, lopend, ijsselland, zwolle):
    client_ = lopend.client
    with pytest.raises(DomainError) as err:
        trajecten.stapeling_uitzondering_aanvragen(client=client_, inkoopmodel=ijsselland, reden=" ", door=toegang)
    assert err.value.code == "reden_ontbreekt"
    u = trajecten.stapeling_uitzondering_aanvragen(client=client_, inkoopmodel=ijsselland, reden="Crisis", door=toegang)
    with pytest.raises(DomainError) as err:
        trajecten.stapeling_uitzondering_aanvragen(
            client=client_, inkoopmodel=ijsselland, reden="Nog een", door=toegang
        )
    assert err.value.code == "uitzondering_al_aangevraagd"
    with pytest.raises(DomainError) as err:
        trajecten.stapeling_uitzondering_goedkeuren(uitzondering=u, door=toegang)
    assert err.value.code == "eigen_goedkeuring"


def test_gp_short_referral_asks_no_purchasing_model(client, huisarts, zwolle, ijsselland):
    client.force_login(huisarts)
    url = reverse("toegang:verwijzing-nieuw")
    html = client.get(url).content.decode()
    assert 'name="inkoopmodel"' not in html
    response = client.post(
        url, {"bsn": "111222333", "geboortedatum": "2014-05-01", "gemeente": zwolle.pk, "toelichting": "Angst"}
    )
    v = Verwijzing.objects.get()
    assert response.status_code == 302 and v.is_verkort and v.inkoopmodel == ijsselland  # not the P×Q model
