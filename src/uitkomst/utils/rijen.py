"""Inserting many new rows of one model without Django's per-field insert machinery.

``bulk_create`` compiles every value of every row through the insert compiler (``prepare_value``,
``pre_save_val``, ``get_db_prep_save``): for the message log and the invoice lines that is most of
the cost of storing a row. ``invoegen`` writes the same rows with the same values: per column a
converter is chosen once (a value of the column's plain type is taken as it is or converted the way
the field would; any other value goes through the field's ``get_db_prep_save``), the related objects
saved after they were assigned are picked up as ``bulk_create`` does (``_prepare_related_fields_for_save``),
``auto_now`` fields get their value, and the instances get their primary key and saved state.
``tupels`` writes rows given as tuples of values, without instances. Without keys to read back the
rows go by ``COPY`` on PostgreSQL and ``executemany`` on SQLite.

Only for new instances of concrete models without multi-table inheritance, whose key the database
assigns; no signals are sent (as ``bulk_create``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
import uuid
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.operations import BaseDatabaseOperations

_GEHEEL = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
)


_toepassen = operator.call  # (converter, value) -> converter(value), in ``map`` without a generator


def _verbinding():
    """The default connection itself (``django.db.connection`` is a proxy that looks it up on every
    attribute)."""
    return connections[DEFAULT_DB_ALIAS]


def _omzetter(f: models.Field, conn) -> Callable:
    """value -> database value, exactly what ``f.get_db_prep_save(value, conn)`` gives; the common
    types without the field's machinery."""

    def veld(value, f=f, conn=conn):
        return f.get_db_prep_save(value, conn)

    if isinstance(f, models.JSONField):
        return veld  # None is SQL NULL or JSON null depending on the field: the field decides
    if isinstance(f, models.ForeignKey):
        doel = f.target_field
        if isinstance(doel, _GEHEEL):
            return lambda value: value if value is None or type(value) is int else veld(value)
        return veld
    if isinstance(f, models.BooleanField):
        return lambda value: value if value is None or type(value) is bool else veld(value)
    if isinstance(f, _GEHEEL):
        return lambda value: value if value is None or type(value) is int else veld(value)
    if isinstance(f, models.CharField | models.TextField):
        # a choices member (``TextChoices``) is a str: the field passes it on and the database stores its
        # text, given here as a plain str (also for COPY)
        def tekst(value):
            if value is None or type(value) is str:
                return value
            return str.__str__(value) if isinstance(value, str) else veld(value)

        return tekst
    pg = conn.vendor == "postgresql"
    if isinstance(f, models.DateTimeField):  # (before DateField: a DateTimeField is one)
        if pg:
            # an aware value is passed on as it is; a naive one the field makes aware (with its warning)
            # when USE_TZ, so it is the field's too
            if not settings.USE_TZ:
                return lambda value: value if value is None or type(value) is dt.datetime else veld(value)

            def tijd_pg(value):
                if value is None:
                    return value
                aware = type(value) is dt.datetime and value.tzinfo is not None
                if aware and (value.tzinfo is dt.UTC or value.utcoffset() is not None):
                    return value
                return veld(value)

            return tijd_pg
        if not settings.USE_TZ:
            return veld
        # What ``adapt_datetimefield_value`` does to an aware value: ``str(make_naive(value, conn.timezone))``,
        # naive in the connection's zone as text. ``str(d)`` is ``d.isoformat(" ")``; a value already in
        # that zone is not converted (``astimezone`` to its own zone changes nothing), and in UTC (the
        # connection's zone unless the database has a TIME_ZONE) the text is the aware one without its
        # "+00:00". Naive values, and a tzinfo that gives no offset (naive to Django), go to the field.
        tz = conn.timezone
        utc = tz is dt.UTC

        def tijd(value):
            if type(value) is not dt.datetime:
                return None if value is None else veld(value)
            zone = value.tzinfo
            if zone is tz:
                return value.isoformat(" ")[:-6] if utc else value.replace(tzinfo=None).isoformat(" ")
            if zone is None or value.utcoffset() is None:
                return veld(value)
            value = value.astimezone(tz)
            return value.isoformat(" ")[:-6] if utc else value.replace(tzinfo=None).isoformat(" ")

        return tijd
    if isinstance(f, models.DateField):
        if pg:
            return lambda value: value if value is None or type(value) is dt.date else veld(value)
        return lambda value: value if value is None else (str(value) if type(value) is dt.date else veld(value))
    if isinstance(f, models.DecimalField):
        if type(conn.ops).adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value:
            return lambda value: value if value is None or type(value) is decimal.Decimal else veld(value)
        return veld
    if isinstance(f, models.UUIDField):
        if conn.features.has_native_uuid_field:
            return lambda value: value if value is None or type(value) is uuid.UUID else veld(value)
        return lambda value: value if value is None else (value.hex if type(value) is uuid.UUID else veld(value))
    return veld


def _plan(model, conn):
    velden = [f for f in model._meta.concrete_fields if not f.primary_key]
    auto = [f for f in velden if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    relaties = [(f.name, f.attname, f) for f in velden if f.is_relation]
    return velden, auto, relaties, [_omzetter(f, conn) for f in velden]


def _verbonden(obj, relaties) -> None:
    """As ``Model._prepare_related_fields_for_save``: a related object assigned before it was saved
    gives its key now; one still unsaved refuses the insert."""
    cache = obj._state.fields_cache
    for naam, attname, f in relaties:
        rel = cache.get(naam)
        if rel is None:
            continue
        if rel.pk is None:
            if not f.remote_field.multiple:
                f.remote_field.delete_cached_value(rel)
            raise ValueError(f"bulk_create() prohibited to prevent data loss due to unsaved related object '{naam}'.")
        if getattr(obj, attname) in f.empty_values:
            setattr(obj, naam, rel)
        if getattr(rel, f.target_field.attname) != getattr(obj, attname):
            f.delete_cached_value(obj)


def invoegen(objs: Sequence[models.Model], *, sleutels: bool = True) -> None:
    """Insert new instances of one model, as ``bulk_create(objs)`` does. ``sleutels``: read the keys
    the database assigned back into the instances (``RETURNING``); without, the rows are written
    in the fastest way (``COPY`` / ``executemany``) and the instances keep no key."""
    objs = list(objs)
    if not objs:
        return
    model = type(objs[0])
    if model._meta.parents:
        raise ValueError("Can't bulk create a multi-table inherited model")
    conn = _verbinding()
    velden, auto, relaties, omzetters = _plan(model, conn)
    lees = operator.attrgetter(*[f.attname for f in velden])
    een = len(velden) == 1
    rijen = []
    for obj in objs:
        if obj.pk is not None:
            raise ValueError("invoegen schrijft alleen nieuwe rijen zonder sleutel.")
        if relaties:
            _verbonden(obj, relaties)
        for f in auto:
            f.pre_save(obj, True)  # sets the attribute, read below
        waarden = (lees(obj),) if een else lees(obj)
        rijen.append(tuple(map(_toepassen, omzetters, waarden)))  # (``lees`` gives one value per converter)
    tabel, kolommen = model._meta.db_table, [f.column for f in velden]
    if not sleutels:
        _schrijven(conn, tabel, kolommen, rijen)
    else:
        pk = model._meta.pk
        for obj, waarde in zip(objs, _met_sleutels(conn, tabel, kolommen, pk.column, rijen), strict=True):
            setattr(obj, pk.attname, waarde)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = conn.alias


def _met_sleutels(conn, tabel: str, kolommen: Sequence[str], pk: str, rijen: list[tuple]) -> list:
    """Multi-row ``INSERT ... RETURNING`` (what ``bulk_create`` sends), in batches within the
    backend's parameter limit; the keys in the order of the rows."""
    qn = conn.ops.quote_name
    cols = ", ".join(qn(c) for c in kolommen)
    per = max(1, min(len(rijen), _max_parameters(conn) // max(1, len(kolommen))))
    een = "(" + ", ".join(["%s"] * len(kolommen)) + ")"
    uit = []
    with conn.cursor() as cursor:
        for start in range(0, len(rijen), per):
            deel = rijen[start : start + per]
            sql = (
                f"INSERT INTO {qn(tabel)} ({cols}) VALUES {', '.join([een] * len(deel))} "  # noqa: S608 (model metadata)
                f"RETURNING {qn(pk)}"
            )
            cursor.execute(sql, [v for rij in deel for v in rij])
            uit += [r[0] for r in cursor.fetchall()]
    if len(uit) != len(rijen):
        raise RuntimeError(f"{tabel}: {len(uit)} sleutels voor {len(rijen)} rijen.")
    return uit


def _max_parameters(conn) -> int:
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        import sqlite3

        return min(conn.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER), 30000)
    return conn.features.max_query_params or 30000


def tupels(model, velden: Sequence[str], rijen: Sequence[tuple]) -> None:
    """Write new rows of ``model`` given as tuples of the values of ``velden`` (attribute names, e.g.
    ``bericht_id``), without making instances; each value converted as its field would convert it.
    No keys are read back; a missing field is not filled in (its column default applies)."""
    if not rijen:
        return
    conn = _verbinding()
    fs = [model._meta.get_field(v) for v in velden]
    omzetters = [_omzetter(f, conn) for f in fs]
    _schrijven(
        conn,
        model._meta.db_table,
        [f.column for f in fs],
        [tuple(map(_toepassen, omzetters, _even_lang(rij, omzetters))) for rij in rijen],
    )


def _even_lang(rij: tuple, omzetters: list) -> tuple:
    if len(rij) != len(omzetters):
        raise ValueError(f"Een rij van {len(rij)} waarden voor {len(omzetters)} kolommen.")
    return rij


def _schrijven(conn, tabel: str, kolommen: Sequence[str], rijen: list[tuple]) -> None:
    """Rows already in database form: ``COPY`` on PostgreSQL, ``executemany`` otherwise."""
    if not rijen:
        return
    qn = conn.ops.quote_name
    cols = ", ".join(qn(c) for c in kolommen)
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(tabel)} ({cols}) FROM STDIN") as copy:
                for rij in rijen:
                    copy.write_row(rij)
            return
        marks = ", ".join(["%s"] * len(kolommen))
        cursor.executemany(f"INSERT INTO {qn(tabel)} ({cols}) VALUES ({marks})", rijen)  # noqa: S608
