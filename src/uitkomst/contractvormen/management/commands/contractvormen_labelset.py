"""``uitkomst contractvormen_labelset UIT.json``: export confirmed readings as a labelled set."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uitkomst.contractvormen import evaluatie, selectors


class Command(BaseCommand):
    help = (
        "Schrijft de bevestigde lezingen (documenttekst met de bevestigde of verbeterde antwoorden) als gelabelde set "
        "in het formaat van ontwikkelset.json, om te scoren met contractvormen_evaluatie."
    )

    def add_arguments(self, parser):
        parser.add_argument("uit", metavar="UIT.json")

    def handle(self, *args, uit: str, **options):
        data = evaluatie.labelset(selectors.bevestigde_lezingen())
        if not data["cases"]:
            raise CommandError("Er zijn nog geen bevestigde lezingen.", returncode=2)
        try:
            Path(uit).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Kan '{uit}' niet schrijven: {exc}.", returncode=2) from exc
        self.stdout.write(f"{len(data['cases'])} bevestigde lezingen geschreven naar {uit}.")
