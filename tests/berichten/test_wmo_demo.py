"""The Wmo demo of Zwolle (issue 17): built through the real services and message reader, synthetic,
every message valid, the aid invoiced twice refused, and a second build changes nothing."""

import pytest

from tests.declaraties import helpers as h
from uitkomst.berichten import xml
from uitkomst.berichten.models import Bericht, Prestatie, Richting, Status
from uitkomst.declaraties.models import Declaratieregel, Lumpsumafspraak, Regelstatus
from uitkomst.demo import wmo_producten
from uitkomst.trajecten.models import Toewijzing, Traject

pytestmark = pytest.mark.django_db


def _stand():
    return (
        Toewijzing.objects.count(),
        Bericht.objects.count(),
        Declaratieregel.objects.count(),
        Lumpsumafspraak.objects.count(),
    )


def test_the_wmo_demo_builds_assignments_messages_and_invoices(reference_models):
    wmo_producten.bouwen(h.JAAR)
    tws = Toewijzing.objects.filter(inkoopmodel__code=wmo_producten.MODEL_CODE)
    assert tws.count() == len(wmo_producten.CASUSSEN) and not tws.filter(is_synthetisch=False).exists()
    assert {t.product.code for t in tws} == {c.product for c in wmo_producten.CASUSSEN}
    assert all(t.aanbieder.is_synthetisch and "(fictief)" in t.aanbieder.naam for t in tws)
    assert all(t.client.is_synthetisch and t.client.gemeente.cbs_code == "0193" for t in tws)
    berichten = Bericht.objects.filter(standaard="iwmo")
    assert not berichten.filter(is_synthetisch=False).exists()
    soorten = set(berichten.values_list("berichtcode", flat=True))
    assert {"WMO301", "WMO305", "WMO306", "WMO307", "WMO308", "WMO323", "WMO325"} <= soorten
    for b in berichten:
        assert b.status not in (Status.AFGEKEURD,), (b.berichtcode, b.bevindingen)
        assert xml.controleer(xml.origineel(b.xml)).geldig, b.berichtcode
    assert berichten.filter(richting=Richting.UIT, berichtcode="WMO301").count() >= tws.count()
    # the scooter bought in March and invoiced again in April: refused once, with 9322
    scoot = tws.get(product__code="HM-KOOP-SCOOTMOBIEL")
    regels = Declaratieregel.objects.filter(toewijzing=scoot).order_by("begindatum")
    assert [r.status for r in regels] == [Regelstatus.TOEGEKEND, Regelstatus.AFGEWEZEN]
    assert {x["code"] for x in regels[1].redenen} == {"hulpmiddel_al_betaald"}
    assert Prestatie.objects.get(toewijzing=scoot, toegekend=False).retourcodes == ["9322"]
    # every other month invoiced is paid: one line per month per assignment
    for c in wmo_producten.CASUSSEN:
        if c.product == "HM-KOOP-SCOOTMOBIEL":
            continue
        tw = tws.get(product__code=c.product)
        assert Declaratieregel.objects.filter(toewijzing=tw, status=Regelstatus.TOEGEKEND).count() == len(c.maanden)
        traject = Traject.objects.get(toewijzing=tw)
        assert traject.status == ("beeindigd" if c.stop else "gestart")
    assert Lumpsumafspraak.objects.filter(product__code="VV-REGIO", is_synthetisch=True).count() == 1
    voor = _stand()
    wmo_producten.bouwen(h.JAAR)  # idempotent
    assert _stand() == voor
