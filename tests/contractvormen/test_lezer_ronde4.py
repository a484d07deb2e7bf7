"""Round 4 of issue 15 (lexicon 5): the reader pinned on the language added for generalisation:
compound heads, a negation that belongs to its clause, "niet X maar Y", questions and their answers
(FAQ), concessive clauses, "ongeacht", "niet mogelijk" at the end of a long clause, and phrases of
the field for every value that they added, with the silent cases. All expectations are literals."""

import json
from io import StringIO

import pytest

from uitkomst.contractvormen import evaluatie, tekst


def lees(text: str) -> dict[str, str]:
    return {k: v.waarde for k, v in tekst.lees_tekst(text).items()}


# --- compound heads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("woord", "kop"),
    [
        ("toekenningsbeschikking", "beschikking"),
        ("hulptraject", "traject"),
        ("toegangsteam", "team"),  # the linking "s" is dropped
        ("ondersteuningsarrangementen", "arrangement"),
        ("centrumgemeente", "gemeente"),
        ("nietgecontracteerde", ""),  # "niet-gecontracteerde" is the opposite, no head
        ("transitiearrangement", ""),  # listed in geen_samenstelling: no arrangement of care
        ("resultaatgebied", ""),  # a domain of results, not an area
        ("uren", ""),  # short or known words have no head
    ],
)
def test_compound_head(woord, kop):
    assert tekst.kop(woord) == kop


def test_compound_is_read_on_its_head():
    r = lees("Uitsluitend de in de toekenningsbeschikking genoemde uren mogen worden gefactureerd.")
    assert r["bepaalt_inhoud"] == "gemeente"


def test_transition_arrangement_is_no_scope():
    r = lees("De regio heeft een transitiearrangement opgesteld met de zittende instellingen.")
    assert r["scope"] == "onbekend"


def test_result_domain_is_no_area_budget():
    r = lees("De aanbieder ontvangt per jeugdige een vast bedrag per week, afhankelijk van het resultaatgebied.")
    assert r["bekostiging"] == "resultaat"


# --- negation and contrast ----------------------------------------------------------------------------


def test_negation_of_a_phrase_belongs_to_its_clause():
    # "geen" negates the guarantee, not the entry of new providers after the colon
    r = lees("Er is geen omzetgarantie: nieuwe aanbieders kunnen elk jaar per 1 januari toetreden.")
    assert r["aanbieders"] == "open"


def test_not_x_but_y_affirms_y():
    r = lees("De toegang is niet bij de aanbieders belegd maar bij het sociaal team van de gemeente.")
    assert r["regie"] == "gemeente"


def test_not_x_but_y_still_negates_x():
    r = lees("De toegang is niet bij de gemeente belegd maar bij de aanbieders.")
    assert r["regie"] == "aanbieder"


def test_ongeacht_negates_what_follows():
    r = lees(
        "Vanaf 2025 betaalt de gemeente aanbieders een vast bedrag per jeugdige per maand, "
        "ongeacht het aantal contacturen."
    )
    assert r["bekostiging"] == "resultaat"


def test_ongeacht_is_no_general_negation():
    # "ongeacht" is no negation for "not described" sentences or NEG phrases: the budget stays read
    r = lees(
        "De coöperatie krijgt per jaar een vaste som voor alle begeleiding in haar wijk, ongeacht het aantal cliënten."
    )
    assert r["bekostiging"] == "populatie"


def test_not_possible_at_the_end_of_a_long_clause():
    r = lees("Toetreding van nieuwe partijen is tot het einde van de looptijd van de overeenkomst niet mogelijk.")
    assert r["aanbieders"] == "beperkt"


def test_negated_open_states_limited():
    assert lees("Nieuwe aanbieders kunnen gedurende de looptijd niet toetreden.")["aanbieders"] == "beperkt"


def test_negated_client_choice_states_the_municipality():
    assert lees("De cliënt kan de aanbieder niet zelf kiezen.")["kiest_aanbieder"] == "gemeente"


def test_without_is_no_counterpart():
    # "zonder" negates a phrase without saying what holds instead: never "beperkt"
    r = lees("Iedere aanbieder die aan de eisen voldoet, kan zonder nieuwe aanbesteding toetreden.")
    assert r["aanbieders"] == "open"


# --- word order, sentences together, old situation ---------------------------------------------------


def test_inverted_word_order_after_a_fronted_word():
    assert tekst._inversie("@aanbieder bepalen|bepaalt ... hoe") == "bepalen|bepaalt @aanbieder ... hoe"
    assert tekst._inversie("@toegang van @gemeente") is None  # no verb
    assert lees("Binnen het budget bepaalt de aanbieder welke hulp nodig is.")["bepaalt_inhoud"] == "aanbieder"
    assert lees("Daarna indiceert de gemeente de hulp.")["regie"] == "gemeente"


def test_goals_by_the_team_and_how_by_the_provider_in_two_sentences_is_shared_coordination():
    lezing = tekst.lees(
        "Het wijkteam stelt samen met het gezin de doelen vast. Hoeveel uren daarvoor nodig zijn, bepaalt de aanbieder."
    )
    v = lezing.voorstellen["regie"]
    assert (v.waarde, lezing.voorstellen["bepaalt_inhoud"].waarde) == ("gedeeld", "aanbieder")
    assert any(t.patroon == "samen: wat_en_hoe" for t in lezing.treffers)
    assert "Hoeveel uren daarvoor nodig zijn, bepaalt de aanbieder." in v.zinnen


def test_goals_alone_are_no_shared_coordination():
    assert lees("Het wijkteam stelt samen met het gezin de doelen vast.")["regie"] == "onbekend"


def test_until_that_date_with_a_past_verb_is_the_old_situation():
    assert lees("Tot die datum werd de hulp per uur betaald.")["bekostiging"] == "onbekend"
    assert lees("De hulp wordt per uur betaald.")["bekostiging"] == "inspanning"  # the same, in the present


# --- questions, concessions, "waarom" -----------------------------------------------------------------


def test_question_answered_yes_states():
    r = lees("Kan ik als inwoner zelf een zorgaanbieder kiezen?\nJa. Dat kan bij elke gecontracteerde aanbieder.")
    assert r["kiest_aanbieder"] == "client"


def test_question_answered_no_cancels():
    r = lees(
        "Vraag 7: Mag ik als aanbieder zelf bepalen hoeveel uren nodig zijn?\n"
        "Antwoord: Nee. Dat staat in de beschikking."
    )
    assert r["bepaalt_inhoud"] != "aanbieder"


def test_question_alone_is_silent():
    assert lees("Kiest de inwoner zelf een aanbieder?")["kiest_aanbieder"] == "onbekend"


def test_question_with_answer_yes_for_new_providers():
    assert lees("Kunnen nieuwe aanbieders zich nog aanmelden?\nJa, twee keer per jaar.")["aanbieders"] == "open"


def test_concessive_clause_is_no_statement():
    r = lees(
        "Hoewel de regio in haar stukken spreekt van resultaatgericht werken, rekenen aanbieders in de praktijk "
        "nog steeds af per uur of dagdeel."
    )
    assert r["bekostiging"] == "inspanning"


def test_concessive_clause_alone_is_silent():
    r = lees("Hoewel de nota spreekt van resultaatgerichte bekostiging, blijft de uitwerking vaag.")
    assert r["bekostiging"] == "onbekend"


def test_asking_why_is_no_modality():
    r = lees("Mevrouw Jansen vraagt waarom de regio heeft gekozen voor drie strategische partners.")
    assert r["aanbieders"] == "beperkt"


def test_asking_for_something_stays_modal():
    r = lees("De gemeenten vroegen onder meer om lokale aanbieders tussentijds te laten toetreden.")
    assert r["aanbieders"] == "onbekend"


# --- phrases of the field, per value ------------------------------------------------------------------

FORMULERINGEN = [
    # aanbieders
    ("aanbieders", "open", "Wie aan de geschiktheidseisen voldoet, krijgt eveneens een overeenkomst."),
    ("aanbieders", "open", "Gedurende de looptijd kunnen andere aanbieders zich melden."),
    ("aanbieders", "open", "Jeugdhulpaanbieders kunnen zich het hele jaar door aanmelden voor een overeenkomst."),
    ("aanbieders", "open", "Alle aanbieders die de deelnemersovereenkomst tekenen, kunnen meedoen."),
    (
        "aanbieders",
        "beperkt",
        "De gemeente heeft de bestaande zorgaanbieders opnieuw gecontracteerd en verder niemand.",
    ),
    (
        "aanbieders",
        "hoofdaannemer",
        "Er zijn drie thuiszorgorganisaties over, elk voor een eigen deel van de gemeente.",
    ),
    # kiest_aanbieder
    ("kiest_aanbieder", "gemeente", "Voor elk gezin wijst het gebiedsteam één hoofdaannemer aan."),
    ("kiest_aanbieder", "gemeente", "Welke organisatie bij een inwoner komt, hangt af van het adres."),
    ("kiest_aanbieder", "client", "De jongere kan het budget besteden bij een aanbieder naar keuze."),
    ("kiest_aanbieder", "client", "Cliënten zijn vrij in hun keuze van aanbieder."),
    # regie
    ("regie", "gemeente", "Het aantal uren staat in de beschikking die de gemeente afgeeft."),
    ("regie", "gemeente", "Het Wmo-loket bepaalt ook het aantal uren per week."),
    ("regie", "gemeente", "De wijkteams, die in dienst zijn van de gemeente, doen de toegang."),
    # bekostiging
    ("bekostiging", "resultaat", "Betaald wordt per gezin een arrangement in een van drie intensiteiten."),
    ("bekostiging", "resultaat", "Aanbieders worden betaald per behaald resultaat."),
    ("bekostiging", "resultaat", "De specialistische aanbieders worden betaald per traject."),
    (
        "bekostiging",
        "populatie",
        "De gemeente betaalt de stichting een vast bedrag per jaar, gebaseerd op het aantal inwoners.",
    ),
    ("bekostiging", "populatie", "De bekostiging bestaat uit een vast budget per stadsdeel."),
    # scope
    (
        "scope",
        "arrangement",
        "De aanbieder krijgt een maandbedrag, afhankelijk van de ondersteuningsintensiteit (laag, midden of hoog).",
    ),
    ("scope", "arrangement", "Voor elk kind ontvangen we één bedrag voor het hele hulptraject."),
    (
        "scope",
        "integraal",
        "De gemeente heeft alle ambulante ondersteuning voor jeugd en volwassenen aan één partij gegund.",
    ),
    ("scope", "integraal", "De organisatie pakt alle vragen van inwoners over zorg, welzijn en opvoeden op."),
    # bepaalt_inhoud
    ("bepaalt_inhoud", "aanbieder", "Hoeveel tijd daarvoor nodig is, spreekt de aanbieder zelf met de inwoner af."),
    (
        "bepaalt_inhoud",
        "gemeente",
        "De cliëntregisseurs kopen bij de gecontracteerde aanbieders de benodigde losse modules in.",
    ),
]


@pytest.mark.parametrize(("sleutel", "waarde", "zin"), FORMULERINGEN)
def test_phrase_of_the_field(sleutel, waarde, zin):
    assert lees(zin)[sleutel] == waarde


# found by probing with sentences of the field written for the purpose (not from any labelled set)
FORMULERINGEN += [
    ("bepaalt_inhoud", "gemeente", "De toewijzing vermeldt de productcode en het aantal eenheden."),
    ("bepaalt_inhoud", "aanbieder", "De gemeente schrijft niet voor hoe de aanbieder de doelen bereikt."),
    ("regie", "aanbieder", "De vraagverheldering is belegd bij de aanbieder."),
    ("regie", "aanbieder", "De toegang wordt door de aanbieders zelf georganiseerd."),
    ("aanbieders", "open", "Toetreding is het hele jaar mogelijk voor aanbieders die aan de eisen voldoen."),
    ("aanbieders", "hoofdaannemer", "De gemeente heeft één opdrachtnemer die verantwoordelijk is voor alle jeugdhulp."),
    ("aanbieders", "hoofdaannemer", "Per regio is er één consortium; andere aanbieders werken als onderaannemer."),
    ("kiest_aanbieder", "client", "Ouders bepalen zelf naar welke gecontracteerde aanbieder zij gaan."),
    ("bekostiging", "resultaat", "Per arrangement wordt een vast tarief betaald, ongeacht de werkelijke inzet."),
    ("regie", "gemeente", "De lokale toegang blijft verantwoordelijk voor het verwijzen."),
]

STIL = [
    ("bepaalt_inhoud", "De gemeente bepaalt de inkoopstrategie voor de komende jaren."),
    ("kiest_aanbieder", "De gemeente kiest voor een nieuwe inkoopaanpak."),
    ("aanbieders", "Nieuwe aanbieders moeten een VOG en een kwaliteitskeurmerk hebben."),
    ("bekostiging", "De gemeente betaalt de facturen binnen dertig dagen."),
    ("scope", "De gemeente heeft een nieuwe productmanager aangesteld."),
    ("regie", "Het lokale team bepaalt met het gezin welke resultaten moeten worden bereikt."),
    # the words occur, but the text does not state the value
    ("aanbieders", "Wie een vraag heeft over de overeenkomst, kan zich melden bij het inkoopbureau."),
    (
        "kiest_aanbieder",
        "De keuze voor een hoofdaannemer wordt volgend jaar gemaakt, zegt de wethouder; nog niets besloten.",
    ),
    ("bekostiging", "Het budget voor de wijk is dit jaar hoger dan vorig jaar."),
    ("scope", "De intensiteit van het overleg met de aanbieders is hoog."),
    ("regie", "Het loket is op werkdagen open van negen tot vijf uur."),
    ("kiest_aanbieder", "Inwoners die niet zelf kunnen kiezen, krijgen hulp bij het vinden van een aanbieder."),
]


@pytest.mark.parametrize(("sleutel", "zin"), STIL)
def test_silent_where_the_text_does_not_state_it(sleutel, zin):
    assert lees(zin)[sleutel] == "onbekend"


# --- evaluation with the suggestions accepted ---------------------------------------------------------


def _set(tmp_path):
    cases = [
        {"id": "a", "text": "De gemeente betaalt de aanbieder een lumpsum per jaar voor alle inwoners van de wijk.",
         "expected": {"bekostiging": "populatie", "bepaalt_inhoud": "aanbieder"}},
        {"id": "b", "text": "De regio stapt over op populatiebekostiging.",
         "expected": {"bekostiging": "populatie", "bepaalt_inhoud": "onbekend"}},
    ]  # fmt: skip
    path = tmp_path / "set.json"
    path.write_text(json.dumps({"cases": cases}), encoding="utf-8")
    return cases, path


def test_evaluation_with_suggestions_counts_them_as_answers(tmp_path):
    cases, _path = _set(tmp_path)
    plain = evaluatie.evalueer(cases, naam="t")
    accepted = evaluatie.evalueer(cases, naam="t", met_suggesties=True)
    assert plain.scores["bepaalt_inhoud"].gemist == 1 and accepted.scores["bepaalt_inhoud"].goed == 1
    # accepting a suggestion costs silence where the label is silent
    assert plain.scores["bepaalt_inhoud"].stil_goed == 1 and accepted.scores["bepaalt_inhoud"].stil_goed == 0
    assert accepted.als_dict()["met_suggesties"] is True and plain.als_dict()["met_suggesties"] is False
    assert "Met suggesties" in evaluatie.rapport(accepted) and "Met suggesties" not in evaluatie.rapport(plain)


def test_evaluation_cli_flag_with_suggestions(tmp_path):
    from django.core.management import call_command

    _cases, path = _set(tmp_path)
    out = StringIO()
    call_command("contractvormen_evaluatie", str(path), "--json", "--met-suggesties", stdout=out)
    data = json.loads(out.getvalue())
    assert data["met_suggesties"] is True
    assert data["per_vraag"]["bepaalt_inhoud"]["goed"] == 1
