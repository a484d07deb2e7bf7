"""Demo messages: the demo year's history through the real message adapters, so the message log of
``make run`` shows JW301, 305, 307, 315, 323 and 325 traffic and some messages still in the outbox.

Two parts, deterministic per seed:

- history: for a sample of the demo trajectories of the last twelve months, the JW301 is written
  from the assignment (the writer the services use), and the provider's JW305/JW307 are written as a
  provider would and received by the real reader: checked, logged and processed (the trajectory is
  in that state already, so processing records the start/stop and answers with a 306/308);
- requests: a few new GP referrals arrive as JW315, the demo's access actor assigns them (plan,
  product, provider) so the JW301 answers them, the provider starts (305), invoices the start
  installment (323, one prestatie with a wrong product code), gets the 325, and some end (307) and
  invoice the rest; one request is refused (319) and one is 'in onderzoek'.

Everything is flagged synthetic; the older outgoing messages are marked sent, the last ones wait in
the outbox. Dates in the log are the dates of the events they report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from django.db.models import Max
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.berichten import services as berichten
from uitkomst.berichten import voorbeeld
from uitkomst.berichten.models import Bericht, Gebeurtenis, Kanaal, Richting, Status, Verzoek
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.contractering import selectors as contractering
from uitkomst.declaraties.models import Declaratie, Declaratieregel
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang import services as toegang
from uitkomst.toegang.models import Client, Gezinsplan, Verwijzing
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import StatusWijziging, Toewijzing, Traject

from . import synthetic

MODEL_CODE = "ijsselland-jeugd-2018"
GESCHIEDENIS = 40  # trajectories whose history goes through the adapters
VERZOEKEN = 8  # new requests (JW315) handled end to end
IN_UITBAK = 6  # the newest outgoing messages stay unsent


def _cleanup() -> None:
    Bericht.objects.filter(is_synthetisch=True, richting=Richting.UIT).update(antwoord_op=None)
    Bericht.objects.filter(is_synthetisch=True).delete()


def _ontvang(data: bytes, door, op: dt.date | None = None) -> Bericht | None:
    r = berichten.bericht_ontvangen(data=data, door=door, kanaal=Kanaal.DEMO, is_synthetisch=True)
    if r.bericht is not None and op is not None:
        _op(r.bericht, op)
    return r.bericht


def _op(bericht: Bericht, op: dt.date) -> None:
    """Date the message (and its answers) on the day of the event it reports."""
    moment = timezone.make_aware(dt.datetime.combine(op, dt.time(10)))
    ids = [bericht.pk, *bericht.antwoorden.values_list("pk", flat=True)]
    Bericht.objects.filter(pk__in=ids).update(aangemaakt_op=moment)


def _geschiedenis(rng: random.Random, door, today: dt.date) -> int:
    jaar_geleden = today - dt.timedelta(days=365)
    kandidaten = list(
        Traject.objects.filter(
            is_synthetisch=True, toegewezen_op__gte=jaar_geleden, status__in=["gestart", "beeindigd", "afgesloten"]
        )
        .select_related(
            "toewijzing__product",
            "toewijzing__client",
            "toewijzing__gemeente",
            "toewijzing__aanbieder",
            "toewijzing__inkoopmodel",
        )
        .order_by("pk")[: GESCHIEDENIS * 5]
    )
    rng.shuffle(kandidaten)
    kandidaten = [t for t in kandidaten if t.toewijzing.product.bekostiging not in ("inspanning", "taak")]
    gekozen: list[tuple[Traject, Bericht]] = []
    while kandidaten and len(gekozen) < GESCHIEDENIS:  # the first GESCHIEDENIS that get a JW301
        deel, kandidaten = kandidaten[: GESCHIEDENIS - len(gekozen)], kandidaten[GESCHIEDENIS - len(gekozen) :]
        b301s = berichten.toewijzingen_versturen(toewijzingen=[t.toewijzing_id for t in deel], door=door)
        gekozen += [(t, b) for t, b in zip(deel, b301s, strict=True) if b is not None]
    for traject, b301 in gekozen:
        _op(b301, traject.toegewezen_op)
    # the providers' answers as a data hub delivers them: the starts, then the stops, each one batch
    # through the real reader (``berichten_ontvangen``: every message checked, logged and processed)
    starts = [(voorbeeld.start(t.toewijzing, t.gestart_op), t.gestart_op) for t, _ in gekozen if t.gestart_op]
    stops = [
        (voorbeeld.stop(t.toewijzing, t.gestart_op, t.beeindigd_op, reden=t.reden_beeindiging or "31"), t.beeindigd_op)
        for t, _ in gekozen
        if t.beeindigd_op and t.gestart_op
    ]
    for reeks in (starts, stops):
        ontvangen = berichten.berichten_ontvangen(
            [data for data, _ in reeks], door=door, kanaal=Kanaal.DEMO, is_synthetisch=True
        )
        for (_, op), r in zip(reeks, ontvangen, strict=True):
            if isinstance(r, Exception):
                raise r
            if r.bericht is not None:
                _op(r.bericht, op)
    return len(gekozen)


def _clienten(rng: random.Random, n: int, regio_code: str = "ijsselland") -> list[Client]:
    """Synthetic clients of the region without any trajectory: a GP referred them, and their
    provider now asks for the assignment (the demo adds no clients of its own)."""
    vrij = list(
        Client.objects.filter(is_synthetisch=True, gemeente__regio__code=regio_code, trajecten__isnull=True)
        .select_related("gemeente")
        .order_by("pk")[: n * 20]
    )
    rng.shuffle(vrij)
    return vrij[:n]


def _verzoeken(rng: random.Random, door, today: dt.date, model_code: str = MODEL_CODE) -> int:
    model = Inkoopmodel.objects.filter(code=model_code).first()
    if model is None:
        return 0
    producten = list(
        model.producten.filter(intensiteit__code="perspectief", profiel__code__in=["P01", "P02", "P04", "P12"])
    )
    if not producten:  # another region: the lightest intensity of its first profiles
        producten = list(
            model.producten.filter(intensiteit__isnull=False, profiel__isnull=False).order_by(
                "intensiteit__volgorde", "code"
            )[:4]
        )
    start0 = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=62)  # ~4 months ago
    gedaan = 0
    for i, client in enumerate(_clienten(rng, VERZOEKEN, model.regio.code)):
        bsn, gemeente = bsn_tools.decrypt(client.bsn_versleuteld), client.gemeente
        product = producten[i % len(producten)]
        start = start0 + dt.timedelta(days=rng.randrange(0, 20))
        aanbieders = list(
            contractering.gecontracteerde_aanbieders(product=product, datum=start).filter(is_synthetisch=True)[:5]
        )
        if not aanbieders:
            continue
        aanbieder = aanbieders[i % len(aanbieders)]
        einde = trajecten.maximale_einddatum(product, start)
        aanvraag = voorbeeld.Aanvraag(
            product=product,
            ingangsdatum=start,
            einddatum=einde,
            referentie=f"DEMO{i:02d}{bsn[-4:]}",
            verwijzer_code=f"0199{rng.randrange(1, 120):04d}",
        )
        data = voorbeeld.verzoek_toewijzing(
            gemeente=gemeente,
            aanbieder=aanbieder,
            bsn=bsn,
            geboortedatum=client.geboortedatum,
            aanvragen=[aanvraag],
            dagtekening=start - dt.timedelta(days=3),
        )
        b315 = _ontvang(data, door, start - dt.timedelta(days=3))
        verzoek = Verzoek.objects.filter(bericht=b315).first() if b315 else None
        if verzoek is None or verzoek.verwijzing is None:
            continue
        gedaan += 1
        Verwijzing.objects.filter(pk=verzoek.verwijzing_id).update(uuid=synthetic.seeded_uuid(rng))
        if i == VERZOEKEN - 1:
            berichten.verzoek_afwijzen(verzoek=verzoek, reden="4", door=door)  # does not fit the contract
            continue
        if i == VERZOEKEN - 2:
            berichten.verzoek_in_onderzoek(verzoek=verzoek, door=door)
            continue
        plan = toegang.gezinsplan_create(verwijzing=verzoek.verwijzing, doelen=["Rust en structuur thuis"], door=door)
        plan = toegang.gezinsplan_profiel_kiezen(
            plan=plan, product=product, motivering="Zoals verzocht door de aanbieder.", door=door
        )
        tw = trajecten.toewijzing_create(
            plan=plan, aanbieder=aanbieder, startdatum=start, einddatum=einde, keuze_door_client=True, door=door
        )
        if tw.vrijgegeven_op is None:
            continue
        begin = start + dt.timedelta(days=2)
        _ontvang(voorbeeld.start(tw, begin), door, begin)
        maand_eind = (begin.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        goed = voorbeeld.Levering(
            toewijzing=tw, van=tw.startdatum, tot=maand_eind, bedrag=None, referentie=f"D{i:02d}S{bsn[-4:]}"
        )
        termijn = voorbeeld.prestatie(goed)
        termijn = dataclasses.replace(
            termijn,
            ProductTarief=termijn.ProductTarief // 2,
            IngediendBedrag=dataclasses.replace(termijn.IngediendBedrag, Bedrag=termijn.ProductTarief // 2),
        )
        fout = dataclasses.replace(
            termijn,
            ProductReferentie=dataclasses.replace(termijn.ProductReferentie, ReferentieNummer=f"D{i:02d}F{bsn[-4:]}"),
            ProductCode="XX99X",
        )
        factuurdag = maand_eind + dt.timedelta(days=5)
        if factuurdag < today:
            data = voorbeeld.declaratie(
                aanbieder=aanbieder,
                gemeente=gemeente,
                van=maand_eind.replace(day=1),
                tot=maand_eind,
                leveringen=[goed, goed],
                prestaties=[termijn, fout],
            )
            _ontvang(data, door, factuurdag)
        eind = None
        if i % 2 == 0:
            eind = min(begin + dt.timedelta(days=rng.randrange(50, 90)), today - dt.timedelta(days=2))
            _ontvang(voorbeeld.stop(tw, begin, eind, reden="31"), door, eind)
        _dateer(rng, tw, start, begin, eind)
    return gedaan


def _moment(dag: dt.date, uur: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dag, dt.time(uur)))


def _dateer(rng: random.Random, tw: Toewijzing, start: dt.date, begin: dt.date, eind: dt.date | None) -> None:
    """Give what the services just created the dates of the story and seeded ids (deterministic demo)."""
    toegewezen = start - dt.timedelta(days=1)
    traject = Traject.objects.get(toewijzing=tw)
    op = {"toegewezen": toegewezen, "geaccepteerd": begin, "gestart": begin, "beeindigd": eind}
    for h in StatusWijziging.objects.filter(traject=traject):
        if op.get(h.naar):
            StatusWijziging.objects.filter(pk=h.pk).update(op=_moment(op[h.naar], 9 + len(h.naar) % 5))
    Traject.objects.filter(pk=traject.pk).update(
        uuid=synthetic.seeded_uuid(rng), toegewezen_op=toegewezen, geaccepteerd_op=begin, dagen_tot_acceptatie=1
    )
    Toewijzing.objects.filter(pk=tw.pk).update(uuid=synthetic.seeded_uuid(rng), aangemaakt_op=_moment(toegewezen))
    Gezinsplan.objects.filter(pk=tw.plan_id).update(uuid=synthetic.seeded_uuid(rng))
    Verwijzing.objects.filter(pk=tw.verwijzing_id).update(uuid=synthetic.seeded_uuid(rng))


def _versturen(door) -> None:
    """Mark the older outgoing messages sent; the newest wait in the outbox."""
    uit = list(
        Bericht.objects.filter(is_synthetisch=True, richting=Richting.UIT, status=Status.KLAAR)
        .order_by("-aangemaakt_op", "-pk")
        .values_list("pk", "aangemaakt_op")
    )
    verzenden = uit[IN_UITBAK:]
    nu = timezone.now()
    for start in range(0, len(verzenden), 500):
        deel = verzenden[start : start + 500]
        Bericht.objects.filter(pk__in=[pk for pk, _ in deel]).update(status=Status.VERZONDEN, verzonden_op=nu)
        Gebeurtenis.objects.bulk_create(
            Gebeurtenis(bericht_id=pk, status=Status.VERZONDEN, door=door, op=op, toelichting="Verzonden (demo).")
            for pk, op in deel
        )


def demo_berichten_build(*, seed: int, today: dt.date | None = None, regio=None) -> int:
    """(Re)build the demo's message log. Returns the number of messages in it."""
    today = today or timezone.localdate()
    rng = random.Random(seed + 11)
    _cleanup()
    door = policy.systeem_actor("demo")
    eerste = (Bericht.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    eerste_verzoek = (Verzoek.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    _geschiedenis(rng, door, today)
    eerste_tw = (Toewijzing.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    _verzoeken(rng, door, today, regio.model_code if regio else MODEL_CODE)
    Bericht.objects.filter(pk__gte=eerste).update(is_synthetisch=True)
    Verzoek.objects.filter(pk__gte=eerste_verzoek).update(is_synthetisch=True)
    nieuwe = Toewijzing.objects.filter(pk__gte=eerste_tw)
    Toewijzing.objects.filter(pk__in=nieuwe).update(is_synthetisch=True)
    Traject.objects.filter(toewijzing__in=nieuwe).update(is_synthetisch=True)
    Gezinsplan.objects.filter(toewijzingen__in=nieuwe).update(is_synthetisch=True)
    clienten = Verzoek.objects.filter(pk__gte=eerste_verzoek).values("client_id")
    Client.objects.filter(pk__in=clienten).update(is_synthetisch=True)
    Verwijzing.objects.filter(client_id__in=clienten).update(is_synthetisch=True)
    # the invoices of those assignments, as a plain id list: PostgreSQL plans the join-in-a-subquery
    # form badly on freshly loaded tables (30 s for a 20-client demo)
    regels = Declaratieregel.objects.filter(toewijzing_id__gte=eerste_tw)
    declaraties = set(regels.values_list("declaratie_id", flat=True))
    Declaratie.objects.filter(pk__in=declaraties).update(is_synthetisch=True)
    _versturen(door)
    return Bericht.objects.filter(is_synthetisch=True).count()
