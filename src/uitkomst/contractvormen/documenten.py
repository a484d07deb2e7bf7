"""Documents: bytes of a plain-text, PDF or DOCX file -> text with its sections, within fixed limits.

The type is sniffed from the content (never trusted from the file name). Every limit below is a
hard refusal with a specific code and a Dutch message; nothing is read half without saying so.

* size of the upload, number of PDF pages, uncompressed size (and compression ratio) of the DOCX
  body, number of characters of text, and a wall-clock budget for the whole extraction;
* pypdf runs under a tightened ``pypdf.Configuration`` (decompression and parsing budgets);
* DOCX XML is parsed incrementally (a pull parser fed in chunks, elements cleared as they are
  read), and any DTD or entity declaration is refused before it reaches the parser;
* a PDF without a text layer (for example a scan) is refused with the message that no text
  recognition (OCR) is done; an encrypted PDF that does not open with an empty password is refused.

Sections: headings are taken from DOCX heading styles and, for any text, from lines that look like
headings (numbered, "Artikel 3", "Hoofdstuk 2", short lines without a full stop followed by text).
The reader names the section of every evidence sentence.
"""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, XMLPullParser

from uitkomst.utils.errors import ValidationFailed

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # 10 MiB per upload
MAX_PDF_PAGES = 300
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024  # uncompressed word/document.xml
MAX_DOCX_RATIO = 100  # uncompressed / compressed size of word/document.xml above 1 MiB
MAX_DOCX_PARAGRAPHS = 100_000
MAX_TEXT_CHARS = 1_000_000
MAX_SECONDS = 8.0  # wall clock for extracting one document
MIN_CHARS_PER_PAGE = 20  # below this on average a PDF counts as having no text layer

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# pypdf warns about a damaged file on its logger; the user gets our Dutch message instead. Without a
# handler (the CLI's fast path configures no logging) Python would print the warning on stderr first.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

# pypdf's own limits, tightened: a 20-page procurement document needs a tiny fraction of these.
PDF_CONFIGURATIE = {
    "maximum_declared_stream_length": 20_000_000,
    "zlib_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "array_based_stream_maximum_output_length": 20_000_000,
    "image_maximum_buffer_size": 20_000_000,
    "stream_decoding_work_maximum_length": 60_000_000,
    "stream_parsing_work_maximum_count": 1_000_000,
}


@dataclass
class Kop:
    """A section heading at an offset in the document text."""

    begin: int
    titel: str


@dataclass
class Document:
    tekst: str
    soort: str  # 'tekst', 'pdf' or 'docx'
    koppen: list[Kop] = field(default_factory=list)
    paginas: int | None = None

    def sectie_op(self, offset: int) -> str | None:
        """The title of the section that holds ``offset`` (None before the first heading)."""
        titel = None
        for kop in self.koppen:
            if kop.begin > offset:
                break
            titel = kop.titel
        return titel


# --- errors --------------------------------------------------------------------------------------


def _fout(code: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, field="bestand")


def _verkeerd_type() -> ValidationFailed:
    return _fout(
        "bestandstype_onbekend",
        "Dit bestand is geen platte tekst, PDF of Word-document (DOCX). "
        "Andere bestandstypen kunnen niet worden gelezen.",
    )


def _onleesbaar(soort: str) -> ValidationFailed:
    return _fout(
        "document_onleesbaar",
        f"Het {soort}-bestand is beschadigd of onvolledig en kan niet worden gelezen. "
        "Sla het opnieuw op (of exporteer het opnieuw naar PDF) en probeer het nog eens.",
    )


def _te_traag() -> ValidationFailed:
    return _fout(
        "document_te_complex",
        f"Het document is te complex om binnen {MAX_SECONDS:.0f} seconden te lezen. "
        "Lees een kleiner deel (bijvoorbeeld alleen het hoofdstuk over de opdracht).",
    )


def _te_veel_tekst() -> ValidationFailed:
    return _fout(
        "document_te_lang",
        f"Het document bevat meer dan {MAX_TEXT_CHARS:,} tekens tekst; lees een kleiner deel.".replace(",", "."),
    )


class _Klok:
    def __init__(self) -> None:
        self.start = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.start > MAX_SECONDS:
            raise _te_traag()


# --- sniffing ------------------------------------------------------------------------------------


def soort_document(data: bytes) -> str:
    """'pdf', 'docx' or 'tekst', sniffed from the content; anything else is refused."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
        raise _verkeerd_type()
    if b"\x00" in data[:8192]:
        raise _verkeerd_type()
    sample = _decode(data[:8192])
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\r\n\t")
    if sample and printable / len(sample) < 0.95:
        raise _verkeerd_type()
    return "tekst"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# --- PDF -------------------------------------------------------------------------------------------


def _pdf(data: bytes, klok: _Klok) -> Document:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    with apply_configuration(**PDF_CONFIGURATIE):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    ok = reader.decrypt("")
                except (PyPdfError, NotImplementedError, ImportError):
                    ok = 0
                if not ok:
                    raise _fout(
                        "document_beveiligd",
                        "Het PDF-bestand is beveiligd met een wachtwoord en kan niet worden gelezen. "
                        "Sla een onbeveiligde versie op en lees die.",
                    )
            n = len(reader.pages)
            if n == 0:
                raise _onleesbaar("PDF")
            if n > MAX_PDF_PAGES:
                raise _fout(
                    "document_te_lang",
                    f"Het PDF-bestand heeft {n} pagina's; het maximum is {MAX_PDF_PAGES}. Lees een kleiner deel.",
                )
            parts: list[str] = []
            total = 0
            for page in reader.pages:
                klok.check()
                text = page.extract_text() or ""
                total += len(text)
                if total > MAX_TEXT_CHARS:
                    raise _te_veel_tekst()
                parts.append(text)
        except ValidationFailed:
            raise
        except FileNotDecryptedError as exc:
            raise _fout(
                "document_beveiligd", "Het PDF-bestand is beveiligd met een wachtwoord en kan niet worden gelezen."
            ) from exc
        except RecursionError as exc:
            raise _onleesbaar("PDF") from exc
        except Exception as exc:  # noqa: BLE001 - hostile input: any parser failure means "unreadable"
            raise _onleesbaar("PDF") from exc
    visible = sum(len(p.strip()) for p in parts)
    if visible < MIN_CHARS_PER_PAGE * max(1, min(n, 3)):
        raise _fout(
            "document_zonder_tekst",
            "Het PDF-bestand bevat (bijna) geen tekst, waarschijnlijk omdat het een scan of afbeelding is. "
            "Uitkomst doet geen tekstherkenning (OCR); lees een PDF met een tekstlaag, een Word-document "
            "of plak de tekst.",
        )
    return Document(tekst="\n\n".join(parts), soort="pdf", paginas=n)


# --- DOCX ------------------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(heading|kop|title|titel)\s*\d*$", re.IGNORECASE)


def _docx(data: bytes, klok: _Klok) -> Document:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        info = zf.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _onleesbaar("Word") from exc
    if info.file_size > MAX_DOCX_XML_BYTES or (
        info.file_size > 1024 * 1024 and info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1)
    ):
        raise _fout(
            "bestand_te_groot",
            "Het Word-document is uitgepakt te groot of verdacht sterk gecomprimeerd om veilig te lezen "
            f"(maximaal {MAX_DOCX_XML_BYTES // (1024 * 1024)} MB uitgepakte tekstopmaak).",
        )
    parser = XMLPullParser(events=("start", "end"))
    paragraphs: list[tuple[str, bool]] = []  # (text, is_heading)
    current: list[str] = []
    heading = False
    total = read = 0
    tail = b""
    try:
        with zf.open(info) as raw:
            while True:
                klok.check()
                chunk = raw.read(256 * 1024)
                if not chunk:
                    break
                read += len(chunk)
                if read > MAX_DOCX_XML_BYTES:
                    raise _fout("bestand_te_groot", "Het Word-document is uitgepakt te groot om veilig te lezen.")
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise _fout(
                        "document_onveilig",
                        "Het Word-document bevat XML-constructies (DTD of entiteiten) "
                        "die om veiligheidsredenen niet worden gelezen.",
                    )
                tail = chunk[-16:]
                parser.feed(chunk)
                for event, elem in parser.read_events():
                    tag = elem.tag
                    if event == "start":
                        if tag == f"{W_NS}p":
                            current, heading = [], False
                        continue
                    if tag == f"{W_NS}t":
                        current.append(elem.text or "")
                    elif tag in (f"{W_NS}tab", f"{W_NS}br"):
                        current.append(" ")
                    elif tag == f"{W_NS}pStyle":
                        heading = heading or bool(_HEADING_STYLE.match(elem.get(f"{W_NS}val", "")))
                    elif tag == f"{W_NS}outlineLvl":
                        heading = True
                    elif tag == f"{W_NS}p":
                        text = "".join(current).strip()
                        current = []
                        if text:
                            total += len(text)
                            if total > MAX_TEXT_CHARS:
                                raise _te_veel_tekst()
                            paragraphs.append((text, heading))
                            if len(paragraphs) > MAX_DOCX_PARAGRAPHS:
                                raise _te_veel_tekst()
                        elem.clear()
            parser.close()
    except ValidationFailed:
        raise
    except (ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _onleesbaar("Word") from exc
    finally:
        zf.close()
    parts, koppen, offset = [], [], 0
    for text, is_heading in paragraphs:
        if is_heading:
            koppen.append(Kop(begin=offset, titel=_kop_titel(text)))
        parts.append(text)
        offset += len(text) + 2
    return Document(tekst="\n\n".join(parts), soort="docx", koppen=koppen)


# --- headings in any text -------------------------------------------------------------------------

_KOP_PATROON = re.compile(
    r"^\s*(?:(?i:artikel|hoofdstuk|paragraaf|bijlage|deel|afdeling|perceel)\s+[\dIVXivx]+[a-z]?\b"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-ZÀ-Ý]"
    r"|[IVX]{1,4}\.\s+[A-Z]"
    r"|§\s*\d)"
)


def _kop_titel(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip(" :.-\t")[:120]


def _is_kop(line: str, next_line: str | None) -> bool:
    """A heading: a short line followed by text, numbered or in capitals or a bare title."""
    s = line.strip()
    if not s or len(s) > 90 or not next_line:
        return False
    words = s.split()
    if s.endswith((".", ";", ",", "?", "!")):
        return False
    if _KOP_PATROON.match(s) and len(words) <= 12:
        return True
    letters = [c for c in s if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters) and len(words) <= 8:
        return True
    # a short title line ("Bekostiging", "Toegang en regie") followed by longer running text
    return len(words) <= 6 and s[0].isupper() and not s.endswith(":") and len(next_line) > 2 * len(s)


def koppen_uit_tekst(text: str) -> list[Kop]:
    """Headings of a plain text (or PDF text), by the look of the line."""
    out: list[Kop] = []
    lines = text.split("\n")
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    for j, i in enumerate(nonempty):
        nxt = lines[nonempty[j + 1]].strip() if j + 1 < len(nonempty) else None
        if _is_kop(lines[i], nxt):
            lead = len(lines[i]) - len(lines[i].lstrip())
            out.append(Kop(begin=starts[i] + lead, titel=_kop_titel(lines[i])))
    return out


# --- entry -----------------------------------------------------------------------------------------


def _schoon(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\ufeff", "")
    return re.sub(r"[ \t]+\n", "\n", text)


def lees_document(data: bytes) -> Document:
    """The text and sections of an uploaded document; ValidationFailed with a specific code otherwise."""
    if not data or not data.strip():
        raise _fout("document_leeg", "Het document is leeg.")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _fout(
            "bestand_te_groot",
            f"Het document is te groot ({len(data) / 1024 / 1024:.1f} MB); "
            f"het maximum is {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.",
        )
    klok = _Klok()
    soort = soort_document(data)
    if soort == "pdf":
        doc = _pdf(data, klok)
    elif soort == "docx":
        doc = _docx(data, klok)
    else:
        text = _decode(data)
        if len(text) > MAX_TEXT_CHARS:
            raise _te_veel_tekst()
        doc = Document(tekst=text, soort="tekst")
    doc.tekst = _schoon(doc.tekst)
    if not doc.tekst.strip():
        if soort == "docx":
            raise _fout("document_leeg", "Het Word-document bevat geen tekst.")
        raise _fout("document_leeg", "Het document bevat geen leesbare tekst.")
    if soort != "docx" or not doc.koppen:
        doc.koppen = koppen_uit_tekst(doc.tekst)
    return doc
