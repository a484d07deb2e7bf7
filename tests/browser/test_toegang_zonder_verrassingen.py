"""Issue 14 (6) in the browser: access without surprises. The access worker opening a referral of a
client with running care sees it at once and asks for an exception to 'no stacking' with a reason; a
second access worker of the same municipality finds it in the approval queue and approves it (the one
who asked cannot); the GP's short referral asks no purchasing model."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.toegang import helpers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db, make_user):
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
    return {
        "model": model,
        "zwolle": zwolle,
        "aanbieder": aanbieder,
        "toegang": make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle),
        "collega": make_user("toegang-zwolle-2", "gemeente-toegang", gemeente=zwolle),
    }


@pytest.fixture
def tweede_verwijzing(world):
    """A client with a running trajectory, referred a second time in the same purchasing model."""
    from uitkomst.trajecten import services

    plan = helpers.plan(world["toegang"], world["zwolle"], world["model"])
    services.toewijzing_create(
        plan=plan, aanbieder=world["aanbieder"], startdatum=helpers.today(), keuze_door_client=True,
        door=world["toegang"],
    )  # fmt: skip
    return helpers.verwijzing(world["toegang"], world["zwolle"], world["model"])  # the same BSN


def _login_fresh(page, login, user):
    page.context.clear_cookies()
    return login(user)


def test_exception_to_stacking_with_reason_and_second_approver(page, live_server_url, login, world,
                                                               tweede_verwijzing):  # fmt: skip
    from uitkomst.trajecten.models import StapelingUitzondering

    # The referral shows the running care straight away, with the way out
    login(world["toegang"])
    page.goto(f"{live_server_url}/toegang/verwijzingen/{tweede_verwijzing.uuid}")
    panel = page.locator("#lopende-zorg")
    expect(panel.get_by_role("heading")).to_have_text("Deze cliënt heeft al zorg binnen dit inkoopmodel")
    expect(panel).to_contain_text(world["aanbieder"].naam)
    panel.get_by_role("link", name="Bestaande toewijzing wijzigen of uitzondering aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lopende zorg van deze cliënt")
    expect(page.locator("#lopend")).to_contain_text(world["aanbieder"].naam)

    # An exception without a reason is refused; with one it is recorded and waits for a colleague
    page.get_by_role("button", name="Uitzondering aanvragen").click()
    expect(page.get_by_text("Motiveer de uitzondering op stapeling.")).to_be_visible()
    assert not StapelingUitzondering.objects.exists()
    page.locator("#aanvragen").get_by_label("Reden").fill("Crisisplek naast de lopende behandeling")
    page.get_by_role("button", name="Uitzondering aanvragen").click()
    expect(page.get_by_text("De uitzondering is aangevraagd")).to_be_visible()
    rij = page.locator("#uitzonderingen tbody tr", has_text="Crisisplek naast de lopende behandeling")
    expect(rij).to_contain_text("wacht op een tweede medewerker")
    expect(rij).to_contain_text("u vroeg haar zelf aan")
    expect(rij.get_by_role("button", name="Goedkeuren")).to_have_count(0)
    u = StapelingUitzondering.objects.get()

    # The one who asked cannot approve: not offered in the queue, and refused when posted anyway
    page.goto(f"{live_server_url}/toegang/goedkeuren")
    eigen = page.locator("#uitzonderingen tbody tr", has_text="Crisisplek")
    expect(eigen).to_contain_text("eigen aanvraag: een collega keurt goed")
    expect(eigen.get_by_role("link", name="Bekijken en goedkeuren")).to_have_count(0)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    antwoord = page.request.post(
        f"{live_server_url}/toegang/verwijzingen/{tweede_verwijzing.uuid}/lopende-zorg",
        form={"csrfmiddlewaretoken": token, "actie": "goedkeuren", "uitzondering": str(u.pk)},
    )
    assert antwoord.ok and "Een tweede persoon keurt de uitzondering goed" in antwoord.text()
    u.refresh_from_db()
    assert u.goedgekeurd_op is None and u.goedgekeurd_door is None

    # A second access worker of the same municipality finds it in the queue and approves it
    _login_fresh(page, login, world["collega"])
    page.goto(f"{live_server_url}/toegang/goedkeuren")
    wacht = page.locator("#uitzonderingen tbody tr", has_text="Crisisplek naast de lopende behandeling")
    expect(wacht).to_contain_text(world["model"].naam)
    expect(wacht).to_contain_text("toegang-zwolle")
    wacht.get_by_role("link", name="Bekijken en goedkeuren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lopende zorg van deze cliënt")
    page.locator("#uitzonderingen").get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("De uitzondering is goedgekeurd")).to_be_visible()
    expect(page.locator("#uitzonderingen")).to_contain_text("goedgekeurd door toegang-zwolle-2")
    u.refresh_from_db()
    assert u.goedgekeurd_door == world["collega"] and u.goedgekeurd_op is not None

    page.goto(f"{live_server_url}/toegang/goedkeuren")  # approved: no longer waiting
    expect(page.locator("#uitzonderingen tbody")).to_have_text("Niets te keuren.")


def test_access_worker_of_another_municipality_does_not_see_the_exception(page, live_server_url, login, world,
                                                                          tweede_verwijzing, make_user):  # fmt: skip
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.trajecten import services

    services.stapeling_uitzondering_aanvragen(
        client=tweede_verwijzing.client, inkoopmodel=world["model"], reden="Crisisplek", door=world["toegang"]
    )
    kampen = make_user("toegang-kampen", "gemeente-toegang", gemeente=Gemeente.objects.get(cbs_code="0166"))
    login(kampen)
    page.goto(f"{live_server_url}/toegang/goedkeuren")
    expect(page.locator("#uitzonderingen tbody")).to_have_text("Niets te keuren.")


def test_gp_short_referral_asks_no_purchasing_model(page, live_server_url, login, world, make_user):
    from uitkomst.toegang.models import Verwijzing

    huisarts = make_user("huisarts", "verwijzer", verwijzer_code="01990001")
    login(huisarts)
    page.goto(f"{live_server_url}/toegang/verwijzingen/nieuw")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verkorte verwijzing (huisarts)")
    expect(page.locator("[name=inkoopmodel]")).to_have_count(0)
    expect(page.get_by_label("Inkoopmodel")).to_have_count(0)
    expect(page.locator("[name=verwijzer_type]")).to_have_count(0)  # the GP is the referrer: known already

    datum = (helpers.today() - dt.timedelta(days=1)).isoformat()
    page.get_by_label("BSN").fill("111222334")  # fails the eleven test
    page.get_by_label("Geboortedatum").fill("2014-05-01")
    page.get_by_label("Woongemeente").select_option(label="Zwolle")
    page.get_by_label("Verwijsdatum").fill(datum)
    page.get_by_label("Hulpvraag").fill("Angstklachten, slaapt slecht")
    page.get_by_role("button", name="Verwijzing vastleggen").click()
    assert not Verwijzing.objects.exists()
    # what was typed is kept, the date included
    expect(page.get_by_label("Verwijsdatum")).to_have_value(datum)
    expect(page.get_by_label("Hulpvraag")).to_have_value("Angstklachten, slaapt slecht")

    page.get_by_label("BSN").fill("111222333")
    page.get_by_role("button", name="Verwijzing vastleggen").click()
    expect(page.get_by_text("De verwijzing is vastgelegd.")).to_be_visible()
    v = Verwijzing.objects.get()
    assert v.is_verkort and v.inkoopmodel == world["model"] and v.datum.isoformat() == datum
