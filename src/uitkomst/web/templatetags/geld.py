"""Template filters for money and shares, built on the one formatter in ``uitkomst.utils.geld``.

``{{ bedrag|euro }}`` -> "€ 38.500,00" (a non-breaking space keeps the sign with the amount);
``{{ bedrag|euro:0 }}`` -> "€ 38.500"; ``{{ aandeel|percentage }}`` -> "71%". Empty values show "—".
"""

from django import template

from uitkomst.utils.geld import format_euro, format_percentage

register = template.Library()

LEEG = "—"


@register.filter
def euro(value, decimalen: int = 2) -> str:
    if value is None or value == "":
        return LEEG
    return format_euro(value, int(decimalen)).replace(" ", "\u00a0", 1)


@register.filter
def percentage(value, decimalen: int = 0) -> str:
    if value is None or value == "":
        return LEEG
    return format_percentage(value, int(decimalen))
