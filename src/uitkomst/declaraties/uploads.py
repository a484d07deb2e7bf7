"""Reading an invoice from a CSV or Excel file. A malformed file is refused as a whole, with a Dutch
message per problem naming the file's line number; nothing is saved then.

Columns (first row, any order, case-insensitive): ``toewijzingnummer`` (or a lump-sum number),
``begindatum``, ``einddatum``, ``bedrag`` are required; ``regel``, ``termijn``, ``aantal``,
``tarief`` and ``crediteert`` are optional. Dates as 2025-03-31 or 31-03-2025; amounts and
quantities in the notation of ``uitkomst.utils.geld.parse_bedrag`` (1.234,56 or 1234.56, at most
two decimals; the ambiguous 1.234 is refused).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal

from django.conf import settings

from uitkomst.utils.errors import ProblemCollector, ValidationFailed
from uitkomst.utils.geld import parse_bedrag, parse_decimaal

from .regels import Invoer

VERPLICHT = ("toewijzingnummer", "begindatum", "einddatum", "bedrag")
OPTIONEEL = ("regel", "termijn", "aantal", "tarief", "crediteert")
MAX_REGELS = 20_000
# Rows read in total (empty ones included) before the file is refused: an invoice has at most
# MAX_REGELS lines, a header and some blank rows; a file with a million empty rows stops here.
MAX_RIJEN_GELEZEN = MAX_REGELS + 1_000
# Cells per row: the invoice has 9 columns; spreadsheets often carry a few empty ones.
MAX_CELLEN_PER_RIJ = 50
# Characters in one cell: the longest legitimate value (a reference) is far shorter.
MAX_TEKENS_PER_CEL = 1_000
# Zip members of an .xlsx file: a normal workbook has about ten.
MAX_ZIP_ONDERDELEN = 100


def max_bytes() -> int:
    return int(settings.DECLARATIE_UPLOAD_MAX_BYTES)


def max_uitgepakt() -> int:
    """The largest total uncompressed size of an .xlsx file's zip members (zip-bomb cap)."""
    return int(settings.DECLARATIE_UPLOAD_MAX_UITGEPAKT)


def _te_groot(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="upload_te_groot", field="bestand")


def _begrensd(rijen: Iterator[Sequence]) -> Iterator[Sequence]:
    """The rows of ``rijen`` with every cap checked while reading: the reader stops at the first row over
    a limit, so a hostile file costs no more than MAX_RIJEN_GELEZEN rows of work."""
    for gelezen, rij in enumerate(rijen, start=1):
        if gelezen > MAX_RIJEN_GELEZEN:
            raise _te_groot(f"Het bestand heeft meer dan {MAX_REGELS} regels; splits het in kleinere bestanden.")
        if len(rij) > MAX_CELLEN_PER_RIJ:
            # Trailing empty cells (a formatted column far to the right) are harmless.
            rij = list(rij)
            while len(rij) > MAX_CELLEN_PER_RIJ and _leeg(rij[-1]):
                rij.pop()
            if len(rij) > MAX_CELLEN_PER_RIJ:
                raise _te_groot(f"Regel {gelezen} heeft meer dan {MAX_CELLEN_PER_RIJ} kolommen.")
        for cel in rij:
            if isinstance(cel, str) and len(cel) > MAX_TEKENS_PER_CEL:
                raise _te_groot(f"Regel {gelezen} heeft een waarde van meer dan {MAX_TEKENS_PER_CEL} tekens.")
        yield rij


def _rijen_csv(inhoud: bytes) -> Iterator[Sequence]:
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("Het CSV-bestand is geen UTF-8-tekst.", code="upload_ongeldig") from exc
    if "\x00" in tekst:  # PostgreSQL stores no NUL in text; no spreadsheet writes one
        raise ValidationFailed("Het CSV-bestand bevat een NUL-teken; het is geen tekstbestand.", code="upload_ongeldig")
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    reader = csv.reader(io.StringIO(tekst), delimiter=scheiding)
    while True:
        try:
            rij = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a field longer than csv.field_size_limit(), a NUL byte
            raise ValidationFailed(
                f"Het CSV-bestand kan niet worden gelezen (regel {reader.line_num}).", code="upload_ongeldig"
            ) from exc
        yield rij


def _controleer_zip(inhoud: bytes) -> None:
    """Refuse an .xlsx whose zip members would unpack to more than ``max_uitgepakt()`` bytes, before
    openpyxl opens it. Python's zipfile never returns more than a member's declared size, so the
    declared sizes are a sound bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as zf:
            onderdelen = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationFailed("Het Excel-bestand kan niet worden gelezen.", code="upload_ongeldig") from exc
    if len(onderdelen) > MAX_ZIP_ONDERDELEN:
        raise ValidationFailed("Het Excel-bestand heeft een ongebruikelijke opbouw.", code="upload_ongeldig")
    totaal = sum(o.file_size for o in onderdelen)
    if totaal > max_uitgepakt():
        raise _te_groot(
            f"Het Excel-bestand is uitgepakt te groot ({totaal // (1024 * 1024)} MB); "
            f"de grens is {max_uitgepakt() // (1024 * 1024)} MB."
        )


def _rijen_xlsx(inhoud: bytes) -> Iterator[Sequence]:
    from openpyxl import load_workbook

    _controleer_zip(inhoud)
    try:
        wb = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as exc:
        raise ValidationFailed("Het Excel-bestand kan niet worden gelezen.", code="upload_ongeldig") from exc
    try:
        if not wb.worksheets:
            raise ValidationFailed("Het Excel-bestand heeft geen werkblad.", code="upload_leeg", field="bestand")
        ws = wb.worksheets[0]
        # The stored dimension (e.g. A1:XFD1048576) is not trusted: without it each row is only as
        # long as its own cells and no padding rows are made up.
        ws.reset_dimensions()
        try:
            yield from ws.iter_rows(values_only=True)
        except (KeyError, ValueError, TypeError, SyntaxError) as exc:
            raise ValidationFailed("Het Excel-bestand kan niet worden gelezen.", code="upload_ongeldig") from exc
    finally:
        wb.close()


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


def getal_lezen(value, kolom: str, nr: int, problems: ProblemCollector) -> Decimal | None:
    """An amount (``bedrag``, ``tarief``) or a quantity (``aantal``) of line ``nr`` in the one Dutch notation
    of ``uitkomst.utils.geld``; a refusal is added to ``problems`` with the line and column."""
    try:
        if kolom == "aantal":  # Declaratieregel.aantal: DecimalField(max_digits=10, decimal_places=2)
            return parse_decimaal(value, max_digits=10, soort="aantal", veld=kolom)
        return parse_bedrag(value, veld=kolom)
    except ValidationFailed as exc:
        problems.add(exc.code, f"Regel {nr}, kolom {kolom}: {exc.message}", kolom)
        return None


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
        bron = _rijen_csv(inhoud)
    elif naam.endswith(".xlsx"):
        if not inhoud.startswith(b"PK"):
            raise ValidationFailed("Dit is geen Excel-bestand (.xlsx).", code="upload_ongeldig", field="bestand")
        bron = _rijen_xlsx(inhoud)
    else:
        raise ValidationFailed(
            "Alleen CSV- (.csv) en Excel-bestanden (.xlsx) worden geaccepteerd.", code="upload_type", field="bestand"
        )
    # Read with every cap checked while reading; empty rows are dropped as they come.
    rijen = []
    for r in _begrensd(bron):
        if any(not _leeg(c) for c in r):
            rijen.append(r)
            if len(rijen) - 1 > MAX_REGELS:
                raise _te_groot(f"Meer dan {MAX_REGELS} regels in één bestand.")
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
        bedrag = None if _leeg(w.get("bedrag")) else getal_lezen(w["bedrag"], "bedrag", nr, problems)
        aantal = None if _leeg(w.get("aantal")) else getal_lezen(w["aantal"], "aantal", nr, problems)
        tarief = None if _leeg(w.get("tarief")) else getal_lezen(w["tarief"], "tarief", nr, problems)
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
