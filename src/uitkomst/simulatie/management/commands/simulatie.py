"""``uitkomst simulatie``: five funding forms side by side for a municipality or the region (JSON).

``--param naam=waarde`` sets a behavioural assumption (see ``simulatie.services.PARAMETERS``)."""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from uitkomst.accounts import policy
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.simulatie import services
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


class Command(BaseCommand):
    help = "Simulatie van bekostigingsvormen (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--regio", default="ijsselland")
        parser.add_argument("--gemeente", help="CBS-code; zonder: de hele regio")
        parser.add_argument("--jaar", type=int, default=None)
        parser.add_argument("--runs", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2018)
        parser.add_argument("--param", action="append", default=[], metavar="NAAM=WAARDE")

    def _voortgang(self, stap: int, van: int) -> None:
        """Progress on stderr, so stdout stays one JSON document."""
        self.stderr.write(f"stap {stap} van {van}")

    def handle(self, *args, **o):
        door = policy.systeem_actor("simulatie")
        regio = Regio.objects.filter(code=o["regio"]).first()
        if regio is None:
            raise CommandError("Onbekende regio.", returncode=2)
        gemeente = None
        if o["gemeente"]:
            gemeente = Gemeente.objects.filter(cbs_code=o["gemeente"]).first()
            if gemeente is None:
                raise CommandError(f"Onbekende gemeente {o['gemeente']}.", returncode=2)
        params = {}
        for item in o["param"]:
            if "=" not in item:
                raise CommandError(f"Parameter '{item}' moet naam=waarde zijn.", returncode=2)
            k, v = item.split("=", 1)
            params[k.strip()] = v.strip()
        jaar = o["jaar"] or klok.vandaag().year + 1
        try:
            result = services.simuleer(user=door, regio=regio, gemeente=gemeente, jaar=jaar, runs=o["runs"],
                                       seed=o["seed"], parameters=params, voortgang=self._voortgang)  # fmt: skip
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}", returncode=2) from exc
        self.stdout.write(json.dumps(result, default=_default, ensure_ascii=False, indent=2))
