"""Round 13 of the text reader (lexicon 11, issue 15): separable verbs have one lemma in every form
(simplemma writes the participle "vastgesteld" as "vast_stellen" but the infinitive as "vaststellen",
so a phrase with "toekennen" never met "toegekend"), and four phrases of the field: the request that
goes in at the access desk, the provider the client chose, all of the help under one roof, and a
named number of sitting providers. See docs/contractvormen-lezer.md, round 13."""

import pytest

from uitkomst.contractvormen import tekst

from .helpers import rules_only


@pytest.mark.parametrize(
    "vorm,infinitief",
    [
        ("vastgesteld", "vaststellen"),
        ("toegekend", "toekennen"),
        ("toegewezen", "toewijzen"),
        ("opgesteld", "opstellen"),
        ("afgesproken", "afspreken"),
        ("uitgevoerd", "uitvoeren"),
        ("ingezet", "inzetten"),
    ],
)
def test_a_separable_participle_has_the_lemma_of_its_infinitive(vorm, infinitief):
    assert tekst.lemma(vorm) == tekst.lemma(infinitief) == infinitief


def test_no_lemma_keeps_simplemma_s_particle_mark():
    woorden = tekst.tokens("De omvang is vastgesteld, de uren zijn toegekend en het plan is opgesteld en uitgevoerd.")
    assert woorden and not [w for w in woorden if "_" in w]


@pytest.mark.parametrize(
    "zin,sleutel,waarde",
    [
        # the participle of a separable verb now meets the phrase of its infinitive
        ("Het gaat om de hulp die het college haar had toegekend: 78 uur per jaar.", "bepaalt_inhoud", "gemeente"),
        ("De school dient een aanvraag voor diagnostiek in bij de Toegang Dyslexie.", "regie", "gemeente"),
        ("Ouders dienen de aanvraag in bij het jeugdteam.", "regie", "gemeente"),
        ("De gemeente stuurt het besluit door naar de aanbieder die u zelf hebt gekozen.", "kiest_aanbieder", "client"),
        ("De jeugdzorg in de regio komt vanaf volgend jaar onder één dak.", "aanbieders", "hoofdaannemer"),
        ("Tot het nieuwe contract ingaat, zetten de vier zittende aanbieders hun hulp voort.", "aanbieders", "beperkt"),
    ],
)
def test_phrases_of_round_13(zin, sleutel, waarde):
    assert rules_only(zin).get(sleutel) == waarde


@pytest.mark.parametrize(
    "zin,sleutel",
    [
        # members of a consortium are no limited set of contract holders
        ("Het verband is een samenwerking van vijf bestaande aanbieders.", "aanbieders"),
        # a definition of specialised help, not who does the access (set 13, real sentences)
        ("Voor specialistische hulp is een beschikking van de gemeente nodig.", "regie"),
        # the provider's request to the municipality is no access desk
        ("De aanbieder dient een verzoek om toewijzing in bij de gemeente.", "regie"),
        ("Het wijkteam en het consultatiebureau zitten onder één dak.", "aanbieders"),
    ],
)
def test_round_13_phrases_stay_silent(zin, sleutel):
    assert sleutel not in rules_only(zin)


def test_the_national_framework_for_certified_institutions_is_no_municipal_volume_standard():
    """Set 14 after its single run: a subsidy rule for certified institutions."""
    zin = "Bovenop de certificeringseisen uit het landelijke normenkader stelt het college aanvullende voorwaarden."
    r = tekst.lees_tekst(zin)
    assert (r["regie"].waarde, r["bepaalt_inhoud"].waarde) == ("onbekend", "onbekend")
    # the municipal standard for the hours of household help still counts
    gemeentelijk = rules_only("De consulent bepaalt de uren met het normenkader huishoudelijke hulp.")
    assert gemeentelijk.get("bepaalt_inhoud") == "gemeente"


def test_where_the_help_takes_place_is_no_choice_of_content():
    """Set 14 after its single run: the sentence model read "op locatie van de aanbieder" as the
    provider determining the help (0.97); three own sentences under `geen` (zinnen.yaml 6)."""
    zin = (
        "Onder jeugdhulp zonder verblijf vallen ambulante jeugdhulp op locatie van de aanbieder, daghulp op "
        "locatie van de aanbieder en jeugdhulp in het netwerk van de jeugdige."
    )
    assert tekst.lees_tekst(zin)["bepaalt_inhoud"].waarde == "onbekend"
