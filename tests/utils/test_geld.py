"""The one money parser and the one euro formatter (uitkomst.utils.geld)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uitkomst.utils.errors import ValidationFailed
from uitkomst.utils.geld import format_euro, format_percentage, parse_bedrag, parse_decimaal

# Every amount the money columns hold: DecimalField(max_digits=12, decimal_places=2).
bedragen = st.decimals(
    min_value=Decimal("-9999999999.99"), max_value=Decimal("9999999999.99"), places=2, allow_nan=False
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("38.500,00", "38500.00"),
        ("38500,00", "38500.00"),
        ("38500.00", "38500.00"),
        ("€ 38.500", "38500.00"),
        ("€ 38.500,00", "38500.00"),
        ("38500", "38500.00"),
        ("38,5", "38.50"),
        ("38.5", "38.50"),
        ("0,05", "0.05"),
        ("1.234.567", "1234567.00"),
        ("1.234.567,89", "1234567.89"),
        ("  12,50  ", "12.50"),
        ("€12", "12.00"),
        ("12 €", "12.00"),
        ("EUR 5", "5.00"),
        ("-125,00", "-125.00"),
        ("€ -1.234,50", "-1234.50"),
        ("-€ 1.234,50", "-1234.50"),
        ("\u2212 7", "-7.00"),  # the typographic minus
        ("€\u00a038.500,00", "38500.00"),  # the non-breaking space the pages print
        ("9.999.999.999,99", "9999999999.99"),
        ("-0", "0.00"),
    ],
)
def test_dutch_and_machine_notation_accepted(text, expected):
    assert parse_bedrag(text) == Decimal(expected)
    assert str(parse_bedrag(text)) == expected  # always two places


@pytest.mark.parametrize(
    "value,expected",
    [(38500, "38500.00"), (Decimal("12.340"), "12.34"), (Decimal("1E+2"), "100.00"), (1.1, "1.10"), (0.1, "0.10")],
)
def test_typed_input_accepted(value, expected):
    assert str(parse_bedrag(value)) == expected


@pytest.mark.parametrize(
    "value,fragment",
    [
        ("1.234", "dubbelzinnig"),  # thousands or three decimals?
        ("12.345", "dubbelzinnig"),
        ("38,500.00", "geen geldig bedrag"),  # English notation
        ("12,345", "meer dan twee decimalen"),
        ("12.3456", "meer dan twee decimalen"),
        ("0.125", "meer dan twee decimalen"),
        ("12.345,678", "meer dan twee decimalen"),
        ("1234.560", "meer dan twee decimalen"),
        (Decimal("0.001"), "meer dan twee decimalen"),
        ("10000000000", "te groot"),  # 11 digits before the comma: beyond max_digits=12
        ("99.999.999.999,00", "te groot"),
        (1e30, "te groot"),
        (Decimal("1e30"), "te groot"),
        ("1e30", "geen geldig bedrag"),
        ("1E5", "geen geldig bedrag"),
        ("NaN", "geen geldig bedrag"),
        ("Infinity", "geen geldig bedrag"),
        ("-inf", "geen geldig bedrag"),
        (Decimal("NaN"), "geen geldig bedrag"),
        (float("inf"), "geen geldig bedrag"),
        ("twaalf", "geen geldig bedrag"),
        ("1.2.3", "geen geldig bedrag"),
        ("38 500", "geen geldig bedrag"),
        ("--5", "geen geldig bedrag"),
        ("- € -5", "geen geldig bedrag"),
        ("€ 5 €", "geen geldig bedrag"),
        ("\u0663", "geen geldig bedrag"),  # an Arabic-Indic digit: Decimal() would take it
        ("1" * 60, "geen geldig bedrag"),
        (True, "geen geldig bedrag"),
        ("", "Vul een bedrag in"),
        ("   ", "Vul een bedrag in"),
        (None, "Vul een bedrag in"),
    ],
)
def test_ambiguous_and_absurd_refused(value, fragment):
    with pytest.raises(ValidationFailed) as err:
        parse_bedrag(value, veld="bedrag")
    assert err.value.code == "ongeldig_bedrag"
    assert fragment in err.value.message
    assert err.value.field == "bedrag"


def test_max_digits_follows_the_column():
    assert parse_bedrag("99.999.999.999,00", max_digits=14) == Decimal("99999999999.00")
    with pytest.raises(ValidationFailed) as err:
        parse_bedrag("1.000.000.000.000", max_digits=14)
    assert err.value.code == "ongeldig_bedrag" and "99.999.999.999,99" in err.value.message


def test_parse_decimaal_for_fractions_and_quantities():
    assert parse_decimaal("0.0833", decimalen=4, max_digits=5) == Decimal("0.0833")
    assert parse_decimaal("0,5", decimalen=4, max_digits=5) == Decimal("0.5000")
    with pytest.raises(ValidationFailed) as err:
        parse_decimaal("€ 3", soort="aantal")  # the euro sign belongs to amounts only
    assert err.value.code == "ongeldig_getal"


@pytest.mark.parametrize(
    "value,expected",
    [
        (Decimal("38500"), "€ 38.500,00"),
        (Decimal("36680.00"), "€ 36.680,00"),  # not "€ 36.680.00"
        (Decimal("-1234.5"), "€ -1.234,50"),  # CLDR nl: the minus after the sign
        (Decimal("0.05"), "€ 0,05"),
        (Decimal("-0.001"), "€ 0,00"),  # no "€ -0,00"
        (Decimal("1234567.891"), "€ 1.234.567,89"),
        (0.1, "€ 0,10"),
        (12, "€ 12,00"),
    ],
)
def test_format_euro(value, expected):
    assert format_euro(value) == expected


def test_format_euro_whole_euros_and_percentage():
    assert format_euro(Decimal("36680.49"), 0) == "€ 36.680"
    assert format_euro(Decimal("-36680.50"), 0) == "€ -36.681"  # half away from zero, as cents are rounded
    assert format_percentage(0.71) == "71%"
    assert format_percentage(0.705, 1) == "70,5%"
    assert format_percentage(Decimal("1.5")) == "150%"


@given(bedragen)
def test_format_then_parse_round_trips(bedrag):
    assert parse_bedrag(format_euro(bedrag)) == bedrag


@given(bedragen)
def test_machine_notation_round_trips(bedrag):
    assert parse_bedrag(f"{bedrag:.2f}") == bedrag
    assert parse_bedrag(f"{bedrag:.2f}".replace(".", ",")) == bedrag


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_dutch_thousands_round_trip(euros):
    grouped = f"{euros:,}".replace(",", ".")  # 38.500, 1.234.567
    assert parse_bedrag(f"{grouped},00") == Decimal(euros)
    assert parse_bedrag(f"€ {grouped}") == Decimal(euros)


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False))
def test_three_decimals_in_text_are_always_refused(value):
    for text in (f"{value:.3f}", f"{value:.3f}".replace(".", ",")):  # also 12.340: a typo, or thousands?
        with pytest.raises(ValidationFailed) as err:
            parse_bedrag(text)
        assert err.value.code == "ongeldig_bedrag"
