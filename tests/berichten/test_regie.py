"""JW305 start / JW307 stop: processing through the transition services, the rules of the standard
with their retourcodes, all-or-nothing, duplicates, and the bad input of the issue."""

import datetime as dt

from tests.declaraties import helpers as h
from uitkomst.berichten import voorbeeld
from uitkomst.berichten.models import Bericht, Levering, Richting, Status
from uitkomst.trajecten.models import StatusWijziging, Traject

from .conftest import ISTANDAARDEN
from .helpers import antwoord, bevinding_codes, codes, ontvang


def _snapshot():
    return (
        list(Traject.objects.values_list("pk", "status", "gestart_op", "beeindigd_op").order_by("pk")),
        StatusWijziging.objects.count(),
        Levering.objects.count(),
    )


def test_start_and_stop_move_the_trajectory(traject_van):
    tw = traject_van("TR83", gestart=False)
    r = ontvang(voorbeeld.start(tw, h.datum(3, 4)))
    assert r.status == "verwerkt" and r.bericht.status == Status.BEANTWOORD
    t = Traject.objects.get(toewijzing=tw)
    assert (t.status, t.gestart_op) == ("gestart", h.datum(3, 4))
    assert codes(antwoord(r.bericht, "306")) == {"0200"}
    assert StatusWijziging.objects.filter(traject=t, door__username__startswith="systeem:berichten:").count() == 2
    r = ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(6, 30), reden="34"))
    assert r.status == "verwerkt", r.bevindingen
    t.refresh_from_db()
    assert (t.status, t.beeindigd_op, t.reden_beeindiging) == ("beeindigd", h.datum(6, 30), "34")
    assert set(t.evaluaties.get().doelstatussen.values_list("status", flat=True)) == {"deels"}
    # the early end is told to the provider with a 301 (RedenWijziging 14, the end date shortened)
    laatste = Bericht.objects.filter(richting=Richting.UIT, berichtcode="JW301").latest("pk")
    assert laatste.toewijzingversies.get().reden_wijziging == "14"


def test_same_message_twice_changes_nothing(traject_van):
    tw = traject_van("TR83", gestart=False)
    data = voorbeeld.start(tw, h.datum(3, 4))
    first = ontvang(data)
    before = (_snapshot(), Bericht.objects.count())
    again = ontvang(data)
    assert again.status == "dubbel" and again.bericht.pk == first.bericht.pk
    assert (_snapshot(), Bericht.objects.count()) == before


def test_same_identification_other_content_is_9056(traject_van):
    tw = traject_van("TR83", gestart=False)
    ontvang(voorbeeld.start(tw, h.datum(3, 4), identificatie="ID-1"))
    before = _snapshot()
    r = ontvang(voorbeeld.start(tw, h.datum(3, 5), identificatie="ID-1"))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"9056"}
    assert _snapshot() == before
    assert codes(antwoord(r.bericht, "306")) == {"9056"}


def test_unknown_or_foreign_assignment_is_9019(traject_van, ander, zwolle):
    tw = traject_van("TR83", gestart=False)
    before = _snapshot()
    r = ontvang(voorbeeld.start(tw, h.datum(3, 4), nummer=999999))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"9019"}
    assert codes(antwoord(r.bericht, "306")) == {"0200", "9019"}
    assert "niet bekend" in r.bevindingen[0]["melding"]
    assert _snapshot() == before


def test_start_outside_the_assignment_or_after_the_end(traject_van):
    tw = traject_van("TR83", gestart=False)
    r = ontvang(voorbeeld.start(tw, tw.einddatum + dt.timedelta(days=1)))
    assert bevinding_codes(r) == {"9019"} and "buiten de toegewezen periode" in r.bevindingen[0]["melding"]
    ended = traject_van("TR82", start=h.datum(3, 3), einde=h.datum(4, 1))
    before = _snapshot()
    r = ontvang(voorbeeld.start(ended, h.datum(4, 10)))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"9019"} and _snapshot() == before


def test_stop_before_its_start_is_9069(traject_van):
    tw = traject_van("TR83", gestart=False)
    before = _snapshot()
    r = ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(5, 1)))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"9069"} and _snapshot() == before


def test_second_start_without_stop_is_9326_and_a_repeat_is_9074(traject_van):
    tw = traject_van("TR83", gestart=False)
    ontvang(voorbeeld.start(tw, h.datum(3, 4)))
    assert bevinding_codes(ontvang(voorbeeld.start(tw, h.datum(3, 10)))) == {"9326"}
    assert bevinding_codes(ontvang(voorbeeld.start(tw, h.datum(3, 4)))) == {"9074"}


def test_temporary_stop_then_definitive(traject_van):
    tw = traject_van("TR83", gestart=False)
    ontvang(voorbeeld.start(tw, h.datum(3, 4)))
    r = ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(4, 1), reden="20"))
    assert r.status == "verwerkt"
    assert Traject.objects.get(toewijzing=tw).status == "gestart"  # a temporary stop does not end it
    assert bevinding_codes(ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(4, 5), reden="20"))) == {"9413"}
    assert bevinding_codes(ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(3, 20), reden="31"))) == {"9414"}
    r = ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(5, 1), reden="31"))
    assert r.status == "verwerkt"
    assert Traject.objects.get(toewijzing=tw).status == "beeindigd"
    assert bevinding_codes(ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(5, 2), reden="33"))) == {"9415"}


def test_deleting_a_start(traject_van):
    tw = traject_van("TR83", gestart=False)
    assert bevinding_codes(ontvang(voorbeeld.start(tw, h.datum(3, 4), status="3"))) == {"9063"}
    ontvang(voorbeeld.start(tw, h.datum(3, 4)))
    r = ontvang(voorbeeld.start(tw, h.datum(3, 4), status="3"))
    assert r.status == "verwerkt"
    assert not Levering.objects.get(toewijzing=tw).actueel
    ontvang(voorbeeld.start(tw, h.datum(3, 4)))  # corrected: delivered again
    ontvang(voorbeeld.stop(tw, h.datum(3, 4), h.datum(4, 1), reden="20"))
    assert bevinding_codes(ontvang(voorbeeld.start(tw, h.datum(3, 4), status="3"))) == {"9071"}


def test_header_refusals(traject_van, aanbieder):
    tw = traject_van("TR83", gestart=False)
    data = voorbeeld.start(tw, h.datum(3, 4))
    r = ontvang(data.replace(b">0193<", b">9999<"))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"S300"}
    r = ontvang(data.replace(aanbieder.agb_code.encode(), b"12121212"))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"IB002"}
    assert not r.bericht.antwoorden.exists()  # no known provider to answer
    toekomst = voorbeeld.start(tw, h.datum(3, 4), dagtekening=dt.date.today() + dt.timedelta(days=3))
    r = ontvang(toekomst)
    assert bevinding_codes(r) == {"8848"} and codes(antwoord(r.bericht, "306")) == {"8848"}
    assert Traject.objects.get(toewijzing=tw).status == "toegewezen"


def test_a_message_the_municipality_sends_itself_is_not_accepted(db):
    r = ontvang((ISTANDAARDEN / "ijw" / "berichten" / "JW301.xml").read_bytes())
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"IB007"}


def test_official_examples_are_refused_cleanly(db):
    """The official examples name municipalities and assignments this installation does not have:
    refused with the standard's codes, logged, nothing crashes."""
    for name in ("JW305.xml", "JW307.xml", "JW323.xml", "JW317.xml", "WMO305.xml", "JW302.xml"):
        r = ontvang((ISTANDAARDEN / ("iwmo" if name.startswith("WMO") else "ijw") / "berichten" / name).read_bytes())
        assert r.bericht is not None and r.status in ("afgekeurd", "verwerkt"), name


def test_all_or_nothing_for_two_products(traject_van, toegang, aanbieder_user):
    """One refused product refuses the whole message: the other product is not started either."""
    from uitkomst.berichten import inhoud as i
    from uitkomst.berichten import xml

    tw = traject_van("TR83", gestart=False)
    c = xml.controleer(voorbeeld.start(tw, h.datum(3, 4)))
    obj = xml.lees(c.root, "JW305")
    obj.Client.StartProducten.append(
        i.StartProduct(ToewijzingNummer=424242, Product=obj.Client.StartProducten[0].Product, Begindatum=h.datum(3, 4))
    )
    r = ontvang(xml.schrijf(obj, "JW305"))
    assert r.status == "afgekeurd"
    assert Traject.objects.get(toewijzing=tw).status == "toegewezen"
    retour = antwoord(r.bericht, "306")
    from .helpers import inhoud

    assert [p.RetourCodes for p in inhoud(retour).Client.StartProducten] == [["0200"], ["9019"]]
