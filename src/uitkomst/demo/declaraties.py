"""Demo invoices: monthly invoices per synthetic provider over the whole life of every trajectory,
across years, per its payment schedule and funding variant (trajectory installments, weekly
tariffs, arrangements, P×Q hours and day-parts of the legacy clients, lump-sum months), including
some refused lines (extra work, double claims, a period before the start, an end payment for a
running trajectory), approved lines and a payment run per municipality per month.

The lines are judged by the same rules as a real invoice (``declaraties.regels.beoordeel``) and
written month by month as plain tuples (``schrijven``), so memory stays flat: a month's lines are
judged, paid (one payment run per municipality for every month but the last) and written before
the next month is built.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Bekostigingsvorm, Inkoopmodel, Product
from uitkomst.contractering import selectors as contractering
from uitkomst.contractering import services as contractering_services
from uitkomst.declaraties import regels as r
from uitkomst.declaraties import services
from uitkomst.declaraties.models import (
    Betaalronde,
    Betaalspecificatie,
    Declaratie,
    Declaratieregel,
    Lumpsumafspraak,
    Regelstatus,
    Volumeafspraak,
)
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang.models import Client
from uitkomst.trajecten.models import Toewijzing
from uitkomst.utils import klok
from uitkomst.utils.db import verweesd

from . import schrijven, synthetic
from .toegang import pxq_eenheden

BATCH = 5000
FOUT_AANDEEL = 0.03  # illustrative share of lines a provider gets wrong
LUMPSUM_MODEL = "zwolle-wmo-dagbesteding-taakgericht"


def _cleanup() -> None:
    """Synthetic invoices, and lines whose assignment or client the demo has just removed."""
    weg = Q(declaratie__is_synthetisch=True)
    weg |= verweesd(Toewijzing, "toewijzing_id")
    weg |= verweesd(Client, "client_id")
    regels = Declaratieregel.objects.filter(weg)
    rondes = set(regels.exclude(betaalronde=None).values_list("betaalronde_id", flat=True))
    rondes |= set(Betaalronde.objects.filter(is_synthetisch=True).values_list("pk", flat=True))
    declaraties = set(regels.values_list("declaratie_id", flat=True))
    Declaratieregel.objects.filter(crediteert__in=regels).delete()
    regels.filter(crediteert__isnull=False).delete()
    regels.delete()
    Betaalspecificatie.objects.filter(betaalronde_id__in=rondes).delete()
    Declaratieregel.objects.filter(betaalronde_id__in=rondes).update(betaalronde=None, status=Regelstatus.GOEDGEKEURD)
    Betaalronde.objects.filter(pk__in=rondes).delete()
    Declaratie.objects.filter(Q(pk__in=declaraties) | Q(is_synthetisch=True)).filter(regels__isnull=True).delete()
    Lumpsumafspraak.objects.filter(is_synthetisch=True).delete()


def _maanden(eerste: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months from the one of ``eerste`` up to the last full month before today."""
    out = []
    start = eerste.replace(day=1)
    while start < today.replace(day=1):
        out.append((start, r.add_months(start, 1) - dt.timedelta(days=1)))
        start = r.add_months(start, 1)
    return out


def _lumpsums(rng: random.Random, start: dt.date) -> list[Lumpsumafspraak]:
    model = Inkoopmodel.objects.filter(code=LUMPSUM_MODEL).first()
    product = Product.objects.filter(inkoopmodel=model, bekostiging=Bekostigingsvorm.TAAK).first() if model else None
    if product is None:
        return []
    aanbieders = list(synthetic.jeugd_aanbieders()[:3])
    zwolle = Gemeente.objects.filter(cbs_code="0193").first()
    out = []
    for i, a in enumerate(aanbieders):
        if not contractering.is_gecontracteerd(aanbieder=a, product=product, datum=start):
            contractering_services.raamovereenkomst_create(
                aanbieder=a,
                inkoopmodel=model,
                producten=[product],
                ingangsdatum=max(model.geldig_van, start),
                initiele_looptijd_maanden=24,
                is_synthetisch=True,
                door=policy.systeem_actor("demo"),
            )
        afspraak = Lumpsumafspraak.objects.create(
            nummer=f"LSDEMO{i + 1:02d}",
            aanbieder=a,
            gemeente=zwolle,
            product=product,
            omschrijving=f"Basisvoorziening dagbesteding wijk {('Assendorp', 'Holtenbroek', 'Stadshagen')[i]}",
            jaarbedrag=Decimal(rng.choice(["410000.00", "385000.00", "436500.00"])),
            geldig_van=start,
            geldig_tot=r.add_months(start, 12) - dt.timedelta(days=1),
            is_synthetisch=True,
        )
        out.append(afspraak)
    return out


def _due(f: r.ToewijzingFeit, van: dt.date, tot: dt.date, dagen: dict) -> list[int]:
    """The installments of a fixed-price assignment that fall due in [van, tot]. The due day of each
    installment is worked out once per assignment (``dagen``, dropped when it ends)."""
    per = dagen.get(f.pk)
    if per is None:
        per = []
        for t in f.termijnen or r.termijnen_uit(None, standaard="start" if f.bekostiging == "arrangement" else "einde"):
            dag = {"start": f.gestart_op, "einde": f.beeindigd_op}.get(t.moment)
            if t.moment == "maandelijks":
                dag = r.add_months(f.gestart_op, t.nummer - 1)
            if dag:
                per.append((dag, t.nummer))
        dagen[f.pk] = per
    return [nummer for dag, nummer in per if van <= dag <= tot]


def _fout(rng, inv: r.Invoer, f: r.ToewijzingFeit) -> r.Invoer:
    """A plausible mistake: extra work, a period before the start, an end payment too early."""
    soort = rng.randrange(3)
    if soort == 0:  # 60% of what the assignment is worth (P×Q: its units at the unit price) plus 150
        waarde = f.budget * f.volume if f.bekostiging == Bekostigingsvorm.INSPANNING and f.volume else f.budget
        inv.bedrag = (waarde * Decimal("0.6")).quantize(r.CENT) + Decimal("150.00")
    elif soort == 1 and f.gestart_op:
        inv.begindatum = f.gestart_op - dt.timedelta(days=3)
    else:
        inv.termijn = 99
    return inv


def _lijnen(rng, f: r.ToewijzingFeit, van: dt.date, tot: dt.date, dagen: dict) -> list[r.Invoer]:
    einde = min(f.beeindigd_op or f.einddatum, f.einddatum)
    if f.gestart_op > tot or einde < van:
        return []
    lv, lt = max(van, f.gestart_op, f.startdatum), min(tot, einde)
    if f.bekostiging in r.VAST:
        regels = [r.Invoer(0, f.nummer, lv, lt, termijn=k) for k in _due(f, lv, lt, dagen)]
    elif f.bekostiging == Bekostigingsvorm.WEEK:
        regels = [r.Invoer(0, f.nummer, lv, lt)] if (lt - lv).days >= 6 else []
    elif f.bekostiging == Bekostigingsvorm.INSPANNING:  # hours or day-parts delivered this month
        regels = [r.Invoer(0, f.nummer, lv, lt, aantal=Decimal(rng.randint(3, 8)))]
    else:
        regels = []
    out = []
    for inv in regels:
        if rng.random() < FOUT_AANDEEL:
            inv = _fout(rng, inv, f)
        out.append(inv)
        if rng.random() < 0.004:  # a double claim in the same invoice
            out.append(r.Invoer(0, inv.referentie, inv.begindatum, inv.einddatum, termijn=inv.termijn))
    return out


@transaction.atomic
def demo_declaraties_build(*, seed: int, regio=None) -> dict:
    """Invoices over the life of every synthetic trajectory (see the module docstring)."""
    _cleanup()
    rng = random.Random(seed * 104729 + 5)
    today = klok.vandaag()
    lumpsums = _lumpsums(rng, r.add_months(today.replace(day=1), -12)) if regio is None or regio.lumpsum else []
    lumpsum_feiten = services.lumpsum_feiten(Lumpsumafspraak.objects.filter(pk__in=[a.pk for a in lumpsums]))

    gestart = Toewijzing.objects.filter(
        is_synthetisch=True, traject__gestart_op__isnull=False, traject__gestart_op__lt=today.replace(day=1)
    )
    # P×Q: the units given for the whole term (the budget is the unit price, as the service sets it)
    Volumeafspraak.objects.bulk_create(
        [
            Volumeafspraak(toewijzing_id=pk, volume=Decimal(pxq_eenheden(start, einde)))
            for pk, start, einde in gestart.filter(
                product__bekostiging=Bekostigingsvorm.INSPANNING, tarief__isnull=False
            ).values_list("pk", "startdatum", "einddatum")
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    # In start order; the facts are loaded a batch at a time as the months reach them, and dropped
    # once the assignment has ended, so memory stays flat (issue 13).
    per_start = sorted(gestart.values_list("traject__gestart_op", "pk"))
    eerste = per_start[0][0] if per_start else today
    maanden = _maanden(eerste, today)
    geladen: dict[int, r.ToewijzingFeit] = {}
    feiten: dict[str, r.ToewijzingFeit] = {}  # the running assignments, by number (what ``beoordel`` looks up)

    verbruik: dict = {}
    lopend: list[r.ToewijzingFeit] = []
    dagen: dict[int, list[tuple[dt.date, int]]] = {}  # the due days of the running fixed-price assignments
    volgende = 0
    first_d, first_ronde = schrijven.volgende_id(Declaratie), schrijven.volgende_id(Betaalronde)
    telling = {"declaraties": 0, "regels": 0, "afgewezen": 0, "betaalrondes": 0}
    # the months only insert (the cleanup is done): the secondary indexes are built once at the end
    with schrijven.indexen_uit([Declaratie, Declaratieregel, Betaalronde, Betaalspecificatie]):
        for m, (van, tot) in enumerate(maanden):
            while volgende < len(per_start) and per_start[volgende][0] <= tot:
                if per_start[volgende][1] not in geladen:
                    deel = [pk for _, pk in per_start[volgende : volgende + BATCH]]
                    geladen.update((f.pk, f) for f in services.toewijzing_feiten(deel).values())
                f = geladen.pop(per_start[volgende][1])
                lopend.append(f)
                feiten[f.nummer] = f
                volgende += 1
            nog = []
            for f in lopend:
                if min(f.beeindigd_op or f.einddatum, f.einddatum) >= van:
                    nog.append(f)
                else:  # ended: no more lines, so neither its facts nor its use are needed again
                    feiten.pop(f.nummer, None)
                    verbruik.pop(r.sleutel_toewijzing(f.pk), None)
                    dagen.pop(f.pk, None)
            lopend = nog
            invoer_per: dict[int, list[r.Invoer]] = defaultdict(list)
            for f in lopend:
                invoer_per[f.aanbieder_id].extend(_lijnen(rng, f, van, tot, dagen))
            for a in lumpsum_feiten.values():
                if a.geldig_van <= van and tot <= a.geldig_tot:
                    invoer_per[a.aanbieder_id].append(r.Invoer(0, a.nummer, van, tot))
            declaraties, regels = [], []
            for aanbieder_id in sorted(invoer_per):
                invoer = invoer_per[aanbieder_id]
                if not invoer:
                    continue
                for i, inv in enumerate(invoer, start=1):
                    inv.regelnummer = i
                uitkomsten = r.beoordeel(
                    aanbieder_id=aanbieder_id, begindatum=van, einddatum=tot, regels=invoer, toewijzingen=feiten,
                    lumpsums=lumpsum_feiten, credits={}, verbruik=verbruik, vandaag=today,
                )  # fmt: skip
                telling["declaraties"] += 1
                d = services.declaratie_object(
                    aanbieder_id, van, tot, uitkomsten, door=None, bron=Declaratie.Bron.DEMO,
                    pk=first_d + telling["declaraties"] - 1, nummer=f"DM{telling['declaraties']:07d}",
                    is_synthetisch=True,
                    ingediend_op=timezone.make_aware(dt.datetime.combine(tot + dt.timedelta(days=3), dt.time(9))),
                )  # fmt: skip
                declaraties.append(d)
                regels.extend(_regels(d, aanbieder_id, uitkomsten))
                telling["regels"] += len(uitkomsten)
                telling["afgewezen"] += d.aantal_afgewezen
            schrijven.objecten(declaraties)
            if m < len(maanden) - 1:  # finance approved and paid every month but the last: a run per municipality
                rondes, specificaties = _betalen(regels, first_ronde + telling["betaalrondes"], tot)
                telling["betaalrondes"] += len(rondes)
                schrijven.objecten(rondes)
                schrijven.dicts(Betaalspecificatie, specificaties)
            schrijven.dicts(Declaratieregel, regels)
    schrijven.reeksen_bijwerken([Declaratie, Declaratieregel, Betaalronde, Betaalspecificatie])
    return {**telling, "lumpsumafspraken": len(lumpsums)}


def _regels(declaratie: Declaratie, aanbieder_id: int, uitkomsten: list[r.Uitkomst]) -> list[dict]:
    """The invoice lines as plain rows: the fields of ``declaraties.services.regel_objecten`` without
    making model instances (a demo line has no credit)."""
    toegekend, afgewezen = Regelstatus.TOEGEKEND, Regelstatus.AFGEWEZEN
    return [
        {
            "declaratie_id": declaratie.pk,
            "regelnummer": u.invoer.regelnummer,
            "referentie": (u.invoer.referentie or u.invoer.crediteert)[:20],
            "toewijzing_id": u.toewijzing.pk if u.toewijzing else None,
            "lumpsumafspraak_id": u.lumpsum.pk if u.lumpsum else None,
            "aanbieder_id": aanbieder_id,
            "gemeente_id": u.gemeente_id,
            "client_id": u.client_id,
            "product_id": u.product_id,
            "bekostiging": u.bekostiging,
            "termijn": u.termijn,
            "begindatum": u.invoer.begindatum or declaratie.begindatum,
            "einddatum": u.invoer.einddatum or declaratie.einddatum,
            "aantal": u.aantal,
            "tarief": u.tarief,
            "bedrag": u.bedrag,
            "crediteert_id": None,
            "status": toegekend if u.toegekend else afgewezen,
            "redenen": u.redenen,
            # (the fields a payment run sets, ``_betalen``: every row has the same fields, read in one step)
            "goedgekeurd_op": None,
            "betaalronde_id": None,
        }
        for u in uitkomsten
    ]


def _betalen(regels: list[dict], eerste_pk: int, tot: dt.date):
    """One payment run per municipality for a month's accepted lines; the lines become paid."""
    totals = defaultdict(lambda: defaultdict(lambda: [r.NUL, r.NUL, 0]))
    per_gemeente = defaultdict(list)
    toegekend = Regelstatus.TOEGEKEND
    for line in regels:
        gemeente_id = line["gemeente_id"]
        if gemeente_id and line["status"] == toegekend:
            s = totals[gemeente_id][line["aanbieder_id"]]
            bedrag = line["bedrag"]
            s[0 if bedrag >= 0 else 1] += bedrag
            s[2] += 1
            per_gemeente[gemeente_id].append(line)
    rondes, specificaties = [], []
    op = timezone.make_aware(dt.datetime.combine(tot + dt.timedelta(days=20), dt.time(14)))
    for gemeente_id, per in sorted(totals.items()):
        ronde = Betaalronde(
            pk=eerste_pk + len(rondes),
            nummer=f"BRDEMO{eerste_pk + len(rondes):05d}",
            gemeente_id=gemeente_id,
            totaal=sum((s[0] + s[1] for s in per.values()), r.NUL),
            aantal_regels=sum(s[2] for s in per.values()),
            is_synthetisch=True,
            aangemaakt_op=op,
        )
        rondes.append(ronde)
        specificaties.extend(  # plain rows (``schrijven.dicts``): a model instance costs more than the row
            {"betaalronde_id": ronde.pk, "aanbieder_id": a, "debet": s[0], "credit": s[1], "totaal": s[0] + s[1],
             "aantal_regels": s[2]}
            for a, s in sorted(per.items())
        )  # fmt: skip
        betaald, ronde_pk = Regelstatus.BETAALD, ronde.pk
        for line in per_gemeente[gemeente_id]:
            line["status"], line["betaalronde_id"], line["goedgekeurd_op"] = betaald, ronde_pk, op
    return rondes, specificaties
