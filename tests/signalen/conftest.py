import pytest

from tests.uitkomsten.conftest import *  # noqa: F403
from uitkomst.organisaties.models import Gemeente, Regio


@pytest.fixture
def rijnmond(db) -> Regio:
    return Regio.objects.get(code="rotterdam-rijnmond")


@pytest.fixture
def rotterdam(rijnmond) -> Gemeente:
    return Gemeente.objects.get(cbs_code="0599", regio=rijnmond)


@pytest.fixture
def cm_rijnmond(make_user, rijnmond):
    return make_user("cm-rijnmond", "regio-contractmanager", regio=rijnmond)


@pytest.fixture
def financien_rotterdam(make_user, rotterdam):
    return make_user("fin-rotterdam", "gemeente-financien", gemeente=rotterdam)
