from decimal import Decimal

import pytest

from uitkomst.catalogus import selectors
from uitkomst.catalogus.models import Inkoopmodel, Intensiteit, Product, Profiel, Tarief, Uitsluiting
from uitkomst.catalogus.referentiedata import DATA_DIR, load_all
from uitkomst.utils.errors import ValidationFailed


def counts():
    return {m.__name__: m.objects.count() for m in (Inkoopmodel, Profiel, Intensiteit, Product, Tarief, Uitsluiting)}


def test_loading_twice_leaves_the_same_counts(db):
    load_all()
    first = counts()
    load_all()
    assert counts() == first
    load_all(force=True)  # re-applying the same version adds nothing either
    assert counts() == first


def test_ijsselland_model_has_12_by_3_products_with_tariffs_and_durations(ijsselland):
    assert ijsselland.profielen.count() == 12
    assert list(ijsselland.intensiteiten.values_list("code", flat=True)) == ["perspectief", "intensief", "duurzaam"]
    grid = selectors.product_list(inkoopmodel=ijsselland).filter(profiel__isnull=False, intensiteit__isnull=False)
    assert grid.count() == 36
    for p in grid:
        assert p.huidig_bedrag is not None and p.huidig_bedrag > 0, p.code
        assert p.huidig_illustratief is True, p.code
        assert p.intensiteit.maximale_duur_maanden, p.code
    assert {(p.profiel.code, p.intensiteit.code) for p in grid} == {
        (f"P{n:02d}", i) for n in range(1, 13) for i in ("perspectief", "intensief", "duurzaam")
    }


def test_ijsselland_exclusions_maatwerk_and_segment_c(ijsselland):
    codes = set(ijsselland.uitsluitingen.values_list("code", flat=True))
    assert codes == {
        "jeugdbescherming-jeugdreclassering",
        "veilig-thuis",
        "landelijk-ingekochte-zorg",
        "vervoer",
        "pgb",
    }
    assert ijsselland.producten.filter(soort=Product.Soort.MAATWERK).count() == 1
    c = ijsselland.kostensegmenten.get(code="C")
    assert c.extra_controle and c.ondergrens == Decimal("25000.00") and not c.illustratief
    assert selectors.kostensegment_voor(inkoopmodel=ijsselland, bedrag=Decimal("25000.00")).code == "B"
    assert selectors.kostensegment_voor(inkoopmodel=ijsselland, bedrag=Decimal("25000.01")).code == "C"


def test_tariff_versions_keep_history(ijsselland):
    p = ijsselland.producten.get(code="P04-I")
    import datetime as dt

    old = selectors.tarief_op_datum(product=p, datum=dt.date(2019, 6, 1))
    new = selectors.tarief_op_datum(product=p, datum=dt.date(2025, 6, 1))
    assert old.bedrag != new.bedrag
    assert old.geldig_tot == dt.date(2023, 12, 31) and new.geldig_van == dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    "code,bekostiging",
    [
        ("rotterdam-rijnmond-jeugd-week", "week"),
        ("west-brabant-west-jeugd-arrangement", "arrangement"),
        ("ijsselland-jeugd-pxq-overgang", "inspanning"),
        ("zwolle-wmo-dagbesteding-taakgericht", "taak"),
        ("ijsselland-jeugd-2018", "traject"),
    ],
)
def test_each_funding_variant_has_a_reference_model(reference_models, code, bekostiging):
    model = Inkoopmodel.objects.get(code=code)
    assert model.producten.filter(bekostiging=bekostiging).exists()
    assert model.is_referentiemodel


def test_rotterdam_and_west_brabant_shapes(reference_models):
    rr = Inkoopmodel.objects.get(code="rotterdam-rijnmond-jeugd-week")
    assert rr.profielen.filter(soort="resultaatgebied").count() == 3
    assert list(rr.intensiteiten.values_list("code", flat=True)) == ["licht", "middel", "zwaar", "intensief"]
    assert rr.producten.filter(soort="ondersteuningselement").count() == 3
    wbw = Inkoopmodel.objects.get(code="west-brabant-west-jeugd-arrangement")
    grid = wbw.producten.filter(profiel__soort="ondersteuningsprofiel", intensiteit__isnull=False)
    assert grid.count() == 40
    assert wbw.producten.filter(profiel__soort="arrangement").count() >= 1
    schema = wbw.betaalschemas.get(code="start-einde-50-50")
    assert [(t.moment, t.aandeel) for t in schema.termijnen.all()] == [
        ("start", Decimal("0.5")),
        ("einde", Decimal("0.5")),
    ]


def test_bad_data_file_is_refused_and_saves_nothing(db, tmp_path):
    # The shipped models are already loaded (tests/conftest.py): the copies get new codes, so that
    # loading them would write hundreds of rows before the bad file is reached.
    for f in DATA_DIR.glob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        code = f.stem
        assert f"code: {code}\n" in text
        (tmp_path / f.name).write_text(text.replace(f"code: {code}\n", f"code: kopie-{code}\n"), encoding="utf-8")
    before = counts()
    bad = tmp_path / "zz-kapot.yaml"
    bad.write_text(
        (DATA_DIR / "zwolle-wmo-dagbesteding-taakgericht.yaml")
        .read_text(encoding="utf-8")
        .replace("code: zwolle-wmo-dagbesteding-taakgericht", "code: kapot-model")
        .replace('bedrag: "410000.00"', 'bedrag: "-5.00"'),
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as err:
        load_all(directory=tmp_path)
    assert "zz-kapot.yaml" in err.value.message and "negatief" in err.value.message
    assert counts() == before  # all or nothing
    assert not Inkoopmodel.objects.filter(code__startswith="kopie-").exists()
