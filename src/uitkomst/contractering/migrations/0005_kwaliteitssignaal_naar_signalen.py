# Quality signals now live in the one signal centre (signalen.Signaal, soort
# kwaliteitsbewijs_verloopt); their rows were copied by signalen 0002.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contractering", "0004_historie_volgorde"),
        ("signalen", "0002_oude_signalen_overnemen"),
    ]

    operations = [
        migrations.DeleteModel(name="Kwaliteitssignaal"),
    ]
