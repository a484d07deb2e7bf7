"""Issue 14: a tariff version added from the catalogue's product page, through the steering tariff
revision page (effect first, then confirm), on a fresh test database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from uitkomst.catalogus.models import Tarief
from uitkomst.sturing import services as sturing
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError

pytestmark = pytest.mark.django_db


def _formulier(html: str) -> dict:
    """The hidden fields the product page's form posts (its own fields, not a guess)."""
    import re

    form = html[html.index('id="tariefversie"') :]
    form = form[: form.index("</form>")]
    velden = dict(re.findall(r'<input type="hidden" name="(model|product)" value="([^"]+)"', form))
    assert set(velden) == {"model", "product"}
    return velden


def test_product_page_form_shows_effect_then_confirms_a_new_version(client, contractmanager, ijsselland):
    product = ijsselland.producten.get(code="P01-P")
    assert client.login(username=contractmanager.username, password=PASSWORD)
    html = client.get(reverse("catalogus:product-detail", args=[product.uuid])).content.decode()
    velden = _formulier(html)
    assert velden == {"model": str(ijsselland.uuid), "product": str(product.uuid)}
    ingang = dt.date(klok.vandaag().year + 1, 1, 1)
    data = {**velden, "bedrag": "38.500,00", "ingangsdatum": ingang.isoformat(), "toelichting": "Indexatie"}
    versies = product.tarieven.count()

    r = client.post(reverse("sturing:tariefherziening"), {**data, "actie": "bekijken"})
    page = r.content.decode().replace("\xa0", " ")  # amounts keep euro sign and figure together
    assert r.status_code == 200, page[:2000]
    assert 'id="effect"' in page and "→ € 38.500" in page and 'value="bevestigen"' in page
    assert f'<option value="{product.uuid}" selected>' in page  # the product chosen on its page stays chosen
    assert product.tarieven.count() == versies  # nothing saved yet

    r = client.post(reverse("sturing:tariefherziening"), {**data, "actie": "bevestigen"})
    assert r.status_code == 302
    nieuw = product.tarieven.get(geldig_van=ingang)
    assert nieuw.bedrag == Decimal("38500.00") and nieuw.toelichting == "Indexatie"
    assert nieuw.status == Tarief.Status.VASTGESTELD
    vorige = product.tarieven.exclude(pk=nieuw.pk).order_by("-geldig_van").first()
    assert vorige.geldig_tot == ingang - dt.timedelta(days=1)  # the running version ends the day before
    html = client.get(reverse("catalogus:product-detail", args=[product.uuid])).content.decode().replace("\xa0", " ")
    assert f"{ingang:%d-%m-%Y}" in html and "€ 38.500,00" in html  # the new version in the catalogue


def test_bad_amount_is_refused_with_its_code_and_nothing_is_saved(client, contractmanager, ijsselland):
    product = ijsselland.producten.get(code="P01-P")
    ingang = dt.date(klok.vandaag().year + 1, 1, 1)
    with pytest.raises(DomainError) as err:
        sturing.tariefeffect(product=product, bedrag="veel", ingangsdatum=ingang, door=contractmanager)
    assert err.value.code == "ongeldig_bedrag"
    with pytest.raises(DomainError) as err:
        sturing.tarief_herzien(product=product, bedrag="12,345", ingangsdatum=ingang, door=contractmanager)
    assert err.value.code == "ongeldig_bedrag"

    assert client.login(username=contractmanager.username, password=PASSWORD)
    versies = product.tarieven.count()
    data = {"model": str(ijsselland.uuid), "product": str(product.uuid), "bedrag": "veel",
            "ingangsdatum": ingang.isoformat()}  # fmt: skip
    for actie in ("bekijken", "bevestigen"):
        r = client.post(reverse("sturing:tariefherziening"), {**data, "actie": actie})
        page = r.content.decode()
        assert r.status_code == 400 and 'id="fout"' in page and 'id="effect"' not in page
        assert 'value="veel"' in page  # what was typed is kept
    assert product.tarieven.count() == versies
