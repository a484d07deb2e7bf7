"""Overlapping agreements of one provider under one purchasing model are refused by the database too.

PostgreSQL: an exclusion constraint over the inclusive date range (needs btree_gist for the equality
parts). SQLite: triggers that abort an insert or update that would overlap. The service checks first
and gives the Dutch message; this is the safety net under concurrent writers and raw SQL.
"""

from django.db import migrations

TABLE = "contractering_raamovereenkomst"

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE {TABLE} ADD CONSTRAINT raamovereenkomst_geen_overlap EXCLUDE USING gist (
        aanbieder_id WITH =, inkoopmodel_id WITH =, daterange(ingangsdatum, einddatum, '[]') WITH &&)""",
]
PG_DOWN = [f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS raamovereenkomst_geen_overlap"]

_OVERLAP = f"""EXISTS (SELECT 1 FROM {TABLE} o WHERE o.aanbieder_id = NEW.aanbieder_id
    AND o.inkoopmodel_id = NEW.inkoopmodel_id AND o.id <> NEW.id
    AND o.ingangsdatum <= NEW.einddatum AND NEW.ingangsdatum <= o.einddatum)"""
SQLITE_UP = [
    f"""CREATE TRIGGER raamovereenkomst_geen_overlap_insert BEFORE INSERT ON {TABLE}
        WHEN {_OVERLAP.replace("o.id <> NEW.id", "1 = 1")}
        BEGIN SELECT RAISE(ABORT, 'raamovereenkomst_geen_overlap'); END""",
    f"""CREATE TRIGGER raamovereenkomst_geen_overlap_update BEFORE UPDATE ON {TABLE}
        WHEN {_OVERLAP}
        BEGIN SELECT RAISE(ABORT, 'raamovereenkomst_geen_overlap'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS raamovereenkomst_geen_overlap_insert",
    "DROP TRIGGER IF EXISTS raamovereenkomst_geen_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("contractering", "0002_contractering")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
