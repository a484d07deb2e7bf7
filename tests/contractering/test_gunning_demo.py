"""The demo of issue 17's selected set: Zwolle's integral home support, synthetic and idempotent."""

import pytest

from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.contractering.models import Aanbesteding, Inschrijving, Onderaanneming, Raamovereenkomst
from uitkomst.demo import wmo_gunning

pytestmark = pytest.mark.django_db


@pytest.fixture
def wmo_model(reference_models):
    model = Inkoopmodel.objects.filter(code=wmo_gunning.MODEL).first()
    if model is None:
        pytest.skip("the Wmo reference model zwolle-wmo-maatwerk is not in the catalogue yet")
    return model


def test_demo_builds_a_finished_award_once(wmo_model):
    a = wmo_gunning.bouwen(2026)
    assert a is not None and a.status == "gegund" and a.is_synthetisch
    assert sum(c.weging for c in a.criteria.all()) == 100
    inschrijvingen = Inschrijving.objects.filter(aanbesteding=a)
    assert inschrijvingen.count() == 14 and all("(fictief)" in i.aanbieder.naam for i in inschrijvingen)
    assert all(i.aanbieder.is_synthetisch and i.besluit_reden for i in inschrijvingen)
    gegund = inschrijvingen.filter(status="gegund")
    assert gegund.count() == 9 and inschrijvingen.filter(status="afgewezen").count() == 5
    assert sorted(gegund.values_list("rang", flat=True)) == [1, 1, 3, 4, 5, 6, 7, 8, 9]
    overeenkomsten = Raamovereenkomst.objects.filter(procedure=a.procedure)
    assert overeenkomsten.count() == 9 and all(o.is_synthetisch for o in overeenkomsten)
    assert {p.profiel.code for o in overeenkomsten for p in o.producten.all()} == {"OT"}
    onder = Onderaanneming.objects.get(raamovereenkomst__procedure=a.procedure)
    assert onder.onderaannemer.inschrijvingen.get().status == "afgewezen"
    assert wmo_gunning.bouwen(2026) == a  # idempotent
    assert Aanbesteding.objects.count() == 1 and Raamovereenkomst.objects.filter(procedure=a.procedure).count() == 9


def test_demo_without_the_wmo_model_builds_nothing(db):
    Inkoopmodel.objects.filter(code=wmo_gunning.MODEL).update(code="elders")
    assert wmo_gunning.bouwen(2026) is None and not Aanbesteding.objects.exists()
