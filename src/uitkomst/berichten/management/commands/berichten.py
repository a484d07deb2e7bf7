"""``uitkomst berichten controleer|verwerk|uitgaand|postbus``: the operators' message tools.

- ``controleer PAD...``: technical check only (changes nothing); one JSON object per file and line;
  exit 0 when every file is valid, 1 otherwise.
- ``verwerk PAD...``: receive and process the files; the same JSON plus ``status``
  (verwerkt | afgekeurd | dubbel); exit 0 when none is refused, 1 otherwise.
- ``uitgaand --uit MAP [--envelop]``: write every pending outgoing message to MAP and print how many.
- ``postbus``: read the folder mailbox (UITKOMST_BERICHTEN_MAP) once.

A directory as PAD stands for the ``*.xml`` files in it. Never a traceback: a file that cannot be
read is a finding too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from uitkomst.berichten import mailbox, services, xml
from uitkomst.berichten.models import Kanaal


def _regel(bestand: Path, berichtcode, bevindingen, geldig: bool | None = None, **extra) -> str:
    out = {
        "bestand": str(bestand),
        "berichtcode": berichtcode,
        "geldig": (not bevindingen and berichtcode is not None) if geldig is None else geldig,
        "bevindingen": [{"code": b["code"], "melding": b["melding"], "regel": b.get("regel")} for b in bevindingen],
    }
    out.update(extra)
    return json.dumps(out, ensure_ascii=False)


def _fout(melding: str) -> list[dict]:
    return [{"code": "bestand", "melding": melding, "regel": None}]


class Command(BaseCommand):
    help = "iJw/iWmo-berichten controleren, verwerken en de uitbak wegschrijven."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="actie", required=True)
        c = sub.add_parser("controleer", help="Alleen technisch controleren; verandert niets.")
        c.add_argument("paden", nargs="+")
        v = sub.add_parser("verwerk", help="Bestanden als ontvangen berichten verwerken.")
        v.add_argument("paden", nargs="+")
        u = sub.add_parser("uitgaand", help="Wachtende uitgaande berichten wegschrijven.")
        u.add_argument("--uit", required=True, help="Map voor de uitgaande bestanden.")
        u.add_argument("--envelop", action="store_true", help="In een StUF-GGk-envelop (Di01/Du01).")
        sub.add_parser("postbus", help="De berichtenmap (UITKOMST_BERICHTEN_MAP) één keer lezen.")

    def handle(self, *args, actie, **opts):
        try:
            code = getattr(self, f"_{actie}")(**opts)
        except Exception as exc:  # noqa: BLE001 - an operator tool reports, it does not crash
            self.stderr.write(f"Fout: {exc}")
            code = 2
        sys.stdout.flush()
        if code:
            sys.exit(code)

    def _controleer(self, paden, **_):
        ok = True
        for pad in mailbox.bestanden(paden):
            try:
                c = xml.controleer(mailbox.lees_bestand(pad))
                bevindingen = [b.als_dict() for b in c.bevindingen]
                code = c.berichtcode
            except OSError as exc:
                bevindingen, code = _fout(f"Het bestand kan niet worden gelezen: {exc.strerror or exc}"), None
            except Exception as exc:  # noqa: BLE001
                bevindingen, code = _fout(f"Het bestand kan niet worden gecontroleerd: {exc}"), None
            ok &= not bevindingen and code is not None
            self.stdout.write(_regel(pad, code, bevindingen))
        return 0 if ok else 1

    def _verwerk(self, paden, **_):
        ok = True
        door = services.systeem()
        alle = mailbox.bestanden(paden)
        stap = services.PER_TRANSACTIE
        for begin in range(0, len(alle), stap):  # a batch of files per transaction, each its own outcome
            ok &= self._verwerk_reeks(alle[begin : begin + stap], door)
        return 0 if ok else 1

    def _verwerk_reeks(self, paden, door) -> bool:
        ok = True
        gelezen, uitkomsten = {}, {}
        for i, pad in enumerate(paden):
            try:
                gelezen[i] = (mailbox.lees_bestand(pad), pad.name)
            except OSError as exc:
                uitkomsten[i] = exc
        try:
            reeks = services.berichten_ontvangen(list(gelezen.values()), door=door, kanaal=Kanaal.CLI)
            uitkomsten.update(zip(gelezen, reeks, strict=True))
        except Exception as exc:  # noqa: BLE001
            uitkomsten.update(dict.fromkeys(gelezen, exc))
        for i, pad in enumerate(paden):
            r = uitkomsten[i]
            if isinstance(r, OSError):
                bevindingen, code, status = (
                    _fout(f"Het bestand kan niet worden gelezen: {r.strerror or r}"),
                    None,
                    "afgekeurd",
                )
            elif isinstance(r, Exception):
                bevindingen, code, status = _fout(f"Het bestand kan niet worden verwerkt: {r}"), None, "afgekeurd"
            else:
                bevindingen, code, status = r.bevindingen, r.berichtcode, r.status
            ok &= status != "afgekeurd"
            # geldig: the technical checks passed (a refusal on a rule of the standard is in 'status')
            geldig = code is not None and not any(b.get("niveau", "technisch") == "technisch" for b in bevindingen)
            self.stdout.write(_regel(pad, code, bevindingen, geldig=geldig, status=status))
        return ok

    def _uitgaand(self, uit, envelop=False, **_):
        n = mailbox.schrijf_uitgaand(uit, envelop=envelop)
        self.stdout.write(json.dumps({"uitgaand": n, "map": str(uit)}, ensure_ascii=False))
        return 0

    def _postbus(self, **_):
        n = mailbox.lees_map()
        self.stdout.write(json.dumps({"gelezen": n}, ensure_ascii=False))
        return 0
