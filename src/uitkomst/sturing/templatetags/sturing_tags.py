from django import template

from uitkomst.utils.geld import format_euro, format_percentage

register = template.Library()


@register.filter
def pct(value, decimals: int = 1) -> str:
    if value is None or value == "":
        return "—"
    return format_percentage(value, int(decimals))


@register.filter
def ci(value) -> str:
    if not value:
        return "—"
    low, high = value
    return f"{low * 100:.1f}–{high * 100:.1f}%".replace(".", ",")


@register.filter
def euro(value, decimalen: int = 0) -> str:
    """Steering pages show whole euros (the forecasts are estimates); the one formatter does the notation."""
    if value is None or value == "":
        return "—"
    return format_euro(value, int(decimalen)).replace(" ", "\u00a0", 1)


@register.filter
def getal(value, decimals: int = 1) -> str:
    if value is None or value == "":
        return "—"
    return f"{float(value):.{int(decimals)}f}".replace(".", ",")


@register.filter
def cel(rij, code: str):
    return rij.cellen.get(code)


@register.filter
def aantal(telling: dict, key: str) -> int:
    return (telling or {}).get(key, 0)


@register.filter
def attr_aandeel(c):
    return None if c is None or c.onderdrukt else c.aandeel
