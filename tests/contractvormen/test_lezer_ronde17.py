"""Round 17 of the text reader (lexicon 15, issue 15), from held-out set 18 after its single run: open
house in compounds ("open-houseprocedure"), and the phrase ``openhouse*`` itself, which the joining
of "open house" had split into two terms (so it needed a word after it and missed "... en open house."
at the end of a sentence); which and how much care a municipality buys is its purchasing, not the
content of a client's help; the pros and cons of forms are weighed, not chosen.
See docs/contractvormen-lezer.md, round 17."""

import pytest

from uitkomst.contractvormen import tekst

from .helpers import rules_only


def test_the_open_house_phrase_is_one_term():
    assert len(tekst.compileer("openhouse*")) == 1
    assert len(tekst.compileer("open house")) == 1


@pytest.mark.parametrize(
    "zin",
    [
        "De overeenkomsten zijn afgesloten via een open-houseprocedure.",
        "De gemeente werkt met een open housesysteem.",
        "De regio koos voor open house.",
    ],
)
def test_open_house_in_compounds_and_at_the_end(zin):
    assert rules_only(zin).get("aanbieders") == "open"


def test_what_a_municipality_buys_is_no_content_of_the_help():
    assert "bepaalt_inhoud" not in rules_only("Iedere gemeente beslist zelf welke en hoeveel zorg zij inkoopt.")
    assert rules_only("De consulent bepaalt welke hulp nodig is.").get("bepaalt_inhoud") == "gemeente"


def test_pros_and_cons_of_forms_are_weighed_not_chosen():
    zin = "Het instituut legt de voor- en nadelen van aanbesteden en open house uit."
    assert "aanbieders" not in rules_only(zin)
    # "voor- en nadelen heeft" without "van": the statement after it still counts
    zin2 = "Iedere bekostigingswijze heeft voor- en nadelen en de gemeente bekostigt via p x q."
    assert rules_only(zin2).get("bekostiging") == "inspanning"


def test_no_phrase_has_a_term_that_matches_any_word():
    """The class of the open-house bug: a join that leaves "*" on its own makes a term matching any word."""
    loose = [p.zin for p in tekst.patronen() if any("" in (*t.prefixes, *t.suffixes, *t.contains) for t in p.terms)]
    assert loose == []
