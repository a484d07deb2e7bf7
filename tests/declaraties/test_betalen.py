"""P×Q, lump sum, credit lines, approval, payment runs, exports and the legitimacy report."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from uitkomst.catalogus.models import Product
from uitkomst.declaraties import exports, selectors, services
from uitkomst.declaraties.models import Declaratieregel, Regelstatus
from uitkomst.toegang import services as toegang
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


def eerste(d):
    return d.regels.order_by("regelnummer").first()


@pytest.fixture
def pxq(aanbieder, toegang, aanbieder_user, zwolle):
    h.contracteer(aanbieder, "ijsselland-jeugd-pxq-overgang", ingangsdatum=dt.date(2019, 1, 1))
    return h.traject(
        toegang_user=toegang,
        aanbieder_user=aanbieder_user,
        gemeente=zwolle,
        model_code="ijsselland-jeugd-pxq-overgang",
        productcode="45A01",
        start=dt.date(2019, 3, 1),
        einddatum=dt.date(2019, 12, 31),
    )


def test_pxq(pxq, aanbieder_user, toegang):
    prijs = D("62.50")
    maart = (dt.date(2019, 3, 1), dt.date(2019, 3, 31))
    d = indienen(
        aanbieder_user, [h.regel(pxq, *maart, aantal=D("6"))], van=dt.date(2019, 1, 1), tot=dt.date(2019, 12, 31)
    )
    assert h.codes(eerste(d)) == {"geen_volume"}
    services.volume_vastleggen(toewijzing=pxq, volume=D("10"), door=toegang)
    d = indienen(
        aanbieder_user,
        [
            h.regel(pxq, *maart, aantal=D("6"), tarief=prijs, bedrag=D("375.00"), regelnummer=1),
            h.regel(pxq, dt.date(2019, 4, 1), dt.date(2019, 4, 30), aantal=D("6"), regelnummer=2),
            h.regel(pxq, dt.date(2019, 5, 1), dt.date(2019, 5, 31), aantal=D("-1"), regelnummer=3),
            h.regel(pxq, dt.date(2019, 6, 1), dt.date(2019, 6, 30), aantal=D("1.5"), bedrag=D("93.76"), regelnummer=4),
            h.regel(pxq, dt.date(2019, 7, 1), dt.date(2019, 7, 31), aantal=D("1"), tarief=D("70"), regelnummer=5),
            h.regel(pxq, dt.date(2019, 3, 15), dt.date(2019, 3, 15), aantal=D("1"), regelnummer=6),
        ],
        van=dt.date(2019, 1, 1),
        tot=dt.date(2019, 12, 31),
    )
    a, b, c, e, f, g = d.regels.order_by("regelnummer")
    assert a.status == Regelstatus.TOEGEKEND and a.bedrag == D("375.00") and a.tarief == prijs
    assert h.codes(b) == {"volume_overschreden"}
    assert h.codes(c) == {"aantal_ongeldig"}
    assert h.codes(e) == {"rekenfout"}  # 1.5 × 62.50 = 93.75
    assert "tarief_onjuist" in h.codes(f)
    assert h.codes(g) == {"dubbele_declaratie"}
    with pytest.raises(ValidationFailed) as err:
        services.volume_vastleggen(toewijzing=pxq, volume=D("5"), door=toegang)
    assert err.value.code == "volume_onder_gebruik"


def test_pxq_prijs_op_leverdatum(pxq, aanbieder_user, toegang, contractmanager):
    from uitkomst.catalogus import services as catalogus

    product = Product.objects.get(code="45A01")
    catalogus.tarief_herzien(product=product, bedrag=D("64.00"), ingangsdatum=dt.date(2019, 7, 1), door=contractmanager)
    services.volume_vastleggen(toewijzing=pxq, volume=D("50"), door=toegang)
    d = indienen(
        aanbieder_user,
        [
            h.regel(pxq, dt.date(2019, 7, 10), dt.date(2019, 7, 31), aantal=D("2"), regelnummer=1),
            h.regel(pxq, dt.date(2019, 6, 20), dt.date(2019, 7, 5), aantal=D("2"), regelnummer=2),
        ],
        van=dt.date(2019, 6, 1),
        tot=dt.date(2019, 7, 31),
    )
    a, b = d.regels.order_by("regelnummer")
    assert a.status == Regelstatus.TOEGEKEND and a.tarief == D("64.00") and a.bedrag == D("128.00")
    assert h.codes(b) == {"tariefwijziging_in_periode"}


def test_volume_alleen_voor_pxq_en_eigen_gemeente(maak, toegang_kampen, toegang):
    tw = maak()
    with pytest.raises(ValidationFailed) as e:
        services.volume_vastleggen(toewijzing=tw, volume=D("3"), door=toegang)
    assert e.value.code == "geen_pxq"
    with pytest.raises(NotAllowed) as e:
        services.volume_vastleggen(toewijzing=tw, volume=D("3"), door=toegang_kampen)
    assert e.value.code == "geen_toegang"


# --- lump sum --------------------------------------------------------------------------------------


@pytest.fixture
def lumpsum(aanbieder, financien, zwolle):
    product = Product.objects.get(code="DB-WIJK")
    return services.lumpsumafspraak_maken(
        aanbieder=aanbieder,
        gemeente=zwolle,
        product=product,
        jaarbedrag=D("410000.00"),
        geldig_van=datum(1, 1),
        door=financien,
        omschrijving="Wijk Assendorp",
    )


def test_lumpsum_termijnen(lumpsum, aanbieder_user, ander_user, financien):
    d = indienen(
        aanbieder_user,
        [
            h.regel(lumpsum.nummer, datum(1, 1), datum(1, 31), regelnummer=1),
            h.regel(lumpsum.nummer, datum(2, 1), datum(2, 28), bedrag=D("50000.00"), regelnummer=2),
            h.regel(lumpsum.nummer, datum(1, 1), datum(1, 31), regelnummer=3),
            h.regel(lumpsum.nummer, datum(3, 1), datum(4, 30), regelnummer=4),
        ],
    )
    a, b, c, e = d.regels.order_by("regelnummer")
    assert a.status == Regelstatus.TOEGEKEND and a.bedrag == D("34153.00") and a.client_id is None
    assert a.gemeente_id == lumpsum.gemeente_id and a.termijn == 1
    assert h.codes(b) == {"bedrag_past_niet"}
    assert h.codes(c) == {"dubbele_declaratie"}
    assert h.codes(e) == {"periode_over_termijnen"}
    assert h.codes(eerste(indienen(ander_user, [h.regel(lumpsum.nummer, datum(2, 1), datum(2, 28))]))) == {
        "niet_verantwoordelijk"
    }
    # the municipality puts every due installment ready; the twelve add up to the yearly amount
    services.lumpsum_termijnen_klaarzetten(gemeente=lumpsum.gemeente, door=financien, tot=datum(12, 31))
    totaal = sum(x.bedrag for x in Declaratieregel.objects.filter(lumpsumafspraak=lumpsum, status="toegekend"))
    assert totaal == lumpsum.jaarbedrag
    assert services.lumpsum_termijnen_klaarzetten(gemeente=lumpsum.gemeente, door=financien) == []


def test_lumpsum_alleen_taakgericht_en_gecontracteerd(aanbieder, ander, financien, zwolle, financien_kampen):
    with pytest.raises(ValidationFailed) as e:
        services.lumpsumafspraak_maken(
            aanbieder=aanbieder,
            gemeente=zwolle,
            product=Product.objects.get(code="P01-P"),
            jaarbedrag=D("1"),
            geldig_van=datum(1, 1),
            door=financien,
        )
    assert e.value.code == "geen_taakgericht_product"
    with pytest.raises(ValidationFailed) as e:
        services.lumpsumafspraak_maken(
            aanbieder=ander,
            gemeente=zwolle,
            product=Product.objects.get(code="DB-WIJK"),
            jaarbedrag=D("1"),
            geldig_van=datum(1, 1),
            door=financien,
        )
    assert e.value.code == "niet_gecontracteerd"
    with pytest.raises(NotAllowed) as e:
        services.lumpsumafspraak_maken(
            aanbieder=aanbieder,
            gemeente=zwolle,
            product=Product.objects.get(code="DB-WIJK"),
            jaarbedrag=D("1"),
            geldig_van=datum(1, 1),
            door=financien_kampen,
        )
    assert e.value.code == "geen_toegang"


# --- credit lines ------------------------------------------------------------------------------------


def test_creditregel(maak, aanbieder_user, ander_user):
    tw = maak()
    origineel = eerste(indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)]))
    bedrag = origineel.bedrag
    # a wrong amount and a foreign provider are refused
    fout = eerste(
        indienen(
            aanbieder_user, [h.regel("", datum(3, 3), datum(3, 31), crediteert=str(origineel.uuid), bedrag=D("-1.00"))]
        )
    )
    assert h.codes(fout) == {"credit_bedrag"}
    vreemd = eerste(indienen(ander_user, [h.regel("", datum(3, 3), datum(3, 31), crediteert=str(origineel.uuid))]))
    assert h.codes(vreemd) == {"credit_onbekend"}
    credit_d = services.regel_crediteren(regel=origineel, door=aanbieder_user)
    credit = eerste(credit_d)
    assert credit.status == Regelstatus.TOEGEKEND and credit.bedrag == -bedrag and credit.crediteert_id == origineel.pk
    assert credit.toewijzing_id == tw.pk and credit.termijn == 1 and credit.gemeente_id == origineel.gemeente_id
    origineel.refresh_from_db()
    assert origineel.bedrag == bedrag and origineel.status == Regelstatus.TOEGEKEND  # never edited in place
    assert services.betaald_per_toewijzing([tw.pk])[tw.pk] == 0
    # crediting twice, crediting a credit line: refused; re-declaring after the credit: accepted
    by_kenmerk = origineel.kenmerk
    assert h.codes(
        eerste(indienen(aanbieder_user, [h.regel("", datum(3, 3), datum(3, 31), crediteert=by_kenmerk)]))
    ) == {"credit_dubbel"}
    assert h.codes(
        eerste(indienen(aanbieder_user, [h.regel("", datum(3, 3), datum(3, 31), crediteert=credit.kenmerk)]))
    ) == {"credit_van_credit"}
    opnieuw = eerste(indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)]))
    assert opnieuw.status == Regelstatus.TOEGEKEND
    with pytest.raises(ValueError, match="creditregel"):
        origineel.bedrag = D("1.00")
        origineel.save()


def test_afgewezen_regel_wordt_niet_gecrediteerd(aanbieder_user):
    afgewezen = eerste(indienen(aanbieder_user, [h.regel("TW0", datum(3, 3), datum(3, 31), bedrag=D("5"))]))
    credit = eerste(services.regel_crediteren(regel=afgewezen, door=aanbieder_user))
    assert h.codes(credit) == {"credit_niet_toegekend"}


# --- approval, payment runs, exports -----------------------------------------------------------------


@pytest.fixture
def twee_gemeenten(maak, toegang_kampen, aanbieder_user, ander_user, kampen, toegang):
    """Three accepted lines: two Zwolle clients (two providers), one Kampen client."""
    z1 = maak()
    k1 = maak(toegang_user=toegang_kampen, gemeente=kampen)
    z2 = maak(aanbieder_user=ander_user)
    d1 = indienen(
        aanbieder_user,
        [h.regel(z1, datum(3, 3), datum(3, 31), regelnummer=1), h.regel(k1, datum(3, 3), datum(3, 31), regelnummer=2)],
    )
    d2 = indienen(ander_user, [h.regel(z2, datum(3, 3), datum(3, 31))])
    return z1, k1, z2, d1, d2


def test_goedkeuren_alleen_eigen_gemeente(twee_gemeenten, financien, financien_kampen, aanbieder_user):
    z1, k1, z2, d1, d2 = twee_gemeenten
    zwolle_regel, kampen_regel = d1.regels.order_by("regelnummer")
    assert zwolle_regel.gemeente.cbs_code == "0193" and kampen_regel.gemeente.cbs_code == "0166"
    assert set(selectors.te_beoordelen(user=financien)) == {zwolle_regel, eerste(d2)}
    with pytest.raises(NotAllowed) as e:
        services.regels_goedkeuren(regels=[kampen_regel], door=financien)
    assert e.value.code == "geen_toegang"
    with pytest.raises(NotAllowed) as e:
        services.regels_goedkeuren(regels=[zwolle_regel], door=aanbieder_user)
    assert e.value.code == "geen_toegang"
    assert services.regels_goedkeuren(regels=[zwolle_regel], door=financien) == 1
    with pytest.raises(ValidationFailed) as e:
        services.regels_goedkeuren(regels=[zwolle_regel], door=financien)
    assert e.value.code == "niet_toegekend"


def test_betaalronde_per_aanbieder_met_export(twee_gemeenten, financien, aanbieder_user, ander_user):
    z1, k1, z2, d1, d2 = twee_gemeenten
    with pytest.raises(ValidationFailed) as e:
        services.betaalronde_maken(door=financien)
    assert e.value.code == "geen_regels"
    services.regels_goedkeuren(regels=selectors.te_beoordelen(user=financien), door=financien)
    ronde = services.betaalronde_maken(door=financien)
    specs = {s.aanbieder_id: s for s in ronde.specificaties.all()}
    assert set(specs) == {aanbieder_user.aanbieder_id, ander_user.aanbieder_id}
    assert ronde.totaal == z1.budget / 2 + z2.budget / 2 == sum(s.totaal for s in specs.values())
    assert ronde.aantal_regels == 2 and ronde.gemeente.cbs_code == "0193"
    assert set(Declaratieregel.objects.filter(betaalronde=ronde).values_list("status", flat=True)) == {"betaald"}
    # the Kampen line is not in Zwolle's run
    assert Declaratieregel.objects.get(toewijzing=k1).status == Regelstatus.TOEGEKEND
    # CSV: the client only as a pseudonym, totals reconcile to the cent
    tekst = exports.betaalronde_csv(ronde).decode("utf-8-sig")
    rijen = list(csv.DictReader(io.StringIO(tekst), delimiter=";"))
    assert rijen[-1]["betaalronde"] == "TOTAAL" and Decimal(rijen[-1]["bedrag"]) == ronde.totaal
    assert sum(Decimal(x["bedrag"]) for x in rijen[:-1]) == ronde.totaal
    assert all(re.fullmatch(r"C-[0-9A-HJKMNP-TV-Z]{8}", x["client_referentie"]) for x in rijen[:-1])
    clienten = {r.client for r in Declaratieregel.objects.filter(betaalronde=ronde).select_related("client")}
    assert all(c.bsn_pseudoniem not in tekst for c in clienten if c)  # not the access pseudonym of the BSN either
    assert "bsn" not in tekst.lower()
    wb = load_workbook(io.BytesIO(exports.betaalronde_xlsx(ronde)))
    assert wb.sheetnames == ["Regels", "Specificatie"]
    assert wb["Specificatie"].cell(row=wb["Specificatie"].max_row, column=6).value == ronde.totaal
    # the provider sees only its own statement
    assert [s.aanbieder_id for s in selectors.specificaties(user=aanbieder_user, ronde=ronde)] == [
        aanbieder_user.aanbieder_id
    ]
    assert list(selectors.betaalronde_list(user=aanbieder_user)) == [ronde]


def test_credit_wordt_verrekend_in_de_betaalronde(maak, aanbieder_user, financien):
    tw = maak()
    origineel = eerste(indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)]))
    services.regels_goedkeuren(regels=[origineel], door=financien)
    services.betaalronde_maken(door=financien)
    credit = eerste(services.regel_crediteren(regel=origineel, door=aanbieder_user))
    opnieuw = eerste(indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31), termijn=1)]))
    services.regels_goedkeuren(regels=[credit, opnieuw], door=financien)
    ronde = services.betaalronde_maken(door=financien)
    spec = ronde.specificaties.get()
    assert spec.debet == origineel.bedrag and spec.credit == -origineel.bedrag and spec.totaal == 0


def test_client_verhuisd_nieuwe_woongemeente_betaalt(maak, aanbieder_user, toegang_kampen, kampen):
    tw = maak()
    client = tw.client
    bsn_client = toegang.client_get_or_create  # the access service moves a client to its new municipality
    from uitkomst.toegang import bsn as bsn_tools

    bsn_client(
        bsn=bsn_tools.decrypt(client.bsn_versleuteld),
        geboortedatum=client.geboortedatum,
        gemeente=kampen,
        door=toegang_kampen,
    )
    x = eerste(indienen(aanbieder_user, [h.regel(tw, datum(3, 3), datum(3, 31))]))
    assert x.status == Regelstatus.TOEGEKEND and x.gemeente_id == kampen.pk


def test_afkeuren_door_financien(twee_gemeenten, financien):
    regel = twee_gemeenten[3].regels.get(regelnummer=1)
    with pytest.raises(ValidationFailed) as e:
        services.regel_afkeuren(regel=regel, reden=" ", door=financien)
    assert e.value.code == "reden_ontbreekt"
    regel = services.regel_afkeuren(regel=regel, reden="Geen verslag ontvangen.", door=financien)
    assert regel.status == Regelstatus.AFGEWEZEN and regel.redenen[-1]["code"] == "afgekeurd_door_gemeente"
    d = regel.declaratie
    d.refresh_from_db()
    assert d.totaal_toegekend + d.totaal_afgewezen == d.totaal_ingediend


def test_legitimiteit_per_aanbieder(maak, aanbieder_user, financien):
    vol = maak(einde=datum(7, 1))
    half = maak()
    d = indienen(
        aanbieder_user,
        [
            h.regel(vol, datum(3, 3), datum(3, 31), regelnummer=1),
            h.regel(vol, datum(7, 1), datum(7, 1), regelnummer=2),
            h.regel(half, datum(3, 3), datum(3, 31), regelnummer=3),
        ],
    )
    services.regels_goedkeuren(regels=d.regels.all(), door=financien)
    (rapport,) = selectors.legitimiteit(user=financien)
    assert rapport.besteed == vol.budget + half.budget / 2
    assert rapport.trajecten == 2 and rapport.volledig_betaald == 1 and rapport.aandeel_volledig == Decimal("50.0")
    (product,) = rapport.producten
    assert product.code == "P01-P" and product.verhouding == Decimal("75.0")
    assert selectors.legitimiteit(user=aanbieder_user)[0].besteed == rapport.besteed
