import pytest

from tests.toegang import helpers
from tests.toegang.conftest import *  # noqa: F403


@pytest.fixture
def tweede(ijsselland):
    a = helpers.aanbieder("Horizon Gezinszorg")
    helpers.contracteer(a, ijsselland)
    return a


@pytest.fixture
def derde(ijsselland):
    a = helpers.aanbieder("Derde Jeugdhulp")
    helpers.contracteer(a, ijsselland)
    return a


@pytest.fixture
def tweede_user(make_user, tweede, regio):
    return make_user("aanbieder-2", "aanbieder", aanbieder=tweede, regio=regio)


@pytest.fixture
def derde_user(make_user, derde, regio):
    return make_user("aanbieder-3", "aanbieder", aanbieder=derde, regio=regio)


@pytest.fixture
def financien(make_user, zwolle):
    return make_user("fin-zwolle", "gemeente-financien", gemeente=zwolle)


@pytest.fixture
def financien_kampen(make_user, kampen):
    return make_user("fin-kampen", "gemeente-financien", gemeente=kampen)
