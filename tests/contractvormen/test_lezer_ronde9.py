"""Round 9 of the text reader (lexicon 9, issue 15): the phrases written from the misses on real
sentences (``data/zinnen_echt.yaml``) and on set 10 after its single run, each pinned on a sentence in
our own words; the narrowed phrases that must stay silent; the refusal of a group written as an
alternative of a word. See docs/contractvormen-lezer.md, round 9."""

import pytest

from uitkomst.contractvormen import tekst

from .helpers import rules_only


@pytest.mark.parametrize(
    ("zin", "sleutel", "waarde"),
    [
        ("Het keukentafelgesprek voert u met een medewerker van de gemeente.", "regie", "gemeente"),
        ("Inwoners melden zich bij het sociaal team van hun wijk.", "regie", "gemeente"),
        ("De gemeente doet daarna onderzoek naar uw situatie.", "regie", "gemeente"),
        ("Voor begeleiding hebt u een indicatie nodig van het wijkteam.", "regie", "gemeente"),
        ("Voor begeleiding hebt u een indicatie nodig van het wijkteam.", "bepaalt_inhoud", "gemeente"),
        ("Op basis van het plan besluit de gemeente met een beschikking welke voorziening u krijgt.", "bepaalt_inhoud",
         "gemeente"),
        ("Het gebiedsteam zet zelf lichte hulp in.", "bepaalt_inhoud", "gemeente"),
        ("De thuiszorgorganisatie beoordeelt of u recht heeft op huishoudelijke hulp.", "regie", "aanbieder"),
        ("Drie aanbieders voeren sinds dit jaar de wijkteams uit.", "regie", "aanbieder"),
        ("De teams zijn onderdeel van een coöperatie van jeugdhulpaanbieders.", "regie", "aanbieder"),
        ("Het ondersteuningsplan wordt door de aanbieder opgesteld.", "bepaalt_inhoud", "aanbieder"),
        ("De aanbieder kan aanvullende hulp inzetten zonder nieuwe toekenning van het team.", "bepaalt_inhoud",
         "aanbieder"),
        ("U bespreekt met uw zorgaanbieder welke ondersteuning nodig is.", "bepaalt_inhoud", "aanbieder"),
        ("Dienstverleners komen in aanmerking voor een overeenkomst als zij voldoen aan de eisen.", "aanbieders",
         "open"),
        ("Elke wijk heeft één consortium dat de hulp levert.", "aanbieders", "hoofdaannemer"),
        ("Er werken nu vier gecontracteerde aanbieders in de regio.", "aanbieders", "beperkt"),
        ("U mag zelf kiezen bij welke aanbieder u de hulp afneemt.", "kiest_aanbieder", "client"),
        ("Het uurtarief voor begeleiding is 58 euro per uur.", "bekostiging", "inspanning"),
        ("De regio werkt met resultaat gericht inkopen.", "bekostiging", "resultaat"),
        ("Het arrangementstarief dekt alle hulp die nodig is.", "bekostiging", "resultaat"),
        ("Sinds dit jaar werkt de wijk met één wijkbudget voor zorg en welzijn.", "bekostiging", "populatie"),
        ("Sinds dit jaar werkt de wijk met één wijkbudget voor zorg en welzijn.", "scope", "integraal"),
    ],
)  # fmt: skip
def test_lexicon_9_phrase(zin, sleutel, waarde):
    assert rules_only(zin).get(sleutel) == waarde


@pytest.mark.parametrize(
    "zin",
    [
        # a provider reporting to the municipality is no report by the client
        "De contractant meldt een weigering binnen drie dagen bij de gemeente.",
        # agreements made together with providers in a tender are no support plan
        "De afspraken worden samen met de aanbieders ingevuld in de dialoogfase.",
        # the municipality's responsibility under the law is no broad contract
        "De gemeente is verantwoordelijk voor alle jeugdhulp in de stad.",
    ],
)
def test_narrowed_phrases_stay_silent(zin):
    assert rules_only(zin) == {}


def test_a_ruling_that_does_not_cover_tariffs_is_silent_about_them():
    r = tekst.lees_tekst("Over de tarieven per profiel gaat de uitspraak niet.")
    assert r["bekostiging"].waarde == "onbekend" and r["bekostiging"].stil


def test_one_main_contractor_per_area_states_the_municipality_chose_as_derived():
    r = tekst.lees_tekst("Elke wijk heeft één consortium dat de hulp levert.")
    assert (r["kiest_aanbieder"].waarde, r["kiest_aanbieder"].herkomst) == ("gemeente", "afgeleid")


def test_a_group_as_an_alternative_of_a_word_is_refused():
    with pytest.raises(ValueError, match="groep"):
        tekst.uitvouwen("wijkbudget|{gebiedsgericht bekostigen}")
    with pytest.raises(ValueError, match="groep"):
        tekst.uitvouwen("{a b}|c d")
    assert tekst.uitvouwen("{a b|c} d") == ["a b d", "c d"]


# --- round 11: from set 11 (seen after its single run) ---------------------------------------------------


@pytest.mark.parametrize(
    ("zin", "sleutel", "waarde"),
    [
        ("Het besluit gaat naar de aanbieder van uw keuze.", "kiest_aanbieder", "client"),
        ("De inwoner vraagt de hulp zelf aan bij een van de samenwerkende zorgaanbieders.", "kiest_aanbieder",
         "client"),
        ("De ondersteuning staat in het plan: de gemeente gaat over het wat, de aanbieder over het hoe.",
         "bepaalt_inhoud", "aanbieder"),
    ],
)  # fmt: skip
def test_round_11_phrase(zin, sleutel, waarde):
    assert rules_only(zin).get(sleutel) == waarde


@pytest.mark.parametrize(
    ("zin", "sleutel"),
    [
        # what the client pays himself is no funding of the provider
        ("De inwoner betaalt zelf vijf euro per uur.", "bekostiging"),
        ("De eigen betaling is drie euro per uur.", "bekostiging"),
        # a personal budget is no choice among contracted providers
        ("Met een pgb kunt u zelf een aanbieder of een persoon naar keuze inhuren.", "kiest_aanbieder"),
        # "aanvullende hulp" is no "vult ... in"
        ("De aanbieder levert alle aanvullende hulp in de regio.", "bepaalt_inhoud"),
        # "wil weten hoe" is no "het hoe"
        ("Het Kamerlid wil weten hoe de gemeente de uitspraak uitvoert.", "bepaalt_inhoud"),
    ],
)
def test_round_11_silent(zin, sleutel):
    assert sleutel not in rules_only(zin)
