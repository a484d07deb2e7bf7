"""Reading an invoice from a CSV or Excel file. A malformed file is refused as a whole, with a Dutch
message per problem naming the file's line number; nothing is saved then.

Columns (first row, any order, case-insensitive): ``toewijzingnummer`` (or a lump-sum number),
``begindatum``, ``einddatum``, ``bedrag`` are required; ``regel``, ``termijn``, ``aantal``,
``tarief`` and ``crediteert`` are optional. Dates as 2025-03-31 or 31-03-2025; amounts with a
decimal comma or point and at most two decimals.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal, InvalidOperation

from django.conf import settings

from uitkomst.utils.errors import ProblemCollector, ValidationFailed

from .regels import Invoer

VERPLICHT = ("toewijzingnummer", "begindatum", "einddatum", "bedrag")
OPTIONEEL = ("regel", "termijn", "aantal", "tarief", "crediteert")
MAX_REGELS = 20_000


def max_bytes() -> int:
    return int(getattr(settings, "DECLARATIE_UPLOAD_MAX_BYTES", 2 * 1024 * 1024))


def _rijen_csv(inhoud: bytes) -> list[list[str]]:
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("Het CSV-bestand is geen UTF-8-tekst.", code="upload_ongeldig") from exc
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    return list(csv.reader(io.StringIO(tekst), delimiter=scheiding))


def _rijen_xlsx(inhoud: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationFailed("Het Excel-bestand kan niet worden gelezen.", code="upload_ongeldig") from exc
    ws = wb.worksheets[0]
    rijen = [list(row) for row in ws.iter_rows(values_only=True)]
    wb.close()
    return rijen


def _leeg(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _datum(value, kolom: str, nr: int, problems: ProblemCollector, vandaag: dt.date) -> dt.date | None:
    if isinstance(value, dt.datetime):
        d = value.date()
    elif isinstance(value, dt.date):
        d = value
    else:
        text = str(value).strip()
        d = None
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
            try:
                d = dt.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if d is None:
            problems.add("datum_ongeldig", f"Regel {nr}, kolom {kolom}: '{text}' is geen datum (JJJJ-MM-DD).", kolom)
            return None
    if d > vandaag:
        problems.add("datum_toekomst", f"Regel {nr}, kolom {kolom}: {d:%d-%m-%Y} ligt in de toekomst.", kolom)
    return d


def _getal(value, kolom: str, nr: int, problems: ProblemCollector, soort: str = "bedrag") -> Decimal | None:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float | Decimal):
        text = str(value)
    else:
        text = str(value).strip().replace("€", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")  # 1.234,56 -> 1234.56
    try:
        d = Decimal(text)
    except InvalidOperation:
        problems.add("getal_ongeldig", f"Regel {nr}, kolom {kolom}: '{value}' is geen {soort}.", kolom)
        return None
    if not d.is_finite():
        problems.add("getal_ongeldig", f"Regel {nr}, kolom {kolom}: '{value}' is geen {soort}.", kolom)
        return None
    if d != d.quantize(Decimal("0.01")):
        problems.add("te_veel_decimalen", f"Regel {nr}, kolom {kolom}: '{value}' heeft meer dan twee decimalen.", kolom)
        return None
    return d.quantize(Decimal("0.01"))


def lees_bestand(*, naam: str, inhoud: bytes, vandaag: dt.date) -> list[Invoer]:
    """The lines of an uploaded invoice, or ValidationFailed with every problem (line-numbered)."""
    naam = (naam or "").lower()
    if len(inhoud) > max_bytes():
        raise ValidationFailed(
            f"Het bestand is te groot ({len(inhoud) // 1024} kB); de grens is {max_bytes() // 1024} kB.",
            code="upload_te_groot",
            field="bestand",
        )
    if naam.endswith(".csv"):
        rijen = _rijen_csv(inhoud)
    elif naam.endswith(".xlsx"):
        if not inhoud.startswith(b"PK"):
            raise ValidationFailed("Dit is geen Excel-bestand (.xlsx).", code="upload_ongeldig", field="bestand")
        rijen = _rijen_xlsx(inhoud)
    else:
        raise ValidationFailed(
            "Alleen CSV- (.csv) en Excel-bestanden (.xlsx) worden geaccepteerd.", code="upload_type", field="bestand"
        )
    rijen = [r for r in rijen if any(not _leeg(c) for c in r)] if rijen else []
    if not rijen:
        raise ValidationFailed("Het bestand is leeg.", code="upload_leeg", field="bestand")
    kop = [str(c or "").strip().lower() for c in rijen[0]]
    problems = ProblemCollector()
    onbekend = [k for k in kop if k and k not in VERPLICHT + OPTIONEEL]
    if onbekend:
        problems.add(
            "kolom_onbekend",
            f"Regel 1: onbekende kolom(men) {', '.join(onbekend)}. Toegestaan: {', '.join(VERPLICHT + OPTIONEEL)}.",
            "bestand",
        )
    ontbreekt = [k for k in VERPLICHT if k not in kop]
    if ontbreekt:
        problems.add("kolom_ontbreekt", f"Regel 1: verplichte kolom(men) ontbreken: {', '.join(ontbreekt)}.", "bestand")
    if len({k for k in kop if k}) != len([k for k in kop if k]):
        problems.add("kolom_dubbel", "Regel 1: een kolom komt meer dan één keer voor.", "bestand")
    problems.raise_if_any()
    if len(rijen) - 1 > MAX_REGELS:
        raise ValidationFailed(f"Meer dan {MAX_REGELS} regels in één bestand.", code="upload_te_groot", field="bestand")

    invoer: list[Invoer] = []
    for nr, rij in enumerate(rijen[1:], start=2):
        if len(rij) > len(kop) and any(not _leeg(c) for c in rij[len(kop) :]):
            problems.add("kolommen_aantal", f"Regel {nr}: meer waarden dan kolommen.", "bestand")
            continue
        w = {k: (rij[i] if i < len(rij) else None) for i, k in enumerate(kop) if k}
        for k in VERPLICHT:
            if _leeg(w.get(k)):
                problems.add("waarde_ontbreekt", f"Regel {nr}: kolom {k} is leeg.", k)
        begin = None if _leeg(w.get("begindatum")) else _datum(w["begindatum"], "begindatum", nr, problems, vandaag)
        eind = None if _leeg(w.get("einddatum")) else _datum(w["einddatum"], "einddatum", nr, problems, vandaag)
        if begin and eind and eind < begin:
            problems.add("periode_ongeldig", f"Regel {nr}: de einddatum ligt vóór de begindatum.", "einddatum")
        bedrag = None if _leeg(w.get("bedrag")) else _getal(w["bedrag"], "bedrag", nr, problems)
        aantal = None if _leeg(w.get("aantal")) else _getal(w["aantal"], "aantal", nr, problems, "aantal")
        tarief = None if _leeg(w.get("tarief")) else _getal(w["tarief"], "tarief", nr, problems)
        crediteert = "" if _leeg(w.get("crediteert")) else str(w["crediteert"]).strip()
        if aantal is not None and aantal < 0 and not crediteert:
            problems.add("aantal_negatief", f"Regel {nr}, kolom aantal: een aantal is niet negatief.", "aantal")
        if bedrag is not None and bedrag < 0 and not crediteert:
            problems.add(
                "bedrag_negatief",
                f"Regel {nr}, kolom bedrag: een negatief bedrag kan alleen als creditregel (kolom crediteert).",
                "bedrag",
            )
        if tarief is not None and tarief < 0:
            problems.add("tarief_negatief", f"Regel {nr}, kolom tarief: een tarief is niet negatief.", "tarief")
        termijn = None
        if not _leeg(w.get("termijn")):
            text = str(w["termijn"]).strip().removesuffix(".0")
            termijn = int(text) if text.isdigit() and int(text) >= 1 else None
            if termijn is None:
                problems.add(
                    "termijn_ongeldig", f"Regel {nr}, kolom termijn: '{w['termijn']}' is geen termijnnummer.", "termijn"
                )
        regelnummer = nr - 1
        if not _leeg(w.get("regel")):
            text = str(w["regel"]).strip().removesuffix(".0")
            if not text.isdigit() or int(text) < 1:
                problems.add("regel_ongeldig", f"Regel {nr}, kolom regel: '{w['regel']}' is geen regelnummer.", "regel")
            else:
                regelnummer = int(text)
        ref = "" if _leeg(w.get("toewijzingnummer")) else str(w["toewijzingnummer"]).strip()
        invoer.append(
            Invoer(
                regelnummer=regelnummer, referentie=ref, begindatum=begin, einddatum=eind, termijn=termijn,
                aantal=aantal, tarief=tarief, bedrag=bedrag, crediteert=crediteert,
            )
        )  # fmt: skip
    if not invoer and not problems.problems:
        problems.add("upload_leeg", "Het bestand heeft geen regels onder de kopregel.", "bestand")
    if problems.problems:
        raise ValidationFailed.from_problems(problems.problems)
    return invoer
