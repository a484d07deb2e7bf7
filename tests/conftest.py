import datetime as dt

import pytest
from rest_framework.test import APIClient

from uitkomst.accounts.services import gebruiker_create
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Bekostigingsvorm, IjwEenheid, Tariefeenheid, Wet
from uitkomst.catalogus.referentiedata import load_all
from uitkomst.organisaties.models import Gemeente, Regio

PASSWORD = "een-lang-testwachtwoord"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def regio(db) -> Regio:
    return Regio.objects.get(code="ijsselland")  # loaded after migrate from organisaties/data


@pytest.fixture
def zwolle(db) -> Gemeente:
    return Gemeente.objects.get(cbs_code="0193")


@pytest.fixture
def reference_models(db):
    return load_all()


@pytest.fixture
def ijsselland(reference_models):
    from uitkomst.catalogus.models import Inkoopmodel

    return Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")


@pytest.fixture
def model(regio):
    """A small, fresh purchasing model to test the rules on."""
    return catalogus.inkoopmodel_create(
        regio=regio,
        code="test-model",
        naam="Testmodel",
        wet=Wet.JEUGDWET,
        geldig_van=dt.date(2025, 1, 1),
        geldig_tot=dt.date(2026, 12, 31),
    )


@pytest.fixture
def product(model):
    return catalogus.product_create(
        inkoopmodel=model,
        code="T01",
        naam="Testproduct",
        bekostiging=Bekostigingsvorm.TRAJECT,
        tariefeenheid=Tariefeenheid.TRAJECT,
        ijw_eenheid=IjwEenheid.STUKS_OUTPUT,
        productcategorie="45",
    )


@pytest.fixture
def make_user(db):
    def _make(username: str, rol_code: str, **scope):
        return gebruiker_create(username=username, password=PASSWORD, rol_code=rol_code, check_password=False, **scope)

    return _make


@pytest.fixture
def contractmanager(make_user, regio):
    return make_user("cm", "regio-contractmanager", regio=regio)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()
