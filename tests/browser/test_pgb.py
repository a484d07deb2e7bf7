"""Issue 17 (5) in the browser: the access worker records a youth pgb from the family plan. Without a
reason the form refuses it at the field (nothing saved); with the reason it is recorded, then granted
and ended early on the decision page, the history showing every step; the list shows it, BSN masked."""

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
    return {
        "model": Inkoopmodel.objects.get(code="ijsselland-jeugd-2018"),
        "zwolle": Gemeente.objects.get(cbs_code="0193"),
    }


def test_youth_pgb_from_the_plan_refused_without_reason_then_granted_and_ended(
    page, live_server_url, login, make_user, world
):
    from uitkomst.toegang.models import Pgbbesluit

    jaar = helpers.today().year
    page.set_default_timeout(30_000)  # a shared 2-core machine
    user = make_user("toegang-zwolle", "gemeente-toegang", gemeente=world["zwolle"])
    plan = helpers.plan(user, world["zwolle"], world["model"])
    login(user)
    page.goto(f"{live_server_url}/toegang/plannen/{plan.uuid}")
    expect(page.get_by_role("heading", name="Persoonsgebonden budget (pgb)")).to_be_visible()
    page.get_by_role("link", name="Pgb vastleggen in plaats van zorg in natura").click()
    expect(page.get_by_role("heading", name="Pgb in plaats van zorg in natura")).to_be_visible()
    expect(page.get_by_label("Wet", exact=True)).to_have_value("jeugdwet")
    expect(page.get_by_text("••••••333").first).to_be_visible()
    page.get_by_label("Budget voor de hele periode (EUR)").fill("9.600,00")
    page.get_by_label("Ingangsdatum").fill(f"{jaar}-01-01")
    page.get_by_label("Einddatum (tot en met)").fill(f"{jaar}-12-31")
    page.get_by_role("button", name="Pgb vastleggen").click()

    # refused: youth care without the reason why the contracted care does not fit
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("gecontracteerde aanbod in natura niet passend")
    summary.get_by_role("link").first.click()
    expect(page.locator("#reden")).to_be_focused()
    expect(page.locator("#reden")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Budget voor de hele periode (EUR)")).to_have_value("9.600,00")  # what was typed stays
    assert not Pgbbesluit.objects.exists()

    page.locator("#reden").fill("Geen gecontracteerde aanbieder biedt gezinsbegeleiding in gebarentaal.")
    page.get_by_role("button", name="Pgb vastleggen").click()
    expect(page.get_by_text("Het pgb is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("€\u00a09.600,00")).to_be_visible()

    page.get_by_label("Toelichting (optioneel)").fill("Budgetplan akkoord.")
    page.get_by_role("button", name="Pgb toekennen").click()
    expect(page.get_by_text("Het pgb is toegekend.")).to_be_visible()

    form = page.locator("form", has=page.get_by_role("button", name="Pgb beëindigen"))
    form.get_by_label("Laatste dag van het budget").fill(f"{jaar}-06-30")
    form.get_by_label("Reden").fill("Het kind kan naar een gecontracteerde aanbieder.")
    page.get_by_role("button", name="Pgb beëindigen").click()
    expect(page.get_by_text("Het pgb is beëindigd.")).to_be_visible()
    historie = page.get_by_role("table", name="Historie")
    for status in ("aangevraagd", "toegekend", "beëindigd"):
        expect(historie.get_by_role("cell", name=status, exact=True).first).to_be_visible()
    besluit = Pgbbesluit.objects.get()
    assert (besluit.status, str(besluit.beeindigd_op), besluit.plan_id) == ("beeindigd", f"{jaar}-06-30", plan.pk)

    page.get_by_role("link", name="Pgb-besluiten").first.click()
    row = page.get_by_role("row").filter(has_text=str(besluit.uuid)[:8])
    expect(row).to_contain_text("Jeugdwet")
    expect(row).to_contain_text("••••••333")
    expect(row).to_contain_text("beëindigd")
