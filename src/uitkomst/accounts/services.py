"""Roles and users. Roles ship as data and load idempotently after every migrate."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from oauth2_provider.models import get_access_token_model, get_application_model

from uitkomst.utils.databestand import lees_yaml
from uitkomst.utils.errors import ProblemCollector, ValidationFailed

from . import oauth, policy
from .models import Gebruiker, Rol

DATA_FILE = Path(__file__).parent / "data" / "rollen.yaml"


@transaction.atomic
def load_roles(*, using: str = "default") -> int:
    data = lees_yaml(DATA_FILE)
    for item in data["rollen"]:
        Rol.objects.using(using).update_or_create(
            code=item["code"],
            defaults={
                "naam": item["naam"],
                "scope": item["scope"],
                "omschrijving": item.get("omschrijving", ""),
                "rechten": list(item.get("rechten", [])),
            },
        )
    return len(data["rollen"])


SCOPE_FIELD = {
    Rol.Scope.REGIO: "regio",
    Rol.Scope.GEMEENTE: "gemeente",
    Rol.Scope.AANBIEDER: "aanbieder",
    Rol.Scope.VERWIJZER: "verwijzer_code",
}


@transaction.atomic
def gebruiker_create(
    *,
    username: str,
    password: str,
    rol_code: str,
    regio=None,
    gemeente=None,
    aanbieder=None,
    verwijzer_code: str = "",
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> Gebruiker:
    """Create a user in a role; the organisation the role's scope needs must be given."""
    problems = ProblemCollector()
    rol = Rol.objects.filter(code=rol_code).first()
    if rol is None:
        problems.add("rol_onbekend", f"De rol '{rol_code}' bestaat niet.", "rol")
    if Gebruiker.objects.filter(username=username).exists():
        problems.add("gebruikersnaam_bestaat", f"De gebruikersnaam '{username}' is al in gebruik.", "username")
    values = {"regio": regio, "gemeente": gemeente, "aanbieder": aanbieder, "verwijzer_code": verwijzer_code}
    if rol is not None and (needed := SCOPE_FIELD.get(rol.scope)) and not values[needed]:
        problems.add("scope_ontbreekt", f"De rol '{rol.naam}' vraagt om een {needed.replace('_', '-')}.", needed)
    if gemeente is not None and regio is None:
        regio = gemeente.regio
    if check_password:
        try:
            validate_password(password)
        except ValidationError as exc:
            problems.add("wachtwoord_zwak", " ".join(exc.messages), "password")
    problems.raise_if_any(ValidationFailed)
    user = Gebruiker(
        username=username,
        rol=rol,
        regio=regio,
        gemeente=gemeente,
        aanbieder=aanbieder,
        verwijzer_code=verwijzer_code,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def gebruiker_wijzigen(*, gebruiker: Gebruiker, door, **fields) -> Gebruiker:
    """Change a user's role, organisation or name (the admin's change form). The role's scope must still
    have its organisation, as in ``gebruiker_create``. Passwords change through Django's own forms."""
    policy.vereis(door, "accounts.gebruiker_aanmaken", gebruiker)
    for name, value in fields.items():
        setattr(gebruiker, name, value)
    problems = ProblemCollector()
    rol = gebruiker.rol
    if rol is not None and (needed := SCOPE_FIELD.get(rol.scope)) and not getattr(gebruiker, needed):
        problems.add("scope_ontbreekt", f"De rol '{rol.naam}' vraagt om een {needed.replace('_', '-')}.", needed)
    if gebruiker.gemeente_id is not None and gebruiker.regio_id is None:
        gebruiker.regio = gebruiker.gemeente.regio
    problems.raise_if_any(ValidationFailed)
    gebruiker.save()
    return gebruiker


def _organisatie(rol: Rol, code: str) -> dict:
    """The organisation a role's scope needs, looked up by its code: region code, CBS municipality code,
    the provider's AGB code or the referrer's code."""
    code = (code or "").strip()
    if rol.scope == Rol.Scope.REGIO:
        regio = apps.get_model("organisaties", "Regio").objects.filter(code=code).first()
        return {"regio": regio} if regio else {}
    if rol.scope == Rol.Scope.GEMEENTE:
        gemeente = apps.get_model("organisaties", "Gemeente").objects.filter(cbs_code=code).first()
        return {"gemeente": gemeente, "regio": gemeente.regio} if gemeente else {}
    if rol.scope == Rol.Scope.AANBIEDER:
        aanbieder = apps.get_model("contractering", "Aanbieder").objects.filter(agb_code=code).first()
        return {"aanbieder": aanbieder} if aanbieder else {}
    if rol.scope == Rol.Scope.VERWIJZER:
        return {"verwijzer_code": code} if code else {}
    return {}


@transaction.atomic
def integratieclient_maak(*, naam: str, rol_code: str, organisatie: str = ""):
    """An OAuth2 client (client credentials) for a back-office integration of one organisation in one
    role (accounts/oauth.py). Returns ``(application, client_secret)``: the secret is stored hashed and
    can be shown only this once. The client may hold its role's scopes (``oauth.ROL_SCOPES``); a token
    request may ask for fewer. Like ``gebruiker_create`` this is an operator's act (CLI)."""
    problems = ProblemCollector()
    naam = (naam or "").strip()
    rol = Rol.objects.filter(code=rol_code).first()
    if not naam:
        problems.add("naam_ontbreekt", "Geef de client een naam.", "naam")
    elif Gebruiker.objects.filter(username=oauth.SERVICE_PREFIX + naam).exists():
        problems.add("client_bestaat", f"Er is al een integratieclient '{naam}'.", "naam")
    if rol is None:
        problems.add("rol_onbekend", f"De rol '{rol_code}' bestaat niet.", "rol")
    elif rol.code == policy.SYSTEEM_ROL:
        problems.add("rol_niet_toegestaan", "Een integratieclient kan niet in de rol systeem handelen.", "rol")
    org = _organisatie(rol, organisatie) if rol is not None else {}
    if rol is not None and (needed := SCOPE_FIELD.get(rol.scope)) and not org.get(needed):
        wat = needed.replace("_", "-")
        problems.add("organisatie_onbekend", f"De rol '{rol.naam}' vraagt om een bestaande {wat}: "
                     f"'{organisatie}' is niet gevonden.", "organisatie")  # fmt: skip
    problems.raise_if_any(ValidationFailed)
    user = Gebruiker(username=oauth.SERVICE_PREFIX + naam, rol=rol, first_name="Integratie", last_name=naam, **org)
    if user.gemeente_id and not user.regio_id:
        user.regio = user.gemeente.regio
    user.set_unusable_password()
    user.save()
    secret = get_random_string(48)
    Application = get_application_model()
    application = Application.objects.create(
        name=naam,
        user=user,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    return application, secret


@transaction.atomic
def integratieclient_intrekken(*, application) -> int:
    """Switch a client off: its service user is deactivated and its tokens are deleted at once."""
    if application.user_id:
        Gebruiker.objects.filter(pk=application.user_id).update(is_active=False)
    deleted, _ = get_access_token_model().objects.filter(application=application).delete()
    return deleted
