"""The Wmo invoice rules (issue 17) on the real database: an aid is paid once (a purchase once per
assignment, a lease once per month), integral home support once per month at its monthly tariff,
transport rides within the assigned number. A refused line changes nothing that counts."""

import pytest

from uitkomst.declaraties import regels as r
from uitkomst.declaraties import services
from uitkomst.declaraties.models import Declaratieregel, Regelstatus
from uitkomst.utils.errors import ValidationFailed

from . import helpers as h
from .helpers import D, datum

pytestmark = pytest.mark.django_db
MODEL = "zwolle-wmo-maatwerk"


@pytest.fixture
def wmo_aanbieder(modellen):
    a = h.aanbieder("Thuis in Zwolle (fictief)")
    h.contracteer(a, MODEL)
    return a


@pytest.fixture
def wmo_user(make_user, wmo_aanbieder, regio):
    return make_user("wmo-aanbieder", "aanbieder", aanbieder=wmo_aanbieder, regio=regio)


@pytest.fixture
def wmo(toegang, wmo_user, zwolle):
    """``wmo(productcode, ...)``: a Wmo assignment of our provider for a Zwolle resident, started 3 March."""

    def _maak(productcode, **kw):
        kw.setdefault("einddatum", datum(12, 31))
        return h.traject(
            toegang_user=toegang,
            aanbieder_user=wmo_user,
            gemeente=zwolle,
            model_code=MODEL,
            productcode=productcode,
            start=kw.pop("start", datum(3, 3)),
            **kw,
        )

    return _maak


def indienen(user, regels):
    return services.declaratie_indienen(
        aanbieder=user.aanbieder, begindatum=datum(1, 1), einddatum=datum(12, 31), regels=regels, door=user
    )


def toegekend(tw) -> D:
    return sum(
        (x.bedrag for x in Declaratieregel.objects.filter(toewijzing=tw, status=Regelstatus.TOEGEKEND)), D("0.00")
    )


# --- an aid bought: paid once per assignment -----------------------------------------------------------


def test_a_purchased_aid_invoiced_twice_is_refused_and_nothing_changes(wmo, wmo_user):
    tw = wmo("HM-KOOP-ROLSTOEL")
    assert tw.budget == D("1150.00")
    eerste = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31))]).regels.get()
    assert eerste.status == Regelstatus.TOEGEKEND and eerste.bedrag == D("1150.00") and eerste.aantal == 1
    voor = (toegekend(tw), Declaratieregel.objects.filter(status=Regelstatus.TOEGEKEND).count())
    tweede = indienen(wmo_user, [h.regel(tw, datum(4, 1), datum(4, 30))]).regels.get()
    assert tweede.status == Regelstatus.AFGEWEZEN and h.codes(tweede) == {"hulpmiddel_al_betaald"}
    reden = tweede.redenen[0]
    assert reden["retourcode"] == "9322"
    assert "al gedeclareerd" in reden["melding"] and "één keer per toewijzing" in reden["melding"]
    assert (toegekend(tw), Declaratieregel.objects.filter(status=Regelstatus.TOEGEKEND).count()) == voor
    eerste.refresh_from_db()
    assert eerste.status == Regelstatus.TOEGEKEND  # the first claim is untouched


def test_two_lines_for_one_aid_in_one_invoice_pay_one(wmo, wmo_user):
    tw = wmo("HM-KOOP-SCOOTMOBIEL")
    d = indienen(
        wmo_user,
        [h.regel(tw, datum(3, 3), datum(3, 31), regelnummer=1), h.regel(tw, datum(3, 3), datum(3, 31), regelnummer=2)],
    )
    a, b = d.regels.order_by("regelnummer")
    assert a.status == Regelstatus.TOEGEKEND and b.status == Regelstatus.AFGEWEZEN
    assert h.codes(b) == {"hulpmiddel_al_betaald"} and d.totaal_toegekend == D("2650.00")


def test_after_a_credit_the_aid_may_be_invoiced_again(wmo, wmo_user):
    tw = wmo("HM-KOOP-ROLSTOEL")
    eerste = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31))]).regels.get()
    credit = indienen(wmo_user, [r.Invoer(regelnummer=1, crediteert=str(eerste.uuid))]).regels.get()
    assert credit.status == Regelstatus.TOEGEKEND and credit.bedrag == D("-1150.00")
    opnieuw = indienen(wmo_user, [h.regel(tw, datum(4, 1), datum(4, 30))]).regels.get()
    assert opnieuw.status == Regelstatus.TOEGEKEND and toegekend(tw) == D("1150.00")


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"aantal": D(2)}, "volume_overschreden"),  # one item is assigned
        ({"aantal": D("0.5")}, "aantal_ongeldig"),
        ({"aantal": D(0)}, "aantal_ongeldig"),
        ({"bedrag": D("1200.00")}, "rekenfout"),  # no extra work on an aid
        ({"tarief": D("1200.00")}, "tarief_onjuist"),
    ],
)
def test_bad_aid_lines_are_refused_with_their_code(wmo, wmo_user, kw, code):
    tw = wmo("HM-KOOP-ROLSTOEL")
    regel = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31), **kw)]).regels.get()
    assert regel.status == Regelstatus.AFGEWEZEN and code in h.codes(regel)
    assert toegekend(tw) == 0


def test_an_aid_not_yet_delivered_is_not_paid(wmo, wmo_user):
    tw = wmo("HM-KOOP-ROLSTOEL", gestart=False)
    regel = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31))]).regels.get()
    assert "traject_niet_gestart" in h.codes(regel)


# --- an aid leased, with maintenance: once per month --------------------------------------------------------


def test_a_leased_aid_is_paid_once_per_month(wmo, wmo_user):
    tw = wmo("HM-HUUR-ROLSTOEL")
    maart = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31))]).regels.get()
    assert maart.status == Regelstatus.TOEGEKEND and maart.bedrag == D("62.00")
    nog_eens = indienen(wmo_user, [h.regel(tw, datum(3, 15), datum(3, 31))]).regels.get()
    assert h.codes(nog_eens) == {"hulpmiddel_periode_al_gedeclareerd"}
    assert nog_eens.redenen[0]["retourcode"] == "9389" and "03-" in nog_eens.redenen[0]["melding"]
    april = indienen(wmo_user, [h.regel(tw, datum(4, 1), datum(4, 30))]).regels.get()
    assert april.status == Regelstatus.TOEGEKEND and toegekend(tw) == D("124.00")


@pytest.mark.parametrize(
    ("van", "tot", "kw", "code"),
    [
        ((5, 1), (6, 30), {}, "periode_niet_een_maand"),
        ((5, 1), (5, 31), {"aantal": D(2)}, "aantal_ongeldig"),
        ((5, 1), (5, 31), {"bedrag": D("70.00")}, "rekenfout"),
    ],
)
def test_bad_lease_lines_are_refused_with_their_code(wmo, wmo_user, van, tot, kw, code):
    tw = wmo("HM-HUUR-SCOOTMOBIEL")
    regel = indienen(wmo_user, [h.regel(tw, datum(*van), datum(*tot), **kw)]).regels.get()
    assert regel.status == Regelstatus.AFGEWEZEN and code in h.codes(regel)


# --- integral home support: a result per month -----------------------------------------------------------


def test_home_support_pays_the_monthly_tariff_once_per_month(wmo, wmo_user):
    tw = wmo("OT-M", einddatum=None)  # the intensity's maximum duration (12 months, illustrative)
    assert tw.budget == D("410.00") and tw.einddatum == datum(3, 2, h.JAAR + 1)
    maart = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31))]).regels.get()
    assert maart.status == Regelstatus.TOEGEKEND and maart.bedrag == D("410.00")
    dubbel = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31))]).regels.get()
    assert h.codes(dubbel) == {"dubbele_declaratie"}  # not an aid: the general code
    meer = indienen(wmo_user, [h.regel(tw, datum(4, 1), datum(4, 30), bedrag=D("500.00"))]).regels.get()
    assert h.codes(meer) == {"rekenfout"}
    assert toegekend(tw) == D("410.00")


# --- transport per ride: within the assigned number --------------------------------------------------------


def test_rides_are_paid_within_the_assigned_number(wmo, wmo_user, toegang):
    tw = wmo("VV-RIT")
    zonder = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31), aantal=D(4))]).regels.get()
    assert h.codes(zonder) == {"geen_volume"}
    services.volume_vastleggen(toewijzing=tw, volume=D(20), door=toegang)
    maart = indienen(wmo_user, [h.regel(tw, datum(3, 3), datum(3, 31), aantal=D(12))]).regels.get()
    assert maart.status == Regelstatus.TOEGEKEND and maart.bedrag == D("198.00")  # 12 x EUR 16.50
    april = indienen(wmo_user, [h.regel(tw, datum(4, 1), datum(4, 30), aantal=D(10))]).regels.get()
    assert h.codes(april) == {"volume_overschreden"} and april.redenen[0]["retourcode"] == "9322"
    rest = indienen(wmo_user, [h.regel(tw, datum(4, 1), datum(4, 30), aantal=D(8))]).regels.get()
    assert rest.status == Regelstatus.TOEGEKEND and toegekend(tw) == D("330.00")
    with pytest.raises(ValidationFailed) as err:  # fewer rides than already paid: refused, nothing saved
        services.volume_vastleggen(toewijzing=tw, volume=D(10), door=toegang)
    assert err.value.code == "volume_onder_gebruik"
