"""The Wmo products of Zwolle (issue 17) through the iWmo 3.2 messages: every message written for them
validates against the XSD and reads back to the same data, with the Omvang (Eenheid/Frequentie) of
its funding form; and the whole chain WMO315 -> 301 -> 302 -> 305 -> 323 -> 325 -> 307 for an aid, home
support and transport, including an aid invoiced twice (refused, retourcode 9322)."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from tests.declaraties import helpers as h
from uitkomst.berichten import inhoud as i
from uitkomst.berichten import regels, services, voorbeeld
from uitkomst.berichten.models import Bericht, Richting, Status, Verzoek
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.declaraties import services as declaraties
from uitkomst.declaraties.models import Declaratieregel, Regelstatus
from uitkomst.trajecten.models import Traject

from .helpers import antwoord, codes, inhoud, ontvang
from .test_schrijven import _301, _geldig_en_rond
from .test_verzoeken import toewijzen

MODEL = "zwolle-wmo-maatwerk"

# product: (Omvang in the WMO301, the March prestatie, the volume to agree for a P×Q product)
PRODUCTEN = {
    "OT-M": ((41000, "83", "4"), {}, None),  # integral home support: EUR 410 per month
    "HM-KOOP-ROLSTOEL": ((1, "82", "6"), {}, None),  # an aid bought: one item
    "HM-HUUR-SCOOTMOBIEL": ((1, "82", "4"), {}, None),  # an aid leased with maintenance: one per month
    "VV-RIT": ((20, "84", "6"), {"volume": 8}, Decimal(20)),  # transport: 20 rides
    "DB-INDIVIDUEEL": ((40, "16", "6"), {"volume": 6}, Decimal(40)),  # individual day activities: day-parts
}


@pytest.fixture
def wmo_aanbieder(modellen):
    a = h.aanbieder("Zorg Thuis IJssel (fictief)")
    h.contracteer(a, MODEL)
    return a


@pytest.fixture
def wmo_user(make_user, wmo_aanbieder, regio):
    return make_user("wmo-aanbieder", "aanbieder", aanbieder=wmo_aanbieder, regio=regio)


def _toewijzing(code, toegang, wmo_user, zwolle, volume, **kw):
    tw = h.traject(
        toegang_user=toegang,
        aanbieder_user=wmo_user,
        gemeente=zwolle,
        model_code=MODEL,
        productcode=code,
        start=h.datum(3, 3),
        einddatum=kw.pop("einddatum", h.datum(12, 31) if not code.startswith("OT") else None),
        **kw,
    )
    if volume is not None:  # P×Q: the 301 goes out once the volume is agreed
        assert not Bericht.objects.filter(toewijzingversies__toewijzing=tw).exists()
        declaraties.volume_vastleggen(toewijzing=tw, volume=volume, door=toegang)
    return tw


@pytest.mark.parametrize("code", list(PRODUCTEN))
def test_every_message_of_a_wmo_product_is_valid_and_round_trips(code, toegang, wmo_user, wmo_aanbieder, zwolle):
    omvang, maart, volume = PRODUCTEN[code]
    tw = _toewijzing(code, toegang, wmo_user, zwolle, volume, gestart=False)
    b301 = _301(tw)
    assert (b301.berichtcode, b301.standaard) == ("WMO301", "iwmo")
    p = _geldig_en_rond(b301).Client.ToegewezenProducten[0]
    assert (p.Omvang.Volume, p.Omvang.Eenheid, p.Omvang.Frequentie) == omvang
    assert p.Product == i.Product(Categorie=tw.product.productcategorie, Code=tw.product.productcode_ijw)
    assert p.Budget is None and p.Einddatum == tw.einddatum
    r305 = ontvang(voorbeeld.start(tw, h.datum(3, 3)))
    assert r305.status == "verwerkt" and r305.berichtcode == "WMO305", r305.bevindingen
    _geldig_en_rond(antwoord(r305.bericht, "306"))
    lev = voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), **maart)
    r323 = ontvang(
        voorbeeld.declaratie(
            aanbieder=wmo_aanbieder,
            gemeente=zwolle,
            van=h.datum(3, 1),
            tot=h.datum(3, 31),
            leveringen=[lev],
            standaard="iwmo",
        )
    )
    assert r323.status == "verwerkt" and r323.berichtcode == "WMO323", r323.bevindingen
    b325 = antwoord(r323.bericht, "325")
    assert b325.berichtcode == "WMO325"
    assert _geldig_en_rond(b325).DeclaratieAntwoord.RetourCodes == ["8001"]  # all accepted
    regel = Declaratieregel.objects.get(toewijzing=tw)
    assert regel.status == Regelstatus.TOEGEKEND
    assert regel.bedrag == regels.euro(voorbeeld.prestatie(lev).IngediendBedrag.Bedrag)
    r307 = ontvang(voorbeeld.stop(tw, h.datum(3, 3), h.datum(6, 30), reden="19"))  # WMO588 19: volgens plan
    assert r307.status == "verwerkt" and r307.berichtcode == "WMO307", r307.bevindingen
    _geldig_en_rond(antwoord(r307.bericht, "308"))
    traject = Traject.objects.get(toewijzing=tw)
    assert (traject.status, traject.beeindigd_op) == ("beeindigd", h.datum(6, 30))
    _geldig_en_rond(_301(tw))  # the shortened assignment goes out again, valid too


SCENARIO = {
    # product: requested Omvang, March prestatie, a faulty copy and its retourcode
    "HM-KOOP-ROLSTOEL": (None, {}, {"ProductCode": "11H02"}, "9340"),
    "OT-M": (None, {}, {"ProductCategorie": "02"}, "9339"),
    "VV-RIT": ((20, "84", "6"), {"volume": 8}, {"Eenheid": "16"}, "9341"),
}


@pytest.mark.parametrize("code", list(SCENARIO))
def test_wmo_chain_through_messages(code, zwolle, wmo_aanbieder, toegang, financien):
    gevraagd, maart, fout_velden, fout_code = SCENARIO[code]
    product = Inkoopmodel.objects.get(code=MODEL).producten.get(code=code)
    start, einde = h.datum(3, 3), h.datum(10, 31)
    # 315: the provider asks for the assignment that goes with an open Wmo decision (beschikking)
    aanvraag = voorbeeld.Aanvraag(
        product=product,
        ingangsdatum=start,
        einddatum=einde,
        referentie=f"VOT-{code}"[:20],
        verwijzer_type="01",
        verwijzer_code=None,
        verwijzer_naam="Wmo-consulent",
        beschikkingnummer="20250042",
        beschikking_ingangsdatum=start,
    )
    if gevraagd:
        aanvraag.volume, aanvraag.eenheid, aanvraag.frequentie = gevraagd
    r315 = ontvang(
        voorbeeld.verzoek_toewijzing(
            gemeente=zwolle,
            aanbieder=wmo_aanbieder,
            bsn=next(h.BSNS),
            geboortedatum=dt.date(1948, 2, 1),
            aanvragen=[aanvraag],
            standaard="iwmo",
        )
    )
    assert r315.status == "verwerkt" and r315.berichtcode == "WMO315", r315.bevindingen
    assert codes(antwoord(r315.bericht, "316")) == {"0200"}
    verzoek = r315.bericht.verzoeken.get()
    assert verzoek.beschikkingnummer == "20250042" and verzoek.standaard == "iwmo"
    assert "Wmo-beschikking" in verzoek.verwijzing.toelichting
    tw = toewijzen(verzoek, toegang)
    if gevraagd:
        volume = regels.eenheden_uit_omvang(i.Omvang(Volume=20, Eenheid="84", Frequentie="6"), ingangsdatum=start,
                                            einddatum=einde)  # fmt: skip
        declaraties.volume_vastleggen(toewijzing=tw, volume=volume, door=toegang)
    b301 = Bericht.objects.filter(richting=Richting.UIT, berichtcode="WMO301").latest("pk")
    p301 = inhoud(b301).Client.ToegewezenProducten[0]
    assert (p301.ToewijzingNummer, p301.ReferentieAanbieder) == (tw.pk, aanvraag.referentie)
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.TOEGEWEZEN
    _, data301 = services.uitgaand_bestand(b301)
    assert ontvang(voorbeeld.retour_op(data301)).status == "verwerkt"  # WMO302
    r305 = ontvang(voorbeeld.start(tw, start))
    assert r305.status == "verwerkt" and codes(antwoord(r305.bericht, "306")) == {"0200"}
    assert Traject.objects.get(toewijzing=tw).status == "gestart"
    # 323 for March: one prestatie accepted, one rejected on a rule of the standard
    goed = voorbeeld.Levering(toewijzing=tw, van=start, tot=h.datum(3, 31), referentie=f"{code[:8]}-1", **maart)
    fout = dataclasses.replace(goed, referentie=f"{code[:8]}-2")
    r323 = ontvang(
        voorbeeld.declaratie(
            aanbieder=wmo_aanbieder,
            gemeente=zwolle,
            van=h.datum(3, 1),
            tot=h.datum(3, 31),
            leveringen=[goed, fout],
            prestaties=[voorbeeld.prestatie(goed), dataclasses.replace(voorbeeld.prestatie(fout), **fout_velden)],
            standaard="iwmo",
        )
    )
    assert r323.status == "verwerkt", r323.bevindingen
    a = inhoud(antwoord(r323.bericht, "325")).DeclaratieAntwoord
    afgewezen = {p.ProductReferentie.ReferentieNummer: p.RetourCodes for c in a.Clienten for p in c.Prestaties}
    assert afgewezen == {f"{code[:8]}-2": [fout_code]}
    assert a.TotaalToegekendBedrag.TotaalBedrag == voorbeeld.prestatie(goed).IngediendBedrag.Bedrag
    if code == "HM-KOOP-ROLSTOEL":  # the same aid again in April: refused, 9322, nothing paid
        april = voorbeeld.Levering(toewijzing=tw, van=h.datum(4, 1), tot=h.datum(4, 30), referentie="HM-KOOP-3")
        r = ontvang(
            voorbeeld.declaratie(
                aanbieder=wmo_aanbieder,
                gemeente=zwolle,
                van=h.datum(4, 1),
                tot=h.datum(4, 30),
                leveringen=[april],
                standaard="iwmo",
            )
        )
        antw = inhoud(antwoord(r.bericht, "325")).DeclaratieAntwoord
        assert antw.TotaalToegekendBedrag.TotaalBedrag == 0
        assert [p.RetourCodes for c in antw.Clienten for p in c.Prestaties] == [["9322"]]
        regel = Declaratieregel.objects.get(toewijzing=tw, begindatum=h.datum(4, 1))
        assert regel.status == Regelstatus.AFGEWEZEN and {x["code"] for x in regel.redenen} == {"hulpmiddel_al_betaald"}
    # 307: the provider ends the delivery according to plan (WMO588 19)
    r307 = ontvang(voorbeeld.stop(tw, start, h.datum(5, 31), reden="19"))
    assert r307.status == "verwerkt" and codes(antwoord(r307.bericht, "308")) == {"0200"}
    traject = Traject.objects.get(toewijzing=tw)
    assert (traject.status, traject.beeindigd_op, traject.reden_beeindiging) == ("beeindigd", h.datum(5, 31), "31")
    # finance approves the accepted lines and pays them, as in the pages
    lines = list(Declaratieregel.objects.filter(toewijzing=tw, status=Regelstatus.TOEGEKEND))
    assert len(lines) == 1
    declaraties.regels_goedkeuren(regels=lines, door=financien)
    ronde = declaraties.betaalronde_maken(door=financien)
    assert ronde.totaal == lines[0].bedrag == {"HM-KOOP-ROLSTOEL": Decimal("1150.00"), "OT-M": Decimal("410.00"),
                                                "VV-RIT": Decimal("132.00")}[code]  # fmt: skip
    for b in (r315.bericht, r305.bericht, r323.bericht, r307.bericht):
        b.refresh_from_db()
        assert b.status == Status.BEANTWOORD, (b.berichtcode, b.status)
