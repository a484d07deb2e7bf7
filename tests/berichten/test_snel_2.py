"""The faster forms of the per-message work of a 305/307 batch (issue 11, ninth step) give exactly what
the forms they replace gave: the BSN matches of ``xml._bsn_treffers`` are those of ``_BSN.finditer``
(and ``beschermd`` / ``bsns_in`` give what they gave); a batch's shared rows read unordered are the
same rows; the dataclass reader ``xml._lees`` reads as before in any namespace or none;
``utils.rijen.tupels`` still refuses a row of the wrong length."""

import datetime as dt
import random
import re

import pytest
from django.utils import timezone

from uitkomst.berichten import inhoud, services, xml
from uitkomst.berichten.models import Bericht, Gebeurtenis, Kanaal, Richting, Status
from uitkomst.trajecten.models import Traject
from uitkomst.utils import rijen

from .conftest import VOORBEELDEN

# --- the BSN matches ----------------------------------------------------------------------------------

BSN_GEVALLEN = [
    b"",
    b"<Bsn>123456782</Bsn>",
    b"<a:Bsn>123456782</a:Bsn><b:Bsn> 12 </b:Bsn>",
    b"<a:b:Bsn>1</a:b:Bsn>",
    b"<<Bsn>1</Bsn>",
    b"<Bsn>Bsn>1</Bsn>",
    b"<xBsn>1</xBsn><Bsn>2</Bsn>",
    b"Bsn>1</Bsn><Bsn>3</Bsn>",
    b"<1a:Bsn>1</1a:Bsn>",
    b"<a.b-c_d:Bsn>\n 987654321\t</a.b-c_d:Bsn>",
    b"<Bsn>1234567890</Bsn><Bsn></Bsn><Bsn>x</Bsn>",
    b"<Bsn>1</Bsn><Bsn>2</Bsn>Bsn><Bsn>3</a:Bsn>",
    b"<Bsn>1<Bsn>2</Bsn></Bsn>",
    b"< Bsn>1</Bsn><a :Bsn>2</a:Bsn><:Bsn>3</:Bsn>",
    b"<Bsn>1</Bsn",
    b"<a:Bsn>1</b:c:Bsn><Bsn>01</Bsn>",
]


def _treffers(ms) -> list:
    return [(m.span(), m.groups()) for m in ms]


def _willekeurig(n: int) -> list[bytes]:
    rnd = random.Random(11)
    stukken = [b"<", b">", b"/", b":", b"a", b"x", b"Bsn>", b"Bsn", b"1", b"23", b" ", b".", b"-", b"\n", b"<Bsn>"]
    return [b"".join(rnd.choice(stukken) for _ in range(rnd.randint(1, 40))) for _ in range(n)]


_BSN_TEKSTEN = [*BSN_GEVALLEN, *(p.read_bytes() for p in VOORBEELDEN)]


@pytest.mark.parametrize("data", _BSN_TEKSTEN, ids=range(len(_BSN_TEKSTEN)))
def test_bsn_matches_are_those_of_the_pattern(data):
    assert _treffers(xml._bsn_treffers(data)) == _treffers(xml._BSN.finditer(data))


def test_bsn_matches_of_random_text_are_those_of_the_pattern():
    for data in _willekeurig(4000):
        assert _treffers(xml._bsn_treffers(data)) == _treffers(xml._BSN.finditer(data)), data


def _beschermd_oud(data: bytes, encrypt) -> str:
    """``xml.beschermd`` as it was: ``_BSN.sub`` over the whole message."""
    cache = {}

    def repl(m):
        number = m.group(2)
        if number not in cache:
            cache[number] = b"enc:" + encrypt(number.decode()).encode()
        return m.group(1) + cache[number] + m.group(3)

    if b"Bsn>" in data:
        data = xml._BSN.sub(repl, data)
    return data.decode("utf-8", errors="replace").replace("\x00", "\ufffd")


def test_stored_xml_and_bsns_as_before(monkeypatch):
    gezien = []

    def encrypt(bsn):
        gezien.append(bsn)
        return f"T{bsn}-{len(gezien)}"

    monkeypatch.setattr(xml.bsn_tools, "encrypt", encrypt)
    for data in [*BSN_GEVALLEN, *(p.read_bytes() for p in VOORBEELDEN), *_willekeurig(2000), b"<Bsn>1</Bsn>\x00\xff"]:
        gezien.clear()
        nieuw, n_nieuw = xml.beschermd(data), list(gezien)
        gezien.clear()
        assert nieuw == _beschermd_oud(data, encrypt) and n_nieuw == gezien, data
        assert xml.bsns_in(data) == sorted({m.group(2).decode().zfill(9) for m in xml._BSN.finditer(data)})


# --- the shared rows of a batch -----------------------------------------------------------------------


def _alles(obj, diepte: int = 0):
    """An instance with everything it holds: attributes in order (prefetched lists as their instances'
    states), state, and its cached related objects the same way (one level down, not back up)."""
    if obj is None:
        return None
    uit = []
    for k, v in vars(obj).items():
        if k == "_state":
            continue
        if k == "_prefetched_objects_cache":
            v = {n: [_alles(x, diepte + 1) for x in qs] for n, qs in v.items()}
        uit.append((k, v))
    cache = obj._state.fields_cache
    rel = [(n, _alles(r, diepte + 1) if diepte < 3 else type(r)) for n, r in cache.items()]
    return type(obj), uit, obj._state.db, obj._state.adding, rel


# --- rows written by ``utils.rijen`` ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_row_of_the_wrong_length_is_refused():
    b = services._nieuw(Bericht, richting=Richting.IN, status=Status.ONTVANGEN, kanaal=Kanaal.CLI, hash="d" * 64)
    rijen.invoegen([b])
    kolommen = ("bericht_id", "status")
    for rij in ((b.pk,), (b.pk, "ontvangen", "x")):
        with pytest.raises(ValueError, match=re.escape(f"{len(rij)} waarden voor 2 kolommen")):
            rijen.tupels(Gebeurtenis, kolommen, [rij])
    rijen.tupels(Gebeurtenis, services._GEBEURTENIS_KOLOMMEN, [(b.pk, timezone.now(), "ontvangen", None, "t")])
    assert list(Gebeurtenis.objects.filter(bericht=b).values_list("status", "toelichting")) == [("ontvangen", "t")]


# --- the reader of the dataclasses ---------------------------------------------------------------------


def _lees_oud(el, klasse):
    """``xml._lees`` as it was (the local name sliced from every element's tag)."""
    velden = xml._per_naam(klasse)
    kw = {}
    for node in el:
        tag = node.tag
        if tag.__class__ is not str:
            continue
        naam = tag[tag.find("}") + 1 :]
        v = velden.get(naam)
        if v is None or naam in kw:
            continue
        soort = v[0]
        if soort == 0:
            kw[naam] = (node.text or "").strip()
        elif soort == 1:
            kw[naam] = _lees_oud(node, v[1])
        elif soort == 2:
            kw[naam] = [_lees_oud(i, v[1]) for i in node if i.tag.__class__ is str]
        elif soort == 3:
            kw[naam] = [(i.text or "").strip() for i in node if i.tag.__class__ is str]
        else:
            text = (node.text or "").strip()
            kw[naam] = {4: int, 5: dt.date.fromisoformat, 6: dt.time.fromisoformat}[soort](text)
    return klasse(**kw)


def _herschreven(data: bytes, ns: str | None) -> bytes:
    """The message with every element in namespace ``ns`` (None: no namespace), a comment and a
    repeated element added: the reader takes the first element of each name, in any namespace."""
    from lxml import etree

    root = etree.fromstring(data)
    for el in root.iter(etree.Element):
        el.tag = etree.QName(ns, etree.QName(el).localname).text if ns else etree.QName(el).localname
    header = root[0]
    header.insert(0, etree.Comment("opmerking"))
    extra = etree.SubElement(header, header[1].tag)
    extra.text = "999"
    return etree.tostring(root)


def test_the_reader_reads_as_before_in_any_namespace():
    from lxml import etree

    for pad in VOORBEELDEN:
        c = xml.controleer(pad.read_bytes())
        if c.soort is None or c.bevindingen:
            continue
        klasse = inhoud.SOORTEN[c.soort.naam].klasse
        assert xml.lees(c.root, c.soort.naam) == _lees_oud(c.root, klasse)
        veel = [f"urn:n{i}" for i in range(300)]  # (more namespaces than a class keeps tags of: JW305)
        for ns in (None, "urn:ander", *(veel if pad.name == "JW305.xml" else veel[::60])):
            root = etree.fromstring(_herschreven(pad.read_bytes(), ns))
            assert xml._lees(root, klasse) == _lees_oud(root, klasse), (pad.name, ns)
    assert all(len(tags) <= xml._TAGS_PER_KLASSE for tags in xml._PER_TAG.values())


@pytest.mark.django_db
def test_the_shared_rows_of_a_batch_are_read_unordered_as_the_same_rows(traject_van):
    """``_Reeks._laad`` reads the municipality, model, product and provider without their models'
    ordering (which joins): the same rows."""
    t = Traject.objects.get(toewijzing=traject_van("TR83", gestart=False))
    for naam in services.GEDEELD:
        veld = Traject._meta.get_field(naam)
        m = veld.related_model._base_manager
        pks = {getattr(t, veld.attname)}
        a, b = m.in_bulk(pks), m.order_by().in_bulk(pks)
        assert list(a) == list(b) == list(pks)
        assert all(_alles(x) == _alles(y) for x, y in zip(a.values(), b.values(), strict=True))
