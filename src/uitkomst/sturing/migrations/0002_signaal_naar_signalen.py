# The old signal centre's rows were copied into signalen.Signaal by signalen 0002.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sturing", "0001_initial"),
        ("signalen", "0002_oude_signalen_overnemen"),
    ]

    operations = [
        migrations.DeleteModel(name="Signaal"),
    ]
