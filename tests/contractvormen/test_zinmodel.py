"""The learned sentence classifier of the text reader (``zinmodel``, issue 15): every value of every
question on sentences that are not in the training file, negations, the old situation, silent
sentences, the combination with the rules in ``tekst.lees``, and the model file being what the training
command produces. All expectations are literals."""

import hashlib
import json

import pytest
from django.core.management import call_command

from uitkomst.contractvormen import tekst, zinmodel

# Sentences written for this test (none is in data/zinnen.yaml; ``test_zinnen_niet_in_training`` checks it).
WAARDEN = [
    ("bekostiging", "inspanning", "Aanbieders rekenen af per gewerkt uur tegen het vastgestelde uurtarief."),
    ("bekostiging", "clientvolgend_budget", "Het budget gaat met de cliënt mee als hij van aanbieder wisselt."),
    ("bekostiging", "resultaat", "Voor elk traject krijgt de aanbieder een vaste prijs per cliënt."),
    ("bekostiging", "populatie", "De coöperatie krijgt een vast jaarbudget voor alle inwoners van de gemeente."),
    ("aanbieders", "open", "Elke aanbieder die aan de voorwaarden voldoet, kan toetreden tot de overeenkomst."),
    ("aanbieders", "beperkt", "Na de aanbesteding hebben acht aanbieders een contract gekregen."),
    ("aanbieders", "hoofdaannemer", "Per regio is één consortium gecontracteerd dat zelf onderaannemers inschakelt."),
    ("scope", "product", "De overeenkomst omvat afzonderlijke producten uit het productenboek."),
    (
        "scope",
        "arrangement",
        "De aanbieder levert een arrangement met alle hulp die nodig is voor de doelen van de jeugdige.",
    ),
    ("scope", "integraal", "Het contract omvat de toegang en alle ondersteuning voor alle inwoners van de wijk."),
    ("regie", "gemeente", "Het sociaal team van de gemeente voert het gesprek en houdt de regie op de hulp."),
    ("regie", "gedeeld", "Het wijkteam legt de doelen vast en één aanbieder coördineert daarna de hulp."),
    ("regie", "aanbieder", "De aanbieder doet zelf de toegang, maakt het plan en coördineert de hulp."),
    ("kiest_aanbieder", "gemeente", "De gemeente wijst de aanbieder toe aan de cliënt."),
    ("kiest_aanbieder", "client", "De cliënt kiest zelf uit de gecontracteerde aanbieders."),
    ("bepaalt_inhoud", "gemeente", "De gemeente bepaalt in de beschikking het aantal uren begeleiding."),
    ("bepaalt_inhoud", "aanbieder", "Samen met de cliënt bepaalt de aanbieder hoe de doelen worden gehaald."),
]

# A negation or the old situation: no statement of the negated value.
ONTKENNINGEN = [
    ("bekostiging", "inspanning", "De regio vergoedt de begeleiding niet langer per uur."),
    ("bekostiging", "inspanning", "Tot 2021 werd per uur betaald."),
    ("kiest_aanbieder", "gemeente", "Vroeger koos de gemeente de aanbieder."),
]

# A negation that states the counterpart, and "not X but Y" stating Y.
TEGENDELEN = [
    ("aanbieders", "beperkt", "Nieuwe aanbieders kunnen tijdens de looptijd niet toetreden."),
    ("kiest_aanbieder", "gemeente", "De cliënt kiest niet zelf de aanbieder."),
    ("bekostiging", "resultaat", "Er wordt niet meer per uur betaald, maar een vast bedrag per traject."),
]

STIL = [
    "De gemeenteraad vergadert op donderdag.",
    "Het college informeert de raad over de voortgang van de inkoop.",
    "De kosten van de jeugdhulp stijgen al jaren.",
]


@pytest.fixture(scope="module")
def model():
    m = zinmodel.model()
    assert m is not None, "data/model_zinnen.json ontbreekt: draai `uitkomst contractvormen_leer`"
    return m


def test_zinnen_niet_in_training():
    gezien = {zin for zin, _ in zinmodel.voorbeelden(zinmodel.laad_zinnen())}
    eigen = [z for *_, z in WAARDEN + ONTKENNINGEN + TEGENDELEN] + STIL
    assert not gezien & set(eigen)


def test_trainingsdata_dekt_elke_waarde():
    data = zinmodel.laad_zinnen()
    for sleutel, waarden in data["vragen"].items():
        for waarde, zinnen in waarden.items():
            assert len(zinnen) >= (25 if waarde != zinmodel.GEEN else 20), (sleutel, waarde)
    assert len(data["geen"]) >= 25


@pytest.mark.parametrize(("sleutel", "waarde", "zin"), WAARDEN)
def test_elke_waarde(model, sleutel, waarde, zin):
    gegeven, kans = tekst.voorspel_zin(zin, model)[sleutel]
    assert gegeven == waarde
    assert kans >= model.drempels["steun"]


@pytest.mark.parametrize(("sleutel", "waarde", "zin"), WAARDEN)
def test_een_zin_over_een_vraag_zegt_niets_over_de_andere(model, sleutel, waarde, zin):
    anders = {k: v for k, v in tekst.voorspel_zin(zin, model).items() if k != sleutel}
    assert all(v[0] == zinmodel.GEEN or v[1] < model.drempels["alleen"] for v in anders.values()), anders


@pytest.mark.parametrize(("sleutel", "waarde", "zin"), ONTKENNINGEN)
def test_ontkenning_en_oude_situatie(model, sleutel, waarde, zin):
    assert model.kansen(tekst.zin_kenmerken(zin))[sleutel][waarde] < 0.2
    assert tekst.voorspel_zin(zin, model)[sleutel][0] == zinmodel.GEEN


@pytest.mark.parametrize(("sleutel", "waarde", "zin"), TEGENDELEN)
def test_tegendeel(model, sleutel, waarde, zin):
    assert tekst.voorspel_zin(zin, model)[sleutel][0] == waarde


@pytest.mark.parametrize("zin", STIL)
def test_stille_zin(model, zin):
    assert {v[0] for v in tekst.voorspel_zin(zin, model).values()} == {zinmodel.GEEN}


def test_kenmerken_markeren_ontkenning_en_oud():
    assert "n:uur" in tekst.zin_kenmerken("De regio vergoedt de begeleiding niet langer per uur.")
    assert "w:uur" in tekst.zin_kenmerken("De gemeente betaalt per uur.")
    assert "o:uur" in tekst.zin_kenmerken("Tot 2021 werd per uur betaald.")
    # "niet X, maar Y": only the clause with the negation is negated
    feats = tekst.zin_kenmerken("Niet per uur, maar per traject.")
    assert "n:uur" in feats and "w:traject" in feats
    assert "wc:toegang" in tekst.zin_kenmerken("Het wijkteam voert het gesprek.")


# --- combined with the rules in tekst.lees ------------------------------------------------------------

ALLEEN_MODEL = "De aanbieder doet zelf de toegang, maakt het plan en coördineert de hulp."


def test_model_vult_aan_waar_de_regels_niets_vinden(monkeypatch):
    v = tekst.lees(ALLEEN_MODEL).voorstellen["regie"]
    assert (v.waarde, v.methode, v.herkomst) == ("aanbieder", "model", "tekst")
    assert v.zinnen == [ALLEEN_MODEL]
    assert v.fragmenten[0]["begin"] == 0
    assert v.zekerheid >= zinmodel.model().drempels["alleen"]
    assert v.als_bewijs()["methode"] == "model"
    monkeypatch.setattr(tekst, "_zinmodel", lambda: None)
    assert tekst.lees(ALLEEN_MODEL).voorstellen["regie"].waarde == "onbekend"


def test_regels_houden_hun_antwoord():
    v = tekst.lees("De cliënt kiest zelf uit de gecontracteerde aanbieders.").voorstellen["kiest_aanbieder"]
    assert (v.waarde, v.methode) == ("client", "regels")


def test_onder_de_drempel_blijft_het_onbekend(monkeypatch):
    m = zinmodel.Model(json.loads(zinmodel.MODEL_PAD.read_text(encoding="utf-8")))
    m.drempels["alleen"] = m.drempels["steun"] = 0.999
    monkeypatch.setattr(tekst, "_zinmodel", lambda: m)
    assert tekst.lees(ALLEEN_MODEL).voorstellen["regie"].waarde == "onbekend"


def test_expliciete_stilte_gaat_voor_het_model():
    text = ALLEEN_MODEL + " Wie de toegang en de regie voert, wordt in dit stuk niet beschreven."
    assert tekst.lees(text).voorstellen["regie"].waarde == "onbekend"


def test_stille_tekst_blijft_stil():
    text = " ".join(STIL)
    assert {v.waarde for v in tekst.lees(text).voorstellen.values()} == {"onbekend"}


# --- the model file is reproducible from the training command -----------------------------------------


@pytest.mark.pg_fase  # 25-40 s of training, independent of the database: run once per CI
def test_modelbestand_reproduceerbaar(tmp_path, model):
    uit = tmp_path / "model.json"
    call_command("contractvormen_leer", uit=str(uit))
    # (hashes, not the bytes: a failing comparison of two 1.5 MB files makes pytest diff them for minutes)
    nieuw_hash, oud_hash = (hashlib.sha256(p.read_bytes()).hexdigest() for p in (uit, zinmodel.MODEL_PAD))
    assert nieuw_hash == oud_hash, "data/model_zinnen.json is verouderd: draai `uitkomst contractvormen_leer`"
    nieuw = zinmodel.Model(json.loads(uit.read_text(encoding="utf-8")))
    for _, _, zin in WAARDEN + ONTKENNINGEN:
        assert tekst.voorspel_zin(zin, nieuw) == tekst.voorspel_zin(zin, model)
    data = json.loads(uit.read_text(encoding="utf-8"))
    assert data["random_state"] == zinmodel.RANDOM_STATE
    assert data["drempels"] == zinmodel.DREMPELS
    # (``--controle`` trains once more and compares with the shipped file: the byte comparison above is
    # the same check, and one training is the costliest step of the suite's contractvormen part)
