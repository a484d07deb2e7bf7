"""Issue 13, point 2: the access worker's choice of provider and the public keuzehulp read one selector
(``uitkomsten.selectors.keuzehulp_uitkomsten``), so for the same data they show the same figures with the
same suppression, counted per trajectory; "nog niet bekend" and "onderdrukt" render differently."""

import re

import pytest

from tests.toegang import helpers
from tests.uitkomsten import helpers as h
from uitkomst.uitkomsten import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def vierde(ijsselland):
    a = helpers.aanbieder("Vierde Zorg")
    helpers.contracteer(a, ijsselland)
    return a


@pytest.fixture
def cijfers(settings, toegang, aanbieder_user, tweede_user, derde_user, vierde, zwolle, ijsselland):
    """Minimum cell size 4. A: 5 measured trajectories (shown) plus one ended without a measurement;
    B: 2 and C: 1 (both suppressed: two hidden cells per column, so no complementary suppression);
    D: nothing measured yet."""
    settings.MIN_CELGROOTTE = 4
    for reden, doel, score in [("31", "behaald", 8), ("31", "behaald", 8), ("31", "behaald", 8),
                               ("32", "niet", 6), ("33", "niet", None)]:  # fmt: skip
        h.gemeten(toegang, aanbieder_user, zwolle, ijsselland, reden=reden, doel=doel, score=score,
                  zonder_hulp=reden == "31")  # fmt: skip
    h.beeindigd(toegang, aanbieder_user, zwolle, ijsselland, reden="31")  # ended, not (yet) measured
    for _ in range(2):
        h.gemeten(toegang, tweede_user, zwolle, ijsselland, reden="31", doel="behaald", zonder_hulp=True)
    h.gemeten(toegang, derde_user, zwolle, ijsselland, reden="31", doel="behaald", zonder_hulp=True)
    return {"A": aanbieder_user.aanbieder, "B": tweede_user.aanbieder, "C": derde_user.aanbieder, "D": vierde}


def _blokken(html: str, aanbieders: dict) -> dict[str, str]:
    """Per provider the text of its outcome block (the first ``div.uitkomsten`` after its name)."""
    out = {}
    for sleutel, a in aanbieders.items():
        na_naam = html[html.index(a.naam) :]
        blok = re.search(r'<div class="uitkomsten">(.*?)</div>', na_naam, re.S).group(1)
        out[sleutel] = " ".join(blok.split())
    return out


def _beide(client, toegang, plan, aanbieders):
    client.force_login(toegang)
    keuze = client.get(f"/toegang/plannen/{plan.uuid}/aanbieder")
    publiek = client.get(f"/keuzehulp/{plan.product.uuid}")
    assert keuze.status_code == 200 and publiek.status_code == 200
    return _blokken(keuze.content.decode(), aanbieders), _blokken(publiek.content.decode(), aanbieders)


def test_one_selector_per_product_and_provider(cijfers, plan):
    uit = selectors.keuzehulp_uitkomsten(product=plan.product)
    assert uit.min_n == 4
    a, b, c = uit.get(cijfers["A"].pk), uit.get(cijfers["B"].pk), uit.get(cijfers["C"].pk)
    assert (a.aantal, a.onderdrukt, b.aantal, b.onderdrukt, c.aantal, c.onderdrukt) == (5, False, 2, True, 1, True)
    assert uit.get(cijfers["D"].pk) is None  # nothing measured: not known yet, not suppressed
    doelen = a.cellen["doelen_behaald"]  # per trajectory (both goals reached = "ja"), not per goal
    assert (doelen.n, doelen.k, doelen.onderdrukt) == (5, 3, False)
    assert (a.cellen["uitval_breed"].n, a.cellen["uitval_breed"].k) == (5, 2)
    assert b.cellen["doelen_behaald"].aandeel is None and b.cellen["doelen_behaald"].ci is None


def test_choice_and_public_keuzehulp_show_the_same_figures(client, cijfers, plan, toegang):
    keuze, publiek = _beide(client, toegang, plan, cijfers)
    assert keuze == publiek
    a = keuze["A"]
    assert "5 afgesloten trajecten met uitkomstmeting" in a  # the unmeasured sixth ended trajectory is not counted
    # goals 3/5 (Wilson 23,1-88,2%), region 6/8; without help 3/5, region 6/8; drop-out 2/5, region 2/8
    assert "Doelen behaald</dt><dd>60% <span class=\"subtiel\">(23,1–88,2%, n=5; regio 75%)" in a
    assert "Zonder hulp verder</dt><dd>60% <span class=\"subtiel\">(n=5; regio 75%)" in a
    assert "Voortijdig gestopt (uitval)</dt><dd>40% <span class=\"subtiel\">(n=5; regio 25%)" in a
    assert "7,5 / 10" in a and "respons 80%, 4 antwoorden" in a


def test_both_suppress_a_provider_below_the_minimum_cell_size(client, cijfers, plan, toegang):
    keuze, publiek = _beide(client, toegang, plan, cijfers)
    for blokken in (keuze, publiek):
        for sleutel in ("B", "C"):
            assert "Onderdrukt (minder dan 4 afgesloten trajecten)" in blokken[sleutel]
            assert 'data-status="onderdrukt"' in blokken[sleutel]
            assert "%" not in blokken[sleutel] and "n=" not in blokken[sleutel]
            assert "afgesloten trajecten met uitkomstmeting" not in blokken[sleutel]
    assert keuze["B"] == publiek["B"]


def test_not_yet_known_renders_differently_from_suppressed(client, cijfers, plan, toegang):
    keuze, publiek = _beide(client, toegang, plan, cijfers)
    for blokken in (keuze, publiek):
        onbekend, onderdrukt = blokken["D"], blokken["B"]
        assert onbekend != onderdrukt
        assert "Nog niet bekend" in onbekend and 'class="cijfer cijfer--onbekend"' in onbekend
        assert 'data-status="nog-niet-bekend"' in onbekend and "Onderdrukt" not in onbekend
        assert "cijfer--onderdrukt" not in onbekend
        assert 'class="cijfer cijfer--onderdrukt"' in onderdrukt and "Nog niet bekend" not in onderdrukt
        assert "cijfer--onbekend" not in onderdrukt
    assert keuze["D"] == publiek["D"]


def test_too_few_answers_are_suppressed_alike(client, cijfers, plan, toegang, settings):
    settings.MIN_CELGROOTTE = 5  # A's 4 satisfaction answers now fall below the cell size; B, C stay hidden
    keuze, publiek = _beide(client, toegang, plan, cijfers)
    assert keuze["A"] == publiek["A"]
    assert "onderdrukt (minder dan 5 antwoorden)" in keuze["A"] and "7,5" not in keuze["A"]



def test_cell_states_inside_a_shown_row_match(client, cijfers, plan, toegang, settings):
    """Minimum 2: B (2 trajectories) is shown, C (1) alone is hidden, so B's cells, the smallest shown,
    are hidden too (complementary suppression); B has no satisfaction answers: not known yet."""
    settings.MIN_CELGROOTTE = 2
    keuze, publiek = _beide(client, toegang, plan, cijfers)
    assert keuze == publiek
    b = keuze["B"]
    assert "2 afgesloten trajecten met uitkomstmeting" in b
    assert b.count("onderdrukt (zou een kleinere cel herleidbaar maken)") == 3 and "%" not in b
    onbekend = '<span class="cijfer cijfer--onbekend" data-status="nog-niet-bekend">nog niet bekend'
    assert "Tevredenheid</dt><dd>" + onbekend in b
    assert "Onderdrukt (minder dan 2 afgesloten trajecten)" in keuze["C"]
