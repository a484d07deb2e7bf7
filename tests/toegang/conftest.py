import pytest

from uitkomst.organisaties.models import Gemeente

from . import helpers


@pytest.fixture
def kampen(db) -> Gemeente:
    return Gemeente.objects.get(cbs_code="0166")


@pytest.fixture
def toegang(make_user, zwolle):
    return make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)


@pytest.fixture
def collega(make_user, zwolle):
    return make_user("toegang-zwolle-2", "gemeente-toegang", gemeente=zwolle)


@pytest.fixture
def toegang_kampen(make_user, kampen):
    return make_user("toegang-kampen", "gemeente-toegang", gemeente=kampen)


@pytest.fixture
def huisarts(make_user):
    return make_user("huisarts", "verwijzer", verwijzer_code="01990001")


@pytest.fixture
def aanbieder(ijsselland):
    a = helpers.aanbieder("Kompas Jeugdhulp")
    helpers.contracteer(a, ijsselland)
    return a


@pytest.fixture
def ander_aanbieder(ijsselland):
    a = helpers.aanbieder("Horizon Gezinszorg")
    helpers.contracteer(a, ijsselland)
    return a


@pytest.fixture
def niet_gecontracteerd(ijsselland):
    return helpers.aanbieder("Zonder Contract")


@pytest.fixture
def aanbieder_user(make_user, aanbieder, regio):
    return make_user("aanbieder", "aanbieder", aanbieder=aanbieder, regio=regio)


@pytest.fixture
def plan(toegang, zwolle, ijsselland):
    return helpers.plan(toegang, zwolle, ijsselland)
