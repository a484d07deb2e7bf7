"""The faster forms of the per-message work (issue 11, eighth step) give exactly what the forms they
replace gave: the XML written as text is byte for byte lxml's serialisation of the tree
(``xml._boom``), for every kind of message, a header-only retour, empty values and empty
sub-objects, and a value lxml escapes or refuses goes through the tree as before; the header read
in one pass gives what ``xml._tekst`` gives (any namespace or none, the first of two, comments,
a missing header); a log row made by ``services._nieuw`` is the instance ``Bericht(**velden)`` is;
``services.vandaag`` in a batch is ``timezone.localdate``."""

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone
from lxml import etree

from uitkomst.berichten import inhoud, services, xml
from uitkomst.berichten.models import Bericht, Kanaal, Levering, Richting, Status

from .conftest import ONGELDIG, VOORBEELDEN

GELDIG = [p for p in VOORBEELDEN if p.name not in ONGELDIG]


def _obj(pad):
    c = xml.controleer(pad.read_bytes())
    return xml.lees(c.root, c.soort.naam), c.soort


def _retouren(obj, soort):
    """The retour forms a message of this kind gets: the header only, and with its client repeated."""
    if soort.nummer not in inhoud.RETOUR_OP:
        return []
    naam = inhoud.soort(soort.standaard, inhoud.RETOUR_OP[soort.nummer]).naam
    h = dataclasses.replace(
        obj.Header,
        BerichtCode=inhoud.SOORTEN[naam].berichtcode,
        IdentificatieRetour="a1b2c3d4e5f6",
        DagtekeningRetour=dt.date(2026, 12, 2),
        XsdVersieRetour=xml.xsd_versie(naam),
        RetourCodes=["0200", "8001"],
    )
    return [(dataclasses.replace(obj, Header=h, Client=None), naam), (dataclasses.replace(obj, Header=h), naam)]


@pytest.mark.parametrize("pad", GELDIG, ids=lambda p: p.name)
def test_text_is_lxmls_serialisation(pad):
    obj, soort = _obj(pad)
    for k, (o, naam) in enumerate([(obj, soort.naam), *_retouren(obj, soort)]):
        root, data = xml.geschreven(o, naam)
        assert data == xml._boom(o, naam)[1]
        assert etree.tostring(root) == etree.tostring(etree.fromstring(data))
        if k < 2:  # the message and its header-only retour are valid (the repeated client lacks its codes)
            assert xml.valideer_geschreven(root, data, naam) == []


def test_empty_values_and_empty_sub_objects():
    obj, _ = _obj(next(p for p in GELDIG if p.name == "JW305.xml"))
    c = obj.Client
    leeg = dataclasses.replace(
        obj,
        Client=dataclasses.replace(c, Naam=dataclasses.replace(c.Naam, Voornamen="", Voorletters=None)),
        Header=dataclasses.replace(obj.Header, RetourCodes=["", "0200"], XsltVersie=""),
    )
    assert xml.geschreven(leeg, "JW305")[1] == xml._boom(leeg, "JW305")[1]
    geen_velden = dataclasses.replace(obj, Header=dataclasses.replace(obj.Header, XsdVersie=_Leeg()))
    assert b"<jw305:XsdVersie/>" in xml._boom(geen_velden, "JW305")[1]
    assert xml.geschreven(geen_velden, "JW305")[1] == xml._boom(geen_velden, "JW305")[1]


@dataclasses.dataclass
class _Leeg(inhoud.Basis):
    Niets: str | None = None


@pytest.mark.parametrize("tekst", ["A & B", "<x>", "a > b", "regel\r\nnieuw", "tab\tnieuw\nregel", "é – €"])
def test_values_lxml_escapes_give_lxmls_bytes(tekst):
    obj, _ = _obj(next(p for p in GELDIG if p.name == "JW305.xml"))
    o = dataclasses.replace(
        obj, Client=dataclasses.replace(obj.Client, Naam=dataclasses.replace(obj.Client.Naam, Voornamen=tekst))
    )
    root, data = xml.geschreven(o, "JW305")
    assert data == xml._boom(o, "JW305")[1]
    assert xml.lees(etree.fromstring(data), "JW305").Client.Naam.Voornamen == tekst.strip()


@pytest.mark.parametrize("tekst", ["nul\x00", "bel\x07", "\ud800"])
def test_values_lxml_refuses_are_refused_as_before(tekst):
    obj, _ = _obj(next(p for p in GELDIG if p.name == "JW305.xml"))
    o = dataclasses.replace(obj, Header=dataclasses.replace(obj.Header, XsltVersie=tekst))
    with pytest.raises(ValueError) as voor:
        xml._boom(o, "JW305")
    with pytest.raises(type(voor.value)):
        xml.geschreven(o, "JW305")


KOPPEN = [p.read_bytes() for p in VOORBEELDEN] + [
    b"<Bericht><Header><BerichtCode>414</BerichtCode><Afzender> 1 </Afzender></Header></Bericht>",
    b'<a:Bericht xmlns:a="x" xmlns:b="y"><b:Header><!-- c --><a:Afzender>1</a:Afzender><b:Afzender>2</b:Afzender>'
    b"<a:BerichtIdentificatie><Identificatie>X</Identificatie><Identificatie>Y</Identificatie>"
    b"</a:BerichtIdentificatie><Ontvanger/></b:Header><Header><Afzender>3</Afzender></Header></a:Bericht>",
    b"<Bericht><Geen/></Bericht>",
    b"<Bericht><Header><BerichtIdentificatie/></Header></Bericht>",
]


@pytest.mark.parametrize("data", KOPPEN, ids=range(len(KOPPEN)))
def test_header_in_one_pass(data):
    root = etree.fromstring(data)
    t = xml.kopteksten(root)
    for naam in xml.KOPVELDEN:
        assert t[naam] == xml._tekst(root, "Header", naam)
    for naam in ("Identificatie", "Dagtekening"):
        assert t[naam] == xml._tekst(root, "Header", "BerichtIdentificatie", naam)


def _staat(obj) -> dict:
    d = {k: v for k, v in vars(obj).items() if k not in ("_state", "uuid", "aangemaakt_op")}
    return d | {"_db": obj._state.db, "_adding": obj._state.adding, "_cache": dict(obj._state.fields_cache)}


@pytest.mark.django_db
def test_log_row_as_bericht_gives_it(zwolle, aanbieder):
    heen = Bericht(richting=Richting.IN, status=Status.ONTVANGEN, kanaal=Kanaal.CLI, hash="a" * 64)
    for velden in (
        {"gemeente": zwolle, "aanbieder": aanbieder, "antwoord_op": heen, "dubbel_van": None},
        {"gemeente_id": zwolle.pk, "aanbieder_id": None, "status": Status.KLAAR, "bevindingen": [{"code": "1"}]},
        {"gemeente": None, "dagtekening": dt.date(2026, 1, 2), "xml": "<a/>", "is_synthetisch": True},
        {},
    ):
        a, b = Bericht(**velden), services._nieuw(Bericht, **velden)
        assert _staat(b) == _staat(a)
        assert type(b.uuid) is type(a.uuid) and b.uuid != a.uuid
        assert abs(b.aangemaakt_op - a.aangemaakt_op) < dt.timedelta(seconds=5)
        assert b.bevindingen is not services._nieuw(Bericht).bevindingen  # a fresh list per row
    assert services._nieuw(Bericht, aangemaakt_op=timezone.now()).aangemaakt_op
    lev = {"bericht": heen, "toewijzing_id": 5, "aanbieder_id": aanbieder.pk, "soort": "start"}
    assert _staat(services._nieuw(Levering, **lev)) == _staat(Levering(**lev))
    with pytest.raises(TypeError):
        services._nieuw(Bericht, bestaat_niet=1)


@pytest.mark.django_db
def test_log_row_with_a_post_init_receiver_takes_the_models_init(zwolle):
    from django.db.models.signals import post_init

    gezien = []

    def ontvanger(sender, instance, **kwargs):
        gezien.append(instance)

    post_init.connect(ontvanger, sender=Bericht)
    try:
        maak = services._maker(Bericht)
        b = maak(gemeente=zwolle, status=Status.KLAAR)
    finally:
        post_init.disconnect(ontvanger, sender=Bericht)
    assert (
        gezien == [b]
        and b.gemeente_id == zwolle.pk
        and _staat(b) == _staat(Bericht(gemeente=zwolle, status=Status.KLAAR))
    )


def test_today_in_a_batch():
    token = services._BATCH.set({})
    try:
        assert services.vandaag() == timezone.localdate()
        with timezone.override("Pacific/Kiritimati"):
            services._BATCH.get().clear()
            assert services.vandaag() == timezone.localdate()
    finally:
        services._BATCH.reset(token)
    assert services.vandaag() == timezone.localdate()


def _kop_oud(root, soort):
    """The header fields as ``services._kop`` read them before, a ``find`` per field."""
    afzender = xml._tekst(root, "Header", "Afzender") or ""
    ontvanger = xml._tekst(root, "Header", "Ontvanger") or ""
    ident, dag = ("BerichtIdentificatie", "Identificatie"), ("BerichtIdentificatie", "Dagtekening")
    if soort is not None and soort.is_retour:
        afzender, ontvanger = ontvanger, afzender
        ident, dag = ("IdentificatieRetour",), ("DagtekeningRetour",)
    out = {
        "afzender": afzender,
        "ontvanger": ontvanger,
        "identificatie": (xml._tekst(root, "Header", *ident) or "")[:12],
    }
    try:
        out["dagtekening"] = dt.date.fromisoformat(xml._tekst(root, "Header", *dag))
    except (TypeError, ValueError):
        out["dagtekening"] = None
    return out


@pytest.mark.parametrize("pad", VOORBEELDEN, ids=lambda p: p.name)
def test_log_header_from_the_checks(pad):
    c = xml.controleer(pad.read_bytes())
    assert c.kop is not None
    for soort in (c.soort, inhoud.SOORTEN["JW306"], None):
        assert services._kop(c.root, soort, c.kop) == services._kop(c.root, soort) == _kop_oud(c.root, soort)
