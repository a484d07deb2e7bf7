"""The legitimacy page (issue 13): one row per provider, the products of one chosen provider
(``?aanbieder=<uuid>``), and the whole report per provider and product as Excel and CSV, with the same
figures as the selector; period kept in every link; a provider the reader may not see is not shown."""

from __future__ import annotations

import csv
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from uitkomst.declaraties import selectors, services

from ..conftest import PASSWORD
from . import helpers as h
from .helpers import JAAR, datum
from .test_betalen import indienen

pytestmark = pytest.mark.django_db
URL = reverse("declaraties:legitimiteit")


@pytest.fixture
def twee(maak, aanbieder_user, ander_user, financien, modellen):
    """Two providers with approved lines; the first one paid in full on one of two trajectories."""
    vol, half = maak(einde=datum(7, 1)), maak()
    d = indienen(aanbieder_user, [h.regel(vol, datum(3, 3), datum(3, 31), regelnummer=1),
                                  h.regel(vol, datum(7, 1), datum(7, 1), regelnummer=2),
                                  h.regel(half, datum(3, 3), datum(3, 31), regelnummer=3)])  # fmt: skip
    services.regels_goedkeuren(regels=d.regels.all(), door=financien)
    ander = maak(aanbieder_user=ander_user)
    d2 = indienen(ander_user, [h.regel(ander, datum(5, 1), datum(5, 31))])
    services.regels_goedkeuren(regels=d2.regels.all(), door=financien)
    return selectors.legitimiteit(user=financien)


def _pagina(client, user, **params):
    client.login(username=user.username, password=PASSWORD)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_overview_has_one_row_per_provider_and_no_products(client, financien, twee):
    assert len(twee) == 2
    html = _pagina(client, financien)
    for a in twee:
        assert a.naam in html and f"aanbieder={a.uuid}" in html
    assert "Gemiddeld tarief" not in html  # the products table only for a chosen provider
    assert "Excel" in html and "formaat=csv" in html


def test_chosen_provider_shows_its_products_and_keeps_the_period(client, financien, twee):
    eerste = twee[0]
    html = _pagina(client, financien, aanbieder=str(eerste.uuid), van=f"{JAAR}-01-01", tot=f"{JAAR}-12-31")
    assert "Gemiddeld tarief" in html and "P01-P" in html
    assert f'name="aanbieder" value="{eerste.uuid}"' in html  # the period form keeps the choice
    assert f"van={JAAR}-01-01&amp;tot={JAAR}-12-31&amp;aanbieder=" in html  # the links keep the period
    (product,) = eerste.producten
    assert str(product.verhouding).replace(".", ",") + "%" in html  # Dutch notation


def test_unknown_or_invisible_provider_is_a_notice_not_an_error(client, financien, aanbieder_user, twee):
    html = _pagina(client, financien, aanbieder=str(uuid.uuid4()))
    assert "geen goedgekeurde of betaalde regels die u mag zien" in html
    assert "Gemiddeld tarief" not in html
    html = _pagina(client, financien, aanbieder="geen-uuid")
    assert "geen goedgekeurde of betaalde regels die u mag zien" in html
    andere = next(a for a in twee if a.aanbieder_id != aanbieder_user.aanbieder_id)
    html = _pagina(client, aanbieder_user, aanbieder=str(andere.uuid))  # a provider sees only itself
    assert andere.naam not in html and "geen goedgekeurde of betaalde regels die u mag zien" in html


def test_excel_and_csv_have_the_selector_figures(client, financien, twee):
    client.login(username=financien.username, password=PASSWORD)
    response = client.get(URL, {"formaat": "xlsx", "van": f"{JAAR}-01-01", "tot": f"{JAAR}-12-31"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'{JAAR}0101-{JAAR}1231.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Per aanbieder", "Per product"]
    *per_aanbieder, totaal = list(wb["Per aanbieder"].iter_rows(min_row=5, values_only=True))
    assert totaal[0] == "Totaal" and Decimal(str(totaal[1])) == selectors.legitimiteit_totaal(twee)
    assert selectors.legitimiteit_totaal(twee) == sum(a.besteed for a in twee) > 0
    assert [(r[0], Decimal(str(r[1])), r[2]) for r in per_aanbieder] == [(a.naam, a.besteed, a.trajecten) for a in twee]
    assert wb["Per aanbieder"]["A2"].value == f"Periode: 01-01-{JAAR} t/m 31-12-{JAAR}"
    eerste = per_aanbieder[0]
    assert eerste[5] == pytest.approx(float(twee[0].aandeel_volledig) / 100)
    producten = list(wb["Per product"].iter_rows(min_row=5, values_only=True))
    verwacht = [(a.naam, p.code, p.trajecten, p.betaald) for a in twee for p in a.producten]
    assert [(r[0], r[1], r[4], Decimal(str(r[5]))) for r in producten] == verwacht
    assert wb["Per product"].cell(row=5, column=9).number_format == "0.0%"

    response = client.get(URL, {"formaat": "csv"})
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0][:3] == ["Aanbieder", "Productcode", "Product"]
    assert [(r[0], r[1], int(r[4]), Decimal(r[5])) for r in rijen[1:]] == verwacht
    assert rijen[1][3] and rijen[1][3] != twee[0].producten[0].bekostiging  # the funding's label, not its code


def test_formula_like_provider_name_is_neutralised_in_the_csv(client, financien, twee, aanbieder_user):
    a = aanbieder_user.aanbieder
    a.naam = '=HYPERLINK("http://x")'
    a.save(update_fields=["naam"])
    from django.core.cache import cache

    cache.clear()  # the cached report carries the old name until the next line change
    client.login(username=financien.username, password=PASSWORD)
    tekst = client.get(URL, {"formaat": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in tekst


def test_roles_without_the_report_are_refused(client, aanbieder_user, toegang, twee):
    client.login(username=toegang.username, password=PASSWORD)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"formaat": "xlsx"}).status_code == 403
