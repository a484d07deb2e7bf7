"""A cold ``uitkomst classify --text`` (round 7): the lemma dictionary cached on disk, the fast path
without Django setup and the term register must never change an answer. Each test compares with
the reference (simplemma itself, ``Term.matches``, the management command) or breaks the cache."""

import io
import json
import os
import re
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest
import simplemma
from django.core.management import call_command

from uitkomst.contractvormen import lemmas, lezen, tekst
from uitkomst.contractvormen.classificatie import DATA_DIR

from .helpers import make_pdf, pages_of
from .test_documenten import ONTWIKKELTEKST

ROOT = Path(__file__).resolve().parents[2]


def _woorden(n: int = 2500) -> list[str]:
    """Words of the lexicon, the training sentences and the labelled sets, plus their heads."""
    words: set[str] = set()
    for path in sorted(DATA_DIR.glob("*")):
        if path.suffix in (".yaml", ".json") and path.name != "model_zinnen.json":
            words |= set(re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8").lower()))
    ordered = sorted(words)[:: max(1, len(words) // n)]
    return ordered + [w[3:] for w in ordered if len(w) > 8]


def test_lemmas_are_simplemmas_own():
    for word in _woorden():
        assert lemmas.lemmatize(word) == simplemma.lemmatize(word, lang="nl"), word
        assert lemmas.is_known(word) == simplemma.is_known(word, lang="nl"), word
    with pytest.raises(ValueError):
        lemmas.is_known("")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("UITKOMST_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "simplemma-nl.marshal"


def _decoded() -> dict:
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    return _load_dictionary_from_disk("nl")


def test_cache_is_written_once_and_read_back(cache):
    assert not cache.exists()
    first = lemmas.woordenboek()
    assert cache.exists() and oct(cache.stat().st_mode & 0o777) == "0o600"
    stamp = cache.stat().st_mtime_ns
    second = lemmas.woordenboek()
    assert cache.stat().st_mtime_ns == stamp  # read, not rewritten
    assert first == second == _decoded()
    assert not list(cache.parent.glob("*.tmp"))  # the temporary file was renamed, none left behind


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped_byte", "other_version", "garbage", "empty", "other_dict"],
)
def test_a_damaged_or_stale_cache_is_a_miss_and_rewritten(cache, damage):
    reference = lemmas.woordenboek()
    raw = cache.read_bytes()
    if damage == "truncated":
        cache.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped_byte":
        i = len(raw) - 1000
        cache.write_bytes(raw[:i] + bytes([raw[i] ^ 0xFF]) + raw[i + 1 :])
    elif damage == "other_version":
        cache.write_bytes(raw.replace(simplemma.__version__.encode(), b"0.0.1", 1))
    elif damage == "garbage":
        cache.write_bytes(os.urandom(4096))
    elif damage == "empty":
        cache.write_bytes(b"")
    else:  # a valid file of this format holding another dictionary
        lemmas._schrijf_cache(cache, lemmas.sleutel(), {b"huis": b"kasteel"})
        assert lemmas._lees_cache(cache, lemmas.sleutel()) == {b"huis": b"kasteel"}
        cache.write_bytes(cache.read_bytes().replace(b'"aantal": 1', b'"aantal": 2'))
    assert lemmas._lees_cache(cache, lemmas.sleutel()) is None
    assert lemmas.woordenboek() == reference
    assert lemmas._lees_cache(cache, lemmas.sleutel()) == reference  # rewritten valid


def test_no_cache_when_switched_off_or_not_writable(tmp_path, monkeypatch):
    monkeypatch.setenv("UITKOMST_CACHE_DIR", "")
    assert lemmas.cache_dir() is None and lemmas.cachebestand() is None
    assert lemmas.woordenboek() == _decoded()
    blocked = tmp_path / "een_bestand"
    blocked.write_text("geen map")
    monkeypatch.setenv("UITKOMST_CACHE_DIR", str(blocked / "cache"))
    assert lemmas.woordenboek() == _decoded()  # cannot write: decoded, no error


def test_term_register_matches_as_term_matches():
    """The per-token term numbers (the hot loop) give exactly ``Term.matches`` for every term."""
    tekst._patroon_index()
    neg = tekst.negaties()
    zinnen = list(tekst.zinnen(ONTWIKKELTEKST)) + [
        "Nieuwe aanbieders kunnen niet toetreden; er is geen omzetgarantie.",
        "De toekenningsbeschikking noemt de uren, niet-gecontracteerde aanbieders krijgen niets.",
    ]
    termen = list(tekst._TERMEN.termen)
    assert len(termen) > 500
    for zin in zinnen:
        for tok in tekst.tokeniseer(zin):
            ids = tekst._TERMEN.van(tok)
            for term in termen:
                assert (term.nr in ids) == term.matches(tok, neg), (tok, term)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "uitkomst", *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


@pytest.mark.django_db
def test_fast_path_prints_what_the_command_prints(tmp_path):
    pdf = tmp_path / "inkoop.pdf"
    pdf.write_bytes(make_pdf(pages=pages_of(ONTWIKKELTEKST, n_pages=20)))
    out = io.StringIO()
    call_command("classify", "--text", str(pdf), stdout=out)
    env = {**os.environ, "UITKOMST_CACHE_DIR": str(tmp_path / "cache")}
    koud = _run(["classify", "--text", str(pdf)], env)  # writes the cache
    warm = _run(["classify", str(pdf), "--text"], env)  # reads it
    cache = tmp_path / "cache" / "simplemma-nl.marshal"
    cache.write_bytes(cache.read_bytes()[:-5000])  # a damaged cache
    beschadigd = _run(["classify", "--text", str(pdf)], env)
    zonder = _run(["classify", "--text", str(pdf)], {**env, "UITKOMST_CACHE_DIR": ""})
    for run in (koud, warm, beschadigd, zonder):
        assert run.returncode == 0, run.stderr
        assert run.stdout == out.getvalue()
    data = json.loads(koud.stdout)
    assert {"antwoorden", "archetype", "kwadrant", "bewijs", "suggesties"} <= set(data)
    assert data["archetype"] == "profielmodel"


def test_fast_path_refuses_as_the_command(tmp_path):
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    env = {**os.environ, "UITKOMST_CACHE_DIR": str(tmp_path / "cache")}
    run = _run(["classify", "--text", str(bad)], env)
    assert run.returncode == 2 and run.stdout == ""
    assert "CommandError: Het PDF-bestand is beschadigd" in run.stderr
    missing = _run(["classify", "--text", str(tmp_path / "weg.pdf")], env)
    assert missing.returncode == 2 and "bestaat niet of is geen bestand" in missing.stderr


def test_only_the_plain_form_takes_the_fast_path():
    assert lezen._tekstbestand(["classify", "--text", "a.pdf"]) == "a.pdf"
    assert lezen._tekstbestand(["classify", "a.pdf", "--text"]) == "a.pdf"
    for other in (
        ["classify", "a.json"],
        ["classify", "--text", "a.pdf", "-v", "2"],
        ["classify", "--text", "--traceback"],
        ["classify", "--text", "--text"],
        ["contractvormen_evaluatie", "--text", "a.json"],
    ):
        assert lezen._tekstbestand(other) is None
