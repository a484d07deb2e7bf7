"""Issue 17 (2) in the browser: a collective provision without a decision. The provider reports the
attendance of a month (a negative count is refused on the form first, nothing saved), then corrects it;
the access worker opens a referral and sees the municipality's open collective provisions first, before
the family plan, and refers to one: recorded as a count, without a BSN."""

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(make_user):
    from tests.toegang import helpers
    from uitkomst.accounts import policy
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.organisaties.services import load_reference_regions
    from uitkomst.utils import klok
    from uitkomst.voorzieningen import services

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    zwolle = Gemeente.objects.get(cbs_code="0193")
    systeem = policy.systeem_actor("test")
    aanbieder = helpers.aanbieder("Buurtkamer Holtenbroek")
    wijk = services.wijk_create(gemeente=zwolle, naam="Holtenbroek", door=systeem)
    begin = klok.vandaag().replace(month=1, day=1)
    voorziening = services.voorziening_create(
        wijk=wijk, aanbieder=aanbieder, naam="Opvoedspreekuur Holtenbroek", soort="opvoeding", wet="jeugdwet",
        capaciteit=20, geldig_van=begin - dt.timedelta(days=365), door=systeem,
    )  # fmt: skip
    return {
        "zwolle": zwolle,
        "voorziening": voorziening,
        "provider": make_user("buurtkamer", "aanbieder", aanbieder=aanbieder, regio=zwolle.regio),
        "toegang": make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle),
    }


def _als(page, login, user):
    page.context.clear_cookies()
    return login(user)


def test_provider_reports_attendance_and_access_refers_first(page, live_server_url, login, world):
    from tests.toegang import helpers
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.voorzieningen.models import Deelnamemelding, VoorliggendeVerwijzing

    page.set_default_timeout(30_000)  # a shared 2-core machine
    v = world["voorziening"]

    # 1. the provider reports last month's attendance: counts only
    _als(page, login, world["provider"])
    page.goto(f"{live_server_url}/voorzieningen/")
    page.get_by_role("link", name="Opvoedspreekuur Holtenbroek").click()
    expect(page.get_by_role("heading", name="Deelname melden")).to_be_visible()
    page.get_by_label("Aantal deelnames").fill("-5")
    page.get_by_role("button", name="Deelname melden").click()
    expect(page.get_by_role("alert")).to_contain_text("het aantal moet nul of meer zijn")
    expect(page.get_by_label("Aantal deelnames")).to_have_attribute("aria-invalid", "true")
    assert not Deelnamemelding.objects.exists()
    page.get_by_label("Aantal deelnames").fill("64")
    page.get_by_label("Aantal unieke deelnemers (niet verplicht)").fill("19")
    page.get_by_role("button", name="Deelname melden").click()
    expect(page.get_by_text("is gemeld")).to_be_visible()
    expect(page.locator("#meldingen tbody")).to_contain_text("64")

    # ... and corrects it: the old report stays as history
    page.locator("#meldingen").get_by_role("link", name="Corrigeren").click()
    page.get_by_label("Aantal deelnames").fill("66")
    page.get_by_label("Reden van de correctie").fill("Twee deelnames op de laatste dag vergeten")
    page.get_by_role("button", name="Correctie vastleggen").click()
    expect(page.get_by_text("De melding is gecorrigeerd.")).to_be_visible()
    expect(page.locator("#meldingen tbody")).to_contain_text("vervangen")
    assert list(Deelnamemelding.objects.order_by("pk").values_list("deelnames", "status")) == [
        (64, "vervangen"), (66, "geldig")]  # fmt: skip

    # 2. the access worker opens a youth referral: the collective provision is offered first
    model = Inkoopmodel.objects.filter(wet="jeugdwet").order_by("pk").first()
    verwijzing = helpers.verwijzing(world["toegang"], world["zwolle"], model)
    _als(page, login, world["toegang"])
    page.goto(f"{live_server_url}/toegang/verwijzingen/{verwijzing.uuid}")
    blok = page.locator("#voorliggend")
    expect(blok.get_by_role("heading", name="Eerst: algemene voorzieningen (zonder beschikking)")).to_be_visible()
    expect(blok).to_contain_text("Opvoedspreekuur Holtenbroek")
    html = page.content()
    assert html.index("Eerst: algemene voorzieningen") < html.index("Gezinsplan: de doelen")
    blok.get_by_role("button", name="Verwijzen naar Opvoedspreekuur Holtenbroek").click()
    expect(page.get_by_text("De verwijzing naar Opvoedspreekuur Holtenbroek is vastgelegd.")).to_be_visible()
    assert page.url.endswith(f"/toegang/verwijzingen/{verwijzing.uuid}")
    r = VoorliggendeVerwijzing.objects.get(voorziening=v)
    assert r.aantal == 1 and r.kenmerk == ""
