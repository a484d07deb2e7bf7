from django.core.management.base import BaseCommand

from uitkomst.trajecten.services import signalen_acceptatie_controleren


class Command(BaseCommand):
    help = (
        "Maakt signalen voor toewijzingen die niet binnen de acceptatietermijn zijn geaccepteerd (dagelijks draaien)."
    )

    def handle(self, *args, **options):
        n = signalen_acceptatie_controleren()
        self.stdout.write(f"{n} nieuwe signalen voor te late acceptatie.")
