import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from uitkomst.accounts import tweestaps
from uitkomst.demo.users import demo_users_ensure


class Command(BaseCommand):
    help = "Maakt (of vernieuwt) één demogebruiker per rol en toont de inloggegevens."

    def add_arguments(self, parser):
        parser.add_argument("--wachtwoord", help="Wachtwoord voor alle demogebruikers (standaard: willekeurig).")

    def handle(self, *args, wachtwoord=None, **options):
        password = wachtwoord or settings.DEMO_PASSWORD or secrets.token_urlsafe(9)
        users = demo_users_ensure(password=password)
        self.stdout.write("Demogebruikers (alleen voor deze demo-installatie):")
        for user in users:
            scope = user.gemeente or user.aanbieder or user.regio or user.verwijzer_code or "hele installatie"
            self.stdout.write(f"  {user.username:<22} {password}   {user.rol.naam} – {scope}")
        # Roles that log in in two steps (UITKOMST_OTP_ROLLEN) get a TOTP device: add its key to an
        # authenticator app (or compute the code from it) for the second step.
        met_totp = [user for user in users if tweestaps.tweestaps_nodig(user)]
        if met_totp:
            self.stdout.write("Inloggen in twee stappen (TOTP-sleutel voor een authenticator-app):")
        for user in met_totp:
            device, _ = tweestaps.apparaat_voor_gebruiker(user)
            self.stdout.write(f"  {user.username:<22} {tweestaps.sleutel_tekst(device)}   {device.config_url}")
