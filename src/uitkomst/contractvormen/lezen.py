"""Reading a document file into its classification, without Django's app registry.

``services.tekst_lezen`` and ``uitkomst classify --text`` (the management command and its fast path
in ``uitkomst.cli``) share these functions, so the fast path cannot drift from the command: the same
checks on the file, the same messages, the same JSON.

The fast path (``snel_classify``) runs ``classify --text FILE`` without ``django.setup()``: reading
needs no database and no other app, and setting up the 36 apps (models, admin, OAuth, Celery) took
about 0.9 s of the 2.2-2.6 s a cold run cost. It handles only exactly that form of the command; any
other argument goes through Django as before.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from uitkomst.utils.errors import DomainError

from . import classificatie, documenten, tekst


class BestandFout(Exception):
    """The file cannot be read; ``message`` is the Dutch message, exit status 2."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Gelezen:
    document: documenten.Document
    lezing: tekst.Lezing
    classificatie: classificatie.Classificatie


def lees_gegevens(data: bytes) -> Gelezen:
    """Read a plain-text, PDF or DOCX document and classify it (raises ``DomainError``)."""
    doc = documenten.lees_document(data)
    gelezen = tekst.lees(doc)
    bewijs = {k: v.als_bewijs() for k, v in gelezen.voorstellen.items()}
    klass = classificatie.classificeer(gelezen.antwoorden, bewijs=bewijs, afgeleid=gelezen.suggesties)
    return Gelezen(document=doc, lezing=gelezen, classificatie=klass)


def lees_bestand(bestand: str) -> bytes:
    """The bytes of the file named on the command line, within the upload limit."""
    path = Path(bestand)
    if not path.is_file():
        raise BestandFout(f"Bestand '{bestand}' bestaat niet of is geen bestand.")
    if path.stat().st_size > documenten.MAX_DOCUMENT_BYTES:
        raise BestandFout(
            f"Bestand '{bestand}' is te groot; het maximum is {documenten.MAX_DOCUMENT_BYTES // (1024 * 1024)} MB."
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BestandFout(f"Bestand '{bestand}' kan niet worden gelezen ({exc.strerror}).") from exc


def als_json(klass: classificatie.Classificatie) -> str:
    """The JSON ``uitkomst classify`` prints (without the final newline)."""
    return json.dumps(klass.als_dict(), ensure_ascii=False, indent=2)


def _tekstbestand(argv: list[str]) -> str | None:
    """FILE when ``argv`` is exactly ``classify --text FILE`` (either order), else None."""
    if len(argv) != 3 or argv[0] != "classify":
        return None
    rest = argv[1:]
    if rest.count("--text") != 1:
        return None
    rest.remove("--text")
    bestand = rest[0]
    if bestand.startswith("-"):
        return None
    return bestand


def snel_classify(argv: list[str]) -> int | None:
    """Run ``classify --text FILE`` without Django setup; None when ``argv`` is another command.

    Output as the management command: the JSON on stdout, or ``CommandError: <message>`` on
    stderr with exit status 2."""
    bestand = _tekstbestand(argv)
    if bestand is None:
        return None
    try:
        klass = lees_gegevens(lees_bestand(bestand)).classificatie
    except (BestandFout, DomainError) as exc:
        sys.stderr.write(f"CommandError: {exc.message}\n")
        return 2
    sys.stdout.write(als_json(klass) + "\n")
    return 0
