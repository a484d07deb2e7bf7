"""Outcomes journey: municipal finance opens its monitor, the region's contract manager a provider's
account-talk pack, and a resident the keuzehulp with outcome indicators per provider."""

import pytest
from playwright.sync_api import expect

from tests.toegang import helpers as th
from tests.uitkomsten import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(systeem, db, make_user):
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.models import Inkoopmodel
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.organisaties.services import load_reference_regions
    from uitkomst.sturing import services

    load_reference_regions()  # a transactional test database is flushed between tests
    load_roles()
    load_all()
    zwolle = Gemeente.objects.get(cbs_code="0193")
    model = Inkoopmodel.objects.get(code="ijsselland-jeugd-2018")
    aanbieder = th.aanbieder("Kompas Jeugdhulp")
    th.contracteer(aanbieder, model)
    toegang = make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)
    provider = make_user("aanbieder", "aanbieder", aanbieder=aanbieder, regio=zwolle.regio)
    for n in range(11):
        h.gemeten(toegang, provider, zwolle, model, reden="32" if n == 0 else "31", score=8)
    services.budgetplafond_vaststellen(door=systeem, gemeente=zwolle, jaar=th.today().year, bedrag="50000")
    return {
        "finance": make_user("financien-zwolle", "gemeente-financien", gemeente=zwolle),
        "cm": make_user("cm", "regio-contractmanager", regio=zwolle.regio),
        "aanbieder": aanbieder,
        "product": model.producten.get(code="P01-P"),
    }


def test_monitor_account_talk_and_keuzehulp(page, login, live_server_url, world):
    login(world["finance"])
    page.get_by_role("link", name="Sturing").click()
    page.get_by_role("link", name="Zwolle").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitor Zwolle")
    expect(page.locator("#budget-kern")).to_contain_text("€ 50.000")
    expect(page.locator("svg.grafiek")).to_be_visible()
    expect(page.locator("#budgettabel tbody tr")).to_have_count(12)
    expect(page.locator("#uitkomsten")).to_contain_text("Regio (benchmark)")
    page.get_by_label("Per", exact=True).select_option("kwartaal")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator("#budgettabel tbody tr")).to_have_count(4)
    page.get_by_role("button", name="Uitloggen").click()

    login(world["cm"])
    page.goto(f"{live_server_url}/sturing/accountgesprek/{world['aanbieder'].uuid}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world["aanbieder"].naam)
    expect(page.locator("#kern")).to_contain_text("Uitval breed")
    expect(page.locator("#kern")).to_contain_text("9,1%")  # 1 of 11
    with page.expect_download() as info:
        page.get_by_role("link", name="Download als Excel").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    page.get_by_role("link", name="Afdrukversie").click()
    expect(page.locator("body.afdruk")).to_be_visible()

    page.goto(f"{live_server_url}/keuzehulp/{world['product'].uuid}")
    kaart = page.locator(".aanbieder", has_text=world["aanbieder"].naam)
    expect(kaart).to_contain_text("Uitkomsten bij dit product")
    expect(kaart).to_contain_text("Doelen behaald")
    expect(kaart).to_contain_text("respons")
