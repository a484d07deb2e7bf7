"""Round 15 of the text reader (lexicon 13, issue 15), from held-out set 16 after its single run: the
care limited to one contract party (a main contractor; "contractpartij" is a provider word), an
admission document (open), and the client who need not go to the municipality first (the provider's
access). Round 16 (lexicon 14, set 17 after its single run): buying results, not products.
See docs/contractvormen-lezer.md, rounds 15 and 16."""

import pytest

from uitkomst.contractvormen import tekst

from .helpers import rules_only


@pytest.mark.parametrize(
    "zin,sleutel,waarde",
    [
        ("Daarom willen de inkopers de zorg beperken tot één contractpartij.", "aanbieders", "hoofdaannemer"),
        ("De regio heeft de opdracht beperkt tot één aanbieder per gebied.", "aanbieders", "hoofdaannemer"),
        ("Het toelatingsdocument Hulp bij het Huishouden gaat over twee voorzieningen.", "aanbieders", "open"),
        ("Wie een zorgvraag heeft, kan er terecht en hoeft niet eerst langs de gemeente.", "regie", "aanbieder"),
        ("U hoeft niet eerst de gemeente te bellen.", "regie", "aanbieder"),
    ],
)
def test_phrases_of_round_15(zin, sleutel, waarde):
    assert rules_only(zin).get(sleutel) == waarde


def test_contractpartij_is_a_provider_word():
    assert "contractpartij" in tekst.lexicon()["begrippen"]["aanbieder"]


@pytest.mark.parametrize(
    "zin,sleutel",
    [
        # a limited number is no main contractor, and going to the municipality first is the municipality's access
        ("De gemeente beperkt het aantal contractpartijen tot vijf.", "aanbieders"),
        ("U gaat eerst langs de gemeente voor een gesprek.", "regie"),
    ],
)
def test_round_15_phrases_keep_their_counterparts(zin, sleutel):
    assert rules_only(zin).get(sleutel) != ("hoofdaannemer" if sleutel == "aanbieders" else "aanbieder")


@pytest.mark.parametrize(
    "zin,waarde",
    [
        # lexicon 14 (round 16, set 17 after its single run): buying results, not products
        ("De gemeenten kopen resultaten in en geen producten.", "resultaat"),
        ("Er worden resultaten ingekocht bij de aanbieders.", "resultaat"),
        ("De gemeente koopt geen resultaten in maar uren.", "inspanning"),
    ],
)
def test_buying_results_is_result_funding(zin, waarde):
    assert rules_only(zin).get("bekostiging") == waarde


def test_results_the_provider_reaches_are_no_purchase_of_results():
    assert "bekostiging" not in rules_only("De gemeente koopt de hulp in bij aanbieders die resultaten behalen.")
