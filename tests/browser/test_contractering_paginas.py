"""Issue 14 (5) in the browser: the contract manager opens an entry round choosing its procedure, a
provider applies and uploads a PDF as evidence, the contract manager assesses it (expired evidence is
refused without a recorded reason, accepted with one), and an agreement page offers only the actions
that fit its status derived from the dates."""

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(systeem, make_user, settings, tmp_path):
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.contractering import services
    from uitkomst.organisaties.models import Regio
    from uitkomst.organisaties.services import load_reference_regions

    settings.VAR_DIR = tmp_path  # uploaded evidence lands here, not in the checkout's var/
    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    regio = Regio.objects.get(code="ijsselland")
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    for soort, naam in (("open_house", "Open house 2018"), ("sociaal_contracteren", "Sociaal contracteren")):
        services.inkoopprocedure_create(door=systeem, inkoopmodel=model, soort=soort, naam=naam)
    skj = services.kwaliteitseis_save(door=systeem, code="skj-big", naam="Geregistreerde professionals", wet="jeugdwet")
    vog = services.kwaliteitseis_save(door=systeem, code="vog", naam="VOG", wet="jeugdwet")
    vlinder = services.aanbieder_create(
        door=systeem, naam="De Vlinder Jeugdhulp", agb_code="77770001", kvk_nummer="60000001"
    )
    services.kwaliteitsbewijs_add(
        door=systeem, aanbieder=vlinder, kwaliteitseis=skj, omschrijving="SKJ-register", geldig_van=dt.date(2024, 1, 1)
    )
    return {
        "cm": make_user("cm", "regio-contractmanager", regio=regio),
        "provider": make_user("vlinder", "aanbieder", aanbieder=vlinder, regio=regio),
        "aanbieder": vlinder,
        "model": model,
        "vog": vog,
    }


def _login_fresh(page, login, user):
    page.context.clear_cookies()
    return login(user)


def test_entry_round_application_evidence_and_assessment(page, live_server_url, login, world):
    from uitkomst.contractering.models import Aanmelding, Kwaliteitsbewijs, Toetredingsronde
    from uitkomst.utils import klok

    vandaag = klok.vandaag()
    verlopen = vandaag - dt.timedelta(days=20)

    # 1. The contract manager opens a round, choosing the procedure from a list (never typing an id)
    login(world["cm"])
    page.goto(f"{live_server_url}/contractering/rondes")
    keuze = page.get_by_label("Inkoopprocedure")
    expect(keuze.locator("option")).to_have_count(2)
    keuze.select_option(label=f"{world['model'].naam} – Sociaal contracteren")
    page.get_by_label("Naam van de ronde").fill("Toetreding voorjaar")
    page.get_by_label("Aanmelden vanaf").fill(vandaag.isoformat())
    page.get_by_label("Aanmelden tot en met").fill((vandaag + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Beoordelen tot en met").fill((vandaag + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Ingangsdatum contract").fill((vandaag + dt.timedelta(days=45)).isoformat())
    page.get_by_role("button", name="Ronde openen").click()
    expect(page.get_by_text("De toetredingsronde 'Toetreding voorjaar' is geopend.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toetreding voorjaar")
    expect(page.locator("#stand")).to_have_text("open voor aanmelden")
    expect(page.locator("#eisen")).to_contain_text("VOG")
    ronde = Toetredingsronde.objects.get(naam="Toetreding voorjaar")
    assert ronde.procedure.naam == "Sociaal contracteren"

    # 2. The provider applies in the page and uploads an (expired) VOG as a PDF
    _login_fresh(page, login, world["provider"])
    page.goto(f"{live_server_url}/contractering/rondes")
    page.locator("#rondes").get_by_role("link", name="Toetreding voorjaar").click()
    expect(page.get_by_role("heading", name="Aanmelden als De Vlinder Jeugdhulp")).to_be_visible()
    page.get_by_label("P01-P", exact=False).first.check()
    page.get_by_role("button", name="Aanmelding indienen").click()
    # a newcomer during the term must describe its complementary offer: refused, the choice is kept
    expect(page.get_by_role("alert")).to_contain_text("aanvullend aanbod")
    expect(page.get_by_label("P01-P", exact=False).first).to_be_checked()
    page.get_by_label("Aanvullend aanbod (verplicht voor een nieuwkomer)").fill("Avond- en weekendaanbod")
    page.get_by_role("button", name="Aanmelding indienen").click()
    expect(page.get_by_text("Uw aanmelding is ingediend.")).to_be_visible()
    aanmelding = Aanmelding.objects.get(ronde=ronde, aanbieder=world["aanbieder"])

    page.goto(f"{live_server_url}/contractering/aanbieders/{world['aanbieder'].uuid}/bewijzen")
    page.get_by_label("Kwaliteitseis").select_option(value=str(world["vog"].pk))
    page.get_by_label("Omschrijving (bijv. certificaat en nummer)").fill("VOG rechtspersoon 4711")
    page.get_by_label("Geldig vanaf").fill("2023-01-01")
    page.get_by_label("Geldig tot en met (leeg: onbepaald)").fill(verlopen.isoformat())
    page.get_by_label("Bestand (PDF, PNG of JPEG)").set_input_files(
        files=[{"name": "vog.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Bewijs vastleggen").click()
    expect(page.get_by_text("Het kwaliteitsbewijs is vastgelegd.")).to_be_visible()
    bewijs = Kwaliteitsbewijs.objects.get(aanbieder=world["aanbieder"], kwaliteitseis=world["vog"])
    assert bewijs.bestandsnaam == "vog.pdf" and bewijs.bestand.read() == PDF

    # 3. The contract manager assesses: the expiry is shown; 'voldaan' on expired evidence needs a reason
    _login_fresh(page, login, world["cm"])
    page.goto(f"{live_server_url}/contractering/rondes/{ronde.uuid}")
    page.locator("#aanmeldingen").get_by_role("link", name="De Vlinder Jeugdhulp").click()
    vog_rij = page.locator("#beoordeling tbody tr", has_text="VOG rechtspersoon 4711")
    expect(vog_rij).to_contain_text(f"verlopen op {verlopen:%d-%m-%Y}")
    with page.expect_download() as download:
        vog_rij.get_by_role("link", name="bestand").click()
    assert download.value.suggested_filename == "vog.pdf"

    for rij in page.locator("#beoordeling tbody tr").all():
        rij.get_by_label("voldaan", exact=True).check()
    page.get_by_role("button", name="Beoordeling opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text(f"verlopen op {verlopen:%d-%m-%Y}")
    assert not aanmelding.beoordelingen.exists()
    # what was chosen stays chosen after the refusal
    for rij in page.locator("#beoordeling tbody tr").all():
        expect(rij.get_by_label("voldaan", exact=True)).to_be_checked()

    page.get_by_label("Reden om het verlopen bewijs toch te aanvaarden (VOG)").fill(
        "Nieuwe VOG aangevraagd; ontvangstbewijs van Justis gezien"
    )
    page.get_by_role("button", name="Beoordeling opslaan").click()
    expect(page.get_by_text("De beoordeling is opgeslagen.")).to_be_visible()
    expect(page.locator("#status")).to_have_text("in beoordeling")
    expect(page.locator("#beoordeling")).to_contain_text("Verlopen bewijs aanvaard: Nieuwe VOG aangevraagd")
    oordeel = aanmelding.beoordelingen.get(kwaliteitseis=world["vog"])
    assert oordeel.voldaan and oordeel.reden_verlopen_bewijs.startswith("Nieuwe VOG")


@pytest.mark.parametrize(
    ("jaren", "status", "knoppen"),
    [
        (-5, "verlopen", []),  # ended years ago: nothing to change
        (-1, "actief", ["Verlengen", "Opschorten", "Beëindigen"]),
        (1, "toekomstig", ["Beëindigen"]),  # not started: it cannot be extended or suspended yet
    ],
)
def test_agreement_page_offers_only_the_actions_of_its_status(page, live_server_url, login, world, systeem, jaren,
                                                              status, knoppen):  # fmt: skip
    from uitkomst.contractering import services
    from uitkomst.utils import klok

    start = dt.date(klok.vandaag().year + jaren, 1, 1)
    overeenkomst = services.raamovereenkomst_create(
        door=systeem,
        aanbieder=world["aanbieder"],
        inkoopmodel=world["model"],
        producten=[world["model"].producten.get(code="P01-P")],
        ingangsdatum=start,
        initiele_looptijd_maanden=24,
        verlengopties=0 if jaren < -2 else 2,
    )
    login(world["cm"])
    page.goto(f"{live_server_url}/contractering/raamovereenkomsten/{overeenkomst.uuid}")
    expect(page.locator("#status")).to_have_text(status)
    alle = ("Verlengen", "Opschorten", "Hervatten", "Beëindigen")
    for naam in alle:
        expect(page.get_by_role("button", name=naam, exact=True)).to_have_count(1 if naam in knoppen else 0)
    if not knoppen:
        expect(page.locator("#geen-acties")).to_contain_text(f"Deze raamovereenkomst is {status}")
        return
    if status == "actief":  # suspending makes it 'opgeschort': then only resume or terminate fit
        page.locator("#op-reden").fill("Onderzoek naar de kwaliteit")
        page.get_by_role("button", name="Opschorten", exact=True).click()
        expect(page.get_by_text("De wijziging is vastgelegd.")).to_be_visible()
        expect(page.locator("#status")).to_have_text("opgeschort")
        for naam in alle:
            verwacht = 1 if naam in ("Hervatten", "Beëindigen") else 0
            expect(page.get_by_role("button", name=naam, exact=True)).to_have_count(verwacht)
