"""The XML edge of the messages: safe reading, the technical checks, XSD validation, the generic
mapping between ``inhoud`` dataclasses and iJw/iWmo XML, BSN protection in the stored XML, and the
StUF-GGk envelope (Di01, Du01, Fo01). No business rule lives here.

Safety: the size is checked before anything is parsed; a DTD or entity declaration is refused
before parsing; the parser resolves no entities, loads no DTD and never touches the network.
Schemas come from ``settings.UITKOMST_ISTANDAARDEN_DIR`` (``ijw/``, ``iwmo/``, ``ggk/``), loaded
once per process. The iWmo 3.2 retour schemas (WMO302/306/308/316/318/320/325) are not in the
public copy; when one is missing, it is derived from its iJw twin (namespace and BerichtCode
swapped, the iWmo basisschema imported), which is exactly how the standard relates them.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import dataclasses
import datetime as dt
import hashlib
import re
import threading
import typing
import uuid
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from lxml import etree

from uitkomst.toegang import bsn as bsn_tools

from . import inhoud
from .codes import Bevinding

MAX_BYTES = 25 * 1024 * 1024  # OP179 and the GGk limit
MAX_FOUTEN = 20
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)
_DECLARATIE = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.IGNORECASE)
GGK_NS = "http://www.stufstandaarden.nl/koppelvlak/ggk0210"
STUF_NS = "http://www.egem.nl/StUF/StUF0301"
GGK_SCHEMA = Path("ggk") / "ggk0210_patch04_v3" / "ggk0210" / "ggkberichten" / "ggk0210_msg_ggkberichten.xsd"
STUF_SCHEMA = Path("ggk") / "ggk0210_patch04_v3" / "0301" / "stuf0301.xsd"
APPLICATIE = "Uitkomst"


def parser() -> etree.XMLParser:
    """A parser that resolves nothing: no entities, no DTD, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


_PARSERS = threading.local()


def _parser() -> etree.XMLParser:
    p = getattr(_PARSERS, "p", None)
    if p is None:
        p = _PARSERS.p = parser()
    return p


def bevinding(code: str, melding: str, regel: str | None = None) -> Bevinding:
    return Bevinding(code=code, melding=melding, regel=regel, niveau="technisch")


# --- schemas -----------------------------------------------------------------------------------


def schema_map() -> Path | None:
    value = getattr(settings, "UITKOMST_ISTANDAARDEN_DIR", None)
    return _pad(str(value)) if value else None


@lru_cache(maxsize=8)
def _pad(value: str) -> Path:
    """(a Path per setting value, made once: the schema folder is asked for by every message written)"""
    return Path(value)


class SchemaOntbreekt(Exception):
    pass


_BESTAAT: contextvars.ContextVar[dict | None] = contextvars.ContextVar("schemamap_bestaat", default=None)


@contextlib.contextmanager
def map_vast():
    """Inside this block (a batch of messages) whether the schema folder exists is asked of the file
    system once per folder, not for every message read and written (a ``stat`` each time)."""
    token = _BESTAAT.set({})
    try:
        yield
    finally:
        _BESTAAT.reset(token)


def map_bestaat(map_: Path) -> bool:
    cache = _BESTAAT.get()
    if cache is None:
        return map_.exists()
    bestaat = cache.get(map_)
    if bestaat is None:
        bestaat = cache[map_] = map_.exists()
    return bestaat


@lru_cache(maxsize=64)
def _schema(map_: str, naam: str) -> tuple[etree.XMLSchema, str, str]:
    """(schema, BasisschemaXsdVersie, BerichtXsdVersie) for message kind ``naam``."""
    s = inhoud.SOORTEN[naam]
    base = Path(map_) / s.standaard
    path = base / f"{naam}.xsd"
    if path.exists():
        doc = etree.parse(str(path), _parser())
    else:
        twin = Path(map_) / "ijw" / f"JW{s.nummer}.xsd"
        if s.standaard != "iwmo" or not twin.exists() or not (base / "basisschema.xsd").exists():
            raise SchemaOntbreekt(f"Het schema {naam}.xsd ontbreekt in {base}.")
        text = twin.read_text(encoding="utf-8")
        text = text.replace("/ijw/3_2/", "/iwmo/3_2/").replace(f"jw{s.nummer}", f"wmo{s.nummer}")
        text = text.replace('xmlns:ijw="', 'xmlns:iwmo="').replace("ijw:", "iwmo:")
        jw = inhoud.SOORTEN[f"JW{s.nummer}"].berichtcode
        text = text.replace(f'<xs:pattern value="{jw}"/>', f'<xs:pattern value="{s.berichtcode}"/>')
        doc = etree.ElementTree(etree.fromstring(text.encode("utf-8"), _parser(), base_url=str(path)))
    schema = etree.XMLSchema(doc)
    appinfo = {etree.QName(e).localname: (e.text or "").strip() for e in doc.iter() if isinstance(e.tag, str)}
    return schema, appinfo.get("BasisschemaXsdVersie") or "1.0.0", appinfo.get("BerichtXsdVersie") or "1.0.0"


def schema_voor(naam: str) -> etree.XMLSchema:
    map_ = schema_map()
    if map_ is None or not map_bestaat(map_):
        raise SchemaOntbreekt(
            f"De schemamap (UITKOMST_ISTANDAARDEN_DIR) is niet ingesteld of bestaat niet: {map_ or 'leeg'}."
        )
    return _schema(str(map_), naam)[0]


def xsd_versie(naam: str) -> inhoud.XsdVersie:
    """The XsdVersie to write in a message (IV034: copied from the appinfo of the XSD)."""
    try:
        map_ = schema_map()
        _, basis, bericht = _schema(str(map_), naam)
    except (SchemaOntbreekt, OSError, etree.Error, TypeError):
        basis = bericht = "1.0.0"
    return inhoud.XsdVersie(BasisschemaXsdVersie=basis, BerichtXsdVersie=bericht)


@lru_cache(maxsize=4)
def _ggk_schema(map_: str, rel: str) -> etree.XMLSchema:
    path = Path(map_) / rel
    if not path.exists():
        raise SchemaOntbreekt(f"Het StUF-GGk-schema ontbreekt: {path}.")
    return etree.XMLSchema(etree.parse(str(path), _parser()))


def valideer(root: etree._Element, naam: str) -> list[Bevinding]:
    """XSD findings (at most MAX_FOUTEN) for an already parsed message of kind ``naam``."""
    try:
        schema = schema_voor(naam)
    except (SchemaOntbreekt, OSError, etree.Error) as exc:
        return [bevinding("StUF055", f"Het bericht kan niet tegen het schema worden gecontroleerd: {exc}", "XSD")]
    if schema.validate(root):
        return []
    out = []
    for err in list(schema.error_log)[:MAX_FOUTEN]:
        out.append(
            bevinding(
                "StUF055",
                f"Het bericht voldoet niet aan het schema {naam}.xsd (regel {err.line}): {_leesbaar(err.message)}",
                "XSD",
            )
        )
    return out


def _leesbaar(message: str) -> str:
    """lxml's message without namespace noise: '{ns}Element' becomes 'Element'."""
    return re.sub(r"\{[^}]*\}", "", message)


# --- the technical checks -------------------------------------------------------------------------


@dataclass
class Controle:
    """The result of the technical checks on one payload."""

    soort: inhoud.Soort | None = None
    root: etree._Element | None = None
    bevindingen: list[Bevinding] = field(default_factory=list)
    envelop: Envelop | None = None
    kop: dict | None = None  # (``kopteksten`` of ``root``, read by the checks: the log reads it too)

    @property
    def geldig(self) -> bool:
        return not self.bevindingen and self.soort is not None

    @property
    def berichtcode(self) -> str | None:
        return self.soort.naam if self.soort else None


def vooraf(data: bytes) -> list[Bevinding]:
    """The checks that come before any parsing: size, BOM, encoding, DTD/entities."""
    if len(data) > MAX_BYTES:
        return [
            bevinding(
                "IB003",
                f"Het bestand is {len(data) / 1024 / 1024:.1f} MB; de grens is 25 MB. Het is niet gelezen.",
                "OP179",
            )
        ]
    out = []
    if data.startswith(BOMS):
        out.append(
            bevinding("StUF055", "Het bestand begint met een byte-order-mark (BOM): lever UTF-8 zonder BOM.", "UTF-8")
        )
        return out
    m = _DECLARATIE.match(data[:200])
    if m and m.group(1).decode("ascii", "replace").lower().replace("_", "-") not in ("utf-8", "utf8"):
        out.append(bevinding("StUF055", f"De tekenset is {m.group(1).decode()}; alleen UTF-8 is toegestaan.", "UTF-8"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        out.append(bevinding("StUF055", f"Het bestand is geen geldige UTF-8 (positie {exc.start}).", "UTF-8"))
    if _DTD.search(data):
        out.append(
            bevinding(
                "StUF055",
                "Het bericht bevat een DTD of entiteitdeclaratie (DOCTYPE/ENTITY); dat is niet toegestaan en "
                "wordt niet gelezen.",
                "XML",
            )
        )
    return out


def ontleed(data: bytes) -> tuple[etree._Element | None, list[Bevinding]]:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return None, [bevinding("StUF055", f"Geen geldige XML (regel {exc.lineno}): {_leesbaar(exc.msg)}", "XML")]
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return None, [bevinding("StUF055", "Het bericht bevat een DTD; dat is niet toegestaan.", "XML")]
    return root, []


def _tekst(root, *pad: str) -> str | None:
    """The text of the first child element along ``pad`` (local names, in any namespace or none)."""
    el = root
    for name in pad:
        el = el.find("{*}" + name)
        if el is None:
            return None
    return (el.text or "").strip()


def _eerste_per_naam(el) -> dict:
    """The first child element of ``el`` per local name (what ``el.find('{*}' + name)`` gives)."""
    out = {}
    for c in el:
        tag = c.tag
        if isinstance(tag, str):
            out.setdefault(tag[tag.find("}") + 1 :], c)
    return out


KOPVELDEN = ("BerichtCode", "BerichtVersie", "BerichtSubversie", "Afzender", "Ontvanger", "IdentificatieRetour",
             "DagtekeningRetour")  # fmt: skip


def kopteksten(root) -> dict[str, str | None]:
    """The header texts the checks and the log read, in one pass over the header instead of a ``find``
    per field: for each name of ``KOPVELDEN`` and for ``Identificatie`` and ``Dagtekening`` (of
    ``BerichtIdentificatie``) what ``_tekst(root, "Header", ...)`` gives."""
    header = root.find("{*}Header")
    kop = _eerste_per_naam(header) if header is not None else {}
    out = {}
    for naam in KOPVELDEN:
        el = kop.get(naam)
        out[naam] = None if el is None else (el.text or "").strip()
    bi = kop.get("BerichtIdentificatie")
    bi = _eerste_per_naam(bi) if bi is not None else {}
    for naam in ("Identificatie", "Dagtekening"):
        el = bi.get(naam)
        out[naam] = None if el is None else (el.text or "").strip()
    return out


def _local(tag: str) -> str:
    return tag[tag.find("}") + 1 :]


def _ns(tag: str) -> str:
    return tag[1 : tag.find("}")] if tag.startswith("{") else ""


def controleer(data: bytes, *, envelop_toestaan: bool = True) -> Controle:
    """Every technical check on a payload (or a GGk Di01 envelope around one), changing nothing."""
    c = Controle(bevindingen=vooraf(data))
    if c.bevindingen:
        return c
    root, fouten = ontleed(data)
    if root is None:
        c.bevindingen = fouten
        return c
    if _ns(root.tag) == GGK_NS and envelop_toestaan:
        env, fouten = lees_envelop(root)
        if fouten:
            c.bevindingen = fouten
            return c
        inner = controleer(env.payload, envelop_toestaan=False)
        inner.envelop = env
        return inner
    s = inhoud.PER_NAMESPACE.get(_ns(root.tag))
    if s is None or _local(root.tag) != "Bericht":
        c.bevindingen = [
            bevinding(
                "IB004",
                f"Onbekend bericht: het root-element '{_local(root.tag)}' in namespace '{_ns(root.tag) or 'geen'}' "
                "is geen iJw- of iWmo-3.2-bericht.",
                "Namespace",
            )
        ]
        return c
    c.soort, c.root = s, root
    kop = c.kop = kopteksten(root)
    code = kop["BerichtCode"]
    if code != s.berichtcode:
        c.bevindingen.append(
            bevinding(
                "StUF055",
                f"BerichtCode '{code or ''}' hoort niet bij {s.naam} (verwacht {s.berichtcode}).",
                "BerichtCode",
            )
        )
    versie, sub = kop["BerichtVersie"], kop["BerichtSubversie"]
    if (versie, sub) != ("3", "2"):
        c.bevindingen.append(
            bevinding("StUF055", f"Berichtversie {versie}.{sub} wordt niet ondersteund; alleen release 3.2.", "CS025")
        )
    c.bevindingen.extend(valideer(root, s.naam))
    return c


# --- dataclasses <-> XML ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Veld:
    naam: str
    soort: str  # str, int, date, time, obj, lijst_obj, lijst_str
    klasse: type | None
    item: str | None


@cache
def _velden(klasse: type) -> tuple[_Veld, ...]:
    hints = typing.get_type_hints(klasse)
    out = []
    for f in dataclasses.fields(klasse):
        tp = hints[f.name]
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if typing.get_origin(tp) is list:
            (sub,) = typing.get_args(tp)
            out.append(_Veld(f.name, "lijst_str" if sub is str else "lijst_obj", sub, f.metadata["item"]))
            continue
        if args and typing.get_origin(tp) is not list and len(args) == 1:
            tp = args[0]
        if dataclasses.is_dataclass(tp):
            out.append(_Veld(f.name, "obj", tp, None))
        elif tp is int:
            out.append(_Veld(f.name, "int", None, None))
        elif tp is dt.date:
            out.append(_Veld(f.name, "date", None, None))
        elif tp is dt.time:
            out.append(_Veld(f.name, "time", None, None))
        else:
            out.append(_Veld(f.name, "str", None, None))
    return tuple(out)


def _waarde(v) -> str:
    if isinstance(v, dt.time):
        return v.strftime("%H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


@cache
def _tags(klasse: type, child_ns: str) -> tuple[tuple[str, str, str, str], ...]:
    """(field, kind, tag, item tag) per field of ``klasse`` in namespace ``child_ns``, made once."""
    return tuple(
        (v.naam, v.soort, f"{{{child_ns}}}{v.naam}", f"{{{child_ns}}}{v.item}" if v.item else "")
        for v in _velden(klasse)
    )


def _schrijf(parent, obj, ns: str, basis: str) -> None:
    child_ns = basis if isinstance(obj, inhoud.Basis) else ns
    sub = etree.SubElement
    for naam, soort, tag, item_tag in _tags(type(obj), child_ns):
        value = getattr(obj, naam)
        if value is None:
            continue
        if soort == "obj":
            _schrijf(sub(parent, tag), value, ns, basis)
        elif soort == "lijst_obj":
            if value:
                wrapper = sub(parent, tag)
                for item in value:
                    _schrijf(sub(wrapper, item_tag), item, ns, basis)
        elif soort == "lijst_str":
            if value:
                wrapper = sub(parent, tag)
                for item in value:
                    sub(wrapper, item_tag).text = str(item)
        else:
            sub(parent, tag).text = _waarde(value)


def schrijf(bericht, naam: str) -> bytes:
    """The message as UTF-8 XML without BOM, with the namespaces of kind ``naam`` (JW301, WMO325...)."""
    return geschreven(bericht, naam)[1]


def geschreven(bericht, naam: str) -> tuple[etree._Element, bytes]:
    """``schrijf``, with the message's tree (to validate it without another parse by the caller).

    The text is made directly from the dataclasses (``_als_tekst``), byte for byte what lxml gives
    for the tree that ``_boom`` builds (prefixes, pretty printing, escaping), and then parsed once:
    building the tree element by element and serialising it cost about three times as much. A value
    that lxml would refuse or that needs more than the common escaping goes through ``_boom``."""
    s = inhoud.SOORTEN[naam]
    try:
        data = _als_tekst(bericht, s)
    except _NietAlsTekst:
        return _boom(bericht, naam)
    return etree.fromstring(data, _parser()), data


def _boom(bericht, naam: str) -> tuple[etree._Element, bytes]:
    """The message built as an lxml tree and serialised (the reference form of ``geschreven``)."""
    s = inhoud.SOORTEN[naam]
    basis_prefix = s.standaard
    root = etree.Element(f"{{{s.namespace}}}Bericht", nsmap={s.prefix: s.namespace, basis_prefix: s.basis_namespace})
    _schrijf(root, bericht, s.namespace, s.basis_namespace)
    return root, etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _NietAlsTekst(Exception):  # noqa: N818 - a signal: write this message through lxml
    pass


# a value with a character that lxml escapes (& < > and a carriage return) or refuses (other control
# characters, surrogates) goes through ``_boom``, which writes or refuses it as before
_BIJZONDER = re.compile(r"[\x00-\x08\x0b-\x1f&<>\ud800-\udfff\ufffe\uffff]")


def _tekstwaarde(v) -> str:
    t = _waarde(v)
    if _BIJZONDER.search(t) is not None:
        raise _NietAlsTekst
    return t


@cache
def _namen(klasse: type, prefix: str, basis_prefix: str) -> tuple[tuple[str, str, str, str], ...]:
    """(field, kind, qualified name, qualified item name) per field of ``klasse``, made once."""
    q = basis_prefix if issubclass(klasse, inhoud.Basis) else prefix
    return tuple((v.naam, v.soort, f"{q}:{v.naam}", f"{q}:{v.item}" if v.item else "") for v in _velden(klasse))


def _regels(uit: list[str], obj, prefix: str, basis_prefix: str, diepte: int) -> None:
    """The pretty-printed lines of the elements of ``obj``'s fields at ``diepte``, as lxml writes them."""
    ins = "  " * diepte
    for naam, soort, tag, item_tag in _namen(type(obj), prefix, basis_prefix):
        value = getattr(obj, naam)
        if value is None:
            continue
        if soort == "obj":
            _element(uit, ins, tag, value, prefix, basis_prefix, diepte)
        elif soort == "lijst_obj":
            if value:
                uit.append(f"{ins}<{tag}>\n")
                for item in value:
                    _element(uit, ins + "  ", item_tag, item, prefix, basis_prefix, diepte + 1)
                uit.append(f"{ins}</{tag}>\n")
        elif soort == "lijst_str":
            if value:
                uit.append(f"{ins}<{tag}>\n")
                for item in value:
                    t = _tekstwaarde(str(item))
                    uit.append(f"{ins}  <{item_tag}>{t}</{item_tag}>\n")  # ("" too: lxml writes <a></a>)
                uit.append(f"{ins}</{tag}>\n")
        else:
            t = _tekstwaarde(value)
            uit.append(f"{ins}<{tag}>{t}</{tag}>\n")


def _element(uit: list[str], ins: str, tag: str, obj, prefix: str, basis_prefix: str, diepte: int) -> None:
    plek = len(uit)
    uit.append(f"{ins}<{tag}>\n")
    _regels(uit, obj, prefix, basis_prefix, diepte + 1)
    if len(uit) == plek + 1:
        uit[plek] = f"{ins}<{tag}/>\n"
    else:
        uit.append(f"{ins}</{tag}>\n")


def _als_tekst(bericht, s: inhoud.Soort) -> bytes:
    p, b = s.prefix, s.standaard
    if p == b:
        raise _NietAlsTekst
    open_ = f'<{p}:Bericht xmlns:{p}="{s.namespace}" xmlns:{b}="{s.basis_namespace}"'
    uit = ["<?xml version='1.0' encoding='UTF-8'?>\n", open_ + ">\n"]
    _regels(uit, bericht, p, b, 1)
    if len(uit) == 2:
        uit[1] = open_ + "/>\n"
    else:
        uit.append(f"</{p}:Bericht>\n")
    try:
        return "".join(uit).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _NietAlsTekst from exc


def valideer_geschreven(root: etree._Element, data: bytes, naam: str) -> list[Bevinding]:
    """XSD findings of a message we wrote (``geschreven``): the tree is validated as built; only when
    it fails is the text parsed and validated again, so that the findings name their lines."""
    try:
        if schema_voor(naam).validate(root):
            return []
    except (SchemaOntbreekt, OSError, etree.Error):
        pass
    parsed, fouten = ontleed(data)
    return fouten or valideer(parsed, naam)


class Onleesbaar(ValueError):
    """A value that passed no schema check cannot be converted (only when reading unchecked XML)."""


_SOORT_CODE = {"str": 0, "obj": 1, "lijst_obj": 2, "lijst_str": 3, "int": 4, "date": 5, "time": 6}


@cache
def _per_naam(klasse: type) -> dict[str, tuple[int, type | None]]:
    """field name -> (kind as a small number, the dataclass of an object or list item), made once."""
    return {v.naam: (_SOORT_CODE[v.soort], v.klasse) for v in _velden(klasse)}


_PER_TAG: dict[type, dict[str, tuple]] = {}
_TAGS_PER_KLASSE = 256  # (the tags of other namespaces than the message's are not all kept)


def _lees(el, klasse: type):
    # (one pass over the children: the first element of each field's name is read, as ``find`` would;
    # the field of a full tag ``{ns}Naam`` is looked up once per class and tag, not sliced per element)
    per_tag = _PER_TAG.get(klasse)
    if per_tag is None:
        per_tag = _PER_TAG[klasse] = {}
    velden = None
    kw = {}
    for node in el:
        tag = node.tag
        if tag.__class__ is not str:  # a comment or processing instruction
            continue
        gevonden = per_tag.get(tag)
        if gevonden is None:
            if velden is None:
                velden = _per_naam(klasse)
            naam = tag[tag.find("}") + 1 :]
            gevonden = (naam, velden.get(naam))
            if len(per_tag) < _TAGS_PER_KLASSE:
                per_tag[tag] = gevonden
        naam, v = gevonden
        if v is None or naam in kw:
            continue
        soort = v[0]
        if soort == 0:
            kw[naam] = (node.text or "").strip()
        elif soort == 1:
            kw[naam] = _lees(node, v[1])
        elif soort == 2:
            kw[naam] = [_lees(i, v[1]) for i in node if i.tag.__class__ is str]
        elif soort == 3:
            kw[naam] = [(i.text or "").strip() for i in node if i.tag.__class__ is str]
        else:
            text = (node.text or "").strip()
            try:
                if soort == 4:
                    kw[naam] = int(text)
                elif soort == 5:
                    kw[naam] = dt.date.fromisoformat(text)
                else:
                    kw[naam] = dt.time.fromisoformat(text)
            except ValueError as exc:
                raise Onleesbaar(f"{naam}: '{text}'") from exc
    try:
        return klasse(**kw)
    except TypeError as exc:  # a required element is missing (only in XML that skipped the XSD)
        raise Onleesbaar(f"{klasse.__name__}: {exc}") from exc


def lees(root: etree._Element, naam: str):
    """The dataclass of a (schema-valid) message of kind ``naam``."""
    return _lees(root, inhoud.SOORTEN[naam].klasse)


# --- BSN in the stored XML ---------------------------------------------------------------------------

_BSN = re.compile(rb"(<(?:[A-Za-z_][\w.-]*:)?Bsn>)\s*([0-9]{1,9})\s*(</(?:[A-Za-z_][\w.-]*:)?Bsn>)")
_TOKEN = re.compile(r"(<(?:[A-Za-z_][\w.-]*:)?Bsn>)enc:([A-Za-z0-9_=-]+)(</(?:[A-Za-z_][\w.-]*:)?Bsn>)")
_OPGESLAGEN_BSN = re.compile(
    r"(<(?:[A-Za-z_][\w.-]*:)?Bsn>)(?:enc:([A-Za-z0-9_=-]+)|([0-9]{1,9}))(</(?:[A-Za-z_][\w.-]*:)?Bsn>)"
)


def beschermd(data: bytes) -> str:
    """The XML as stored: every BSN element's number replaced by ``enc:<token>`` (Fernet, the key of
    ``toegang.bsn``), everything else byte for byte. ``origineel`` reverses it exactly, except for a
    NUL byte: never valid in XML (the check refuses it) and not storable in a PostgreSQL text field,
    it is kept as U+FFFD; the message's hash is taken over the bytes as received."""
    cache: dict[bytes, bytes] = {}

    def repl(m):
        number = m.group(2)
        token = cache.get(number)
        if token is None:
            token = cache[number] = b"enc:" + bsn_tools.encrypt(number.decode()).encode()
        return m.group(1) + token + m.group(3)

    if b"Bsn>" in data:  # (a retour with the header only has none: no scan)
        delen, eind = [], 0
        for m in _bsn_treffers(data):
            delen += (data[eind : m.start()], repl(m))
            eind = m.end()
        if delen:
            delen.append(data[eind:])
            data = b"".join(delen)
    return data.decode("utf-8", errors="replace").replace("\x00", "\ufffd")


def _bsn_treffers(data: bytes):
    """The matches of ``_BSN`` in ``data``, exactly those of ``_BSN.finditer(data)``, without trying
    the pattern at every ``<`` of the message. A match's opening tag ends in ``Bsn>`` and holds no other
    ``<``: it can only start at the last ``<`` before an occurrence of ``Bsn>`` (and not before the end
    of the previous match), so the pattern is tried there, occurrence by occurrence."""
    pos = 0
    while (q := data.find(b"Bsn>", pos)) >= 0:
        p = data.rfind(b"<", pos, q)
        m = _BSN.match(data, p) if p >= 0 else None
        if m is None:
            pos = q + 1  # (a later occurrence with no ``<`` after this one has the same, failed, start)
            continue
        yield m
        pos = m.end()


def origineel(opgeslagen: str) -> bytes:
    """The original bytes of a stored message (the BSNs decrypted again)."""
    cache: dict[str, str] = {}

    def repl(m):
        token = m.group(2)
        if token not in cache:
            cache[token] = bsn_tools.decrypt(token)
        return m.group(1) + cache[token] + m.group(3)

    return _TOKEN.sub(repl, opgeslagen).encode("utf-8")


def bsns_in(data: bytes) -> list[str]:
    return sorted({m.group(2).decode().zfill(9) for m in _bsn_treffers(data)})


def hash_van(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_GEBOORTEDATUM = re.compile(r"(<(?:[A-Za-z_][\w.-]*:)?Geboortedatum>\s*<(?:[A-Za-z_][\w.-]*:)?Datum>)([^<]*)(<)")


def gemaskeerd(opgeslagen: str, *, bsn_inzien: bool = True) -> str:
    """The stored XML pretty-printed for a page, every BSN masked (last three digits). Without
    ``bsn_inzien`` (the policy's ``toegang.bsn_inzien``) nothing of the BSN and no date of birth shows."""

    def repl(m):
        if not bsn_inzien:
            return m.group(1) + "•" * 9 + m.group(4)
        bsn = m.group(3)
        if m.group(2):
            try:
                bsn = bsn_tools.decrypt(m.group(2))
            except Exception:  # noqa: BLE001 - a foreign or damaged token: show nothing of it
                bsn = ""
        return m.group(1) + bsn_tools.mask(bsn) + m.group(4)

    text = _OPGESLAGEN_BSN.sub(repl, opgeslagen)
    if not bsn_inzien:
        text = _GEBOORTEDATUM.sub(lambda m: m.group(1) + "••••-••-••" + m.group(3), text)
    try:
        root = etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError:
        return text
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode", pretty_print=True)


# --- StUF-GGk envelope ---------------------------------------------------------------------------------


@dataclass
class Envelop:
    berichtcode: str  # Di01 / Du01
    zender: str
    ontvanger: str
    referentienummer: str
    functie: str
    payload: bytes
    crossref: str | None = None
    zender_applicatie: str = ""


def lees_envelop(root: etree._Element) -> tuple[Envelop | None, list[Bevinding]]:
    """Read a Di01/Du01 envelope (validated against the GGk schema) and decode its payload."""
    try:
        schema = _ggk_schema(str(schema_map()), str(GGK_SCHEMA))
    except (SchemaOntbreekt, OSError, etree.Error, TypeError) as exc:
        return None, [bevinding("StUF055", f"De envelop kan niet worden gecontroleerd: {exc}", "GGk")]
    if not schema.validate(root):
        err = schema.error_log.last_error
        return None, [
            bevinding("StUF055", f"De StUF-GGk-envelop voldoet niet aan het schema: {_leesbaar(err.message)}", "GGk")
        ]
    stuur = next(c for c in root if _local(c.tag) == "stuurgegevens")
    params = next(c for c in root if _local(c.tag) == "parameters")
    bericht = next(c for c in params if _local(c.tag) == "bericht")
    bestand = next(c for c in bericht if isinstance(c.tag, str))
    try:
        payload = base64.b64decode("".join((bestand.text or "").split()), validate=True)
    except (ValueError, TypeError):
        return None, [bevinding("StUF055", "De inhoud van de envelop is geen geldige base64.", "GGk")]
    return (
        Envelop(
            berichtcode=_tekst(stuur, "berichtcode") or "",
            zender=_tekst(stuur, "zender", "organisatie") or "",
            zender_applicatie=_tekst(stuur, "zender", "applicatie") or "",
            ontvanger=_tekst(stuur, "ontvanger", "organisatie") or "",
            referentienummer=_tekst(stuur, "referentienummer") or "",
            crossref=_tekst(stuur, "crossRefnummer"),
            functie=_tekst(stuur, "functie") or "",
            payload=payload,
        ),
        [],
    )


def _stuur(parent, code: str, zender: str, ontvanger: str, referentie: str, crossref: str | None, functie: str | None):
    st = f"{{{STUF_NS}}}"
    etree.SubElement(parent, st + "berichtcode").text = code
    z = etree.SubElement(parent, st + "zender")
    etree.SubElement(z, st + "organisatie").text = zender
    etree.SubElement(z, st + "applicatie").text = APPLICATIE
    o = etree.SubElement(parent, st + "ontvanger")
    etree.SubElement(o, st + "organisatie").text = ontvanger
    etree.SubElement(o, st + "applicatie").text = "GGk"
    etree.SubElement(parent, st + "referentienummer").text = referentie
    etree.SubElement(parent, st + "tijdstipBericht").text = dt.datetime.now().strftime("%Y%m%d%H%M%S")
    if crossref:
        etree.SubElement(parent, st + "crossRefnummer").text = crossref
    if functie:
        etree.SubElement(parent, st + "functie").text = functie


def schrijf_envelop(
    payload: bytes,
    *,
    functie: str,
    zender: str,
    ontvanger: str,
    retour: bool = False,
    crossref: str | None = None,
    referentie: str | None = None,
) -> bytes:
    """Wrap a payload in a Di01 (heenbericht) or Du01 (retourbericht, with the Di01's referentienummer)."""
    code = "Du01" if retour else "Di01"
    name = "envelopRetourbericht-ggk_Du01" if retour else "envelopHeenbericht-ggk_Di01"
    root = etree.Element(f"{{{GGK_NS}}}{name}", nsmap={"GGK": GGK_NS, "StUF": STUF_NS})
    stuur = etree.SubElement(root, f"{{{GGK_NS}}}stuurgegevens")
    _stuur(stuur, code, zender, ontvanger, referentie or str(uuid.uuid4()), crossref if retour else None, functie)
    params = etree.SubElement(root, f"{{{GGK_NS}}}parameters")
    for name_, value in (
        ("applicatieVersie", "0001"),
        ("applicatieSubversie", "0000"),
        ("functieVersie", "0003"),
        ("functieSubversie", "0002"),
    ):
        etree.SubElement(params, f"{{{GGK_NS}}}{name_}").text = value
    bericht = etree.SubElement(params, f"{{{GGK_NS}}}bericht")
    etree.SubElement(bericht, f"{{{GGK_NS}}}xmlBestand").text = base64.b64encode(payload).decode("ascii")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schrijf_fo01(*, zender: str, ontvanger: str, crossref: str | None, omschrijving: str, details: str = "") -> bytes:
    """A StUF Fo01 with code StUF055: the payload of the Di01 with ``crossref`` failed the schema."""
    st = f"{{{STUF_NS}}}"
    root = etree.Element(st + "Fo01Bericht", nsmap={"StUF": STUF_NS})
    stuur = etree.SubElement(root, st + "stuurgegevens")
    _stuur(stuur, "Fo01", zender, ontvanger, str(uuid.uuid4()), crossref, None)
    body = etree.SubElement(root, st + "body")
    etree.SubElement(body, st + "code").text = "StUF055"
    etree.SubElement(body, st + "plek").text = "client"
    etree.SubElement(body, st + "omschrijving").text = omschrijving[:200]
    if details:
        etree.SubElement(body, st + "details").text = details[:1000]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def valideer_stuf(data: bytes, *, fo01: bool = False) -> list[str]:
    """Schema errors of an envelope (Di01/Du01) or a Fo01 written by us (used by the tests)."""
    rel = STUF_SCHEMA if fo01 else GGK_SCHEMA
    schema = _ggk_schema(str(schema_map()), str(rel))
    root = etree.fromstring(data, _parser())
    return [] if schema.validate(root) else [_leesbaar(e.message) for e in schema.error_log]
