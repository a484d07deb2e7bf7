"""Small statistics for indicators: the Wilson score interval for a share, cell suppression, and the
better/worse comparison of a unit with the rest of its region (Fisher's exact test)."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
VENSTER_SIGMA = 10  # the hypergeometric terms summed: the mode +- 10 standard deviations (``_p_groot``)
_BEREKEND: dict[tuple[int, int, int, int], float] = {}  # memo: the same tables return on every page view
_MEMO_MAX = 65_536


def p_waarde(k: int, n: int, k_rest: int, n_rest: int) -> float:
    """Two-sided p-value of Fisher's exact test on the 2x2 table (unit, rest of the region) x (yes, no):
    the probability of every table at most as likely as the observed one. Memoised (a pure function of
    four integers); ``p_waarden`` computes many at once."""
    sleutel = (k, n, k_rest, n_rest)
    p = _BEREKEND.get(sleutel)
    if p is None:
        p = p_waarden([sleutel])[sleutel]
    return p


p_waarde.cache_clear = _BEREKEND.clear  # type: ignore[attr-defined]


def _log_kansen(x, k, n, k_rest, n_rest, g=None):
    """log P(x) of the hypergeometric distribution of the unit's yes-count (numpy arrays or scalars,
    broadcast). ``g``: the five terms that do not depend on x, already computed (``_vaste_termen``);
    the terms in one order, so a term is the same float whichever range it is computed in."""
    from scipy.special import gammaln

    totaal, ja = n + n_rest, k + k_rest
    a, d, e, f, h = g if g is not None else _vaste_termen(k, n, k_rest, n_rest)
    return (
        a - gammaln(x + 1) - gammaln(ja - x + 1)
        + d - gammaln(n - x + 1) - gammaln(totaal - ja - n + x + 1)
        - e + f + h
    )  # fmt: skip


def _vaste_termen(k, n, k_rest, n_rest):
    """The terms of ``_log_kansen`` that do not depend on x, in its order."""
    from scipy.special import gammaln

    totaal, ja = n + n_rest, k + k_rest
    return gammaln(ja + 1), gammaln(totaal - ja + 1), gammaln(totaal + 1), gammaln(n + 1), gammaln(totaal - n + 1)


def _p_volledig(k: int, n: int, k_rest: int, n_rest: int) -> float:
    """Summed over the whole support of the distribution."""
    import numpy as np

    ja = k + k_rest
    laag, hoog = max(0, n - (n + n_rest - ja)), min(n, ja)
    kans = np.exp(_log_kansen(np.arange(laag, hoog + 1, dtype=np.float64), k, n, k_rest, n_rest))
    waargenomen, modus = kans[k - laag], kans.max()
    if abs(waargenomen - modus) / max(waargenomen, modus) <= 1e-14:
        return 1.0
    return float(min(kans[kans <= waargenomen * (1 + 1e-7)].sum(), 1.0))


_BLOK = 4096  # tables per vectorised pass (bounds the memory: a row of a few hundred terms each)
_STAP = 32  # terms stepped by ratio from one log-gamma anchor: the rounding of the steps stays below 1e-13


def _p_groot(groot: list[tuple[int, int, int, int]]) -> list[float]:
    """``p_waarden`` of large tables: one matrix, a row per table, over the terms within
    ``VENSTER_SIGMA`` standard deviations of its mode. A row starts from log P(first term) and steps
    with the ratio of successive hypergeometric terms (one log per term instead of four log-gamma
    functions: the terms agree with ``_log_kansen`` to about 1e-12, far inside the 1e-7 tie tolerance).
    A row whose ends are not negligible (the terms beyond could add more than 1e-16), or whose observed
    count lies outside it, is summed over its whole support instead (``_p_volledig``)."""
    import numpy as np

    k, n, k_rest, n_rest = (np.array(c, dtype=np.float64) for c in zip(*groot, strict=True))
    totaal, ja = n + n_rest, k + k_rest
    overig = totaal - ja - n  # the "no" count of the rest when the unit has x "yes": overig + x
    laag, hoog = np.maximum(0, -overig), np.minimum(n, ja)
    modus = np.clip(np.floor((n + 1) * (ja + 1) / (totaal + 2)), laag, hoog)
    sd = np.sqrt(n * ja * (totaal - ja) * (totaal - n) / (totaal * totaal * np.maximum(totaal - 1, 1)))
    breedte = np.ceil(VENSTER_SIGMA * sd) + 2
    van, tot = np.maximum(laag, modus - breedte), np.minimum(hoog, modus + breedte)
    lengte = (tot - van + 1).astype(np.int64)
    # sorted by length, in blocks of similar length: little padding
    uit = [0.0] * len(groot)
    volgorde = np.argsort(lengte, kind="stable")
    for blok in np.array_split(volgorde, max(1, len(volgorde) // 64)):
        b = blok[:, None]
        w = -(-int(lengte[blok].max()) // _STAP) * _STAP  # whole runs of _STAP terms
        j = np.arange(w, dtype=np.float64)[None, :]
        x = van[b] + j
        # log P at the first term of every run (log-gamma), then ratio steps within the run
        anker = x[:, ::_STAP]
        geldig = j < lengte[b]
        log_kans = np.repeat(_log_kansen(np.minimum(anker, tot[b]), k[b], n[b], k_rest[b], n_rest[b]), _STAP, axis=1)
        y = x - 1  # the step from y to x = y + 1; none at the first term of a run
        with np.errstate(divide="ignore", invalid="ignore"):  # x = 0 at a run's first term: not a step
            stap = np.where(geldig & (j % _STAP != 0), (ja[b] - y) * (n[b] - y) / (x * (overig[b] + x)), 1.0)
        log_kans += np.cumsum(np.log(stap).reshape(len(blok), -1, _STAP), axis=2).reshape(len(blok), w)
        kans = np.where(geldig, np.exp(log_kans), 0.0)
        rijen = np.arange(len(blok))
        binnen = (k[blok] >= van[blok]) & (k[blok] <= tot[blok])
        waargenomen = kans[rijen, np.where(binnen, k[blok] - van[blok], 0).astype(np.int64)]
        modi = kans.max(axis=1)
        gelijk = np.abs(waargenomen - modi) / np.maximum(waargenomen, modi) <= 1e-14
        sommen = np.where(kans <= (waargenomen * (1 + 1e-7))[:, None], kans, 0.0).sum(axis=1)
        # every term beyond an end is smaller than the end's (unimodal): their sum below n times it
        eind = kans[rijen, lengte[blok] - 1]
        rest = ((van[blok] > laag[blok]) * kans[:, 0] + (tot[blok] < hoog[blok]) * eind) * (n[blok] + 1)
        for r, i in enumerate(blok):
            if rest[r] > 1e-16 or not binnen[r]:
                uit[i] = _p_volledig(*groot[i])
            else:
                uit[i] = 1.0 if gelijk[r] else float(min(sommen[r], 1.0))
    return uit


def p_waarden(tabellen) -> dict[tuple[int, int, int, int], float]:
    """The p-values of many 2x2 tables (k, n, k_rest, n_rest), memoised. Small tables: scipy's
    ``fisher_exact``. Large tables (scipy costs milliseconds there, hundreds per indicator table): in
    one vectorised pass (``_p_groot``), equal to the whole-support sum to within about 1e-12 of the
    p-value, so the comparison with ``ALFA`` is the same."""

    uit, groot = {}, []
    for t in dict.fromkeys(tuple(map(int, t)) for t in tabellen):
        if t in _BEREKEND:
            uit[t] = _BEREKEND[t]
        elif t[1] + t[3] < SCIPY_TOT:
            from scipy.stats import fisher_exact  # imported here: scipy is heavy, only needed for comparisons

            k, n, k_rest, n_rest = t
            uit[t] = float(fisher_exact([[k, n - k], [k_rest, n_rest - k_rest]], alternative="two-sided")[1])
        else:
            groot.append(t)
    for i in range(0, len(groot), _BLOK):
        deel = groot[i : i + _BLOK]
        uit.update(zip(deel, _p_groot(deel), strict=True))
    if len(_BEREKEND) > _MEMO_MAX:
        _BEREKEND.clear()
    _BEREKEND.update(uit)
    return uit


def te_toetsen(k: int, n: int, k_rest: int, n_rest: int) -> bool:
    """Whether ``vergelijk`` needs the test: both sides at least the minimum cell size, unequal shares."""
    minimum = min_celgrootte()
    return n >= minimum and n_rest >= minimum and k * n_rest != k_rest * n


def vergelijk(k: int, n: int, k_rest: int, n_rest: int, *, hoger_is_beter: bool) -> str | None:
    """ "beter", "slechter" or None for a unit's k of n against the rest of the region (the region
    without the unit, so the unit is not compared with itself): Fisher's exact test, two-sided, at
    ``ALFA``; only when both the unit and the rest have at least the minimum cell size. Equal shares are
    never a difference (exact comparison on integers, no rounding)."""
    if not te_toetsen(k, n, k_rest, n_rest):
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
