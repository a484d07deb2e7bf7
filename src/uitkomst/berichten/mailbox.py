"""The folder mailbox, for installations that exchange message files instead of a GGk connection.

``UITKOMST_BERICHTEN_MAP`` holds ``in/`` (files to read), ``verwerkt/`` and ``afgekeurd/`` (read
files, moved there once) and ``uit/`` (outgoing messages, one file each). Reading is idempotent:
a file read twice is reported as a duplicate and changes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

from .models import Kanaal
from .xml import MAX_BYTES


def lees_bestand(pad: Path) -> bytes:
    """At most 25 MB + 1 byte: a larger file is refused without being read whole."""
    with pad.open("rb") as f:
        return f.read(MAX_BYTES + 1)


def bestanden(paden) -> list[Path]:
    out = []
    for p in map(Path, paden):
        out.extend(sorted(x for x in p.iterdir() if x.is_file() and x.suffix.lower() == ".xml") if p.is_dir() else [p])
    return out


def lees_map(map_: str | Path | None = None, *, door=None) -> int:
    """Receive every file in ``in/``; returns how many were read."""
    from . import services

    root = Path(map_ or getattr(settings, "UITKOMST_BERICHTEN_MAP", "") or "")
    if not str(root) or not (root / "in").is_dir():
        return 0
    door = door or services.systeem()
    n = 0
    paden = bestanden([root / "in"])
    stap = services.PER_TRANSACTIE  # one transaction per batch of files; moved once it has committed
    for begin in range(0, len(paden), stap):
        deel = paden[begin : begin + stap]
        uitkomsten = services.berichten_ontvangen(
            [(lees_bestand(pad), pad.name) for pad in deel], door=door, kanaal=Kanaal.MAP, per_transactie=stap
        )
        fout = None
        for pad, r in zip(deel, uitkomsten, strict=True):
            if isinstance(r, Exception):
                fout = fout or r  # left in in/, as before
                continue
            doel = root / ("afgekeurd" if r.status == "afgekeurd" else "verwerkt")
            doel.mkdir(parents=True, exist_ok=True)
            shutil.move(str(pad), str(doel / pad.name))
            n += 1
        if fout is not None:
            raise fout
    return n


def schrijf_uitgaand(uit: str | Path, *, envelop: bool = False, door=None) -> int:
    """Write every message waiting in the outbox to ``uit`` (one file each) and mark it sent."""
    from . import selectors, services

    door = door or services.systeem()
    doel = Path(uit)
    doel.mkdir(parents=True, exist_ok=True)
    n = 0
    for bericht in selectors.uitbak():
        naam, data = services.uitgaand_bestand(bericht, envelop=envelop)
        (doel / naam).write_bytes(data)
        services.bericht_verzonden(bericht=bericht, door=door, kanaal=f"map {doel}")
        n += 1
    return n
