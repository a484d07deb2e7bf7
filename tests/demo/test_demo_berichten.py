"""The demo's message log (``demo.berichten``): the history of a sample of trajectories through the real
message adapters (JW301 written, JW305/JW307 received, checked, processed and answered), dated on the
days of the events they report, every message synthetic, and the newest outgoing ones in the outbox."""

import datetime as dt
from collections import Counter

import pytest
import time_machine

from uitkomst.berichten.models import Bericht, Richting, Status
from uitkomst.demo import berichten as demo_berichten
from uitkomst.demo import services
from uitkomst.trajecten.models import Traject

pytestmark = pytest.mark.django_db
VANDAAG = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


def test_demo_message_history_through_the_real_adapters(reference_models):
    with time_machine.travel(VANDAAG, tick=False):
        services.demo_region_build(clients=300, seed=3)
    alle = Bericht.objects.all()
    assert alle.count() == alle.filter(is_synthetisch=True).count() > 0
    codes = Counter(alle.values_list("berichtcode", flat=True))
    assert codes["JW301"] >= demo_berichten.GESCHIEDENIS
    assert codes["JW305"] >= demo_berichten.GESCHIEDENIS * 0.8 and codes["JW307"] >= 5, codes
    assert codes["JW306"] == codes["JW305"] and codes["JW308"] == codes["JW307"], codes  # every one answered
    assert codes["JW315"] >= 1 and codes["JW323"] >= 1 and codes["JW325"] >= 1, codes
    ontvangen = alle.filter(richting=Richting.IN, berichtcode__in=["JW305", "JW307"])
    assert set(ontvangen.values_list("status", flat=True)) <= {Status.VERWERKT, Status.BEANTWOORD}
    # dated on the day of the event: a start message on the trajectory's start day, and its answer too
    trajecten = {t.toewijzing.nummer: t for t in Traject.objects.select_related("toewijzing")}
    for b in ontvangen.filter(berichtcode="JW305").prefetch_related("antwoorden"):
        dag = b.aangemaakt_op.astimezone(dt.UTC).date()
        assert any(t.gestart_op == dag for t in trajecten.values()), b.pk
        assert all(a.aangemaakt_op == b.aangemaakt_op for a in b.antwoorden.all())
    uit = alle.filter(richting=Richting.UIT)
    assert uit.filter(status=Status.KLAAR).count() == demo_berichten.IN_UITBAK  # the newest wait in the outbox
    assert uit.filter(status=Status.VERZONDEN).exists()
