"""Dutch is the default interface language; English is available and complete."""

import ast
import gettext as gettext_module
import html as htmllib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_dutch_by_default(client):
    html = client.get("/catalogus/").content.decode()
    assert 'lang="nl"' in html and "Naar de inhoud" in html and "Inkoopmodellen" in html


def test_english_on_request(client):
    html = client.get("/catalogus/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in html
    assert "Naar de inhoud" not in html and "Skip to" in html


def test_language_switch_form_sets_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/catalogus/"})
    assert response.status_code == 302
    html = client.get("/catalogus/").content.decode()
    assert 'lang="en"' in html and "Purchasing models" in html


# --- Every UI string marked and translated -------------------------------------------------------
#
# Three checks, each naming the file and the text it objects to:
# - templates: text between tags (and aria-label/title/alt/placeholder values) outside {% translate %}
#   and {% blocktranslate %};
# - Python: flash messages and the labels of choices (statuses, reasons, kinds) not wrapped in gettext;
# - the catalogue: `makemessages` run over a copy of the sources into a copy of the committed .po must
#   find nothing new or untranslated, and the committed .mo must be the compiled .po.


SRC = Path(__file__).resolve().parent.parent / "src" / "uitkomst"
LOCALE = SRC / "locale" / "en" / "LC_MESSAGES"

# Words that are the same in both languages or are names, codes and units, never translated.
NIET_VERTALEN = {
    "Uitkomst", "API", "AGB", "RCI", "CSV", "XLSX", "PDF", "BSN", "UUID", "CBS", "iJw", "iWmo", "Wmo", "CR",
    "SHA", "YAML", "OpenAPI", "JW", "GGk", "kB", "MB", "Excel",
}  # fmt: skip
_CODE = re.compile(r"^(JW|WMO)\d{3}$|^[A-Z]{1,3}-?\d+$")
_WOORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
_ATTRIBUUT = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')
_OPEN = {"blocktranslate", "blocktrans", "comment", "verbatim"}
_DICHT = {"endblocktranslate", "endblocktrans", "endcomment", "endverbatim"}


def ongemarkeerde_tekst(template: str) -> list[str]:
    """The pieces of visible text in a template that are not inside a translate tag."""
    delen, binnen = [], 0
    for token in Lexer(template).tokenize():
        naam = token.contents.split()[0] if token.token_type == TokenType.BLOCK and token.contents else ""
        binnen += (naam in _OPEN) - (naam in _DICHT)
        delen.append(token.contents if token.token_type == TokenType.TEXT and not binnen else "\x00")
    tekst = "".join(delen)
    stukken = _ATTRIBUUT.findall(tekst)
    tekst = re.sub(r"<!--.*?-->|<(script|style)\b.*?</\1>", " ", tekst, flags=re.S)
    stukken += re.sub(r"<[^>]*>", "\x00", tekst).split("\x00")
    uit = []
    for stuk in stukken:
        stuk = " ".join(htmllib.unescape(stuk).split())
        if any(w not in NIET_VERTALEN and not _CODE.match(w) for w in _WOORD.findall(stuk)):
            uit.append(stuk)
    return uit


def test_the_template_check_finds_unmarked_text():
    assert ongemarkeerde_tekst("<p>Geen regels.</p>") == ["Geen regels."]
    assert ongemarkeerde_tekst('<input aria-label="Kies regel">') == ["Kies regel"]
    assert ongemarkeerde_tekst('{% load i18n %}<p>{% translate "Geen regels." %}</p>') == []
    assert ongemarkeerde_tekst("{% blocktranslate %}Eén {{ x }}{% endblocktranslate %} <b>API</b> JW315") == []
    assert ongemarkeerde_tekst('<a href="?pagina={{ n }}" class="{% if x %}actief{% endif %}">{{ n }}</a>') == []


def test_every_template_text_is_marked_for_translation():
    gevonden = [
        f"{pad.relative_to(SRC)}: {stuk[:80]}"
        for pad in sorted(SRC.glob("**/templates/**/*.html"))
        for stuk in ongemarkeerde_tekst(pad.read_text(encoding="utf-8"))
    ]
    assert not gevonden, "Text not marked with {% translate %}:\n" + "\n".join(gevonden)


_GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "gettext_noop"}


def _gemarkeerd(node) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # _("... %(x)s") % {...}
        return _gemarkeerd(node.left)
    if isinstance(node, ast.Call):
        f = node.func
        return (f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")) in _GETTEXT
    return False


def _tekst(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def ongemarkeerde_python(bron: str) -> list[tuple[int, str]]:
    """Flash messages and choice labels in Python source that are plain (f-)strings."""
    uit = []
    for node in ast.walk(ast.parse(bron)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and getattr(node.func.value, "id", "") == "messages"
            and node.func.attr in {"success", "error", "warning", "info", "debug"}
            and node.args
        ):
            arg = node.args[-1]
            if (_tekst(arg) or isinstance(arg, ast.BinOp)) and not _gemarkeerd(arg):
                uit.append((node.lineno, ast.unparse(arg)))
        if isinstance(node, ast.ClassDef) and any(ast.unparse(b).endswith("Choices") for b in node.bases):
            for st in node.body:
                if isinstance(st, ast.Assign) and isinstance(st.value, ast.Tuple) and st.value.elts:
                    label = st.value.elts[-1]
                    if _tekst(label) and not _gemarkeerd(label):
                        uit.append((st.lineno, ast.unparse(label)))
    return uit


def test_the_python_check_finds_unmarked_strings():
    bron = (
        "class S(models.TextChoices):\n    A = 'a', 'actief'\n    B = 'b', _('beëindigd')\n"
        "messages.success(request, f'Regel {x} afgewezen.')\nmessages.error(request, _('Kies een bestand.'))\n"
        "messages.error(request, p.message)\n"
    )
    assert [r for r, _tekst in ongemarkeerde_python(bron)] == [2, 4]


def test_every_python_ui_string_is_marked_for_translation():
    gevonden = [
        f"{pad.relative_to(SRC)}:{regel}: {tekst[:80]}"
        for pad in sorted(SRC.glob("**/*.py"))
        if "migrations" not in pad.parts
        for regel, tekst in ongemarkeerde_python(pad.read_text(encoding="utf-8"))
    ]
    assert not gevonden, "Flash message or choice label not marked with gettext:\n" + "\n".join(gevonden)


def _gettext(programma: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """Run a GNU gettext program (found on PATH) with fixed arguments."""
    return subprocess.run([shutil.which(programma), *args], capture_output=True, check=True, **kwargs)  # noqa: S603


def _po_onvertaald(po: Path) -> list[str]:
    """msgids of ``po`` without an English translation or marked fuzzy (msgattrib, GNU gettext)."""
    opties = ("--no-wrap", "--no-location", "--no-obsolete")
    uit = _gettext("msgattrib", *opties, "--untranslated", str(po), text=True).stdout
    uit += _gettext("msgattrib", *opties, "--only-fuzzy", str(po), text=True).stdout
    return [m for m in re.findall(r'^msgid "(.*)"$', uit, re.M) if m]


def _gettext_tools():
    if not all(shutil.which(t) for t in ("xgettext", "msgmerge", "msgattrib", "msgfmt")):
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext, msgmerge, msgattrib, msgfmt) is needed for the catalogue check")
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")


def test_the_committed_catalogue_is_complete_and_compiled():
    """Every msgid of the committed .po has an English translation; the committed .mo is that .po compiled."""
    _gettext_tools()
    assert _po_onvertaald(LOCALE / "django.po") == []
    with (LOCALE / "django.mo").open("rb") as f:
        committed = gettext_module.GNUTranslations(f)._catalog
    gecompileerd = _gettext("msgfmt", "-o", "-", str(LOCALE / "django.po"))
    vers = gettext_module.GNUTranslations(io.BytesIO(gecompileerd.stdout))._catalog
    assert committed == vers, "django.mo is not the compiled django.po: run `uitkomst compilemessages`"


def test_every_marked_string_is_in_the_catalogue(tmp_path):
    """`makemessages` over the current sources adds nothing untranslated to the committed catalogue."""
    _gettext_tools()
    kopie = tmp_path / "bron" / "uitkomst"  # not importable: the settings load the real package
    shutil.copytree(SRC, kopie, ignore=shutil.ignore_patterns("static", "data", "__pycache__", "*.mo", "*.pyc"))
    (tmp_path / "i18n_check_settings.py").write_text(
        f"from uitkomst.conf.settings import *  # noqa\nLOCALE_PATHS = [{str(kopie / 'locale')!r}]\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "i18n_check_settings"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(SRC.parent), env.get("PYTHONPATH", "")])
    run = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=kopie, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    nieuw = _po_onvertaald(kopie / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert not nieuw, (
        "Strings without an English translation (run `uitkomst makemessages -l en`, translate, then "
        "`uitkomst compilemessages`):\n" + "\n".join(nieuw[:60])
    )


def test_statuses_and_choice_labels_in_english():
    from uitkomst.declaraties.models import Regelstatus
    from uitkomst.signalen.models import Soort

    with translation.override("en"):
        assert str(Regelstatus.GOEDGEKEURD.label) == "approved"
        engels = [str(label) for _waarde, label in Soort.choices]
    with translation.override("nl"):
        assert str(Regelstatus.GOEDGEKEURD.label) == "goedgekeurd"
        nederlands = [str(label) for _waarde, label in Soort.choices]
    assert all(e != n for e, n in zip(engels, nederlands, strict=True)), list(zip(engels, nederlands, strict=True))


def test_api_documentation_page_served_locally(client):
    html = client.get("/api-documentatie", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "API documentation" in html and 'href="/api/v1/schema"' in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert all(s.startswith("/") for s in scripts), scripts  # no CDN
    assert any("swagger-ui-bundle.js" in s for s in scripts)
    for src in scripts:
        assert client.get(src).status_code == 200, src
