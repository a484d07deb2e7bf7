"""The whole chain through messages only, for a trajectory (outputgericht, euro's), a P×Q product and
a weekly tariff: 315 -> 301 -> 305 -> 323 -> 325 (one prestatie rejected, with its retourcode) -> 307,
after which the trajectory, the invoice and the payment run end as they do through the pages.

The provider's side is messages only; the municipality's side is what its people do in the pages
(the access worker assigns, finance approves and pays), through the same services."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from tests.declaraties import helpers as h
from uitkomst.berichten import regels, services, voorbeeld
from uitkomst.berichten.models import Bericht, Richting, Status, Verzoek
from uitkomst.declaraties import services as declaraties
from uitkomst.declaraties.models import Declaratieregel, Regelstatus
from uitkomst.trajecten.models import Traject

from .helpers import antwoord, codes, inhoud, ontvang
from .test_verzoeken import toewijzen

VARIANTEN = {
    # product: requested Omvang, the two prestaties of March (accepted, rejected), the rejection's code
    "TR83": {"omvang": None, "maart": {"bedrag": 200000}, "fout": {"ProductCode": "45T82"}, "code": "9340"},
    "UUR": {"omvang": (40, "04", "6"), "maart": {"volume": 6}, "fout": {"Eenheid": "16"}, "code": "9341"},
    "WEEK": {"omvang": (1, "82", "2"), "maart": {"volume": 4}, "fout": {"ProductCategorie": "54"}, "code": "9339"},
}


@pytest.mark.parametrize("code", list(VARIANTEN))
def test_chain_through_messages(code, zwolle, gecontracteerd, berichtenmodel, toegang, financien):
    v = VARIANTEN[code]
    aanbieder = gecontracteerd
    product = berichtenmodel.producten.get(code=code)
    start, einde = h.datum(3, 3), h.datum(8, 31)
    # 315: the provider asks for the assignment (a GP referral)
    aanvraag = voorbeeld.Aanvraag(product=product, ingangsdatum=start, einddatum=einde, referentie=f"VOT-{code}")
    if v["omvang"]:
        aanvraag.volume, aanvraag.eenheid, aanvraag.frequentie = v["omvang"]
    r315 = ontvang(
        voorbeeld.verzoek_toewijzing(
            gemeente=zwolle,
            aanbieder=aanbieder,
            bsn=next(h.BSNS),
            geboortedatum=dt.date(2013, 6, 1),
            aanvragen=[aanvraag],
        )
    )
    assert r315.status == "verwerkt" and codes(antwoord(r315.bericht, "316")) == {"0200"}
    verzoek = r315.bericht.verzoeken.get()
    # the access worker assigns (plan, product, provider) -> the 301 answers the request
    tw = toewijzen(verzoek, toegang)
    if product.bekostiging == "inspanning":
        volume = regels.eenheden_uit_omvang(
            services.inhoud.Omvang(Volume=40, Eenheid="04", Frequentie="6"), ingangsdatum=start, einddatum=einde
        )
        declaraties.volume_vastleggen(toewijzing=tw, volume=volume, door=toegang)
    b301 = Bericht.objects.filter(richting=Richting.UIT, berichtcode="JW301").latest("pk")
    p301 = inhoud(b301).Client.ToegewezenProducten[0]
    assert (p301.ToewijzingNummer, p301.ReferentieAanbieder) == (tw.pk, f"VOT-{code}")
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.TOEGEWEZEN
    # the provider's retour on the 301, then the start
    _, data301 = services.uitgaand_bestand(b301)
    assert ontvang(voorbeeld.retour_op(data301)).status == "verwerkt"
    r305 = ontvang(voorbeeld.start(tw, start))
    assert r305.status == "verwerkt" and codes(antwoord(r305.bericht, "306")) == {"0200"}
    assert Traject.objects.get(toewijzing=tw).status == "gestart"
    # 323 for March: one prestatie accepted, one rejected
    goed = voorbeeld.Levering(toewijzing=tw, van=start, tot=h.datum(3, 31), referentie=f"{code}-1", **v["maart"])
    fout = dataclasses.replace(goed, referentie=f"{code}-2")
    p_fout = dataclasses.replace(voorbeeld.prestatie(fout), **v["fout"])
    r323 = ontvang(
        voorbeeld.declaratie(
            aanbieder=aanbieder,
            gemeente=zwolle,
            van=h.datum(3, 1),
            tot=h.datum(3, 31),
            leveringen=[goed, fout],
            prestaties=[voorbeeld.prestatie(goed), p_fout],
        )
    )
    assert r323.status == "verwerkt"
    a = inhoud(antwoord(r323.bericht, "325")).DeclaratieAntwoord
    afgewezen = {p.ProductReferentie.ReferentieNummer: p.RetourCodes for c in a.Clienten for p in c.Prestaties}
    assert afgewezen == {f"{code}-2": [v["code"]]}
    toegekend = voorbeeld.prestatie(goed).IngediendBedrag.Bedrag
    assert a.TotaalToegekendBedrag.TotaalBedrag == toegekend
    # 307: the provider ends the delivery according to plan
    r307 = ontvang(voorbeeld.stop(tw, start, h.datum(5, 31), reden="31"))
    assert r307.status == "verwerkt" and codes(antwoord(r307.bericht, "308")) == {"0200"}
    traject = Traject.objects.get(toewijzing=tw)
    assert (traject.status, traject.beeindigd_op, traject.reden_beeindiging) == ("beeindigd", h.datum(5, 31), "31")
    if code == "TR83":  # the end installment of the trajectory, in the month it ended
        eind = voorbeeld.Levering(
            toewijzing=tw, van=h.datum(5, 1), tot=h.datum(5, 31), bedrag=200000, referentie="TR83-3"
        )
        r = ontvang(
            voorbeeld.declaratie(
                aanbieder=aanbieder, gemeente=zwolle, van=h.datum(5, 1), tot=h.datum(5, 31), leveringen=[eind]
            )
        )
        assert inhoud(antwoord(r.bericht, "325")).DeclaratieAntwoord.RetourCodes == ["8001"]
    # finance approves the accepted lines and pays them in a payment run, as in the pages
    lines = Declaratieregel.objects.filter(toewijzing=tw, status=Regelstatus.TOEGEKEND)
    assert lines.exists()
    declaraties.regels_goedkeuren(regels=list(lines), door=financien)
    ronde = declaraties.betaalronde_maken(door=financien)
    betaald = Declaratieregel.objects.filter(toewijzing=tw, status=Regelstatus.BETAALD)
    assert set(betaald) == set(lines) and ronde.totaal == sum((x.bedrag for x in betaald), Decimal(0))
    if code == "TR83":
        assert ronde.totaal == Decimal("4000.00")  # the whole trajectory price, in two installments
    # every message of the chain is in the log, answered
    for b in (r315.bericht, r305.bericht, r323.bericht, r307.bericht):
        b.refresh_from_db()
        assert b.status == Status.BEANTWOORD, (b.berichtcode, b.status)
