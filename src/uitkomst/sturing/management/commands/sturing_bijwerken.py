"""Daily job: compute 3.2 (no new start of help) for windows that have passed, then refresh signals."""

from django.core.management.base import BaseCommand

from uitkomst.accounts import policy
from uitkomst.sturing import services
from uitkomst.uitkomsten import services as uitkomsten


class Command(BaseCommand):
    help = "Bepaal 3.2 (geen nieuwe start van hulp) na de nazorgperiode en ververs het signalencentrum."

    def handle(self, *args, **options):
        door = policy.systeem_actor("sturing_bijwerken")
        bepaald = uitkomsten.nieuwe_hulp_bepalen(door=door)
        uitslag = services.signalen_verversen(door=door)
        self.stdout.write(
            f"3.2 bepaald voor {bepaald} metingen; signalen: {uitslag['nieuw']} nieuw, "
            f"{uitslag['vervallen']} vervallen, {uitslag['actueel']} actueel."
        )
