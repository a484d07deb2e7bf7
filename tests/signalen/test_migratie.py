"""The data migration signalen 0002 copies the three old signal models into the one centre."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.toegang import helpers as th
from tests.uitkomsten import helpers as h
from uitkomst.contractering import services as contractering
from uitkomst.signalen.models import Signaal

VOOR = [
    ("signalen", "0001_signaal"),
    ("trajecten", "0002_stapelpoging"),
    ("sturing", "0001_initial"),
    ("contractering", "0004_historie_volgorde"),
]


@pytest.mark.pg_fase  # 60-90 s of migrating back and forth: run once, on the production database
@pytest.mark.django_db(transaction=True)
def test_old_signals_are_copied_merged_and_regioned(toegang, aanbieder_user, financien, systeem, zwolle, ijsselland):
    aanbieder = aanbieder_user.aanbieder
    t = h.traject(toegang, zwolle, ijsselland, aanbieder)
    eis = contractering.kwaliteitseis_save(code="vog", naam="VOG", inkoopmodel=ijsselland, door=systeem)
    bewijs = contractering.kwaliteitsbewijs_add(
        aanbieder=aanbieder, kwaliteitseis=eis, omschrijving="VOG 2023", door=systeem,
        geldig_van=dt.date(2023, 1, 1), geldig_tot=dt.date(2024, 12, 31),
    )  # fmt: skip
    Signaal.objects.all().delete()  # the old world had none of these yet

    executor = MigrationExecutor(connection)
    executor.migrate(VOOR)
    oud = executor.loader.project_state(VOOR).apps
    TrajectSignaal = oud.get_model("trajecten", "Signaal")
    SturingSignaal = oud.get_model("sturing", "Signaal")
    Kwaliteitssignaal = oud.get_model("contractering", "Kwaliteitssignaal")
    weigering = TrajectSignaal.objects.create(
        soort="weigering", traject_id=t.pk, gemeente_id=zwolle.pk, aanbieder_id=aanbieder.pk, omschrijving="Geweigerd."
    )
    nu = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    kopie = SturingSignaal.objects.create(
        soort="weigering", sleutel=f"trajecten:{weigering.pk}", gemeente_id=zwolle.pk, aanbieder_id=aanbieder.pk,
        traject_uuid=t.uuid, omschrijving="Geweigerd.", afgehandeld_op=nu, afgehandeld_door_id=financien.pk,
        notitie="Gebeld",
    )  # fmt: skip
    duur = SturingSignaal.objects.create(
        soort="segment-c", sleutel=f"traject:{t.uuid}", gemeente_id=zwolle.pk, traject_uuid=t.uuid, omschrijving="C."
    )
    SturingSignaal.objects.create(
        soort="uitval-afwijkend", sleutel=f"aanbieder:{aanbieder.pk}:2025-03", aanbieder_id=aanbieder.pk,
        omschrijving="Uitval wijkt af.",
    )  # fmt: skip
    SturingSignaal.objects.create(
        soort="kwaliteit-verlopen", sleutel=f"bewijs:{bewijs.pk}", aanbieder_id=aanbieder.pk, omschrijving="Verlopen."
    )
    Kwaliteitssignaal.objects.create(
        aanbieder_id=aanbieder.pk, bewijs_id=bewijs.pk, peildatum=dt.date(2025, 1, 1), tekst="Bewijs verlopen.",
        afgehandeld_op=nu,
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = {(s.soort, s.sleutel): s for s in Signaal.objects.all()}
    regio = zwolle.regio_id
    assert set(rows) == {
        ("afwijzing", f"traject:{t.uuid}"),
        ("segment_c", f"traject:{t.uuid}"),
        ("uitkomst_afwijkend", f"uitval_breed:aanbieder:{aanbieder.pk}:regio:{regio}:2025-03"),
        ("kwaliteitsbewijs_verloopt", f"bewijs:{bewijs.pk}:regio:{regio}"),
    }
    a = rows["afwijzing", f"traject:{t.uuid}"]  # the trajectory signal, merged with the centre's copy
    assert a.uuid == kopie.uuid and a.status == "afgehandeld" and a.toelichting == "Gebeld"
    assert (a.afgehandeld_door_id, a.regio_id, a.onderwerp_type, a.onderwerp_id) == (
        financien.pk, regio, "traject", str(t.uuid)
    )  # fmt: skip
    c = rows["segment_c", f"traject:{t.uuid}"]
    assert c.uuid == duur.uuid and c.status == "open" and c.traject_uuid == str(t.uuid)
    u = rows["uitkomst_afwijkend", f"uitval_breed:aanbieder:{aanbieder.pk}:regio:{regio}:2025-03"]
    assert u.regio_id == regio and u.gemeente_id is None  # the region of the provider's agreement
    k = rows["kwaliteitsbewijs_verloopt", f"bewijs:{bewijs.pk}:regio:{regio}"]
    assert k.status == "afgehandeld" and k.omschrijving == "Verlopen."  # centre's row, contracting's handling
    assert th.today()  # the database is fully migrated again (the suite goes on)
