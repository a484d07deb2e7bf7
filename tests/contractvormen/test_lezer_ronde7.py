"""Round 7 of issue 15 (lexicon 7): the reader pinned on the mechanisms added after the misses of set 7
(now a development set) and set 6. Every sentence is written for this test, in other words than the
sets, and every stated value has silent counterparts with the same words that do not state it. All
expectations are literals."""

# ruff: noqa: E501  (tables of sentences)

import pytest

from uitkomst.contractvormen import tekst


def lees(text: str) -> dict[str, str]:
    return {k: v.waarde for k, v in tekst.lees_tekst(text).items()}


STATED = [
    # "niet X maar Y": the negation scopes the whole first conjunct, and the contrast states the value
    (
        "bekostiging",
        "resultaat",
        "De gemeenten kopen niet langer dagdelen en losse producten (PxQ) in, maar resultaten.",
    ),
    ("bekostiging", "resultaat", "Wij betalen niet meer voor ingezette uren, maar voor resultaten."),
    # at most one contract party
    ("aanbieders", "hoofdaannemer", "Voor de zwaarste zorg contracteert de regio ten hoogste één contractpartner."),
    ("aanbieders", "hoofdaannemer", "Er komt maximaal één opdrachtnemer voor de hele opdracht."),
    # award to some providers; fewer providers
    ("aanbieders", "beperkt", "Na de beoordeling volgde de gunning aan een aantal aanbieders per perceel."),
    ("aanbieders", "beperkt", "De provincie brengt het aantal zorgaanbieders waarmee zij werkt sterk terug."),
    ("aanbieders", "beperkt", "Vanaf 2026 krijgen nog maar veertig aanbieders een contract."),
    # joining and leaving; the admission process
    ("aanbieders", "open", "De basisovereenkomst regelt hoe partijen toetreden en uittreden."),
    ("aanbieders", "open", "Het toelatingsproces voor nieuwe zorgaanbieders staat het hele jaar open."),
    # the municipality decides the extent and the form of help
    ("bepaalt_inhoud", "gemeente", "De gemeente bepaalt in welke mate een inwoner recht heeft op begeleiding."),
    ("bepaalt_inhoud", "gemeente", "Na het gesprek beslist het college over de maatwerkvoorziening."),
    # access through the municipality
    ("regie", "gemeente", "De verordening regelt de toegang tot de Wmo-ondersteuning via de gemeente."),
]

SILENT = [
    # a short parenthesis no longer hides the negation from what follows it
    ("bekostiging", "Het nieuwe contract rekent niet langer met uren en producten (P×Q), maar met een andere methode."),
    # "niet alleen ... maar ook" is no negation, and a negation in another sentence does not count
    (
        "aanbieders",
        "De nota behandelt onder meer het open house-model, de raamovereenkomst en bestuurlijk aanbesteden.",
    ),
    ("aanbieders", "Het rapport bespreekt onder andere de toelatingsprocedure en de dynamische aankoop."),
    # a need given as a reason is no request, but it still is no statement either
    (
        "bekostiging",
        "Zo'n doelgroep vraagt een aanpak over sectoren heen en dat helpt om met een gezamenlijk budget te werken.",
    ),
    # a provider's profile on a website is no care profile
    ("scope", "Alle gecontracteerde aanbieders staan met een eigen profiel op de website."),
    ("scope", "Elke zorgaanbieder heeft een profielpagina in de digitale wegwijzer."),
    # procurement in tracks or segments is no broad integral contract
    ("scope", "De inkoop omvat alle begeleiding in de regio, verdeeld over drie inkoopsporen."),
    # "waarvoor" is no compound of "voor": no request for anything
    ("aanbieders", "De vraag waarvoor een aanbieder wordt ingezet, blijft buiten dit document."),
]


@pytest.mark.parametrize(
    ("sleutel", "waarde", "zin"), STATED, ids=[f"{s}-{w}-{i}" for i, (s, w, _z) in enumerate(STATED)]
)
def test_round7_states(sleutel, waarde, zin):
    assert lees(zin)[sleutel] == waarde


@pytest.mark.parametrize(("sleutel", "zin"), SILENT, ids=[f"{s}-{i}" for i, (s, _z) in enumerate(SILENT)])
def test_round7_stays_silent(sleutel, zin):
    assert lees(zin)[sleutel] == "onbekend"


def test_niet_maar_negates_the_whole_first_conjunct():
    """Without "maar" after the clause, a negation five words back still does not reach the match:
    only the plain four-word window counts."""
    with_maar = tekst.tokeniseer("Ze kopen niet langer uren en producten (PxQ), maar resultaten.")
    i = next(n for n, t in enumerate(with_maar) if t.s == "pxq")
    assert tekst._negation(with_maar, i, i) == "niet"
    without = tekst.tokeniseer("Ze kopen niet langer uren en producten volgens PxQ in.")
    j = next(n for n, t in enumerate(without) if t.s == "pxq")
    assert tekst._negation(without, j, j) is None
    also = tekst.tokeniseer("Ze kopen niet alleen uren en producten volgens PxQ, maar ook resultaten.")
    k = next(n for n, t in enumerate(also) if t.s == "pxq")
    assert tekst._negation(also, k, k) is None


def test_short_parenthesis_joins_its_clause_long_one_does_not():
    short = tekst.tokeniseer("uren (P×Q), maar")
    assert short[0].clause == short[1].clause
    long = tekst.tokeniseer("uren (zie de bijlage met alle tarieven) en verder")
    assert long[0].clause != long[1].clause


def test_request_needs_its_om_close_by():
    assert tekst._modaal(tekst.tokeniseer("De raad vraagt het college om een voorstel voor een open house."))
    assert tekst._modaal(tekst.tokeniseer("De gemeenten vroegen de regio onder meer om ruimte voor nieuwe aanbieders."))
    assert not tekst._modaal(tekst.tokeniseer("Deze groep vraagt een brede aanpak en dat helpt om samen te werken."))


def test_lexicon_is_version_15():
    """Bumped in round 17 (lexicon 15: what a municipality buys, pros and cons, ``test_lezer_ronde17.py``)."""
    assert tekst.lexicon()["versie"] == 15
