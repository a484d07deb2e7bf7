import pytest

from uitkomst.accounts.models import Rol
from uitkomst.accounts.services import gebruiker_create, load_roles
from uitkomst.utils.errors import ValidationFailed

pytestmark = pytest.mark.django_db

ROLES = {
    "regio-contractmanager",
    "gemeente-toegang",
    "gemeente-financien",
    "gemeente-beleid",
    "verwijzer",
    "aanbieder",
    "privacy-officer",
    "beheerder",
    "systeem",
}


def test_named_roles_shipped_and_loaded_idempotently():
    assert set(Rol.objects.values_list("code", flat=True)) == ROLES
    load_roles()
    assert Rol.objects.count() == len(ROLES)


def test_only_roles_that_need_it_see_bsns():
    with_bsn = {r.code for r in Rol.objects.all() if "bsn.zien" in r.rechten}
    # Least privilege (issue 12): the provider's back office works with a pseudonymous reference.
    assert with_bsn == {"gemeente-toegang", "verwijzer"}


def test_role_scope_is_required(regio):
    with pytest.raises(ValidationFailed) as err:
        gebruiker_create(username="x", password="lang-genoeg-wachtwoord", rol_code="gemeente-toegang")
    assert err.value.code == "scope_ontbreekt"
    with pytest.raises(ValidationFailed) as err:
        gebruiker_create(username="y", password="lang-genoeg-wachtwoord", rol_code="bestaat-niet")
    assert err.value.code == "rol_onbekend"


def test_weak_password_refused(zwolle):
    with pytest.raises(ValidationFailed) as err:
        gebruiker_create(username="z", password="kort", rol_code="gemeente-toegang", gemeente=zwolle)
    assert err.value.code == "wachtwoord_zwak"
