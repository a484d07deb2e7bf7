"""Every message the product writes validates against the 3.2 XSDs, for every kind and execution
variant, and reads back to the same data (round trip)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.declaraties import helpers as h
from uitkomst.berichten import inhoud as i
from uitkomst.berichten import services, voorbeeld, xml
from uitkomst.berichten.models import Bericht, Richting, Status
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Bekostigingsvorm, Wet
from uitkomst.declaraties import services as declaraties
from uitkomst.trajecten import services as trajecten

from .helpers import antwoord, inhoud, ontvang


def _301(tw) -> Bericht:
    return Bericht.objects.filter(
        richting=Richting.UIT, berichtcode__endswith="301", toewijzingversies__toewijzing=tw
    ).latest("pk")


def _geldig_en_rond(bericht: Bericht):
    """Valid against its XSD, and writing what was read gives the same data."""
    assert bericht.status in (Status.KLAAR, Status.VERZONDEN), bericht.bevindingen
    data = xml.origineel(bericht.xml)
    c = xml.controleer(data)
    assert c.geldig, [b.melding for b in c.bevindingen]
    obj = xml.lees(c.root, bericht.berichtcode)
    assert xml.lees(xml.controleer(xml.schrijf(obj, bericht.berichtcode)).root, bericht.berichtcode) == obj
    return obj


def _product(obj) -> i.ToegewezenProduct:
    return obj.Client.ToegewezenProducten[0]


@pytest.mark.parametrize(
    ("code", "eenheid", "frequentie", "volume"),
    [
        ("TR83", "83", "6", 400000),  # outputgericht trajectory: the price in eurocent, total within the period
        ("TR82", "82", "6", 1),  # outputgericht, stuks (one trajectory)
        ("WEEK", "82", "2", 1),  # outputgericht weekly tariff: one per week, end date set
    ],
)
def test_301_outputgericht(traject_van, code, eenheid, frequentie, volume):
    tw = traject_van(code, gestart=False)
    obj = _geldig_en_rond(_301(tw))
    p = _product(obj)
    assert (p.Omvang.Volume, p.Omvang.Eenheid, p.Omvang.Frequentie) == (volume, eenheid, frequentie)
    assert p.Einddatum == tw.einddatum and p.Ingangsdatum == tw.startdatum and p.ToewijzingNummer == tw.pk
    assert p.RedenWijziging is None and p.Budget is None
    assert obj.Header.Afzender == "0193" and obj.Header.Ontvanger == tw.aanbieder.agb_code


@pytest.mark.parametrize(
    ("code", "volume", "verwacht"),
    [
        ("UUR", "40", (40, "04")),
        ("DAGDEEL", "24", (24, "16")),
        ("ETMAAL", "30", (30, "14")),
        ("UUR", "7.5", (450, "01")),
    ],
)
def test_301_inspanningsgericht_after_the_volume(traject_van, toegang, code, volume, verwacht):
    tw = traject_van(code, gestart=False)
    assert not Bericht.objects.filter(toewijzingnummers=str(tw.pk)).exists()  # no volume yet: nothing to tell
    declaraties.volume_vastleggen(toewijzing=tw, volume=Decimal(volume), door=toegang)
    p = _product(_geldig_en_rond(_301(tw)))
    assert (p.Omvang.Volume, p.Omvang.Eenheid, p.Omvang.Frequentie) == (*verwacht, "6")
    declaraties.volume_vastleggen(toewijzing=tw, volume=Decimal(volume) + 10, door=toegang)
    p2 = _product(_geldig_en_rond(_301(tw)))
    assert p2.RedenWijziging == "14" and p2.Omvang.Volume > p.Omvang.Volume


def test_301_aspecific_has_a_budget_not_an_omvang(traject_van, toegang):
    tw = traject_van("ASPEC", gestart=False)
    declaraties.volume_vastleggen(toewijzing=tw, volume=Decimal(10), door=toegang)
    p = _product(_geldig_en_rond(_301(tw)))
    assert p.Omvang is None and p.Budget == 7000 and p.Product.Code is None


def test_301_arrangement_and_reference_trajectory(maak):
    for code, model in (("W01-1", "west-brabant-west-jeugd-arrangement"), ("P01-P", "ijsselland-jeugd-2018")):
        tw = maak(code, start=h.datum(3, 3), gestart=False, model_code=model)
        p = _product(_geldig_en_rond(_301(tw)))
        assert (p.Omvang.Eenheid, p.Omvang.Frequentie) == ("82", "6")


def test_taakgericht_writes_no_301(systeem, zwolle, aanbieder, modellen):
    from uitkomst.catalogus.models import Product

    p = Product.objects.get(inkoopmodel__code="zwolle-wmo-dagbesteding-taakgericht")
    from uitkomst.berichten import regels

    with pytest.raises(regels.GeenOmvang):
        regels.omvang_of_budget(services._product_feit(p), budget=Decimal(1), volume=None)


def test_301_changes_ended_withdrawn_declined(traject_van, aanbieder_user, toegang):
    ended = traject_van("TR83", start=h.datum(3, 3))
    doelen = {d.pk: "behaald" for d in ended.plan.doelen.all()}
    trajecten.traject_beeindigen(
        traject=ended.traject, door=aanbieder_user, reden="33", doelstatussen=doelen, datum=h.datum(5, 1)
    )
    p = _product(_geldig_en_rond(_301(ended)))
    assert (p.RedenWijziging, p.Einddatum) == ("14", h.datum(5, 1))
    withdrawn = traject_van("TR82", start=h.datum(4, 3), gestart=False)
    trajecten.traject_intrekken(traject=withdrawn.traject, door=toegang, reden="Verkeerd product")
    p = _product(_geldig_en_rond(_301(withdrawn)))
    assert (p.RedenWijziging, p.Einddatum) == ("13", withdrawn.startdatum)
    declined = traject_van("WEEK", start=h.datum(4, 3), gestart=False)
    trajecten.traject_afwijzen(traject=declined.traject, door=aanbieder_user, reden="onveilig")
    assert _product(_geldig_en_rond(_301(declined))).RedenWijziging == "13"


def test_301_repeats_current_assignments_unchanged(maak, toegang):
    """OP087: one 301 per client and provider holds every current assignment; unchanged ones keep the
    date and time they were sent with (IV013)."""
    start = dt.date.today() - dt.timedelta(days=10)
    first = maak("P01-P", start=start)
    first_sent = _product(inhoud(_301(first)))
    intensief = first.product.inkoopmodel.producten.get(code="P01-I")
    new = trajecten.traject_wijzigen(
        traject=first.traject,
        product=intensief,
        motivering="Meer inzet nodig",
        door=toegang,
        startdatum=dt.date.today(),
    )
    msg = inhoud(_301(new))
    nummers = {p.ToewijzingNummer: p for p in msg.Client.ToegewezenProducten}
    assert new.pk in nummers and nummers[new.pk].RedenWijziging is None
    ended = inhoud(_301(first))
    old = next(p for p in ended.Client.ToegewezenProducten if p.ToewijzingNummer == first.pk)
    assert old.RedenWijziging == "05" and old.Einddatum == dt.date.today() - dt.timedelta(days=1)
    assert old.Toewijzingsdatum >= first_sent.Toewijzingsdatum
    # the latest 301 repeats the ended-but-current assignment only while its end date has not passed
    assert all(
        p.Einddatum >= dt.date.today() or p.ToewijzingNummer == new.pk or p.RedenWijziging
        for p in msg.Client.ToegewezenProducten
    )


def test_301_wmo(systeem, regio, zwolle, toegang, aanbieder, aanbieder_user):
    model = catalogus.inkoopmodel_create(
        door=systeem,
        regio=regio,
        code="wmo-test",
        naam="Wmo-test",
        wet=Wet.WMO,
        geldig_van=dt.date(2024, 1, 1),
        geldig_tot=dt.date(2027, 12, 31),
    )
    p = catalogus.product_create(
        door=systeem,
        inkoopmodel=model,
        code="BEG",
        naam="Begeleiding",
        bekostiging=Bekostigingsvorm.WEEK,
        tariefeenheid="week",
        ijw_eenheid="82",
        productcategorie="02",
        productcode_ijw="02A01",
    )
    catalogus.tarief_create(door=systeem, product=p, bedrag=Decimal("120.00"), geldig_van=model.geldig_van)
    h.contracteer(aanbieder, "wmo-test")
    tw = h.traject(
        toegang_user=toegang,
        aanbieder_user=aanbieder_user,
        gemeente=zwolle,
        model_code="wmo-test",
        productcode="BEG",
        start=h.datum(3, 3),
        einddatum=h.datum(9, 30),
        gestart=False,
    )
    b = _301(tw)
    assert b.berichtcode == "WMO301" and b.standaard == "iwmo"
    _geldig_en_rond(b)
    r = ontvang(voorbeeld.start(tw, h.datum(3, 5)))
    assert r.status == "verwerkt" and r.berichtcode == "WMO305"
    assert antwoord(r.bericht, "306").berichtcode == "WMO306"
    _geldig_en_rond(antwoord(r.bericht, "306"))
    r = ontvang(voorbeeld.stop(tw, h.datum(3, 5), h.datum(6, 1), reden="19"))  # WMO588 19: volgens plan
    assert r.status == "verwerkt", r.bevindingen
    tw.traject.refresh_from_db()
    assert tw.traject.reden_beeindiging == "31"
    _geldig_en_rond(antwoord(r.bericht, "308"))
    # 323 -> WMO325, and a request 315 -> WMO316 -> WMO319 (the iWmo answer has no woonplaatsbeginsel)
    lev = voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), volume=3)
    d = ontvang(
        voorbeeld.declaratie(
            aanbieder=aanbieder,
            gemeente=zwolle,
            van=h.datum(3, 1),
            tot=h.datum(3, 31),
            leveringen=[lev],
            standaard="iwmo",
        )
    )
    assert d.status == "verwerkt" and d.berichtcode == "WMO323", d.bevindingen
    assert inhoud(antwoord(d.bericht, "325")).DeclaratieAntwoord.RetourCodes == ["8001"], d.bevindingen
    _geldig_en_rond(antwoord(d.bericht, "325"))
    aanvraag = voorbeeld.Aanvraag(
        product=p,
        ingangsdatum=h.datum(10, 1),
        einddatum=h.datum(12, 31),
        verwijzer_type="01",
        verwijzer_code=None,
        verwijzer_naam="Wmo-consulent",
    )
    v = ontvang(
        voorbeeld.verzoek_toewijzing(
            gemeente=zwolle,
            aanbieder=aanbieder,
            bsn=next(h.BSNS),
            geboortedatum=dt.date(1950, 1, 1),
            aanvragen=[aanvraag],
            standaard="iwmo",
        )
    )
    assert v.status == "verwerkt" and v.berichtcode == "WMO315", v.bevindingen
    _geldig_en_rond(antwoord(v.bericht, "316"))
    verzoek = v.bericht.verzoeken.get()
    assert verzoek.verwijzing is not None and verzoek.verwijzing.verwijzer_type == "01"
    b319 = services.verzoek_afwijzen(verzoek=verzoek, reden="2", door=toegang)
    assert b319.berichtcode == "WMO319"
    _geldig_en_rond(b319)


def test_retours_valid_accepted_and_refused(traject_van):
    tw = traject_van("TR83", gestart=False)
    ok = ontvang(voorbeeld.start(tw, h.datum(3, 4)))
    retour = _geldig_en_rond(antwoord(ok.bericht, "306"))
    assert retour.Header.RetourCodes == ["0200"] and retour.Client is None
    fout = ontvang(voorbeeld.stop(tw, h.datum(3, 9), h.datum(4, 1)))  # no start on 9 March
    retour = _geldig_en_rond(antwoord(fout.bericht, "308"))
    assert retour.Client.StopProducten[0].RetourCodes == ["9069"] and retour.Client.RetourCodes == ["0200"]
    assert retour.Header.IdentificatieRetour and retour.Header.BerichtIdentificatie.Identificatie == (
        inhoud(fout.bericht).Header.BerichtIdentificatie.Identificatie
    )


def test_319_and_325_and_316_318_valid(traject_van, zwolle, aanbieder, berichtenmodel, toegang):
    product = berichtenmodel.producten.get(code="TR83")
    aanvraag = voorbeeld.Aanvraag(
        product=product, ingangsdatum=h.datum(6, 1), einddatum=h.datum(11, 30), referentie="REF-A"
    )
    r = ontvang(
        voorbeeld.verzoek_toewijzing(
            gemeente=zwolle,
            aanbieder=aanbieder,
            bsn=next(h.BSNS),
            geboortedatum=dt.date(2012, 1, 1),
            aanvragen=[aanvraag],
        )
    )
    assert r.status == "verwerkt", r.bevindingen
    _geldig_en_rond(antwoord(r.bericht, "316"))
    verzoek = r.bericht.verzoeken.get()
    _geldig_en_rond(services.verzoek_in_onderzoek(verzoek=verzoek, door=toegang))
    b = services.verzoek_afwijzen(verzoek=verzoek, reden="8", woonplaats_gemeente="0363", door=toegang)
    obj = _geldig_en_rond(b)
    assert (
        obj.Antwoord.VerzoekAntwoord,
        obj.Antwoord.RedenAfwijzingVerzoek,
        obj.Antwoord.Woonplaatsbeginsel.Gemeente,
    ) == ("1", "8", "0363")
    lopend = traject_van("TR82", start=dt.date.today() - dt.timedelta(days=10))
    nieuw = i.NieuwProduct(Product=i.Product(Categorie="45", Code="45WK1"), GewensteIngangsdatum=dt.date.today())
    vow = ontvang(voorbeeld.verzoek_wijziging(toewijzing=lopend, nieuw=[nieuw]))  # names no current assignment
    assert vow.status == "afgekeurd"
    retour = _geldig_en_rond(antwoord(vow.bericht, "318"))
    assert retour.Client.Verzoek.RetourCodes == ["9349"] and retour.Header.RetourCodes == ["0001"]  # TR349, TR352
    assert retour.Client.Verzoek.NieuweProducten[0].RetourCodes == ["0200"]
    tw = traject_van("TR83")
    d = ontvang(
        voorbeeld.declaratie(
            aanbieder=aanbieder,
            gemeente=zwolle,
            van=h.datum(3, 1),
            tot=h.datum(3, 31),
            leveringen=[voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000)],
        )
    )
    assert d.status == "verwerkt", d.bevindingen
    obj = _geldig_en_rond(antwoord(d.bericht, "325"))
    assert (
        obj.DeclaratieAntwoord.RetourCodes == ["8001"]
        and obj.DeclaratieAntwoord.TotaalToegekendBedrag.TotaalBedrag == 200000
    )


def test_ggk_envelopes_and_fo01_validate(traject_van):
    tw = traject_van("TR83", gestart=False)
    b = _301(tw)
    naam, data = services.uitgaand_bestand(b, envelop=True)
    assert naam.startswith("JW301_") and xml.valideer_stuf(data) == []
    c = xml.controleer(data)
    assert c.geldig and c.envelop.berichtcode == "Di01" and c.envelop.functie == "JW301"
    r = ontvang(voorbeeld.start(tw, h.datum(3, 4)))
    naam, data = services.uitgaand_bestand(antwoord(r.bericht, "306"), envelop=True)
    assert xml.valideer_stuf(data) == [] and b"Du01" in data
    fo01 = xml.schrijf_fo01(zender="0193", ontvanger=tw.aanbieder.agb_code, crossref="abc", omschrijving="Schemafout")
    assert xml.valideer_stuf(fo01, fo01=True) == []
