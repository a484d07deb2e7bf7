"""Many invoices at once (``services.Indiening``, the set-based form of ``declaratie_indienen``): the
same outcome as one by one (accepted, partly refused, refused as a whole, credits, a credit of a line
credited already), a fixed number of statements for any number of invoices, and ``Overlap`` when an
invoice touches what an earlier, unwritten one touched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from uitkomst.declaraties import regels as r
from uitkomst.declaraties import services
from uitkomst.declaraties.models import Declaratie, Regelstatus
from uitkomst.utils.errors import DomainError

from . import helpers as h
from .helpers import D, datum

pytestmark = pytest.mark.django_db

MAART = (datum(3, 3), datum(3, 31))


def _eerdere(aanbieder_user, tws):
    """An accepted line on each of ``tws`` (installment 1), to be credited."""
    return [
        services.declaratie_indienen(
            aanbieder=aanbieder_user.aanbieder,
            begindatum=datum(1, 1),
            einddatum=datum(12, 31),
            regels=[h.regel(tw, *MAART, termijn=1, bedrag=tw.budget / 2)],
            door=aanbieder_user,
        ).regels.get()
        for tw in tws
    ]


def _aanvragen(tws, eerdere):
    """Seven invoices: (lines, total) for the assignments ``tws`` and the earlier lines ``eerdere``."""
    a, b, c, d = tws
    x, y = eerdere
    helft = a.budget / 2
    return [
        ([h.regel(a, *MAART, termijn=1, bedrag=helft)], None),  # accepted
        (  # partly refused: the end installment before the end
            [
                h.regel(b, *MAART, termijn=1, bedrag=helft, regelnummer=1),
                h.regel(b, *MAART, termijn=2, bedrag=helft, regelnummer=2),
            ],
            None,
        ),
        ([h.regel(c, *MAART, termijn=1, bedrag=helft)], D("1.00")),  # refused as a whole: the total
        ([r.Invoer(regelnummer=1, crediteert=str(x.uuid))], None),  # a credit
        ([r.Invoer(regelnummer=1, crediteert=x.kenmerk)], None),  # ... its line is not credited twice: Overlap
        ([h.regel(d, *MAART, termijn=1, bedrag=D("1.00"))], None),  # refused line: wrong amount
        (  # one credit named twice in one invoice: the second refused
            [
                r.Invoer(regelnummer=1, crediteert=str(y.uuid)),
                r.Invoer(regelnummer=2, crediteert=y.kenmerk),
            ],
            None,
        ),
    ]


def _samenvatting(d: Declaratie | str):
    if isinstance(d, str):
        return d
    d = Declaratie.objects.get(pk=d.pk)
    assert d.nummer == f"D{d.pk:08d}"
    return (
        d.totaal_ingediend,
        d.totaal_toegekend,
        d.totaal_afgewezen,
        d.aantal_regels,
        d.aantal_afgewezen,
        [
            (x.regelnummer, x.status, x.bedrag, x.termijn, sorted(h.codes(x)), x.crediteert_id is not None)
            for x in d.regels.order_by("regelnummer")
        ],
    )


def _een_voor_een(user, aanvragen):
    uit = []
    for regels, totaal in aanvragen:
        try:
            uit.append(
                services.declaratie_indienen(
                    aanbieder=user.aanbieder,
                    begindatum=datum(1, 1),
                    einddatum=datum(12, 31),
                    regels=regels,
                    door=user,
                    totaal=totaal,
                )  # fmt: skip
            )
        except DomainError as exc:
            uit.append(exc.code)
    return uit


def _samen(user, aanvragen):
    """As a caller of ``Indiening`` does: on ``Overlap`` write what was judged, then submit again."""
    indiening, uit = services.Indiening(door=user), []
    for regels, totaal in aanvragen:
        for _ in range(2):
            try:
                uit.append(
                    indiening.indienen(
                        aanbieder=user.aanbieder,
                        begindatum=datum(1, 1),
                        einddatum=datum(12, 31),
                        regels=regels,
                        totaal=totaal,
                    )  # fmt: skip
                )
            except services.Overlap:
                indiening.opslaan()
                indiening = services.Indiening(door=user)
                continue
            except DomainError as exc:
                uit.append(exc.code)
            break
    indiening.opslaan()
    return uit


def test_many_invoices_give_the_outcome_of_one_by_one(maak, aanbieder_user):
    alleen, samen = [maak() for _ in range(6)], [maak() for _ in range(6)]
    een = _een_voor_een(aanbieder_user, _aanvragen(alleen[:4], _eerdere(aanbieder_user, alleen[4:])))
    twee = _samen(aanbieder_user, _aanvragen(samen[:4], _eerdere(aanbieder_user, samen[4:])))
    assert [_samenvatting(d) for d in twee] == [_samenvatting(d) for d in een]
    uitkomst = [_samenvatting(d) for d in een]
    assert uitkomst[2] == "totaal_klopt_niet"
    assert [x[1] for x in uitkomst[1][-1]] == [Regelstatus.TOEGEKEND, Regelstatus.AFGEWEZEN]
    assert uitkomst[3][-1][0][1] == Regelstatus.TOEGEKEND and uitkomst[3][-1][0][-1]  # the credit
    assert uitkomst[4][-1][0][4] == ["credit_dubbel"]  # the second credit of the same line
    assert uitkomst[5][-1][0][1] == Regelstatus.AFGEWEZEN
    assert [x[1] for x in uitkomst[6][-1]] == [Regelstatus.TOEGEKEND, Regelstatus.AFGEWEZEN]


def test_an_invoice_touching_an_unwritten_one_raises_overlap_and_keeps_nothing(maak, aanbieder_user):
    tw = maak()
    indiening = services.Indiening(door=aanbieder_user)
    kw = {"aanbieder": aanbieder_user.aanbieder, "begindatum": datum(1, 1), "einddatum": datum(12, 31)}
    indiening.indienen(regels=[h.regel(tw, *MAART, termijn=1, bedrag=tw.budget / 2)], **kw)
    with pytest.raises(services.Overlap):  # the same assignment: judged only after the first is written
        indiening.indienen(regels=[h.regel(tw, *MAART, termijn=1, bedrag=tw.budget / 2)], **kw)
    assert len(indiening.nieuw) == 1
    (d,) = indiening.opslaan()
    assert d.regels.get().status == Regelstatus.TOEGEKEND
    # written, it is judged as alone: installment 1 is claimed already
    tweede = services.Indiening(door=aanbieder_user)
    d2 = tweede.indienen(regels=[h.regel(tw, *MAART, termijn=1, bedrag=tw.budget / 2)], **kw)
    tweede.opslaan()
    assert "dubbele_declaratie" in h.codes(d2.regels.get())
    # a refused invoice is forgotten: it leaves nothing and touches nothing
    derde = services.Indiening(door=aanbieder_user)
    with pytest.raises(DomainError):
        derde.indienen(regels=[h.regel(tw, *MAART, termijn=2, bedrag=tw.budget / 2)], totaal=D("1.00"), **kw)
    assert derde.nieuw == [] and derde.bezet == set() and derde.opslaan() == []


def test_many_invoices_cost_a_fixed_number_of_statements(maak, aanbieder_user):
    tws = [maak() for _ in range(8)]
    eerdere = _eerdere(aanbieder_user, tws[6:])
    kw = {"aanbieder": aanbieder_user.aanbieder, "begindatum": datum(1, 1), "einddatum": datum(12, 31)}

    def indienen(deel, credits):
        regels = [[h.regel(tw, *MAART, termijn=1, bedrag=tw.budget / 2)] for tw in deel]
        regels += [[r.Invoer(regelnummer=1, crediteert=str(x.uuid))] for x in credits]
        with CaptureQueriesContext(connection) as q:
            indiening = services.Indiening(door=aanbieder_user)
            indiening.lezen(
                referenties=[tw.nummer for tw in deel], crediteert=[str(x.uuid) for x in credits]
            )  # what the caller knows it will submit: read (and locked) at once
            uit = [indiening.indienen(regels=x, **kw) for x in regels]
            indiening.opslaan()
        assert {y.status for d in uit for y in d.regels.all()} == {Regelstatus.TOEGEKEND}
        return len(q)

    twee = indienen(tws[:1], eerdere[:1])
    zes = indienen(tws[1:6], eerdere[1:])
    # the credited lines and their credits, twice (before and after the lock: 4), the locks of the
    # assignments and agreements (2), the assignments' facts (rows, payment schedules, end rules,
    # volumes: 4), the consumption (1), the invoices, their numbers and their lines (3): 14, for one
    # invoice as for five times as many
    assert twee == zes == 14, (twee, zes)
