"""Invoices (JW323) and only-stored messages on the batch path (``services._Reeks``): a batch gives
exactly the outcome of the same files received one by one (log, findings, JW325, invoice lines,
prestaties; credits, a reused reference, a second debit, a reused declaration number, a refused
message, a duplicate file, a start in between; independent invoices collected together, with a
credit, partly and wholly refused ones and one that ``declaraties.Overlap`` sends alone), and the
number of queries does not grow with the prestaties of a message nor with the messages of a batch
(their invoices are made together by ``declaraties.Indiening``)."""

import dataclasses
import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.declaraties import helpers as h
from uitkomst.berichten import services, voorbeeld
from uitkomst.berichten.models import Bericht, Prestatie, Richting
from uitkomst.declaraties.models import Declaratie, Declaratieregel
from uitkomst.declaraties.services import Indiening, Overlap

from .helpers import antwoord, bevinding_codes, inhoud

MAART = (h.datum(3, 1), h.datum(3, 31))
APRIL = (h.datum(4, 1), h.datum(4, 30))
MEI = (h.datum(5, 1), h.datum(5, 31))
L = voorbeeld.Levering


def _bestanden(tws, p, aanbieder, gemeente):
    """Files for the assignments ``tws``, every reference and declaration number prefixed ``p``."""
    a, b, c, d, e = tws

    def decl(*leveringen, periode=MAART, **kw):
        return voorbeeld.declaratie(
            aanbieder=aanbieder, gemeente=gemeente, van=periode[0], tot=periode[1], leveringen=list(leveringen), **kw
        )

    def lev(t, ref, periode=MAART, **kw):
        periode = (max(periode[0], h.datum(3, 3)), periode[1])  # the assignments start on 3 March
        return L(
            toewijzing=t, van=periode[0], tot=periode[1], bedrag=kw.pop("bedrag", 200000), referentie=p + ref, **kw
        )

    eerste = decl(lev(a, "D1"), lev(b, "E1"))
    credit = lev(a, "C1", vorige=p + "D1", credit=True)
    return [
        eerste,  # accepted, two prestaties
        decl(lev(c, "F1")),  # independent of the first: collected with it
        decl(lev(a, "D2")),  # a second debit for a in March (TR389)
        decl(lev(b, "E1", periode=APRIL)),  # a reference already delivered (TR314)
        eerste,  # the same file again: a duplicate
        decl(credit, periode=APRIL),  # the credit of D1
        decl(dataclasses.replace(credit, referentie=p + "C2"), periode=APRIL),  # credited already (TR390)
        voorbeeld.start(e, h.datum(3, 4)),  # a start in between
        decl(lev(a, "D3"), periode=MEI),  # after the credit March may be declared again
        decl(lev(c, "F2", periode=APRIL), nummer=p + "N1"),
        decl(lev(c, "F3", periode=MEI), nummer=p + "N1", periode=MEI),  # the declaration number again (TR333)
        decl(lev(d, "G1"), periode=(MAART[0], dt.date.today() + dt.timedelta(days=40))),  # refused as a whole
        decl(lev(d, "G2"), lev(d, "G3", bedrag=100)),  # one accepted, one with a wrong amount
    ]


def _zonder(tekst, p):
    return re.sub(rf"\b{p}(?=[A-Z]\d)", "", tekst) if isinstance(tekst, str) else tekst


def _uitkomst(uit, p):
    """What the files left behind, without row ids, references' prefix and generated numbers."""
    out = []
    for r in uit:
        b = r.bericht
        regels, prestaties, retour = [], [], None
        if b.berichtcode.endswith("323"):
            if b.declaratie_id:
                regels = [
                    (
                        x.regelnummer,
                        x.status,
                        x.bedrag,
                        sorted(y["code"] for y in x.redenen),
                        x.crediteert_id is not None,
                    )
                    for x in Declaratieregel.objects.filter(declaratie_id=b.declaratie_id).order_by("regelnummer")
                ]
            prestaties = [
                (_zonder(x.referentienummer, p), _zonder(x.vorig_referentienummer, p), x.toegekend, x.retourcodes)
                for x in Prestatie.objects.filter(bericht=b).order_by("pk")
            ]
            a = antwoord(b, "325")
            d = inhoud(a).DeclaratieAntwoord if a else None
            retour = (
                a.status,
                inhoud(a).Header.RetourCodes,
                d and d.RetourCodes,
                d and d.TotaalToegekendBedrag,
                d
                and {
                    _zonder(x.ProductReferentie.ReferentieNummer, p): x.RetourCodes
                    for c in d.Clienten
                    for x in c.Prestaties
                },
                a.clienten.count(),
            )
        out.append(
            (
                r.status,
                sorted(bevinding_codes(r)),
                b.status,
                [(g.status, _zonder(g.toelichting, p)) for g in b.gebeurtenissen.order_by("pk")],
                b.clienten.count(),
                regels,
                prestaties,
                retour,
                b.pk == uit[0].bericht.pk if r.status == "dubbel" else None,
            )
        )
    return out


def test_a_batch_of_invoices_gives_the_outcome_of_one_by_one(traject_van, gecontracteerd, zwolle):
    alleen = [traject_van("TR83", gestart=i != 4) for i in range(5)]
    samen = [traject_van("TR83", gestart=i != 4) for i in range(5)]
    door = services.systeem()
    voor = Declaratie.objects.count()
    een_voor_een = [
        services.bericht_ontvangen(data=f, door=door) for f in _bestanden(alleen, "A", gecontracteerd, zwolle)
    ]
    tussen = Declaratie.objects.count()
    in_reeks = services.berichten_ontvangen(_bestanden(samen, "S", gecontracteerd, zwolle), door=door)
    assert [r.status for r in in_reeks] == [r.status for r in een_voor_een]
    assert {"9389", "8021", "9390", "9333"} <= {c for r in in_reeks for c in bevinding_codes(r)}
    assert in_reeks[0].status == in_reeks[5].status == in_reeks[8].status == "verwerkt"
    assert in_reeks[4].status == "dubbel" and in_reeks[11].status == "afgekeurd"
    assert _uitkomst(in_reeks, "S") == _uitkomst(een_voor_een, "A")
    # as many invoices as one by one (none for the refused message and the duplicate)
    assert Declaratie.objects.count() - tussen == tussen - voor


def test_a_failing_write_of_the_batch_rolls_back_its_invoices_and_receives_them_alone(
    traject_van, gecontracteerd, zwolle, monkeypatch
):
    """If writing what the batch collected fails, the invoices its 323s made are rolled back with it
    and each message is received again on its own: one invoice per message, not two."""
    tws = [traject_van("TR83") for _ in range(2)]
    door = services.systeem()
    bestanden = [
        voorbeeld.declaratie(
            aanbieder=gecontracteerd,
            gemeente=zwolle,
            van=MAART[0],
            tot=MAART[1],
            leveringen=[L(toewijzing=t, van=h.datum(3, 3), tot=MAART[1], bedrag=200000, referentie=f"W{i}")],
        )
        for i, t in enumerate(tws)
    ]
    echt = Prestatie.objects.bulk_create
    keer = {"n": 0}

    def eerste_keer_mis(objs, *a, **kw):
        keer["n"] += 1
        if keer["n"] == 1 and objs:
            raise RuntimeError("schijf vol")
        return echt(objs, *a, **kw)

    monkeypatch.setattr(Prestatie.objects, "bulk_create", eerste_keer_mis)
    voor = Declaratie.objects.count()
    uit = services.berichten_ontvangen(bestanden, door=door)
    assert [r.status for r in uit] == ["verwerkt", "verwerkt"]
    assert Declaratie.objects.count() - voor == 2
    assert Prestatie.objects.filter(referentienummer__in=["W0", "W1"], toegekend=True).count() == 2


def _declaratie(aanbieder, gemeente, tws, ref):
    return voorbeeld.declaratie(
        aanbieder=aanbieder,
        gemeente=gemeente,
        van=MAART[0],
        tot=MAART[1],
        leveringen=[
            L(toewijzing=t, van=h.datum(3, 3), tot=MAART[1], bedrag=200000, referentie=f"{ref}{i}")
            for i, t in enumerate(tws)
        ],
    )


def test_a_declaration_costs_the_same_queries_with_3_or_12_prestaties(traject_van, gecontracteerd, zwolle):
    tws = [traject_van("TR83") for _ in range(16)]
    door = services.systeem()
    services.berichten_ontvangen([_declaratie(gecontracteerd, zwolle, tws[:1], "Q")], door=door)  # actors exist
    bestand3, bestand12 = (
        _declaratie(gecontracteerd, zwolle, tws[1:4], "R"),
        _declaratie(gecontracteerd, zwolle, tws[4:16], "S"),
    )
    with CaptureQueriesContext(connection) as drie:
        r3 = services.berichten_ontvangen([bestand3], door=door)
    with CaptureQueriesContext(connection) as twaalf:
        r12 = services.berichten_ontvangen([bestand12], door=door)
    assert r3[0].status == r12[0].status == "verwerkt"
    assert Declaratieregel.objects.get(declaratie=r3[0].bericht.declaratie, regelnummer=3).status == "toegekend"
    assert Declaratieregel.objects.filter(declaratie=r12[0].bericht.declaratie, status="toegekend").count() == 12
    assert len(twaalf) == len(drie)


def _log_statements(queries) -> list[str]:
    """The statements that read or write the log: the duplicate checks, the log rows, their history,
    the answers and the client links."""
    return [
        q["sql"]
        for q in queries
        if re.search(r'"berichten_(bericht|gebeurtenis|bericht_clienten)"', q["sql"].split(" WHERE ")[0])
    ]


def _twee_en_zes(traject_van, gecontracteerd, zwolle):
    """A batch of two and a batch of six independent one-prestatie invoices (after a first message,
    so the actors exist): the statements and outcomes of each."""
    tws = [traject_van("TR83") for _ in range(9)]
    door = services.systeem()
    services.berichten_ontvangen([_declaratie(gecontracteerd, zwolle, tws[:1], "P")], door=door)  # actors exist
    twee = [_declaratie(gecontracteerd, zwolle, [t], f"T{i}-") for i, t in enumerate(tws[1:3])]
    zes = [_declaratie(gecontracteerd, zwolle, [t], f"Z{i}-") for i, t in enumerate(tws[3:9])]
    with CaptureQueriesContext(connection) as q2:
        uit2 = services.berichten_ontvangen(twee, door=door)
    with CaptureQueriesContext(connection) as q6:
        uit6 = services.berichten_ontvangen(zes, door=door)
    return q2, uit2, q6, uit6


def test_a_batch_of_invoices_writes_the_log_in_a_fixed_number_of_queries(traject_van, gecontracteerd, zwolle):
    """Each invoice is judged and made on its own (a fixed number of queries per message, less than
    half of receiving it alone), but the log of the whole batch is read and written at once."""
    q2, uit2, q6, uit6 = _twee_en_zes(traject_van, gecontracteerd, zwolle)
    assert {r.status for r in uit2 + uit6} == {"verwerkt"}
    # the log: the same statements for two messages as for six (the declaration-number check is the
    # one read per message: it is a rule of the invoice)
    log2 = [s for s in _log_statements(q2.captured_queries) if "declaratienummer" not in s]
    log6 = [s for s in _log_statements(q6.captured_queries) if "declaratienummer" not in s]
    assert len(log6) == len(log2)
    per_bericht = (len(q6) - len(q2)) / 4
    assert per_bericht <= 22, per_bericht  # alone a 323 of one prestatie costs about 45 statements


def test_storing_only_gives_the_outcome_of_one_by_one_in_a_fixed_number_of_queries(traject_van):
    tws = [traject_van("TR83", gestart=False) for _ in range(10)]
    door = services.systeem()
    een = services.bericht_ontvangen(data=voorbeeld.start(tws[0], h.datum(3, 4)), door=door, verwerken=False)
    twee = [voorbeeld.start(t, h.datum(3, 4)) for t in tws[1:3]]
    zes = [voorbeeld.start(t, h.datum(3, 4)) for t in tws[3:9]]
    with CaptureQueriesContext(connection) as q2:
        uit2 = services.berichten_ontvangen(twee, door=door, verwerken=False)
    with CaptureQueriesContext(connection) as q6:
        uit6 = services.berichten_ontvangen([*zes, zes[0]], door=door, verwerken=False)
    assert len(q6) == len(q2)
    assert [r.status for r in uit6] == ["ontvangen"] * 6 + ["dubbel"]
    assert uit6[6].bericht.pk == uit6[0].bericht.pk

    def samenvatting(r):
        b = Bericht.objects.get(pk=r.bericht.pk)
        return (
            r.status,
            r.berichtcode,
            b.status,
            b.telt,
            tuple((g.status, g.toelichting) for g in b.gebeurtenissen.order_by("pk")),
            b.clienten.count(),
            Bericht.objects.filter(antwoord_op=b, richting=Richting.UIT).count(),
        )

    assert {samenvatting(r) for r in uit2 + uit6[:6]} == {samenvatting(een)}
    # and they are processed later as any received message
    services.bericht_verwerken(bericht=uit2[0].bericht)
    assert Bericht.objects.get(pk=uit2[0].bericht.pk).status == "beantwoord"


def _onafhankelijk(tws, p, aanbieder, gemeente):
    """Files that do not touch each other (collected in one group of the batch): accepted, a credit of
    an earlier debit, partly refused by the message rules and by the invoice rules, refused as a whole,
    a duplicate file, and a credit naming another assignment than its debit's (judged alone after the
    batch so far: its debit's assignment is in an unwritten invoice of the batch)."""
    a, b, c, d, e, f, g = tws

    def decl(*leveringen, periode=MAART, **kw):
        return voorbeeld.declaratie(
            aanbieder=aanbieder, gemeente=gemeente, van=periode[0], tot=periode[1], leveringen=list(leveringen), **kw
        )

    def lev(t, ref, periode=MAART, **kw):
        periode = (max(periode[0], h.datum(3, 3)), periode[1])
        return L(
            toewijzing=t, van=periode[0], tot=periode[1], bedrag=kw.pop("bedrag", 200000), referentie=p + ref, **kw
        )

    eerste = decl(lev(b, "B1"))
    voor = [decl(lev(a, "A1")), decl(lev(f, "F1"))]  # received before the batch: debits to credit
    reeks = [
        eerste,
        decl(lev(a, "K1", vorige=p + "A1", credit=True), periode=APRIL),  # the credit of A1
        decl(lev(c, "C1"), lev(c, "C2", bedrag=100)),  # one accepted, one with a wrong amount
        decl(lev(d, "D1", bedrag=300000)),  # more than the installment: refused by the invoice rules
        decl(lev(e, "E1"), periode=(MAART[0], dt.date.today() + dt.timedelta(days=40))),  # refused whole
        eerste,  # the same file again: a duplicate
        decl(lev(e, "E2")),
        decl(lev(f, "F2", periode=APRIL), periode=APRIL),
        decl(lev(g, "K2", vorige=p + "F1", credit=True), periode=APRIL),  # F1 is on f, named with g
    ]
    return voor, reeks


def test_a_batch_of_independent_invoices_gives_the_outcome_of_one_by_one(
    traject_van, gecontracteerd, zwolle, monkeypatch
):
    alleen = [traject_van("TR83") for _ in range(7)]
    samen = [traject_van("TR83") for _ in range(7)]
    overlap = []  # a spy: the last file's invoice raises Overlap in the batch (and is received alone)
    echt = Indiening.beoordelen

    def beoordelen(self, **kw):
        try:
            return echt(self, **kw)
        except Overlap:
            overlap.append(kw["regels"][0].crediteert)
            raise

    monkeypatch.setattr(Indiening, "beoordelen", beoordelen)
    door = services.systeem()
    voor_a, een = _onafhankelijk(alleen, "A", gecontracteerd, zwolle)
    voor_s, reeks = _onafhankelijk(samen, "S", gecontracteerd, zwolle)
    for bestand in voor_a + voor_s:
        assert services.bericht_ontvangen(data=bestand, door=door).status == "verwerkt"
    n = Declaratie.objects.count()
    een_voor_een = [services.bericht_ontvangen(data=f, door=door) for f in een]
    tussen = Declaratie.objects.count()
    in_reeks = services.berichten_ontvangen(reeks, door=door)
    assert _uitkomst(in_reeks, "S") == _uitkomst(een_voor_een, "A")
    assert Declaratie.objects.count() - tussen == tussen - n
    statussen = [r.status for r in in_reeks]
    assert statussen[4:6] == ["afgekeurd", "dubbel"] and statussen.count("verwerkt") == 7
    codes = [bevinding_codes(r) for r in in_reeks]
    assert "9389" in codes[2] and "9321" in codes[3]  # partly refused: by the message rules, the invoice rules
    assert len(overlap) == 1  # (alone, the last file is judged once more, without Overlap)
    kredit = Declaratieregel.objects.get(declaratie=in_reeks[1].bericht.declaratie)
    assert kredit.crediteert_id is not None and kredit.status == "toegekend"


def test_a_batch_of_invoices_costs_a_fixed_number_of_statements(traject_van, gecontracteerd, zwolle):
    """N independent invoices of one prestatie: the log, the rules' reads, the invoices' locks, facts
    and consumption and the writes of the whole batch in the same statements for 2 as for 6."""
    q2, uit2, q6, uit6 = _twee_en_zes(traject_van, gecontracteerd, zwolle)
    assert {r.status for r in uit2 + uit6} == {"verwerkt"}
    assert {x.status for r in uit6 for x in r.bericht.declaratie.regels.all()} == {"toegekend"}
    # the actors (2), the duplicate checks and clients (3), the parties (2), the rules' reads (declaration
    # numbers, assignments with volumes and versions, prestaties, accepted prestaties: 6), the invoices'
    # locks, facts and consumption (7), the writes (invoices, numbers, lines, log, prestaties, answers,
    # history, client links: 8) and the savepoints (7): 35 for the batch, about 19 a message before
    assert len(q6) == len(q2) <= 35, (len(q2), len(q6))
