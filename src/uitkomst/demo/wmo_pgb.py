"""Demo personal budgets (pgb) in Zwolle (issue 17 point 5, document 003): a Wmo client may choose a
pgb instead of care in kind; in youth care a pgb only when the contracted care does not fit.

Everything is synthetic: residents with BSNs from the synthetic 99 block (``is_synthetisch``), invented
amounts, periods and reasons. Built through the real services (``toegang.services.pgbbesluit_*``) as
the system actor ``systeem:demo``, so every rule holds for the demo too (the client's choice, the
reason for youth care, no overlap, no pgb beside a trajectory in kind).

What is on show: Wmo budgets granted (informal and professional tariff basis), one ended early, one
request still to be decided (the access worker decides it in the pages), and two youth budgets with
the reason why the contracted care does not fit (one granted, one waiting). The youth budgets go to
existing synthetic youth clients of Zwolle without a running youth trajectory, with their family
plan; when the demo region has none, new synthetic residents are made.

Idempotent: when Zwolle already has synthetic pgb decisions, nothing is done. Wire it into
``uitkomst demo`` after the region's clients and trajectories::

    from uitkomst.demo.wmo_pgb import bouwen as wmo_pgb_bouwen
    wmo_pgb_bouwen(jaar=klok.vandaag().year - 1)  # budgets from ``jaar``, some running into the next year
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang import services as toegang
from uitkomst.toegang.models import Client, Gezinsplan, Pgbbesluit, Verwijzing
from uitkomst.utils import klok
from uitkomst.utils.db import verweesd
from uitkomst.utils.errors import DomainError

from . import synthetic

ZWOLLE = "0193"
WMO_MODEL = "zwolle-wmo-maatwerk"
_TRAJECT_ACTIEF = ("toegewezen", "geaccepteerd", "gestart")


@dataclass(frozen=True)
class Casus:
    wet: str
    doel: str
    bedrag: Decimal
    start: tuple[int, int]  # month, day in ``jaar``
    maanden: int  # the period's length
    grondslag: str = ""
    reden: str = ""
    stap: str = "toekennen"  # toekennen, aanvragen (left to decide), beeindigen (granted, ended early)


WMO = [
    Casus("wmo", "Zelfstandig het huishouden blijven voeren", Decimal("14400.00"), (1, 1), 12, "informeel",
          "De cliënt kiest een pgb: de dochter ondersteunt al in het huishouden."),
    Casus("wmo", "Regie over de dag met begeleiding thuis", Decimal("9600.00"), (4, 1), 12, "professioneel",
          "De cliënt kiest een pgb voor een vaste begeleider die niet bij een gecontracteerde aanbieder werkt."),
    Casus("wmo", "Ondersteuning bij de persoonlijke verzorging", Decimal("7200.00"), (7, 1), 12, "professioneel",
          "De cliënt kiest een pgb.", stap="beeindigen"),
    Casus("wmo", "Begeleiding naar werk en dagritme", Decimal("6000.00"), (10, 1), 12, "informeel",
          "De cliënt kiest een pgb via het eigen netwerk.", stap="aanvragen"),
]  # fmt: skip
JEUGD = [
    Casus("jeugdwet", "Rust in het gezin", Decimal("11000.00"), (3, 1), 12, "professioneel",
          "Het gecontracteerde aanbod past niet: het kind communiceert in gebarentaal en geen gecontracteerde "
          "aanbieder in de regio biedt gezinsbegeleiding in gebarentaal."),
    Casus("jeugdwet", "Naar school met begeleiding", Decimal("4800.00"), (9, 1), 6, "professioneel",
          "Het gecontracteerde aanbod past niet: de begeleiding moet op school en in de avond plaatsvinden; "
          "geen gecontracteerde aanbieder kan dat binnen de wachttijd.", stap="aanvragen"),
]  # fmt: skip


def _einde(start: dt.date, maanden: int) -> dt.date:
    jaar, maand = divmod(start.month - 1 + maanden, 12)
    return dt.date(start.year + jaar, maand + 1, 1) - dt.timedelta(days=1)


def _opruimen() -> None:
    """Decisions hanging on clients or plans the demo has removed (the foreign keys do not cascade)."""
    Pgbbesluit.objects.filter(verweesd(Client, "client_id") | verweesd(Gezinsplan, "plan_id")).delete()


def _nieuwe_bewoners(rng: random.Random, n: int) -> list[str]:
    return [
        b
        for b in synthetic.synthetic_bsns(rng, 4 * n)
        if not Client.objects.filter(bsn_pseudoniem=bsn_tools.pseudonym(b)).exists()
    ][:n]


def _wmo_plan(c: Casus, *, bsn: str, jaar: int, model, zwolle, door) -> tuple[Client, Gezinsplan | None]:
    """A synthetic Wmo resident with a referral and a support plan (or only the client when the
    model does not cover the date)."""
    geboren = dt.date(jaar - 72, c.start[0], 1)
    datum = min(dt.date(jaar, *c.start) - dt.timedelta(days=21), klok.vandaag())
    if model is not None:
        try:
            verwijzing = toegang.verwijzing_create(
                bsn=bsn, geboortedatum=geboren, gemeente=zwolle, inkoopmodel=model, datum=datum, door=door,
                toelichting="Synthetisch: melding bij het Wmo-loket, keukentafelgesprek gevoerd.",
            )  # fmt: skip
            plan = toegang.gezinsplan_create(verwijzing=verwijzing, doelen=[c.doel], door=door)
            Verwijzing.objects.filter(pk=verwijzing.pk).update(is_synthetisch=True)
            Gezinsplan.objects.filter(pk=plan.pk).update(is_synthetisch=True)
            Client.objects.filter(pk=plan.client_id).update(is_synthetisch=True)
            return Client.objects.get(pk=plan.client_id), plan
        except DomainError:
            pass  # outside the model's period: the budget without a plan
    client = toegang.client_get_or_create(bsn=bsn, geboortedatum=geboren, gemeente=zwolle, door=door)
    Client.objects.filter(pk=client.pk).update(is_synthetisch=True)
    return client, None


def _jeugdclienten(zwolle, n: int) -> list[tuple[Client, Gezinsplan | None]]:
    """Existing synthetic youth clients of Zwolle without a running youth trajectory, with their plan."""
    lopend = Client.objects.filter(trajecten__status__in=_TRAJECT_ACTIEF, trajecten__inkoopmodel__wet="jeugdwet")
    kandidaten = (
        Client.objects.filter(gemeente=zwolle, is_synthetisch=True)
        .exclude(pk__in=lopend.values("pk"))
        .exclude(pgb_besluiten__isnull=False)
        .order_by("pk")[:n]
    )
    result = []
    for client in kandidaten:
        plan = (
            Gezinsplan.objects.filter(client=client, inkoopmodel__wet="jeugdwet", gemeente=zwolle)
            .order_by("-pk")
            .first()
        )
        result.append((client, plan))
    return result


def _besluit(c: Casus, *, client: Client, plan: Gezinsplan | None, jaar: int, door) -> Pgbbesluit:
    start = dt.date(jaar, *c.start)
    besluit = toegang.pgbbesluit_aanvragen(
        client=client, plan=plan, wet=c.wet, bedrag=c.bedrag, ingangsdatum=start, einddatum=_einde(start, c.maanden),
        keuze_client=c.wet == "wmo", reden=c.reden, tariefgrondslag=c.grondslag, toekennen=c.stap != "aanvragen",
        toelichting="Budgetplan ontvangen en akkoord." if c.stap != "aanvragen" else "", door=door,
        is_synthetisch=True,
    )  # fmt: skip
    if c.stap == "beeindigen":
        toegang.pgbbesluit_beeindigen(
            besluit=besluit, per=start + dt.timedelta(days=91), door=door,
            toelichting="Synthetisch: de cliënt is verhuisd naar een verpleeghuis.",
        )  # fmt: skip
    return besluit


@transaction.atomic
def bouwen(jaar: int) -> None:
    """A handful of synthetic pgb decisions in Zwolle for ``jaar`` (idempotent)."""
    zwolle = Gemeente.objects.filter(cbs_code=ZWOLLE).first()
    if zwolle is None:
        return
    _opruimen()
    if Pgbbesluit.objects.filter(gemeente=zwolle, is_synthetisch=True).exists():
        return
    door = policy.systeem_actor("demo")
    model = Inkoopmodel.objects.filter(code=WMO_MODEL, regio_id=zwolle.regio_id).first()
    rng = random.Random(f"wmo-pgb-{jaar}")  # the same residents on every build
    bewoners = _nieuwe_bewoners(rng, len(WMO) + len(JEUGD))
    for c, bsn in zip(WMO, bewoners, strict=False):
        client, plan = _wmo_plan(c, bsn=bsn, jaar=jaar, model=model, zwolle=zwolle, door=door)
        _besluit(c, client=client, plan=plan, jaar=jaar, door=door)
    jeugd = _jeugdclienten(zwolle, len(JEUGD))
    for i, c in enumerate(JEUGD):
        if i < len(jeugd):
            client, plan = jeugd[i]
        else:  # no demo region: a new synthetic resident without a plan
            geboren = dt.date(jaar - 9, c.start[0], 1)
            client = toegang.client_get_or_create(
                bsn=bewoners[len(WMO) + i], geboortedatum=geboren, gemeente=zwolle, door=door
            )
            Client.objects.filter(pk=client.pk).update(is_synthetisch=True)
            plan = None
        for met_plan in (plan, None) if plan is not None else (None,):
            try:
                _besluit(c, client=client, plan=met_plan, jaar=jaar, door=door)
                break
            except DomainError:  # the plan (or an earlier budget) does not fit this case: try without
                continue
