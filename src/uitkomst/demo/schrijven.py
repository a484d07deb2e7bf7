"""Bulk writing for the demo builder: rows as plain tuples, in batches, COPY on PostgreSQL.

``objecten`` turns unsaved model instances into tuples without Django's per-field machinery for the
plain columns (integers, strings, booleans, keys): only dates, times, decimals, UUIDs and JSON go
through the backend's adapters. ``rijen`` writes tuples for a table directly. Keys are assigned by
the caller (``volgende_id``) so rows can refer to each other before they are written; afterwards
``reeksen_bijwerken`` moves PostgreSQL's sequences past them (a no-op on SQLite).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

BATCH = 5000
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
    models.OneToOneField,
)


def volgende_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _kolommen(model, with_pk: bool):
    """(column names, [(attname, converter or None, field for pre_save or None)]) of a model."""
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    plan = []
    for f in fields:
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        if auto:
            plan.append((f.attname, f, True))
        elif isinstance(f, models.CharField | models.TextField):
            plan.append((f.attname, _tekst, False))  # lazy translations become plain text
        elif isinstance(f, _PLAIN):
            plan.append((f.attname, None, False))
        else:
            plan.append((f.attname, f, False))
    return [f.column for f in fields], plan


def _tekst(value):
    return value if value is None or type(value) is str else str(value)


def _waarde(f, value):
    return None if value is None else f.get_db_prep_save(value, connection)


def objecten(objs: Sequence[models.Model]) -> None:
    """Write unsaved instances of one model (keys included when the first has one)."""
    if not objs:
        return
    model = type(objs[0])
    with_pk = objs[0].pk is not None
    columns, plan = _kolommen(model, with_pk)
    out = []
    for o in objs:
        row = []
        for attname, f, auto in plan:
            if f is None:
                row.append(getattr(o, attname))
            elif f is _tekst:
                row.append(_tekst(getattr(o, attname)))
            elif auto:
                row.append(f.get_db_prep_save(f.pre_save(o, True), connection))
            else:
                row.append(_waarde(f, getattr(o, attname)))
        out.append(tuple(row))
    rijen(model._meta.db_table, columns, out)


def dicts(model, rows: Sequence[dict]) -> None:
    """Write rows given as {attname: value} without making model instances (the invoice lines: a
    model instance costs more than the row). A missing field gets its default, as ``Model()`` would
    give it; ``auto_now``/``auto_now_add`` fields get the time now. Keys are included when the
    first row has one."""
    if not rows:
        return
    with_pk = model._meta.pk.attname in rows[0]
    columns, plan = _kolommen(model, with_pk)
    fields = {f.attname: f for f in model._meta.concrete_fields}
    out = []
    for d in rows:
        row = []
        for attname, f, auto in plan:
            if auto:
                row.append(_waarde(f, f.pre_save(_Houder(), True)))
                continue
            value = d[attname] if attname in d else fields[attname].get_default()
            if f is None:
                row.append(value)
            elif f is _tekst:
                row.append(_tekst(value))
            else:
                row.append(_waarde(f, value))
        out.append(tuple(row))
    rijen(model._meta.db_table, columns, out)


class _Houder:
    """Stands in for an instance when an ``auto_now`` field sets its value (``pre_save``)."""


def rijen(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Write tuples (already in database form) to ``table``: COPY on PostgreSQL, executemany else."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})"  # noqa: S608 (names from model metadata)
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def reeksen_bijwerken(modellen: Iterable) -> None:
    """Keys were assigned here: move PostgreSQL's sequences past them (a no-op on SQLite)."""
    sqls = connection.ops.sequence_reset_sql(no_style(), list(modellen))
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql)

