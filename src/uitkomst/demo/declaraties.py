"""Demo invoices: a year of monthly invoices per synthetic provider across every funding variant
(trajectory installments, weekly tariffs, arrangements, P×Q units, lump-sum months), including
some refused lines (extra work, double claims, a period before the start, an end payment for a
running trajectory), approved lines and a payment run per municipality per month.

The lines are judged by the same rules as a real invoice (``declaraties.regels.beoordeel``) and
stored with bulk inserts: a 100,000-client region builds in a minute or two.
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
from uitkomst.contractering.models import Aanbieder
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

BATCH = 5000
FOUT_AANDEEL = 0.03  # illustrative share of lines a provider gets wrong
LUMPSUM_MODEL = "zwolle-wmo-dagbesteding-taakgericht"


def _cleanup() -> None:
    """Synthetic invoices, and lines whose assignment or client the demo has just removed."""
    weg = Q(declaratie__is_synthetisch=True)
    weg |= Q(toewijzing__isnull=False) & ~Q(toewijzing_id__in=Toewijzing.objects.values("pk"))
    weg |= Q(client__isnull=False) & ~Q(client_id__in=Client.objects.values("pk"))
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


def _maanden(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The twelve calendar months before the current one."""
    eerste = today.replace(day=1)
    out = []
    for k in range(12, 0, -1):
        start = r.add_months(eerste, -k)
        out.append((start, r.add_months(start, 1) - dt.timedelta(days=1)))
    return out


def _lumpsums(rng: random.Random, start: dt.date) -> list[Lumpsumafspraak]:
    model = Inkoopmodel.objects.filter(code=LUMPSUM_MODEL).first()
    product = Product.objects.filter(inkoopmodel=model, bekostiging=Bekostigingsvorm.TAAK).first() if model else None
    if product is None:
        return []
    aanbieders = list(Aanbieder.objects.filter(is_synthetisch=True).order_by("agb_code")[:3])
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


def _due(f: r.ToewijzingFeit, van: dt.date, tot: dt.date) -> list[int]:
    """The installments of a fixed-price assignment that fall due in [van, tot]."""
    out = []
    for t in f.termijnen or r.termijnen_uit(None, standaard="start" if f.bekostiging == "arrangement" else "einde"):
        dag = {"start": f.gestart_op, "einde": f.beeindigd_op}.get(t.moment)
        if t.moment == "maandelijks":
            dag = r.add_months(f.gestart_op, t.nummer - 1)
        if dag and van <= dag <= tot:
            out.append(t.nummer)
    return out


def _fout(rng, inv: r.Invoer, f: r.ToewijzingFeit) -> r.Invoer:
    """A plausible mistake: extra work, a period before the start, an end payment too early."""
    soort = rng.randrange(3)
    if soort == 0:
        inv.bedrag = (f.budget * Decimal("0.6")).quantize(r.CENT) + Decimal("150.00")
    elif soort == 1 and f.gestart_op:
        inv.begindatum = f.gestart_op - dt.timedelta(days=3)
    else:
        inv.termijn = 99
    return inv


@transaction.atomic
def demo_declaraties_build(*, seed: int) -> dict:
    """A year of invoices for the synthetic region (see the module docstring)."""
    _cleanup()
    rng = random.Random(seed * 104729 + 5)
    today = klok.vandaag()
    maanden = _maanden(today)
    eerste, laatste = maanden[0][0], maanden[-1][1]
    lumpsums = _lumpsums(rng, eerste)
    lumpsum_feiten = services.lumpsum_feiten(Lumpsumafspraak.objects.filter(pk__in=[a.pk for a in lumpsums]))

    pks = list(
        Toewijzing.objects.filter(
            is_synthetisch=True,
            traject__gestart_op__isnull=False,
            traject__gestart_op__lte=laatste,
            einddatum__gte=eerste,
        ).values_list("pk", flat=True)
    )
    pxq = Toewijzing.objects.filter(pk__in=pks, product__bekostiging=Bekostigingsvorm.INSPANNING)
    Volumeafspraak.objects.bulk_create(
        [
            Volumeafspraak(toewijzing_id=pk, volume=Decimal(rng.choice([40, 60, 80])))
            for pk in pxq.values_list("pk", flat=True)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    feiten: dict[str, r.ToewijzingFeit] = {}
    for start in range(0, len(pks), BATCH):
        feiten.update(services.toewijzing_feiten(pks[start : start + BATCH]))
    per_aanbieder = defaultdict(list)
    for f in feiten.values():
        per_aanbieder[f.aanbieder_id].append(f)

    verbruik: dict = {}
    declaraties: list[Declaratie] = []
    uitkomsten_per: list[list[r.Uitkomst]] = []
    seq = 0
    for van, tot in maanden:
        for aanbieder_id in sorted(per_aanbieder):
            invoer: list[r.Invoer] = []
            for f in per_aanbieder[aanbieder_id]:
                einde = min(f.beeindigd_op or f.einddatum, f.einddatum)
                if f.gestart_op > tot or einde < van:
                    continue
                lv, lt = max(van, f.gestart_op, f.startdatum), min(tot, einde)
                if f.bekostiging in r.VAST:
                    regels = [r.Invoer(0, f.nummer, lv, lt, termijn=k) for k in _due(f, lv, lt)]
                elif f.bekostiging == Bekostigingsvorm.WEEK:
                    regels = [r.Invoer(0, f.nummer, lv, lt)]
                elif f.bekostiging == Bekostigingsvorm.INSPANNING:
                    regels = [r.Invoer(0, f.nummer, lv, lt, aantal=Decimal(rng.randint(2, 7)))]
                else:
                    regels = []
                for inv in regels:
                    if rng.random() < FOUT_AANDEEL:
                        inv = _fout(rng, inv, f)
                    invoer.append(inv)
                    if rng.random() < 0.004:  # a double claim in the same invoice
                        invoer.append(r.Invoer(0, inv.referentie, inv.begindatum, inv.einddatum, termijn=inv.termijn))
            for a in lumpsum_feiten.values():
                if a.aanbieder_id == aanbieder_id:
                    invoer.append(r.Invoer(0, a.nummer, max(van, a.geldig_van), min(tot, a.geldig_tot)))
            if not invoer:
                continue
            for i, inv in enumerate(invoer, start=1):
                inv.regelnummer = i
            uitkomsten = r.beoordeel(
                aanbieder_id=aanbieder_id,
                begindatum=van,
                einddatum=tot,
                regels=invoer,
                toewijzingen=feiten,
                lumpsums=lumpsum_feiten,
                credits={},
                verbruik=verbruik,
                vandaag=today,
            )
            seq += 1
            toegekend = sum((u.bedrag for u in uitkomsten if u.toegekend), r.NUL)
            afgewezen = sum((u.bedrag for u in uitkomsten if not u.toegekend), r.NUL)
            declaraties.append(
                Declaratie(
                    nummer=f"DM{seq:07d}",
                    aanbieder_id=aanbieder_id,
                    begindatum=van,
                    einddatum=tot,
                    totaal_ingediend=toegekend + afgewezen,
                    totaal_toegekend=toegekend,
                    totaal_afgewezen=afgewezen,
                    aantal_regels=len(uitkomsten),
                    aantal_afgewezen=sum(1 for u in uitkomsten if not u.toegekend),
                    bron=Declaratie.Bron.DEMO,
                    is_synthetisch=True,
                    ingediend_op=timezone.make_aware(dt.datetime.combine(tot + dt.timedelta(days=3), dt.time(9))),
                )
            )
            uitkomsten_per.append(uitkomsten)
    Declaratie.objects.bulk_create(declaraties, batch_size=1000)
    lines: list[Declaratieregel] = []
    for d, uitkomsten in zip(declaraties, uitkomsten_per, strict=True):
        lines.extend(services.regel_objecten(d, d.aanbieder_id, uitkomsten))
        if len(lines) >= BATCH:
            Declaratieregel.objects.bulk_create(lines, batch_size=BATCH)
            lines = []
    Declaratieregel.objects.bulk_create(lines, batch_size=BATCH)

    # Finance approved and paid every month except the last one: one payment run per municipality.
    rondes = 0
    for van, tot in maanden[:-1]:
        maand = Declaratieregel.objects.filter(
            declaratie__is_synthetisch=True, declaratie__begindatum=van, status=Regelstatus.TOEGEKEND
        )
        totals = defaultdict(lambda: defaultdict(lambda: [r.NUL, r.NUL, 0]))
        for gemeente_id, aanbieder_id, bedrag in maand.values_list("gemeente_id", "aanbieder_id", "bedrag"):
            s = totals[gemeente_id][aanbieder_id]
            s[0 if bedrag >= 0 else 1] += bedrag
            s[2] += 1
        for gemeente_id, per in sorted(totals.items()):
            rondes += 1
            ronde = Betaalronde.objects.create(
                nummer=f"BRDEMO{rondes:05d}",
                gemeente_id=gemeente_id,
                totaal=sum((s[0] + s[1] for s in per.values()), r.NUL),
                aantal_regels=sum(s[2] for s in per.values()),
                is_synthetisch=True,
                aangemaakt_op=timezone.make_aware(dt.datetime.combine(tot + dt.timedelta(days=20), dt.time(14))),
            )
            Betaalspecificatie.objects.bulk_create(
                Betaalspecificatie(
                    betaalronde=ronde, aanbieder_id=a, debet=s[0], credit=s[1], totaal=s[0] + s[1], aantal_regels=s[2]
                )
                for a, s in per.items()
            )
            maand.filter(gemeente_id=gemeente_id).update(
                status=Regelstatus.BETAALD, betaalronde=ronde, goedgekeurd_op=ronde.aangemaakt_op
            )
    return {
        "declaraties": len(declaraties),
        "regels": sum(len(u) for u in uitkomsten_per),
        "afgewezen": sum(1 for us in uitkomsten_per for u in us if not u.toegekend),
        "betaalrondes": rondes,
        "lumpsumafspraken": len(lumpsums),
    }
