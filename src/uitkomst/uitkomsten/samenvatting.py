"""The indicator summary: ``Indicatorcel`` holds the counts of ``definities.tellingen`` per
(municipality, provider, product, intensity, month of ending), so an indicator table reads a few
hundred summary rows instead of every measurement.

Freshness: triggers on the measurement table mark (municipality, month) dirty in ``Indicatorvuil`` on
every insert, update and delete; ``bijwerken`` recomputes only those cells (one grouped
``INSERT .. SELECT`` per municipality), called before every read (one small query when nothing is
dirty) and by the scheduled task. ``Telling`` answers a selection (region, period, filters, scope):
whole months from the summary, the partial months at the edges of a period from the measurements, so
every figure equals a count of the raw rows for any period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q, Sum
from django.dispatch import receiver

from uitkomst.utils import db

from .definities import kolom, tellingen
from .models import Indicatorcel, Indicatorvuil, Samenvattingsstand, Uitkomstmeting

SLEUTELS = list(tellingen())  # "aantal", "<code>__n", "<code>__k", "tev__..."
GRAIN = ["gemeente_id", "aanbieder_id", "product_id", "intensiteit_id"]
# selection fields the summary can answer; any other filter is counted on the measurements
VELDEN = {"gemeente", "aanbieder", "product", "intensiteit"}


maandeinde = db.maandeinde


def volgende_maand(maand: dt.date) -> dt.date:
    return (maandeinde(maand) + dt.timedelta(days=1)).replace(day=1)


# --- refresh ---------------------------------------------------------------------------------------


def _bron(q: Q):
    """The cells of the measurements matching ``q``, grouped in SQL."""
    return (
        Uitkomstmeting.objects.filter(q)
        .values(*GRAIN, maand_=db.Maandbegin("beeindigd_op"))
        .annotate(**tellingen())
        .order_by()
    )


SAMENVATTING = db.Samenvatting(
    cel=Indicatorcel, vuil=Indicatorvuil, celmaand="maand", bronmaand="beeindigd_op", bron=_bron,
    kolommen=[*GRAIN, "maand", *(kolom(s) for s in SLEUTELS)], slot=7_413_001,
    stand=Samenvattingsstand, naam="indicatoren",
)  # fmt: skip


def bijwerken(*, alles: bool = False) -> int:
    """Recompute the dirty cells (``alles``: the whole summary); returns the number of months done."""
    return SAMENVATTING.bijwerken(alles=alles)


def versie() -> str:
    """The data version of the summary (changes with every refresh that changed cells)."""
    return SAMENVATTING.token()


@receiver(db.bulkgeladen, dispatch_uid="uitkomst.uitkomsten.samenvatting")
def _na_bulkladen(**kwargs) -> None:
    bijwerken(alles=True)


# --- reading ---------------------------------------------------------------------------------------


def _leeg() -> dict:
    return dict.fromkeys(SLEUTELS, 0)


def _optellen(acc: dict, row: dict) -> None:
    for k in SLEUTELS:
        v = row.get(k)
        if v:
            acc[k] += int(v)


def _kwartaal(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


class Telling:
    """The measurements of a selection: ended in [van, tot] (either open), matching ``filters``
    (field lookups, ``None`` values ignored) and the filter ``q``. ``per`` counts them per group."""

    def __init__(self, *, van: dt.date | None = None, tot: dt.date | None = None, filters: dict | None = None,
                 q: Q | None = None) -> None:  # fmt: skip
        self.van, self.tot = van, tot
        self.filters = {k: v for k, v in (filters or {}).items() if v is not None}
        self.q = q if q is not None else Q()

    def filter(self, q: Q | None = None, **filters) -> Telling:
        return Telling(van=self.van, tot=self.tot, filters=self.filters | filters, q=self.q & (q or Q()))

    def _samenvatbaar(self) -> bool:
        def velden(q) -> list[str]:
            out = []
            for child in q.children:
                out.extend(velden(child) if isinstance(child, Q) else [child[0]])
            return out

        return all(k.split("__")[0].removesuffix("_id") in VELDEN or k in ("pk__in",) for k in [
            *self.filters, *velden(self.q)
        ])  # fmt: skip

    def _ruw(self, van, tot):
        qs = Uitkomstmeting.objects.filter(self.q, **self.filters)
        if van:
            qs = qs.filter(beeindigd_op__gte=van)
        if tot:
            qs = qs.filter(beeindigd_op__lte=tot)
        return qs

    def delen(self) -> tuple[tuple | None, list[tuple]]:
        """(first, last) whole month read from the summary (None: none), and the (van, tot) ranges read
        from the measurements."""
        if not self._samenvatbaar():
            return None, [(self.van, self.tot)]
        van, tot = self.van, self.tot
        eerste = None if van is None else (van if van.day == 1 else volgende_maand(van.replace(day=1)))
        laatste = None
        if tot is not None:
            laatste = tot.replace(day=1) if tot == maandeinde(tot) else (tot.replace(day=1) - dt.timedelta(days=1))
            laatste = laatste.replace(day=1)
        if eerste is not None and laatste is not None and eerste > laatste:
            return None, [(van, tot)]
        ruw = []
        if van is not None and van < eerste:
            ruw.append((van, eerste - dt.timedelta(days=1)))
        if tot is not None and tot > maandeinde(laatste):
            ruw.append((volgende_maand(laatste), tot))
        return (eerste, laatste), ruw

    def per(self, veld: str | None) -> dict:
        """Counts per value of ``veld`` (a field such as "aanbieder_id"; "kwartaal": (year, quarter) of
        ending; None: one total under the key None)."""
        samenvatting, ruw = self.delen()
        uit: dict = defaultdict(_leeg)
        if samenvatting is not None:
            eerste, laatste = samenvatting
            qs = Indicatorcel.objects.filter(self.q, **self.filters)
            if eerste is not None:
                qs = qs.filter(maand__gte=eerste)
            if laatste is not None:
                qs = qs.filter(maand__lte=laatste)
            sommen = {k: Sum(kolom(k)) for k in SLEUTELS}
            self._verzamel(uit, qs, veld, "maand", sommen)
        for van, tot in ruw:
            self._verzamel(uit, self._ruw(van, tot), veld, "beeindigd_op", tellingen())
        return dict(uit)

    @staticmethod
    def _verzamel(uit: dict, qs, veld: str | None, datumveld: str, sommen: dict) -> None:
        if veld is None:
            _optellen(uit[None], qs.aggregate(**sommen))
            return
        groep = datumveld if veld == "kwartaal" else veld
        for row in qs.values(groep).annotate(**sommen).order_by():
            key = row[groep]
            _optellen(uit[_kwartaal(key) if veld == "kwartaal" else key], row)

