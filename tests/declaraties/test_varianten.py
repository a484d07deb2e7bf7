"""Amount rules per funding variant, validation rules and partial acceptance (real database)."""

import datetime as dt

import pytest

from uitkomst.catalogus.models import Betaalschema
from uitkomst.declaraties import services
from uitkomst.declaraties.models import Declaratie, Declaratieregel, Regelstatus
from uitkomst.declaraties.regels import termijnbedragen, termijnen_uit
from uitkomst.utils import klok
from uitkomst.utils.errors import NotAllowed, ValidationFailed

from . import helpers as h
from .helpers import D, datum

pytestmark = pytest.mark.django_db


def indienen(user, regels, van=None, tot=None, **kw):
    return services.declaratie_indienen(
        aanbieder=user.aanbieder,
        begindatum=van or datum(1, 1),
        einddatum=tot or datum(12, 31),
        regels=regels,
        door=user,
        **kw,
    )


def regels_van(d: Declaratie):
    return list(d.regels.order_by("regelnummer"))


# --- trajectory with a payment schedule ----------------------------------------------------------


def test_traject_start_geaccepteerd_eind_geweigerd_in_een_declaratie(maak, aanbieder_user):
    tw = maak()  # P01-P: 50% at the start, 50% at the end; started, not ended
    helft = tw.budget / 2
    d = indienen(
        aanbieder_user,
        [
            h.regel(tw, datum(3, 3), datum(3, 31), termijn=1, bedrag=helft, regelnummer=1),
            h.regel(tw, datum(3, 3), datum(3, 31), termijn=2, bedrag=helft, regelnummer=2),
        ],
    )
    start, eind = regels_van(d)
    assert start.status == Regelstatus.TOEGEKEND and start.redenen == []
    assert eind.status == Regelstatus.AFGEWEZEN
    assert h.codes(eind) == {"eindbetaling_niet_beeindigd"}
    assert eind.redenen[0]["melding"].startswith("Termijn 2 is de eindbetaling")
    assert d.totaal_toegekend == helft and d.totaal_afgewezen == helft and d.aantal_afgewezen == 1
    assert d.totaal_ingediend == d.totaal_toegekend + d.totaal_afgewezen


def test_traject_volledig_betaald_tot_de_cent_en_niet_meer(maak, aanbieder_user):
    tw = maak(einde=datum(7, 15))
    indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31))])  # next open installment: 1
    d2 = indienen(aanbieder_user, [h.regel(tw, datum(7, 1), datum(7, 15))])  # installment 2 (end)
    assert regels_van(d2)[0].status == Regelstatus.TOEGEKEND
    totaal = sum(x.bedrag for x in Declaratieregel.objects.filter(toewijzing=tw, status=Regelstatus.TOEGEKEND))
    assert totaal == tw.budget
    d3 = indienen(aanbieder_user, [h.regel(tw, datum(7, 1), datum(7, 15), termijn=2, bedrag=tw.budget / 2)])
    assert {"dubbele_declaratie", "budget_overschreden"} <= h.codes(regels_van(d3)[0])


def test_meerwerk_wordt_geweigerd(maak, aanbieder_user):
    tw = maak()
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1, bedrag=tw.budget)])
    x = regels_van(d)[0]
    assert x.status == Regelstatus.AFGEWEZEN
    assert "bedrag_past_niet" in h.codes(x)
    assert "Meerwerk" in x.redenen[0]["melding"]


def test_termijn_onbekend(maak, aanbieder_user):
    tw = maak()
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=3, bedrag=D("1.00"))])
    assert h.codes(regels_van(d)[0]) == {"termijn_onbekend"}


def test_voortijdig_pro_rata(maak, aanbieder_user):
    tw = maak(einde=datum(4, 15), reden="32")  # dropped out after 44 of 184 days
    indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)])  # start: half the budget
    dagen, gepland = (datum(4, 15) - datum(3, 3)).days + 1, (tw.einddatum - tw.startdatum).days + 1
    recht = (tw.budget * dagen / gepland).quantize(D("0.01"))
    assert recht < tw.budget / 2
    d = indienen(aanbieder_user, [h.regel(tw, datum(4, 1), datum(4, 15), termijn=2, bedrag=D("10.00"))])
    x = regels_van(d)[0]
    assert x.status == Regelstatus.AFGEWEZEN and "voortijdig_geen_recht" in h.codes(x)


def test_voortijdig_pro_rata_eindbetaling_is_het_restant(maak, aanbieder_user):
    tw = maak(einde=datum(8, 1), reden="34")
    dagen, gepland = (datum(8, 1) - datum(3, 3)).days + 1, (tw.einddatum - tw.startdatum).days + 1
    recht = (tw.budget * dagen / gepland).quantize(D("0.01"))
    indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)])
    te_veel = indienen(aanbieder_user, [h.regel(tw, datum(8, 1), datum(8, 1), termijn=2, bedrag=tw.budget / 2)])
    assert "bedrag_past_niet" in h.codes(regels_van(te_veel)[0])
    goed = indienen(aanbieder_user, [h.regel(tw, datum(8, 1), datum(8, 1), termijn=2, bedrag=recht - tw.budget / 2)])
    assert regels_van(goed)[0].status == Regelstatus.TOEGEKEND
    assert services.betaald_per_toewijzing([tw.pk])[tw.pk] == recht


def test_voortijdig_vast_aandeel(maak, aanbieder_user, contractmanager):
    tw = maak(einde=datum(8, 1), reden="33")
    schema = Betaalschema.objects.get(pk=tw.product.betaalschema_id)
    services.beeindigingsregel_vastleggen(
        betaalschema=schema, regel="vast-aandeel", aandeel=D("0.75"), door=contractmanager
    )
    indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)])
    d = indienen(aanbieder_user, [h.regel(tw, datum(8, 1), datum(8, 1), termijn=2)])
    x = regels_van(d)[0]
    assert x.status == Regelstatus.TOEGEKEND
    assert x.bedrag == (tw.budget * D("0.75")).quantize(D("0.01")) - tw.budget / 2


def test_beeindigingsregel_ongeldig(maak, contractmanager, aanbieder_user):
    schema = Betaalschema.objects.filter(inkoopmodel__code="ijsselland-jeugd-2018").first()
    with pytest.raises(ValidationFailed) as e:
        services.beeindigingsregel_vastleggen(
            betaalschema=schema, regel="vast-aandeel", aandeel=D("1.5"), door=contractmanager
        )
    assert e.value.code == "aandeel_ongeldig"
    with pytest.raises(NotAllowed) as e:
        services.beeindigingsregel_vastleggen(betaalschema=schema, regel="pro-rata", door=aanbieder_user)
    assert e.value.code == "geen_toegang"


def test_duurzaam_twaalf_maandtermijnen_tellen_op_tot_het_budget(maak, aanbieder_user):
    tw = maak("P03-D", start=datum(1, 6))
    termijnen = termijnen_uit([("maandelijks", D("0.0833"), 11), ("maandelijks", D("0.0837"), 1)])
    bedragen = termijnbedragen(tw.budget, termijnen)
    assert len(bedragen) == 12 and sum(bedragen) == tw.budget
    regels = []
    for k in range(1, 12):
        start = dt.date(h.JAAR, k, 6)
        regels.append(h.regel(tw, start, start + dt.timedelta(days=20), termijn=k, regelnummer=k))
    d = indienen(aanbieder_user, regels)
    assert d.aantal_afgewezen == 0, [x.redenen for x in regels_van(d)]
    # month 12 starts on 6 December: it has not appeared within a November period
    d2 = indienen(aanbieder_user, [h.regel(tw, datum(11, 27), datum(11, 30), termijn=12)])
    assert h.codes(regels_van(d2)[0]) == {"termijn_nog_niet_verschenen"}
    d3 = indienen(aanbieder_user, [h.regel(tw, datum(12, 6), datum(12, 31), termijn=12)])
    assert regels_van(d3)[0].status == Regelstatus.TOEGEKEND
    assert services.betaald_per_toewijzing([tw.pk])[tw.pk] == tw.budget


def test_maandtermijn_na_beeindiging(maak, aanbieder_user):
    tw = maak("P03-D", start=datum(1, 6), einde=datum(3, 20), reden="31")
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 6), datum(3, 20), termijn=4)])
    assert "termijn_nog_niet_verschenen" in h.codes(regels_van(d)[0])
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 21), datum(3, 31), termijn=3)])
    assert "periode_na_einde" in h.codes(regels_van(d)[0])


# --- the general rules ---------------------------------------------------------------------------


def test_niet_de_verantwoordelijke_aanbieder(maak, ander_user):
    tw = maak()
    d = indienen(ander_user, [h.regel(tw, datum(3, 3), datum(3, 31))])
    x = regels_van(d)[0]
    assert h.codes(x) == {"niet_verantwoordelijk"} and x.toewijzing_id is None and x.bedrag == 0


def test_onbekende_toewijzing(aanbieder_user):
    d = indienen(aanbieder_user, [h.regel("TW99999999", datum(3, 3), datum(3, 31), bedrag=D("5.00"))])
    assert h.codes(regels_van(d)[0]) == {"toewijzing_onbekend"}


def test_periode_buiten_toewijzing_en_voor_start(maak, aanbieder_user):
    tw = maak(start=datum(3, 3))
    d = indienen(aanbieder_user, [h.regel(tw, datum(2, 20), datum(3, 10), termijn=1)])
    assert {"periode_buiten_toewijzing", "periode_voor_start"} <= h.codes(regels_van(d)[0])


def test_na_werkelijke_start(maak, aanbieder_user):
    tw = maak(start=datum(3, 3), gestart=False)
    from uitkomst.trajecten import services as trajecten

    trajecten.traject_accepteren(traject=tw.traject, door=aanbieder_user)
    trajecten.traject_starten(traject=tw.traject, door=aanbieder_user, datum=datum(3, 20))
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)])
    x = regels_van(d)[0]
    assert h.codes(x) == {"periode_voor_start"}
    assert "20-03" in x.redenen[0]["melding"]


def test_traject_niet_gestart(maak, aanbieder_user):
    tw = maak(gestart=False)
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)])
    assert "traject_niet_gestart" in h.codes(regels_van(d)[0])


def test_regelperiode_buiten_declaratieperiode_en_toekomst(maak, aanbieder_user):
    tw = maak()
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)], van=datum(4, 1), tot=datum(4, 30))
    assert "periode_buiten_declaratie" in h.codes(regels_van(d)[0])
    morgen = klok.vandaag() + dt.timedelta(days=1)
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), morgen, termijn=1)], van=datum(1, 1), tot=klok.vandaag())
    assert "periode_toekomst" in h.codes(regels_van(d)[0])


def test_declaratieperiode_in_de_toekomst_en_zonder_regels(aanbieder_user):
    morgen = klok.vandaag() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as e:
        indienen(aanbieder_user, [], van=datum(1, 1), tot=morgen)
    assert {p.code for p in e.value.problems} == {"periode_toekomst", "geen_regels"}
    with pytest.raises(ValidationFailed) as e:
        indienen(aanbieder_user, [h.regel("X", datum(1, 1), datum(1, 2))], van=datum(2, 1), tot=datum(1, 1))
    assert e.value.code == "periode_ongeldig"
    assert Declaratie.objects.count() == 0


def test_totaal_klopt_niet_weigert_de_hele_declaratie(maak, aanbieder_user):
    tw = maak()
    with pytest.raises(ValidationFailed) as e:
        indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)], totaal=D("1.00"))
    assert e.value.code == "totaal_klopt_niet"
    assert Declaratie.objects.count() == 0 and Declaratieregel.objects.count() == 0
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)], totaal=tw.budget / 2)
    assert d.totaal_ingediend == tw.budget / 2


def test_dubbel_binnen_een_declaratie(maak, aanbieder_user):
    tw = maak()
    d = indienen(
        aanbieder_user,
        [
            h.regel(tw, datum(3, 3), datum(3, 31), termijn=1, regelnummer=1),
            h.regel(tw, datum(3, 3), datum(3, 31), termijn=1, regelnummer=2),
        ],
    )
    a, b = regels_van(d)
    assert a.status == Regelstatus.TOEGEKEND and h.codes(b) == {"dubbele_declaratie"}


def test_alleen_de_aanbieder_zelf_dient_in(maak, aanbieder_user, financien, ander_user):
    with pytest.raises(NotAllowed) as e:
        services.declaratie_indienen(
            aanbieder=aanbieder_user.aanbieder,
            begindatum=datum(1, 1),
            einddatum=datum(1, 31),
            regels=[],
            door=financien,
        )
    assert e.value.code == "geen_toegang"
    with pytest.raises(NotAllowed) as e:
        services.declaratie_indienen(
            aanbieder=aanbieder_user.aanbieder,
            begindatum=datum(1, 1),
            einddatum=datum(1, 31),
            regels=[],
            door=ander_user,
        )
    assert e.value.code == "geen_toegang"


# --- weekly tariff ---------------------------------------------------------------------------------


def test_weektarief(maak, aanbieder_user):
    tw = maak("R1-L", start=datum(3, 3), model_code="rotterdam-rijnmond-jeugd-week")
    tarief = tw.budget
    d = indienen(
        aanbieder_user,
        [
            h.regel(tw, datum(3, 3), datum(3, 30), aantal=D("4"), bedrag=tarief * 4, regelnummer=1),
            h.regel(tw, datum(4, 1), datum(4, 28), aantal=D("5"), bedrag=tarief * 5, regelnummer=2),
            h.regel(tw, datum(5, 1), datum(5, 28), aantal=D("4"), tarief=tarief + 1, regelnummer=3),
            h.regel(tw, datum(6, 1), datum(6, 28), aantal=D("4"), bedrag=tarief * 4 + D("0.01"), regelnummer=4),
            h.regel(tw, datum(3, 20), datum(3, 27), aantal=D("1"), regelnummer=5),
        ],
    )
    a, b, c, e, f = regels_van(d)
    assert a.status == Regelstatus.TOEGEKEND and a.bedrag == tarief * 4 and a.tarief == tarief
    assert h.codes(b) == {"weken_overschreden"}
    assert "tarief_onjuist" in h.codes(c)
    assert h.codes(e) == {"rekenfout"}
    assert h.codes(f) == {"dubbele_declaratie"}


def test_weektarief_tot_het_einde_en_niet_verder(maak, aanbieder_user):
    tw = maak("R1-L", start=datum(3, 3), einde=datum(3, 16), model_code="rotterdam-rijnmond-jeugd-week")
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), aantal=D("3"))])
    assert h.codes(regels_van(d)[0]) == {"weken_overschreden"}
    d = indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31))])  # default: the weeks in care
    x = regels_van(d)[0]
    assert x.status == Regelstatus.TOEGEKEND and x.aantal == D("2.00") and x.bedrag == tw.budget * 2


def test_weektarief_na_einde_toewijzing(maak, aanbieder_user):
    tw = maak("R1-L", start=datum(3, 3), model_code="rotterdam-rijnmond-jeugd-week", einddatum=datum(4, 30))
    d = indienen(aanbieder_user, [h.regel(tw, datum(4, 20), datum(5, 10), aantal=D("1"))])
    assert "periode_buiten_toewijzing" in h.codes(regels_van(d)[0])


# --- arrangement ----------------------------------------------------------------------------------


def test_arrangement_eenmalig(maak, aanbieder_user):
    tw = maak("W01-1", start=datum(3, 3), einde=datum(5, 1), model_code="west-brabant-west-jeugd-arrangement")
    d = indienen(
        aanbieder_user,
        [h.regel(tw, datum(3, 3), datum(3, 31), regelnummer=1), h.regel(tw, datum(5, 1), datum(5, 1), regelnummer=2)],
    )
    assert d.aantal_afgewezen == 0 and d.totaal_toegekend == tw.budget
    d2 = indienen(aanbieder_user, [h.regel(tw, datum(5, 1), datum(5, 1), termijn=1, bedrag=tw.budget / 2)])
    assert {"dubbele_declaratie", "budget_overschreden"} <= h.codes(regels_van(d2)[0])
