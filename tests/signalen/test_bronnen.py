"""Every source writes its signal into the one signal centre, in the region of its fact."""

import datetime as dt

import pytest

from tests.toegang import helpers as th
from tests.uitkomsten import helpers as h
from uitkomst.contractering import services as contractering
from uitkomst.signalen.models import Signaal
from uitkomst.sturing import services as sturing
from uitkomst.trajecten import services as trajecten
from uitkomst.utils.errors import Conflict

pytestmark = pytest.mark.django_db


def test_each_source_raises_its_signal(toegang, collega, aanbieder_user, tweede_user, financien, systeem, zwolle,
                                       ijsselland, settings):  # fmt: skip
    aanbieder = aanbieder_user.aanbieder
    # trajecten: a decline, a refused second trajectory (stacking), an overdue acceptance
    geweigerd = h.traject(toegang, zwolle, ijsselland, aanbieder)
    trajecten.traject_afwijzen(traject=geweigerd, reden="onveilig", door=aanbieder_user)
    lopend = h.traject(toegang, zwolle, ijsselland, aanbieder, bsn_=th.BSNS[0])
    tweede = th.plan(toegang, zwolle, ijsselland, productcode="P02-P", bsn=th.BSNS[0])
    with pytest.raises(Conflict) as err:
        trajecten.toewijzing_create(plan=tweede, aanbieder=aanbieder, door=toegang, startdatum=th.today(),
                                    keuze_door_client=True)  # fmt: skip
    assert err.value.code == "stapeling"
    te_laat = lopend.toewijzing.accepteren_voor + dt.timedelta(days=1)
    assert trajecten.signalen_acceptatie_controleren(op=te_laat, door=systeem) == 1
    # sturing: segment C, a long wait, a forecast above the ceiling, an outcome outlier
    duur = h.traject(toegang, zwolle, ijsselland, aanbieder, productcode="P09-I")
    if duur.toewijzing.goedkeuring == "wacht":
        trajecten.toewijzing_goedkeuren(toewijzing=duur.toewijzing, door=collega)
    sturing.budgetplafond_vaststellen(gemeente=zwolle, jaar=th.today().year, bedrag="1000", door=financien)
    for _ in range(12):
        h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden="32", score=3)
    for _ in range(40):
        h.gemeten(toegang, tweede_user, zwolle, ijsselland, reden="31", score=9)
    # contractering: expired evidence for a requirement of the model
    eis = contractering.kwaliteitseis_save(code="vog", naam="VOG", inkoopmodel=ijsselland, door=systeem)
    bewijs = contractering.kwaliteitsbewijs_add(
        aanbieder=aanbieder, kwaliteitseis=eis, omschrijving="VOG 2023", door=systeem,
        geldig_van=th.today() - dt.timedelta(days=400), geldig_tot=th.today() - dt.timedelta(days=1),
    )  # fmt: skip
    settings.WACHTTIJD_SIGNAAL_DAGEN = 0
    sturing.signalen_verversen(op=th.today() + dt.timedelta(days=1), door=systeem)

    def een(soort, **kw):
        s = Signaal.objects.get(soort=soort, **kw)
        assert s.regio == zwolle.regio and s.status == "open" and s.titel and s.omschrijving, soort
        return s

    assert een("afwijzing").sleutel == f"traject:{geweigerd.uuid}"
    assert een("stapeling", sleutel__startswith="poging:").traject_uuid == str(lopend.uuid)
    assert een("acceptatie_overschreden", onderwerp_id=str(lopend.uuid)).gemeente == zwolle
    assert een("segment_c").traject_uuid == str(duur.uuid)
    assert een("lange_wachttijd", onderwerp_id=str(duur.uuid)).aanbieder == aanbieder
    assert een("budget").sleutel == f"gemeente:{zwolle.pk}:{th.today().year}"
    assert een("uitkomst_afwijkend", aanbieder=aanbieder, sleutel__startswith="uitval_breed:").gemeente is None
    kwaliteit = een("kwaliteitsbewijs_verloopt")
    assert (kwaliteit.aanbieder, kwaliteit.onderwerp_id) == (aanbieder, str(bewijs.pk))
    assert set(Signaal.objects.values_list("soort", flat=True)) == set(Signaal.Soort.values)


def test_the_demo_region_raises_signals_through_the_same_services(reference_models):
    from uitkomst.demo import services as demo

    demo.demo_region_build(clients=300, seed=2018)
    signalen = list(Signaal.objects.select_related("gemeente"))
    assert signalen and {s.regio.code for s in signalen} == {"ijsselland"}
    assert all(s.gemeente is None or s.gemeente.regio_id == s.regio_id for s in signalen)
    soorten = {s.soort for s in signalen}
    assert {"afwijzing", "segment_c", "budget", "kwaliteitsbewijs_verloopt"} <= soorten, soorten
    afwijzingen = [s for s in signalen if s.soort == "afwijzing"]
    assert all(s.aangemaakt_op.date() <= th.today() and s.onderwerp_type == "traject" for s in afwijzingen)
