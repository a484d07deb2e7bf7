"""``uitkomst contractvormen_evaluatie PAD.json``: score the text reader on a labelled set."""

import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from uitkomst.contractvormen import evaluatie
from uitkomst.utils.errors import DomainError


class Command(BaseCommand):
    help = (
        "Scoort de tekstlezer op een gelabelde set in het formaat van ontwikkelset.json: per vraag 'goed waar "
        "genoemd' en 'stil waar stil', verwarringsmatrix, archetype, kwadrant en tijd per document."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paden", metavar="PAD.json", nargs="+")
        parser.add_argument("--json", action="store_true", help="Schrijf de cijfers als JSON.")
        parser.add_argument(
            "--zinnen",
            action="store_true",
            help="De paden zijn gelabelde zinnen (YAML, formaat van zinnen_echt.yaml): scoor de lezer per zin.",
        )
        parser.add_argument("--per-geval", action="store_true", help="Toon de afwijkingen per tekst.")
        parser.add_argument("--zonder-matrix", action="store_true", help="Laat de verwarringsmatrices weg.")
        parser.add_argument(
            "--met-suggesties",
            action="store_true",
            help="Tel elke afgeleide suggestie als antwoord (voor sets die afgeleide antwoorden als genoemd labelen).",
        )

    def handle(self, *args, paden, per_geval=False, zonder_matrix=False, met_suggesties=False, zinnen=False, **opts):
        as_json = opts.get("json", False)
        if zinnen and (per_geval or met_suggesties):
            raise CommandError(
                "--zinnen scoort per zin: --per-geval en --met-suggesties horen bij sets van teksten.", returncode=2
            )
        out = []
        for pad in paden:
            if zinnen:
                try:
                    zev = evaluatie.evalueer_zinnen(pad)
                except DomainError as exc:
                    raise CommandError(exc.message, returncode=2) from exc
                if as_json:
                    out.append(zev.als_dict())
                else:
                    self.stdout.write(evaluatie.zin_rapport(zev))
                    self.stdout.write("")
                continue
            try:
                naam, cases = evaluatie.laad_set(pad)
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
            ev = evaluatie.evalueer(cases, naam=naam, met_suggesties=met_suggesties)
            if as_json:
                out.append(ev.als_dict())
            else:
                self.stdout.write(evaluatie.rapport(ev, per_geval=per_geval, verwarring=not zonder_matrix))
                self.stdout.write("")
        if as_json:
            self.stdout.write(_dumps(out[0] if len(out) == 1 else out))


def _dumps(data) -> str:
    return jsonlib.dumps(data, ensure_ascii=False, indent=2)
