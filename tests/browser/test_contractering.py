"""A contract manager assesses an application into an agreement; a client uses the keuzehulp."""

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(systeem, db):
    from django.utils import timezone

    from tests.conftest import PASSWORD
    from uitkomst.accounts.services import gebruiker_create, load_roles
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.contractering import services
    from uitkomst.organisaties.models import Gemeente, Regio
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()
    load_roles()
    load_all()
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    today = timezone.localdate()
    cm = gebruiker_create(
        username="cm",
        password=PASSWORD,
        rol_code="regio-contractmanager",
        regio=Regio.objects.get(code="ijsselland"),
        check_password=False,
    )
    procedure = services.inkoopprocedure_create(
        door=systeem, inkoopmodel=model, soort="sociaal_contracteren", naam="Sociaal"
    )
    for code, naam in (("skj", "Geregistreerde professionals"), ("vog", "VOG")):
        services.kwaliteitseis_save(door=systeem, code=code, naam=naam, wet="jeugdwet")
    ronde = services.toetredingsronde_create(
        door=systeem,
        procedure=procedure,
        naam="Ronde nu",
        aanmelden_van=today - dt.timedelta(days=3),
        aanmelden_tot=today + dt.timedelta(days=10),
        beoordelen_tot=today + dt.timedelta(days=20),
        ingangsdatum=today + dt.timedelta(days=21),
    )
    zwolle = Gemeente.objects.get(cbs_code="0193")
    nieuw = services.aanbieder_create(
        door=systeem, naam="Kraanvogel Jeugdhulp", agb_code="98765432", kvk_nummer="12345678", werkgebied=[zwolle]
    )
    services.vestiging_add(door=systeem, aanbieder=nieuw, naam="Kraanvogel Zwolle", plaats="Zwolle", gemeente=zwolle)
    product = model.producten.get(code="P06-P")
    aanmelding = services.aanmelding_indienen(
        door=systeem, ronde=ronde, aanbieder=nieuw, producten=[product], aanvullend_aanbod="NAH-expertise aan huis"
    )
    return {"cm": cm, "aanmelding": aanmelding, "product": product, "ronde": ronde}


def test_contract_manager_admits_application_then_client_finds_provider(page, live_server_url, login, setup):
    login(setup["cm"])
    page.goto(f"{live_server_url}/contractering/")
    page.locator("#aanmeldingen").get_by_role("link", name="Kraanvogel Jeugdhulp").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kraanvogel Jeugdhulp")

    # Assess every requirement as met (keyboard-accessible radio buttons with labels)
    for row in page.locator("#beoordeling tbody tr").all():
        row.get_by_label("voldaan", exact=True).check()
    page.get_by_role("button", name="Beoordeling opslaan").click()
    expect(page.locator("#status")).to_have_text("in beoordeling")

    # Admitting before judging the complementary offer is refused with a reason
    page.get_by_label("toelaten").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("aanvullend aanbod")

    page.get_by_label("aangetoond", exact=True).check()
    page.get_by_label("Toelichting oordeel").fill("Vult het dun bezette profiel 6 aan.")
    page.get_by_role("button", name="Oordeel vastleggen").click()
    page.get_by_label("toelaten").check()
    page.get_by_label("Redenen").fill("Voldoet aan alle eisen.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#status")).to_have_text("toegelaten")
    page.get_by_role("link", name="Bekijk de raamovereenkomst").click()
    expect(page.locator("#historie")).to_contain_text("aangemaakt")

    # A client (not logged in) uses the keuzehulp on the day the agreement starts
    import time_machine

    page.context.clear_cookies()
    start = setup["ronde"].ingangsdatum
    with time_machine.travel(dt.datetime.combine(start, dt.time(12)), tick=True):
        page.goto(f"{live_server_url}/keuzehulp/")
        page.get_by_role("link", name="Lichamelijke beperking en niet-aangeboren hersenletsel – Perspectief").click()
        page.get_by_label("Uw gemeente").select_option("0193")
        page.get_by_role("button", name="Toon aanbieders").click()
        expect(page.locator("#aantal")).to_contain_text("1 gecontracteerde aanbieder")
        card = page.locator("#aanbieders .aanbieder").first
        expect(card).to_contain_text("Kraanvogel Jeugdhulp")
        expect(card).to_contain_text("Kraanvogel Zwolle (Zwolle)")
        expect(page.locator("main")).not_to_contain_text("€")
