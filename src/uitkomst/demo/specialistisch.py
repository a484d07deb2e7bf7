"""The default demo region's small specialist lot (illustrative): residential treatment and a family
home paid by a weekly tariff and a high-specialist arrangement paid per child, bought from a few of
the fictitious providers next to the result-based model, so a default IJsselland demo shows every
funding variant in its invoices (issue 13). The model is a data file of the demo
(``data/ijsselland-jeugd-specialistisch.yaml``) loaded through the catalogue's reference-data loader,
so it is held to the catalogue's rules; the agreements go through the contracting services.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from uitkomst.accounts import policy
from uitkomst.catalogus import referentiedata
from uitkomst.catalogus.models import Inkoopmodel, Product
from uitkomst.contractering import selectors as contractering
from uitkomst.contractering import services as contractering_services
from uitkomst.contractering.models import Aanbieder
from uitkomst.utils.dates import add_months

MODEL_CODE = "ijsselland-jeugd-specialistisch"
BESTAND = Path(__file__).parent / "data" / f"{MODEL_CODE}.yaml"
AANBIEDERS = 4  # the few providers that offer it (illustrative)
JAREN = 6  # the agreements run from this many years before the build date, past it


def specialistische_producten(*, providers: list[Aanbieder], today: dt.date) -> list[Product]:
    """Load the lot (idempotent), contract it with a few providers, and return its products."""
    referentiedata.load_file(BESTAND)
    model = Inkoopmodel.objects.get(code=MODEL_CODE)
    producten = list(Product.objects.filter(inkoopmodel=model).order_by("code"))
    ingang = max(model.geldig_van, add_months(today.replace(day=1), -12 * JAREN))
    door = policy.systeem_actor("demo")
    for aanbieder in providers[:AANBIEDERS]:  # the large providers come first
        if contractering.is_gecontracteerd(aanbieder=aanbieder, product=producten[0], datum=today):
            continue
        contractering_services.raamovereenkomst_create(
            aanbieder=aanbieder,
            inkoopmodel=model,
            producten=producten,
            ingangsdatum=ingang,
            initiele_looptijd_maanden=12 * (JAREN + 2),
            is_synthetisch=True,
            door=door,
            toelichting="Specialistisch perceel (demo, illustratief).",
        )
    return producten
