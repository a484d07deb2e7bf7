import pytest

from uitkomst.organisaties.models import Gemeente

from . import helpers as h


@pytest.fixture
def modellen(reference_models):
    return reference_models


@pytest.fixture
def kampen(db) -> Gemeente:
    return Gemeente.objects.get(cbs_code="0166")


@pytest.fixture
def toegang(make_user, zwolle):
    return make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)


@pytest.fixture
def toegang_kampen(make_user, kampen):
    return make_user("toegang-kampen", "gemeente-toegang", gemeente=kampen)


@pytest.fixture
def financien(make_user, zwolle):
    return make_user("fin-zwolle", "gemeente-financien", gemeente=zwolle)


@pytest.fixture
def financien_kampen(make_user, kampen):
    return make_user("fin-kampen", "gemeente-financien", gemeente=kampen)


@pytest.fixture
def aanbieder(modellen):
    a = h.aanbieder("Kompas Jeugdhulp")
    for code in (
        "ijsselland-jeugd-2018",
        "rotterdam-rijnmond-jeugd-week",
        "west-brabant-west-jeugd-arrangement",
        "zwolle-wmo-dagbesteding-taakgericht",
    ):
        h.contracteer(a, code)
    return a


@pytest.fixture
def aanbieder_user(make_user, aanbieder, regio):
    return make_user("aanbieder", "aanbieder", aanbieder=aanbieder, regio=regio)


@pytest.fixture
def ander(modellen):
    a = h.aanbieder("Horizon Gezinszorg")
    h.contracteer(a, "ijsselland-jeugd-2018")
    return a


@pytest.fixture
def ander_user(make_user, ander, regio):
    return make_user("ander", "aanbieder", aanbieder=ander, regio=regio)


@pytest.fixture
def maak(toegang, aanbieder_user, zwolle):
    """``maak(productcode, start, ...)``: a trajectory of our provider for a Zwolle client."""

    def _maak(productcode="P01-P", start=None, model_code="ijsselland-jeugd-2018", **kw):
        return h.traject(
            toegang_user=kw.pop("toegang_user", toegang),
            aanbieder_user=kw.pop("aanbieder_user", aanbieder_user),
            gemeente=kw.pop("gemeente", zwolle),
            model_code=model_code,
            productcode=productcode,
            start=start or h.datum(3, 3),
            **kw,
        )

    return _maak
