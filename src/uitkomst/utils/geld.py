"""Money in and out: the one parser for amounts users type or upload, and the one euro formatter.

Parsing (``parse_bedrag``) accepts Dutch notation and the plain machine notation, and refuses what
could mean two things:

======================  ============  ========================================================
input                   result        why
======================  ============  ========================================================
``38500``               38500.00      whole euros
``38500,00``            38500.00      decimal comma (Dutch)
``38.500,00``           38500.00      dots group thousands, the comma separates cents (Dutch)
``38500.00``            38500.00      decimal point (machine notation: API, system CSV)
``38,5`` / ``38.5``     38.50         one or two decimals after either separator
``1.234.567``           1234567.00    several dot groups can only be thousands
``€ 38.500``            38500.00      with the euro sign the text is Dutch display notation
``€ -1.234,50``         -1234.50      the sign may stand before or after the euro sign
``1.234``               refused       ambiguous: one dot and exactly three digits could be
                                      thousands (1234) or three decimals (1.234)
``38,500.00``           refused       English notation
``12,345``, ``12.340``  refused       more than two decimals in text (even a trailing zero:
                                      it is a typo or a thousands group, never a cent)
``1e30``, ``NaN``       refused       exponents, NaN and Infinity are not amounts
``38 500``              refused       a space is too easily a slip between two numbers
more than 10 digits     refused       beyond ``max_digits`` of the money columns (12 digits, 2
                                      of them decimals: at most 9.999.999.999,99)
======================  ============  ========================================================

Typed input (``int``, ``Decimal``, ``float`` from a spreadsheet cell) is judged by its value:
``Decimal("12.340")`` is 12.34; a float goes through ``repr`` so 0.1 stays 0.1.

Every refusal is a ``ValidationFailed`` with code ``ongeldig_bedrag`` and a Dutch message that
quotes the input.

Formatting (``format_euro``) follows the CLDR pattern for Dutch (``¤ #,##0.00;¤ -#,##0.00``): the
euro sign, a space, the minus sign, dots between thousands and a decimal comma: ``€ 38.500,00``,
``€ -1.234,50``. ``parse_bedrag(format_euro(x)) == x`` for every amount that fits the columns.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import ProblemCollector, ValidationFailed

GELD_MAX_DIGITS = 12  # DecimalField(max_digits=12, decimal_places=2) on every money column
GELD_DECIMALEN = 2
MAX_INVOER = 40  # characters; longer input is never an amount

_TEKST = re.compile(
    r"^(?P<s1>[-+\u2212]?)\s*(?P<e1>€|EUR)?\s*(?P<s2>[-+\u2212]?)\s*(?P<getal>[0-9.,]+)\s*(?P<e2>€|EUR)?$",
    re.IGNORECASE,
)
_HEEL = re.compile(r"^[0-9]+$")
_KOMMA = re.compile(r"^(?P<heel>[0-9]+),(?P<frac>[0-9]+)$")
_DUIZEND_KOMMA = re.compile(r"^(?P<heel>[0-9]{1,3}(?:\.[0-9]{3})+),(?P<frac>[0-9]+)$")
_DUIZENDTALLEN = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3}){2,}$")
_DUBBELZINNIG = re.compile(r"^(?P<heel>[1-9][0-9]{0,2})\.(?P<frac>[0-9]{3})$")
_PUNT = re.compile(r"^(?P<heel>[0-9]+)\.(?P<frac>[0-9]+)$")


def _weiger(message: str, code: str, veld: str | None) -> ValidationFailed:
    return ValidationFailed(message, code=code, field=veld)


def _geen(text: str, soort: str) -> str:
    voorbeeld = "; schrijf bijvoorbeeld 38.500,00 of 38500.00" if soort == "bedrag" else ""
    return f"'{text}' is geen geldig {soort}{voorbeeld}."


def _te_veel_decimalen(text: str, decimalen: int) -> str:
    woord = {0: "geen decimalen", 1: "één decimaal", 2: "twee decimalen"}.get(decimalen, f"{decimalen} decimalen")
    return f"'{text}' heeft meer dan {woord}." if decimalen else f"'{text}' is geen geheel getal."


def _tekst_naar_decimal(text: str, *, euro: bool, decimalen: int, code: str, veld: str | None, soort: str) -> Decimal:
    """The digits of ``text`` as a Decimal, following the table in the module docstring."""
    m = _TEKST.match(text)
    if not m or (m["s1"] and m["s2"]) or (m["e1"] and m["e2"]) or (not euro and (m["e1"] or m["e2"])):
        raise _weiger(_geen(text, soort), code, veld)
    teken = "-" if (m["s1"] or m["s2"]) in ("-", "\u2212") else ""
    getal, met_euroteken = m["getal"], bool(m["e1"] or m["e2"])
    if _HEEL.match(getal):
        digits = getal
    elif k := _KOMMA.match(getal) or _DUIZEND_KOMMA.match(getal):
        digits = f"{k['heel'].replace('.', '')}.{k['frac']}"
    elif _DUIZENDTALLEN.match(getal):
        digits = getal.replace(".", "")
    elif d := _DUBBELZINNIG.match(getal):
        if not met_euroteken:
            raise _weiger(
                f"'{text}' is dubbelzinnig: een punt met drie cijfers erachter kan een duizendtal of drie "
                f"decimalen zijn. Schrijf {d['heel']}.{d['frac']},00 of {d['heel']}{d['frac']} als u "
                f"{d['heel']}{d['frac']} euro bedoelt.",
                code,
                veld,
            )
        digits = f"{d['heel']}{d['frac']}"
    elif p := _PUNT.match(getal):
        digits = f"{p['heel']}.{p['frac']}"
    else:
        raise _weiger(_geen(text, soort), code, veld)
    if "." in digits and len(digits.split(".")[1]) > decimalen:  # also "12,340": typed text has no spare zeros
        raise _weiger(_te_veel_decimalen(text, decimalen), code, veld)
    return Decimal(teken + digits)


def parse_decimaal(
    value,
    *,
    decimalen: int = GELD_DECIMALEN,
    max_digits: int = GELD_MAX_DIGITS,
    code: str = "ongeldig_getal",
    soort: str = "getal",
    veld: str | None = None,
    euroteken: bool = False,
) -> Decimal:
    """A number with at most ``decimalen`` decimals that fits ``DecimalField(max_digits, decimalen)``.

    The shared engine of ``parse_bedrag``, also for quantities and fractions in the same notation.
    Returns the value quantized to ``decimalen`` places; raises ``ValidationFailed(code)``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _weiger(f"Vul een {soort} in.", code, veld)
    if isinstance(value, bool):
        raise _weiger(_geen(str(value), soort), code, veld)
    shown = str(value).strip()[:MAX_INVOER]
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        try:
            result = Decimal(repr(value))  # never let binary floating point into money: 0.1 stays 0.1
        except InvalidOperation:
            result = Decimal("NaN")
    else:
        text = str(value).strip()
        if len(text) > MAX_INVOER:
            raise _weiger(_geen(f"{shown}…", soort), code, veld)
        result = _tekst_naar_decimal(text, euro=euroteken, decimalen=decimalen, code=code, veld=veld, soort=soort)
    if not result.is_finite():
        raise _weiger(_geen(shown, soort), code, veld)
    stap = Decimal(1).scaleb(-decimalen)
    if result.is_zero():
        return Decimal(0).quantize(stap)
    if result.adjusted() >= max_digits - decimalen:  # checked first: quantize cannot take 1e30
        raise _weiger(_te_groot(shown, soort, max_digits, decimalen), code, veld)
    if result != result.quantize(stap):
        raise _weiger(_te_veel_decimalen(shown, decimalen), code, veld)
    return result.quantize(stap)


def _te_groot(shown: str, soort: str, max_digits: int, decimalen: int) -> str:
    grootste = Decimal(10) ** (max_digits - decimalen) - Decimal(1).scaleb(-decimalen)
    return f"'{shown}' is te groot voor een {soort}; het grootste is {format_getal(grootste, decimalen)}."


def parse_bedrag(value, *, max_digits: int = GELD_MAX_DIGITS, veld: str | None = None) -> Decimal:
    """An amount in euros (two decimals) from user or file input; see the module docstring for the notation.

    Raises ``ValidationFailed`` with code ``ongeldig_bedrag`` and a Dutch message.
    """
    return parse_decimaal(
        value,
        decimalen=GELD_DECIMALEN,
        max_digits=max_digits,
        code="ongeldig_bedrag",
        soort="bedrag",
        veld=veld,
        euroteken=True,
    )


def bedrag_of_probleem(
    value,
    problems: ProblemCollector,
    *,
    veld: str | None = None,
    voorvoegsel: str = "",
    max_digits: int = GELD_MAX_DIGITS,
) -> Decimal | None:
    """``parse_bedrag`` for services that collect every problem: None, and the refusal added to ``problems``."""
    try:
        return parse_bedrag(value, max_digits=max_digits, veld=veld)
    except ValidationFailed as exc:
        problems.add(exc.code, f"{voorvoegsel}{exc.message}", veld)
        return None


def format_getal(value, decimalen: int = 2) -> str:
    """'38.500,00': dots between thousands, a decimal comma, the minus sign in front."""
    d = Decimal(value).quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP) + 0
    text = f"{abs(d):,.{decimalen}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"-{text}" if d < 0 else text


def format_euro(value, decimalen: int = 2) -> str:
    """'€ 38.500,00', '€ -1.234,50' (CLDR nl); ``decimalen=0`` rounds to whole euros for overviews."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return f"€ {format_getal(value, decimalen)}"


def format_percentage(value, decimalen: int = 0) -> str:
    """A fraction as a Dutch percentage: 0.71 -> '71%', 0.705 with one decimal -> '70,5%'."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return f"{format_getal(Decimal(value) * 100, decimalen)}%"
