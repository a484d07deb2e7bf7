"""The status of applications and agreements becomes a django-fsm field (``protected``: changed only
through the declared transitions). The column stays exactly the same varchar, so this changes the
migration state only: an AlterField would make SQLite rebuild the table and lose the overlap
triggers of migration 0003."""

import django_fsm
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contractering', '0005_kwaliteitssignaal_naar_signalen'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='aanmelding',
                    name='status',
                    field=django_fsm.FSMField(choices=[('ingediend', 'ingediend'), ('in_beoordeling', 'in beoordeling'), ('toegelaten', 'toegelaten'), ('afgewezen', 'afgewezen'), ('ingetrokken', 'ingetrokken')], default='ingediend', max_length=20, protected=True, verbose_name='status'),
                ),
                migrations.AlterField(
                    model_name='raamovereenkomst',
                    name='status',
                    field=django_fsm.FSMField(choices=[('actief', 'actief'), ('opgeschort', 'opgeschort'), ('beeindigd', 'beëindigd')], default='actief', max_length=20, protected=True, verbose_name='status'),
                ),
            ],
            database_operations=[],
        ),
    ]
