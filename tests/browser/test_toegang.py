"""Browser journeys of access and trajectories: the access worker from referral to assignment,
the four-eyes approval, and a provider accepting, starting and ending a trajectory."""

import pytest
from playwright.sync_api import expect

from tests.toegang import helpers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.organisaties.services import load_reference_regions

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    zwolle = Gemeente.objects.get(cbs_code="0193")
    aanbieder = helpers.aanbieder("Kompas Jeugdhulp")
    helpers.contracteer(aanbieder, model)
    return {"model": model, "zwolle": zwolle, "aanbieder": aanbieder}


def test_access_worker_journey_referral_to_assignment(page, live_server_url, login, make_user, world):
    user = make_user("toegang-zwolle", "gemeente-toegang", gemeente=world["zwolle"])
    login(user)
    page.get_by_role("link", name="Verwijzingen").first.click()
    page.get_by_role("link", name="Nieuwe verwijzing").click()
    page.get_by_label("BSN").fill("111222333")
    page.get_by_label("Geboortedatum").fill("2014-05-01")
    page.get_by_label("Inkoopmodel").select_option(label=world["model"].naam)
    page.get_by_label("Hulpvraag").fill("Veel ruzie thuis")
    page.get_by_role("button", name="Verwijzing vastleggen").click()
    expect(page.get_by_text("De verwijzing is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("••••••333").first).to_be_visible()

    page.get_by_label("Doelen (één per regel)").fill("Rust in huis\nWeer naar school")
    page.get_by_role("button", name="Plan vastleggen").click()
    expect(page.get_by_role("heading", name="Keuzehulp: definities uit het inkoopmodel")).to_be_visible()
    expect(page.get_by_text("Gezinscommunicatie en opvoeding").first).to_be_visible()
    product = world["model"].producten.get(code="P01-P")
    page.get_by_label("Profiel en intensiteit", exact=True).select_option(value=str(product.pk))
    page.get_by_label("Motivering", exact=True).fill("Opvoedvragen; kort en licht")
    page.get_by_role("button", name="Profiel en intensiteit vastleggen").click()
    expect(page.get_by_text("Profiel en intensiteit zijn vastgelegd.")).to_be_visible()

    page.get_by_role("link", name="Aanbieder kiezen met de cliënt").click()
    page.get_by_label(world["aanbieder"].naam).check()
    page.get_by_label("De cliënt heeft zelf deze aanbieder gekozen").check()
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_text("is verstuurd naar")).to_be_visible()
    expect(page.get_by_role("heading", name="Traject TW")).to_contain_text("toegewezen")
    expect(page.get_by_text("3.180,00").first).to_be_visible()


def test_four_eyes_approval(page, live_server_url, login, make_user, world):
    from uitkomst.trajecten import services

    creator = make_user("toegang-zwolle", "gemeente-toegang", gemeente=world["zwolle"])
    second = make_user("toegang-zwolle-2", "gemeente-toegang", gemeente=world["zwolle"])
    plan = helpers.plan(creator, world["zwolle"], world["model"], productcode="P04-I")  # segment C
    t = services.toewijzing_create(
        plan=plan, aanbieder=world["aanbieder"], startdatum=helpers.today(), keuze_door_client=True, door=creator
    )
    login(creator)
    page.goto(f"{live_server_url}/toegang/goedkeuren")
    expect(page.get_by_text("eigen toewijzing: een collega keurt goed")).to_be_visible()
    expect(page.get_by_role("button", name=f"Goedkeuren {t.nummer}")).to_have_count(0)

    login(second)
    page.goto(f"{live_server_url}/toegang/goedkeuren")
    page.get_by_role("button", name=f"Goedkeuren {t.nummer}").click()
    expect(page.get_by_text(f"Toewijzing {t.nummer} is goedgekeurd")).to_be_visible()
    t.refresh_from_db()
    assert t.goedkeuring == "goedgekeurd" and t.goedgekeurd_door == second


def test_provider_accepts_starts_and_ends(page, live_server_url, login, make_user, world):
    from uitkomst.organisaties.models import Regio
    from uitkomst.trajecten import services

    access = make_user("toegang-zwolle", "gemeente-toegang", gemeente=world["zwolle"])
    plan = helpers.plan(access, world["zwolle"], world["model"], doelen=["Rust in huis", "Weer naar school"])
    t = services.toewijzing_create(
        plan=plan, aanbieder=world["aanbieder"], startdatum=helpers.today(), keuze_door_client=True, door=access
    )
    provider = make_user(
        "aanbieder", "aanbieder", aanbieder=world["aanbieder"], regio=Regio.objects.get(code="ijsselland")
    )
    login(provider)
    page.get_by_role("link", name="Inbox").click()
    page.get_by_role("link", name=t.nummer).click()
    page.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_text("De toewijzing is geaccepteerd.")).to_be_visible()
    page.get_by_role("button", name="Starten").click()
    expect(page.get_by_text("Het traject is gestart.")).to_be_visible()

    page.get_by_label("Reden beëindiging (JZ588)").select_option("31")
    page.get_by_label("Doel: Rust in huis").select_option("behaald")
    page.get_by_label("Doel: Weer naar school").select_option("deels")
    page.get_by_role("button", name="Beëindigen").click()
    expect(page.get_by_text("Het traject is beëindigd.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Traject {t.nummer}")).to_contain_text("beëindigd")
    expect(page.get_by_text("Weer naar school: deels behaald")).to_be_visible()
    t.traject.refresh_from_db()
    assert t.traject.status == "beeindigd" and t.traject.reden_beeindiging == "31"
