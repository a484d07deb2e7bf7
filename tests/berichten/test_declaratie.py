"""JW323 -> judged by the invoice rules (through ``declaraties``) -> JW325 with only the rejected
prestaties and their retourcodes, plus the totals; class-level refusals; duplicates and credits."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from tests.declaraties import helpers as h
from uitkomst.berichten import voorbeeld, xml
from uitkomst.berichten.models import Prestatie
from uitkomst.declaraties import services as declaraties
from uitkomst.declaraties.models import Declaratie, Declaratieregel

from .helpers import antwoord, bevinding_codes, inhoud, ontvang

MAART = (h.datum(3, 1), h.datum(3, 31))


@pytest.fixture
def stuur(gecontracteerd, zwolle):
    def _stuur(*leveringen, van=MAART[0], tot=MAART[1], prestaties=None, **kw):
        return ontvang(
            voorbeeld.declaratie(
                aanbieder=gecontracteerd,
                gemeente=kw.pop("gemeente", zwolle),
                van=van,
                tot=tot,
                leveringen=list(leveringen),
                prestaties=prestaties,
                **kw,
            )
        )

    return _stuur


def _325(r):
    return inhoud(antwoord(r.bericht, "325"))


def afgewezen(r) -> dict[str, list[str]]:
    a = _325(r).DeclaratieAntwoord
    return {p.ProductReferentie.ReferentieNummer: p.RetourCodes for c in a.Clienten for p in c.Prestaties}


def test_all_approved(traject_van, stuur):
    tw = traject_van("TR83")
    r = stuur(voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="R1"))
    assert r.status == "verwerkt" and r.bericht.declaratie is not None
    a = _325(r)
    assert (
        a.Header.RetourCodes == ["0200"] and a.Header.DeclaratieIdentificatie.Identificatie == r.bericht.identificatie
    )
    assert a.DeclaratieAntwoord.RetourCodes == ["8001"] and a.DeclaratieAntwoord.Clienten == []
    assert a.DeclaratieAntwoord.TotaalToegekendBedrag.TotaalBedrag == 200000
    regel = Declaratieregel.objects.get(declaratie=r.bericht.declaratie)
    assert (regel.status, regel.bedrag, regel.toewijzing_id) == ("toegekend", Decimal("2000.00"), tw.pk)
    assert Prestatie.objects.get(referentienummer="R1").declaratieregel == regel


def test_only_rejected_prestaties_with_their_codes(traject_van, stuur):
    tw = traject_van("TR83")
    goed = voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="GOED")
    fout = voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="CODE")
    p_fout = dataclasses.replace(voorbeeld.prestatie(fout), ProductCode="45XXX")
    r = stuur(goed, fout, prestaties=[voorbeeld.prestatie(goed), p_fout])
    assert r.status == "verwerkt"
    assert afgewezen(r) == {"CODE": ["9340"]}
    a = _325(r).DeclaratieAntwoord
    assert a.RetourCodes == ["0200"] and a.TotaalToegekendBedrag.TotaalBedrag == 200000
    assert a.TotaalIngediendBedrag.TotaalBedrag == 400000
    assert Declaratieregel.objects.filter(declaratie=r.bericht.declaratie).count() == 1


def test_message_rules_per_prestatie(traject_van, stuur, maak, toegang_kampen, kampen, aanbieder_user):
    tw = traject_van("TR83")
    kampen_tw = h.traject(
        toegang_user=toegang_kampen,
        aanbieder_user=aanbieder_user,
        gemeente=kampen,
        model_code="berichten-test",
        productcode="TR83",
        start=h.datum(3, 3),
        einddatum=h.datum(7, 31),
    )
    L = voorbeeld.Levering  # noqa: N806
    cases = {
        "CAT": (
            L(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000),
            {"ProductCategorie": "54"},
            "9339",
        ),
        "EENH": (L(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000), {"Eenheid": "82"}, "9341"),
        "BEDR": (L(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000), {"GeleverdVolume": 1}, "9346"),
        "VOOR": (L(toewijzing=tw, van=h.datum(3, 1), tot=h.datum(3, 31), bedrag=200000), {}, "9307"),
        "MAAND": (L(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 30), bedrag=200000), {}, "9388"),
        "KAMPEN": (L(toewijzing=kampen_tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000), {}, "9338"),
        "NUMMER": (
            L(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000),
            {"ToewijzingNummer": 987654},
            "9338",
        ),
    }
    leveringen, prestaties = [], []
    for ref, (lev, wijzig, _) in cases.items():
        lev.referentie = ref
        leveringen.append(lev)
        prestaties.append(dataclasses.replace(voorbeeld.prestatie(lev), **wijzig))
    r = stuur(*leveringen, prestaties=prestaties)
    got = afgewezen(r)
    assert {ref: got.get(ref, [None])[0] for ref in cases} == {ref: c[2] for ref, c in cases.items()}
    assert Declaratie.objects.count() == 0  # nothing passed the message rules: no invoice at all


def test_wrong_client_is_8187(traject_van, stuur):
    a, b = traject_van("TR83"), traject_van("TR82")
    lev = voorbeeld.Levering(toewijzing=a, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="ANDER")
    p = dataclasses.replace(voorbeeld.prestatie(lev), ToewijzingNummer=b.pk, ProductCode="45T83")
    assert afgewezen(stuur(lev, prestaties=[p])) == {"ANDER": ["8187"]}


def test_invoice_rules_budget_schedule_and_double(traject_van, stuur, toegang):
    tw = traject_van("TR83")
    # the start installment is half the price; asking the full price is extra work (9321)
    r = stuur(voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=400000, referentie="VOL"))
    assert afgewezen(r) == {"VOL": ["9321"]}
    r = stuur(voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="S1"))
    assert afgewezen(r) == {}
    again = stuur(
        voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="S2")
    )
    assert afgewezen(again) == {"S2": ["9389"]}
    reused = stuur(
        voorbeeld.Levering(toewijzing=tw, van=h.datum(4, 1), tot=h.datum(4, 30), bedrag=200000, referentie="S1"),
        van=h.datum(4, 1),
        tot=h.datum(4, 30),
    )
    assert afgewezen(reused) == {"S1": ["8021"]}
    pxq = traject_van("UUR")
    declaraties.volume_vastleggen(toewijzing=pxq, volume=Decimal(10), door=toegang)
    L = voorbeeld.Levering  # noqa: N806
    maanden = [(h.datum(3, 3), h.datum(3, 31)), (h.datum(4, 1), h.datum(4, 30)), (h.datum(5, 1), h.datum(5, 31))]
    r = [
        stuur(L(toewijzing=pxq, van=van, tot=tot, referentie=ref, **kw), van=van.replace(day=1), tot=tot)
        for (van, tot), (ref, kw) in zip(
            maanden,
            [("UUR-OK", {"volume": 4}), ("UUR-TEVEEL", {"volume": 8}), ("UUR-TARIEF", {"volume": 1, "tarief": 7000})],
            strict=True,
        )
    ]
    assert afgewezen(r[0]) == {}
    assert afgewezen(r[1]) == {"UUR-TEVEEL": ["9322"]}  # 4 + 8 > the 10 hours agreed
    assert "0611" in afgewezen(r[2])["UUR-TARIEF"]  # and 9346: 1 x the contract tariff is not the amount
    b = voorbeeld.Levering(
        toewijzing=pxq, van=h.datum(6, 1), tot=h.datum(6, 30), volume=2, bedrag=12000, referentie="REKEN"
    )
    assert afgewezen(stuur(b, van=h.datum(6, 1), tot=h.datum(6, 30))) == {"REKEN": ["9346"]}


def test_weekly_tariff(traject_van, stuur):
    tw = traject_van("WEEK")
    L = voorbeeld.Levering  # noqa: N806
    r = stuur(L(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), volume=4, referentie="W4"))
    assert afgewezen(r) == {}
    regel = Declaratieregel.objects.get(declaratie=r.bericht.declaratie)
    assert (regel.aantal, regel.bedrag) == (Decimal(4), Decimal("760.00"))
    r = stuur(
        L(toewijzing=tw, van=h.datum(4, 1), tot=h.datum(4, 30), volume=5, referentie="W5"),
        van=h.datum(4, 1),
        tot=h.datum(4, 30),
    )
    assert afgewezen(r) == {"W5": ["9321"]}  # five weeks in a 30-day month


def test_class_level_refusals(traject_van, stuur):
    tw = traject_van("TR83")
    lev = voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000)
    data = voorbeeld.declaratie(
        aanbieder=tw.aanbieder, gemeente=tw.gemeente, van=MAART[0], tot=MAART[1], leveringen=[lev]
    )
    r = ontvang(data.replace(b"<ijw:TotaalBedrag>200000<", b"<ijw:TotaalBedrag>200001<"))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"0001"}
    a = _325(r)
    assert a.Header.RetourCodes == ["0001"] and a.DeclaratieAntwoord is None  # level 2: header only (IV088)
    r = stuur(lev, van=h.datum(3, 1), tot=h.datum(4, 15))
    assert bevinding_codes(r) == {"0001"} and "kalendermaand" in r.bevindingen[0]["melding"]
    ok = stuur(dataclasses.replace(lev, referentie="N1"), nummer="DECL1")
    assert ok.status == "verwerkt"
    r = stuur(
        voorbeeld.Levering(toewijzing=tw, van=h.datum(4, 1), tot=h.datum(4, 30), bedrag=200000, referentie="N2"),
        van=h.datum(4, 1),
        tot=h.datum(4, 30),
        nummer="DECL1",
    )
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"9333"}
    a = _325(r)
    assert a.DeclaratieAntwoord.RetourCodes == ["9333"] and a.DeclaratieAntwoord.TotaalToegekendBedrag.TotaalBedrag == 0


def test_not_whole_eurocents_fails_the_schema(traject_van):
    tw = traject_van("TR83")
    lev = voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000)
    data = voorbeeld.declaratie(
        aanbieder=tw.aanbieder, gemeente=tw.gemeente, van=MAART[0], tot=MAART[1], leveringen=[lev]
    )
    r = ontvang(data.replace(b"<ijw:Bedrag>200000<", b"<ijw:Bedrag>2000.50<"))
    assert r.status == "afgekeurd" and bevinding_codes(r) == {"StUF055"}
    assert r.bericht.antwoorden.count() == 0  # level 1: no 325, the GGk gets a Fo01 (when enveloped)


def test_credit(traject_van, stuur):
    tw = traject_van("TR83")
    L = voorbeeld.Levering  # noqa: N806
    stuur(L(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="D1"))
    credit = L(
        toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="C1", vorige="D1", credit=True
    )
    r = stuur(credit, van=h.datum(4, 1), tot=h.datum(4, 30))
    assert afgewezen(r) == {} and r.status == "verwerkt"
    regel = Declaratieregel.objects.get(declaratie=r.bericht.declaratie)
    assert regel.bedrag == Decimal("-2000.00") and regel.crediteert is not None
    twice = dataclasses.replace(credit, referentie="C2")
    assert afgewezen(stuur(twice, van=h.datum(5, 1), tot=h.datum(5, 31))) == {"C2": ["9390"]}
    unknown = dataclasses.replace(credit, referentie="C3", vorige="ONBEKEND")
    assert afgewezen(stuur(unknown, van=h.datum(5, 1), tot=h.datum(5, 31))) == {"C3": ["8017"]}
    # after the credit the period may be declared again (TR389)
    r = stuur(
        L(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="D2"),
        van=h.datum(5, 1),
        tot=h.datum(5, 31),
    )
    assert afgewezen(r) == {}


def test_duplicate_declaration_message_changes_nothing(traject_van, gecontracteerd, zwolle):
    tw = traject_van("TR83")
    lev = voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="X1")
    data = voorbeeld.declaratie(aanbieder=gecontracteerd, gemeente=zwolle, van=MAART[0], tot=MAART[1], leveringen=[lev])
    first = ontvang(data)
    counts = (Declaratie.objects.count(), Declaratieregel.objects.count(), Prestatie.objects.count())
    again = ontvang(data)
    assert again.status == "dubbel" and again.bericht == first.bericht
    assert (Declaratie.objects.count(), Declaratieregel.objects.count(), Prestatie.objects.count()) == counts


def test_thousand_prestaties_in_one_message(traject_van, stuur):
    """A big message goes through in one invoice; the 325 repeats only the refused ones."""
    tw = traject_van("WEEK", start=h.datum(1, 6), einddatum=h.datum(12, 28))
    L = voorbeeld.Levering  # noqa: N806
    leveringen = [L(toewijzing=tw, van=h.datum(2, 1), tot=h.datum(2, 28), volume=4, referentie="EERSTE")]
    leveringen += [
        L(toewijzing=tw, van=h.datum(2, 1), tot=h.datum(2, 28), volume=4, referentie=f"DUBBEL{n}") for n in range(999)
    ]
    r = stuur(*leveringen, van=h.datum(2, 1), tot=h.datum(2, 28))
    got = afgewezen(r)
    assert len(got) == 999 and set(map(tuple, got.values())) == {("9389",)}
    assert xml.controleer(xml.origineel(antwoord(r.bericht, "325").xml)).geldig
    assert dt.date.today()


def test_searching_the_log_by_assignment_finds_the_invoice_and_its_answer(traject_van, stuur, toegang):
    from uitkomst.berichten import selectors

    tw = traject_van("TR83")
    r = stuur(voorbeeld.Levering(toewijzing=tw, van=h.datum(3, 3), tot=h.datum(3, 31), bedrag=200000, referentie="Z1"))
    nummer = r.bericht.toewijzingnummers
    assert nummer == str(tw.pk)
    gevonden = {b.berichtcode for b in selectors.bericht_list(user=toegang, toewijzingnummer=nummer)}
    assert {"JW323", "JW325"} <= gevonden
