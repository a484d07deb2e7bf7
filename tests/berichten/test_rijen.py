"""The log rows, history, client links and prestaties of a batch are written by ``utils.rijen``
instead of ``bulk_create``: the rows it writes are the rows ``bulk_create`` writes (every column:
choices, JSON, dates, time stamps, UUIDs, keys of objects saved after they were assigned), the
instances get their keys, and an unsaved related object is refused as ``bulk_create`` refuses it."""

import datetime as dt

import pytest
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
