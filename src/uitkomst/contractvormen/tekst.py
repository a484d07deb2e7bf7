"""Reading Dutch procurement text: document extraction and an explainable lexicon reader.

Two parts, both without network or downloaded models:

* ``lees_document``: bytes of a plain-text, PDF or DOCX file -> text. The type is sniffed from the
  content (never trusted from the name), the size is capped, and DOCX XML is parsed with
  defusedxml with DTDs forbidden, so no entity expansion can happen.
* ``lees_tekst``: text -> a proposal per answer with a confidence and the evidence sentences, from
  the lexicon in ``data/lexicon.yaml`` (Dutch Snowball stemming) and a few inference rules. When
  the text gives nothing, the answer stays ``onbekend``; a tie between two values also stays
  ``onbekend`` rather than a guess.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import cache

import snowballstemmer
import yaml
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from uitkomst.utils.errors import ValidationFailed

from .classificatie import DATA_DIR, ONBEKEND, SLEUTELS

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # 5 MiB per upload
MAX_UNCOMPRESSED_XML = 50 * 1024 * 1024  # guard against zip bombs in DOCX
MAX_PDF_PAGES = 400
MAX_TEXT_CHARS = 2_000_000
MAX_EVIDENCE = 3
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- documents -------------------------------------------------------------------------------------


def soort_document(data: bytes) -> str:
    """'pdf', 'docx' or 'tekst', sniffed from the content; anything else is refused."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise _verkeerd_type()
    head = data[:8192]
    if b"\x00" in head:
        raise _verkeerd_type()
    text = _decode(data)
    sample = text[:8192]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\r\n\t")
    if sample and printable / len(sample) < 0.95:
        raise _verkeerd_type()
    return "tekst"


def _verkeerd_type() -> ValidationFailed:
    return ValidationFailed(
        "Dit bestand is geen platte tekst, PDF of Word-document (DOCX). "
        "Andere bestandstypen kunnen niet worden gelezen.",
        code="bestandstype_onbekend",
        field="bestand",
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _onleesbaar(soort: str) -> ValidationFailed:
    return ValidationFailed(
        f"Het {soort}-bestand is beschadigd of kan niet worden gelezen.", code="document_onleesbaar", field="bestand"
    )


def _pdf_tekst(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationFailed(
                "Het PDF-bestand is beveiligd met een wachtwoord en kan niet worden gelezen.",
                code="document_beveiligd",
                field="bestand",
            )
        parts = []
        for page in reader.pages[:MAX_PDF_PAGES]:
            parts.append(page.extract_text() or "")
        return "\n".join(parts)
    except ValidationFailed:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise _onleesbaar("PDF") from exc


def _docx_tekst(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > MAX_UNCOMPRESSED_XML:
                raise ValidationFailed(
                    "Het Word-document is uitgepakt te groot om te lezen.", code="bestand_te_groot", field="bestand"
                )
            xml = zf.read(info)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise _onleesbaar("Word") from exc
    try:
        root = SafeET.fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ValidationFailed(
            "Het Word-document bevat XML-constructies (DTD of entiteiten) "
            "die om veiligheidsredenen niet worden gelezen.",
            code="document_onveilig",
            field="bestand",
        ) from exc
    except SafeET.ParseError as exc:
        raise _onleesbaar("Word") from exc
    paragraphs = []
    for p in root.iter(f"{W_NS}p"):
        paragraphs.append("".join(t.text or "" for t in p.iter(f"{W_NS}t")))
    return "\n".join(paragraphs)


def lees_document(data: bytes) -> tuple[str, str]:
    """(text, kind) of an uploaded document; ValidationFailed with a specific code otherwise."""
    if not data:
        raise ValidationFailed("Het document is leeg.", code="document_leeg", field="bestand")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed(
            f"Het document is te groot ({len(data) / 1024 / 1024:.1f} MB); "
            f"het maximum is {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.",
            code="bestand_te_groot",
            field="bestand",
        )
    soort = soort_document(data)
    if soort == "pdf":
        text = _pdf_tekst(data)
    elif soort == "docx":
        text = _docx_tekst(data)
    else:
        text = _decode(data)
    text = text[:MAX_TEXT_CHARS]
    if not text.strip():
        raise ValidationFailed(
            "Het document bevat geen leesbare tekst (bijvoorbeeld een gescande PDF zonder tekstlaag).",
            code="document_leeg",
            field="bestand",
        )
    return text, soort


# --- the lexicon reader ------------------------------------------------------------------------------


@cache
def lexicon() -> dict:
    return yaml.safe_load((DATA_DIR / "lexicon.yaml").read_text(encoding="utf-8"))


@cache
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\bp\s*[x×*]\s*q\b", " pxq ", text)


def tokens(text: str) -> list[str]:
    """Stemmed tokens of a text, without stopwords (the same treatment for sentences and phrases)."""
    stop = set(lexicon()["stopwoorden"])
    words = [w for w in re.findall(r"[a-z0-9]+", _normalise(text)) if w not in stop]
    return _stemmer().stemWords(words)


@dataclass(frozen=True)
class Patroon:
    sleutel: str
    waarde: str
    zin: str
    gewicht: float
    stammen: tuple[str, ...]


@cache
def patronen() -> tuple[Patroon, ...]:
    out = []
    for sleutel, values in lexicon()["patronen"].items():
        for waarde, items in values.items():
            for item in items:
                out.append(Patroon(sleutel, waarde, item["zin"], float(item["gewicht"]), tuple(tokens(item["zin"]))))
    return tuple(out)


MAX_GAP = 3


def _match(stams: list[str], patroon: tuple[str, ...]) -> int | None:
    """Start index of the phrase in the sentence (words in order, small gaps allowed), or None."""
    if not patroon:
        return None
    for start, word in enumerate(stams):
        if word != patroon[0]:
            continue
        pos, ok = start, True
        for part in patroon[1:]:
            window = stams[pos + 1 : pos + 2 + MAX_GAP]
            if part not in window:
                ok = False
                break
            pos = pos + 1 + window.index(part)
        if ok:
            return start
    return None


def _negated(stams: list[str], start: int) -> bool:
    negations = set(lexicon()["ontkenningen"])
    return any(w in negations for w in stams[max(0, start - 3) : start])


def zinnen(text: str) -> list[str]:
    """Sentences of a text: split on sentence ends, line breaks and bullets."""
    parts = re.split(r"(?<=[.!?;:])\s+|\n\s*\n|\n\s*[•\-*·]\s*|\r?\n(?=[A-Z0-9•])", text)
    out = []
    for part in parts:
        sentence = re.sub(r"\s+", " ", part).strip(" •-*·\t")
        if len(sentence) >= 3:
            out.append(sentence)
    return out


@dataclass
class Voorstel:
    """What the reader proposes for one answer."""

    sleutel: str
    waarde: str = ONBEKEND
    zekerheid: float = 0.0
    zinnen: list[str] = field(default_factory=list)
    herkomst: str = "tekst"
    scores: dict[str, float] = field(default_factory=dict)

    def als_bewijs(self) -> dict:
        return {
            "zinnen": list(self.zinnen),
            "zekerheid": self.zekerheid,
            "herkomst": self.herkomst,
        }


def _confidence(best: float, total: float) -> float:
    """Share of the evidence for the winner, damped when there is little evidence at all."""
    return round((best / total) * (1 - math.exp(-best / 3)), 2)


def lees_tekst(text: str) -> dict[str, Voorstel]:
    """A proposal per answer key, with evidence; ``onbekend`` where the text says nothing clear."""
    found: dict[str, dict[str, list[tuple[float, str]]]] = {k: {} for k in SLEUTELS}
    for sentence in zinnen(text):
        stams = tokens(sentence)
        if not stams:
            continue
        best_here: dict[tuple[str, str], float] = {}
        for p in patronen():
            start = _match(stams, p.stammen)
            if start is None or _negated(stams, start):
                continue
            key = (p.sleutel, p.waarde)
            best_here[key] = max(best_here.get(key, 0.0), p.gewicht)
        for (sleutel, waarde), weight in best_here.items():
            found[sleutel].setdefault(waarde, []).append((weight, sentence[:400]))

    drempel = float(lexicon()["drempel"])
    result: dict[str, Voorstel] = {}
    for sleutel in SLEUTELS:
        scores = {w: round(sum(x for x, _ in hits), 2) for w, hits in found[sleutel].items()}
        voorstel = Voorstel(sleutel=sleutel, scores=scores)
        if scores:
            ranked = sorted(scores.items(), key=lambda kv: -kv[1])
            best_value, best = ranked[0]
            second = ranked[1][1] if len(ranked) > 1 else 0.0
            if best >= drempel and best > second:
                hits = sorted(found[sleutel][best_value], key=lambda h: -h[0])
                voorstel.waarde = best_value
                voorstel.zekerheid = _confidence(best, sum(scores.values()))
                voorstel.zinnen = [s for _, s in hits[:MAX_EVIDENCE]]
        result[sleutel] = voorstel
    _apply_rules(result)
    return result


def _apply_rules(result: dict[str, Voorstel]) -> None:
    for rule in lexicon()["regels"]:
        if all(result[k].waarde == v for k, v in rule["als"].items()):
            for k, v in rule["dan"].items():
                if result[k].waarde == ONBEKEND:
                    result[k].waarde = v
                    result[k].zekerheid = float(rule["zekerheid"])
                    result[k].herkomst = "afgeleid"
                    result[k].zinnen = [rule["uitleg"]]
