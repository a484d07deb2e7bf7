"""Receiving a batch of files in one transaction (``services.berichten_ontvangen``): each message keeps
its own outcome, a refused message changes nothing, and a message that raises is retried on its own."""

from tests.declaraties import helpers as h
from uitkomst.berichten import services, voorbeeld
from uitkomst.berichten.models import Bericht, Richting
from uitkomst.trajecten.models import StatusWijziging, Traject

from .helpers import bevinding_codes


def test_each_message_of_a_batch_has_its_own_outcome(traject_van):
    tw1 = traject_van("TR83", gestart=False)
    tw2 = traject_van("TR83", gestart=False)
    start = voorbeeld.start(tw1, h.datum(3, 4))
    voor = StatusWijziging.objects.filter(traject__toewijzing=tw2).count()
    uit = services.berichten_ontvangen(
        [
            (start, "a.xml"),
            (start, "b.xml"),  # the same file again in the same batch
            voorbeeld.stop(tw2, h.datum(3, 4), h.datum(6, 30), reden="34"),  # stop before its start
            b"<niet-af",
        ],
        door=services.systeem(),
    )
    assert [r.status for r in uit] == ["verwerkt", "dubbel", "afgekeurd", "afgekeurd"]
    assert uit[1].bericht.pk == uit[0].bericht.pk
    assert "9069" in bevinding_codes(uit[2])
    assert Traject.objects.get(toewijzing=tw1).status == "gestart"
    assert Traject.objects.get(toewijzing=tw2).status == "toegewezen"
    assert StatusWijziging.objects.filter(traject__toewijzing=tw2).count() == voor
    assert Bericht.objects.filter(richting=Richting.IN).count() == 3  # the duplicate is not logged again
    assert uit[0].bericht.bestandsnaam == "a.xml"


def test_a_message_that_raises_is_retried_alone(traject_van, monkeypatch):
    tw1 = traject_van("TR83", gestart=False)
    tw2 = traject_van("TR83", gestart=False)
    echt, keer = services._start, []

    def hapert(bericht, *args):
        keer.append(bericht.pk)
        if len(keer) == 2:  # the second message fails once, inside the batch
            raise RuntimeError("kapot")
        return echt(bericht, *args)

    monkeypatch.setattr(services, "_start", hapert)
    uit = services.berichten_ontvangen(
        [voorbeeld.start(tw1, h.datum(3, 4)), voorbeeld.start(tw2, h.datum(3, 4))], door=services.systeem()
    )
    assert [r.status for r in uit] == ["verwerkt", "verwerkt"]
    assert set(Traject.objects.filter(toewijzing__in=[tw1, tw2]).values_list("status", flat=True)) == {"gestart"}
    assert Bericht.objects.filter(richting=Richting.IN, berichtcode="JW305").count() == 2


def test_a_message_that_keeps_raising_is_returned_as_its_exception(traject_van, monkeypatch):
    tw1 = traject_van("TR83", gestart=False)
    tw2 = traject_van("TR83", gestart=False)
    echt = services._start

    def hapert(bericht, *args):
        if bericht.identificatie == "KAPOT":
            raise RuntimeError("kapot")
        return echt(bericht, *args)

    monkeypatch.setattr(services, "_start", hapert)
    uit = services.berichten_ontvangen(
        [voorbeeld.start(tw1, h.datum(3, 4)), voorbeeld.start(tw2, h.datum(3, 4), identificatie="KAPOT")],
        door=services.systeem(),
    )
    assert uit[0].status == "verwerkt" and isinstance(uit[1], RuntimeError)
    assert Traject.objects.get(toewijzing=tw1).status == "gestart"
    assert Traject.objects.get(toewijzing=tw2).status == "toegewezen"
