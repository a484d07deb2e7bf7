"""Wmo journey (issue 17): a Wmo assignment of an aid bought per item, with its iWmo messages. The
municipality's access worker finds the WMO301, the provider's WMO305 and the two WMO323 invoices in the
message log, sees the Wmo decision (beschikking) explained and the aid invoiced twice refused with
retourcode 9322; the provider sees the refused line with its reason among its invoices."""

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests.declaraties import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MODEL = "zwolle-wmo-maatwerk"


@pytest.fixture
def wmo_wereld(db, make_user, settings):
    from tests.berichten.conftest import ISTANDAARDEN
    from uitkomst.accounts.services import load_roles
    from uitkomst.catalogus.referentiedata import load_all
    from uitkomst.organisaties.models import Gemeente
    from uitkomst.organisaties.services import load_reference_regions

    settings.UITKOMST_ISTANDAARDEN_DIR = str(ISTANDAARDEN)
    settings.UITKOMST_BROKER_URL = ""
    load_reference_regions()
    load_roles()
    load_all()
    zwolle = Gemeente.objects.get(cbs_code="0193")
    aanbieder = h.aanbieder("Hulpmiddelenhuis (fictief)")
    h.contracteer(aanbieder, MODEL)
    toegang = make_user("toegang-zwolle", "gemeente-toegang", gemeente=zwolle)
    provider = make_user("aanbieder", "aanbieder", aanbieder=aanbieder, regio=zwolle.regio)
    tw = h.traject(
        toegang_user=toegang, aanbieder_user=provider, gemeente=zwolle, model_code=MODEL,
        productcode="HM-KOOP-SCOOTMOBIEL", start=h.datum(3, 3), einddatum=h.datum(12, 31), gestart=False,
    )  # fmt: skip
    return SimpleNamespace(zwolle=zwolle, aanbieder=aanbieder, toegang=toegang, provider=provider, tw=tw)


def _berichten_van_de_aanbieder(w):
    """What the provider sends by message: the start, and the scooter invoiced in March and in April."""
    from uitkomst.berichten import services, voorbeeld

    tw = w.tw

    def ontvang(data: bytes):
        r = services.bericht_ontvangen(data=data, door=services.systeem())
        assert r.status == "verwerkt", r.bevindingen

    ontvang(voorbeeld.start(tw, h.datum(3, 3)))
    for maand, eind in ((3, 31), (4, 30)):
        lev = voorbeeld.Levering(toewijzing=tw, van=max(h.datum(maand, 1), tw.startdatum), tot=h.datum(maand, eind))
        ontvang(
            voorbeeld.declaratie(
                aanbieder=w.aanbieder, gemeente=w.zwolle, van=h.datum(maand, 1), tot=h.datum(maand, eind),
                leveringen=[lev], standaard="iwmo",
            )
        )  # fmt: skip


def test_wmo_toewijzing_met_iwmo_berichten_en_dubbel_gedeclareerd_hulpmiddel(page, login, wmo_wereld):
    w = wmo_wereld
    _berichten_van_de_aanbieder(w)
    login(w.toegang)
    page.get_by_role("link", name="Berichten").first.click()
    expect(page.get_by_role("heading", name="Berichten (iJw/iWmo 3.2)")).to_be_visible()
    page.get_by_label("Toewijzingnummer").fill(str(w.tw.pk))
    page.get_by_role("button", name="Filter").click()
    tabel = page.get_by_role("table", name="Berichten, nieuwste eerst")
    for code in ("WMO301", "WMO305", "WMO306", "WMO323"):
        expect(tabel).to_contain_text(code)
    expect(tabel).not_to_contain_text("JW301")
    # the assignment: one item, Eenheid 82 (stuks output), Frequentie 6 (total within the assignment)
    tabel.locator("tr", has_text="WMO301").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("WMO301")
    expect(page.get_by_text("De toewijzing volgt op een Wmo-beschikking")).to_be_visible()
    xml = page.locator("pre.xml")
    expect(xml).to_contain_text("Categorie>12<")
    expect(xml).to_contain_text("Code>12H01<")
    expect(xml).to_contain_text("Eenheid>82<")
    expect(xml).to_contain_text("Frequentie>6<")
    page.go_back()
    # the April invoice: the scooter was paid in March, so it is refused (9322) with the reason
    page.get_by_label("Bericht", exact=True).fill("WMO323")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("table", name="Berichten, nieuwste eerst").locator("tbody tr").first.get_by_role("link").click()
    bevindingen = page.get_by_role("table").first
    expect(bevindingen).to_contain_text("9322")
    expect(bevindingen).to_contain_text("één keer per toewijzing betaald")
    page.get_by_role("link", name="WMO325").click()
    expect(page.locator("pre.xml")).to_contain_text("RetourCode>9322<")
    page.get_by_role("button", name="Uitloggen").click()

    # the provider sees the refused line with its reason among its invoices
    login(w.provider)
    page.get_by_role("link", name="Declaraties").first.click()
    page.get_by_role("table", name="Declaraties, nieuwste eerst").locator("tbody tr").first.get_by_role("link").click()
    afgewezen = page.get_by_role("table", name="Afgewezen regels met alle redenen")
    expect(afgewezen).to_contain_text("Hulpmiddel is al gedeclareerd")
    expect(afgewezen).to_contain_text("retourcode 9322")
