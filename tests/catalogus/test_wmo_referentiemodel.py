"""Zwolle's Wmo lines as a shipped reference model (issue 17): the right funding, unit and category per
product, illustrative tariffs, and loading twice changes nothing."""

from decimal import Decimal

import pytest

from uitkomst.berichten import regels
from uitkomst.catalogus import selectors
from uitkomst.catalogus.models import Inkoopmodel, Product, Tarief, Wet
from uitkomst.catalogus.referentiedata import DATA_DIR, load_file

CODE = "zwolle-wmo-maatwerk"


@pytest.fixture
def wmo(reference_models):
    return Inkoopmodel.objects.get(code=CODE)


def _omvang(p: Product):
    feit = regels.ProductFeit(
        pk=p.pk,
        code=p.code,
        bekostiging=p.bekostiging,
        ijw_eenheid=p.ijw_eenheid,
        categorie=p.productcategorie,
        productcode=p.productcode_ijw,
    )
    tarief = selectors.tarief_op_datum(product=p, datum=p.geldig_van)
    omvang, budget = regels.omvang_of_budget(feit, budget=tarief.bedrag, volume=Decimal(10))
    return (omvang.Volume, omvang.Eenheid, omvang.Frequentie), budget


def test_the_wmo_model_is_loaded_as_a_wmo_reference_model(wmo):
    assert wmo.wet == Wet.WMO and wmo.is_referentiemodel and wmo.dataversie == 1
    assert wmo.regio.code == "ijsselland"
    assert set(wmo.uitsluitingen.values_list("code", flat=True)) == {"eigen-bijdrage-cak"}
    assert "CAK" in wmo.omschrijving


@pytest.mark.parametrize(
    ("code", "bekostiging", "tariefeenheid", "eenheid", "categorie", "variant"),
    [
        ("OT-L", "periode", "maand", "83", "06", "outputgericht"),  # integral home support, result per month
        ("OT-Z", "periode", "maand", "83", "06", "outputgericht"),
        ("HM-KOOP-ROLSTOEL", "stuk", "stuk", "82", "11", "outputgericht"),  # aid bought per item
        ("HM-KOOP-SCOOTMOBIEL", "stuk", "stuk", "82", "12", "outputgericht"),
        ("HM-HUUR-ROLSTOEL", "periode", "maand", "82", "11", "outputgericht"),  # aid leased per month
        ("VV-RIT", "inspanning", "rit", "84", "08", "inspanningsgericht"),  # transport per ride
        ("VV-REGIO", "taak", "jaar", "83", "08", "taakgericht"),  # regional transport, lump sum
        ("DB-INDIVIDUEEL", "inspanning", "dagdeel", "16", "07", "inspanningsgericht"),  # individual day activities
    ],
)
def test_each_wmo_product_has_its_funding_unit_and_category(wmo, code, bekostiging, tariefeenheid, eenheid, categorie,
                                                            variant):  # fmt: skip
    p = selectors.product_list(inkoopmodel=wmo).get(code=code)
    assert (p.bekostiging, p.tariefeenheid, p.ijw_eenheid, p.productcategorie) == (
        bekostiging,
        tariefeenheid,
        eenheid,
        categorie,
    )
    assert p.uitvoeringsvariant == variant
    assert p.huidig_bedrag and p.huidig_bedrag > 0 and p.huidig_illustratief is True
    assert p.mag_stapelen or bekostiging == "taak"  # Wmo provisions may be granted next to each other
    assert (len(p.productcode_ijw) == 5) == (bekostiging != "taak")


@pytest.mark.parametrize(
    ("code", "omvang"),
    [
        ("OT-M", (41000, "83", "4")),  # EUR 410 per month: eurocent, Eenheid 83, Frequentie 4 (IV042)
        ("HM-HUUR-SCOOTMOBIEL", (1, "82", "4")),  # one lease month per month
        ("HM-KOOP-ROLSTOEL", (1, "82", "6")),  # one item within the assignment
        ("VV-RIT", (10, "84", "6")),  # the assigned rides
        ("DB-INDIVIDUEEL", (10, "16", "6")),  # the assigned day-parts
    ],
)
def test_the_assignment_message_writes_the_right_omvang(wmo, code, omvang):
    got, budget = _omvang(wmo.producten.get(code=code))
    assert got == omvang and budget is None
    # the standard's combinations (CS338/CS343): these units allow no "per dag"
    assert not (got[1] in {"14", "16", "83", "84"} and got[2] == "1")


def test_the_lump_sum_product_has_no_client_assignment(wmo):
    with pytest.raises(regels.GeenOmvang):
        _omvang(wmo.producten.get(code="VV-REGIO"))


def test_loading_the_wmo_file_again_changes_nothing(wmo):
    path = DATA_DIR / f"{CODE}.yaml"
    before = (wmo.producten.count(), Tarief.objects.filter(product__inkoopmodel=wmo).count())
    assert load_file(path).status == "ongewijzigd"
    assert load_file(path, force=True).status == "bijgewerkt"
    assert (wmo.producten.count(), Tarief.objects.filter(product__inkoopmodel=wmo).count()) == before == (10, 10)
