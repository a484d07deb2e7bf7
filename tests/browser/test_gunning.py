"""Issue 17 in the browser: a competitive award. A provider reads the award criteria and tenders; the
contract manager fills the score matrix (a score outside the scale is refused), reads the ranking,
takes the award decision with its reasons per tenderer and awards definitively (framework agreements)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERIA = [
    {"code": "plan", "naam": "Plan van aanpak", "soort": "kwaliteit", "weging": 60},
    {"code": "prijs", "naam": "Prijs", "soort": "prijs", "weging": 40},
]


@pytest.fixture
def world(systeem, make_user):
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.contractering import services
    from uitkomst.organisaties.models import Regio
    from uitkomst.organisaties.services import load_reference_regions
    from uitkomst.utils import klok

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    regio = Regio.objects.get(code="ijsselland")
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    product = model.producten.get(code="P01-P")
    procedure = services.inkoopprocedure_create(
        door=systeem, inkoopmodel=model, soort="europees_openbaar", naam="Europese aanbesteding",
        toetredingsmomenten_per_jaar=0,
    )  # fmt: skip
    vandaag = klok.vandaag()
    aanbieders = [
        services.aanbieder_create(door=systeem, naam=naam, agb_code=f"7979000{n}", kvk_nummer=f"6979000{n}")
        for n, naam in enumerate(("Thuis Plus (fictief)", "Zorg Dichtbij (fictief)", "Wijkhulp (fictief)"), start=1)
    ]

    def nieuw(naam, sluiting):
        return services.aanbesteding_create(
            procedure=procedure, naam=naam, inschrijven_tot=sluiting, ingangsdatum=vandaag + dt.timedelta(days=60),
            max_aanbieders=2, producten=[product], criteria=CRITERIA, opschortende_termijn_dagen=0, door=systeem,
        )  # fmt: skip

    open_ = nieuw("Ondersteuning thuis noord", vandaag + dt.timedelta(days=5))
    gesloten = nieuw("Ondersteuning thuis zuid", vandaag - dt.timedelta(days=1))
    for a in aanbieders:
        services.inschrijving_indienen(
            aanbesteding=gesloten, aanbieder=a, datum=vandaag - dt.timedelta(days=3), door=systeem
        )
    return {
        "cm": make_user("cm", "regio-contractmanager", regio=regio),
        "provider": make_user("thuisplus", "aanbieder", aanbieder=aanbieders[0], regio=regio),
        "open": open_,
        "gesloten": gesloten,
        "aanbieders": aanbieders,
    }


def test_competitive_award_criteria_scores_ranking_and_decision(page, live_server_url, login, world):
    from uitkomst.contractering.models import Inschrijving, Raamovereenkomst

    page.set_default_timeout(30_000)  # the machine running this may be busy; nothing here is slow by design
    # 1. The provider reads the criteria with their weights and tenders before the deadline
    login(world["provider"])
    page.goto(f"{live_server_url}/contractering/aanbestedingen")
    page.get_by_role("link", name="Ondersteuning thuis noord").click()
    expect(page.locator("#criteria")).to_contain_text("Plan van aanpak")
    expect(page.locator("#criteria")).to_contain_text("60%")
    page.get_by_label("Samenvatting van uw inschrijving").fill("Wij werken wijkgericht.")
    page.get_by_role("button", name="Inschrijving indienen").click()
    expect(page.get_by_text("Uw inschrijving is ingediend.")).to_be_visible()
    expect(page.locator("#eigen")).to_contain_text("ingediend")
    assert Inschrijving.objects.filter(aanbesteding=world["open"], aanbieder=world["aanbieders"][0]).exists()

    # 2. The contract manager scores; a score outside the scale is refused and nothing is saved
    page.context.clear_cookies()
    login(world["cm"])
    page.goto(f"{live_server_url}/contractering/aanbestedingen/{world['gesloten'].uuid}")
    page.get_by_role("button", name="Voorlopig gunnen").click()
    expect(page.get_by_role("alert")).to_contain_text("elk gunningscriterium is gescoord")
    page.get_by_label("Score van Thuis Plus (fictief) op Plan van aanpak").fill("11")
    page.get_by_role("button", name="Scores opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("van 0 tot en met 10 punten")
    punten = {"Thuis Plus (fictief)": (9, 6), "Zorg Dichtbij (fictief)": (7, 9), "Wijkhulp (fictief)": (5, 5)}
    for naam, (plan, prijs) in punten.items():
        page.get_by_label(f"Score van {naam} op Plan van aanpak").fill(str(plan))
        page.get_by_label(f"Score van {naam} op Prijs").fill(str(prijs))
    page.get_by_role("button", name="Scores opslaan").click()
    expect(page.get_by_text("De scores zijn opgeslagen.")).to_be_visible()

    # 3. The ranking: 9x60+6x40 = 78, 7x60+9x40 = 78 (a shared first rank), 5x60+5x40 = 50
    ranking = page.locator("#rangschikking")
    expect(ranking.locator("tbody tr")).to_have_count(3)
    expect(ranking.locator("tbody tr").nth(2)).to_contain_text("Wijkhulp (fictief)")
    expect(ranking.locator("tbody tr").nth(2)).to_contain_text("50,00")
    expect(ranking.locator("tbody tr").nth(0)).to_contain_text("78,00")

    # 4. The award decision with reasons per tenderer, then the definitive award
    page.get_by_label("Toelichting bij het besluit").fill("Besluit van het college")
    page.get_by_role("button", name="Voorlopig gunnen").click()
    expect(page.get_by_text("Voorlopig gegund aan 2 aanbieders")).to_be_visible()
    expect(page.locator("#besluit")).to_contain_text("Besluit van het college")
    expect(ranking.locator("tbody tr").nth(2)).to_contain_text("afgewezen")
    expect(ranking.locator("tbody tr").nth(2)).to_contain_text("Rang 3 van 3, 50,00 van 100 punten")
    page.get_by_role("button", name="Definitief gunnen").click()
    expect(page.get_by_text("Definitief gegund: 2 raamovereenkomsten aangegaan.")).to_be_visible()
    expect(page.locator("#stand")).to_have_text("definitief gegund")
    assert Raamovereenkomst.objects.filter(procedure=world["gesloten"].procedure).count() == 2
