import pytest

from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.organisaties.models import Regio


@pytest.fixture
def beheerder(make_user):
    user = make_user("beheer-super", "beheerder")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def contractmanager(make_user, regio):
    """Staff, not superuser: the admin's permissions come from the policy, not from Django's."""
    user = make_user("cm-ijsselland", "regio-contractmanager", regio=regio)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def andere_regio(db):
    return Regio.objects.get(code="rotterdam-rijnmond")


@pytest.fixture
def ander_model(andere_regio, reference_models):
    return Inkoopmodel.objects.get(regio=andere_regio)
