"""The log rows, history, client links and prestaties of a batch are written by ``utils.rijen``
instead of ``bulk_create``: the rows it writes are the rows ``bulk_create`` writes (every column:
choices, JSON, dates, time stamps, UUIDs, keys of objects saved after they were assigned), the
instances get their keys, and an unsaved related object is refused as ``bulk_create`` refuses it."""

import contextlib
import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone

from uitkomst.berichten.models import Bericht, Gebeurtenis, Kanaal, Prestatie, Richting, Status
from uitkomst.utils import rijen

pytestmark = pytest.mark.django_db


def _bericht(**kw) -> Bericht:
    return Bericht(
        richting=Richting.IN,
        standaard="ijw",
        berichtcode="JW305",
        identificatie=kw.pop("identificatie"),
        dagtekening=dt.date(2026, 3, 4),
        afzender="77770001",
        ontvanger="0193",
        status=Status.ONTVANGEN,
        kanaal=Kanaal.CLI,
        xml="<Bericht/>",
        hash="ab" * 32,
        grootte=10,
        bevindingen=[{"code": "9019", "melding": "Geen toewijzing – €"}],
        verwerkt_op=timezone.now(),
        **kw,
    )


def _rij(b: Bericht) -> dict:
    d = model_to_dict(
        b, exclude=["id", "uuid", "identificatie", "antwoord_op", "clienten", "aangemaakt_op", "verwerkt_op"]
    )
    return d | {"antwoord": b.antwoord_op.identificatie if b.antwoord_op else None}


def test_invoegen_schrijft_wat_bulk_create_schrijft():
    heen_a, heen_b = _bericht(identificatie="A1"), _bericht(identificatie="B1")
    # the answers point at their message before it is saved (as the batch collects them)
    uit_a, uit_b = _bericht(identificatie="A2", antwoord_op=heen_a), _bericht(identificatie="B2", antwoord_op=heen_b)
    Bericht.objects.bulk_create([heen_a])
    rijen.invoegen([heen_b])
    Bericht.objects.bulk_create([uit_a])
    rijen.invoegen([uit_b])
    assert heen_b.pk and uit_b.pk and not uit_b._state.adding
    assert uit_b.antwoord_op_id == heen_b.pk
    for ref, nieuw in ((heen_a, heen_b), (uit_a, uit_b)):
        a, b = Bericht.objects.get(pk=ref.pk), Bericht.objects.get(pk=nieuw.pk)
        assert _rij(b) == _rij(a) | {"antwoord": _rij(b)["antwoord"]}
        assert isinstance(b.uuid, type(a.uuid)) and b.uuid == nieuw.uuid
        assert b.aangemaakt_op == nieuw.aangemaakt_op and b.verwerkt_op == nieuw.verwerkt_op
    assert Bericht.objects.get(pk=uit_b.pk).antwoord_op_id == heen_b.pk

    # rows without instances: history and prestaties, each value converted as its field does
    nu = timezone.now()
    rijen.tupels(Gebeurtenis, ("bericht_id", "op", "status", "door_id", "toelichting"),
                 [(heen_b.pk, nu, Status.VERWERKT, None, "Verwerkt.")])  # fmt: skip
    g = Gebeurtenis.objects.get(bericht=heen_b)
    assert (g.op, g.status, type(g.status), g.toelichting) == (nu, "verwerkt", str, "Verwerkt.")


def test_invoegen_weigert_een_niet_opgeslagen_verwijzing():
    heen = _bericht(identificatie="C1")
    with pytest.raises(ValueError, match="unsaved related object"):
        rijen.invoegen([_bericht(identificatie="C2", antwoord_op=heen)])
    with pytest.raises(ValueError, match="unsaved related object"):
        Bericht.objects.bulk_create([_bericht(identificatie="C3", antwoord_op=heen)])
    assert not Bericht.objects.filter(identificatie__in=["C2", "C3"]).exists()


def test_prestatie_als_tupel(aanbieder):
    b = _bericht(identificatie="D1")
    rijen.invoegen([b])
    waarden = ("ijw", "R1", "", None, None, dt.date(2026, 3, 1), dt.date(2026, 3, 31), -19000, False, ["9389"])
    velden = ("standaard", "referentienummer", "vorig_referentienummer", "toewijzing_id", "declaratieregel_id",
              "begindatum", "einddatum", "bedrag", "toegekend", "retourcodes")  # fmt: skip
    rijen.tupels(Prestatie, ("bericht_id", "aanbieder_id", *velden), [(b.pk, aanbieder.pk, *waarden)])
    Prestatie.objects.bulk_create(
        [
            Prestatie(
                bericht=b, aanbieder=aanbieder, **dict(zip(velden, waarden, strict=True)) | {"referentienummer": "R2"}
            )
        ]
    )
    a, c = (Prestatie.objects.filter(referentienummer=r).values(*velden).get() for r in ("R1", "R2"))
    assert a == c | {"referentienummer": "R1"}


# --- time stamps: the text (SQLite) or value (PostgreSQL) the field gives, for every kind of value ---

_AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
_NY = zoneinfo.ZoneInfo("America/New_York")
TIJDEN = {
    "utc-microseconden": dt.datetime(2026, 3, 4, 9, 15, 30, 123456, tzinfo=dt.UTC),
    "utc-hele-seconde": dt.datetime(2026, 3, 4, 9, 15, 30, tzinfo=dt.UTC),
    "utc-een-microseconde": dt.datetime(2026, 3, 4, 9, 15, 30, 1, tzinfo=dt.UTC),
    "utc-middernacht": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    "nul-offset-ander-object": dt.datetime(2026, 3, 4, 9, 15, 30, 5, tzinfo=dt.timezone(dt.timedelta(0))),
    "amsterdam-winter": dt.datetime(2026, 1, 15, 0, 30, 0, 250000, tzinfo=_AMS),
    "amsterdam-zomer": dt.datetime(2026, 7, 1, 1, 59, 59, 999999, tzinfo=_AMS),
    "amsterdam-voor-zomertijd": dt.datetime(2026, 3, 29, 1, 59, 59, 999999, tzinfo=_AMS),
    "amsterdam-na-zomertijd": dt.datetime(2026, 3, 29, 3, 0, tzinfo=_AMS),
    "amsterdam-gat-zomertijd": dt.datetime(2026, 3, 29, 2, 30, tzinfo=_AMS),  # does not exist
    "amsterdam-dubbel-fold0": dt.datetime(2026, 10, 25, 2, 30, 0, 10, tzinfo=_AMS),
    "amsterdam-dubbel-fold1": dt.datetime(2026, 10, 25, 2, 30, 0, 10, tzinfo=_AMS, fold=1),
    "new-york-jaarwissel": dt.datetime(2026, 12, 31, 20, 0, 0, 42, tzinfo=_NY),
    "new-york-dubbel-fold1": dt.datetime(2026, 11, 1, 1, 30, tzinfo=_NY, fold=1),
    "offset-half-uur": dt.datetime(2026, 3, 4, 23, 45, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
    "offset-negatief": dt.datetime(2026, 3, 4, 0, 15, 0, 7, tzinfo=dt.timezone(-dt.timedelta(hours=9, minutes=30))),
    "offset-seconden": dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.timezone(dt.timedelta(minutes=19, seconds=32))),
    "vroeg-jaar": dt.datetime(999, 5, 6, 7, 8, 9, 100, tzinfo=dt.UTC),
    "van-now": None,  # timezone.now() at the test
}


def _tijd(naam: str) -> dt.datetime:
    return timezone.now() if TIJDEN[naam] is None else TIJDEN[naam]


@contextlib.contextmanager
def _verbindingszone(naam: str | None):
    """The database's TIME_ZONE (only SQLite stores local time; PostgreSQL keeps its own)."""
    if naam is None:
        yield
        return
    if connection.vendor != "sqlite":
        pytest.skip("TIME_ZONE per database: a backend without time zones only")
    oud = connection.settings_dict["TIME_ZONE"]
    connection.settings_dict["TIME_ZONE"] = naam
    for attr in ("timezone", "timezone_name"):
        connection.__dict__.pop(attr, None)
    try:
        yield
    finally:
        connection.settings_dict["TIME_ZONE"] = oud
        for attr in ("timezone", "timezone_name"):
            connection.__dict__.pop(attr, None)


@pytest.mark.parametrize("zone", [None, "Europe/Amsterdam", "America/New_York"], ids=["db-utc", "db-ams", "db-ny"])
@pytest.mark.parametrize("naam", list(TIJDEN))
def test_tijd_zoals_het_veld(naam, zone):
    f = Bericht._meta.get_field("verwerkt_op")
    waarde = _tijd(naam)
    with _verbindingszone(zone):
        omzetter = rijen._omzetter(f, connection)
        assert omzetter(waarde) == f.get_db_prep_save(waarde, connection)
        assert type(omzetter(waarde)) is type(f.get_db_prep_save(waarde, connection))
        assert omzetter(None) is None


class _ZonderOffset(dt.tzinfo):
    """A tzinfo that gives no offset: the value is naive to Django."""

    def utcoffset(self, d):
        return None

    def dst(self, d):
        return None


@pytest.mark.parametrize("naam", ["naief", "naief-microseconden", "tzinfo-zonder-offset"])
def test_naieve_tijd_zoals_het_veld(naam):
    """A naive value is the field's (Django warns and takes it in the current zone)."""
    f = Bericht._meta.get_field("verwerkt_op")
    waarde = dt.datetime(2026, 3, 29, 2, 30, 0, 0 if naam == "naief" else 654321)
    if naam == "tzinfo-zonder-offset":
        waarde = waarde.replace(tzinfo=_ZonderOffset())
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        verwacht = f.get_db_prep_save(waarde, connection)
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        assert rijen._omzetter(f, connection)(waarde) == verwacht


@pytest.mark.parametrize("zone", [None, "Europe/Amsterdam"], ids=["db-utc", "db-ams"])
def test_tijden_opgeslagen_zoals_bulk_create(zone):
    """Every time stamp above stored by ``invoegen`` and by ``tupels`` as ``bulk_create`` stores it:
    the same column (raw, as the database keeps it) and the same instant read back."""
    namen = list(TIJDEN)
    waarden = [_tijd(n) for n in namen]
    with _verbindingszone(zone):
        ref = [_bericht(identificatie=f"R{i}") for i in range(len(namen))]
        nieuw = [_bericht(identificatie=f"N{i}") for i in range(len(namen))]
        for r, n, w in zip(ref, nieuw, waarden, strict=True):
            r.verwerkt_op = n.verwerkt_op = w
        Bericht.objects.bulk_create(ref)
        rijen.invoegen(nieuw)
        rijen.tupels(Gebeurtenis, ("bericht_id", "op", "status", "door_id", "toelichting"),
                     [(n.pk, w, Status.VERWERKT, None, f"T{i}")
                      for i, (n, w) in enumerate(zip(nieuw, waarden, strict=True))])  # fmt: skip
        tabel = connection.ops.quote_name(Bericht._meta.db_table)
        with connection.cursor() as c:
            c.execute(f"SELECT identificatie, verwerkt_op FROM {tabel}")  # noqa: S608
            ruw = dict(c.fetchall())
            c.execute(f"SELECT toelichting, op FROM {connection.ops.quote_name(Gebeurtenis._meta.db_table)}")  # noqa: S608
            ruw |= dict(c.fetchall())
        for i, (n, w) in enumerate(zip(namen, waarden, strict=True)):
            assert ruw[f"N{i}"] == ruw[f"R{i}"] == ruw[f"T{i}"], n
            # the instant (an aware value in a gap or a fold never equals one in another zone: PEP 495)
            assert Bericht.objects.get(identificatie=f"N{i}").verwerkt_op.timestamp() == w.timestamp(), n
            assert Gebeurtenis.objects.get(toelichting=f"T{i}").op.timestamp() == w.timestamp(), n
