"""``uitkomst classify FILE`` / ``uitkomst classify --text FILE``: one JSON object on stdout."""

import json

from django.core.management.base import BaseCommand, CommandError

from uitkomst.contractvormen import lezen, services
from uitkomst.utils.errors import DomainError


class Command(BaseCommand):
    help = (
        "Classificeert een contractvorm. FILE is JSON met de antwoorden (regie, bekostiging, aanbieders, "
        "scope, kiest_aanbieder, bepaalt_inhoud), of met --text een inkoopdocument (tekst, PDF of DOCX)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("bestand", metavar="FILE")
        parser.add_argument("--text", action="store_true", help="FILE is een document (tekst, PDF of DOCX).")

    def handle(self, *args, bestand: str, text: bool = False, **options):
        # the same checks, reading and JSON as the fast path of ``uitkomst classify --text`` (lezen.py)
        try:
            data = lezen.lees_bestand(bestand)
            if text:
                result = lezen.lees_gegevens(data).classificatie
            else:
                result = services.classificeer(**self._answers(data, bestand))
        except (lezen.BestandFout, DomainError) as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(lezen.als_json(result))

    def _answers(self, data: bytes, bestand: str) -> dict:
        try:
            payload = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(
                f"Bestand '{bestand}' is geen geldige JSON ({exc}). Gebruik --text voor een document.", returncode=2
            ) from exc
        if not isinstance(payload, dict):
            raise CommandError("De JSON moet een object zijn met de antwoorden.", returncode=2)
        antwoorden = payload.get("antwoorden", payload)
        if isinstance(antwoorden, dict):
            antwoorden = {k: v for k, v in antwoorden.items() if k not in ("procedure", "regisseur_bij_aanbieder")}
        return {
            "antwoorden": antwoorden,
            "procedure": payload.get("procedure"),
            "regisseur_bij_aanbieder": payload.get("regisseur_bij_aanbieder"),
        }
