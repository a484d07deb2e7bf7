"""The pgb commitment for the budgets and the monitor (``selectors.pgb_verplichtingen``): which
decisions count, the pro-rata share by days, the scope of the reader; and the scoped list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from uitkomst.toegang import selectors, services
from uitkomst.toegang.models import Pgbbesluit
from uitkomst.utils.errors import NotAllowed

pytestmark = pytest.mark.django_db

JAAR = 2026


def _client(door, gemeente, bsn):
    return services.client_get_or_create(bsn=bsn, geboortedatum=dt.date(1950, 1, 1), gemeente=gemeente, door=door)


def _pgb(door, client, van, tot, bedrag, wet="wmo", toekennen=True):
    kwargs = {"keuze_client": True} if wet == "wmo" else {"reden": "Gecontracteerd aanbod past niet."}
    return services.pgbbesluit_aanvragen(
        client=client, wet=wet, bedrag=bedrag, ingangsdatum=van, einddatum=tot, door=door, toekennen=toekennen, **kwargs
    )


def test_share_in_year_pro_rata_by_days():
    b = Pgbbesluit(bedrag=Decimal("730.00"), ingangsdatum=dt.date(2025, 7, 2), einddatum=dt.date(2027, 7, 1))
    # 730 days in the period (2025-07-02..2027-07-01): one euro a day
    assert selectors.pgb_deel_in_jaar(b, 2025) == Decimal("183.00")  # 2 July .. 31 December
    assert selectors.pgb_deel_in_jaar(b, 2026) == Decimal("365.00")
    assert selectors.pgb_deel_in_jaar(b, 2027) == Decimal("182.00")
    assert selectors.pgb_deel_in_jaar(b, 2024) == selectors.pgb_deel_in_jaar(b, 2028) == Decimal("0.00")
    b.beeindigd_op = dt.date(2026, 1, 31)  # ended early: only the days up to the last day
    assert selectors.pgb_deel_in_jaar(b, 2026) == Decimal("31.00")
    assert selectors.pgb_deel_in_jaar(b, 2027) == Decimal("0.00")
    whole = Pgbbesluit(bedrag=Decimal("1000.01"), ingangsdatum=dt.date(2026, 3, 1), einddatum=dt.date(2026, 3, 3))
    assert selectors.pgb_deel_in_jaar(whole, 2026) == Decimal("1000.01")  # inside the year: exactly the amount
    third = Pgbbesluit(bedrag=Decimal("100.00"), ingangsdatum=dt.date(2026, 12, 31), einddatum=dt.date(2027, 1, 2))
    assert selectors.pgb_deel_in_jaar(third, 2026) == Decimal("33.33")  # rounded half up per decision


def test_commitments_per_municipality_and_law(toegang, toegang_kampen, zwolle, kampen, make_user, regio, systeem):
    a, b, c = (
        _client(toegang, zwolle, "123456782"),
        _client(toegang, zwolle, "010000008"),
        _client(toegang, zwolle, "100000009"),
    )
    k = _client(toegang_kampen, kampen, "111111110")
    _pgb(toegang, a, dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31), "12000.00")
    _pgb(toegang, b, dt.date(JAAR, 7, 1), dt.date(JAAR + 1, 6, 30), "3650.00")  # 365 days, 184 in the year
    _pgb(toegang, a, dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31), "8000.00", wet="jeugdwet")
    _pgb(toegang, c, dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31), "999.00", toekennen=False)  # a request commits nothing
    ingetrokken = _pgb(toegang, c, dt.date(JAAR - 1, 1, 1), dt.date(JAAR - 1, 12, 31), "500.00")
    services.pgbbesluit_intrekken(besluit=ingetrokken, door=toegang, toelichting="Vergissing.")
    geeindigd = _pgb(toegang, c, dt.date(JAAR - 1, 1, 1), dt.date(JAAR, 12, 31), "730.00", wet="jeugdwet")
    services.pgbbesluit_beeindigen(besluit=geeindigd, door=toegang, per=dt.date(JAAR - 1, 12, 31), toelichting="Klaar.")
    _pgb(toegang, c, dt.date(JAAR - 2, 1, 1), dt.date(JAAR - 1, 12, 31), "100.00")  # before the year
    _pgb(toegang_kampen, k, dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31), "5000.00")

    regio_lezer = make_user("cm", "regio-contractmanager", regio=regio)
    rows = selectors.pgb_verplichtingen(user=regio_lezer, jaar=JAAR)
    got = [(r.gemeente.naam, r.wet, r.jaar, r.aantal, r.bedrag, r.toegekend) for r in rows]
    assert got == [
        ("Kampen", "wmo", JAAR, 1, Decimal("5000.00"), Decimal("5000.00")),
        ("Zwolle", "jeugdwet", JAAR, 1, Decimal("8000.00"), Decimal("8000.00")),
        ("Zwolle", "wmo", JAAR, 2, Decimal("13840.00"), Decimal("15650.00")),
    ]
    assert all(isinstance(r.bedrag, Decimal) for r in rows)
    # narrowed by municipality (objects or ids)
    assert [r.gemeente for r in selectors.pgb_verplichtingen(user=regio_lezer, jaar=JAAR, gemeenten=[kampen])] == [
        kampen
    ]
    assert {r.wet for r in selectors.pgb_verplichtingen(user=regio_lezer, jaar=JAAR, gemeenten=[zwolle.pk])} == {
        "wmo",
        "jeugdwet",
    }
    # the next year: b's remaining 181 days; the ended youth pgb counts nowhere after its last day
    [volgend] = selectors.pgb_verplichtingen(user=regio_lezer, jaar=JAAR + 1, gemeenten=[zwolle])
    assert (volgend.wet, volgend.aantal, volgend.bedrag) == ("wmo", 1, Decimal("1810.00"))
    [vorig_jeugd] = [r for r in selectors.pgb_verplichtingen(user=regio_lezer, jaar=JAAR - 1) if r.wet == "jeugdwet"]
    assert (vorig_jeugd.aantal, vorig_jeugd.bedrag) == (1, Decimal("365.00"))  # 365 of its 730 days


def test_commitments_scoped_like_the_monitor(toegang, zwolle, kampen, make_user, regio, systeem):
    _pgb(toegang, _client(toegang, zwolle, "123456782"), dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31), "100")
    financien_kampen = make_user("fin-kampen", "gemeente-financien", gemeente=kampen)
    financien_zwolle = make_user("fin-zwolle", "gemeente-financien", gemeente=zwolle)
    assert selectors.pgb_verplichtingen(user=financien_kampen, jaar=JAAR) == []
    assert [r.gemeente for r in selectors.pgb_verplichtingen(user=financien_zwolle, jaar=JAAR)] == [zwolle]
    # another municipality asked for explicitly: still outside the reader's scope
    assert selectors.pgb_verplichtingen(user=financien_kampen, jaar=JAAR, gemeenten=[zwolle]) == []
    assert len(selectors.pgb_verplichtingen(user=systeem, jaar=JAAR)) == 1
    assert selectors.pgb_verplichtingen(user=make_user("po", "privacy-officer", regio=regio), jaar=JAAR) == []


def test_list_only_for_the_municipalitys_access_workers(toegang, toegang_kampen, zwolle, make_user, regio, huisarts):
    besluit = _pgb(toegang, _client(toegang, zwolle, "123456782"), dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31), "100")
    assert list(selectors.pgbbesluit_list(user=toegang)) == [besluit]
    assert selectors.pgbbesluit_get(user=toegang, uuid=besluit.uuid) == besluit
    assert list(selectors.pgbbesluit_list(user=toegang, wet="jeugdwet")) == []
    assert list(selectors.pgbbesluit_list(user=toegang_kampen)) == []
    for user in (huisarts, make_user("cm", "regio-contractmanager", regio=regio)):
        with pytest.raises(NotAllowed) as exc:
            selectors.pgbbesluit_list(user=user)
        assert exc.value.code == "geen_toegang"


def test_pgb_loopt(toegang, zwolle):
    client = _client(toegang, zwolle, "123456782")
    besluit = _pgb(toegang, client, dt.date(JAAR, 1, 1), dt.date(JAAR, 12, 31), "100")
    assert selectors.pgb_loopt(client=client, wet="wmo", op=dt.date(JAAR, 6, 1))
    assert not selectors.pgb_loopt(client=client, wet="jeugdwet", op=dt.date(JAAR, 6, 1))
    services.pgbbesluit_beeindigen(besluit=besluit, door=toegang, per=dt.date(JAAR, 5, 31), toelichting="Klaar.")
    assert not selectors.pgb_loopt(client=client, wet="wmo", op=dt.date(JAAR, 6, 1))
