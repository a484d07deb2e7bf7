"""Round 3 of issue 15 (lexicon 4): derived answers are suggestions, scored apart; and the phrases,
negations, modality and old-versus-new markers added for generalisation."""

import json

import pytest

from uitkomst.contractvormen import classificatie, evaluatie, services, tekst


def stated(text: str) -> dict[str, str]:
    return {k: v.waarde for k, v in tekst.lees_tekst(text).items() if v.waarde != "onbekend"}


# --- derived answers are suggestions ----------------------------------------------------------------


def test_classification_names_archetype_from_stated_answers_only_and_suggests_the_rest():
    text = "De aanbieders declareren per geleverd uur."
    result = services.tekst_lezen(data=text.encode()).classificatie
    assert result.antwoorden["bekostiging"] == "inspanning"
    assert result.antwoorden["scope"] == "onbekend" and result.archetype is None
    assert "scope" in result.ontbrekend["archetype"]
    sugg = result.suggesties
    assert sugg["antwoorden"]["scope"]["waarde"] == "product"
    assert sugg["archetype"] == "awbztje"  # what the suggestions would give, named apart
    data = result.als_dict()
    assert data["archetype"] is None and data["suggesties"]["archetype"] == "awbztje"


def test_questionnaire_has_no_suggestions():
    result = classificatie.classificeer({"bekostiging": "inspanning"})
    assert result.suggesties == {"antwoorden": {}, "archetype": None, "kwadrant": None}


def test_stated_answer_is_never_overwritten_by_a_suggestion():
    r = tekst.lees_tekst("De aanbieders declareren per geleverd uur. De aanbieder bepaalt zelf hoeveel uur nodig is.")
    assert r["bepaalt_inhoud"].waarde == "aanbieder" and r["bepaalt_inhoud"].suggestie is None


def test_evaluation_scores_suggestions_apart(tmp_path):
    cases = [
        {"id": "a", "text": "De aanbieders declareren per geleverd uur.",
         "expected": {"bekostiging": "inspanning", "scope": "onbekend", "bepaalt_inhoud": "gemeente"}},
    ]  # fmt: skip
    ev = evaluatie.evalueer(cases, naam="t")
    assert ev.scores["scope"].stil_goed == 1  # the answer stays silent where the label is silent
    assert ev.scores["bepaalt_inhoud"].gemist == 1  # a suggestion is no answer
    assert ev.suggesties["scope"].bij_stil == 1 and ev.suggesties["bepaalt_inhoud"].goed == 1
    assert ev.als_dict()["suggesties"]["zes_antwoorden"]["gegeven"] == ev.suggesties_totaal.gegeven >= 2
    report = evaluatie.rapport(ev, per_geval=True)
    assert "Afgeleide suggesties" in report and "scope: suggestie product" in report


def test_cli_text_keeps_its_keys_and_adds_suggestions(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    f = tmp_path / "t.txt"
    f.write_text("Per wijk sluit de gemeente een contract met één consortium.", encoding="utf-8")
    out = StringIO()
    call_command("classify", str(f), "--text", stdout=out)
    data = json.loads(out.getvalue())
    assert {"antwoorden", "archetype", "kwadrant", "bewijs", "ontbrekend", "suggesties"} <= set(data)
    assert data["antwoorden"]["kiest_aanbieder"] == "onbekend"
    assert data["suggesties"]["antwoorden"]["kiest_aanbieder"]["regel"] == "hoofdaannemer_gemeente_kiest"


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
