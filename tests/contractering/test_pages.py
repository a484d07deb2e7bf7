import io

import openpyxl
import pytest

from uitkomst.demo.contractering import demo_contractering_build
from uitkomst.demo.services import _providers

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(ijsselland, reference_models):
    import random

    providers = _providers(random.Random(1))
    demo_contractering_build(seed=1, providers=providers)
    return providers


def test_overview_needs_contract_manager(client, demo, make_user, zwolle):
    assert client.get("/contractering/").status_code == 302  # to the login page
    client.force_login(make_user("tz", "gemeente-toegang", gemeente=zwolle))
    assert client.get("/contractering/").status_code == 403


def test_overview_shows_matrix_expiring_and_round(client, demo, contractmanager):
    client.force_login(contractmanager)
    html = client.get("/contractering/").content.decode()
    assert 'id="contractmatrix"' in html and 'id="aflopend"' in html and 'id="aanmeldingen"' in html
    assert "besluit over verlenging nodig" in html
    assert "Demo: toetredingsronde" in html


def test_demo_has_many_providers_for_common_and_few_for_rare_profiles(demo, ijsselland):
    from uitkomst.contractering.selectors import contractmatrix

    matrix = contractmatrix(inkoopmodel=ijsselland)
    per_profile = {}
    for _, cells in matrix.rijen:
        for col, cell in zip(matrix.kolommen, cells, strict=True):
            per_profile[col.code] = per_profile.get(col.code, 0) + bool(cell)
    assert per_profile["P02"] >= 15 and per_profile["P06"] <= 4 and per_profile["P11"] <= 4
    assert all(per_profile[c] >= 1 for c in per_profile)


def test_exports_excel_and_csv(client, demo, contractmanager):
    client.force_login(contractmanager)
    r = client.get("/contractering/export/matrix.xlsx")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws.cell(row=2, column=1).value == "Aanbieder" and ws.max_row > 20
    r = client.get("/contractering/export/aflopend.csv")
    assert r.status_code == 200 and "Einddatum" in r.content.decode("utf-8-sig")
    assert client.get("/contractering/rapportage").status_code == 200


def test_keuzehulp_is_public_and_shows_no_prices(client, demo, ijsselland):
    r = client.get("/keuzehulp/")
    assert r.status_code == 200
    product = ijsselland.producten.get(code="P02-P")
    html = client.get(f"/keuzehulp/{product.uuid}").content.decode()
    assert "gecontracteerde aanbieders" in html and "Specialismen" in html and "Uitkomsten" in html
    main = html[html.index("<main") : html.index("</main>")]
    assert "€" not in main and "tarief" not in main.lower()


def test_provider_page_only_for_itself(client, demo, make_user, regio):
    own, other = demo[0], demo[1]
    client.force_login(make_user("ab", "aanbieder", aanbieder=own, regio=regio))
    assert client.get(f"/contractering/aanbieders/{own.uuid}").status_code == 200
    assert client.get(f"/contractering/aanbieders/{other.uuid}").status_code == 403
