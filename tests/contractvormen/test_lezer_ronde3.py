"""Round 3 of issue 15 (lexicon 4): derived answers are suggestions, scored apart; and the phrases,
negations, modality and old-versus-new markers added for generalisation."""

import json

import pytest

from uitkomst.contractvormen import evaluatie, services, tekst


def stated(text: str) -> dict[str, str]:
    """The answers the text itself states (derived answers left out)."""
    return {k: v.waarde for k, v in tekst.lees_tekst(text).items() if v.herkomst == "tekst"}


# --- derived answers: stated by four rules, suggested by the others --------------------------------


def test_classification_names_archetype_from_stated_and_derived_answers():
    # lexicon 9: hours state the narrow product (a dependency that states), so the archetype follows
    text = "De aanbieders declareren per geleverd uur."
    result = services.tekst_lezen(data=text.encode()).classificatie
    assert (result.antwoorden["bekostiging"], result.antwoorden["scope"]) == ("inspanning", "product")
    assert result.archetype == "awbztje"
    assert result.bewijs["scope"]["herkomst"] == "afgeleid"


def test_classification_names_no_archetype_from_suggestions_and_says_what_is_missing():
    text = "De gemeente betaalt de aanbieder een lumpsum per jaar voor alle inwoners van de wijk."
    result = services.tekst_lezen(data=text.encode()).classificatie
    assert result.antwoorden["bepaalt_inhoud"] == "onbekend" and result.archetype is None
    assert result.ontbrekend["archetype"] == ["aanbieders"]
    assert result.suggesties["antwoorden"]["bepaalt_inhoud"]["regel"] == "populatie_aanbieder_bepaalt"
    data = result.als_dict()
    assert data["archetype"] is None and data["suggesties"]["antwoorden"]["bepaalt_inhoud"]["waarde"] == "aanbieder"


def test_evaluation_scores_suggestions_apart(tmp_path):
    cases = [
        {"id": "a", "text": "De gemeente betaalt de aanbieder een lumpsum per jaar voor alle inwoners van de wijk.",
         "expected": {"bekostiging": "populatie", "scope": "integraal", "bepaalt_inhoud": "aanbieder"}},
        {"id": "b", "text": "De regio stapt over op populatiebekostiging.",
         "expected": {"bekostiging": "populatie", "bepaalt_inhoud": "onbekend"}},
    ]  # fmt: skip
    ev = evaluatie.evalueer(cases, naam="t")
    assert ev.scores["bepaalt_inhoud"].gemist == 1  # a suggestion is no answer
    assert ev.scores["bepaalt_inhoud"].stil_goed == 1  # and stays silent where the label is silent
    assert ev.suggesties["bepaalt_inhoud"].goed == 1 and ev.suggesties["bepaalt_inhoud"].bij_stil == 1
    assert ev.als_dict()["suggesties"]["zes_antwoorden"]["gegeven"] == ev.suggesties_totaal.gegeven == 2
    report = evaluatie.rapport(ev, per_geval=True)
    assert "Afgeleide suggesties" in report and "bepaalt_inhoud: suggestie aanbieder" in report


def test_cli_text_keeps_its_keys_and_adds_suggestions(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    f = tmp_path / "t.txt"
    f.write_text("Per wijk sluit de gemeente een contract met één consortium. De regio stapt over op "
                 "populatiebekostiging.", encoding="utf-8")  # fmt: skip
    out = StringIO()
    call_command("classify", str(f), "--text", stdout=out)
    data = json.loads(out.getvalue())
    assert {"antwoorden", "archetype", "kwadrant", "bewijs", "ontbrekend", "suggesties"} <= set(data)
    assert data["antwoorden"]["kiest_aanbieder"] == "gemeente"  # derived, and stated as such
    assert data["bewijs"]["kiest_aanbieder"]["herkomst"] == "afgeleid"
    assert "hoofdaannemer_gemeente_kiest" in data["bewijs"]["kiest_aanbieder"]["uitleg"]
    assert data["antwoorden"]["bepaalt_inhoud"] == "onbekend"
    assert data["suggesties"]["antwoorden"]["bepaalt_inhoud"]["regel"] == "populatie_aanbieder_bepaalt"


# --- vocabulary of the field (one sentence per value added in round 3) -------------------------------


@pytest.mark.parametrize(
    ("zin", "sleutel", "waarde"),
    [
        ("De behandeling wordt per sessie van 45 minuten vergoed.", "bekostiging", "inspanning"),
        ("De aanbieder krijgt een vast maandbedrag per inwoner, afhankelijk van de intensiteit.", "bekostiging",
         "resultaat"),
        ("Het aantal aanbieders in de regio is flink geslonken.", "aanbieders", "beperkt"),
        ("De regio heeft met vijf aanbieders raamovereenkomsten gesloten.", "aanbieders", "beperkt"),
        ("Per perceel is de opdracht gegund aan de inschrijver met de beste prijs-kwaliteitverhouding.", "aanbieders",
         "beperkt"),
        ("Inwoners worden door het Wmo-loket aan de opdrachtnemer van hun perceel toegewezen.", "kiest_aanbieder",
         "gemeente"),
        ("De lokale teams verwijzen door naar het consortium.", "kiest_aanbieder", "gemeente"),
        ("U kiest uit alle aanbieders waarmee de gemeente een contract heeft.", "kiest_aanbieder", "client"),
        ("De inwoner kan op elk moment van aanbieder wisselen.", "kiest_aanbieder", "client"),
        ("De begeleiding wordt ingekocht aan de hand van een lijst van twaalf producten.", "scope", "product"),
        ("De stichting voert de volledige Wmo-ondersteuning uit, inclusief de toegang.", "scope", "integraal"),
        ("Het gebiedsteam bepaalt samen met het gezin de doelen; de hoofdaannemer bepaalt hoe die worden bereikt.",
         "regie", "gedeeld"),
    ],
)  # fmt: skip
def test_round3_phrases(zin, sleutel, waarde):
    assert stated(zin).get(sleutel) == waarde


# --- negation, modality, old versus new ---------------------------------------------------------------


@pytest.mark.parametrize(
    "zin",
    [
        "De gemeente is niet van plan om over te stappen op populatiebekostiging.",
        "Het is nog de vraag of de regio overgaat op trajectfinanciering.",
        "Wij stoppen met het productenboek.",
        "In het verleden werkte de gemeente met PxQ.",
        "De begeleiding was tot vorig jaar ingekocht via een open house met uurtarieven.",
        "PxQ is verleden tijd.",
        "Er wordt niet meer per uur betaald.",
        "Er komt geen lumpsum voor de aanbieders.",
        "Voorheen kon de cliënt zelf een aanbieder kiezen.",
    ],
)
def test_negated_considered_or_old_statements_say_nothing(zin):
    assert stated(zin) == {}


def test_old_year_clause_before_now_counts_for_nothing():
    r = stated("Tot 2023 werd per uur betaald; nu ontvangt de aanbieder een vast bedrag per traject.")
    assert r == {"bekostiging": "resultaat"}


def test_until_a_future_year_is_not_the_old_situation():
    assert stated("Tot 2028 declareren de aanbieders per geleverd uur.") == {"bekostiging": "inspanning"}


def test_from_now_on_is_the_new_situation():
    assert stated("Voortaan kiest de inwoner zelf een aanbieder.") == {"kiest_aanbieder": "client"}
    assert stated("De aanbieders worden voortaan betaald per geleverd uur.") == {"bekostiging": "inspanning"}
