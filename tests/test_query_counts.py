"""The number of queries of every API list and every steering dashboard page is fixed: it does not
grow with the number of rows (no N+1). Each URL is measured on a small region and again after more
providers, trajectories, measurements and invoices were added; both counts must be equal and under a
small bound."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.toegang import helpers
from tests.uitkomsten import helpers as uitkomst_helpers
from tests.uitkomsten.conftest import *  # noqa: F403
from uitkomst.catalogus.models import Product
from uitkomst.contractering.models import Aanbieder
from uitkomst.uitkomsten.models import Uitkomstmeting

pytestmark = pytest.mark.django_db

MAX_PAGINA = 30  # a dashboard page
MAX_API = 15  # an API list

API_LIJSTEN = [
    "inkoopmodellen", "producten", "tarieven", "aanbieders", "raamovereenkomsten", "toetredingsrondes",
    "aanmeldingen", "contractvormen", "clienten", "verwijzingen", "toewijzingen", "trajecten",
    "declaraties", "berichten", "betaalrondes", "indicatoren", "indicatoren?groep=product",
    "indicatoren?groep=gemeente", "indicatoren?groep=periode", "budgetten", "signalen",
]  # fmt: skip
# read by the provider (the measurements are its own rows); tariefontwerpen and simulaties are
# computations, not lists of rows
API_AANBIEDER = ["uitkomstmetingen", "trajecten", "toewijzingen", "indicatoren"]


def _paginas(aanbieder, product) -> list[str]:
    return [
        "/sturing/",
        "/sturing/monitor",
        "/sturing/monitor?gemeente=0193",
        "/sturing/monitor?per=kwartaal",
        f"/sturing/accountgesprek/{aanbieder.uuid}",
        "/sturing/raadsrapportage",
        *(f"/sturing/indicatoren?groep={g}" for g in ("aanbieder", "product", "intensiteit", "gemeente", "periode")),
        "/sturing/budgetten",
        "/sturing/signalen",
        "/sturing/tariefherziening",
        f"/keuzehulp/{product.uuid}",
    ]


def _regio(make_user, regio, toegang, toegang_kampen, aanbieder_user, ijsselland, n: int, start: int) -> None:
    """``n`` more providers, each contracted with a measured trajectory in Zwolle or Kampen, and ``n``
    more measured trajectories of the first provider."""
    for i in range(start, start + n):
        a = helpers.aanbieder(f"Groei Jeugdhulp {i}")
        helpers.contracteer(a, ijsselland)
        user = make_user(f"groei-{i}", "aanbieder", aanbieder=a, regio=regio)
        wie = toegang if i % 2 else toegang_kampen
        uitkomst_helpers.gemeten(wie, user, wie.gemeente, ijsselland, score=6 + i % 5)
        uitkomst_helpers.gemeten(toegang, aanbieder_user, toegang.gemeente, ijsselland, score=5 + i % 5)


def _tellen(client, urls, prefix: str = "") -> dict[str, int]:
    out = {}
    for url in urls:
        client.get(url)  # warm: a refresh of changed summary cells
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200, url
        out[prefix + url] = len(ctx.captured_queries)
    return out


def test_query_counts_do_not_grow_with_the_data(client, api_client, contractmanager, make_user, regio, toegang,
                                                toegang_kampen, aanbieder_user, ijsselland):  # fmt: skip
    product = Product.objects.get(inkoopmodel=ijsselland, code="P01-P")
    groei = (make_user, regio, toegang, toegang_kampen, aanbieder_user, ijsselland)
    _regio(*groei, 2, 0)
    client.force_login(contractmanager)
    api_client.force_authenticate(contractmanager)
    aanbieder_api = APIClient()
    aanbieder_api.force_authenticate(aanbieder_user)
    paginas = _paginas(aanbieder_user.aanbieder, product)
    api = [f"/api/v1/{u}" for u in API_LIJSTEN]
    eigen = [f"/api/v1/{u}" for u in API_AANBIEDER]

    def meten() -> dict[str, int]:
        return _tellen(client, paginas) | _tellen(api_client, api) | _tellen(aanbieder_api, eigen, "aanbieder ")

    klein = meten()
    _regio(*groei, 6, 2)
    assert Aanbieder.objects.count() >= 8 and Uitkomstmeting.objects.count() == 16
    groot = meten()
    for url, n in klein.items():
        bound = MAX_PAGINA if url in paginas else MAX_API
        assert groot[url] == n <= bound, (url, n, groot[url])
