# The trajectory signals now live in the one signal centre (signalen.Signaal); their rows were
# copied by signalen 0002.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trajecten", "0002_stapelpoging"),
        ("signalen", "0002_oude_signalen_overnemen"),
    ]

    operations = [
        migrations.DeleteModel(name="Signaal"),
    ]
