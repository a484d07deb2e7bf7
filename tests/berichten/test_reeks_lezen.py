"""What the batch path for start/stop messages reads (``services._Reeks``): a batch of starts reads
the trajectories without their plans and goals (only a stop needs them), the 301s of a batch of
early stops are written with the related rows the batch already read, and both cost no more
statements than before (pinned as upper bounds, per batch); the log is read by its indexes (the
duplicate checks, the client's name for a 301) with the other conditions checked in Python, and
that gives what the query with them gave."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.declaraties import helpers as h
from uitkomst.berichten import services, voorbeeld
from uitkomst.berichten.models import Bericht, Richting, Status
from uitkomst.catalogus.models import Product
from uitkomst.organisaties.models import Gemeente
from uitkomst.trajecten.models import Evaluatie, Toewijzing, Traject

from .helpers import bevinding_codes


def _statements(datas, door):
    with CaptureQueriesContext(connection) as q:
        uit = services.berichten_ontvangen(datas, door=door)
    assert [r.status for r in uit] == ["verwerkt"] * len(datas), [r.bevindingen for r in uit]
    return [s["sql"] for s in q.captured_queries]


def test_a_batch_of_starts_and_stops_costs_a_fixed_number_of_statements(traject_van):
    tws = [traject_van("TR83", gestart=False) for _ in range(7)]
    door = services.systeem()
    services.berichten_ontvangen([voorbeeld.start(tws[0], h.datum(3, 4))], door=door)  # actors exist
    starts = _statements([voorbeeld.start(t, h.datum(3, 4)) for t in tws[1:]], door)
    stops = _statements([voorbeeld.stop(t, h.datum(3, 4), h.datum(6, 30), reden="31") for t in tws[1:]], door)
    # before the starts were read without plan and goals: 29 and 45 statements
    assert len(starts) <= 28, len(starts)
    assert len(stops) <= 45, len(stops)
    assert not any("doel" in s.lower() for s in starts)  # a batch of starts reads no goals
    assert {Traject.objects.get(toewijzing=t).status for t in tws[1:]} == {"beeindigd"}
    assert Evaluatie.objects.filter(traject__toewijzing__in=tws[1:], soort=Evaluatie.Soort.EIND).count() == 6


def test_shared_rows_are_given_to_the_assignments_and_what_is_missing_is_read(traject_van):
    """``_delen``: the municipality the batch read is shared (the same object, no statement); the
    product, provider and purchasing model it did not read are read, one statement each."""
    t = Toewijzing.objects.get(pk=traject_van("TR83", gestart=False).pk)
    gemeente = Gemeente.objects.get(pk=t.gemeente_id)
    gedeeld = {(Gemeente, gemeente.pk): gemeente}
    with CaptureQueriesContext(connection) as q:
        services._delen([t], gedeeld)
    assert len(q) == 3
    with CaptureQueriesContext(connection) as q:
        assert t.gemeente is gemeente
        assert t.product == Product.objects.get(pk=t.product_id) and t.product.productcode_ijw == "45T83"
        assert (t.aanbieder.pk, t.inkoopmodel.pk) == (t.aanbieder_id, t.inkoopmodel_id)
    assert len(q) == 1  # (only the Product read of the assertion)
    assert (Product, t.product_id) in gedeeld


def _gelogd(client, code, richting, status, achternaam, minuten):
    tekst = (
        f"<Bericht><Client><Naam><Geslachtsnaam><Achternaam>{achternaam}</Achternaam></Geslachtsnaam>"
        "<Voorletters>X</Voorletters></Naam><Geslacht>2</Geslacht></Client></Bericht>"
    )
    b = Bericht.objects.create(
        richting=richting,
        berichtcode=code,
        status=status,
        kanaal="intern",
        hash=f"{achternaam}{minuten}",
        xml=tekst,
        aangemaakt_op=timezone.now() + dt.timedelta(minutes=minuten),
    )
    b.clienten.add(client)
    return b


def test_a_301_names_the_client_as_the_latest_processed_incoming_message_did(traject_van):
    """``_client_namen`` (reading the clients' links, the messages' conditions checked in Python): the
    latest processed incoming message of the client that is not a 323 or 317; not an outgoing one, a
    refused one, another client's, or a later 323/317; none: 'Onbekend'."""
    a, b, leeg = (Toewijzing.objects.get(pk=traject_van("TR83", gestart=False).pk).client for _ in range(3))
    _gelogd(a, "JW305", Richting.IN, Status.VERWERKT, "Eerder", 1)
    _gelogd(a, "JW307", Richting.IN, Status.BEANTWOORD, "Juist", 2)
    _gelogd(a, "JW323", Richting.IN, Status.BEANTWOORD, "Declaratie", 3)
    _gelogd(a, "WMO317", Richting.IN, Status.VERWERKT, "Wijziging", 4)
    _gelogd(a, "JW301", Richting.UIT, Status.VERWERKT, "Uitgaand", 5)  # (direction only)
    _gelogd(a, "JW305", Richting.IN, Status.AFGEKEURD, "Afgekeurd", 6)
    _gelogd(b, "JW305", Richting.IN, Status.VERWERKT, "Ander", 7)
    namen = services._client_namen([a.pk, b.pk, leeg.pk])
    assert (namen[a.pk][0].Geslachtsnaam.Achternaam, namen[a.pk][1]) == ("Juist", "2")
    assert namen[b.pk][0].Geslachtsnaam.Achternaam == "Ander"
    assert (namen[leeg.pk][0].Geslachtsnaam.Achternaam, namen[leeg.pk][1]) == (services.ONBEKEND, "0")


def test_a_batch_finds_the_identifications_and_files_of_the_log(traject_van):
    """The duplicate checks of a batch against the log (read by hash, and by sender, kind and
    identification, the other conditions checked in Python): the same file again is a duplicate, an
    identification used before is refused (TR056, 9056), one of a technically refused message may be
    used again (OP286)."""
    a, b, c = (traject_van("TR83", gestart=False) for _ in range(3))
    door = services.systeem()
    eerst = voorbeeld.start(a, h.datum(3, 4), identificatie="ID-A")
    fout = voorbeeld.start(c, h.datum(3, 4), identificatie="ID-B").replace(
        b"BerichtSubversie>2<", b"BerichtSubversie>1<"
    )
    uit = services.berichten_ontvangen([eerst, fout], door=door)
    assert [r.status for r in uit] == ["verwerkt", "afgekeurd"]
    assert uit[1].bericht.telt is False and uit[1].bericht.identificatie == "ID-B"
    uit = services.berichten_ontvangen(
        [
            eerst,
            voorbeeld.start(b, h.datum(3, 4), identificatie="ID-A"),
            voorbeeld.start(c, h.datum(3, 4), identificatie="ID-B"),
        ],
        door=door,
    )
    assert [r.status for r in uit] == ["dubbel", "afgekeurd", "verwerkt"]
    assert bevinding_codes(uit[1]) == {"9056"}
    assert [Traject.objects.get(toewijzing=t).status for t in (a, b, c)] == ["gestart", "toegewezen", "gestart"]
