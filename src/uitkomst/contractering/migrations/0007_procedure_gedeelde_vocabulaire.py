"""Procurement procedures come from the one shared vocabulary (catalogus/data/vocabulaire.yaml,
issue 10): the contract-form codes are kept, so contracting's 'openbare_aanbesteding' becomes
'europees_openbaar' (the same competitive open tender) and open house, the restricted procedure,
the competitive dialogue and the multiple private tender become available."""

from django.db import migrations, models

OUD_NIEUW = {"openbare_aanbesteding": "europees_openbaar"}


def codes_omzetten(apps, schema_editor):
    Inkoopprocedure = apps.get_model("contractering", "Inkoopprocedure")
    for oud, nieuw in OUD_NIEUW.items():
        Inkoopprocedure.objects.filter(soort=oud).update(soort=nieuw)


def codes_terug(apps, schema_editor):
    Inkoopprocedure = apps.get_model("contractering", "Inkoopprocedure")
    for oud, nieuw in OUD_NIEUW.items():
        Inkoopprocedure.objects.filter(soort=nieuw).update(soort=oud)


class Migration(migrations.Migration):

    dependencies = [
        ('contractering', '0006_fsm_status'),
    ]

    operations = [
        migrations.RunPython(codes_omzetten, codes_terug),
        migrations.AlterField(
            model_name='inkoopprocedure',
            name='soort',
            field=models.CharField(choices=[('sociaal_contracteren', 'Sociaal contracteren'), ('bestuurlijk_aanbesteden', 'Bestuurlijk aanbesteden'), ('zeeuws_model', 'Zeeuws model'), ('open_house', 'Open house'), ('subsidie', 'Subsidie'), ('europees_openbaar', 'Europese openbare aanbesteding'), ('niet_openbaar', 'Niet-openbare aanbesteding'), ('concurrentiegerichte_dialoog', 'Concurrentiegerichte dialoog'), ('meervoudig_onderhands', 'Meervoudig onderhandse aanbesteding'), ('veiling', 'Veilingmodel (dynamische allocatie)')], max_length=30, verbose_name='procedure'),
        ),
    ]
