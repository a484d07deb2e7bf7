"""Small statistics for indicators: the Wilson score interval for a share, and cell suppression."""

from __future__ import annotations

import math
import os

from django.conf import settings

Z95 = 1.959963984540054


def min_celgrootte() -> int:
    """Cells with fewer trajectories are suppressed (``UITKOMST_MIN_CELGROOTTE``, default 10)."""
    value = getattr(settings, "MIN_CELGROOTTE", None)
    return int(value if value is not None else os.environ.get("UITKOMST_MIN_CELGROOTTE", "10"))


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The 95% Wilson score interval for k successes out of n; None when n is 0."""
    if n <= 0:
        return None
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)
