"""``uitkomst oauthclient maak|lijst|intrekken``: OAuth2 clients for back-office integrations.

- ``maak --naam N --rol CODE [--organisatie CODE]``: a client of one organisation (region code, CBS
  municipality code, the provider's AGB code or the referrer's code, as the role's scope asks) in one
  role. Prints the client id and the secret once: the secret is stored hashed only.
- ``lijst``: the clients, their role, organisation and scopes (never a secret).
- ``intrekken --naam N``: switch a client off; its tokens stop working at once.

Exit status 2 with the Dutch reasons when the input is refused (docs/security.md).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from oauth2_provider.models import get_application_model

from uitkomst.accounts import oauth, services
from uitkomst.utils.errors import DomainError


class Command(BaseCommand):
    help = "OAuth2-clients (client credentials) voor koppelingen maken, tonen en intrekken."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        m = sub.add_parser("maak", help="Een client maken; toont client-id en geheim één keer.")
        m.add_argument("--naam", required=True, help="Naam van de koppeling, bijvoorbeeld 'zorgadministratie'.")
        m.add_argument("--rol", required=True, help="Rolcode, bijvoorbeeld 'aanbieder' of 'gemeente-financien'.")
        m.add_argument("--organisatie", default="", help="Regiocode, CBS-code, AGB-code of verwijzercode.")
        sub.add_parser("lijst", help="De clients tonen (zonder geheimen).")
        i = sub.add_parser("intrekken", help="Een client uitzetten; zijn tokens vervallen direct.")
        i.add_argument("--naam", required=True)

    def handle(self, *args, actie, **opts):
        try:
            getattr(self, f"_{actie}")(**opts)
        except DomainError as exc:
            for p in exc.problems or []:
                self.stderr.write(f"Fout: {p.message}")
            if not exc.problems:
                self.stderr.write(f"Fout: {exc.message}")
            raise SystemExit(2) from exc

    def _maak(self, *, naam, rol, organisatie, **_):
        application, secret = services.integratieclient_maak(naam=naam, rol_code=rol, organisatie=organisatie)
        user = application.user
        org = user.aanbieder or user.gemeente or user.regio or user.verwijzer_code or "hele installatie"
        self.stdout.write(f"Integratieclient '{application.name}' – {user.rol.naam} – {org}")
        self.stdout.write(f"client_id:     {application.client_id}")
        self.stdout.write(f"client_secret: {secret}")
        self.stdout.write(f"scopes:        {' '.join(oauth.scopes_voor_rol(user.rol.code))}")
        self.stdout.write("Bewaar het geheim nu: het wordt alleen gehasht opgeslagen en niet opnieuw getoond.")
        self.stdout.write("Token: POST /oauth/token met grant_type=client_credentials (HTTP Basic: id en geheim).")

    def _lijst(self, **_):
        for app in get_application_model().objects.select_related("user__rol").order_by("name"):
            user = app.user
            rol = user.rol.code if user and user.rol else "-"
            actief = "actief" if user and user.is_active else "ingetrokken"
            self.stdout.write(f"{app.name:<24} {app.client_id}  {rol:<22} {actief}")

    def _intrekken(self, *, naam, **_):
        app = get_application_model().objects.filter(name=naam, user__username=oauth.SERVICE_PREFIX + naam).first()
        if app is None:
            self.stderr.write(f"Fout: er is geen integratieclient '{naam}'.")
            raise SystemExit(2)
        tokens = services.integratieclient_intrekken(application=app)
        self.stdout.write(f"Integratieclient '{naam}' ingetrokken; {tokens} token(s) vervallen.")
