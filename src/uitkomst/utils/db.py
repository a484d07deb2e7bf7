"""Database plumbing: SQLite connection pragmas, ``ANALYZE`` after a bulk load, and the hook with
which summary tables (``uitkomsten.Indicatorcel``, ``sturing.Budgetcel``) refresh after one.

Importing this module connects the pragmas (the summary models import it, so it is connected as soon
as Django has loaded its apps). ``na_bulkladen()`` is what a bulk loader (the demo build, a benchmark)
calls at the end: it refreshes every summary that registered with ``bulkgeladen`` and analyses the
database so the query planner knows the new row counts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import IntegrityError, OperationalError, connections, transaction
from django.db import connection as default_connection
from django.db.backends.signals import connection_created
from django.db.models import DateField, Exists, Func, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.dispatch import Signal, receiver

# Sent by ``na_bulkladen`` before ANALYZE; receivers refresh their summary tables: all of them
# (``alles=True``, after a load that ran without triggers) or only their dirty keys (``alles=False``).
bulkgeladen = Signal()

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",  # readers do not block the writer and vice versa
    "PRAGMA synchronous=NORMAL",  # durable at checkpoints; safe with WAL
    "PRAGMA cache_size=-65536",  # 64 MiB page cache per connection
    "PRAGMA temp_store=MEMORY",  # sorts and temporary b-trees in memory
    "PRAGMA mmap_size=268435456",  # read the first 256 MiB through the OS page cache
)


def is_sqlite(connection=None) -> bool:
    return (connection or default_connection).vendor == "sqlite"


def is_postgresql(connection=None) -> bool:
    return (connection or default_connection).vendor == "postgresql"


@receiver(connection_created, dispatch_uid="uitkomst.utils.db.sqlite_pragmas")
def sqlite_pragmas(sender, connection, **kwargs) -> None:
    """Sensible SQLite settings on every new connection (in-memory test databases skip WAL)."""
    if connection.vendor != "sqlite":
        return
    in_memory = str(connection.settings_dict.get("NAME", "")).startswith(("file:memorydb", ":memory:")) or (
        "mode=memory" in str(connection.settings_dict.get("NAME", ""))
    )
    with connection.cursor() as cursor:
        for pragma in SQLITE_PRAGMAS:
            if in_memory and "journal_mode" in pragma:
                continue
            cursor.execute(pragma)


# A one-off bulk load (the demo build) on SQLite, for its duration only (``sqlite_bulkladen``):
# - synchronous=OFF: no fsync, also not when the load's WAL (gigabytes) is checkpointed into the file;
#   a crash of the process loses at most the load's own transaction, an operating-system crash or power
#   loss during the load may corrupt the file (a demo database is rebuilt, not restored);
# - mmap_size=0: the file is read into the page cache (bounded by cache_size) instead of mapped, so the
#   summaries and ANALYZE at the end of a load do not add up to 256 MiB of mapped file to the process;
# - temp_store=FILE: the sorts of the index builds after a load (``sqlite_schema_uit``) spill to a
#   temporary file (the OS page cache) instead of the heap: the 100,000-client demo build peaked at
#   433 MB of heap with them in memory, 374 MB without, in the same time.
SQLITE_BULK_PRAGMAS = {"synchronous": "OFF", "mmap_size": "0", "temp_store": "FILE"}


@contextmanager
def sqlite_bulkladen(connection=None, **pragmas):
    """Bulk-load settings on SQLite while the block runs (``SQLITE_BULK_PRAGMAS``, or ``pragmas``),
    put back to the connection's own values after it, also on an error. SQLite changes the safety
    level only outside a transaction: inside one (a test's), nothing is changed. PostgreSQL: nothing."""
    connection = connection or default_connection
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    instellingen = pragmas or SQLITE_BULK_PRAGMAS
    connection.ensure_connection()
    with connection.cursor() as cursor:
        oud = {}
        for naam, waarde in instellingen.items():
            cursor.execute(f"PRAGMA {naam}")  # names and values from code, never from input
            rij = cursor.fetchone()
            if rij is None:  # not for this database (an in-memory one has no mmap_size)
                continue
            oud[naam] = rij[0]
            cursor.execute(f"PRAGMA {naam}={waarde}")
    try:
        yield
    finally:
        if connection.connection is not None:  # not closed in the meantime (a new one has the defaults)
            with connection.cursor() as cursor:
                for naam, waarde in oud.items():
                    cursor.execute(f"PRAGMA {naam}={waarde}")


def verweesd(model, veld: str) -> Q:
    """Rows whose non-null ``veld`` points at no ``model`` row any more (a cleanup after a bulk delete).

    Written as ``NOT EXISTS`` rather than ``NOT IN (subquery)``: PostgreSQL cannot turn a NOT IN over
    a nullable column into an anti-join, and on freshly loaded, unanalysed tables it re-ran the
    subquery per row (a demo cleanup ran for over ten minutes); NOT EXISTS is a hash anti-join on both
    databases."""
    return Q(**{f"{veld}__isnull": False}) & ~Exists(model.objects.filter(pk=OuterRef(veld)))


def analyseren(connection=None) -> None:
    """Update the planner statistics: ``ANALYZE`` (SQLite also runs ``PRAGMA optimize``)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


def na_bulkladen(connection=None, *, analyse: bool = True, alles: bool = True) -> None:
    """After a bulk load: refresh every summary (the ``samenvatting`` module of each app connects to
    ``bulkgeladen``), then ``analyseren`` (unless ``analyse`` is false). ``alles``: rebuild each summary
    whole (the load ran without the dirty-key triggers); false: refresh only the keys the triggers
    marked dirty (every write since the last whole rebuild went through the triggers)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("samenvatting")
    bulkgeladen.send(sender=None, alles=alles)
    if analyse:
        analyseren(connection)


# --- triggers that mark summary keys dirty (used by migrations) ------------------------------------


def _maand(vendor: str, expr: str) -> str:
    if vendor == "postgresql":
        return f"CAST(DATE_TRUNC('month', {expr}) AS date)"
    return f"date({expr}, 'start of month')"


def vuil_triggers(
    schema_editor,
    *,
    naam: str,
    tabel: str,
    vuil: str,
    kolommen: list[str],
    waarden: list[str],
    waar: str = "",
    via: tuple[str, str] | None = None,
) -> None:
    """Triggers on ``tabel`` that insert the key ``waarden`` (SQL expressions over the row ``r``;
    ``MAAND(x)`` is the first of the month of a date) of every inserted, updated (old and new) and
    deleted row into the dirty table ``vuil`` (``kolommen``, unique), ignoring keys already there.
    Every name and expression comes from a migration, never from input. PostgreSQL: statement-level
    triggers over the transition tables (one insert per statement, also for COPY); SQLite: row-level
    triggers. ``waar``: a condition on ``r``; ``via``: (table, condition) of related rows ``d`` whose
    columns make the key (the invoice lines of a changed trajectory: ``d.toewijzing_id = r.toewijzing_id``)."""
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return

    def exprs(rij: str, waarden=waarden) -> str:
        out = []
        for w in waarden:
            w = w.replace("r.", f"{rij}.")
            while "MAAND(" in w:
                start = w.index("MAAND(")
                einde = w.index(")", start)
                w = w[:start] + _maand(vendor, w[start + 6 : einde]) + w[einde + 1 :]
            out.append(w)
        return ", ".join(out)

    cols = ", ".join(kolommen)
    # the rows already there are dirty too: the first refresh builds their summary
    of = "OR IGNORE " if vendor == "sqlite" else ""
    conflict = " ON CONFLICT DO NOTHING" if vendor == "postgresql" else ""

    def where(rij: str) -> str:
        return f" WHERE {exprs(rij, [waar])}" if waar else ""

    def joins(rij: str) -> str:
        return f" JOIN {via[0]} d ON {exprs(rij, [via[1]])}" if via else ""

    schema_editor.execute(
        f"INSERT {of}INTO {vuil} ({cols}) SELECT DISTINCT {exprs('r')} FROM {tabel} r{joins('r')}{where('r')}{conflict}"  # noqa: S608
    )
    if vendor == "sqlite":
        for event, rijen in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            if via:  # keys from the related rows
                body = " ".join(
                    f"INSERT OR IGNORE INTO {vuil} ({cols}) SELECT DISTINCT {exprs(r)} FROM {via[0]} d "  # noqa: S608
                    f"WHERE {exprs(r, [via[1]])}{' AND ' + exprs(r, [waar]) if waar else ''};"
                    for r in rijen
                )
            else:
                body = " ".join(
                    f"INSERT OR IGNORE INTO {vuil} ({cols}) SELECT {exprs(r)}{where(r)};"
                    for r in rijen  # noqa: S608
                )
            schema_editor.execute(
                f"CREATE TRIGGER {naam}_{event.lower()} AFTER {event} ON {tabel} FOR EACH ROW BEGIN {body} END"
            )
        return
    for event, rijen, ref in (
        ("INSERT", ["nieuw"], "NEW TABLE AS nieuw"),
        ("UPDATE", ["oud", "nieuw"], "OLD TABLE AS oud NEW TABLE AS nieuw"),
        ("DELETE", ["oud"], "OLD TABLE AS oud"),
    ):
        body = " ".join(
            f"INSERT INTO {vuil} ({cols}) SELECT DISTINCT {exprs('r')} FROM {r} r{joins('r')}{where('r')} "  # noqa: S608
            "ON CONFLICT DO NOTHING;"
            for r in rijen
        )
        functie = f"{naam}_{event.lower()}"
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {functie}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {functie} AFTER {event} ON {tabel} REFERENCING {ref} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {functie}()"
        )


@contextmanager
def sqlite_schema_uit(soort: str, tabellen: Iterable[str], *, waar: str, connection=None, wie: str = ""):
    """A bulk load on SQLite: the schema objects of ``soort`` (``index`` or ``trigger``) on
    ``tabellen`` that match ``waar`` (a fixed SQL condition on ``sqlite_master``, from code, never from
    input) are dropped while the block runs and created again after it from their own SQL, inside the
    caller's transaction (SQLite's schema changes are transactional, so an error puts them back too).
    PostgreSQL: nothing."""
    connection = connection or default_connection
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError(f"{wie or 'sqlite_schema_uit'}: alleen binnen een transactie")
    if soort not in ("index", "trigger"):
        raise ValueError(soort)
    tabellen = list(tabellen)
    marks = ", ".join(["%s"] * len(tabellen))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = %s AND tbl_name IN ({marks}) {waar} "  # noqa: S608
            "ORDER BY name",
            [soort, *tabellen],
        )
        objecten = cursor.fetchall()
        for naam, _ in objecten:
            cursor.execute(f'DROP {soort.upper()} "{naam}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _, sql in objecten:
                cursor.execute(sql)


@contextmanager
def pg_indexen_uit(tabellen: Iterable[str], connection=None, wie: str = ""):
    """A bulk load on PostgreSQL: the plain secondary indexes of ``tabellen`` (not unique, not behind a
    constraint) are dropped while the block runs and built again after it from their own definition
    (``pg_get_indexdef``), inside the caller's transaction (an error rolls the drop back too). One
    sorted build per index costs less than a B-tree insert per row per index: 408,000 invoice lines
    with their 14 secondary indexes took 9.6 s to insert, 4.1 s without them, and the 14 builds after
    3.5-4 s. The unique indexes stay (they keep their checks). Only for blocks that mostly insert: the
    block's own look-ups on these tables run without the indexes. SQLite: nothing (there
    ``sqlite_schema_uit`` does the same)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError(f"{wie or 'pg_indexen_uit'}: alleen binnen een transactie")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [list(tabellen)],
        )
        indexen = cursor.fetchall()
    # An index cannot be built on a table with foreign-key checks still queued in this transaction
    # (a rebuild's cleanup deleted rows): the queued checks run first, now, as COMMIT would run them.
    # If one fails (a later cleanup step still removes the rows), the indexes stay where they are and
    # the block is only slower.
    if indexen:
        try:
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        except IntegrityError:
            indexen = []
        with connection.cursor() as cursor:
            for naam, _ in indexen:
                cursor.execute(f"DROP INDEX {naam}")  # names from the catalogue, never from input
    try:
        yield
    finally:
        _pg_na_wachtrij(connection, [definitie for _, definitie in indexen])


def _pg_na_wachtrij(connection, sqls: list[str]) -> None:
    """Run ``sqls`` in a savepoint; if PostgreSQL refuses them because checks are queued for a table
    (``55006``, pending trigger events), run the queued checks now, defer again, and run them then."""
    if not sqls:
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for sql in sqls:
                cursor.execute(sql)
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != "55006":
            raise
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for sql in sqls:
                cursor.execute(sql)


@contextmanager
def pg_sleutels_uit(tabellen: Iterable[str], connection=None, wie: str = ""):
    """A bulk load on PostgreSQL: the foreign-key constraints of ``tabellen`` are dropped while the
    block runs and added again after it with their own definition (``pg_get_constraintdef``), inside
    the caller's transaction (an error rolls the drop back too). Django's keys are ``DEFERRABLE
    INITIALLY DEFERRED``: every row a COPY inserts queues one check per key, and all of them run one
    by one at COMMIT (a 100,000-client demo build: millions of checks, minutes at the commit). Adding
    the constraint checks the rows already there in one query per key instead, so integrity is
    still checked, set-wise. The tables are locked exclusively until the transaction ends (fine for
    a bulk load, not for a table the application uses meanwhile). SQLite: nothing."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError(f"{wie or 'pg_sleutels_uit'}: alleen binnen een transactie")
    tabellen = list(tabellen)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tabellen],
        )
        per_tabel = defaultdict(list)
        for tabel, naam, definitie in cursor.fetchall():
            per_tabel[tabel].append((naam, definitie))
    sleutels = []

    def weg(tabel, eigen, *, wachtrij: bool) -> None:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if wachtrij:  # run the checks queued so far now (as COMMIT would), then defer again
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for naam, _ in eigen:
                cursor.execute(f'ALTER TABLE {tabel} DROP CONSTRAINT "{naam}"')

    for tabel, eigen in per_tabel.items():
        # A table with checks still queued in this transaction cannot be altered: the queued checks
        # run first. If one fails (a rebuild whose later cleanup still removes the rows it points
        # to), that is undone and the table keeps its keys, checked per row at COMMIT as before.
        try:
            weg(tabel, eigen, wachtrij=False)
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) != "55006":  # object_in_use: pending trigger events
                raise
            try:
                weg(tabel, eigen, wachtrij=True)
            except IntegrityError:
                continue
        sleutels += [(tabel, naam, definitie) for naam, definitie in eigen]
    try:
        yield
    finally:
        # (if the block deleted rows of a table that other tables' keys point to, the checks queued
        # so far run first, as COMMIT would, and are deferred again, as Django's keys are)
        for tabel, naam, definitie in sleutels:
            _pg_na_wachtrij(connection, [f'ALTER TABLE {tabel} ADD CONSTRAINT "{naam}" {definitie}'])


@contextmanager
def vuil_triggers_uit(tabellen: Iterable[str], connection=None):
    """A bulk load on SQLite: the dirty-key triggers (``vuil_triggers``) of ``tabellen`` are dropped
    while the block runs and put back as they were after it (``sqlite_schema_uit``). The row-level
    triggers cost more than the insert itself (a 40,000-line invoice load: 4.8 s with, 1.8 s without).
    The caller must then rebuild the summaries before anyone reads them (``na_bulkladen``).
    PostgreSQL: nothing (its statement-level triggers cost one insert per COPY)."""
    with sqlite_schema_uit(
        "trigger", tabellen, waar="AND name LIKE '%%vuil%%'", connection=connection, wie="vuil_triggers_uit"
    ):
        yield


def vuil_triggers_weg(schema_editor, *, naam: str, tabel: str) -> None:
    vendor = schema_editor.connection.vendor
    for event in ("insert", "update", "delete"):
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {naam}_{event}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {naam}_{event} ON {tabel}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {naam}_{event}()")


# --- summary tables: cells per (municipality, month), refreshed from a dirty table ------------------


class Maandbegin(Func):
    """The first day of the month of a date, in SQL."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra):
        return TruncMonth(*self.source_expressions, output_field=DateField()).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="date(%(expressions)s, 'start of month')", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(DATE_TRUNC('month', %(expressions)s) AS date)"
        return super().as_sql(compiler, connection, template=template, **extra)


def maandeinde(maand: dt.date) -> dt.date:
    return maand.replace(day=calendar.monthrange(maand.year, maand.month)[1])


def insert_select(qs, model, kolommen: list[str]) -> None:
    """``INSERT INTO model (kolommen) <the SQL of qs>``: a grouped query straight into a table, no rows
    through Python. ``qs`` must select exactly ``kolommen``, in that order (checked on the aliases)."""
    compiler = qs.query.get_compiler(using=qs.db)
    sql, params = compiler.as_sql()
    namen = [alias for _, _, alias in compiler.select]
    if len(namen) != len(kolommen):
        raise RuntimeError(f"{model.__name__}: {len(namen)} kolommen gekozen, {len(kolommen)} verwacht")
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({', '.join(kolommen)}) {sql}", params)  # noqa: S608


@dataclass
class Samenvatting:
    """A summary table ``cel`` of cells per (municipality, month ``celmaand``), computed by ``bron(q)``
    (a grouped query over the source rows matching ``q``, selecting ``kolommen``), with the dirty
    (municipality, month) keys in ``vuil`` (``vuil_filter`` selects this summary's keys there) that
    triggers write. ``bijwerken`` recomputes only the dirty cells."""

    cel: type
    vuil: type
    celmaand: str
    bronmaand: str  # the date field of the source rows the month comes from
    bron: Callable
    kolommen: list[str]
    slot: int  # PostgreSQL advisory lock: one refresher of this summary at a time
    vuil_filter: dict = field(default_factory=dict)
    volledig_boven: int = 400  # more dirty months than this: rebuild the whole summary at once
    stand: type | None = None  # a model (naam, token): a new token whenever the cells change
    naam: str = ""

    def token(self) -> str:
        """The current data version (empty before the first refresh)."""
        if self.stand is None:
            return ""
        return self.stand.objects.filter(naam=self.naam).values_list("token", flat=True).first() or ""

    def _nieuwe_stand(self) -> None:
        if self.stand is not None:
            self.stand.objects.update_or_create(naam=self.naam, defaults={"token": uuid.uuid4().hex})

    def bijwerken(self, *, alles: bool = False) -> int:
        """Recompute the dirty cells (``alles``: every cell); the number of dirty keys done."""
        vuil = self.vuil.objects.filter(**self.vuil_filter)
        if not alles and not vuil.exists():
            return 0
        with transaction.atomic():
            if is_postgresql():
                with default_connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [self.slot])
            sleutels = list(vuil.values_list("pk", "gemeente_id", "maand"))
            if not sleutels and not alles:
                return 0
            for i in range(0, len(sleutels), 500):  # the keys read, not newer ones: those stay dirty
                self.vuil.objects.filter(pk__in=[v[0] for v in sleutels[i : i + 500]]).delete()
            self._nieuwe_stand()
            if alles or len(sleutels) > self.volledig_boven:
                self.cel.objects.all().delete()
                insert_select(self.bron(Q()), self.cel, self.kolommen)
                return len(sleutels)
            per_gemeente: dict[int, set[dt.date]] = defaultdict(set)
            for _, gemeente_id, maand in sleutels:
                per_gemeente[gemeente_id].add(maand)
            for gemeente_id, maanden in per_gemeente.items():
                self.cel.objects.filter(gemeente_id=gemeente_id, **{f"{self.celmaand}__in": maanden}).delete()
                bereik = Q()
                for m in maanden:
                    bereik |= Q(**{f"{self.bronmaand}__gte": m, f"{self.bronmaand}__lte": maandeinde(m)})
                insert_select(self.bron(Q(gemeente_id=gemeente_id) & bereik), self.cel, self.kolommen)
            return len(sleutels)


# --- results computed from summaries, cached under their data version ---------------------------------

CACHE_SECONDEN = 600


def onthouden(naam: str, versie: str, sleutel, bereken: Callable):
    """``bereken()``, cached under (``naam``, data ``versie``, ``sleutel``): the same request on the same
    data is answered without recomputing; any change of the rows gives a new version. Without a version
    (no summary built yet) nothing is cached."""
    from django.core.cache import cache

    if not versie:
        return bereken()
    key = f"uitkomst:{naam}:{versie}:" + hashlib.sha256(repr(sleutel).encode()).hexdigest()[:32]
    uitkomst = cache.get(key)
    if uitkomst is None:
        uitkomst = bereken()
        cache.set(key, uitkomst, CACHE_SECONDEN)
    return uitkomst
