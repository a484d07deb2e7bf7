"""One demo user per shipped role, for `make run`."""

from __future__ import annotations

from django.db import transaction

from uitkomst.accounts.models import Gebruiker, Rol
from uitkomst.accounts.services import gebruiker_create
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente, Regio

DEMO_USERS = [
    ("beheerder", "beheerder", {}),
    ("contractmanager", "regio-contractmanager", {"regio": "ijsselland"}),
    ("toegang-zwolle", "gemeente-toegang", {"gemeente": "0193"}),
    ("financien-zwolle", "gemeente-financien", {"gemeente": "0193"}),
    ("huisarts", "verwijzer", {"verwijzer_code": "01990001"}),
    ("aanbieder", "aanbieder", {"aanbieder": "first"}),
    ("privacy", "privacy-officer", {"regio": "ijsselland"}),
]


@transaction.atomic
def demo_users_ensure(*, password: str) -> list[Gebruiker]:
    users = []
    for username, rol_code, scope in DEMO_USERS:
        kwargs = {}
        if "regio" in scope:
            kwargs["regio"] = Regio.objects.get(code=scope["regio"])
        if "gemeente" in scope:
            kwargs["gemeente"] = Gemeente.objects.get(cbs_code=scope["gemeente"])
            kwargs["regio"] = kwargs["gemeente"].regio
        if "aanbieder" in scope:
            kwargs["aanbieder"] = Aanbieder.objects.filter(is_synthetisch=True).order_by("agb_code").first()
            kwargs["regio"] = Regio.objects.get(code="ijsselland")
        if "verwijzer_code" in scope:
            kwargs["verwijzer_code"] = scope["verwijzer_code"]
        user = Gebruiker.objects.filter(username=username).first()
        if user is None:
            user = gebruiker_create(
                username=username, password=password, rol_code=rol_code, check_password=False, **kwargs
            )
        else:
            user.rol = Rol.objects.get(code=rol_code)
            for key, value in kwargs.items():
                setattr(user, key, value)
            user.set_password(password)
        user.is_staff = rol_code in {"beheerder", "regio-contractmanager"}
        user.is_superuser = rol_code == "beheerder"
        user.save()
        users.append(user)
    return users
