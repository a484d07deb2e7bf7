"""Changes to regions and municipalities. Reference regions ship as data (data/regios.yaml)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from uitkomst.utils.databestand import lees_yaml

from .models import Gemeente, Regio

DATA_FILE = Path(__file__).parent / "data" / "regios.yaml"


@transaction.atomic
def load_reference_regions(*, using: str = "default") -> dict[str, int]:
    """Create or update the shipped regions and municipalities; running it twice changes nothing."""
    data = lees_yaml(DATA_FILE)
    counts = {"regios": 0, "gemeenten": 0}
    for item in data["regios"]:
        regio, _ = Regio.objects.using(using).update_or_create(
            code=item["code"], defaults={"naam": item["naam"], "omschrijving": item.get("omschrijving", "")}
        )
        counts["regios"] += 1
        for g in item.get("gemeenten", []):
            Gemeente.objects.using(using).update_or_create(
                cbs_code=g["cbs_code"],
                defaults={"naam": g["naam"], "regio": regio, "inwoners": g.get("inwoners")},
            )
            counts["gemeenten"] += 1
    return counts
