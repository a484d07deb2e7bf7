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
