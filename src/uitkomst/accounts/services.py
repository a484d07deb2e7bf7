"""Roles and users. Roles ship as data and load idempotently after every migrate."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from uitkomst.utils.errors import ProblemCollector, ValidationFailed

from . import policy
from .models import Gebruiker, Rol

DATA_FILE = Path(__file__).parent / "data" / "rollen.yaml"


@transaction.atomic
def load_roles(*, using: str = "default") -> int:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
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
