"""Dutch lemmas from simplemma, with its decoded dictionary cached on disk.

simplemma ships its Dutch dictionary as an lzma-compressed, front-coded stream; decoding it into
a dict takes about 0.4-0.6 s, on every cold start of a process (``uitkomst classify --text``). The
decoded dict is written once to a cache file (``marshal``: plain data, no code is run on load, unlike
pickle) and read from there in about 0.15 s.

The cache is only a speed-up; the answers never depend on it:

- The file is keyed by simplemma's version, a hash of the shipped dictionary file and the Python
  version; another key is a miss (and is overwritten).
- It carries the number of entries and a BLAKE2 digest of its payload; a truncated or damaged file,
  or one that does not hold a dict of bytes, is a miss.
- It is written atomically (a temporary file in the same directory, then ``os.replace``) with mode
  0600; a directory that cannot be written is no error (the dictionary is then decoded each time).
- Location: ``UITKOMST_CACHE_DIR`` if set (an empty value switches the cache off), otherwise
  ``$XDG_CACHE_HOME/uitkomst`` or ``~/.cache/uitkomst``.

``lemmatize`` and ``is_known`` behave as ``simplemma.lemmatize(word, lang="nl")`` and
``simplemma.is_known(word, lang="nl")`` (the same default strategy over the same dictionary; the
tests compare them on the words of every labelled set).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

TAAL = "nl"
_MAGIC = b"UITKOMST-SIMPLEMMA-1\n"


def cache_dir() -> Path | None:
    """The cache directory, or None when the cache is switched off (``UITKOMST_CACHE_DIR=""``)."""
    configured = os.environ.get("UITKOMST_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "uitkomst"


def _bronbestand(lang: str) -> Path:
    from simplemma.strategies.dictionaries.dictionary_factory import DATA_FOLDER

    return DATA_FOLDER / f"{lang}.plzma"


def sleutel(lang: str = TAAL) -> dict:
    """What the cache file must match: simplemma's version, the dictionary file's hash, Python."""
    import simplemma

    return {
        "simplemma": getattr(simplemma, "__version__", "?"),
        "bron_sha256": hashlib.sha256(_bronbestand(lang).read_bytes()).hexdigest(),
        "python": list(sys.version_info[:2]),
        "marshal": marshal.version,
        "taal": lang,
    }


def cachebestand(lang: str = TAAL) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / f"simplemma-{lang}.marshal"


def _lees_cache(path: Path, key: dict) -> dict[bytes, bytes] | None:
    """The cached dictionary, or None for a missing, stale or damaged file."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        if not raw.startswith(_MAGIC):
            return None
        header_end = raw.index(b"\n", len(_MAGIC))
        header = json.loads(raw[len(_MAGIC) : header_end])
        payload = memoryview(raw)[header_end + 1 :]
        if header.get("sleutel") != key:
            return None
        if hashlib.blake2b(payload, digest_size=16).hexdigest() != header.get("blake2b"):
            return None
        # plain data only (marshal runs no code on load), after the digest check above
        data = marshal.loads(payload)  # noqa: S302
    except (ValueError, EOFError, TypeError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or len(data) != header.get("aantal"):
        return None
    # spot check the types (marshal holds plain data only, but the file could be another dict)
    for i, (k, v) in enumerate(data.items()):
        if not (isinstance(k, bytes) and isinstance(v, bytes)):
            return None
        if i >= 64:
            break
    return data


def _schrijf_cache(path: Path, key: dict, data: dict[bytes, bytes]) -> None:
    """Write atomically; any failure only means no cache."""
    try:
        payload = marshal.dumps(data)
        header = json.dumps(
            {"sleutel": key, "aantal": len(data), "blake2b": hashlib.blake2b(payload, digest_size=16).hexdigest()},
            sort_keys=True,
        ).encode()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + header + b"\n")
                fh.write(payload)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return


def woordenboek(lang: str = TAAL) -> dict[bytes, bytes]:
    """simplemma's decoded dictionary for ``lang`` (bytes to bytes), from the cache when it is valid."""
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    path = cachebestand(lang)
    if path is None:
        return _load_dictionary_from_disk(lang)
    key = sleutel(lang)
    data = _lees_cache(path, key)
    if data is None:
        data = _load_dictionary_from_disk(lang)
        _schrijf_cache(path, key, data)
    return data


@cache
def _strategie():
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
    from simplemma.strategies.dictionaries.dictionary_factory import (
        CachingDictionaryFactory,
        MappingStrToByteString,
    )

    class _GecachteWoordenboeken(CachingDictionaryFactory):
        __slots__ = ()

        def _get_dictionary_uncached(self, lang: str):
            return MappingStrToByteString(woordenboek(lang))

    factory = _GecachteWoordenboeken()
    # as simplemma's legacy ``lemmatize`` (greedy=False) and ``is_known`` build theirs
    return (
        Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=False, dictionary_factory=factory)),
        DictionaryLookupStrategy(factory),
    )


def lemmatize(word: str, lang: str = TAAL) -> str:
    """As ``simplemma.lemmatize(word, lang=lang)``."""
    return _strategie()[0].lemmatize(word, lang)


def is_known(word: str, lang: str = TAAL) -> bool:
    """As ``simplemma.is_known(word, lang=lang)``."""
    from simplemma.utils import normalize_token

    if not isinstance(word, str):
        raise TypeError(f"Wrong input type, expected string, got {type(word)}")
    if word == "":
        raise ValueError("Wrong input value: empty string")
    return _strategie()[1].get_lemma(normalize_token(word), lang) is not None
