"""The batch path for start/stop messages (``services._Reeks``): a batch gives exactly the outcome of
the same files received one by one (log, findings, retour, trajectory history, deliveries, end
evaluation), also with a refused message in the middle and a duplicate inside the batch, and it
reads and writes with a number of queries that does not grow with the number of messages."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.declaraties import helpers as h
from uitkomst.berichten import services, voorbeeld
from uitkomst.berichten.models import Bericht, Levering, Richting, Toewijzingversie
from uitkomst.trajecten.models import Evaluatie, StatusWijziging, Toewijzing, Traject
from uitkomst.utils import overgangen
from uitkomst.utils.errors import Conflict

from .helpers import antwoord, bevinding_codes, codes


def _bestanden(tws, ident):
    """Start a and b, a stop of c before its start (refused), b again (a duplicate file), a
    start of d reusing the identification of a's start (TR056), then a stop of a."""
    a, b, c, d = tws
    start_b = voorbeeld.start(b, h.datum(3, 4))
    return [
        voorbeeld.start(a, h.datum(3, 4), identificatie=ident),
        start_b,
        voorbeeld.stop(c, h.datum(3, 4), h.datum(6, 30), reden="34"),
        start_b,
        voorbeeld.start(d, h.datum(3, 5), identificatie=ident),
        voorbeeld.stop(a, h.datum(3, 4), h.datum(6, 30), reden="31"),
    ]


def _uitkomst(uit, tws):
    """Everything the files changed, without row ids and assignment numbers."""
    nummer = {t.pk: i for i, t in enumerate(tws)}
    berichten = []
    for r in uit:
        b = r.bericht
        retour = antwoord(b)
        berichten.append(
            (
                r.status,
                sorted(bevinding_codes(r)),
                b.status,
                [(g.status, g.toelichting) for g in b.gebeurtenissen.order_by("pk")],
                b.clienten.count(),
                (retour.berichtcode, retour.status, sorted(codes(retour)), retour.clienten.count()) if retour else None,
                r.bericht.pk == uit[1].bericht.pk if r.status == "dubbel" else None,
            )
        )
    trajecten = []
    for t in tws:
        tr = Traject.objects.get(toewijzing=t)
        trajecten.append(
            (
                tr.status,
                tr.geaccepteerd_op,
                tr.gestart_op,
                tr.beeindigd_op,
                tr.reden_beeindiging,
                tr.dagen_tot_start,
                [
                    (s.van, s.naar, s.reden, s.door_id is not None)
                    for s in StatusWijziging.objects.filter(traject=tr).order_by("pk")
                ],
                [
                    (e.soort, e.datum, e.toelichting, sorted(e.doelstatussen.values_list("status", flat=True)))
                    for e in Evaluatie.objects.filter(traject=tr)
                ],
                sorted(
                    (lv.soort, lv.begindatum, lv.einddatum, lv.reden, lv.actueel)
                    for lv in Levering.objects.filter(toewijzing_id=t.pk)
                ),
            )
        )
    uitgaand = sorted(
        (b.berichtcode, b.status, b.bevindingen, nummer[int(b.toewijzingnummers.split()[0])])
        for b in Bericht.objects.filter(richting=Richting.UIT, berichtcode__endswith="301")
        if b.toewijzingnummers and int(b.toewijzingnummers.split()[0]) in nummer
    )
    return berichten, trajecten, uitgaand


def test_a_batch_gives_the_outcome_of_one_by_one(traject_van):
    alleen = [traject_van("TR83", gestart=False) for _ in range(4)]
    samen = [traject_van("TR83", gestart=False) for _ in range(4)]
    door = services.systeem()
    een_voor_een = [services.bericht_ontvangen(data=d, door=door) for d in _bestanden(alleen, "ALLEEN-1")]
    in_reeks = services.berichten_ontvangen(_bestanden(samen, "SAMEN-1"), door=door)
    assert [r.status for r in in_reeks] == ["verwerkt", "verwerkt", "afgekeurd", "dubbel", "afgekeurd", "verwerkt"]
    assert "9069" in bevinding_codes(in_reeks[2]) and "9056" in bevinding_codes(in_reeks[4])
    assert _uitkomst(in_reeks, samen) == _uitkomst(een_voor_een, alleen)
    # the duplicate file inside the batch points to the message it repeats and is not logged twice
    assert in_reeks[3].bericht.pk == in_reeks[1].bericht.pk
    assert Bericht.objects.filter(richting=Richting.IN, hash=in_reeks[1].bericht.hash).count() == 1
    assert Traject.objects.get(toewijzing=samen[0]).status == "beeindigd"  # started and ended in one batch


def test_a_refused_message_in_the_middle_changes_nothing_and_the_rest_goes_on(traject_van):
    a, b, c = (traject_van("TR83", gestart=False) for _ in range(3))
    door = services.systeem()
    buiten = voorbeeld.start(b, h.datum(3, 3) + dt.timedelta(days=400))  # after the assignment period (TR019)
    uit = services.berichten_ontvangen(
        [voorbeeld.start(a, h.datum(3, 4)), buiten, voorbeeld.start(c, h.datum(3, 4))], door=door
    )
    assert [r.status for r in uit] == ["verwerkt", "afgekeurd", "verwerkt"]
    assert "9019" in bevinding_codes(uit[1])
    assert [Traject.objects.get(toewijzing=t).status for t in (a, b, c)] == ["gestart", "toegewezen", "gestart"]
    assert not StatusWijziging.objects.filter(traject__toewijzing=b).exclude(van="").exists()
    assert not Levering.objects.filter(toewijzing_id=b.pk).exists()
    retour = antwoord(uit[1].bericht)
    assert retour.berichtcode == "JW306" and "9019" in codes(retour)


def test_a_service_refusal_inside_a_batch_restores_the_trajectory(traject_van):
    """A refusal by the trajectory service itself (not by a rule of the standard) inside the batch
    leaves the trajectory in memory and in the database as it was, and the next message sees that."""
    a = traject_van("TR83", gestart=False)
    Traject.objects.filter(toewijzing=a).update(zichtbaar_voor_aanbieder=False)  # acceptance not yet allowed
    door = services.systeem()
    eerst = voorbeeld.start(a, h.datum(3, 4))
    uit = services.berichten_ontvangen([eerst], door=door)
    assert uit[0].status == "afgekeurd"
    assert Traject.objects.get(toewijzing=a).status == "toegewezen"
    alleen = services.bericht_ontvangen(data=voorbeeld.start(a, h.datum(3, 5)), door=door)
    assert sorted(bevinding_codes(alleen)) == sorted(bevinding_codes(uit[0]))


def test_the_batch_path_reads_and_writes_a_fixed_number_of_queries(traject_van):
    tws = [traject_van("TR83", gestart=False) for _ in range(9)]
    door = services.systeem()
    services.berichten_ontvangen([voorbeeld.start(tws[0], h.datum(3, 4))], door=door)  # actors exist
    twee_bestanden = [voorbeeld.start(t, h.datum(3, 4)) for t in tws[1:3]]
    zes_bestanden = [voorbeeld.start(t, h.datum(3, 4)) for t in tws[3:9]]
    with CaptureQueriesContext(connection) as twee:
        services.berichten_ontvangen(twee_bestanden, door=door)
    with CaptureQueriesContext(connection) as zes:
        services.berichten_ontvangen(zes_bestanden, door=door)
    assert len(zes) == len(twee)
    assert set(Traject.objects.filter(toewijzing__in=tws).values_list("status", flat=True)) == {"gestart"}


def test_bulk_steps_are_refused_like_single_steps_and_restored(traject_van):
    t = Traject.objects.get(toewijzing=traject_van("TR83", gestart=False))
    bulk = overgangen.Bulk()
    try:
        with bulk:
            bulk.stap(t, "geaccepteerd", datum=h.datum(3, 4), velden=["geaccepteerd_op"])
            bulk.stap(t, "afgesloten", datum=h.datum(3, 4))  # not a step from 'geaccepteerd'
    except Conflict as exc:
        assert exc.code == "ongeldige_overgang"
    else:
        raise AssertionError("the illegal step was not refused")
    assert t.status == "toegewezen" and t.geaccepteerd_op is None and bulk.rijen == []
    with bulk:
        bulk.stap(t, "geaccepteerd", datum=h.datum(3, 4), velden=["geaccepteerd_op"])
    bulk.opslaan()
    t.refresh_from_db()
    assert t.status == "geaccepteerd" and t.geaccepteerd_op == h.datum(3, 4)
    assert list(StatusWijziging.objects.filter(traject=t).values_list("van", "naar"))[-1] == (
        "toegewezen",
        "geaccepteerd",
    )


def _het_301(t):
    """The JW301 last written for assignment t, without what differs per run (identification, time)."""
    from .helpers import inhoud

    alle = Bericht.objects.filter(richting=Richting.UIT, berichtcode="JW301").order_by("-pk")
    b = next(b for b in alle if b.toewijzingnummers.split()[0] == str(t.pk))
    c = inhoud(b).Client
    return (
        b.status,
        b.clienten.count(),
        b.gebeurtenissen.count(),
        c.Naam,
        [(p.Einddatum, p.RedenWijziging, p.Omvang, p.Budget, p.Product) for p in c.ToegewezenProducten],
        [(v.reden_wijziging, v.staat["einddatum"]) for v in Toewijzingversie.objects.filter(toewijzing_id=t.pk)],
    )


def test_early_stops_in_a_batch_write_the_301s_of_one_by_one_in_a_fixed_number_of_queries(traject_van):
    """An early end tells the provider of the shortened assignment (JW301, RedenWijziging 14); in a batch
    these 301s are written together (``toewijzingen_versturen``), the same as one message at a time."""
    door = services.systeem()
    alleen = [traject_van("TR83", gestart=False) for _ in range(2)]
    samen = [traject_van("TR83", gestart=False) for _ in range(8)]
    services.berichten_ontvangen([voorbeeld.start(t, h.datum(3, 4)) for t in alleen + samen], door=door)
    for t in alleen:
        r = services.bericht_ontvangen(data=voorbeeld.stop(t, h.datum(3, 4), h.datum(6, 30), reden="31"), door=door)
        assert r.status == "verwerkt", r.bevindingen
    twee_bestanden = [voorbeeld.stop(t, h.datum(3, 4), h.datum(6, 30), reden="31") for t in samen[:2]]
    zes_bestanden = [voorbeeld.stop(t, h.datum(3, 4), h.datum(6, 30), reden="31") for t in samen[2:]]
    with CaptureQueriesContext(connection) as twee:
        services.berichten_ontvangen(twee_bestanden, door=door)
    with CaptureQueriesContext(connection) as zes:
        services.berichten_ontvangen(zes_bestanden, door=door)
    assert len(zes) == len(twee)
    verwacht = _het_301(alleen[0])
    assert verwacht[4][0][:2] == (h.datum(6, 30), "14") and verwacht[5][-1] == ("14", h.datum(6, 30).isoformat())
    assert [_het_301(t) for t in samen] == [verwacht] * len(samen)
    assert _het_301(alleen[1]) == verwacht
    # written once: nothing changed, so a second write of the same assignments writes nothing
    assert services.toewijzingen_versturen(toewijzingen=[t.pk for t in samen], door=door) == [None] * len(samen)


def test_toewijzingen_versturen_sees_its_own_earlier_messages(traject_van):
    """Two assignments of one client at one provider: the second 301 repeats the first as just sent."""
    from .helpers import inhoud

    tot = services.vandaag() + dt.timedelta(days=100)  # still current: a 301 repeats it (OP087)
    a = traject_van("TR83", einddatum=tot)
    b = traject_van("TR83", einddatum=tot)
    Toewijzing.objects.filter(pk=b.pk).update(client_id=a.client_id)
    einde = services.vandaag() + dt.timedelta(days=30)
    Traject.objects.filter(toewijzing_id__in=[a.pk, b.pk]).update(status="beeindigd", beeindigd_op=einde)
    eerste, tweede = services.toewijzingen_versturen(toewijzingen=[a.pk, b.pk], door=services.systeem())
    assert [(p.ToewijzingNummer, p.Einddatum, p.RedenWijziging) for p in inhoud(eerste).Client.ToegewezenProducten][
        0
    ] == (a.pk, einde, "14")
    producten = inhoud(tweede).Client.ToegewezenProducten
    assert [(p.ToewijzingNummer, p.Einddatum) for p in producten] == [(b.pk, einde), (a.pk, einde)]
