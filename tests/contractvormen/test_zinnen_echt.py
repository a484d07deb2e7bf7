"""The real sentences of the sentence model (``data/zinnen_echt.yaml``, round 9 of issue 15): every
sentence names its source and carries legal labels, none is taken from a labelled evaluation set, the
model file records the file it was trained on, and the cross-validation by source scores sentences of
sources left out of the training."""

import json
import re

import pytest
import yaml

from uitkomst.contractvormen import classificatie, tekst, zinmodel, zintraining
from uitkomst.contractvormen.evaluatie import laad_set

DATA = zinmodel.ZINNEN_ECHT_PAD.parent
SETS = [DATA.parent.parent.parent.parent.parent / "shared" / "contractvormen" / "ontwikkelset.json"]


def _items(data):
    for vraag, waarden in data["vragen"].items():
        for waarde, zinnen in waarden.items():
            for item in zinnen:
                yield vraag, waarde, item
    for item in data.get("geen") or ():
        yield None, None, item


def test_every_real_sentence_names_its_source_and_has_legal_labels():
    data = zinmodel.laad_zinnen(zinmodel.ZINNEN_ECHT_PAD)
    vragen = classificatie.vocabulaire()["vragen"]
    assert set(data["vragen"]) <= set(vragen) and isinstance(data["versie"], int)
    n = 0
    for vraag, waarde, item in _items(data):
        n += 1
        assert isinstance(item, dict) and re.match(r"https?://\S+$", item["bron"]), item
        assert 5 <= len(item["zin"].split()) <= 60, item["zin"]
        if vraag:
            assert waarde == zinmodel.GEEN or waarde in vragen[vraag]["waarden"], (vraag, waarde)
        for k, w in (item.get("ook") or {}).items():
            assert w in vragen[k]["waarden"], (k, w)
    assert n >= 200


def test_no_real_sentence_is_taken_from_a_labelled_evaluation_set():
    texts = []
    for pad in [*SETS, *sorted(DATA.glob("*.json"))]:
        if pad.name.startswith("model"):
            continue
        texts += [c["text"].lower() for c in laad_set(pad)[1]]
    data = zinmodel.laad_zinnen(zinmodel.ZINNEN_ECHT_PAD)
    for *_, item in _items(data):
        zin = item["zin"].lower().rstrip(".")
        assert not any(zin in t for t in texts), item["zin"]


def test_the_model_file_records_the_real_sentences_it_was_trained_on():
    model = json.loads(zinmodel.MODEL_PAD.read_text(encoding="utf-8"))
    meer = {m["bestand"]: m for m in model["meer_zinnen"]}
    echt = meer["zinnen_echt.yaml"]
    assert echt["hash"] == zintraining._hash(zinmodel.ZINNEN_ECHT_PAD)
    assert echt["zinnen"] == len(zinmodel.voorbeelden(zinmodel.laad_zinnen(zinmodel.ZINNEN_ECHT_PAD)))
    eigen = len(zinmodel.voorbeelden(zinmodel.laad_zinnen(zinmodel.ZINNEN_PAD)))
    assert model["zinnen"] == eigen + echt["zinnen"]


def _write(path, data):
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_cross_validation_scores_only_sentences_of_sources_left_out(tmp_path):
    eigen = _write(
        tmp_path / "eigen.yaml",
        {
            "versie": 1,
            "vragen": {
                "bekostiging": {
                    "inspanning": ["De aanbieder declareert per uur.", "Er wordt per dagdeel betaald."],
                    "resultaat": ["Er geldt een vaste prijs per traject.", "De aanbieder krijgt een trajectprijs."],
                    "geen": ["De kosten stijgen."],
                }
            },
            "geen": ["De raad vergadert."],
        },
    )
    echt = _write(
        tmp_path / "echt.yaml",
        {
            "versie": 1,
            "vragen": {
                "bekostiging": {
                    "inspanning": [
                        {"zin": "Het uurtarief voor begeleiding is vastgesteld.", "bron": "https://a.example/1"},
                        {"zin": "Aanbieders declareren de geleverde uren.", "bron": "https://b.example/2"},
                    ],
                    "geen": [{"zin": "Het budget voor jeugdhulp is overschreden.", "bron": "https://c.example/3"}],
                }
            },
            "geen": [{"zin": "De aanbesteding sluit in maart.", "bron": "https://a.example/1"}],
        },
    )
    r = zintraining.kruisvalidatie([eigen, echt], delen=3)
    assert r["bronnen"] == 3 and r["delen"] == 3
    assert r["waarden"]["bekostiging.inspanning"]["zinnen"] == 2  # each judged once, by a model without it
    assert r["vals_alarm"]["bekostiging"]["zinnen"] == 2  # the two sentences that state nothing for it
    assert all(0 <= t["steun"] <= t["zinnen"] and t["alleen"] <= t["steun"] for t in r["waarden"].values())


def test_cross_validation_command_prints_the_figures_and_refuses_a_single_file(tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    eigen = _write(tmp_path / "eigen.yaml", {"versie": 1, "vragen": {"scope": {
        "product": ["De gemeente koopt losse producten in.", "Er is een productenboek."],
        "geen": ["De omvang van het contract is groot."]}}})  # fmt: skip
    echt = _write(tmp_path / "echt.yaml", {"versie": 1, "vragen": {"scope": {"product": [
        {"zin": "Het productenboek bevat veertig productcodes.", "bron": "https://a.example/1"}]}}})  # fmt: skip
    out = StringIO()
    call_command("contractvormen_leer", "--zinnen", str(eigen), str(echt), "--kruisvalidatie", stdout=out)
    assert "Kruisvalidatie over 1 bronnen" in out.getvalue() and "scope.product" in out.getvalue()
    with pytest.raises(CommandError, match="tweede bestand"):
        call_command("contractvormen_leer", "--zinnen", str(eigen), "--kruisvalidatie")


def test_the_model_file_was_trained_on_the_current_lexicon():
    """The sentence features use the lexicon (concepts, compounds, clause factors): after a change of
    ``lexicon.yaml`` the model must be retrained (``uitkomst contractvormen_leer``). A fast check of
    what the PostgreSQL-phase test of the full training checks byte for byte."""
    model = json.loads(zinmodel.MODEL_PAD.read_text(encoding="utf-8"))
    assert model["lexicon_hash"] == zintraining._hash(tekst.LEXICON_PAD), (
        "data/model_zinnen.json is getraind op een ander lexicon: draai `uitkomst contractvormen_leer`"
    )
