"""The admin writes through the services and is scoped by the policy (issue 10, point 6)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.tweestaps import inloggen  # the TOTP step for beheerder and privacy officer
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Inkoopmodel, Product, Tarief
from uitkomst.contractering.models import Aanbieder

pytestmark = pytest.mark.django_db

D = dt.date


def _tarief_post(product, bedrag, van="2025-01-01", tot="", **extra):
    return {"product": product.pk, "bedrag": bedrag, "geldig_van": van, "geldig_tot": tot, "toelichting": "", **extra}


def _fouten(response) -> str:
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@pytest.mark.parametrize(
    "bedrag,fragment",
    [
        ("1.234", "dubbelzinnig"),  # the one money parser refuses to guess
        ("-5,00", "niet negatief"),
        ("twaalf", "geen geldig bedrag"),
        ("1e30", "geen geldig bedrag"),
    ],
)
def test_refused_tariff_shows_the_service_message_with_status_200_and_saves_nothing(
    client, beheerder, product, bedrag, fragment
):
    inloggen(client, beheerder)
    r = client.post("/beheer/catalogus/tarief/add/", _tarief_post(product, bedrag))
    assert r.status_code == 200  # not a 500
    assert fragment in _fouten(r) and fragment in r.content.decode()
    assert not Tarief.objects.filter(product=product).exists()


def test_overlapping_tariff_refused_by_the_service_not_by_a_copy_of_its_rules(client, beheerder, systeem, product):
    catalogus.tarief_create(door=systeem, product=product, bedrag="100.00", geldig_van=D(2025, 1, 1))
    inloggen(client, beheerder)
    r = client.post("/beheer/catalogus/tarief/add/", _tarief_post(product, "200,00", van="2025-06-01"))
    assert r.status_code == 200
    assert "overlapt" in _fouten(r)
    assert list(Tarief.objects.filter(product=product).values_list("bedrag", flat=True)) == [Decimal("100.00")]


def test_tariff_in_dutch_notation_is_added_through_the_service(client, contractmanager, product):
    inloggen(client, contractmanager)
    r = client.post("/beheer/catalogus/tarief/add/", _tarief_post(product, "38.500,00"))
    assert r.status_code == 302
    tarief = Tarief.objects.get(product=product)
    assert tarief.bedrag == Decimal("38500.00") and tarief.aangemaakt_door == contractmanager
    assert tarief.geldig_tot == D(2026, 12, 31)  # the service's rule: until the product's end


def test_existing_tariff_versions_are_read_only(client, beheerder, systeem, product):
    t = catalogus.tarief_create(door=systeem, product=product, bedrag="100.00", geldig_van=D(2025, 1, 1))
    inloggen(client, beheerder)
    r = client.post(f"/beheer/catalogus/tarief/{t.pk}/change/", _tarief_post(product, "1,00"))
    assert r.status_code == 403
    t.refresh_from_db()
    assert t.bedrag == Decimal("100.00")


def test_model_change_refused_by_the_service_rolls_back(client, contractmanager, model, product):
    inloggen(client, contractmanager)
    data = {
        "naam": "Korter", "wet": model.wet, "geldig_van": "2025-01-01", "geldig_tot": "2025-06-30",
        "omschrijving": "", "bron": "",
        **{f"{p}-{k}": v for p in ("intensiteiten", "profielen", "kostensegmenten", "uitsluitingen")
           for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
    }  # fmt: skip
    r = client.post(f"/beheer/catalogus/inkoopmodel/{model.pk}/change/", data)
    assert r.status_code == 200
    assert "buiten het model" in _fouten(r)
    model.refresh_from_db()
    assert model.naam == "Testmodel" and model.geldig_tot == D(2026, 12, 31)


def test_contract_manager_sees_only_the_own_regions_configuration(client, contractmanager, model, ander_model):
    inloggen(client, contractmanager)
    html = client.get("/beheer/catalogus/inkoopmodel/").content.decode()
    assert model.naam in html and ander_model.naam not in html
    ander_product = ander_model.producten.first()
    producten = client.get("/beheer/catalogus/product/", {"q": ander_product.code})
    assert producten.status_code == 200
    assert ander_product not in producten.context["cl"].result_list
    tarieven = client.get("/beheer/catalogus/tarief/").context["cl"].queryset
    assert tarieven.exists() is False or not tarieven.filter(product__inkoopmodel=ander_model).exists()
    # another region's object cannot be opened or changed either
    assert client.get(f"/beheer/catalogus/inkoopmodel/{ander_model.pk}/change/").status_code == 302  # "not found"
    assert client.get(f"/beheer/catalogus/product/{ander_product.pk}/change/").status_code == 302


def test_the_superuser_sees_every_region(client, beheerder, model, ander_model):
    inloggen(client, beheerder)
    result = client.get("/beheer/catalogus/inkoopmodel/").context["cl"].queryset
    assert {model, ander_model} <= set(result)


def test_another_regions_model_is_no_choice_for_a_new_product(client, contractmanager, ander_model):
    inloggen(client, contractmanager)
    r = client.post(
        "/beheer/catalogus/product/add/",
        {"inkoopmodel": ander_model.pk, "code": "X1", "naam": "Sluiproute", "soort": "regulier",
         "bekostiging": "traject", "tariefeenheid": "traject", "ijw_eenheid": "83", "productcategorie": "45",
         "tarieven-TOTAL_FORMS": "0", "tarieven-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert r.status_code == 200
    assert "inkoopmodel" in r.context["adminform"].form.errors
    assert not Product.objects.filter(code="X1").exists()


def test_contract_manager_may_use_the_admin_without_django_permissions(client, contractmanager):
    inloggen(client, contractmanager)
    index = client.get("/beheer/")
    assert index.status_code == 200
    apps = {a["app_label"] for a in index.context["app_list"]}
    assert "catalogus" in apps and "contractering" in apps
    assert "accounts" not in apps  # users and roles: the installation only
    assert client.get("/beheer/accounts/gebruiker/").status_code == 403


def test_read_only_models_refuse_changes(client, beheerder):
    inloggen(client, beheerder)
    assert client.get("/beheer/contractering/raamovereenkomst/add/").status_code == 403
    assert client.get("/beheer/declaraties/declaratie/add/").status_code == 403
    assert client.get("/beheer/trajecten/traject/add/").status_code == 403


def test_provider_added_through_the_service_with_its_dutch_messages(client, contractmanager):
    inloggen(client, contractmanager)
    data = {
        "naam": "Nieuwe Hulp", "agb_code": "123", "kvk_nummer": "12345678", "grootte": "klein",
        "omschrijving": "", "website": "",
        **{f"{p}-{k}": v for p in ("vestigingen", "contactpersonen", "kwaliteitsbewijzen")
           for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
    }  # fmt: skip
    r = client.post("/beheer/contractering/aanbieder/add/", data)
    assert r.status_code == 200
    assert "agb_code" in r.context["adminform"].form.errors
    assert not Aanbieder.objects.filter(naam="Nieuwe Hulp").exists()


def test_model_in_another_region_cannot_be_created(client, contractmanager, andere_regio):
    inloggen(client, contractmanager)
    data = {
        "regio": andere_regio.pk, "code": "sluip", "naam": "Sluipmodel", "wet": "jeugdwet",
        "geldig_van": "2025-01-01", "geldig_tot": "", "omschrijving": "", "bron": "",
        **{f"{p}-{k}": v for p in ("intensiteiten", "profielen", "kostensegmenten", "uitsluitingen")
           for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
    }  # fmt: skip
    r = client.post("/beheer/catalogus/inkoopmodel/add/", data)
    assert r.status_code == 200 and "regio" in r.context["adminform"].form.errors
    assert not Inkoopmodel.objects.filter(code="sluip").exists()


@pytest.mark.parametrize("wie", ["beheerder", "contractmanager"])
def test_every_admin_page_renders(client, request, wie, product):
    from django.contrib import admin

    user = request.getfixturevalue(wie)
    inloggen(client, user)
    for model, model_admin in admin.site._registry.items():
        base = f"/beheer/{model._meta.app_label}/{model._meta.model_name}/"
        r = client.get(base)
        assert r.status_code in (200, 403), (base, r.status_code)
        if r.status_code == 403:
            continue
        if model_admin.has_add_permission(r.wsgi_request):
            assert client.get(base + "add/").status_code == 200, base
        obj = model_admin.get_queryset(r.wsgi_request).first()
        if obj is not None:
            assert client.get(f"{base}{obj.pk}/change/").status_code == 200, base


def test_user_created_through_the_service_which_demands_the_roles_organisation(client, beheerder, zwolle):
    from uitkomst.accounts.models import Gebruiker, Rol

    inloggen(client, beheerder)
    rol = Rol.objects.get(code="gemeente-toegang")
    data = {"username": "nieuw", "usable_password": "true", "password1": "Een-lang-wachtwoord-1",
            "password2": "Een-lang-wachtwoord-1", "rol": rol.pk, "verwijzer_code": ""}  # fmt: skip
    r = client.post("/beheer/accounts/gebruiker/add/", data)
    assert r.status_code == 200 and "vraagt om een gemeente" in _fouten(r)
    assert not Gebruiker.objects.filter(username="nieuw").exists()
    r = client.post("/beheer/accounts/gebruiker/add/", {**data, "gemeente": zwolle.pk})
    assert r.status_code == 302
    nieuw = Gebruiker.objects.get(username="nieuw")
    assert nieuw.gemeente == zwolle and nieuw.regio == zwolle.regio and nieuw.check_password("Een-lang-wachtwoord-1")
