"""Demo outcomes: an outcome measurement for every synthetic ended trajectory, with rates that differ
between providers in a plausible way (a few clearly weaker and stronger ones), so the benchmarks,
confidence intervals and signals show something real. Then 3.2 is computed for the windows that have
passed, every municipality gets a fictitious budget ceiling for this year (some end up below the
forecast), and the signal centre is refreshed.

Drop-out follows from the trajectory's reason for ending (JZ588). The access demo draws those
reasons once, through the trajectory's transitions, with the same provider quality factors
(``synthetic.aanbieder_kwaliteit``): weaker providers end more trajectories early (32/33), so their
drop-out differs from the region. Nothing here changes a reason afterwards, so the status history
always agrees with the reason for ending.

Bulk inserts (plain rows a batch at a time, ``schrijven``) and set-based updates only; every row
is flagged ``is_synthetisch``. All numbers are illustrative.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q

from uitkomst.accounts import policy
from uitkomst.organisaties.models import Gemeente
from uitkomst.signalen.models import Signaal
from uitkomst.sturing import budget
from uitkomst.sturing import services as sturing
from uitkomst.sturing.models import Budgetplafond
from uitkomst.trajecten.models import Doelstatus, Traject
from uitkomst.uitkomsten import samenvatting, services
from uitkomst.uitkomsten.codes import DOELSTATUS, UITVAL_BREED, doelen_totaal
from uitkomst.uitkomsten.models import Uitkomstmeting
from uitkomst.utils import db, klok
from uitkomst.utils.db import verweesd

from . import schrijven, synthetic

BATCH = 5000
# Signals raised by an event of the access demo (declines, stacking attempts), not by the refresh.
BLIJVEND = (Signaal.Soort.AFWIJZING, Signaal.Soort.STAPELING)
BEEINDIGD = ("beeindigd", "afgesloten")


def _cleanup() -> None:
    Uitkomstmeting.objects.filter(Q(is_synthetisch=True) | verweesd(Traject, "traject_id")).delete()
    Signaal.objects.filter(status=Signaal.Status.OPEN).exclude(soort__in=BLIJVEND).delete()
    Budgetplafond.objects.filter(is_synthetisch=True).delete()


def _clip(x: float, low: int, high: int) -> int:
    return int(max(low, min(high, round(x))))


@transaction.atomic
def demo_uitkomsten_build(*, seed: int, today: dt.date | None = None, regio=None) -> int:
    today = today or klok.vandaag()
    rng = random.Random(seed + 6)
    _cleanup()
    aanbieders = list(synthetic.jeugd_aanbieders().values_list("pk", flat=True))
    kwaliteit = synthetic.aanbieder_kwaliteit(rng, aanbieders)  # the same factors as the access demo's

    rows = (
        Traject.objects.filter(is_synthetisch=True, status__in=BEEINDIGD, beeindigd_op__isnull=False)
        .values(
            "pk", "client_id", "gemeente_id", "aanbieder_id", "inkoopmodel_id", "product_id",
            "product__intensiteit_id", "toewijzing_id", "gestart_op", "beeindigd_op", "reden_beeindiging",
        )
        .order_by("pk")
        .iterator(chunk_size=BATCH)
    )  # fmt: skip
    doelen: dict[int, dict[str, int]] = defaultdict(lambda: {"ja": 0, "deels": 0, "nee": 0})
    for d in (
        Doelstatus.objects.filter(evaluatie__soort="eind", evaluatie__traject__is_synthetisch=True)
        .values("evaluatie__traject_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        doelen[d["evaluatie__traject_id"]][DOELSTATUS[d["status"]]] += d["n"]

    # without the summary's row triggers (SQLite): each fired trigger grew slower with the rows already
    # written in the build's transaction (14,000 measurements took 25 s instead of 0.5 s); the indicator
    # summary is rebuilt at once after the insert
    with db.vuil_triggers_uit([Uitkomstmeting._meta.db_table]):
        metingen, gemaakt = [], 0
        for r in rows:
            q = kwaliteit.get(r["aanbieder_id"], 0.0)
            uitval = r["reden_beeindiging"] in UITVAL_BREED
            volgens_plan = r["reden_beeindiging"] == "31"
            g = doelen[r["pk"]]
            p_zonder = (0.62 if volgens_plan else 0.3) + 0.12 * q
            p_afname = (0.7 if not uitval else 0.35) + 0.12 * q
            voor = na = rci = None
            if rng.random() < 0.4:  # a validated instrument (e.g. SDQ/CBCL T-scores) for 40%
                voor = Decimal(str(round(rng.gauss(66, 6), 1)))
                na = Decimal(str(round(float(voor) - rng.gauss(6 + 3 * q - (4 if uitval else 0), 7), 1)))
                voor, na = min(max(voor, Decimal(20)), Decimal(100)), min(max(na, Decimal(20)), Decimal(100))
                rci = services.rci(voor, na, Decimal("0.85"))
            uitgevraagd = rng.random() < 0.92
            respons = uitgevraagd and rng.random() < 0.55 + 0.12 * q - (0.2 if uitval else 0)
            metingen.append(
                {
                    "uuid": synthetic.seeded_uuid(rng),
                    "traject_id": r["pk"],
                    "client_id": r["client_id"],
                    "gemeente_id": r["gemeente_id"],
                    "aanbieder_id": r["aanbieder_id"],
                    "inkoopmodel_id": r["inkoopmodel_id"],
                    "product_id": r["product_id"],
                    "intensiteit_id": r["product__intensiteit_id"],
                    "toewijzing_id_bron": r["toewijzing_id"],
                    "gestart_op": r["gestart_op"],
                    "beeindigd_op": r["beeindigd_op"],
                    "duur_dagen": (r["beeindigd_op"] - r["gestart_op"]).days if r["gestart_op"] else None,
                    "reden_beeindiging": r["reden_beeindiging"],
                    "zonder_hulp_verder": rng.random() < p_zonder if rng.random() < 0.95 else None,
                    "nazorg_tot": services.nazorg_tot(r["beeindigd_op"]),
                    "probleem_afgenomen": (na < voor) if voor is not None else (rng.random() < p_afname),
                    "instrument": "SDQ (T-score)" if voor is not None else "",
                    "t_score_voor": voor,
                    "t_score_na": na,
                    "betrouwbaarheid": Decimal("0.850") if voor is not None else None,
                    "rci": rci,
                    "doelen_ja": g["ja"],
                    "doelen_deels": g["deels"],
                    "doelen_nee": g["nee"],
                    "doelen_behaald": doelen_totaal(g["ja"], g["deels"], g["nee"]) or "",
                    "tevredenheid_uitgevraagd": uitgevraagd,
                    "tevredenheid_score": _clip(rng.gauss(7.4 + 0.9 * q - (1.2 if uitval else 0), 1.3), 1, 10)
                    if respons
                    else None,
                    "extra_vraag_score": _clip(rng.gauss(3.8 + 0.5 * q, 0.8), 1, 5) if respons else None,
                    "is_synthetisch": True,
                }
            )
            if len(metingen) >= BATCH:  # plain rows a batch at a time: memory stays flat
                schrijven.dicts(Uitkomstmeting, metingen)
                gemaakt += len(metingen)
                metingen = []
        schrijven.dicts(Uitkomstmeting, metingen)
        gemaakt += len(metingen)
    samenvatting.bijwerken(alles=True)
    services.nieuwe_hulp_bepalen(op=today, door=policy.systeem_actor("demo"))

    # fictitious local ceilings for this year, around the forecast: some municipalities end up above
    gemeenten = list(
        Gemeente.objects.filter(regio__code=regio.regio_code if regio else "ijsselland").order_by("cbs_code")
    )
    prognose = budget.budget_prognose(gemeenten=gemeenten, jaar=today.year, peildatum=today)
    plafonds = []
    for g in gemeenten:
        basis = prognose[g.pk].prognose
        if basis <= 0:
            continue
        factor = Decimal(str(round(rng.uniform(0.9, 1.15), 3)))
        plafonds.append(
            Budgetplafond(
                gemeente=g,
                jaar=today.year,
                bedrag=(basis * factor).quantize(Decimal("1000")) or Decimal("1000"),
                toelichting="Fictief lokaal plafond (demo).",
                is_synthetisch=True,
            )
        )
    Budgetplafond.objects.bulk_create(plafonds, ignore_conflicts=True)
    sturing.signalen_verversen(op=today, door=policy.systeem_actor("demo"))
    return gemaakt
