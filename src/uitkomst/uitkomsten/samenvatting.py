"""The indicator summary: ``Indicatorcel`` holds the counts of ``definities.tellingen`` per
(municipality, provider, product, intensity, month of ending), so an indicator table reads a few
hundred summary rows instead of every measurement.

``Indicatorrollup`` holds the same cells summed over fewer dimensions (per municipality and month:
with the provider, with the product and intensity, or neither), refreshed from the cells in the same
transaction; ``Telling`` reads the smallest table that has every field a selection groups or filters
on.

Freshness: triggers on the measurement table mark (municipality, month) dirty in ``Indicatorvuil`` on
every insert, update and delete; ``bijwerken`` recomputes only those cells (one grouped
``INSERT .. SELECT`` per municipality), called before every read (one small query when nothing is
dirty) and by the scheduled task. ``Telling`` answers a selection (region, period, filters, scope):
whole months from the summary, the partial months at the edges of a period from the measurements, so
every figure equals a count of the raw rows for any period.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.dispatch import receiver

from uitkomst.utils import db

from .definities import kolom, tellingen
from .models import Indicatorcel, Indicatorrollup, Indicatorvuil, Samenvattingsstand, Uitkomstmeting

SLEUTELS = list(tellingen())  # "aantal", "<code>__n", "<code>__k", "tev__..."
GRAIN = ["gemeente_id", "aanbieder_id", "product_id", "intensiteit_id"]
# selection fields the summary can answer; any other filter is counted on the measurements
VELDEN = {"gemeente", "aanbieder", "product", "intensiteit"}
# the rollups (``Indicatorrollup.soort``) and the fields each keeps besides the month, smallest first
ROLLUPS = {"gemeente": ["gemeente_id"], "aanbieder": ["gemeente_id", "aanbieder_id"],
           "product": ["gemeente_id", "product_id", "intensiteit_id"]}  # fmt: skip


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


def _jaar_sql(vendor: str) -> str:
    return "date(maand, 'start of year')" if vendor == "sqlite" else "CAST(date_trunc('year', maand) AS date)"


def rollups_bouwen(gemeente_id: int | None = None, maanden: list[dt.date] | None = None, *,
                   using: str = "default") -> None:  # fmt: skip
    """``INSERT .. SELECT`` the rollups: per month from the cells of ``maanden`` (all: None) of
    ``gemeente_id`` (all: None), then per year from the month rollups of those years; one grouped query
    per kind, no rows through Python. Deletes the rollups of the same keys first."""
    from django.db import connections

    verbinding = connections[using]
    cel, rollup = Indicatorcel._meta.db_table, Indicatorrollup._meta.db_table
    tellers = [kolom(s) for s in SLEUTELS]
    sommen = ", ".join(f"SUM({c})" for c in tellers)
    alle = ", ".join(tellers)
    jaren = None if maanden is None else sorted({m.replace(month=1) for m in maanden})
    with verbinding.cursor() as cursor:

        def waar(maandlijst) -> tuple[str, list]:
            delen, params = [], []
            if gemeente_id is not None:
                delen.append("gemeente_id = %s")
                params.append(gemeente_id)
            if maandlijst is not None:
                delen.append(f"maand IN ({', '.join(['%s'] * len(maandlijst))})")
                params.extend(maandlijst)
            return " AND ".join(delen) or "1 = 1", params

        sql, params = waar(maanden)
        cursor.execute(f"DELETE FROM {rollup} WHERE jaar = %s AND {sql}", [False, *params])  # noqa: S608
        for soort, velden in ROLLUPS.items():
            groep = ", ".join([*velden, "maand"])
            cursor.execute(
                f"INSERT INTO {rollup} (soort, jaar, {groep}, {alle}) "  # noqa: S608
                f"SELECT %s, %s, {groep}, {sommen} FROM {cel} WHERE {sql} GROUP BY {groep}",
                [soort, False, *params],
            )
        sql, params = waar(jaren)
        cursor.execute(f"DELETE FROM {rollup} WHERE jaar = %s AND {sql}", [True, *params])  # noqa: S608
        jaar = _jaar_sql(verbinding.vendor)
        if jaren is not None:  # the months of those years
            delen = " OR ".join(["(maand >= %s AND maand < %s)"] * len(jaren))
            sql, params = waar(None)
            sql += f" AND ({delen})"
            params += [d for j in jaren for d in (j, j.replace(year=j.year + 1))]
        for soort, velden in ROLLUPS.items():
            groep = ", ".join(velden)
            cursor.execute(
                f"INSERT INTO {rollup} (soort, jaar, {groep}, maand, {alle}) "  # noqa: S608
                f"SELECT soort, %s, {groep}, {jaar}, {sommen} FROM {rollup} "
                f"WHERE soort = %s AND jaar = %s AND {sql} GROUP BY soort, {groep}, {jaar}",
                [True, soort, False, *params],
            )


class _Indicatorsamenvatting(db.Samenvatting):
    """``db.Samenvatting`` whose refresh also rebuilds the rollups of the (municipality, month) keys it
    recomputes, in the same transaction and under the same lock."""

    def bijwerken(self, *, alles: bool = False) -> int:
        if not alles and not self.vuil.objects.exists():
            return 0
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # taken again by the base: the same session, no wait
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [self.slot])
            sleutels = list(self.vuil.objects.filter(**self.vuil_filter).values_list("pk", "gemeente_id", "maand"))
            if not sleutels and not alles:
                return 0
            # the cells of exactly these keys: one committed meanwhile stays dirty for the next refresh
            deze = dataclasses.replace(self, vuil_filter={**self.vuil_filter, "pk__in": [v[0] for v in sleutels]})
            n = db.Samenvatting.bijwerken(deze, alles=alles)
            if alles or len(sleutels) > self.volledig_boven:
                rollups_bouwen()
                return n
            per_gemeente: dict[int, set[dt.date]] = defaultdict(set)
            for _, gemeente_id, maand in sleutels:
                per_gemeente[gemeente_id].add(maand)
            for gemeente_id, maanden in per_gemeente.items():
                rollups_bouwen(gemeente_id, sorted(maanden))
            return n


SAMENVATTING = _Indicatorsamenvatting(
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
def _na_bulkladen(*, alles: bool = True, **kwargs) -> None:
    bijwerken(alles=alles)


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


def _velden(q: Q) -> list[str]:
    """The lookups a filter ``q`` uses ("gemeente__regio_id", ...)."""
    out = []
    for child in q.children:
        out.extend(_velden(child) if isinstance(child, Q) else [child[0]])
    return out


def _jaren(eerste: dt.date | None, laatste: dt.date | None) -> tuple[tuple | None, list[tuple]]:
    """The whole years (first and last 1 January, either open; None: none) within the whole months
    ``eerste`` to ``laatste``, and the (first, last) month ranges left at the edges."""
    van = None if eerste is None else (eerste if eerste.month == 1 else dt.date(eerste.year + 1, 1, 1))
    tot = None if laatste is None else dt.date(laatste.year if laatste.month == 12 else laatste.year - 1, 1, 1)
    if van is not None and tot is not None and van > tot:
        return None, [(eerste, laatste)]
    maanden = []
    if eerste is not None and eerste < van:
        maanden.append((eerste, dt.date(van.year - 1, 12, 1)))
    if laatste is not None and laatste > dt.date(tot.year, 12, 1):
        maanden.append((dt.date(tot.year + 1, 1, 1), laatste))
    return (van, tot), maanden


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
        return all(k.split("__")[0].removesuffix("_id") in VELDEN or k in ("pk__in",) for k in [
            *self.filters, *_velden(self.q)
        ])  # fmt: skip

    def _ruw(self, van, tot):
        qs = Uitkomstmeting.objects.filter(self.q, **self.filters)
        if van:
            qs = qs.filter(beeindigd_op__gte=van)
        if tot:
            qs = qs.filter(beeindigd_op__lte=tot)
        return qs

    def _soort(self, veld: str | None) -> str | None:
        """The smallest rollup (``ROLLUPS``) with every field this selection groups or filters on; None:
        only the cells have them."""
        nodig = {k.split("__")[0].removesuffix("_id") for k in [*self.filters, *_velden(self.q)]}
        if veld not in (None, "kwartaal"):
            nodig.add(veld.removesuffix("_id"))
        for soort, kolommen in ROLLUPS.items():
            if nodig <= {k.removesuffix("_id") for k in kolommen}:
                return soort
        return None

    def _cellen(self, soort: str | None, jaar: bool, eerste: dt.date | None, laatste: dt.date | None):
        """The summary rows of this selection from ``eerste`` to ``laatste`` (first days, either open):
        of the rollup ``soort`` (per year with ``jaar``), or of the cells."""
        qs = Indicatorcel.objects.all() if soort is None else Indicatorrollup.objects.filter(soort=soort, jaar=jaar)
        qs = qs.filter(self.q, **self.filters)
        if eerste is not None:
            qs = qs.filter(maand__gte=eerste)
        if laatste is not None:
            qs = qs.filter(maand__lte=laatste)
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
            sommen = {k: Sum(kolom(k)) for k in SLEUTELS}
            soort, maanden = self._soort(veld), [samenvatting]
            if soort is not None and veld != "kwartaal":  # whole years from the year rollups
                jaren, maanden = _jaren(*samenvatting)
                if jaren is not None:
                    self._verzamel(uit, self._cellen(soort, True, *jaren), veld, "maand", sommen)
            for eerste, laatste in maanden:
                self._verzamel(uit, self._cellen(soort, False, eerste, laatste), veld, "maand", sommen)
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
