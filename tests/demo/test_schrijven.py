"""The demo's bulk writer converts dates, time stamps, decimals and UUIDs itself (``_snel``), for
speed; it must give exactly what Django's field adapters give, on the database at hand."""

import datetime as dt
import uuid
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection

from uitkomst.demo import schrijven
from uitkomst.toegang.models import Client
from uitkomst.trajecten.models import Toewijzing

pytestmark = pytest.mark.django_db
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    ("veld", "waarden"),
    [
        ("startdatum", [dt.date(2026, 2, 28), dt.date(2018, 1, 1), None]),
        (
            "aangemaakt_op",
            [
                dt.datetime(2026, 3, 29, 2, 30, tzinfo=AMS),  # the night the clocks go forward
                dt.datetime(2026, 10, 25, 2, 30, tzinfo=AMS),
                dt.datetime(2026, 7, 1, 12, 0, 0, 123456, tzinfo=dt.UTC),
                None,
            ],
        ),
        ("budget", [Decimal("1234.50"), Decimal("0"), 0, None]),
    ],
)
def test_fast_converters_match_the_field_adapters(veld, waarden):
    f = Toewijzing._meta.get_field(veld)
    snel = schrijven._snel(f)
    assert snel is not None
    for w in waarden:
        assert snel(w) == f.get_db_prep_save(w, connection), w


def test_uuid_converter_matches_the_field_adapter():
    f = Client._meta.get_field("uuid")
    u = uuid.UUID("12345678-1234-4234-8234-123456789abc")
    assert schrijven._snel(f)(u) == f.get_db_prep_save(u, connection)
    assert schrijven._snel(f)(None) is None


@pytest.mark.filterwarnings("ignore:DateTimeField")
def test_a_value_of_another_type_goes_through_the_field():
    f = Toewijzing._meta.get_field("aangemaakt_op")
    d = dt.date(2026, 1, 5)  # a date for a time stamp: Django's own conversion decides
    assert schrijven._snel(f)(d) == f.get_db_prep_save(d, connection)


def _triggers(tabel: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [tabel])
        return {r[0] for r in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's row-level summary triggers")
def test_summary_triggers_are_off_only_inside_the_bulk_block():
    from django.db import transaction

    from uitkomst.utils import db

    tabel = "declaraties_declaratieregel"
    voor = _triggers(tabel)
    assert any("vuil" in t for t in voor)
    with transaction.atomic(), db.vuil_triggers_uit([tabel]):
        assert not any("vuil" in t for t in _triggers(tabel))
    assert _triggers(tabel) == voor
    with pytest.raises(RuntimeError), transaction.atomic(), db.vuil_triggers_uit([tabel]):
        raise RuntimeError("a failed load")
    assert _triggers(tabel) == voor  # back after an error too


def _indexen(tabel: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [tabel])
        return {r[0] for r in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's secondary indexes")
def test_secondary_indexes_are_off_only_inside_the_bulk_block():
    from django.db import transaction

    from uitkomst.declaraties.models import Declaratieregel

    tabel = Declaratieregel._meta.db_table
    voor = _indexen(tabel)
    assert len(voor) > 5
    with transaction.atomic(), schrijven.indexen_uit([Declaratieregel]):
        binnen = _indexen(tabel)
        assert binnen < voor
        assert all(naam.startswith("sqlite_autoindex") for naam in binnen)  # the unique ones stay
    assert _indexen(tabel) == voor
    with pytest.raises(RuntimeError), transaction.atomic(), schrijven.indexen_uit([Declaratieregel]):
        raise RuntimeError("a failed load")
    assert _indexen(tabel) == voor  # back after an error too


def _pg_indexen(tabel: str) -> dict[str, tuple[bool, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, i.indisunique, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass",
            [tabel],
        )
        return {naam: (uniek, definitie) for naam, uniek, definitie in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's secondary indexes")
def test_pg_secondary_indexes_are_off_only_inside_the_bulk_block():
    """``indexen_uit`` on PostgreSQL (``utils.db.pg_indexen_uit``): the plain indexes are gone inside
    the block, the unique ones and the key stay, and every index is back after it as it was (also
    after an error, through the rollback). With a queued foreign-key check that fails, the indexes
    stay (an index cannot be built while checks are queued for its table)."""
    from django.db import IntegrityError, transaction

    from uitkomst.declaraties.models import Declaratieregel

    tabel = Declaratieregel._meta.db_table
    voor = _pg_indexen(tabel)
    assert sum(not uniek for uniek, _ in voor.values()) > 5
    with transaction.atomic(), schrijven.indexen_uit([Declaratieregel]):
        binnen = _pg_indexen(tabel)
        assert binnen == {naam: v for naam, v in voor.items() if v[0]}  # only the unique ones (and the key)
    assert _pg_indexen(tabel) == voor
    with pytest.raises(RuntimeError), transaction.atomic(), schrijven.indexen_uit([Declaratieregel]):
        raise RuntimeError("a failed load")
    assert _pg_indexen(tabel) == voor

    class Terug(Exception):  # rolls the savepoint back, and with it the queued check
        pass

    with pytest.raises(Terug), transaction.atomic():  # a row pointing nowhere, checked at COMMIT
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO trajecten_doelstatus (evaluatie_id, doel_id, status) VALUES (987654321, 987654321, 'ja')"
            )
        with schrijven.indexen_uit([Declaratieregel]):
            assert _pg_indexen(tabel) == voor  # the queued check failed: nothing dropped
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the check is still queued, and fails
        raise Terug
    assert _pg_indexen(tabel) == voor


def test_rows_with_other_fields_than_the_first_get_their_own_defaults():
    from uitkomst.organisaties.models import Gemeente

    gemeente = Gemeente.objects.order_by("pk").first()
    basis = {"bsn_versleuteld": "x", "geboortedatum": dt.date(2015, 1, 5), "gemeente_id": gemeente.pk}
    schrijven.dicts(
        Client,
        [
            {**basis, "bsn_pseudoniem": "p-schrijven-1", "is_synthetisch": True},
            {**basis, "bsn_pseudoniem": "p-schrijven-2"},  # other fields than the first: each looked up
            {**basis, "bsn_pseudoniem": "p-schrijven-3", "is_synthetisch": True},
        ],
    )
    rijen = Client.objects.filter(bsn_pseudoniem__startswith="p-schrijven-").order_by("bsn_pseudoniem")
    assert [(c.is_synthetisch, c.geboortedatum) for c in rijen] == [
        (True, dt.date(2015, 1, 5)),
        (Client().is_synthetisch, dt.date(2015, 1, 5)),  # the default a model instance gets
        (True, dt.date(2015, 1, 5)),
    ]
    assert len({c.uuid for c in rijen}) == 3  # a callable default once per row
    assert all(c.aangemaakt_op is not None for c in rijen)  # auto_now_add


def test_json_converter_matches_the_field_adapter():
    from uitkomst.declaraties.models import Declaratieregel

    f = Declaratieregel._meta.get_field("redenen")
    snel = schrijven._snel(f)
    for w in ([], [{"code": "periode_voor_start", "melding": "vóór de start", "retourcode": "8001"}], None):
        verwacht = f.get_db_prep_save(w, connection)
        gekregen = snel(w)
        if connection.vendor == "postgresql" and w is not None:  # a Jsonb wrapper: compare what it wraps
            assert (type(gekregen), gekregen.obj) == (type(verwacht), verwacht.obj)
        else:
            assert gekregen == verwacht, w


def test_the_positional_maker_gives_what_the_model_constructor_gives():
    """``schrijven.maker`` (Django's positional constructor path) sets every field as keywords do:
    the given values, the defaults of the rest; a callable default per instance."""
    waarden = {"nummer": "DT00000001", "budget": Decimal("12.50"), "startdatum": dt.date(2026, 1, 5), "plan_id": 7}
    snel, gewoon = schrijven.maker(Toewijzing)(pk=3, **waarden), Toewijzing(pk=3, **waarden)
    assert snel.pk == 3
    velden = [f.attname for f in Toewijzing._meta.concrete_fields if f.attname not in ("uuid", "aangemaakt_op")]
    assert [getattr(snel, a) for a in velden] == [getattr(gewoon, a) for a in velden]
    assert snel.goedkeuring == gewoon.goedkeuring == Toewijzing.Goedkeuring.NIET_NODIG
    tweede = schrijven.maker(Toewijzing)(**waarden)
    assert snel.uuid != tweede.uuid  # uuid4 per instance, not once per maker


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite pragmas")
@pytest.mark.django_db(transaction=True)  # SQLite changes the safety level only outside a transaction
def test_bulk_load_settings_hold_for_the_block_only():
    from uitkomst.utils import db

    def pragma(naam):
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {naam}")
            return cursor.fetchone()[0]

    voor, temp = pragma("synchronous"), pragma("temp_store")
    assert voor != 0 and temp == 2  # (the connection's own: temporary b-trees in memory)
    with db.sqlite_bulkladen():
        assert pragma("synchronous") == 0
        assert pragma("temp_store") == 1  # a load's big sorts (index builds) go to a file, not the heap
    assert (pragma("synchronous"), pragma("temp_store")) == (voor, temp)
    with pytest.raises(RuntimeError), db.sqlite_bulkladen():
        raise RuntimeError("fout in het blok")
    assert (pragma("synchronous"), pragma("temp_store")) == (voor, temp)
