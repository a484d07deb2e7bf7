"""Queries on the region's organisations that the API edges of several apps share."""

from __future__ import annotations

from uitkomst.utils.opzoeken import per_sleutel

from .models import Gemeente


def gemeente_per_cbs(code: str) -> Gemeente:
    """The municipality with CBS code ``code``; refused as ``gemeente_onbekend`` when there is none."""
    return per_sleutel(Gemeente, "cbs_code", code, "gemeente", "Gemeente")
