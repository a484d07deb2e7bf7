"""The technical checks (level 1): safe parsing, size, encoding, XSD, BerichtCode and version; the
generic mapping read <-> write; BSN protection of the stored XML; the ``controleer`` command."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from uitkomst.berichten import xml

from .conftest import ISTANDAARDEN, ONGELDIG, REPO, VOORBEELDEN

JW305 = (ISTANDAARDEN / "ijw" / "berichten" / "JW305.xml").read_bytes()


def codes(data: bytes) -> list[tuple[str, str | None]]:
    return [(b.code, b.regel) for b in xml.controleer(data).bevindingen]


@pytest.mark.parametrize("pad", VOORBEELDEN, ids=lambda p: p.name)
def test_official_examples(pad):
    c = xml.controleer(pad.read_bytes())
    assert c.berichtcode == pad.stem
    if pad.name in ONGELDIG:
        assert not c.geldig
        assert {(b.code, b.regel) for b in c.bevindingen} == {("StUF055", "XSD")}
    else:
        assert c.geldig, [b.melding for b in c.bevindingen]


@pytest.mark.parametrize("pad", [p for p in VOORBEELDEN if p.name not in ONGELDIG], ids=lambda p: p.name)
def test_round_trip_of_examples(pad):
    """Reading an official message and writing it again gives a valid message with the same data."""
    c = xml.controleer(pad.read_bytes())
    obj = xml.lees(c.root, c.soort.naam)
    again = xml.controleer(xml.schrijf(obj, c.soort.naam))
    assert again.geldig, [b.melding for b in again.bevindingen]
    assert xml.lees(again.root, c.soort.naam) == obj


def test_bom_is_refused():
    assert codes(b"\xef\xbb\xbf" + JW305) == [("StUF055", "UTF-8")]


def test_other_encoding_is_refused():
    data = JW305.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    assert ("StUF055", "UTF-8") in codes(data)
    assert codes(b"<?xml version='1.0'?><a>\xff\xfe</a>")[0] == ("StUF055", "UTF-8")


XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<jw305:Bericht xmlns:jw305="http://www.istandaarden.nl/ijw/3_2/jw305/schema">&xxe;</jw305:Bericht>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>"""


@pytest.mark.parametrize(
    "data", [XXE, LAUGHS, b'<!doctype x SYSTEM "http://example.org/x.dtd"><x/>'], ids=["xxe", "laughs", "dtd"]
)
def test_dtd_and_entities_are_refused_before_parsing(data):
    assert codes(data) == [("StUF055", "XML")]


def test_parser_itself_resolves_nothing():
    """Even past the pre-check, the parser loads no DTD, expands no external entity, uses no network."""
    from lxml import etree

    root = etree.fromstring(XXE, xml.parser())
    assert "root:" not in etree.tostring(root).decode()


def test_too_large_is_refused_unread():
    data = b"<a>" + b" " * (xml.MAX_BYTES + 1) + b"</a>"
    assert codes(data) == [("IB003", "OP179")]


def test_malformed_and_unknown():
    assert codes(b"<jw305:Bericht") == [("StUF055", "XML")]
    assert codes(b"<a/>") == [("IB004", "Namespace")]
    wrong_ns = JW305.replace(b"/ijw/3_2/jw305/", b"/ijw/3_1/jw305/")
    assert codes(wrong_ns) == [("IB004", "Namespace")]


def test_wrong_berichtcode_and_version():
    assert ("StUF055", "BerichtCode") in codes(JW305.replace(b">438<", b">436<"))
    found = codes(JW305.replace(b"<jw305:BerichtSubversie>2<", b"<jw305:BerichtSubversie>1<"))
    assert ("StUF055", "CS025") in found and ("StUF055", "XSD") in found


def test_iwmo_retour_schemas_are_derived_from_ijw():
    """The public iWmo copy lacks WMO306 etc.; the twin iJw schema is used with the iWmo namespace."""
    c = xml.controleer((ISTANDAARDEN / "ijw" / "berichten" / "JW306.xml").read_bytes())
    obj = xml.lees(c.root, "JW306")
    obj.Header.BerichtCode = "419"
    data = xml.schrijf(obj, "WMO306")
    assert xml.controleer(data).geldig
    obj.Header.BerichtCode = "439"
    assert ("StUF055", "BerichtCode") in codes(xml.schrijf(obj, "WMO306"))


def test_bsn_is_encrypted_in_the_stored_xml_and_restored_exactly():
    stored = xml.beschermd(JW305)
    assert "999900006" not in stored and "<jw305:Bsn>enc:" in stored
    assert xml.origineel(stored) == JW305
    assert xml.hash_van(xml.origineel(stored)) == xml.hash_van(JW305)
    masked = xml.gemaskeerd(stored)
    assert "••••••006" in masked and "999900006" not in masked


def _controleer(*paden) -> tuple[int, list[dict]]:
    out = io.StringIO()
    try:
        call_command("berichten", "controleer", *map(str, paden), stdout=out)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_cli_controleer_every_official_example():
    geldig = [p for p in VOORBEELDEN if p.name not in ONGELDIG]
    code, rows = _controleer(*geldig)
    assert code == 0 and len(rows) == len(geldig) and all(r["geldig"] for r in rows)
    assert set(rows[0]) == {"bestand", "berichtcode", "geldig", "bevindingen"}
    code, rows = _controleer(ISTANDAARDEN / "ijw" / "berichten")  # a folder: every file in it
    assert code == 1
    fout = {r["berichtcode"]: r for r in rows if not r["geldig"]}
    assert set(fout) == {"JW315", "JW318"}
    assert {b["code"] for b in fout["JW315"]["bevindingen"]} == {"StUF055"}
    assert fout["JW318"]["bevindingen"][0]["regel"] == "XSD"


def test_cli_controleer_bad_input_never_crashes(tmp_path):
    (tmp_path / "bom.xml").write_bytes(b"\xef\xbb\xbf" + JW305)
    (tmp_path / "xxe.xml").write_bytes(XXE)
    code, rows = _controleer(tmp_path / "bom.xml", tmp_path / "xxe.xml", tmp_path / "weg.xml", tmp_path)
    assert code == 1
    assert rows[0]["berichtcode"] is None and rows[0]["bevindingen"][0]["code"] == "StUF055"
    assert rows[2]["bevindingen"][0]["code"] == "bestand" and "gelezen" in rows[2]["bevindingen"][0]["melding"]


def test_cli_subprocess_exit_codes_and_no_traceback(tmp_path):
    """The real console command, as an operator runs it."""
    env = dict(
        os.environ,
        UITKOMST_ISTANDAARDEN_DIR=str(ISTANDAARDEN),
        UITKOMST_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    cmd = [sys.executable, "-m", "uitkomst", "berichten", "controleer"]
    ok = subprocess.run(  # noqa: S603 - our own console command
        [*cmd, str(ISTANDAARDEN / "ijw" / "berichten" / "JW305.xml")],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["geldig"] is True
    bad = tmp_path / "leeg.xml"
    bad.write_bytes(b"")
    fail = subprocess.run(  # noqa: S603 - our own console command
        [*cmd, str(bad), str(ISTANDAARDEN / "ijw" / "berichten" / "JW318.xml")],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert fail.returncode == 1
    assert "Traceback" not in fail.stdout + fail.stderr
    assert [json.loads(x)["geldig"] for x in fail.stdout.splitlines()] == [False, False]
