"""Round 12 of the text reader (lexicon 10, issue 15): the municipality that determines the content
also has the coordination and assigns a narrow product (``gemeente_bepaalt_regie`` now states,
``gemeente_bepaalt_product`` is new), but only from what the text itself says (``stelt: tekst``), and
never where the text points at another value too; and the statutory Wmo route (melding, onderzoek,
aanvraag, besluit) at the municipality. See docs/contractvormen-lezer.md, round 12."""

import pytest

from uitkomst.contractvormen import lezen, tekst

from .helpers import rules_only

CONSULENT = "De consulent stelt vast hoeveel uur hulp bij het huishouden nodig is."
BESCHIKKING = "Het aantal uren hulp bij het huishouden staat in de beschikking."  # no actor named


def test_municipality_that_sets_the_content_states_coordination_and_product():
    r = tekst.lees_tekst(BESCHIKKING)
    assert (r["bepaalt_inhoud"].waarde, r["bepaalt_inhoud"].herkomst) == ("gemeente", "tekst")
    assert not r["regie"].scores and not r["scope"].scores  # the text itself says neither
    for sleutel, waarde, code in (
        ("regie", "gemeente", "gemeente_bepaalt_regie"),
        ("scope", "product", "gemeente_bepaalt_product"),
    ):
        v = r[sleutel]
        assert (v.waarde, v.herkomst, v.methode, v.suggestie) == (waarde, "afgeleid", "regel", None), sleutel
        assert code in v.uitleg and v.uitleg.startswith("Afgeleid")
        assert v.zinnen == [BESCHIKKING]
        assert 0.5 <= v.zekerheid <= 0.55


def test_a_stated_coordination_stays_the_texts_and_the_product_is_derived():
    r = tekst.lees_tekst(CONSULENT)
    assert (r["regie"].waarde, r["regie"].herkomst) == ("gemeente", "tekst")
    assert (r["scope"].waarde, r["scope"].herkomst) == ("product", "afgeleid")


def test_the_regisseursmodel_is_named_from_the_text_and_the_two_derivations():
    klass = lezen.lees_gegevens(CONSULENT.encode()).classificatie
    assert klass.archetype == "regisseursmodel"


def test_a_derived_content_answer_only_suggests_the_next_step():
    # hours -> the municipality sets the volume (derived) -> coordination: a second step, a suggestion
    r = tekst.lees_tekst("De aanbieders declareren per geleverd uur.")
    assert (r["bepaalt_inhoud"].waarde, r["bepaalt_inhoud"].herkomst) == ("gemeente", "afgeleid")
    assert r["regie"].waarde == "onbekend"
    assert r["regie"].suggestie["regel"] == "gemeente_bepaalt_regie"


def test_a_text_that_points_at_another_value_too_is_not_decided_by_a_rule():
    r = tekst.lees_tekst(CONSULENT.replace(" bij het huishouden", "") + " De aanbieder voert de regie over de hulp.")
    assert r["bepaalt_inhoud"].waarde == "gemeente"
    assert set(r["regie"].scores) == {"gemeente", "aanbieder"}
    assert r["regie"].waarde == "onbekend"  # the text left it open; the rule only suggests
    assert r["regie"].suggestie["waarde"] == "gemeente"


def test_a_stated_other_scope_is_kept():
    r = tekst.lees_tekst(
        "De consulent stelt vast hoeveel uur hulp nodig is. De aanbieder stelt met het gezin een arrangement op."
    )
    assert r["scope"].waarde == "arrangement" and r["scope"].herkomst == "tekst"


def test_without_the_content_answer_nothing_is_derived():
    r = tekst.lees_tekst("Een medewerker van het wijkteam van de gemeente belt u voor een gesprek.")
    assert r["regie"].waarde == "gemeente"
    assert r["scope"].waarde == "onbekend" and r["scope"].suggestie is None
    assert r["bepaalt_inhoud"].waarde == "onbekend"


@pytest.mark.parametrize(
    ("zin", "sleutel", "waarde"),
    [
        # the statutory Wmo route at the municipality (melding, onderzoek, aanvraag, besluit)
        ("Lukt dat niet, dan meldt de inwoner zich bij de gemeente.", "regie", "gemeente"),
        ("Na de melding volgt binnen zes weken een onderzoek door de gemeente.", "regie", "gemeente"),
        ("Het college beslist binnen twee weken op de aanvraag.", "regie", "gemeente"),
        ("Na de aanvraag neemt het college binnen twee weken een besluit.", "regie", "gemeente"),
        ("U ontvangt een beschikking waarin staat welke ondersteuning u krijgt.", "bepaalt_inhoud", "gemeente"),
        # one organisation for (almost) all of it; contracts with (almost) every provider
        (
            "Sinds dit jaar levert één organisatie vrijwel alle specialistische jeugdhulp in de regio.",
            "aanbieders",
            "hoofdaannemer",
        ),
        ("De regio koos voor een langjarig partnerschap met één aanbieder.", "aanbieders", "hoofdaannemer"),
        ("De gemeente heeft contracten met een groot aantal zorgaanbieders.", "aanbieders", "open"),
        ("Met vrijwel alle betrokken partijen, ruim 120 organisaties, zijn afspraken gemaakt.", "aanbieders", "open"),
        # a service in a few described kinds is a narrow product
        (
            "De gemeente kent drie soorten: gewone huishoudelijke hulp, hulp met organisatie van het huishouden en "
            "hulp in een ontregeld huishouden.",
            "scope",
            "product",
        ),
        (
            "De regels kennen ambulante begeleiding in drie varianten: basis, specialistisch en extra.",
            "scope",
            "product",
        ),
        # a named service that the text calls a maatwerkvoorziening
        ("Huishoudelijke ondersteuning is een maatwerkvoorziening.", "scope", "product"),
    ],
)
def test_phrases_of_round_12(zin, sleutel, waarde):
    assert rules_only(zin).get(sleutel) == waarde


@pytest.mark.parametrize(
    "zin",
    [
        "De contractant meldt dat binnen drie werkdagen bij de gemeente.",  # the provider reports, no intake
        "De gemeente ontving vorig jaar veel meldingen over overlast.",
        "Het college besluit de inkoop van jeugdhulp anders te organiseren.",  # no decision on a request
        "De gemeente kent drie soorten inwoners: jongeren, volwassenen en ouderen.",  # kinds, but not of a service
        "Eén organisatie levert de gegevens aan het CBS.",  # one organisation, but not for all of the help
        "De gemeente maakt onderscheid tussen algemene voorzieningen en maatwerkvoorzieningen.",
        # set 13 (after its single run): naming the provision is not the scope of the contract
        "Wie een maatwerkvoorziening begeleiding nodig heeft, verwijzen de gemeenten naar het samenwerkingsverband.",
    ],
)
def test_round_12_phrases_stay_silent(zin):
    assert rules_only(zin) == {}


@pytest.mark.parametrize("waarde", ["ja", 1, "Tekst", None])
def test_a_rule_with_an_unknown_stelt_is_refused(waarde):
    with pytest.raises(ValueError, match="stelt"):
        tekst._regels_controleren([{"code": "x", "stelt": waarde, "als": {}, "dan": {}}])


def test_the_shipped_rules_pass_the_check():
    tekst._regels_controleren(tekst.lexicon()["regels"])  # no error
    assert {r.get("stelt") for r in tekst.lexicon()["regels"]} <= {None, *tekst.STELT}


@pytest.mark.parametrize("waarde", [True, False, "tekst"])
def test_the_known_stelt_values_pass(waarde):
    tekst._regels_controleren([{"code": "x", "stelt": waarde, "als": {}, "dan": {}}])
