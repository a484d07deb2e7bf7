"""Round 14 of the text reader (lexicon 12, issue 15), from held-out set 15 after its single run: the
day of a date is no number ("vanaf 1 januari 2010 negen aanbieders" named one main contractor), doubt
and urging only consider ("het is maar de vraag wat een kleiner aantal oplevert", "dringt aan op minder
aanbieders"), and more choice for the clients. See docs/contractvormen-lezer.md, round 14."""

import pytest

from uitkomst.contractvormen import tekst

from .helpers import rules_only


def test_the_day_of_a_date_is_no_number():
    assert "1" not in tekst.tokens("Vanaf 1 januari 2010 zijn negen aanbieders gecontracteerd.")
    assert rules_only("Voor de regio zijn vanaf 1 januari 2010 negen aanbieders gecontracteerd.") == {
        "aanbieders": "beperkt"
    }
    # "één" still counts as one, next to a date too
    r = rules_only("Sinds 1 januari heeft de regio één aanbieder gecontracteerd voor alle jeugdhulp.")
    assert r.get("aanbieders") == "hoofdaannemer"


@pytest.mark.parametrize(
    "zin",
    [
        "Het is maar de vraag wat een kleiner aantal aanbieders oplevert.",
        "Het CDA dringt aan op een kleiner aantal aanbieders.",
        "De partij, die aandringt op een beperkt aantal aanbieders, kreeg geen meerderheid.",
    ],
)
def test_doubt_and_urging_only_consider(zin):
    assert "aanbieders" not in rules_only(zin)
    assert tekst._modaal(tekst.tokeniseer(zin))


def test_a_plain_limited_number_still_states():
    assert rules_only("De gemeente heeft een beperkt aantal aanbieders gecontracteerd.") == {"aanbieders": "beperkt"}


def test_more_choice_for_the_clients():
    assert rules_only("Cliënten hebben daardoor meer keuzemogelijkheden gekregen.") == {"kiest_aanbieder": "client"}
    assert rules_only("De gemeente onderzoekt de keuzemogelijkheden voor de inkoop.") == {}
