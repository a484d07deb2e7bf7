"""``uitkomst classify FILE`` / ``uitkomst classify --text FILE``: one JSON object on stdout."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uitkomst.contractvormen import services
from uitkomst.contractvormen.tekst import MAX_DOCUMENT_BYTES
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
        path = Path(bestand)
        if not path.is_file():
            raise CommandError(f"Bestand '{bestand}' bestaat niet of is geen bestand.", returncode=2)
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise CommandError(
                f"Bestand '{bestand}' is te groot; het maximum is {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.",
                returncode=2,
            )
        try:
            data = path.read_bytes()
            if text:
                result = services.tekst_lezen(data=data).classificatie
            else:
                result = services.classificeer(**self._answers(data, bestand))
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(json.dumps(result.als_dict(), ensure_ascii=False, indent=2))

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
