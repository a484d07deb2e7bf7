"""Server-side SVG charts (no JavaScript, no CDN). Each chart has a title and a description for
screen readers; every page that shows one also shows the same numbers in a table."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe


def _num(x) -> float:
    return float(x or 0)


def staafdiagram(
    *, titel: str, labels: list[str], reeksen: list[tuple[str, str, list]], lijn: tuple[str, float] | None = None
) -> SafeString:
    """Stacked bars per label; ``reeksen`` = [(name, colour, values)], ``lijn`` = (name, value)."""
    w, h, links, onder, boven = 760, 280, 70, 40, 30
    totalen = [sum(_num(r[2][i]) for r in reeksen) for i in range(len(labels))]
    top = max([*totalen, _num(lijn[1]) if lijn else 0, 1.0]) * 1.1
    breedte = (w - links - 10) / max(len(labels), 1)

    def y(v: float) -> float:
        return boven + (h - boven - onder) * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" class="grafiek" role="img" '
        f'aria-labelledby="g-titel g-desc"><title id="g-titel">{escape(titel)}</title>'
        f'<desc id="g-desc">{escape(titel)}; de cijfers staan in de tabel eronder.</desc>'
    ]
    for i in range(5):
        v = top * i / 4
        parts.append(
            f'<line x1="{links}" x2="{w - 10}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
            f'<text x="{links - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{_kort(v)}</text>'
        )
    for i, label in enumerate(labels):
        x = links + i * breedte + breedte * 0.15
        basis = 0.0
        for naam, kleur, waarden in reeksen:
            v = _num(waarden[i])
            if v > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y(basis + v):.1f}" width="{breedte * 0.7:.1f}" '
                    f'height="{y(basis) - y(basis + v):.1f}" fill="{kleur}"><title>{escape(label)} – {escape(naam)}: '
                    f"{_kort(v)}</title></rect>"
                )
            basis += v
        parts.append(
            f'<text x="{x + breedte * 0.35:.1f}" y="{h - onder + 15}" font-size="11" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    if lijn:
        parts.append(
            f'<line x1="{links}" x2="{w - 10}" y1="{y(_num(lijn[1])):.1f}" y2="{y(_num(lijn[1])):.1f}" '
            f'stroke="#a00" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{w - 12}" y="{y(_num(lijn[1])) - 5:.1f}" font-size="11" text-anchor="end" fill="#a00">'
            f"{escape(lijn[0])}</text>"
        )
    legenda_x = links
    for naam, kleur, _ in reeksen:
        parts.append(
            f'<rect x="{legenda_x}" y="6" width="12" height="12" fill="{kleur}"/>'
            f'<text x="{legenda_x + 16}" y="16" font-size="12">{escape(naam)}</text>'
        )
        legenda_x += 20 + 7 * len(naam)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def intervaldiagram(*, titel: str, rijen: list[tuple[str, float | None, tuple | None]], benchmark: float | None):
    """Shares with their 95% interval per row and the regional benchmark as a vertical line."""
    rijen = [r for r in rijen if r[1] is not None]
    w, regel, links = 760, 22, 260
    h = 40 + regel * max(len(rijen), 1)

    def x(v: float) -> float:
        return links + (w - links - 20) * v

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" class="grafiek" role="img" '
        f'aria-label="{escape(titel)}; de cijfers staan in de tabel."><title>{escape(titel)}</title>'
    ]
    for i in range(0, 11, 2):
        parts.append(
            f'<line x1="{x(i / 10):.1f}" x2="{x(i / 10):.1f}" y1="20" y2="{h - 10}" stroke="#eee"/>'
            f'<text x="{x(i / 10):.1f}" y="14" font-size="10" text-anchor="middle">{i * 10}%</text>'
        )
    for n, (label, aandeel, ci) in enumerate(rijen):
        yy = 32 + n * regel
        parts.append(f'<text x="{links - 8}" y="{yy + 4}" font-size="11" text-anchor="end">{escape(label[:40])}</text>')
        if ci:
            parts.append(
                f'<line x1="{x(ci[0]):.1f}" x2="{x(ci[1]):.1f}" y1="{yy}" y2="{yy}" stroke="#154273" stroke-width="2"/>'
            )
        parts.append(f'<circle cx="{x(aandeel):.1f}" cy="{yy}" r="4" fill="#154273"/>')
    if benchmark is not None:
        parts.append(
            f'<line x1="{x(benchmark):.1f}" x2="{x(benchmark):.1f}" y1="20" y2="{h - 5}" stroke="#a00" '
            f'stroke-dasharray="4 3" stroke-width="2"><title>Regio: {benchmark:.1%}</title></line>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _kort(v: float) -> str:
    if abs(v) >= 1_000_000:
        return f"€ {v / 1_000_000:.1f} mln".replace(".", ",")
    if abs(v) >= 1_000:
        return f"€ {v / 1_000:.0f}k"
    return f"€ {Decimal(v):.0f}"
