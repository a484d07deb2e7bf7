"""Round 8 of issue 15 (lexicon 8): the reader pinned on the mechanisms added after the misses of sets
5-8 (all seen now). Every sentence is written for this test, in other words than the sets, and every
stated value has silent counterparts with the same words that do not state it. All expectations are
literals."""

# ruff: noqa: E501  (tables of sentences)

import pytest

from uitkomst.contractvormen import tekst


def lees(text: str) -> dict[str, str]:
    return {k: v.waarde for k, v in tekst.lees_tekst(text).items()}


STATED = [
    # the contrast the other way round: "niet langer in resultaten, maar in uren"
    ("bekostiging", "inspanning", "Per 2025 rekent de regio niet langer af op resultaten, maar op uren en dagdelen."),
    ("bekostiging", "inspanning", "De hulp wordt voortaan niet meer in resultaten uitgedrukt, maar in minuten."),
    # paid for what is actually put in
    ("bekostiging", "inspanning", "Aanbieders worden betaald voor wat zij in de praktijk inzetten."),
    # "resultaatgestuurd" is "resultaatgericht"
    ("bekostiging", "resultaat", "De gemeente gaat de begeleiding resultaatgestuurd bekostigen."),
    # "output" glossed as production is effort; "output" alone is a strong hint of results
    ("bekostiging", "inspanning", "Het nieuwe contract kent outputfinanciering, prijs maal hoeveelheid."),
    ("bekostiging", "resultaat", "De regio koopt de ambulante hulp outputgericht in."),
    # a talk of the municipality in which the volume is set
    (
        "bepaalt_inhoud",
        "gemeente",
        "Het wijkteam voert met iedere inwoner een gesprek waarin de omvang van de ondersteuning wordt vastgesteld.",
    ),
    ("bepaalt_inhoud", "gemeente", "De gemeente houdt een onderzoek waarbij het aantal uren wordt bepaald."),
    # result areas with a price per area are the arrangement
    ("scope", "arrangement", "Per resultaatgebied geldt een vast maandtarief."),
    # "toen" ends at a new clause: the current form is still read
    ("bekostiging", "resultaat", "Toen werd per uur betaald, maar nu krijgt de aanbieder een vast bedrag per traject."),
    # "volgend jaar ... nog" is no explicit silence (lexicon 8)
    ("bekostiging", "inspanning", "Volgend jaar betaalt de gemeente de aanbieders nog per uur."),
]

SILENT = [
    # "toen" always speaks of the past
    ("bekostiging", "Toen kregen de aanbieders een vast bedrag per maand per cliënt."),
    ("bekostiging", "De regio kocht toen de begeleiding per uur in."),
    # "los van" negates what follows, like "ongeacht"
    ("bekostiging", "De aanbieder krijgt een budget, los van de bekostiging per uur."),
    # result areas alone may be a result matrix for assessment
    ("scope", "Voor de beoordeling is een matrix gemaakt met vijf resultaatgebieden."),
    # a sentence about municipalities in general, and the "ze" that follows it
    ("bekostiging", "Gemeenten betalen aanbieders vaak per uur."),
    (
        "aanbieders",
        "Gemeenten kiezen hoe ze inkopen. Ze kunnen een open house gebruiken waarbij elke aanbieder die aan de eisen voldoet een contract krijgt.",
    ),
    ("bekostiging", "Een gemeente kan de aanbieder per uur betalen."),
    # an illustration or the condition of a hypothetical municipality
    ("bekostiging", "Een voorbeeld: de regio betaalt dan per uur."),
    ("bekostiging", "Wil een gemeente de inzet precies volgen, dan betaalt zij per uur."),
    # a list of the topics of a document, or of what follows
    (
        "aanbieders",
        "Het inkoopdocument beschrijft de opdracht, de looptijd, de percelen, het hoofdaannemerschap en de resultaten.",
    ),
    ("aanbieders", "Daarna volgen de procedure, de planning, de geschiktheidseisen en het hoofdaannemerschap."),
    ("scope", "Bij de overeenkomst horen onder meer de algemene voorwaarden en een productenboek."),
    # a hedge about the advantages of something
    (
        "regie",
        "Bij de huishoudelijke hulp lijken de voordelen van een betere toegang en van passend indiceren blijvend.",
    ),
    # a personal budget is an alternative to care in kind, no choice among contracted providers
    ("kiest_aanbieder", "In plaats van zorg in natura kan de gemeente een persoonsgebonden budget (pgb) verstrekken."),
    # choosing which other providers are needed is no choice of content
    (
        "bepaalt_inhoud",
        "Levert de aanbieder niet alles zelf, dan kiest hij met de ouders welke andere aanbieders nodig zijn.",
    ),
]


@pytest.mark.parametrize(
    ("sleutel", "waarde", "zin"), STATED, ids=[f"{s}-{w}-{i}" for i, (s, w, _z) in enumerate(STATED)]
)
def test_round8_states(sleutel, waarde, zin):
    assert lees(zin)[sleutel] == waarde


@pytest.mark.parametrize(("sleutel", "zin"), SILENT, ids=[f"{s}-{i}" for i, (s, _z) in enumerate(SILENT)])
def test_round8_stays_silent(sleutel, zin):
    assert lees(zin)[sleutel] == "onbekend"


def test_negated_contrast_states_nothing():
    """Without the "maar" clause the negated results state no effort, and the negation still
    cancels the results."""
    antwoorden = lees("De regio rekent niet langer af op resultaten.")
    assert antwoorden["bekostiging"] == "onbekend"


def test_volgt_later_is_explicit_silence_but_volgend_jaar_nog_is_not():
    stil = tekst.lees_tekst("Hoe de bekostiging wordt geregeld, volgt later.")["bekostiging"]
    assert stil.waarde == "onbekend"
    assert stil.stil == ["Hoe de bekostiging wordt geregeld, volgt later."]
    niet_stil = tekst.lees_tekst("Volgend jaar wordt de bekostiging nog geëvalueerd.")["bekostiging"]
    assert niet_stil.stil == []


def test_generic_subject_ends_with_a_specific_sentence():
    """ "Gemeenten ..." is general; the next sentence about "de regio" is read again."""
    antwoorden = lees("Gemeenten kunnen op veel manieren inkopen. De regio betaalt de aanbieders per uur.")
    assert antwoorden["bekostiging"] == "inspanning"


def test_a_list_needs_a_document_or_daarna():
    """Three commas alone are no list of topics: a plain statement with a list of products stays one."""
    antwoorden = lees("De gemeente betaalt de begeleiding, de dagbesteding, het vervoer en de logeeropvang per uur.")
    assert antwoorden["bekostiging"] == "inspanning"


def test_an_exclusion_also_bars_the_sentence_model():
    """The sentence that the exclusion cancels for "the provider determines the content" is no model
    evidence for that value either (``tekst._apply_model``)."""
    voorstel = tekst.lees_tekst(
        "Levert de aanbieder niet alles zelf, dan kiest hij samen met het gezin welke andere aanbieders nodig zijn."
    )["bepaalt_inhoud"]
    assert voorstel.waarde == "onbekend"
    assert voorstel.methode == ""
