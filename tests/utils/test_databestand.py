"""The one reader of the shipped YAML data files: the safe subset only, from a path or from text."""

from pathlib import Path

import pytest
import yaml

from uitkomst.utils.databestand import lees_yaml


def test_reads_a_path_and_text_alike(tmp_path):
    bestand = tmp_path / "data.yaml"
    bestand.write_text("versie: 1\nrollen:\n  - code: beheerder\n    naam: Beheerder\n", encoding="utf-8")
    assert lees_yaml(bestand) == lees_yaml(bestand.read_text(encoding="utf-8")) == {
        "versie": 1, "rollen": [{"code": "beheerder", "naam": "Beheerder"}]
    }  # fmt: skip


@pytest.mark.parametrize("tekst", ["!!python/object/apply:os.system ['echo x']", "a: !!python/name:os.system"])
def test_unsafe_tags_refused(tekst):
    with pytest.raises(yaml.constructor.ConstructorError):
        lees_yaml(tekst)


def test_every_shipped_data_file_reads_as_before():
    src = Path(__file__).resolve().parents[2] / "src" / "uitkomst"
    bestanden = sorted(src.rglob("data/**/*.yaml"))
    assert len(bestanden) >= 8
    for pad in bestanden:
        assert lees_yaml(pad) == yaml.safe_load(pad.read_text(encoding="utf-8")), pad
