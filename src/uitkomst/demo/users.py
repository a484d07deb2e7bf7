"""One demo user per shipped role, for `make run`, plus two access workers (toegang) per municipality
of the demo region, so an expensive assignment's four-eyes approval can be finished by a second
person of the same municipality."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from uitkomst.accounts.models import Gebruiker, Rol
from uitkomst.accounts.services import gebruiker_create
from uitkomst.organisaties.models import Gemeente, Regio

from . import synthetic

DEMO_USERS = [
    ("beheerder", "beheerder", {}),
    ("contractmanager", "regio-contractmanager", {"regio": "ijsselland"}),
    ("toegang-zwolle", "gemeente-toegang", {"gemeente": "0193"}),
    ("financien-zwolle", "gemeente-financien", {"gemeente": "0193"}),
    ("beleid-zwolle", "gemeente-beleid", {"gemeente": "0193"}),
    ("huisarts", "verwijzer", {"verwijzer_code": "01990001"}),
    ("aanbieder", "aanbieder", {"aanbieder": "first"}),
    ("privacy", "privacy-officer", {"regio": "ijsselland"}),
]


def _regio_code() -> str:
    from .services import demo_regio

    return demo_regio().regio_code


def demo_users_plan() -> list[tuple[str, str, dict]]:
    """The demo users for the region in the database: one per role (for IJsselland with the names of
    ``DEMO_USERS``), then the municipalities' access workers (``toegang-<gemeente>`` and ``-2``)."""
    regio = _regio_code()
    gemeenten = list(Gemeente.objects.filter(regio__code=regio).order_by("cbs_code"))
    hoofd = max(gemeenten, key=lambda g: (g.inwoners or 0, g.naam)) if gemeenten else None
    plan = []
    for username, rol_code, scope in DEMO_USERS:
        if "regio" in scope:
            scope = {**scope, "regio": regio}
        if "gemeente" in scope and hoofd is not None and regio != "ijsselland":
            scope = {"gemeente": hoofd.cbs_code}
            username = f"{username.split('-')[0]}-{slugify(hoofd.naam)}"
        plan.append((username, rol_code, scope))
    namen = {u for u, _, _ in plan}
    for g in gemeenten:
        for n in ("", "-2"):
            username = f"toegang-{slugify(g.naam)}{n}"
            if username not in namen:
                plan.append((username, "gemeente-toegang", {"gemeente": g.cbs_code}))
    return plan


@transaction.atomic
def demo_users_ensure(*, password: str) -> list[Gebruiker]:
    users = []
    regio = _regio_code()
    for username, rol_code, scope in demo_users_plan():
        kwargs = {}
        if "regio" in scope:
            kwargs["regio"] = Regio.objects.get(code=scope["regio"])
        if "gemeente" in scope:
            kwargs["gemeente"] = Gemeente.objects.get(cbs_code=scope["gemeente"])
            kwargs["regio"] = kwargs["gemeente"].regio
        if "aanbieder" in scope:
            kwargs["aanbieder"] = synthetic.jeugd_aanbieders().first()
            kwargs["regio"] = Regio.objects.get(code=regio)
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
