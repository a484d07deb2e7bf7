"""Issue 14: before finance approves many lines or a large total at once, a confirmation page with
the totals appears; "Nee, terug" changes nothing, "Ja, keur goed" approves. An approval not yet in
a payment run can be withdrawn from the invoice page."""

import pytest
from playwright.sync_api import expect

from tests.declaraties import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(declaratie_wereld):
    from uitkomst.declaraties import services

    w = declaratie_wereld
    regels = []
    for _ in range(2):
        d = services.declaratie_indienen(
            aanbieder=w.aanbieder, begindatum=h.datum(3, 1), einddatum=h.datum(3, 31),
            regels=[h.regel(w.traject(), h.datum(3, 3), h.datum(3, 31), termijn=1)], door=w.provider,
        )  # fmt: skip
        regels.append(d.regels.get())
    return {"finance": w.finance, "regels": regels}


def _statussen(regels) -> set[str]:
    from uitkomst.declaraties.models import Declaratieregel

    return set(Declaratieregel.objects.filter(pk__in=[x.pk for x in regels]).values_list("status", flat=True))


def test_confirmation_above_the_amount_and_cancel_changes_nothing(page, login, world, settings):
    from uitkomst.utils.geld import format_euro

    settings.UITKOMST_BEVESTIGEN_BOVEN_BEDRAG = 100  # two start payments are well above this
    settings.UITKOMST_BEVESTIGEN_BOVEN_REGELS = 50
    regels = world["regels"]
    totaal = format_euro(sum(x.bedrag for x in regels))
    login(world["finance"])
    page.get_by_role("link", name="Declaraties").first.click()
    page.get_by_role("link", name="Beoordelen").click()
    page.get_by_role("button", name="Alle regels goedkeuren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Goedkeuren bevestigen")
    expect(page.get_by_role("heading", name=f"2 regels, samen {totaal}")).to_be_visible()
    per = page.get_by_role("table", name="Per aanbieder")
    expect(per).to_contain_text("Kompas Jeugdhulp")
    expect(per.locator("tfoot")).to_contain_text(totaal)
    page.get_by_role("link", name="Nee, terug").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Declaraties beoordelen")
    expect(page.get_by_role("table")).to_contain_text(regels[0].kenmerk)
    expect(page.get_by_text("goedgekeurd (")).to_have_count(0)
    assert _statussen(regels) == {"toegekend"}  # cancelling changed nothing

    page.get_by_role("button", name="Alle regels goedkeuren").click()
    page.get_by_role("button", name="Ja, keur goed").click()
    expect(page.get_by_text(f"2 regels goedgekeurd ({totaal}).")).to_be_visible()
    assert _statussen(regels) == {"goedgekeurd"}

    # undo: the approval of a line not yet in a payment run, from the invoice page
    page.get_by_role("link", name="Declaraties").first.click()
    page.get_by_role("link", name=f"{regels[0].declaratie.nummer}", exact=True).first.click()
    page.get_by_role("button", name="Goedkeuring intrekken").click()
    expect(page.get_by_text("de regel wacht weer op goedkeuring")).to_be_visible()
    assert _statussen(regels[:1]) == {"toegekend"} and _statussen(regels[1:]) == {"goedgekeurd"}


def test_confirmation_for_many_lines_with_the_chosen_ones(page, login, world, settings):
    settings.UITKOMST_BEVESTIGEN_BOVEN_BEDRAG = 10_000_000
    settings.UITKOMST_BEVESTIGEN_BOVEN_REGELS = 1  # two lines count as "many" here
    regels = world["regels"]
    login(world["finance"])
    page.get_by_role("link", name="Declaraties").first.click()
    page.get_by_role("link", name="Beoordelen").click()
    for x in regels:
        page.get_by_label(f"Kies regel {x.kenmerk}").check()
    page.get_by_role("button", name="Gekozen regels goedkeuren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Goedkeuren bevestigen")
    expect(page.get_by_text("meer dan 1 regels tegelijk")).to_be_visible()
    page.get_by_role("link", name="Nee, terug").click()
    assert _statussen(regels) == {"toegekend"}

    page.get_by_label(f"Kies regel {regels[0].kenmerk}").check()  # one line: below the threshold
    page.get_by_role("button", name="Gekozen regels goedkeuren").click()
    expect(page.get_by_text("1 regel goedgekeurd")).to_be_visible()
    assert _statussen(regels[:1]) == {"goedgekeurd"} and _statussen(regels[1:]) == {"toegekend"}
