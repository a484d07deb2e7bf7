from django import template

register = template.Library()


@register.filter
def pct(value, decimals: int = 1) -> str:
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(decimals)}f}%".replace(".", ",")


@register.filter
def ci(value) -> str:
    if not value:
        return "—"
    low, high = value
    return f"{low * 100:.1f}–{high * 100:.1f}%".replace(".", ",")


@register.filter
def euro(value) -> str:
    if value is None or value == "":
        return "—"
    text = f"{float(value):,.0f}".replace(",", ".")
    return f"€ {text}"


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
