"""The catalogue's bad-input rules: each refused with a specific Dutch message, nothing saved."""

import datetime as dt
from decimal import Decimal

import pytest

from uitkomst.catalogus import selectors, services
from uitkomst.catalogus.models import Bekostigingsvorm, IjwEenheid, Product, Tarief, Tariefeenheid
from uitkomst.utils.errors import ValidationFailed

D = dt.date
PRODUCT_KW = {
    "bekostiging": Bekostigingsvorm.TRAJECT,
    "tariefeenheid": Tariefeenheid.TRAJECT,
    "ijw_eenheid": IjwEenheid.STUKS_OUTPUT,
    "productcategorie": "45",
}


def test_tariff_valid_is_saved_as_decimal(systeem, product):
    tarief = services.tarief_create(door=systeem, product=product, bedrag="12500.50", geldig_van=D(2025, 1, 1))
    tarief.refresh_from_db()
    assert tarief.bedrag == Decimal("12500.50")
    assert isinstance(tarief.bedrag, Decimal)


@pytest.mark.parametrize("bedrag", ["-0.01", "-100", Decimal("-5")])
def test_negative_tariff_refused(systeem, product, bedrag):
    with pytest.raises(ValidationFailed) as err:
        services.tarief_create(door=systeem, product=product, bedrag=bedrag, geldig_van=D(2025, 1, 1))
    assert err.value.code == "bedrag_negatief"
    assert "niet negatief" in err.value.message
    assert not Tarief.objects.filter(product=product).exists()


@pytest.mark.parametrize(
    "bedrag,fragment",
    [
        ("twaalf", "geen geldig bedrag"),
        ("12.345", "dubbelzinnig"),  # 12345 or 12.345? the one parser refuses to guess
        ("12,345", "meer dan twee decimalen"),
        ("NaN", "geen geldig bedrag"),
        ("1e30", "geen geldig bedrag"),
        ("10000000000", "te groot"),  # beyond Tarief.bedrag's max_digits=12
        (None, "Vul een bedrag in"),
    ],
)
def test_malformed_amount_refused(systeem, product, bedrag, fragment):
    with pytest.raises(ValidationFailed) as err:
        services.tarief_create(door=systeem, product=product, bedrag=bedrag, geldig_van=D(2025, 1, 1))
    assert err.value.code == "ongeldig_bedrag" and fragment in err.value.message
    assert not Tarief.objects.filter(product=product).exists()


@pytest.mark.parametrize(
    "new_start,new_end",
    [
        (D(2025, 6, 1), None),  # open-ended, starts inside the first
        (D(2024, 12, 31), D(2025, 1, 1)),  # touches the first day (outside the product too)
        (D(2025, 12, 31), D(2026, 3, 1)),  # shares the last day
        (D(2025, 3, 1), D(2025, 4, 1)),  # wholly inside
    ],
)
def test_overlapping_tariff_periods_refused(systeem, product, new_start, new_end):
    services.tarief_create(
        door=systeem, product=product, bedrag="100.00", geldig_van=D(2025, 1, 1), geldig_tot=D(2025, 12, 31)
    )
    with pytest.raises(ValidationFailed) as err:
        services.tarief_create(door=systeem, product=product, bedrag="200.00", geldig_van=new_start, geldig_tot=new_end)
    assert "tarief_overlapt" in {p.code for p in err.value.problems}
    assert "overlapt" in err.value.message
    assert Tarief.objects.filter(product=product).count() == 1


def test_adjacent_tariff_periods_allowed(systeem, product):
    services.tarief_create(
        door=systeem, product=product, bedrag="100.00", geldig_van=D(2025, 1, 1), geldig_tot=D(2025, 12, 31)
    )
    services.tarief_create(door=systeem, product=product, bedrag="110.00", geldig_van=D(2026, 1, 1))
    assert selectors.tarief_op_datum(product=product, datum=D(2025, 12, 31)).bedrag == Decimal("100.00")
    assert selectors.tarief_op_datum(product=product, datum=D(2026, 1, 1)).bedrag == Decimal("110.00")


def test_tariff_end_before_start_refused(systeem, product):
    with pytest.raises(ValidationFailed) as err:
        services.tarief_create(
            door=systeem, product=product, bedrag="1.00", geldig_van=D(2025, 5, 1), geldig_tot=D(2025, 4, 1)
        )
    assert err.value.code == "einde_voor_begin"


def test_tariff_outside_product_period_refused(systeem, product):
    with pytest.raises(ValidationFailed) as err:
        services.tarief_create(door=systeem, product=product, bedrag="1.00", geldig_van=D(2027, 1, 1))
    assert err.value.code == "tarief_buiten_product"


def test_revision_adds_version_and_keeps_history(systeem, model):
    p = services.product_create(door=systeem, inkoopmodel=model, code="R1", naam="Herzien", **PRODUCT_KW)
    services.tarief_create(door=systeem, product=p, bedrag="1000.00", geldig_van=D(2025, 1, 1))
    new = services.tarief_herzien(door=systeem, product=p, bedrag="1100.00", ingangsdatum=D(2026, 1, 1))
    versions = list(Tarief.objects.filter(product=p).order_by("geldig_van"))
    assert [v.bedrag for v in versions] == [Decimal("1000.00"), Decimal("1100.00")]
    assert versions[0].geldig_tot == D(2025, 12, 31)
    assert new.geldig_tot == p.geldig_tot


def test_revision_before_running_version_refused_and_rolls_back(systeem, product):
    services.tarief_create(door=systeem, product=product, bedrag="1000.00", geldig_van=D(2025, 6, 1))
    with pytest.raises(ValidationFailed) as err:
        services.tarief_herzien(door=systeem, product=product, bedrag="900.00", ingangsdatum=D(2025, 6, 1))
    assert err.value.code == "herziening_te_vroeg"
    assert Tarief.objects.get(product=product).geldig_tot == product.geldig_tot


def test_revision_with_negative_amount_rolls_back_closing(systeem, product):
    services.tarief_create(door=systeem, product=product, bedrag="1000.00", geldig_van=D(2025, 1, 1))
    with pytest.raises(ValidationFailed) as err:
        services.tarief_herzien(door=systeem, product=product, bedrag="-1.00", ingangsdatum=D(2025, 7, 1))
    assert err.value.code == "bedrag_negatief"
    assert Tarief.objects.get(product=product).geldig_tot == product.geldig_tot  # nothing saved


def test_duplicate_product_code_refused(systeem, product, model):
    with pytest.raises(ValidationFailed) as err:
        services.product_create(door=systeem, inkoopmodel=model, code="T01", naam="Nog een", **PRODUCT_KW)
    assert err.value.code == "productcode_bestaat"
    assert "T01" in err.value.message and "bestaat al" in err.value.message
    assert Product.objects.filter(inkoopmodel=model).count() == 1


def test_same_product_code_in_another_model_allowed(systeem, product, regio):
    other = services.inkoopmodel_create(
        door=systeem, regio=regio, code="ander", naam="Ander", wet="jeugdwet", geldig_van=D(2025, 1, 1)
    )
    services.product_create(door=systeem, inkoopmodel=other, code="T01", naam="Zelfde code", **PRODUCT_KW)
    assert Product.objects.filter(code="T01").count() == 2


@pytest.mark.parametrize(
    "start,end", [(D(2024, 12, 31), None), (D(2025, 1, 1), D(2027, 1, 1)), (D(2027, 1, 1), D(2027, 2, 1))]
)
def test_product_outside_model_period_refused(systeem, model, start, end):
    with pytest.raises(ValidationFailed) as err:
        services.product_create(
            door=systeem, inkoopmodel=model, code="X1", naam="Buiten", geldig_van=start, geldig_tot=end, **PRODUCT_KW
        )
    assert "product_buiten_model" in {p.code for p in err.value.problems}
    assert "valt buiten de geldigheid" in err.value.message
    assert not Product.objects.filter(code="X1").exists()


def test_product_defaults_to_model_period(product, model):
    assert (product.geldig_van, product.geldig_tot) == (model.geldig_van, model.geldig_tot)


def test_product_update_outside_model_refused(systeem, product):
    with pytest.raises(ValidationFailed) as err:
        services.product_update(door=systeem, product=product, geldig_tot=D(2030, 1, 1))
    assert err.value.code == "product_buiten_model"
    product.refresh_from_db()
    assert product.geldig_tot == D(2026, 12, 31)


def test_model_shrink_that_orphans_products_refused(systeem, product, model):
    with pytest.raises(ValidationFailed) as err:
        services.inkoopmodel_update(door=systeem, inkoopmodel=model, geldig_tot=D(2025, 6, 30))
    assert err.value.code == "producten_buiten_model"


def test_maatwerk_has_no_tariff(systeem, model):
    p = services.product_create(
        door=systeem, inkoopmodel=model, code="MW", naam="Maatwerk", soort=Product.Soort.MAATWERK, **PRODUCT_KW
    )
    with pytest.raises(ValidationFailed) as err:
        services.tarief_create(door=systeem, product=p, bedrag="100.00", geldig_van=D(2025, 1, 1))
    assert err.value.code == "maatwerk_zonder_tarief"


def test_all_problems_reported_at_once(systeem, product):
    with pytest.raises(ValidationFailed) as err:
        services.tarief_create(
            door=systeem, product=product, bedrag="-1", geldig_van=D(2025, 5, 1), geldig_tot=D(2025, 1, 1)
        )
    assert {p.code for p in err.value.problems} >= {"bedrag_negatief", "einde_voor_begin"}


def test_payment_schedule_must_total_100_percent(systeem, model):
    with pytest.raises(ValidationFailed) as err:
        services.betaalschema_save(
            door=systeem,
            inkoopmodel=model,
            code="x",
            naam="x",
            termijnen=[{"moment": "start", "aandeel": "0.5"}, {"moment": "einde", "aandeel": "0.4"}],
        )
    assert err.value.code == "betaalschema_niet_volledig"


def test_cost_segments_may_not_overlap(systeem, model):
    services.kostensegment_create(
        door=systeem, inkoopmodel=model, code="B", naam="B", ondergrens="10000", bovengrens="25000"
    )
    with pytest.raises(ValidationFailed) as err:
        services.kostensegment_create(door=systeem, inkoopmodel=model, code="C", naam="C", ondergrens="20000")
    assert err.value.code == "segment_overlapt"


def test_database_refuses_negative_tariff_even_past_the_service(product):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Tarief.objects.create(product=product, bedrag=Decimal("-1"), geldig_van=D(2025, 1, 1))


def test_database_refuses_duplicate_product_code(product):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.create(
            inkoopmodel=product.inkoopmodel, code="T01", naam="dubbel", geldig_van=D(2025, 1, 1), **PRODUCT_KW
        )
