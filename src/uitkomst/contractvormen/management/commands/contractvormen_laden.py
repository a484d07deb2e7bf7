from django.core.management.base import BaseCommand, CommandError

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.contractvormen import services
from uitkomst.utils.errors import DomainError


class Command(BaseCommand):
    help = "Laadt de voorbeeldbibliotheek van contractvormen (idempotent) en leidt de referentiemodellen af."

    def add_arguments(self, parser):
        parser.add_argument(
            "--zonder-modellen",
            action="store_true",
            help="Leid geen contractvormen af uit de inkoopmodellen in de catalogus.",
        )

    def handle(self, *args, zonder_modellen=False, **options):
        try:
            r = services.bibliotheek_laden()
            afgeleid = 0
            if not zonder_modellen:
                for model in Inkoopmodel.objects.select_related("regio").filter(is_referentiemodel=True):
                    services.contractvorm_uit_inkoopmodel(
                        inkoopmodel=model, door=policy.systeem_actor("contractvormen")
                    )
                    afgeleid += 1
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(
            f"Contractvormen: {r.nieuw} nieuw, {r.bijgewerkt} bijgewerkt, {r.ongewijzigd} ongewijzigd; "
            f"{afgeleid} afgeleid uit inkoopmodellen."
        )
