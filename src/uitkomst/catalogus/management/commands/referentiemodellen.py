from django.core.management.base import BaseCommand, CommandError

from uitkomst.catalogus.referentiedata import load_all
from uitkomst.utils.errors import DomainError


class Command(BaseCommand):
    help = "Laadt de meegeleverde referentie-inkoopmodellen (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook modellen waarvan deze versie al geladen is.")

    def handle(self, *args, force=False, **options):
        try:
            results = load_all(force=force)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        for r in results:
            self.stdout.write(f"{r.code}: {r.status} ({r.producten} producten, {r.tarieven} tariefversies)")
