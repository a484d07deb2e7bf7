"""Hostile upload files built in memory: minimal .xlsx workbooks written straight as zip members, so a
test can make a million-row sheet in a fraction of a second."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx(rijen_xml: Iterable[str], *, dimensie: str = "A1") -> bytes:
    """A workbook whose only sheet holds the given ``<row>`` elements."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="{dimensie}"/><sheetData>'.encode()
            )
            for r in rijen_xml:
                f.write(r.encode())
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def getal_rijen(n: int) -> Iterable[str]:
    """``n`` rows with a number in column A (the header row first)."""
    yield '<row r="1"><c r="A1" t="inlineStr"><is><t>toewijzingnummer</t></is></c></row>'
    for i in range(2, n + 1):
        yield f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>'


def miljoen_rijen(n: int = 1_000_000, *, seed: int = 12) -> Iterable[str]:
    """``n`` rows without ``r`` attributes, each with one pseudo-random amount: about 1 MB compressed
    (the entropy of the amounts keeps deflate from shrinking it further), some 30 MB unpacked."""
    import random

    rnd = random.Random(seed)
    yield "<row><c t=\"inlineStr\"><is><t>toewijzingnummer</t></is></c></row>"
    for _ in range(n - 1):
        yield f"<row><c><v>{rnd.randrange(50)}</v></c></row>"
