"""Small generators for DOCX and PDF fixtures, so the test data stays readable text."""

import io
import textwrap
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from uitkomst.contractvormen import tekst

FIXTURES = Path(__file__).parent / "fixtures"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def fixture_text(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def _zip(parts: dict[str, str | bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def make_docx(paragraphs: list[str], *, document_xml: str | None = None, koppen: set[int] = frozenset()) -> bytes:
    """A minimal DOCX; paragraphs whose index is in ``koppen`` get the style Heading1."""

    def para(i: int, text: str) -> str:
        style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if i in koppen else ""
        return f"<w:p>{style}<w:r><w:t>{escape(text)}</w:t></w:r></w:p>"

    body = "".join(para(i, p) for i, p in enumerate(paragraphs))
    xml = document_xml or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": xml})


def make_docx_bomb(uncompressed_mb: int = 150) -> bytes:
    """A DOCX whose body is tiny compressed (about 150 kB) but unpacks to ``uncompressed_mb`` MB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
    unit = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    chunk = unit * (1024 * 1024 // len(unit))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            for _ in range(uncompressed_mb):
                f.write(chunk)
            f.write(b"</w:body></w:document>")
    return buffer.getvalue()


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines: list[str] | None = None, *, pages: list[list[str]] | None = None, extra_objects=()) -> bytes:
    """A PDF with Helvetica text, one page per list of lines (latin-1 text)."""
    pages = pages if pages is not None else [lines or []]
    n = len(pages)
    font_id = 3 + 2 * n
    objects: list[str] = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>")
    for i, page in enumerate(pages):
        stream = "BT /F1 10 Tf 14 TL 40 800 Td " + " ".join(f"({_esc(line)}) Tj T*" for line in page) + " ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {4 + 2 * i} 0 R >>"
        )
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects += list(extra_objects)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pages_of(text: str, *, n_pages: int, lines_per_page: int = 50, width: int = 95) -> list[list[str]]:
    """Wrap ``text`` (repeated as needed) into ``n_pages`` pages of lines."""
    lines: list[str] = []
    while len(lines) < n_pages * lines_per_page:
        for para in text.split("\n\n"):
            lines += textwrap.wrap(" ".join(para.split()), width) + [""]
    return [lines[i * lines_per_page : (i + 1) * lines_per_page] for i in range(n_pages)]


def rules_only(text: str) -> dict[str, str]:
    """The answers the phrases state (the sentence model left out, derived answers left out)."""
    return {k: v.waarde for k, v in tekst.lees_tekst(text).items() if v.herkomst == "tekst" and v.methode == "regels"}
