"""Reconciliation (issue 13): the legitimacy report read from the payment summary (``Betaalcel``) equals
plain SQL on the raw invoice lines after submitting, credits, approval, withdrawal of approval,
payment, a refusal, a changed budget and deleted lines; for every reader (finance of one municipality,
the region, the provider) and every kind of period (none, whole months, arbitrary days). The invoices'
municipalities (``Declaratiegemeente``, the invoice list's scope) equal the lines' after every step."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection

from uitkomst.accounts import policy
from uitkomst.declaraties import samenvatting, selectors, services
from uitkomst.declaraties.models import Betaalcel, Betaalvuil, Declaratie, Declaratiegemeente, Declaratieregel
from uitkomst.declaraties.models import Regelstatus as S
from uitkomst.declaraties.regels import cent
from uitkomst.trajecten.models import Toewijzing

from . import helpers as h
from .helpers import datum

pytestmark = pytest.mark.django_db

VAST = ("traject", "arrangement")
PERIODEN = [
    (None, None),
    (datum(1, 1), datum(12, 31)),  # a year
    (datum(3, 1), datum(3, 31)),  # a month
    (datum(4, 1), None),  # from a month on
    (None, datum(3, 31)),  # up to a month
    (datum(3, 15), datum(7, 1)),  # arbitrary days: read from the lines
    (datum(4, 2), datum(4, 29)),
]


def verwacht(*, gemeenten: list[int] | None, aanbieder: int | None, van, tot) -> list[tuple]:
    """Plain SQL on the raw lines and the rules of docs/uitkomsten.md: per provider spend, trajectories,
    fixed-price trajectories and those paid in full, and per (code, name, funding) the count, paid and
    budget (no summary, no ORM)."""
    waar, params = ["r.status IN ('goedgekeurd', 'betaald')"], []
    if gemeenten is not None:
        waar.append(f"r.gemeente_id IN ({', '.join(['%s'] * len(gemeenten))})")
        params += gemeenten
    if aanbieder is not None:
        waar.append("r.aanbieder_id = %s")
        params.append(aanbieder)
    if van:
        waar.append("r.einddatum >= %s")
        params.append(van)
    if tot:
        waar.append("r.begindatum <= %s")
        params.append(tot)
    sql = (
        "SELECT r.aanbieder_id, a.naam, r.toewijzing_id, t.budget, p.code, p.naam, p.bekostiging, "  # noqa: S608
        "SUM(r.bedrag) FROM declaraties_declaratieregel r JOIN contractering_aanbieder a ON a.id = r.aanbieder_id "
        "JOIN trajecten_toewijzing t ON t.id = r.toewijzing_id LEFT JOIN catalogus_product p ON p.id = r.product_id "
        f"WHERE {' AND '.join(waar)} GROUP BY r.aanbieder_id, a.naam, r.toewijzing_id, t.budget, p.code, p.naam, "
        "p.bekostiging"
    )
    lump = (
        "SELECT r.aanbieder_id, a.naam, SUM(r.bedrag) FROM declaraties_declaratieregel r "  # noqa: S608
        "JOIN contractering_aanbieder a ON a.id = r.aanbieder_id "
        f"WHERE r.lumpsumafspraak_id IS NOT NULL AND {' AND '.join(waar)} GROUP BY r.aanbieder_id, a.naam"
    )
    per = defaultdict(lambda: {"naam": "", "besteed": Decimal(0), "n": 0, "vast": 0, "vol": 0, "p": defaultdict(list)})
    with connection.cursor() as c:
        c.execute(sql, params)
        for aanbieder_id, naam, _, budget, code, pnaam, bek, som in c.fetchall():
            som, budget = Decimal(str(som)).quantize(Decimal("0.01")), Decimal(str(budget))
            x = per[aanbieder_id]
            x["naam"] = naam
            x["besteed"] += som
            x["n"] += 1
            x["vast"] += bek in VAST
            x["vol"] += bek in VAST and som >= budget
            x["p"][(code, pnaam, bek)].append((som, budget))
        c.execute(lump, params)
        for aanbieder_id, naam, som in c.fetchall():
            per[aanbieder_id]["naam"] = naam
            per[aanbieder_id]["besteed"] += Decimal(str(som)).quantize(Decimal("0.01"))
    return sorted(
        (
            (k, x["naam"], x["besteed"], x["n"], x["vast"], x["vol"],
             sorted((key, len(v), sum(s for s, _ in v), cent(sum(b for _, b in v) / len(v)))
                    for key, v in x["p"].items()))
            for k, x in per.items()
        ),
        key=lambda t: (-t[2], t[1], t[0]),
    )  # fmt: skip


def _vergelijkbaar(rapport) -> list[tuple]:
    return [
        (a.aanbieder_id, a.naam, a.besteed, a.trajecten, a.vaste_trajecten, a.volledig_betaald,
         sorted(((p.code, p.naam, p.bekostiging), p.trajecten, p.betaald, p.gemiddeld_budget) for p in a.producten))
        for a in rapport
    ]  # fmt: skip


def klopt(lezers) -> None:
    """Every reader, every period: the report equals plain SQL, and the summary-backed path equals the
    line path; the invoice municipalities equal the lines'."""
    for user, gemeenten, aanbieder in lezers:
        for van, tot in PERIODEN:
            cache.clear()
            rapport = selectors.legitimiteit(user=user, van=van, tot=tot)
            ruw = selectors._legitimiteit_uit_regels(policy.rijen(user, "declaratieregel"), van, tot)
            assert rapport == ruw, (user.username, van, tot)
            assert _vergelijkbaar(rapport) == verwacht(gemeenten=gemeenten, aanbieder=aanbieder, van=van, tot=tot), (
                user.username, van, tot)  # fmt: skip
    assert not Betaalvuil.objects.exists()  # the reads refreshed every dirty month
    paren = set(Declaratiegemeente.objects.values_list("declaratie_id", "gemeente_id"))
    regels = Declaratieregel.objects.filter(gemeente__isnull=False).values_list("declaratie_id", "gemeente_id")
    assert paren == set(regels)


def indienen(user, regels):
    return services.declaratie_indienen(
        aanbieder=user.aanbieder, begindatum=datum(1, 1), einddatum=datum(12, 31), regels=regels, door=user
    )


@pytest.fixture
def lezers(make_user, regio, financien, financien_kampen, aanbieder_user, zwolle, kampen):
    regio_lezer = make_user("regio-cm", "regio-contractmanager", regio=regio)
    regio_ids = list(regio.gemeenten.values_list("pk", flat=True))
    return [
        (financien, [zwolle.pk], None),
        (financien_kampen, [kampen.pk], None),
        (regio_lezer, regio_ids, None),
        (aanbieder_user, None, aanbieder_user.aanbieder_id),
    ]


def test_legitimiteit_uit_samenvatting_klopt_met_de_regels(
    maak, lezers, aanbieder_user, ander_user, financien, financien_kampen, toegang_kampen, kampen
):
    vol = maak(einde=datum(7, 1))
    half = maak()
    elders = maak(gemeente=kampen, toegang_user=toegang_kampen)
    ander = maak(aanbieder_user=ander_user)
    d = indienen(
        aanbieder_user,
        [
            h.regel(vol, datum(3, 3), datum(3, 31), regelnummer=1),
            h.regel(vol, datum(7, 1), datum(7, 1), regelnummer=2),
            h.regel(half, datum(3, 20), datum(4, 10), regelnummer=3),  # over a month boundary
            h.regel(elders, datum(3, 3), datum(3, 31), regelnummer=4),
        ],
    )
    assert set(d.regels.values_list("status", flat=True)) == {S.TOEGEKEND}
    assert {g for _, g in Declaratiegemeente.objects.filter(declaratie=d).values_list("declaratie", "gemeente")} == {
        vol.gemeente_id, kampen.pk}  # fmt: skip  # one invoice, two municipalities
    klopt(lezers)  # nothing approved yet: empty everywhere
    assert selectors.legitimiteit(user=financien) == []

    services.regels_goedkeuren(regels=d.regels.filter(gemeente=vol.gemeente), door=financien)
    services.regels_goedkeuren(regels=d.regels.filter(gemeente=kampen), door=financien_kampen)
    klopt(lezers)
    (rapport,) = selectors.legitimiteit(user=financien)
    assert rapport.trajecten == 2 and rapport.volledig_betaald == 1  # the figures of test_betalen
    (april,) = selectors.legitimiteit(user=financien, van=datum(4, 1), tot=datum(4, 30))
    assert april.trajecten == 1 and april.besteed == d.regels.get(regelnummer=3).bedrag  # by its end month

    d2 = indienen(ander_user, [h.regel(ander, datum(5, 1), datum(5, 31))])
    services.regels_goedkeuren(regels=d2.regels.all(), door=financien)
    klopt(lezers)

    credit = services.regel_crediteren(regel=d.regels.get(regelnummer=1), door=aanbieder_user)
    services.regels_goedkeuren(regels=credit.regels.all(), door=financien)
    klopt(lezers)
    assert selectors.legitimiteit(user=financien, van=datum(3, 1), tot=datum(3, 31))[0].volledig_betaald == 0

    services.goedkeuring_intrekken(regel=d.regels.get(regelnummer=3), door=financien)
    klopt(lezers)
    services.betaalronde_maken(door=financien)
    assert Declaratieregel.objects.filter(status=S.BETAALD).exists()
    klopt(lezers)
    services.regel_afkeuren(regel=d.regels.get(regelnummer=4), reden="Na controle.", door=financien_kampen)
    klopt(lezers)
    Toewijzing.objects.filter(pk=vol.pk).update(budget=vol.budget * 4)  # a changed budget: no longer in full
    klopt(lezers)
    Declaratieregel.objects.filter(declaratie=d2).delete()  # deleted lines (as the demo loader does)
    assert not Declaratiegemeente.objects.filter(declaratie=d2).exists()
    klopt(lezers)


def test_legitimiteit_queries_en_cache(maak, aanbieder_user, financien, django_assert_num_queries):
    tw = maak()
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31))])
    services.regels_goedkeuren(regels=d.regels.all(), door=financien)
    samenvatting.bijwerken()
    cache.clear()
    # dirty check, data version, the grouped cells, lump sums, provider names, products
    with django_assert_num_queries(6):
        (eerst,) = selectors.legitimiteit(user=financien, van=datum(1, 1), tot=datum(12, 31))
    with django_assert_num_queries(2):  # the same data version: the cached report
        assert selectors.legitimiteit(user=financien, van=datum(1, 1), tot=datum(12, 31)) == [eerst]
    services.betaalronde_maken(door=financien)  # a status change: the month is dirty, the version new
    assert Betaalvuil.objects.exists()
    (daarna,) = selectors.legitimiteit(user=financien, van=datum(1, 1), tot=datum(12, 31))
    assert daarna == eerst and not Betaalvuil.objects.exists()
    assert Betaalcel.objects.get().centen == int(eerst.besteed * 100)


def test_declaratielijst_per_gemeente_van_de_regels(
    maak, aanbieder_user, financien, financien_kampen, toegang_kampen, kampen
):
    """An invoice with lines of two municipalities is in both municipalities' lists (through
    ``Declaratiegemeente``), and leaves one when its last line there goes."""
    zw = maak()
    ka = maak(gemeente=kampen, toegang_user=toegang_kampen)
    d = indienen(aanbieder_user, [h.regel(zw, datum(3, 3), datum(3, 31)),
                                  h.regel(ka, datum(3, 3), datum(3, 31), regelnummer=2)])  # fmt: skip
    alleen_zwolle = indienen(aanbieder_user, [h.regel(zw, datum(4, 1), datum(4, 30))])
    assert set(selectors.declaratie_list(user=financien)) == {d, alleen_zwolle}
    assert list(selectors.declaratie_list(user=financien_kampen)) == [d]
    Declaratieregel.objects.filter(declaratie=d, gemeente=kampen).delete()
    assert list(selectors.declaratie_list(user=financien_kampen)) == []
    assert set(selectors.declaratie_list(user=financien)) == {d, alleen_zwolle}
    samenvatting.gemeenten_herbouwen()  # the rebuild after a bulk load gives the same pairs
    assert set(Declaratiegemeente.objects.values_list("declaratie_id", "gemeente_id")) == {
        (d.pk, zw.gemeente_id), (alleen_zwolle.pk, zw.gemeente_id)}  # fmt: skip
    assert Declaratie.objects.count() == 2
