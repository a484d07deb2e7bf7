"""Small statistics for indicators: the Wilson score interval for a share, cell suppression, and the
better/worse comparison of a unit with the rest of its region (Fisher's exact test)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

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


SCIPY_TOT = 1000  # smaller tables: scipy's own fisher_exact (fast enough, ties decided exactly as scipy does)


@lru_cache(maxsize=65_536)
def p_waarde(k: int, n: int, k_rest: int, n_rest: int) -> float:
    """Two-sided p-value of Fisher's exact test on the 2x2 table (unit, rest of the region) x (yes, no).

    Memoised (a pure function of four integers: the same tables return on every page view). Large
    tables are summed over the hypergeometric distribution in one vectorised pass (scipy's
    ``fisher_exact`` costs milliseconds per table there, hundreds of them per indicator table); the
    same definition: the probability of every table at most as likely as the observed one."""
    if n + n_rest < SCIPY_TOT:
        from scipy.stats import fisher_exact  # imported here: scipy is heavy and only needed for comparisons

        return float(fisher_exact([[k, n - k], [k_rest, n_rest - k_rest]], alternative="two-sided")[1])
    import numpy as np
    from scipy.special import gammaln

    totaal, ja = n + n_rest, k + k_rest
    laag, hoog = max(0, n - (totaal - ja)), min(n, ja)
    x = np.arange(laag, hoog + 1, dtype=np.float64)
    log_kans = (
        gammaln(ja + 1) - gammaln(x + 1) - gammaln(ja - x + 1)
        + gammaln(totaal - ja + 1) - gammaln(n - x + 1) - gammaln(totaal - ja - n + x + 1)
        - gammaln(totaal + 1) + gammaln(n + 1) + gammaln(totaal - n + 1)
    )  # fmt: skip
    kans = np.exp(log_kans)
    waargenomen, modus = kans[k - laag], kans.max()
    if abs(waargenomen - modus) / max(waargenomen, modus) <= 1e-14:
        return 1.0
    return float(min(kans[kans <= waargenomen * (1 + 1e-7)].sum(), 1.0))


def vergelijk(k: int, n: int, k_rest: int, n_rest: int, *, hoger_is_beter: bool) -> str | None:
    """ "beter", "slechter" or None for a unit's k of n against the rest of the region (the region
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


# --- suppression of counts of people (pgb decisions, referrals): one rule for pages, exports and API


@dataclass
class Telling:
    """A count of people: hidden (``onderdrukt``) when 1 to ``min_n - 1`` (the same threshold as the
    outcome tables, ``settings.MIN_CELGROOTTE``), or to protect the one hidden cell of its column."""

    n: int
    onderdrukt: bool = False
    min_n: int = 0

    @property
    def waarde(self) -> int | None:
        return None if self.onderdrukt else self.n

    def __str__(self) -> str:
        return f"< {self.min_n}" if self.onderdrukt else str(self.n)


def tellingen(aantallen: list[int]) -> list[Telling]:
    """One column of counts with the suppression rules of the outcome tables: primary below the
    minimum cell size (0 is shown: it reveals no one), and complementary: when exactly one cell of the
    column is hidden, the smallest visible non-zero cell is hidden too (a total would reveal it)."""
    min_n = min_celgrootte()
    uit = [Telling(n=int(n), onderdrukt=0 < n < min_n, min_n=min_n) for n in aantallen]
    verborgen = [t for t in uit if t.onderdrukt]
    zichtbaar = [t for t in uit if not t.onderdrukt and t.n > 0]
    if len(verborgen) == 1 and zichtbaar:
        min(zichtbaar, key=lambda t: t.n).onderdrukt = True
    return uit
