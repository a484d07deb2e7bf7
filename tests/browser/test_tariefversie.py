"""Issue 14: a contract manager adds a tariff version from the catalogue's product page: the form
leads to the tariff revision page, which shows the budget effect first; only "Bevestigen" saves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db, make_user):
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Regio
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    cm = make_user("cm", "regio-contractmanager", regio=Regio.objects.get(code="ijsselland"))
    product = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018").producten.get(code="P01-P")
    return {"cm": cm, "product": product}


def test_tariff_version_from_the_product_page(page, login, live_server_url, world):
    from uitkomst.utils import klok

    product = world["product"]
    versies = product.tarieven.count()
    ingang = dt.date(klok.vandaag().year + 1, 1, 1)
    login(world["cm"])
    page.goto(live_server_url + reverse("catalogus:product-detail", args=[product.uuid]))
    expect(page.get_by_role("heading", name="Tariefversie toevoegen")).to_be_visible()
    page.get_by_label("Nieuw bedrag (bijv. 38.500,00)").fill("38.500,00")
    page.get_by_label("Ingangsdatum").fill(ingang.isoformat())
    page.get_by_label("Toelichting").fill("Indexatie")
    page.get_by_role("button", name="Bekijk het effect").click()

    expect(page).to_have_url(f"{live_server_url}/sturing/tariefherziening")
    expect(page.locator("#effect")).to_contain_text("38.500")
    expect(page.locator("#f-product")).to_have_value(str(product.uuid))  # the product stays chosen
    assert product.tarieven.count() == versies  # only the effect, nothing saved
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text(f"Nieuw tarief voor P01-P: € 38.500,00 vanaf {ingang:%d-%m-%Y}.")).to_be_visible()
    assert product.tarieven.get(geldig_van=ingang).bedrag == Decimal("38500.00")

    page.goto(live_server_url + reverse("catalogus:product-detail", args=[product.uuid]))
    tabel = page.get_by_role("table", name="Tariefversies (geschiedenis blijft bewaard)")
    rij = tabel.locator("tr", has_text=f"{ingang:%d-%m-%Y}")
    expect(rij).to_contain_text("38.500,00")
    expect(rij).to_contain_text("Indexatie")


def test_a_bad_amount_is_refused_and_kept(page, login, live_server_url, world):
    product = world["product"]
    versies = product.tarieven.count()
    login(world["cm"])
    page.goto(live_server_url + reverse("catalogus:product-detail", args=[product.uuid]))
    page.get_by_label("Nieuw bedrag (bijv. 38.500,00)").fill("veel")
    page.get_by_label("Ingangsdatum").fill("2030-01-01")
    page.get_by_role("button", name="Bekijk het effect").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#f-bedrag")).to_have_value("veel")
    expect(page.get_by_role("button", name="Bevestigen")).to_have_count(0)
    assert product.tarieven.count() == versies
