"""Small statistics for indicators: the Wilson score interval for a share, cell suppression, and the
better/worse comparison of a unit with the rest of its region (Fisher's exact test)."""

from __future__ import annotations

import math

from django.conf import settings

Z95 = 1.959963984540054


def min_celgrootte() -> int:
    """Cells with fewer trajectories are suppressed (``settings.MIN_CELGROOTTE``, default 10)."""
    return int(settings.MIN_CELGROOTTE)


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The 95% Wilson score interval for k successes out of n; None when n is 0."""
    if n <= 0:
        return None
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


# --- better / worse: the unit against the rest of the region ------------------------------------

ALFA = 0.05  # two-sided significance level of the comparison


def p_waarde(k: int, n: int, k_rest: int, n_rest: int) -> float:
    """Two-sided p-value of Fisher's exact test on the 2x2 table (unit, rest of the region) x (yes, no)."""
    from scipy.stats import fisher_exact  # imported here: scipy is heavy and only needed for comparisons

    return float(fisher_exact([[k, n - k], [k_rest, n_rest - k_rest]], alternative="two-sided")[1])


def vergelijk(k: int, n: int, k_rest: int, n_rest: int, *, hoger_is_beter: bool) -> str | None:
    """"beter", "slechter" or None for a unit's k of n against the rest of the region (the region
    without the unit, so the unit is not compared with itself): Fisher's exact test, two-sided, at
    ``ALFA``; only when both the unit and the rest have at least the minimum cell size. Equal shares are
    never a difference (exact comparison on integers, no rounding)."""
    minimum = min_celgrootte()
    if n < minimum or n_rest < minimum or k * n_rest == k_rest * n:
        return None
    if p_waarde(k, n, k_rest, n_rest) >= ALFA:
        return None
    hoger = k * n_rest > k_rest * n
    return "beter" if hoger == hoger_is_beter else "slechter"
