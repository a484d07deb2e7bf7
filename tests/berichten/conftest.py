import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from tests.declaraties import helpers as h
from tests.declaraties.conftest import *  # noqa: F403
from uitkomst.catalogus import services as catalogus
from uitkomst.catalogus.models import Bekostigingsvorm, Wet

REPO = Path(__file__).resolve().parents[2]
ISTANDAARDEN = REPO.parent / "shared" / "istandaarden"
VOORBEELDEN = sorted(ISTANDAARDEN.glob("*/berichten/*.xml"))
ONGELDIG = {"JW315.xml", "JW318.xml"}  # the two official examples with data errors (README of the folder)


@pytest.fixture(autouse=True)
def _schemas(settings):
    """The tests validate against the published 3.2 schemas next to the repository (as CI has them)."""
    settings.UITKOMST_ISTANDAARDEN_DIR = str(ISTANDAARDEN)
    settings.UITKOMST_BROKER_URL = ""


@pytest.fixture(autouse=True)
def _als_lxml(monkeypatch):
    """Every message written in these tests is also built as an lxml tree and serialised: the text
    written directly (``xml._als_tekst``) must be those very bytes."""
    from uitkomst.berichten import xml

    echt = xml._als_tekst

    def vergelijk(bericht, s):
        data = echt(bericht, s)
        assert data == xml._boom(bericht, s.naam)[1]
        return data

    monkeypatch.setattr(xml, "_als_tekst", vergelijk)


@pytest.fixture
def berichtenmodel(systeem, regio):
    """A small IJsselland youth model with one product per execution variant the messages express."""
    model = catalogus.inkoopmodel_create(
        door=systeem,
        regio=regio,
        code="berichten-test",
        naam="Berichtenmodel",
        wet=Wet.JEUGDWET,
        geldig_van=dt.date(2024, 1, 1),
        geldig_tot=dt.date(2027, 12, 31),
    )
    schema = catalogus.betaalschema_save(
        inkoopmodel=model,
        code="50-50",
        naam="50/50",
        termijnen=[{"moment": "start", "aandeel": "0.5"}, {"moment": "einde", "aandeel": "0.5"}],
        door=systeem,
    )
    specs = [
        ("TR83", Bekostigingsvorm.TRAJECT, "traject", "83", "45T83", "4000.00", schema),
        ("TR82", Bekostigingsvorm.TRAJECT, "traject", "82", "45T82", "3000.00", schema),
        ("WEEK", Bekostigingsvorm.WEEK, "week", "82", "45WK1", "190.00", None),
        ("UUR", Bekostigingsvorm.INSPANNING, "uur", "04", "45PQ1", "62.50", None),
        ("DAGDEEL", Bekostigingsvorm.INSPANNING, "dagdeel", "16", "41PQ2", "38.00", None),
        ("ETMAAL", Bekostigingsvorm.INSPANNING, "etmaal", "14", "44PQ3", "145.00", None),
        ("ASPEC", Bekostigingsvorm.INSPANNING, "uur", "04", "", "70.00", None),
    ]
    for code, bek, eenheid, ijw, pcode, bedrag, bs in specs:
        p = catalogus.product_create(
            door=systeem,
            inkoopmodel=model,
            code=code,
            naam=f"Product {code}",
            bekostiging=bek,
            tariefeenheid=eenheid,
            ijw_eenheid=ijw,
            productcategorie=pcode[:2] or "45",
            productcode_ijw=pcode,
            betaalschema=bs,
        )
        catalogus.tarief_create(door=systeem, product=p, bedrag=Decimal(bedrag), geldig_van=model.geldig_van)
    return model


@pytest.fixture
def gecontracteerd(aanbieder, berichtenmodel):
    h.contracteer(aanbieder, "berichten-test")
    return aanbieder


@pytest.fixture
def traject_van(toegang, aanbieder_user, zwolle, gecontracteerd):
    """``traject_van(productcode, start, ...)``: an assignment in the message model, through the services."""

    def _maak(productcode: str, start: dt.date | None = None, **kw):
        kw.setdefault("einddatum", (start or h.datum(3, 3)) + dt.timedelta(days=150))
        return h.traject(
            toegang_user=toegang,
            aanbieder_user=aanbieder_user,
            gemeente=zwolle,
            model_code="berichten-test",
            productcode=productcode,
            start=start or h.datum(3, 3),
            **kw,
        )

    return _maak
