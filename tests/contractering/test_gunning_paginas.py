"""The pages of competitive procedures (issue 17): the procedure with its criteria, the provider's tender
form, the score matrix, the ranking and the award decision with its reasons."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from uitkomst.contractering.models import Inschrijving, Raamovereenkomst, Score

from .test_gunning_scenarios import aanbesteding, inschrijven, scoor

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def a(model, product):
    return aanbesteding(model, [product], max_aanbieders=1)


@pytest.fixture
def twee(make_aanbieder):
    return [make_aanbieder("Thuis Plus (fictief)"), make_aanbieder("Zorg Dichtbij (fictief)")]


@pytest.fixture
def aanbieder_user(make_user, twee, regio):
    return make_user("thuisplus", "aanbieder", aanbieder=twee[0], regio=regio)


@time_machine.travel(D(2025, 3, 10), tick=False)
def test_provider_sees_criteria_and_tenders_in_the_page(client, aanbieder_user, a):
    client.force_login(aanbieder_user)
    url = reverse("contractering:aanbesteding-detail", args=[a.uuid])
    html = client.get(url).content.decode()
    assert 'id="criteria"' in html and "Plan van aanpak" in html and "40%" in html
    assert "Inschrijven als Thuis Plus (fictief)" in html and 'id="scorematrix"' not in html
    r = client.post(url, {"actie": "inschrijven", "toelichting": "Ons plan"})
    assert r.status_code == 302
    assert Inschrijving.objects.get().ingediend_door == aanbieder_user
    html = client.get(url).content.decode()
    assert "Uw inschrijving" in html and "zodra over de gunning is besloten" in html
    html = client.get(reverse("contractering:aanbestedingen")).content.decode()
    assert "Ondersteuning thuis" in html


def test_contract_manager_scores_ranks_and_awards_in_the_page(client, contractmanager, a, twee):
    t = [inschrijven(a, x) for x in twee]
    client.force_login(contractmanager)
    url = reverse("contractering:aanbesteding-detail", args=[a.uuid])
    with time_machine.travel(D(2025, 4, 2), tick=False):
        html = client.get(url).content.decode()
        assert 'id="scorematrix"' in html and "nog niet gescoord" not in html  # inputs, not text
        # a score outside the scale: refused with the Dutch message, typed values kept, nothing saved
        post = {"actie": "scores", f"score-{t[0].pk}-{a.criteria.first().pk}": "12"}
        r = client.post(url, post)
        assert r.status_code == 400 and "van 0 tot en met 10 punten" in r.content.decode()
        assert 'value="12"' in r.content.decode() and not Score.objects.exists()
        r = client.post(url, {"actie": "gunnen"})
        assert r.status_code == 400 and "elk gunningscriterium is gescoord" in r.content.decode()
        post = {"actie": "scores"}
        for i, p in zip(t, (8, 6), strict=True):
            for c in a.criteria.all():
                post[f"score-{i.pk}-{c.pk}"] = str(p)
        assert client.post(url, post).status_code == 302
        html = client.get(url).content.decode()
        assert 'id="rangschikking"' in html and "80,00" in html and "60,00" in html
        assert client.post(url, {"actie": "gunnen", "toelichting": "Besluit"}).status_code == 302
        html = client.get(url).content.decode()
        assert 'id="besluit"' in html and "Rang 2 van 2, 60,00 van 100 punten" in html
        assert "23-04-2025" not in html and "22-04-2025" in html
    with time_machine.travel(D(2025, 4, 23), tick=False):
        assert client.post(url, {"actie": "definitief"}).status_code == 302
    assert Raamovereenkomst.objects.get().aanbieder == twee[0]


def test_provider_cannot_post_scores(client, aanbieder_user, a, twee):
    i = inschrijven(a, twee[0])
    client.force_login(aanbieder_user)
    url = reverse("contractering:aanbesteding-detail", args=[a.uuid])
    with time_machine.travel(D(2025, 4, 2), tick=False):
        r = client.post(url, {"actie": "scores", f"score-{i.pk}-{a.criteria.first().pk}": "10"})
    assert r.status_code == 403 and not Score.objects.exists()


def test_provider_sees_its_reasons_after_the_decision(client, systeem, aanbieder_user, a, twee):
    from uitkomst.contractering import services

    t = [inschrijven(a, x) for x in twee]
    scoor(a, t[0], {"plan": 5, "samenwerking": 5, "prijs": 5})
    scoor(a, t[1], {"plan": 9, "samenwerking": 9, "prijs": 9})
    services.gunnen(aanbesteding=a, door=systeem, besloten_op=D(2025, 4, 2))
    client.force_login(aanbieder_user)
    html = client.get(reverse("contractering:aanbesteding-detail", args=[a.uuid])).content.decode()
    assert "afgewezen" in html and "Rang 2 van 2" in html and "Zorg Dichtbij" not in html


def test_anonymous_is_sent_to_login(client, a):
    r = client.get(reverse("contractering:aanbesteding-detail", args=[a.uuid]))
    assert r.status_code == 302 and "inloggen" in r["Location"]
