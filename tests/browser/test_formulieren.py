"""The invoice form with the keyboard alone: skip link, every field in order, submit with Enter; after a
refusal the error summary takes the focus, its link leads to the field, and every line is still there."""

import pytest
from playwright.sync_api import expect

from tests.declaraties import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(declaratie_wereld):
    return {"provider": declaratie_wereld.provider, "tw": declaratie_wereld.traject()}


def _focus(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def _tab_naar(page, veld_id: str, max_tabs: int = 40) -> None:
    for _ in range(max_tabs):
        if _focus(page) == veld_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{veld_id}; focus is on {_focus(page)!r}")


def _typ_datum(page, veld_id: str, datum) -> None:
    """Type a date, segment by segment, in the order of the browser's date field (its UI language sets
    it: dd-mm-jjjj in Dutch, mm/dd/yyyy in Chromium's default English)."""
    _tab_naar(page, veld_id)
    page.keyboard.type(f"{datum:%d%m%Y}")
    if page.locator(f"#{veld_id}").input_value() != datum.isoformat():
        page.keyboard.press("ArrowLeft")  # back to the first segment; typing overwrites
        page.keyboard.press("ArrowLeft")
        page.keyboard.type(f"{datum:%m%d%Y}")
    assert page.locator(f"#{veld_id}").input_value() == datum.isoformat()


def test_invoice_form_by_keyboard_only(page, login, live_server_url, world):
    tw = world["tw"]
    login(world["provider"])
    page.goto(f"{live_server_url}/declaraties/nieuw")
    page.keyboard.press("Tab")
    assert _focus(page) == "skiplink"
    page.keyboard.press("Enter")  # skip the menu
    assert page.evaluate("location.hash") == "#inhoud"

    _typ_datum(page, "begindatum", h.datum(3, 1))
    _typ_datum(page, "einddatum", h.datum(3, 31))
    for i in (1, 2):  # the start payment, and an end payment while the trajectory still runs
        _tab_naar(page, f"toewijzing_{i}")
        page.keyboard.type(tw.nummer)
        _typ_datum(page, f"begindatum_{i}", h.datum(3, 3))
        _typ_datum(page, f"einddatum_{i}", h.datum(3, 31))
        if i == 1:
            _tab_naar(page, "termijn_1")
            page.keyboard.type("1")
    _tab_naar(page, "bedrag_2")
    page.keyboard.type("veel")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_selector(".foutoverzicht")

    # the summary has the focus and is announced; its link takes the keyboard to the field in error
    assert page.evaluate("document.activeElement.classList.contains('foutoverzicht')")
    expect(page.get_by_role("alert")).to_contain_text("Regel 2, kolom bedrag")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#bedrag_2"
    page.keyboard.press("Enter")
    assert _focus(page) == "bedrag_2"
    # nothing typed was lost
    assert page.locator("#toewijzing_1").input_value() == tw.nummer
    assert page.locator("#termijn_1").input_value() == "1"
    assert page.locator("#einddatum_2").input_value() == h.datum(3, 31).isoformat()
    assert page.locator("#toewijzing_2").input_value() == tw.nummer
    assert page.locator("#begindatum").input_value() == h.datum(3, 1).isoformat()
    assert page.locator("#bedrag_2").get_attribute("aria-invalid") == "true"

    # correct the amount (empty: the next instalment) and submit again with Enter
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 van 2 regels toegekend, 1 afgewezen")).to_be_visible()
    expect(page.get_by_role("table", name="Toegekende regels").locator("tbody tr")).to_have_count(1)
