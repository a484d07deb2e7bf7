"""Reading procurement text: fixtures in the style of Dutch procurement documents, PDF and DOCX,
evidence sentences, unknown stays unknown, and bad documents refused with a specific code."""

import pytest

from uitkomst.contractvormen import services, tekst
from uitkomst.utils.errors import ValidationFailed

from .helpers import fixture_text, make_docx, make_pdf


@pytest.mark.parametrize(
    ("fixture", "archetype", "verwacht"),
    [
        (
            "profielmodel",
            "profielmodel",
            {
                "regie": "gedeeld",
                "bekostiging": "resultaat",
                "aanbieders": "open",
                "scope": "arrangement",
                "kiest_aanbieder": "client",
                "bepaalt_inhoud": "aanbieder",
            },
        ),
        (
            "wijkgericht",
            "wijkgericht",
            {
                "regie": "aanbieder",
                "bekostiging": "populatie",
                "aanbieders": "hoofdaannemer",
                "scope": "integraal",
                "bepaalt_inhoud": "aanbieder",
            },
        ),
        (
            "awbztje",
            "awbztje",
            {  # noqa: E501
                "bekostiging": "inspanning",
                "aanbieders": "beperkt",
                "kiest_aanbieder": "client",
                "bepaalt_inhoud": "gemeente",
            },
        ),
        (
            "regisseursmodel",
            "regisseursmodel",
            {
                "regie": "gemeente",
                "bekostiging": "resultaat",
                "aanbieders": "open",
                "scope": "product",
                "kiest_aanbieder": "client",
                "bepaalt_inhoud": "gemeente",
            },
        ),
    ],
)
def test_fixture_texts_classify_with_evidence(fixture, archetype, verwacht):
    lezing = services.tekst_lezen(data=fixture_text(fixture).encode("utf-8"))
    result = lezing.classificatie
    assert result.archetype == archetype
    for key, value in verwacht.items():
        assert result.antwoorden[key] == value, (key, result.bewijs[key])
        bewijs = result.bewijs[key]
        assert bewijs["zinnen"], key
        assert 0 < bewijs["zekerheid"] <= 1
        if bewijs["herkomst"] == "tekst":
            assert all(z in " ".join(fixture_text(fixture).split()) for z in bewijs["zinnen"])


def test_evidence_sentence_is_the_one_that_says_it():
    lezing = services.tekst_lezen(data=fixture_text("wijkgericht").encode())
    assert any("totaalbudget" in z for z in lezing.classificatie.bewijs["bekostiging"]["zinnen"])
    # one main contractor: "the municipality chose" is derived (lexicon 9: stated, marked as derived)
    bewijs = lezing.classificatie.bewijs["kiest_aanbieder"]
    assert (lezing.classificatie.antwoorden["kiest_aanbieder"], bewijs["herkomst"]) == ("gemeente", "afgeleid")
    assert bewijs["zinnen"] == lezing.classificatie.bewijs["aanbieders"]["zinnen"][: len(bewijs["zinnen"])]


def test_text_that_says_nothing_stays_unknown():
    result = services.tekst_lezen(data=fixture_text("nietszeggend").encode()).classificatie
    assert set(result.antwoorden.values()) == {"onbekend"}
    assert result.archetype is None and result.kwadrant is None
    assert all(b["zekerheid"] == 0 and not b["zinnen"] for b in result.bewijs.values())


def test_negation_is_not_evidence():
    r = tekst.lees_tekst("Er is geen keuzevrijheid. De gemeente werkt niet met een hoofdaannemer.")
    assert r["kiest_aanbieder"].waarde == "gemeente"
    assert r["aanbieders"].waarde == "onbekend"


def test_a_tie_stays_unknown():
    r = tekst.lees_tekst("De bekostiging is deels populatiebekostiging. Daarnaast geldt een uurtarief per uur P x Q.")
    assert r["bekostiging"].waarde == "onbekend"


def test_stemming_matches_inflected_forms():
    r = tekst.lees_tekst("Wij kiezen voor resultaatgerichte bekostiging met trajectprijzen.")
    assert r["bekostiging"].waarde == "resultaat"


def test_docx_is_read_safely():
    data = make_docx(fixture_text("profielmodel").split("\n\n"))
    lezing = services.tekst_lezen(data=data)
    assert lezing.soort == "docx"
    assert lezing.classificatie.archetype == "profielmodel"


def test_pdf_is_read():
    lines = [
        "Inkoopdocument jeugdhulp (fictief).",
        "De hoofdaannemer ontvangt een totaalbudget voor alle hulp in de wijk.",
        "Per wijk sluit de gemeente een contract met een hoofdaannemer.",
        "De hoofdaannemer voert het keukentafelgesprek en is verantwoordelijk voor de toegang.",
    ]
    lezing = services.tekst_lezen(data=make_pdf(lines))
    assert lezing.soort == "pdf"
    assert lezing.classificatie.antwoorden["bekostiging"] == "populatie"
    assert lezing.classificatie.antwoorden["aanbieders"] == "hoofdaannemer"
    assert lezing.classificatie.bewijs["bekostiging"]["zinnen"]


def _code(data: bytes) -> str:
    with pytest.raises(ValidationFailed) as exc:
        services.tekst_lezen(data=data)
    assert exc.value.message
    return exc.value.code


def test_empty_document():
    assert _code(b"") == "document_leeg"
    assert _code(b"   \n\n ") == "document_leeg"


def test_pdf_without_text_is_refused_saying_no_ocr():
    with pytest.raises(ValidationFailed) as exc:
        services.tekst_lezen(data=make_pdf([]))
    assert exc.value.code == "document_zonder_tekst" and "OCR" in exc.value.message


def test_corrupt_pdf_is_unreadable():
    assert _code(b"%PDF-1.4\nthis is not really a pdf") in {"document_onleesbaar", "document_leeg"}


def test_wrong_file_types_are_refused():
    assert _code(b"\x89PNG\r\n\x1a\n" + bytes(200)) == "bestandstype_onbekend"
    assert _code(b"PK\x03\x04not a zip") == "bestandstype_onbekend"
    # a zip that is not a Word document (e.g. a spreadsheet)
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert _code(buf.getvalue()) == "bestandstype_onbekend"


def test_huge_upload_is_refused():
    assert _code(b"a" * (tekst.MAX_DOCUMENT_BYTES + 1)) == "bestand_te_groot"


def test_docx_with_entities_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert _code(make_docx([], document_xml=bomb)) == "document_onveilig"
