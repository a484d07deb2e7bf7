"""The demo region gets a year of invoices across variants, with refused lines and payment runs;
a rebuild replaces them (no protected rows left behind)."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from uitkomst.declaraties.models import Betaalronde, Declaratie, Declaratieregel, Regelstatus
from uitkomst.demo.services import demo_region_build


@pytest.mark.django_db(transaction=True)
def test_demo_jaar_aan_declaraties(reference_models):
    demo_region_build(clients=600, seed=7)
    regels = Declaratieregel.objects.filter(declaratie__is_synthetisch=True)
    assert Declaratie.objects.filter(is_synthetisch=True).count() > 12
    assert regels.filter(status=Regelstatus.AFGEWEZEN).exists()
    assert regels.filter(status=Regelstatus.BETAALD).exists() and regels.filter(status=Regelstatus.TOEGEKEND).exists()
    varianten = set(regels.filter(status=Regelstatus.BETAALD).values_list("bekostiging", flat=True))
    assert {"traject", "taak"} <= varianten
    for ronde in Betaalronde.objects.filter(is_synthetisch=True)[:5]:
        som = ronde.regels.aggregate(s=Sum("bedrag"))["s"]
        assert som == ronde.totaal == sum((s.totaal for s in ronde.specificaties.all()), Decimal("0"))
    for d in Declaratie.objects.filter(is_synthetisch=True)[:20]:
        assert d.totaal_ingediend == d.regels.aggregate(s=Sum("bedrag"))["s"]
    eerst = regels.count()
    demo_region_build(clients=600, seed=7)  # a rebuild replaces everything, deterministically
    assert Declaratieregel.objects.filter(declaratie__is_synthetisch=True).count() == eerst
