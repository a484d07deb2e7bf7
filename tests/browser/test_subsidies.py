"""Issue 17 (1) in the browser: a subsidy from scheme to settlement through the pages, each step by
its own role. The contract manager sets a scheme with its ceiling, the provider applies, the contract
manager grants with results, obligations, conditions and advances (a grant above the ceiling is refused
on the form first, nothing saved), finance pays the advances, the provider reports the results and the
contract manager settles with a reclaim; the status history shows every step."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(make_user):
    from tests.toegang import helpers
    from uitkomst.accounts.services import load_roles
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    zwolle = Gemeente.objects.get(cbs_code="0193")
    aanbieder = helpers.aanbieder("Het Baken Opvang")
    return {
        "aanbieder": aanbieder,
        "cm": make_user("cm", "regio-contractmanager", regio=zwolle.regio),
        "provider": make_user("baken", "aanbieder", aanbieder=aanbieder, regio=zwolle.regio),
        "finance": make_user("financien", "gemeente-financien", gemeente=zwolle),
    }


def _als(page, login, user):
    page.context.clear_cookies()
    return login(user)


def test_subsidy_from_scheme_to_settlement_with_a_reclaim(page, live_server_url, login, world):
    from uitkomst.subsidies.models import Subsidieregeling, Subsidieverlening
    from uitkomst.utils import klok

    jaar = klok.vandaag().year
    page.set_default_timeout(30_000)  # six role changes on a shared 2-core machine
    naam = "Beschermd wonen en maatschappelijke opvang"

    # 1. the contract manager sets the scheme with its ceiling
    login(world["cm"])
    page.goto(f"{live_server_url}/subsidies/")
    page.get_by_role("link", name="Nieuwe subsidieregeling").click()
    page.get_by_label("Gemeente").select_option(label="Zwolle")
    page.get_by_label("Naam van de regeling").fill(naam)
    page.get_by_label("Wet").select_option(value="wmo")
    page.get_by_label("Doel (wat de regeling moet bereiken)").fill("Herstel en uitstroom naar zelfstandig wonen")
    page.get_by_label("Eerste subsidiejaar").fill(str(jaar))
    page.get_by_label("Subsidieplafond per jaar (euro)").fill("250.000,00")
    page.get_by_role("button", name="Regeling vastleggen").click()
    expect(page.get_by_text(f"De subsidieregeling '{naam}' is vastgelegd.")).to_be_visible()
    expect(page.locator("#plafond")).to_have_text("€\u00a0250.000,00")
    regeling = Subsidieregeling.objects.get(naam=naam)

    # 2. the provider finds the scheme and applies for itself
    _als(page, login, world["provider"])
    page.goto(f"{live_server_url}/subsidies/")
    page.locator("#regelingen").get_by_role("link", name=naam).click()
    page.get_by_role("link", name="Subsidie aanvragen").click()
    expect(page.locator("#aanbieder")).to_have_text(world["aanbieder"].naam)
    page.get_by_label("Subsidiejaar").select_option(str(jaar))
    page.get_by_label("Aangevraagd bedrag (euro)").fill("300.000,00")
    page.get_by_label("Toelichting (wat u met de subsidie gaat bereiken)").fill("Twintig plaatsen")
    page.get_by_role("button", name="Aanvraag indienen").click()
    expect(page.get_by_text("De subsidieaanvraag is ingediend.")).to_be_visible()
    expect(page.locator("#status")).to_have_text("ingediend")

    # 3. the contract manager grants: first above the ceiling (refused on the form), then within it
    _als(page, login, world["cm"])
    page.goto(f"{live_server_url}/subsidies/regelingen/{regeling.uuid}")
    page.locator("#aanvragen").get_by_role("link", name=world["aanbieder"].naam).click()
    page.get_by_role("link", name="Verlenen").click()
    expect(page.locator("#resterend")).to_have_text("€\u00a0250.000,00")
    expect(page.get_by_label("Verleend bedrag (euro)")).to_have_value("300000,00")  # the amount applied for
    page.get_by_label("Indicator 1", exact=True).fill("plaatsen")
    page.get_by_label("Omschrijving 1", exact=True).fill("Bezette plaatsen beschermd wonen")
    page.get_by_label("Eenheid 1", exact=True).fill("plaatsen")
    page.get_by_label("Streefwaarde 1", exact=True).fill("20")
    page.get_by_label("Indicator 2", exact=True).fill("uitstroom")
    page.get_by_label("Omschrijving 2", exact=True).fill("Uitstroom naar zelfstandig wonen")
    page.get_by_label("Streefwaarde 2", exact=True).fill("6")
    page.get_by_label("Soort 1", exact=True).select_option(value="verplichting")
    page.get_by_label("Omschrijving verplichting 1", exact=True).fill("Halfjaarlijkse voortgangsrapportage")
    page.get_by_label("Soort 2", exact=True).select_option(value="voorwaarde")
    page.get_by_label("Omschrijving verplichting 2", exact=True).fill("Kwaliteitskader Beschermd Wonen")
    page.get_by_label("Gepland op 1", exact=True).fill(f"{jaar}-01-01")
    page.get_by_label("Bedrag voorschot 1", exact=True).fill("125.000,00")
    page.get_by_label("Gepland op 2", exact=True).fill(f"{jaar}-07-01")
    page.get_by_label("Bedrag voorschot 2", exact=True).fill("125.000,00")
    page.get_by_role("button", name="Subsidie verlenen").click()
    fout = page.get_by_role("alert")
    expect(fout).to_contain_text("Het subsidieplafond van")
    expect(fout).to_contain_text("er is nog € 250.000,00 over")
    expect(page.get_by_label("Verleend bedrag (euro)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Omschrijving verplichting 2", exact=True)).to_have_value(
        "Kwaliteitskader Beschermd Wonen"
    )  # what was typed is kept
    assert not Subsidieverlening.objects.exists()
    page.get_by_label("Verleend bedrag (euro)").fill("250.000,00")
    page.get_by_role("button", name="Subsidie verlenen").click()
    expect(page.get_by_text("De subsidie is verleend.")).to_be_visible()
    expect(page.locator("#status")).to_have_text("verleend")
    expect(page.locator("#prestaties")).to_contain_text("nog niet verantwoord")
    expect(page.get_by_text("Halfjaarlijkse voortgangsrapportage")).to_be_visible()
    verlening = Subsidieverlening.objects.get()

    # 4. finance pays both advances
    _als(page, login, world["finance"])
    page.goto(f"{live_server_url}/subsidies/verleningen/{verlening.uuid}")
    page.get_by_label("Betaaldatum voorschot 1").fill(f"{jaar}-01-02")
    page.get_by_role("button", name="Voorschot 1 betalen").click()
    expect(page.get_by_text("Voorschot 1 is betaald.")).to_be_visible()
    page.get_by_role("button", name="Voorschot 2 betalen").click()
    expect(page.get_by_text("Voorschot 2 is betaald.")).to_be_visible()
    expect(page.locator("#betaald")).to_have_text("€\u00a0250.000,00")
    expect(page.get_by_role("link", name="Vaststellen")).to_have_count(0)

    # 5. the provider reports the results of the year
    _als(page, login, world["provider"])
    page.goto(f"{live_server_url}/subsidies/verleningen/{verlening.uuid}")
    page.get_by_role("link", name="Verantwoorden").click()
    expect(page.get_by_label("Verantwoordingsjaar")).to_have_value(str(jaar))
    page.get_by_label("Bezette plaatsen beschermd wonen", exact=False).fill("18")
    page.get_by_label("Uitstroom naar zelfstandig wonen", exact=False).fill("3")
    page.get_by_role("button", name="Verantwoording indienen").click()
    expect(page.get_by_text("De verantwoording is ingediend.")).to_be_visible()
    expect(page.locator("#status")).to_have_text("verantwoord")
    expect(page.locator("#prestaties")).to_contain_text("90%")  # 18 of 20 places

    # 6. the contract manager settles below the advances: the difference is reclaimed
    _als(page, login, world["cm"])
    page.goto(f"{live_server_url}/subsidies/verleningen/{verlening.uuid}")
    page.get_by_role("link", name="Vaststellen").click()
    page.get_by_label("Vastgesteld bedrag (euro)").fill("225.000,00")
    page.get_by_label("Toelichting").fill("Minder uitstroom dan afgesproken")
    page.get_by_role("button", name="Vaststellen").click()
    expect(page.get_by_text("De subsidie is vastgesteld.")).to_be_visible()
    expect(page.locator("#status")).to_have_text("vastgesteld")
    expect(page.locator("#terugvordering")).to_have_text("€\u00a025.000,00")
    expect(page.locator("#nabetaling")).to_have_text("€\u00a00,00")
    historie = page.locator("#historie")
    for stap in ("verantwoord", "vastgesteld", "Voorschot 2", "Vastgesteld op € 225.000,00"):
        expect(historie).to_contain_text(stap)
    verlening.refresh_from_db()
    assert verlening.status == "vastgesteld" and verlening.vaststelling.terugvordering == 25000
