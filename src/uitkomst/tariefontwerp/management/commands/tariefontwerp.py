"""``uitkomst tariefontwerp``: the tariff design of a region's latest history as JSON on stdout.

``--opslaan 2027-01-01`` also saves the proposal as draft tariff versions (as the system actor
``systeem:tariefontwerp``); ``--voorstel-koppeling`` first stores the mapping the data suggests.
"""

import datetime as dt
import json
import uuid
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.organisaties.models import Regio
from uitkomst.tariefontwerp import selectors, services
from uitkomst.tariefontwerp.models import Historie
from uitkomst.utils.errors import DomainError


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


class Command(BaseCommand):
    help = "Tariefontwerp uit de eigen historie (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--regio", default="ijsselland")
        parser.add_argument("--model", default="ijsselland-jeugd-2018")
        parser.add_argument("--historie", metavar="UUID", help="een bepaalde historie (standaard: de laatste)")
        parser.add_argument("--regel", default="gemiddelde", choices=sorted(selectors.REGELS))
        parser.add_argument("--trim", type=float, default=0.05)
        parser.add_argument("--percentiel", type=float, default=50.0)
        parser.add_argument("--minimum", type=int, default=None)
        parser.add_argument("--voorstel-koppeling", action="store_true")
        parser.add_argument("--opslaan", metavar="INGANGSDATUM", default=None)
        parser.add_argument("--compact", action="store_true", help="zonder histogrammen en uitschieters")

    def handle(self, *args, **o):
        door = policy.systeem_actor("tariefontwerp")
        regio = Regio.objects.filter(code=o["regio"]).first()
        model = Inkoopmodel.objects.filter(code=o["model"]).first()
        if regio is None or model is None:
            raise CommandError("Onbekende regio of inkoopmodel.", returncode=2)
        historie = selectors.laatste_historie(regio=regio)
        if o["historie"]:
            gekozen = o["historie"]
            historie = Historie.objects.filter(regio=regio, uuid=gekozen).first() if _is_uuid(gekozen) else None
            if historie is None:
                raise CommandError(f"Onbekende historie {o['historie']} in deze regio.", returncode=2)
        if historie is None:
            raise CommandError("Deze regio heeft geen historie (bouw de demo of importeer).", returncode=2)
        try:
            if o["voorstel_koppeling"]:
                services.koppeling_voorstellen(historie=historie, inkoopmodel=model, door=door)
            kwargs = {"regel": o["regel"], "trim": o["trim"], "percentiel": o["percentiel"], "minimum": o["minimum"]}
            result = selectors.ontwerp(user=door, historie=historie, inkoopmodel=model, **kwargs)
            if o["opslaan"]:
                saved = services.ontwerp_opslaan(
                    historie=historie, inkoopmodel=model, ingangsdatum=dt.date.fromisoformat(o["opslaan"]), door=door,
                    **kwargs,
                )  # fmt: skip
                result["opgeslagen"] = {"ontwerp": str(saved.uuid), "concepttarieven": saved.concepttarieven.count()}
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}", returncode=2) from exc
        except ValueError as exc:
            raise CommandError(f"Ongeldige datum: {exc}", returncode=2) from exc
        if o["compact"]:
            for c in result["cellen"]:
                c.pop("histogram", None)
                c.pop("segment_c", None)
        self.stdout.write(json.dumps(result, default=_default, ensure_ascii=False, indent=2))
