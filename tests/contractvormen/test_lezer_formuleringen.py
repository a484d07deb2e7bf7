"""The text reader pinned on the phrasings added in the second round of issue 15 (lexicon version 3):
the same values in other word orders and words of the field, negation after a phrase ("is niet
mogelijk"), past tenses that are no longer read as the present, "variant" as no modality, and the
silent cases. All expectations are literals."""

import pytest

from uitkomst.contractvormen import tekst


def lees(text: str) -> dict[str, str]:
    return {k: v.waarde for k, v in tekst.lees_tekst(text).items()}


FORMULERINGEN = [
    # regie
    ("regie", "gemeente", "Het meldpunt van de centrumgemeente plaatst de cliënt bij de aanbieder."),
    ("regie", "gemeente", "Het jeugdteam van de gemeente geeft een beschikking af."),
    ("regie", "gedeeld", "De gekozen aanbieder is daarna verantwoordelijk voor de coördinatie van het hele traject."),
    # bekostiging
    ("bekostiging", "inspanning", "Dagbehandeling wordt verantwoord in contacturen."),
    ("bekostiging", "inspanning", "Een behandeling wordt afgerekend in behandelminuten."),
    ("bekostiging", "inspanning", "De bekostiging vindt plaats per etmaal verblijf."),
    ("bekostiging", "resultaat", "Per profiel en variant geldt één tarief dat de complete behandeling dekt."),
    ("bekostiging", "resultaat", "De aanbieder ontvangt één vast bedrag; meerwerk kan niet worden nagedeclareerd."),
    ("bekostiging", "clientvolgend_budget", "Het budget is gekoppeld aan de jeugdige."),
    ("bekostiging", "clientvolgend_budget", "Bij een overstap gaat het resterende budget mee."),
    ("bekostiging", "populatie", "Zij ontvangt een budget dat niet afhangt van het aantal cliënten."),
    # aanbieders
    ("aanbieders", "beperkt", "Vier aanbieders, gekozen na een selectieprocedure, delen het werk."),
    ("aanbieders", "beperkt", "Opdrachtgever gunt dit perceel aan ten hoogste vier Opdrachtnemers."),
    ("aanbieders", "beperkt", "Nieuwkomers worden niet toegelaten."),
    ("aanbieders", "beperkt", "Nieuwe aanbieders worden in deze periode niet gecontracteerd."),
    ("aanbieders", "hoofdaannemer", "De gemeente heeft de basishulp ondergebracht in één eigen stichting."),
    ("aanbieders", "hoofdaannemer", "De coöperatie is de enige partij met een opdracht voor de basisondersteuning."),
    # kiest_aanbieder
    ("kiest_aanbieder", "client", "Daarna kunnen de ouders een van de gecontracteerde aanbieders kiezen."),
    ("kiest_aanbieder", "gemeente", "Het team plaatst de cliënt bij een aanbieder met capaciteit."),
    # bepaalt_inhoud
    ("bepaalt_inhoud", "aanbieder", "Welke hulp een kind krijgt, bepaalt de hoofdaannemer samen met het gezin."),
    ("bepaalt_inhoud", "aanbieder", "De aanbieder bepaalt met de inwoner hoeveel tijd daarvoor nodig is."),
    ("bepaalt_inhoud", "aanbieder", "Na een verwijzing stelt de aanbieder een arrangement voor."),
    ("bepaalt_inhoud", "gemeente", "Het aantal dagdelen staat in de beschikking."),
    ("bepaalt_inhoud", "gemeente", "Het wijkteam geeft een toewijzing af waarin product en uren zijn opgenomen."),
    # scope
    ("scope", "product", "De regisseur koopt de benodigde losse modules in."),
    ("scope", "arrangement", "De centrumgemeente werkt met vijf woonarrangementen."),
]


@pytest.mark.parametrize(("sleutel", "waarde", "zin"), FORMULERINGEN)
def test_formulering(sleutel, waarde, zin):
    assert lees(zin)[sleutel] == waarde


# --- negation and time ----------------------------------------------------------------------------------


def test_niet_mogelijk_na_de_zin_ontkent_open():
    antwoorden = lees("Toetreding van nieuwe partijen is gedurende de looptijd niet mogelijk.")
    assert antwoorden["aanbieders"] == "beperkt"


def test_nieuwe_aanbieders_kunnen_toetreden_blijft_open():
    assert lees("Nieuwe aanbieders kunnen jaarlijks toetreden.")["aanbieders"] == "open"


def test_daarvoor_in_de_tegenwoordige_tijd_is_niet_de_oude_situatie():
    # "daarvoor nodig is": 'is' is no past tense, so the sentence is about the new arrangement
    v = tekst.lees_tekst("De aanbieder bepaalt met de inwoner hoeveel tijd daarvoor nodig is.")
    assert v["bepaalt_inhoud"].waarde == "aanbieder"
    assert v["bepaalt_inhoud"].herkomst == "tekst"


def test_daarvoor_in_de_verleden_tijd_is_de_oude_situatie():
    assert lees("Daarvoor was er een tarief per uur.")["bekostiging"] == "onbekend"


def test_variant_is_geen_overweging():
    v = tekst.lees_tekst("Per profiel en variant geldt één tarief dat de complete behandeling dekt.")
    assert v["bekostiging"].zekerheid == 0.63


def test_niet_meer_in_uren_is_geen_inspanning():
    assert lees("De hulp wordt voortaan niet meer in uren afgerekend.")["bekostiging"] == "onbekend"


# --- silence ----------------------------------------------------------------------------------------------


def test_staat_niet_wie_is_uitdrukkelijke_stilte():
    v = tekst.lees_tekst("In het stuk staat niet wie de hulp vaststelt en of ouders een aanbieder kiezen.")
    assert v["kiest_aanbieder"].waarde == "onbekend"
    assert v["bepaalt_inhoud"].waarde == "onbekend"
    assert v["kiest_aanbieder"].stil


def test_kiezen_ver_van_de_aanbieder_is_geen_keuze_van_de_client():
    text = (
        "Het lokale team bepaalt met het gezin welke resultaten moeten worden bereikt; daarna is één aanbieder "
        "verantwoordelijk voor het geheel en kiest die de passende aanpak."
    )
    assert lees(text)["kiest_aanbieder"] == "onbekend"


def test_alleen_een_vast_bedrag_zegt_te_weinig():
    # a supporting hint (weight 1) never decides alone
    assert lees("De aanbieder ontvangt een vast bedrag.")["bekostiging"] == "onbekend"


def test_gemeente_legt_resultaat_vast_alleen_is_geen_gedeelde_regie():
    assert lees("De gemeente legt het resultaat vast.")["regie"] == "onbekend"


@pytest.mark.parametrize(
    "zin",
    [
        "De wethouder sprak over de toekomst van het sociaal domein.",
        "Het beleidsplan zet in op preventie en een sterke sociale basis.",
        "Hoe de gemeente de ondersteuning inkoopt, wordt in een afzonderlijk traject uitgewerkt.",
    ],
)
def test_stille_zinnen(zin):
    assert set(lees(zin).values()) == {"onbekend"}
