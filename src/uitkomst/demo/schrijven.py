"""Bulk writing for the demo builder: rows as plain tuples, in batches, COPY on PostgreSQL.

``objecten`` turns unsaved model instances into tuples without Django's per-field machinery for the
plain columns (integers, strings, booleans, keys): only dates, times, decimals, UUIDs and JSON go
through a converter for the database at hand (``_snel``: a date, time stamp, decimal or UUID needs
no field machinery; COPY takes them as they are), anything else through the backend's adapters
(``get_db_prep_save``). ``rijen`` writes tuples for a table directly. Keys are assigned by
the caller (``volgende_id``) so rows can refer to each other before they are written; afterwards
``reeksen_bijwerken`` moves PostgreSQL's sequences past them (a no-op on SQLite).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Max

from uitkomst.utils import db

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


def maker(model) -> Callable[..., models.Model]:
    """A constructor of unsaved ``model`` instances from attnames (``client_id``, not ``client``) that
    takes Django's positional path of ``Model.__init__`` (the one ``from_db`` uses): the values in
    field order, a missing field's default as ``Model(**kwargs)`` gives it (a callable default,
    such as ``uuid4``, per instance). It is the model's own ``__init__`` (its ``post_init`` too), but
    without the per-keyword lookups, which cost more than the demo's work per row. ``pk`` is the
    primary key's attname."""
    fields = model._meta.concrete_fields
    plek = {f.attname: i for i, f in enumerate(fields)}
    plek["pk"] = plek[model._meta.pk.attname]
    vast = [None if f.has_default() and callable(f.default) else f.get_default() for f in fields]
    # (a key with a callable default gets it always: it may be given as ``pk``)
    per_instantie = [
        (i, f, "" if f.primary_key else f.attname)
        for i, f in enumerate(fields)
        if f.has_default() and callable(f.default)
    ]

    def maak(**waarden) -> models.Model:
        row = vast.copy()
        for i, f, naam in per_instantie:
            if naam not in waarden:  # a given value needs no default (``aangemaakt_op``: no clock read)
                row[i] = f.get_default()
        for naam, waarde in waarden.items():
            row[plek[naam]] = waarde
        return model(*row)

    return maak


def volgende_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _kolommen(model, with_pk: bool):
    """(column names, [(attname, converter, auto)]) of a model. The converter is None for a plain
    column, ``_tekst`` for text, a function from ``_snel`` or the field itself (its adapters)."""
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
            plan.append((f.attname, _snel(f) or f, False))
    return [f.column for f in fields], plan


def _snel(f, onthouden: bool = True) -> Callable | None:
    """A fast converter for a date, time stamp, decimal, UUID or JSON column, giving what the field's
    ``get_db_prep_save`` gives for a value of the right type (anything else goes through the field):
    PostgreSQL's COPY adapts these types itself; SQLite takes dates and time stamps as text (time
    stamps in the connection's time zone, as Django stores them; the text of each distinct time
    stamp is worked out once, the demo's moments repeat), decimals as they are (Django registers
    the adapter) and UUIDs as hex; JSON as the backend's own adapter gives it (``adapt_json_value``),
    without the field's per-value machinery. ``onthouden=False``: no texts are kept (the time now of an
    ``auto_now`` field never repeats)."""
    conn = _verbinding()
    pg = conn.vendor == "postgresql"
    if isinstance(f, models.DateTimeField):  # before DateField: a DateTimeField is one
        if pg:
            return _als_het_is(dt.datetime, f)
        tz = conn.timezone
        gezien: dict[dt.datetime, str] = {}

        def tijd(value, f=f):
            if type(value) is not dt.datetime:
                return _waarde(f, value)
            if value.tzinfo is None:
                return str(value)
            tekst = gezien.get(value)  # equal instants give equal texts, whatever their zone
            if tekst is None:
                tekst = str(value.astimezone(tz).replace(tzinfo=None))
                if onthouden and len(gezien) < 100_000:
                    gezien[value] = tekst
            return tekst

        return tijd
    if isinstance(f, models.DateField):
        if pg:
            return _als_het_is(dt.date, f)
        dagen: dict[dt.date, str] = {}  # the text of each distinct day worked out once (a few thousand)

        def datum(value, f=f):
            if type(value) is not dt.date:
                return _waarde(f, value)
            tekst = dagen.get(value)
            if tekst is None:
                tekst = dagen[value] = str(value)
            return tekst

        return datum
    if isinstance(f, models.JSONField):
        ops, encoder = conn.ops, f.encoder
        leeg = ops.adapt_json_value([], encoder)
        if not isinstance(leeg, str):  # (PostgreSQL: a wrapper per value)
            return lambda value: None if value is None else ops.adapt_json_value(value, encoder)

        def json(value):  # most invoice lines have no reasons: the empty list's text is worked out once
            if value is None:
                return None
            return leeg if type(value) is list and not value else ops.adapt_json_value(value, encoder)

        return json
    if isinstance(f, models.DecimalField):
        from decimal import Decimal

        return _als_het_is(Decimal, f)
    if isinstance(f, models.UUIDField):
        import uuid

        if pg:
            return _als_het_is(uuid.UUID, f)
        return lambda value, f=f: value.hex if type(value) is uuid.UUID else _waarde(f, value)
    return None


def _als_het_is(soort: type, f) -> Callable:
    return lambda value: value if type(value) is soort else _waarde(f, value)


def _tekst(value):
    return value if value is None or type(value) is str else str(value)


def _verbinding():
    """The default connection itself, not the proxy (``django.db.connection`` looks it up on every
    attribute, which costs more than the conversion of a value)."""
    return connections[DEFAULT_DB_ALIAS]


def _waarde(f, value, conn=None):
    return None if value is None else f.get_db_prep_save(value, conn or _verbinding())


def _omzetters(plan) -> tuple[list, list]:
    """The columns that need converting: [(index, converter)], and the ``auto_now`` ones [(index, field,
    converter of the value its ``pre_save`` gives)]."""
    omzetten, auto_velden = [], []
    conn = _verbinding()
    for i, (_attname, f, auto) in enumerate(plan):
        if auto:
            auto_velden.append((i, f, _snel(f, onthouden=False) or (lambda value, f=f: _waarde(f, value, conn))))
        elif isinstance(f, models.Field):
            omzetten.append((i, lambda value, f=f: _waarde(f, value, conn)))
        elif f is not None:
            omzetten.append((i, f))
    return omzetten, auto_velden


def objecten(objs: Sequence[models.Model]) -> None:
    """Write unsaved instances of one model (keys included when the first has one)."""
    if not objs:
        return
    model = type(objs[0])
    with_pk = objs[0].pk is not None
    columns, plan = _kolommen(model, with_pk)
    omzetten, auto_velden = _omzetters(plan)
    lees = operator.attrgetter(*[attname for attname, _, _ in plan])
    een = len(plan) == 1
    out = []
    for o in objs:
        row = [lees(o)] if een else list(lees(o))
        for i, conv in omzetten:
            row[i] = conv(row[i])
        for i, f, conv in auto_velden:
            row[i] = conv(f.pre_save(o, True))
        out.append(row)
    rijen(model._meta.db_table, columns, out)


def dicts(model, rows: Sequence[dict]) -> None:
    """Write rows given as {attname: value} without making model instances (the invoice lines: a
    model instance costs more than the row). A missing field gets its default, as ``Model()`` would
    give it; ``auto_now``/``auto_now_add`` fields get the time now. Keys are included when the
    first row has one. The columns are written in the order of the first row's fields, then the
    missing ones: a row with the same fields as the first is read in one step (``itemgetter``)."""
    if not rows:
        return
    with_pk = model._meta.pk.attname in rows[0]
    columns, plan = _kolommen(model, with_pk)
    fields = {f.attname: f for f in model._meta.concrete_fields}
    namen = [attname for attname, _, _ in plan]
    eerste = rows[0].keys()
    aanwezig = [a for a in namen if a in eerste]
    ontbrekend = [a for a in namen if a not in eerste]
    plek = {a: i for i, a in enumerate(namen)}
    volgorde = aanwezig + ontbrekend
    columns = [columns[plek[a]] for a in volgorde]
    omzetten, auto_velden = _omzetters([plan[plek[a]] for a in volgorde])
    # a missing field's default: a constant once per call, a callable default (uuid4, now) per row
    vast = {
        a: f.get_default() for a, f in ((a, fields[a]) for a in namen) if not (f.has_default() and callable(f.default))
    }
    staart = [vast.get(a) for a in ontbrekend]
    per_rij = [(len(aanwezig) + k, fields[a]) for k, a in enumerate(ontbrekend) if a not in vast]
    if len(aanwezig) > 1:
        lees = operator.itemgetter(*aanwezig)
    else:
        lees = (lambda d, a=aanwezig[0]: (d[a],)) if aanwezig else (lambda d: ())
    out = []
    for d in rows:
        if d.keys() == eerste:
            row = [*lees(d), *staart]
            for i, f in per_rij:
                row[i] = f.get_default()
        else:  # other fields than the first row: each looked up, as ``Model()`` would
            row = [d[a] if a in d else (vast[a] if a in vast else fields[a].get_default()) for a in volgorde]
        for i, conv in omzetten:
            row[i] = conv(row[i])
        for i, f, conv in auto_velden:
            row[i] = conv(f.pre_save(_Houder(), True))
        out.append(row)
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


@contextmanager
def indexen_uit(modellen: Iterable, connection=None):
    """A bulk insert on SQLite: the secondary indexes of the models' tables are dropped while the
    block runs and built again after it, inside the caller's transaction (SQLite's schema changes are
    transactional; an error puts them back too). One sort per index at the end costs less than a
    B-tree insert per row per index (a table with 14 indexes loads in half the time). The indexes
    behind a unique constraint or key stay (they keep their checks), and so do the
    parent-side checks of foreign keys (SQLite skips them while no deferred violation is
    outstanding). Only for blocks that insert: a delete in the block would scan a child table per
    row without its index. PostgreSQL: the same for the plain secondary indexes
    (``utils.db.pg_indexen_uit``), and the tables' foreign keys are dropped and added again after the
    block (``utils.db.pg_sleutels_uit``): their deferred checks, one per key per row, would otherwise
    all run at the build's COMMIT."""
    tabellen = [m._meta.db_table for m in modellen]
    connection = connection or _verbinding()
    with (
        db.sqlite_schema_uit(
            "index",
            tabellen,
            waar="AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
            connection=connection,
            wie="indexen_uit",
        ),
        db.pg_indexen_uit(tabellen, connection=connection, wie="indexen_uit"),
        db.pg_sleutels_uit(tabellen, connection=connection, wie="indexen_uit"),
    ):
        yield
