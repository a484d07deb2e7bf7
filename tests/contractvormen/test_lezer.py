"""The text reader pinned on sentences: every value of every question, negation, modality, the old
versus the new situation, explicit silence, the dependencies between the choices, and the place
(section, offsets) of every evidence sentence. All expectations are literals."""

import pytest

from uitkomst.contractvormen import tekst


def lees(text: str) -> dict[str, str]:
    return {k: v.waarde for k, v in tekst.lees_tekst(text).items()}


# --- every value of every question, each stated in a plain sentence -----------------------------------

WAARDEN = [
    # regie
    ("regie", "gemeente", "De toegang tot de jeugdhulp blijft een taak van iedere gemeente."),
    ("regie", "gemeente", "Een onafhankelijke casusregisseur in dienst van de gemeente voert het gesprek."),
    ("regie", "gedeeld", "Daarna is één aanbieder verantwoordelijk voor het hele traject van het gezin."),
    ("regie", "gedeeld", "Per gezin wordt één hoofdaannemer aangewezen die de hulp coördineert."),
    ("regie", "aanbieder", "De hoofdaannemer voert het keukentafelgesprek en doet de toegang."),
    ("regie", "aanbieder", "Een casemanager van het samenwerkingsverband onderzoekt de vraag van de inwoner."),
    # bekostiging
    ("bekostiging", "inspanning", "De aanbieder declareert per geleverde eenheid tegen het vastgestelde tarief."),
    ("bekostiging", "inspanning", "De regio redeneert financieel vanuit prijs maal hoeveelheid."),
    ("bekostiging", "inspanning", "Begeleiding wordt ingekocht in uren en dagdelen."),
    (
        "bekostiging",
        "clientvolgend_budget",
        "De aanbieder ontvangt een cliëntvolgend budget zonder resultaatafspraken.",
    ),
    ("bekostiging", "resultaat", "Voor elk profiel geldt een vaste trajectprijs voor de hele behandeling."),
    ("bekostiging", "resultaat", "De aanbieder krijgt per jeugdige een vast bedrag per week."),
    ("bekostiging", "populatie", "Het consortium ontvangt een lumpsum voor de hele gemeente."),
    ("bekostiging", "populatie", "De regio stapt over op populatiebekostiging."),
    # aanbieders
    ("aanbieders", "open", "Iedere aanbieder die aan de kwaliteitseisen voldoet, krijgt een raamovereenkomst."),
    (
        "aanbieders",
        "open",
        "De regio contracteert via open house; nieuwe aanbieders kunnen twee keer per jaar toetreden.",
    ),
    ("aanbieders", "beperkt", "Het aantal contractpartners wordt teruggebracht van tweehonderd naar zestig."),
    ("aanbieders", "beperkt", "Alleen de huidige aanbieders krijgen een contract."),
    ("aanbieders", "hoofdaannemer", "Per wijk sluit de gemeente een contract met één consortium."),
    ("aanbieders", "hoofdaannemer", "Kleinere aanbieders kunnen alleen als onderaannemer van de alliantie meedoen."),
    # scope
    ("scope", "product", "Het aanbod is een lijst van afzonderlijk omschreven ondersteuningsvormen."),
    ("scope", "product", "De gemeente werkt met een productenboek."),
    ("scope", "arrangement", "De hulp is ingedeeld in tien ondersteuningsprofielen."),
    ("scope", "arrangement", "Per cliënt wordt een traject gecontracteerd."),
    ("scope", "integraal", "Het contract omvat de toegang, het plan en de uitvoering voor alle inwoners van de wijk."),
    ("scope", "integraal", "De gemeente sluit één integraal contract voor jeugdhulp en Wmo samen."),
    # kiest_aanbieder
    ("kiest_aanbieder", "client", "De ouders kiezen zelf een aanbieder."),
    ("kiest_aanbieder", "client", "Inwoners hebben keuzevrijheid."),
    ("kiest_aanbieder", "gemeente", "Het jeugdteam wijst de jeugdige toe aan een aanbieder."),
    ("kiest_aanbieder", "gemeente", "Er is geen keuzevrijheid."),
    # bepaalt_inhoud
    ("bepaalt_inhoud", "gemeente", "De Wmo-consulent stelt vast welke ondersteuningsvorm en hoeveel uren nodig zijn."),
    ("bepaalt_inhoud", "gemeente", "De beschikking vermeldt het aantal uren per week."),
    ("bepaalt_inhoud", "aanbieder", "De aanbieder bepaalt samen met het gezin hoe de doelen worden bereikt."),
    ("bepaalt_inhoud", "aanbieder", "Het verband mag de uitvoering naar eigen inzicht organiseren."),
]


@pytest.mark.parametrize(("sleutel", "waarde", "zin"), WAARDEN)
def test_every_value_is_read_from_a_plain_sentence(sleutel, waarde, zin):
    voorstel = tekst.lees_tekst(zin)[sleutel]
    assert voorstel.waarde == waarde, (voorstel.scores, voorstel.uitleg)
    assert voorstel.herkomst == "tekst"
    assert voorstel.zinnen == [zin]
    assert 0.5 <= voorstel.zekerheid <= 1


def test_every_value_of_the_vocabulary_is_pinned():
    from uitkomst.contractvormen import classificatie

    pinned = {(k, w) for k, w, _ in WAARDEN}
    assert pinned == {(k, w) for k in classificatie.SLEUTELS for w in classificatie.waarden(k)}


# --- negation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zin", "sleutel", "verwacht"),
    [
        ("De regio betaalt de aanbieders niet langer per uur of per dagdeel.", "bekostiging", "onbekend"),
        ("In plaats van inzet in uren wordt per cliënt een traject gecontracteerd.", "bekostiging", "onbekend"),
        ("De gemeente kiest niet voor populatiebekostiging.", "bekostiging", "onbekend"),
        ("De gemeente werkt niet met een hoofdaannemer per wijk.", "aanbieders", "onbekend"),
        ("Er zijn geen afspraken over te behalen resultaten.", "bekostiging", "onbekend"),
        ("De jeugdhulp wordt niet meer per product ingekocht.", "scope", "onbekend"),
        # a negation that states the other value
        ("Er is geen omzetgarantie.", "aanbieders", "open"),
        ("Nieuwe aanbieders kunnen zich tijdens de looptijd niet aanmelden.", "aanbieders", "beperkt"),
        ("Cliënten kunnen zelf geen aanbieder kiezen.", "kiest_aanbieder", "gemeente"),
        ("Kleinere aanbieders hebben geen eigen contract meer.", "aanbieders", "hoofdaannemer"),
        # "niet alleen" is no negation
        ("Niet alleen de ouders kiezen zelf een aanbieder, ook jongeren vanaf zestien.", "kiest_aanbieder", "client"),
    ],
)
def test_negation(zin, sleutel, verwacht):
    assert lees(zin)[sleutel] == verwacht


def test_replaced_by_negates_what_comes_before():
    r = lees("Uren en dagdelen worden vervangen door vijf ondersteuningsprofielen.")
    assert r["bekostiging"] == "onbekend" and r["scope"] == "arrangement"


# --- modality, old versus new -------------------------------------------------------------------------------


def test_something_only_considered_does_not_count():
    r = lees("Het college onderzoekt of populatiebekostiging in de toekomst een optie is.")
    assert r["bekostiging"] == "onbekend"


def test_a_wish_does_not_count():
    assert lees("De gemeenten vroegen om lokale aanbieders tussentijds te laten toetreden.")["aanbieders"] == "onbekend"


def test_the_old_situation_does_not_count_the_new_does():
    text = (
        "Tot en met 2021 kocht de gemeente jeugdhulp in op basis van uren, met ruim honderd productcodes. "
        "Sinds 2022 geldt per ondersteuningsprofiel een trajecttarief."
    )
    r = lees(text)
    assert r["bekostiging"] == "resultaat" and r["scope"] == "arrangement"


def test_a_year_before_the_start_with_a_past_verb_is_old():
    text = "In 2015 kocht de gemeente uren en dagdelen in. Sinds 2019 krijgt één hoofdaannemer per gebied een lumpsum."
    r = tekst.lees_tekst(text)
    assert r["bekostiging"].waarde == "populatie"
    assert all("2015" not in z for z in r["bekostiging"].zinnen)


def test_daarvoor_marks_the_old_contracts():
    text = "Daarvoor hadden de gemeenten losse contracten met iedere aanbieder die aan de eisen voldeed."
    assert lees(text)["aanbieders"] == "onbekend"


def test_voortaan_keeps_the_new_part_of_a_sentence():
    r = lees("Vroeger betaalde de regio per uur, maar voortaan krijgt de aanbieder een vaste prijs per traject.")
    assert r["bekostiging"] == "resultaat"


# --- silence ----------------------------------------------------------------------------------------------


SILENT = [
    "De gemeente Zonnewaarde telde op 1 januari ruim 24.000 inwoners. De bibliotheek verhuisde naar het cultuurhuis.",
    "Aanbieders stapten naar de rechter omdat de tarieven te laag zouden zijn. De rechter gaf hen gelijk.",
    "De kosten van de jeugdzorg liepen met tien miljoen euro uit. Het college wil de wachtlijsten aanpakken.",
    "De gemeenten verdelen de kosten van beschermd wonen deels solidair en deels naar werkelijk gebruik.",
    "Aanbieders krijgen per jaar een budgetplafond.",
    "Het college presenteert een beleidsplan met drie ambities: meedoen, gezond opgroeien en veilig thuis.",
]


@pytest.mark.parametrize("text", SILENT)
def test_a_text_without_a_contract_form_stays_silent(text):
    result = tekst.lees_tekst(text)
    assert {v.waarde for v in result.values()} == {"onbekend"}
    assert all(v.zekerheid == 0 and not v.zinnen for v in result.values())


def test_a_sentence_saying_it_does_not_tell_is_no_evidence_and_blocks_rules():
    text = (
        "De aanbieders declareren per geleverd uur. "
        "Wie bepaalt hoeveel uren een jeugdige krijgt en hoe ouders een aanbieder kiezen, wordt niet beschreven."
    )
    r = tekst.lees_tekst(text)
    assert r["bekostiging"].waarde == "inspanning"
    # without the silence sentence the dependency rule would fill this in (see below)
    assert r["bepaalt_inhoud"].waarde == "onbekend" and r["bepaalt_inhoud"].stil
    assert r["kiest_aanbieder"].waarde == "onbekend" and r["kiest_aanbieder"].uitleg
    assert r["kiest_aanbieder"].zinnen == []


def test_the_silence_sentence_itself_names_a_value_without_counting():
    text = "Hoe de toegang is ingericht en of ouders zelf een aanbieder uitkiezen, blijft buiten beeld."
    r = lees(text)
    assert r["kiest_aanbieder"] == "onbekend" and r["regie"] == "onbekend"


def test_a_weak_hint_alone_stays_unknown_below_the_threshold():
    v = tekst.lees_tekst("Er wordt gewerkt met indicaties.")["bepaalt_inhoud"]
    assert v.waarde == "onbekend" and v.scores == {"gemeente": 1.0}
    assert "drempel" in v.uitleg


def test_conflicting_evidence_stays_unknown():
    v = tekst.lees_tekst("De bekostiging is deels populatiebekostiging. Daarnaast geldt een uurtarief per uur P x Q.")
    assert v["bekostiging"].waarde == "onbekend" and "meer kanten" in v["bekostiging"].uitleg


# --- dependencies between the choices (document 001) ---------------------------------------------------------


def test_main_contractor_states_the_municipality_chose():
    # lexicon 9: a dependency the field takes as read states the answer, marked as derived
    v = tekst.lees_tekst("Per wijk sluit de gemeente een contract met één consortium.")["kiest_aanbieder"]
    assert (v.waarde, v.herkomst, v.methode, v.suggestie) == ("gemeente", "afgeleid", "regel", None)
    assert v.uitleg.startswith("Afgeleid") and "hoofdaannemer_gemeente_kiest" in v.uitleg
    assert v.zinnen == ["Per wijk sluit de gemeente een contract met één consortium."]
    assert 0.5 <= v.zekerheid <= 0.6


def test_hours_state_the_municipality_sets_the_volume_and_buys_narrow_products():
    r = tekst.lees_tekst("De aanbieders declareren per geleverd uur.")
    assert r["bekostiging"].waarde == "inspanning" and r["bekostiging"].herkomst == "tekst"
    assert (r["bepaalt_inhoud"].waarde, r["bepaalt_inhoud"].herkomst) == ("gemeente", "afgeleid")
    assert (r["scope"].waarde, r["scope"].herkomst) == ("product", "afgeleid")
    # a rule that only suggests chains over a derived answer: the municipality sets the content ->
    # municipal access, as a suggestion (the answer stays onbekend)
    assert r["regie"].waarde == "onbekend" and r["regie"].suggestie["regel"] == "gemeente_bepaalt_regie"


def test_a_suggesting_rule_does_not_state_the_answer():
    r = tekst.lees_tekst("De regio stapt over op populatiebekostiging.")
    assert r["bepaalt_inhoud"].waarde == "onbekend"
    assert r["bepaalt_inhoud"].suggestie["regel"] == "populatie_aanbieder_bepaalt"


def test_fixed_trajectory_price_with_profiles_states_the_provider_decides_how():
    r = tekst.lees_tekst("Er zijn acht zorgprofielen. Per profiel geldt een vaste trajectprijs.")
    assert (r["bepaalt_inhoud"].waarde, r["bepaalt_inhoud"].herkomst) == ("aanbieder", "afgeleid")
    assert "traject_aanbieder_bepaalt" in r["bepaalt_inhoud"].uitleg


def test_no_suggestion_where_the_text_says_it_does_not_describe_it():
    r = tekst.lees_tekst("De aanbieders declareren per geleverd uur. Wie de omvang bepaalt, wordt niet beschreven.")
    assert r["bepaalt_inhoud"].waarde == "onbekend" and r["bepaalt_inhoud"].suggestie is None


def test_population_funding_with_unlimited_providers_is_not_kept_both():
    r = tekst.lees_tekst(
        "De regio stapt over op populatiebekostiging en een lumpsum. "
        "Iedere aanbieder die aan de eisen voldoet, krijgt een overeenkomst."
    )
    kept = {r["bekostiging"].waarde, r["aanbieders"].waarde}
    assert "onbekend" in kept and kept != {"onbekend"}
    lost = r["bekostiging"] if r["bekostiging"].waarde == "onbekend" else r["aanbieders"]
    assert "past niet" in lost.uitleg


def test_main_contractor_per_family_is_shared_coordination_not_one_contract():
    r = lees("Per gezin wordt één hoofdaannemer aangewezen die de hulp coördineert.")
    assert r["regie"] == "gedeeld" and r["aanbieders"] == "onbekend" and r["kiest_aanbieder"] == "onbekend"


# --- place of the evidence ------------------------------------------------------------------------------------


def test_evidence_names_its_section_and_offsets():
    text = (
        "Inkoopdocument (fictief)\n\n"
        "1. Bekostiging\n"
        "De regio kiest voor resultaatgerichte bekostiging met een vaste trajectprijs.\n\n"
        "2. Contractering\n"
        "Iedere aanbieder die aan de eisen voldoet, krijgt een raamovereenkomst.\n"
    )
    r = tekst.lees_tekst(text)
    f = r["bekostiging"].fragmenten[0]
    assert f["sectie"] == "1. Bekostiging"
    assert (
        text[f["begin"] : f["eind"]] == "De regio kiest voor resultaatgerichte bekostiging met een vaste trajectprijs."
    )
    assert r["aanbieders"].fragmenten[0]["sectie"] == "2. Contractering"


def test_abbreviations_do_not_split_sentences():
    zinnen = tekst.zinnen("De regio koopt o.a. begeleiding in, i.p.v. losse uren. Daarna volgt de rest.")
    assert zinnen == ["De regio koopt o.a. begeleiding in, i.p.v. losse uren.", "Daarna volgt de rest."]


def test_lemmas_cover_inflection_and_compounds():
    assert tekst.lemma("trajectprijzen") == "trajectprijs"
    assert tekst.lemma("gekoppelde") == "koppelen"
    assert tekst.lemma("kiest") == "kiezen"
    assert tekst.tokens("Cliënten kiezen") == ["client", "kiezen"]
