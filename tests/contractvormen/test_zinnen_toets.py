"""Scoring the reader sentence by sentence (round 14 of issue 15): ``uitkomst contractvormen_evaluatie
--zinnen PAD.yaml`` on a labelled sentence file in the format of ``data/zinnen_echt.yaml``, and the
held-out real sentences ``data/zinnen_toets14.yaml``, which the model is never trained on."""

import json
import re
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from uitkomst.contractvormen import evaluatie, zinmodel
from uitkomst.utils.errors import ValidationFailed

TOETS = zinmodel.DATA_DIR / "zinnen_toets14.yaml"


def _file(tmp_path, data, name="zinnen.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


SMALL = {
    "versie": 1,
    "vragen": {
        "scope": {
            "product": [{"zin": "Het gaat om losse producten met een eigen productcode.", "bron": "https://x.nl/a"}]
        },
        "bekostiging": {"geen": [{"zin": "De kosten van de jeugdhulp stijgen al jaren.", "bron": "https://x.nl/b"}]},
    },
    "geen": [{"zin": "De wethouder is tevreden over de samenwerking.", "bron": "https://x.nl/c"}],
}


def test_each_sentence_is_scored_per_question(tmp_path):
    out = StringIO()
    call_command("contractvormen_evaluatie", str(_file(tmp_path, SMALL)), "--zinnen", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["zinnen"] == 3
    assert (data["per_vraag"]["scope"]["genoemd"], data["per_vraag"]["scope"]["goed"]) == (1, 1)
    assert (data["antwoorden"]["stil"], data["antwoorden"]["stil_goed"]) == (17, 17)  # 3 x 6 pairs, one stated
    assert data["per_methode"] == {"regels": {"goed": 1}}


def test_a_wrong_label_shows_as_wrong_and_a_false_alarm_as_a_silence_missed(tmp_path):
    data = {
        "versie": 1,
        "vragen": {"scope": {"arrangement": [{"zin": "Het gaat om losse producten met een eigen productcode."}]}},
        "geen": [{"zin": "Het gaat om losse producten met een eigen productcode en een tarief."}],
    }
    ev = evaluatie.evalueer_zinnen(_file(tmp_path, data))
    assert (ev.scores["scope"].fout, ev.scores["scope"].stil - ev.scores["scope"].stil_goed) == (1, 1)
    assert ev.methoden["regels"] == {"fout": 1, "vals_alarm": 1}
    assert "zes antwoorden" in evaluatie.zin_rapport(ev)


@pytest.mark.parametrize(
    "inhoud,code",
    [
        ("x: [", "set_ongeldig"),  # not YAML
        ("- a\n", "set_ongeldig"),  # not a mapping
        (
            {"versie": 1, "vragen": {"scope": {"breed": [{"zin": "Alles in één contract."}]}}},
            "set_ongeldig",
        ),
        ({"versie": 1, "vragen": {"kleur": {"rood": [{"zin": "Het contract is rood gekleurd."}]}}}, "set_ongeldig"),
    ],
)
def test_a_file_that_is_no_sentence_set_is_refused(tmp_path, inhoud, code):
    path = _file(tmp_path, inhoud)
    with pytest.raises(ValidationFailed) as e:
        evaluatie.evalueer_zinnen(path)
    assert e.value.code == code
    with pytest.raises(CommandError) as e2:
        call_command("contractvormen_evaluatie", str(path), "--zinnen", stdout=StringIO())
    assert e2.value.returncode == 2 and "zinnenset" in str(e2.value)


@pytest.mark.parametrize("optie", ["--per-geval", "--met-suggesties"])
def test_options_for_sets_of_texts_are_refused_with_sentences(tmp_path, optie):
    with pytest.raises(CommandError) as e:
        call_command("contractvormen_evaluatie", str(_file(tmp_path, SMALL)), "--zinnen", optie, stdout=StringIO())
    assert e.value.returncode == 2 and optie in str(e.value)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ValidationFailed) as e:
        evaluatie.evalueer_zinnen(tmp_path / "weg.yaml")
    assert e.value.code == "set_ontbreekt"


def test_the_held_out_real_sentences_are_never_trained_on_and_name_their_sources():
    assert TOETS not in zinmodel.zinnen_paden()
    model = json.loads(zinmodel.MODEL_PAD.read_text(encoding="utf-8"))
    assert TOETS.name not in {m["bestand"] for m in model["meer_zinnen"]}
    toets = zinmodel.laad_zinnen(TOETS)
    echt = zinmodel.laad_zinnen(zinmodel.ZINNEN_ECHT_PAD)

    def items(data):
        for waarden in data["vragen"].values():
            for zinnen in waarden.values():
                yield from zinnen
        yield from data.get("geen") or ()

    bronnen = [item["bron"] for item in items(toets)]
    assert len(bronnen) >= 190 and all(re.match(r"https?://\S+$", b) for b in bronnen)
    assert not set(bronnen) & {item["bron"] for item in items(echt)}
    zinnen_echt = {item["zin"].lower() for item in items(echt)}
    assert not [item["zin"] for item in items(toets) if item["zin"].lower() in zinnen_echt]


def test_the_held_out_real_sentences_score():
    ev = evaluatie.evalueer_zinnen(TOETS)
    assert ev.zinnen == len(zinmodel.voorbeelden(zinmodel.laad_zinnen(TOETS)))
    a = ev.antwoorden
    assert a.genoemd + a.stil == 6 * ev.zinnen and a.genoemd >= 40


def test_no_held_out_sentence_is_taken_from_a_labelled_set():
    texts = [
        c["text"].lower()
        for pad in sorted(zinmodel.DATA_DIR.glob("*.json"))
        if not pad.name.startswith("model")
        for c in evaluatie.laad_set(pad)[1]
    ]
    for zin, _labels in zinmodel.voorbeelden(zinmodel.laad_zinnen(TOETS)):
        assert not any(zin.lower().rstrip(".") in t for t in texts), zin
