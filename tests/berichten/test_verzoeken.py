"""JW315/JW317 requests: into the access worker's queue, answered by a 301 (through the normal
assignment) or a 319 (refusal, in onderzoek), with the rules TR347, TR374, TR381, TR349-TR353."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.declaraties import helpers as h
from uitkomst.berichten import inhoud as i
from uitkomst.berichten import services, voorbeeld
from uitkomst.berichten.models import Bericht, Richting, Status, Verzoek
from uitkomst.toegang import selectors as toegang_selectors
from uitkomst.toegang import services as toegang_services
from uitkomst.toegang.models import Verwijzing
from uitkomst.trajecten import services as trajecten
from uitkomst.utils.errors import DomainError

from .helpers import antwoord, bevinding_codes, codes, inhoud, ontvang


@pytest.fixture
def vot(zwolle, gecontracteerd, berichtenmodel):
    def _vot(code="TR83", referentie=None, bsn=None, **kw):
        product = berichtenmodel.producten.get(code=code)
        aanvraag = voorbeeld.Aanvraag(
            product=product,
            ingangsdatum=kw.pop("ingangsdatum", h.datum(6, 1)),
            einddatum=kw.pop("einddatum", h.datum(11, 30)),
            referentie=referentie or f"REF-{code}-{next(h._n)}",
            **kw,
        )
        return voorbeeld.verzoek_toewijzing(
            gemeente=zwolle,
            aanbieder=gecontracteerd,
            bsn=bsn or next(h.BSNS),
            geboortedatum=dt.date(2012, 3, 4),
            aanvragen=[aanvraag],
        )

    return _vot


def toewijzen(verzoek: Verzoek, door):
    """What the access worker does in the pages: a plan with goals, the product, the assignment."""
    plan = toegang_services.gezinsplan_create(verwijzing=verzoek.verwijzing, doelen=["Weer naar school"], door=door)
    plan = toegang_services.gezinsplan_profiel_kiezen(
        plan=plan, product=verzoek.product, motivering="Zoals gevraagd", door=door
    )
    return trajecten.toewijzing_create(
        plan=plan,
        aanbieder=verzoek.aanbieder,
        startdatum=verzoek.ingangsdatum,
        einddatum=verzoek.einddatum,
        keuze_door_client=True,
        door=door,
    )


def test_request_lands_in_the_work_queue_and_is_answered_by_a_301(vot, toegang):
    r = ontvang(vot(referentie="VOT-1"))
    assert r.status == "verwerkt" and r.bericht.status == Status.VERWERKT
    assert codes(antwoord(r.bericht, "316")) == {"0200"}
    verzoek = r.bericht.verzoeken.get()
    assert verzoek.status == Verzoek.Status.OPEN and verzoek.product.code == "TR83"
    assert verzoek.antwoord_voor > dt.date.today()
    werkvoorraad = toegang_selectors.verwijzing_list(user=toegang)
    assert verzoek.verwijzing in werkvoorraad
    assert "VOT-1" in verzoek.verwijzing.toelichting and verzoek.verwijzing.verwijzer_type == "02"
    tw = toewijzen(verzoek, toegang)
    verzoek.refresh_from_db()
    assert verzoek.status == Verzoek.Status.TOEGEWEZEN and verzoek.toewijzing == tw
    b301 = Bericht.objects.filter(richting=Richting.UIT, berichtcode="JW301").latest("pk")
    p = inhoud(b301).Client.ToegewezenProducten[0]
    assert (p.ReferentieAanbieder, p.ToewijzingNummer, p.Einddatum) == ("VOT-1", tw.pk, h.datum(11, 30))
    assert inhoud(b301).Client.Naam.Geslachtsnaam.Achternaam == "Jansen"  # the name the provider sent
    assert b301.antwoord_op == r.bericht
    r.bericht.refresh_from_db()
    assert r.bericht.status == Status.BEANTWOORD


def test_request_rules(vot):
    bsn = next(h.BSNS)
    assert ontvang(vot(referentie="DUP", bsn=bsn)).status == "verwerkt"
    before = (Verzoek.objects.count(), Verwijzing.objects.count())
    r = ontvang(vot(referentie="DUP"))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"9347"}
    assert codes(antwoord(r.bericht, "316")) == {"0200", "9347"}
    r = ontvang(vot(bsn=bsn))  # an open request for this client at this provider
    assert bevinding_codes(r) == {"9374"}
    assert (Verzoek.objects.count(), Verwijzing.objects.count()) == before


def test_unknown_product_code_is_s329(vot, berichtenmodel):
    data = vot().replace(b"<ijw:Code>45T83</ijw:Code>", b"<ijw:Code>99X99</ijw:Code>")
    r = ontvang(data)
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"S329"}


def test_refusal_in_onderzoek_and_permissions(vot, toegang, toegang_kampen):
    r = ontvang(vot(referentie="VOT-319"))
    verzoek = r.bericht.verzoeken.get()
    with pytest.raises(DomainError) as exc:
        services.verzoek_afwijzen(verzoek=verzoek, reden="2", door=toegang_kampen)
    assert exc.value.code == "geen_toegang"
    with pytest.raises(DomainError) as exc:
        services.verzoek_afwijzen(verzoek=verzoek, reden="8", door=toegang)  # woonplaatsbeginsel without municipality
    assert exc.value.code == "gemeente_ontbreekt"
    onderzoek = services.verzoek_in_onderzoek(verzoek=verzoek, door=toegang)
    assert inhoud(onderzoek).Antwoord.VerzoekAntwoord == "2" and onderzoek.antwoord_op == r.bericht
    with pytest.raises(DomainError) as exc:
        services.verzoek_in_onderzoek(verzoek=verzoek, door=toegang)
    assert exc.value.code == "al_in_onderzoek"
    b = services.verzoek_afwijzen(verzoek=verzoek, reden="3", door=toegang)
    a = inhoud(b).Antwoord
    assert (a.ReferentieAanbieder, a.VerzoekAntwoord, a.RedenAfwijzingVerzoek, a.Woonplaatsbeginsel) == (
        "VOT-319",
        "1",
        "3",
        None,
    )
    with pytest.raises(DomainError) as exc:
        services.verzoek_afwijzen(verzoek=verzoek, reden="3", door=toegang)
    assert exc.value.code == "verzoek_beantwoord"
    r.bericht.refresh_from_db()
    assert r.bericht.status == Status.BEANTWOORD
    # the provider's 320 on our 319 links back to it
    r320 = ontvang(voorbeeld.retour_op(services.uitgaand_bestand(b)[1]))
    assert r320.status == "verwerkt" and r320.berichtcode == "JW320"


def test_provider_retour_302_is_logged(traject_van):
    tw = traject_van("TR83", gestart=False)
    b301 = Bericht.objects.filter(richting=Richting.UIT, berichtcode="JW301").latest("pk")
    r = ontvang(voorbeeld.retour_op(services.uitgaand_bestand(b301)[1], codes=["8848"]))
    assert r.status == "verwerkt" and bevinding_codes(r) == {"8848"}
    assert "afgekeurd door de aanbieder" in b301.gebeurtenissen.latest("pk").toelichting
    assert tw.pk


def test_request_for_change_pxq_volume_honoured(traject_van, toegang):
    tw = traject_van("UUR", start=dt.date.today() - dt.timedelta(days=20))
    from uitkomst.declaraties import services as declaraties

    declaraties.volume_vastleggen(toewijzing=tw, volume=Decimal(20), door=toegang)
    te = i.TeWijzigenProduct(
        ToewijzingNummer=tw.pk,
        GewensteIngangsdatum=tw.startdatum,
        Omvang=i.Omvang(Volume=30, Eenheid="04", Frequentie="6"),
    )
    r = ontvang(voorbeeld.verzoek_wijziging(toewijzing=tw, te_wijzigen=[te], referentie="VOW-1"))
    assert r.status == "verwerkt", r.bevindingen
    assert codes(antwoord(r.bericht, "318")) == {"0200"}
    verzoek = Verzoek.objects.get(referentie_aanbieder="VOW-1")
    assert verzoek.soort == Verzoek.Soort.WIJZIGING
    again = ontvang(
        voorbeeld.verzoek_wijziging(
            toewijzing=tw,
            ongewijzigd=[tw.pk],
            nieuw=[
                i.NieuwProduct(Product=i.Product(Categorie="45", Code="45WK1"), GewensteIngangsdatum=dt.date.today())
            ],
        )
    )
    assert bevinding_codes(again) == {"9374"}
    (b,) = services.verzoek_wijziging_honoreren(verzoek=verzoek, door=toegang)
    p = inhoud(b).Client.ToegewezenProducten[0]
    assert (p.RedenWijziging, p.Omvang.Volume) == ("12", 30)
    tw.volumeafspraak.refresh_from_db()
    assert tw.volumeafspraak.volume == 30


def test_request_for_change_rules(traject_van):
    tw = traject_van("TR83", start=dt.date.today() - dt.timedelta(days=20))
    te = i.TeWijzigenProduct(ToewijzingNummer=777777, GewensteIngangsdatum=dt.date.today())
    r = ontvang(voorbeeld.verzoek_wijziging(toewijzing=tw, ongewijzigd=[tw.pk, 888888], te_wijzigen=[te]))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"9350", "9351"}
    retour = inhoud(antwoord(r.bericht, "318"))
    vz = retour.Client.Verzoek
    assert [p.RetourCodes for p in vz.OngewijzigdeProducten] == [["0200"], ["9350"]]
    assert vz.TeWijzigenProducten[0].RetourCodes == ["9351"]
