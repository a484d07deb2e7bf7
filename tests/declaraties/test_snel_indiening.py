"""The CPU cuts on the invoice side of a large JW323 (issue 11), each pinned against the form it
replaced: ``verbruik_van`` read as tuples, ``toewijzing_feiten`` as named rows, ``regel_objecten``
through the positional path of ``Model.__init__``, and ``grenzen.past`` with its limits read once and
a quick answer for a Decimal that fits."""

from decimal import Decimal

import pytest
from django.db.models import Q

from uitkomst.declaraties import regels as r
from uitkomst.declaraties import services
from uitkomst.declaraties.models import TELT, Declaratieregel, Regelstatus
from uitkomst.utils import grenzen
from uitkomst.utils.errors import ProblemCollector

from . import helpers as h
from .helpers import D, datum

pytestmark = pytest.mark.django_db

MAART = (datum(3, 3), datum(3, 31))


def _verbruik_oud(*, toewijzing_ids=(), lumpsum_ids=()):
    """``verbruik_van`` as it was (``.values()`` dicts, the related lookups), the reference."""
    toewijzing_ids, lumpsum_ids = list(set(toewijzing_ids)), list(set(lumpsum_ids))
    if not toewijzing_ids and not lumpsum_ids:
        return {}
    rows = list(
        Declaratieregel.objects.filter(
            Q(toewijzing_id__in=toewijzing_ids) | Q(lumpsumafspraak_id__in=lumpsum_ids), status__in=TELT
        ).values(
            "pk", "toewijzing_id", "lumpsumafspraak_id", "termijn", "begindatum", "einddatum", "aantal", "bedrag",
            "crediteert_id",
        )
    )  # fmt: skip
    gecrediteerd = {x["crediteert_id"] for x in rows if x["crediteert_id"]}
    out: dict = {}
    for x in rows:
        key = (
            r.sleutel_toewijzing(x["toewijzing_id"])
            if x["toewijzing_id"]
            else r.sleutel_lumpsum(x["lumpsumafspraak_id"])
        )
        v = out.setdefault(key, r.Verbruik())
        v.bedrag += x["bedrag"]
        v.eenheden += x["aantal"] or r.NUL if x["toewijzing_id"] else r.NUL
        if x["crediteert_id"] or x["pk"] in gecrediteerd:
            continue
        if x["termijn"] is not None:
            v.termijnen.add(x["termijn"])
        v.perioden.append((x["begindatum"], x["einddatum"], x["pk"]))
    return out


def _indienen(user, regels):
    return services.declaratie_indienen(
        aanbieder=user.aanbieder, begindatum=datum(1, 1), einddatum=datum(12, 31), regels=regels, door=user
    )


def test_consumption_read_as_tuples_is_the_consumption_read_as_dicts(maak, aanbieder_user):
    a, b, c = maak(), maak(), maak()
    eerste = _indienen(aanbieder_user, [h.regel(a, *MAART, termijn=1, bedrag=a.budget / 2)]).regels.get()
    _indienen(aanbieder_user, [h.regel(b, *MAART, termijn=1, bedrag=b.budget / 2)])
    _indienen(aanbieder_user, [h.regel(b, *MAART, termijn=2, bedrag=b.budget / 2)])  # refused: not counted
    _indienen(aanbieder_user, [r.Invoer(regelnummer=1, crediteert=str(eerste.uuid))])  # a credit of a's line
    ids = [a.pk, b.pk, c.pk]
    nieuw, oud = services.verbruik_van(toewijzing_ids=ids), _verbruik_oud(toewijzing_ids=ids)
    assert nieuw == oud and nieuw  # the same keys, amounts (Decimal), units, installments and periods
    for k in nieuw:
        assert [type(x) for x in (nieuw[k].bedrag, nieuw[k].eenheden)] == [Decimal, Decimal]
        assert str(nieuw[k].bedrag) == str(oud[k].bedrag)  # the same quantisation, not only equal
    assert r.sleutel_toewijzing(a.pk) in nieuw and nieuw[r.sleutel_toewijzing(a.pk)].perioden == []  # credited
    assert services.verbruik_van() == {} == _verbruik_oud()


def test_assignment_facts_from_named_rows_are_those_from_dicts(maak):
    tws = [maak(), maak("P01-P")]
    feiten = services.toewijzing_feiten([t.pk for t in tws])
    assert set(feiten) == {t.nummer for t in tws}
    for t in tws:
        f = feiten[t.nummer]
        assert (f.pk, f.aanbieder_id, f.client_id, f.product_id, f.budget) == (
            t.pk, t.aanbieder_id, t.client_id, t.product_id, t.budget,
        )  # fmt: skip
        assert f.gemeente_id == t.client.gemeente_id and f.startdatum == t.startdatum and f.einddatum == t.einddatum
        assert f.product_code == t.product.code and f.bekostiging == t.product.bekostiging


def _regel_oud(declaratie, aanbieder_id, u):
    """``regel_objecten`` as it was, per line: the keyword path of ``Model.__init__``."""
    return Declaratieregel(
        declaratie=declaratie,
        regelnummer=u.invoer.regelnummer,
        referentie=(u.invoer.referentie or u.invoer.crediteert)[:20],
        toewijzing_id=u.toewijzing.pk if u.toewijzing else (u.credit.toewijzing_id if u.credit else None),
        lumpsumafspraak_id=u.lumpsum.pk if u.lumpsum else (u.credit.lumpsum_id if u.credit else None),
        aanbieder_id=aanbieder_id,
        gemeente_id=u.gemeente_id,
        client_id=u.client_id,
        product_id=u.product_id,
        bekostiging=u.bekostiging,
        termijn=u.termijn,
        begindatum=u.credit.begindatum if u.credit else (u.invoer.begindatum or declaratie.begindatum),
        einddatum=u.credit.einddatum if u.credit else (u.invoer.einddatum or declaratie.einddatum),
        aantal=u.aantal,
        tarief=u.tarief,
        bedrag=u.bedrag,
        crediteert_id=u.credit.pk if u.credit else None,
        status=Regelstatus.TOEGEKEND if u.toegekend else Regelstatus.AFGEWEZEN,
        redenen=u.redenen,
    )


_GEEN_WAARDE = {"id", "uuid", "aangemaakt_op", "gewijzigd_op"}  # a fresh default per instance


def test_line_instances_are_written_and_read_back_as_judged(maak, aanbieder_user):
    a, b = maak(), maak()
    eerste = _indienen(aanbieder_user, [h.regel(a, *MAART, termijn=1, bedrag=a.budget / 2)]).regels.get()
    indiening = services.Indiening(door=aanbieder_user)
    d = indiening.indienen(
        aanbieder=aanbieder_user.aanbieder,
        begindatum=datum(1, 1),
        einddatum=datum(12, 31),
        regels=[
            h.regel(b, *MAART, termijn=1, bedrag=b.budget / 2, regelnummer=1),
            h.regel(b, *MAART, termijn=2, bedrag=b.budget / 2, regelnummer=2),  # refused: its reasons
            r.Invoer(regelnummer=3, crediteert=str(eerste.uuid)),  # a credit
        ],
    )
    nieuw = indiening.regels_van(d)
    assert [x.status for x in nieuw] == [Regelstatus.TOEGEKEND, Regelstatus.AFGEWEZEN, Regelstatus.TOEGEKEND]
    assert nieuw[1].redenen and nieuw[2].crediteert_id == eerste.pk
    for x in nieuw:
        assert x.declaratie is d and x.pk is None and x._state.adding
    velden = [f.attname for f in Declaratieregel._meta.concrete_fields if f.attname not in _GEEN_WAARDE]
    voor = [{f: getattr(x, f) for f in velden if f != "declaratie_id"} for x in nieuw]
    indiening.opslaan()
    assert all(x.pk and not x._state.adding for x in nieuw) and len({x.uuid for x in nieuw}) == 3
    na = [{f: getattr(x, f) for f in velden if f != "declaratie_id"} for x in d.regels.order_by("regelnummer")]
    assert na == voor


def test_line_instances_match_the_keyword_form_value_for_value(maak, aanbieder_user):
    tw = maak()
    feit = services.toewijzing_feiten([tw.pk])[tw.nummer]
    invoer = h.regel(tw, *MAART, termijn=1, bedrag=tw.budget / 2)
    (u,) = r.beoordeel(
        aanbieder_id=aanbieder_user.aanbieder.pk,
        begindatum=datum(1, 1),
        einddatum=datum(12, 31),
        regels=[services.invoer_uit(invoer, 1)],
        toewijzingen={tw.nummer: feit},
        lumpsums={},
        credits={},
        verbruik={},
        vandaag=datum(12, 31),
    )
    d = services.declaratie_object(
        aanbieder_user.aanbieder.pk, datum(1, 1), datum(12, 31), [u], door=aanbieder_user, bron="formulier"
    )
    (nieuw,) = services.regel_objecten(d, aanbieder_user.aanbieder.pk, [u])
    oud = _regel_oud(d, aanbieder_user.aanbieder.pk, u)
    for f in Declaratieregel._meta.concrete_fields:
        if f.attname not in _GEEN_WAARDE:
            assert getattr(nieuw, f.attname) == getattr(oud, f.attname), f.attname
    assert nieuw.declaratie is d is oud.declaratie
    assert nieuw.uuid != oud.uuid  # each instance its own default
    assert nieuw.redenen == oud.redenen


@pytest.mark.parametrize(
    ("naam", "waarde"),
    [
        ("bedrag", D("12.34")),
        ("bedrag", D("-12.34")),
        ("bedrag", D("0")),
        ("bedrag", D("12.345")),  # too many decimals
        ("bedrag", D("1E+20")),  # too many digits
        ("bedrag", D("99999999.99")),
        ("bedrag", D("999999999999.99")),
        ("bedrag", D("NaN")),
        ("bedrag", D("Infinity")),
        ("bedrag", D("1.2000")),  # trailing zeros
        ("bedrag", 12),
        ("bedrag", 12.5),
        ("aantal", D("4")),
        ("aantal", D("4.5")),
        ("referentie", "x" * 20),
        ("referentie", "x" * 21),
        ("referentie", "a\x00b"),
        ("regelnummer", 2**40),
        ("regelnummer", 3),
    ],
)
def test_column_limits_with_the_quick_answer_are_the_full_check(naam, waarde):
    f = Declaratieregel._meta.get_field(naam)
    snel, vol = ProblemCollector(), ProblemCollector()
    past = grenzen.past(snel, Declaratieregel, naam, waarde, veld="v")
    if isinstance(f, type(Declaratieregel._meta.get_field("bedrag"))) and isinstance(waarde, Decimal):
        # the full check, without the quick answer: the same value as a subclass of Decimal
        class Ander(Decimal):
            pass

        volledig = grenzen.past(vol, Declaratieregel, naam, Ander(waarde), veld="v")
        assert (past, [(p.code, p.message) for p in snel.problems]) == (
            volledig, [(p.code, p.message) for p in vol.problems],
        )  # fmt: skip
    assert past == (not snel.problems)
