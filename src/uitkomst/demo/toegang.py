"""Demo access data: turns part of the synthetic referrals into family plans with goals,
assignments and trajectories in every state, including legacy P×Q clients who kept their care
until the end or moved to the new model on a change (phased introduction).

Bulk inserts only, a chunk of referrals at a time (a 100,000-client region builds in about a
minute with flat memory); every row is flagged ``is_synthetisch``. Proportions and waiting times
are illustrative. The states are not written by hand: each assignment and trajectory is walked,
in memory, through the same django-fsm transitions the services use (``uitkomst.utils.overgangen``
with ``opslaan=False``), which set the status, the dates, the reason for ending and the history
rows; only then is the chunk inserted in bulk.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel, Kostensegment, Product, Tarief
from uitkomst.contractering import selectors as contractering
from uitkomst.contractering.models import Aanbieder
from uitkomst.declaraties.models import Volumeafspraak
from uitkomst.signalen import services as signaal_services
from uitkomst.signalen.models import Onderwerp, Signaal, Soort
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang.models import Client, Doel, Gezinsplan, Verwijzer, Verwijzing
from uitkomst.trajecten.codes import Doelrealisatie, RedenBeeindiging, RedenWeigering
from uitkomst.trajecten.models import (
    Doelstatus,
    Evaluatie,
    Onderaannemer,
    StapelingUitzondering,
    StatusWijziging,
    Toewijzing,
    ToewijzingHistorie,
    Traject,
)
from uitkomst.trajecten.services import VIER_OGEN_REDEN, signalen_acceptatie_controleren
from uitkomst.trajecten.workflow import Status
from uitkomst.uitkomsten.services import nazorg_tot
from uitkomst.utils import klok, overgangen
from uitkomst.utils.dates import add_months
from uitkomst.utils.db import verweesd

from . import schrijven, synthetic
from .regios import REGIOS, STANDAARD_REGIO

PLAN_SHARE = 0.85  # referrals that already have a plan
LEGACY_MOVED_SHARE = 0.45  # legacy clients that changed and moved to the new model
PXQ_UNITS_PER_MONTH = 6  # hours or day-parts per month a P×Q assignment is given (illustrative)
# Re-entry into youth care within the follow-up window of 3.2: a share per provider around 16%,
# lower for stronger providers, with some spread of its own (illustrative; aim 10-25%).
HERSTART_BASIS, HERSTART_KWALITEIT, HERSTART_SPREIDING = 0.16, 0.06, 0.025
DOELEN = [
    "Ouders en kind praten weer rustig met elkaar",
    "Het kind gaat weer elke dag naar school",
    "Ouders weten hoe zij grenzen stellen",
    "De jongere heeft een vaste dagbesteding",
    "Het gezin heeft overzicht over geld en afspraken",
    "Het kind kan omgaan met boosheid",
    "De jongere slaapt weer goed",
    "Er is een netwerk dat het gezin steunt",
    "Het kind leest op het niveau van de klas",
    "De situatie thuis is veilig en stabiel",
]
EIND_REDENEN = [("31", 70), ("32", 8), ("33", 4), ("34", 8), ("35", 4), ("38", 3), ("39", 3)]
BATCH = 5000
CHUNK = 2000  # referrals built, walked and written at a time (``_Bouw``)
# the tables the chunks write, whose secondary indexes are built once at the end (SQLite)
GESCHREVEN = (Gezinsplan, Doel, Toewijzing, Traject, StatusWijziging, ToewijzingHistorie, Evaluatie, Doelstatus)


def _insert(objs: list) -> None:
    """Plain tuples in batches (COPY on PostgreSQL), keys included when assigned (``schrijven``)."""
    schrijven.objecten(objs)


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _first_id(model) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequences() -> None:
    """Keys were assigned here: move PostgreSQL's sequences past them (a no-op on SQLite)."""
    schrijven.reeksen_bijwerken([Verwijzing, Gezinsplan, Doel, Toewijzing, Traject, Evaluatie])


def _weighted(rng, pairs):
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _trekker(pairs):
    """``_weighted`` for one list of pairs, with the sums worked out once: ``choices`` with weights
    adds them up itself and then draws exactly as with ``cum_weights``, so the draws are the same."""
    keys = [p for p, _ in pairs]
    cum = list(itertools.accumulate(w for _, w in pairs))
    return lambda rng: rng.choices(keys, cum_weights=cum)[0]


_eind_vroeg = _trekker(EIND_REDENEN[1:])  # the reason of an ending not according to plan


def _cleanup() -> None:
    """Remove synthetic access data, and data hanging on clients the demo has just removed."""
    orphan = Q(is_synthetisch=True) | verweesd(Client, "client_id")
    trajecten = Traject.objects.filter(orphan)
    Doelstatus.objects.filter(evaluatie__traject__in=trajecten).delete()
    Evaluatie.objects.filter(traject__in=trajecten).delete()
    StatusWijziging.objects.filter(traject__in=trajecten).delete()
    uuids = [str(u) for u in trajecten.values_list("uuid", flat=True)]
    for start in range(0, len(uuids), 900):
        Signaal.objects.filter(onderwerp_type=Onderwerp.TRAJECT, onderwerp_id__in=uuids[start : start + 900]).delete()
    Onderaannemer.objects.filter(traject__in=trajecten).delete()
    trajecten.delete()
    Toewijzing.objects.filter(orphan).update(vorige=None)
    ToewijzingHistorie.objects.filter(toewijzing__in=Toewijzing.objects.filter(orphan)).delete()
    Toewijzing.objects.filter(orphan).delete()
    StapelingUitzondering.objects.filter(verweesd(Client, "client_id")).delete()
    plannen = Gezinsplan.objects.filter(orphan)
    Doel.objects.filter(plan__in=plannen).delete()
    plannen.delete()


def pxq_eenheden(start: dt.date, end: dt.date) -> int:
    """The hours or day-parts a P×Q assignment is given for its whole term (illustrative): about
    ``PXQ_UNITS_PER_MONTH`` a month. The invoice phase records them as its volume agreement."""
    return PXQ_UNITS_PER_MONTH * max(1, round((end - start).days / 30.4))


def _tariffs() -> dict[int, list[Tarief]]:
    out = defaultdict(list)
    for t in Tarief.objects.order_by("geldig_van"):
        out[t.product_id].append(t)
    return out


def _tariff_on(tarieven: list[Tarief], day: dt.date) -> Tarief | None:
    for t in tarieven:
        if t.geldig_van <= day and (t.geldig_tot is None or day <= t.geldig_tot):
            return t
    return tarieven[-1] if tarieven else None


def _herstart_kansen(seed: int, kwaliteit: dict[int, float]) -> dict[int, float]:
    """Per provider, the chance that an ended trajectory is followed by new youth care in the window."""
    rng = random.Random(seed * 7919 + 13)
    return {
        pk: min(0.3, max(0.07, HERSTART_BASIS - HERSTART_KWALITEIT * q + rng.gauss(0, HERSTART_SPREIDING)))
        for pk, q in sorted(kwaliteit.items())
    }


class _Bouw:
    """The access demo, a chunk of referrals at a time: each chunk's plans, assignments,
    trajectories, history, evaluations and re-entries are built, walked through the transitions and
    written before the next chunk is read, so memory stays flat at any size (issue 13). Keys come
    from running counters, so rows of a chunk can refer to each other before they are written."""

    def __init__(self, *, seed: int, rng: random.Random, today: dt.date, regio):
        self.rng, self.today = rng, today
        self.products = {p.pk: p for p in Product.objects.select_related("intensiteit", "inkoopmodel")}
        self.tariffs = _tariffs()
        self.segments = defaultdict(list)
        for s in Kostensegment.objects.all():
            self.segments[s.inkoopmodel_id].append(s)
        self.providers = list(synthetic.jeugd_aanbieders())
        self._aanbieder = {a.pk: a for a in self.providers}
        self.new_model = Inkoopmodel.objects.filter(code=regio.model_code).first()
        self.contracted: dict[int, list[Aanbieder]] = {}
        for pid, product in self.products.items():
            if self.new_model and product.inkoopmodel.regio_id != self.new_model.regio_id:
                continue
            gecontracteerd = contractering.gecontracteerde_aanbieders(product=product, datum=today)
            self.contracted[pid] = sorted(gecontracteerd, key=lambda a: a.agb_code) or self.providers
        self.new_by_cell: dict[int, list[Product]] = {}
        if self.new_model:
            for p in self.products.values():
                if p.inkoopmodel_id == self.new_model.pk and p.profiel_id and p.intensiteit_id:
                    self.new_by_cell.setdefault(p.intensiteit.volgorde, []).append(p)
        self.lichtste = self.new_by_cell[min(self.new_by_cell)] if self.new_by_cell else []
        self.systeem = policy.systeem_actor("demo")
        self.kwaliteit = synthetic.aanbieder_kwaliteit(random.Random(seed + 6), [p.pk for p in self.providers])
        self.herstart = _herstart_kansen(seed, self.kwaliteit)
        standaard = [(Doelrealisatie.BEHAALD, 55), (Doelrealisatie.DEELS, 30), (Doelrealisatie.NIET, 15)]
        self.doelgewichten = defaultdict(lambda: standaard)  # goals met: more with a stronger provider
        for pk, q in self.kwaliteit.items():
            self.doelgewichten[pk] = [
                (Doelrealisatie.BEHAALD, 55 + 15 * q), (Doelrealisatie.DEELS, 30), (Doelrealisatie.NIET, 15 - 8 * q)
            ]  # fmt: skip
        self.volgend = {
            m: _first_id(m) for m in (Gezinsplan, Doel, Toewijzing, Traject, Verwijzing, Evaluatie)
        }  # the next key of each table
        self.n = 0  # assignments made (their number DT........)
        self.tz = timezone.get_current_timezone()  # looked up once: per row it costs more than the row
        self._momenten: dict[tuple[dt.date, int], dt.datetime] = {}
        self._redenen: dict[tuple[str, str], str] = {}
        self._doeltrekkers: dict[int, object] = {}
        # model instances through Django's positional constructor (``schrijven.maker``)
        self.toewijzing, self.traject = schrijven.maker(Toewijzing), schrijven.maker(Traject)
        self._toewijzing_veld = Traject._meta.get_field("toewijzing")

    def _koppel(self, tr: Traject, t: Toewijzing) -> None:
        self._toewijzing_veld.set_cached_value(tr, t)
        self._toewijzing_veld.remote_field.set_cached_value(t, tr)

    def moment(self, day: dt.date, uur: int) -> dt.datetime:
        """``day`` at ``uur`` o'clock in the current time zone (what ``timezone.make_aware`` gives)."""
        m = self._momenten.get((day, uur))
        if m is None:
            m = self._momenten[(day, uur)] = dt.datetime.combine(day, dt.time(uur), tzinfo=self.tz)
        return m

    def reden(self, reden: str, aanleiding: str) -> str:
        """The reason for ending as plain text (a lazily translated label is no ``str`` to the history row)."""
        tekst = self._redenen.get((reden, aanleiding))
        if tekst is None:
            tekst = self._redenen[(reden, aanleiding)] = str(Traject.historie_reden_beeindiging(reden, aanleiding))
        return tekst

    def _doeltrekker(self, aanbieder_id: int):
        """``_weighted`` over the provider's goal weights, the sums worked out once (the same draws)."""
        kies = self._doeltrekkers.get(aanbieder_id)
        if kies is None:
            kies = self._doeltrekkers[aanbieder_id] = _trekker(self.doelgewichten[aanbieder_id])
        return kies

    def _id(self, model) -> int:
        pk = self.volgend[model]
        self.volgend[model] = pk + 1
        return pk

    def _plan(self, plans: list, v: dict, inkoopmodel_id: int, product_id: int) -> int:
        pk = self._id(Gezinsplan)
        plans.append(
            {
                "id": pk,
                "uuid": synthetic.seeded_uuid(self.rng),
                "verwijzing_id": v["pk"],
                "client_id": v["client_id"],
                "gemeente_id": v["gemeente_id"],
                "inkoopmodel_id": inkoopmodel_id,
                "product_id": product_id,
                "motivering": "Profiel en intensiteit passen bij de doelen (synthetisch).",
                "aangemaakt_op": self.moment(v["datum"], 10),
                "is_synthetisch": True,
            }
        )
        plans[-1]["_doelen"] = self.rng.sample(DOELEN, self.rng.choice((1, 2, 2, 3)))
        return len(plans) - 1

    def _items(self, refs: list[dict], plans: list) -> list[dict]:
        """Per referral: its plan, and the assignment(s) it leads to (none for a fresh plan)."""
        rng, today, items = self.rng, self.today, []
        for v in refs:
            product = self.products[v["product_id"]]
            legacy = product.bekostiging == "inspanning"
            if not legacy and rng.random() > PLAN_SHARE:
                continue
            if legacy:
                start = v["datum"] + dt.timedelta(days=rng.randrange(7, 30))
                geldig_tot = product.inkoopmodel.geldig_tot
                if geldig_tot is None:  # long-term P×Q care: many still in care in the demo year
                    end = max(add_months(start, 6), today + dt.timedelta(days=rng.randrange(-330, 420)))
                else:
                    end = min(add_months(start, 12) - dt.timedelta(days=1), geldig_tot)
                moved = self.new_model is not None and geldig_tot is not None and rng.random() < LEGACY_MOVED_SHARE
                target = rng.choice(self.lichtste or [product]) if moved else None
                idx = self._plan(
                    plans, v, target.inkoopmodel_id if moved else v["inkoopmodel_id"], (target or product).pk
                )
                change = None
                if moved:
                    change = start + dt.timedelta(days=rng.randrange(60, max(61, (min(end, today) - start).days)))
                    change = min(change, end, today - dt.timedelta(days=1))
                items.append(
                    {
                        "plan": idx,
                        "v": v,
                        "product": product,
                        "start": start,
                        "end": end,
                        "legacy": True,
                        "change": change,
                    }
                )
                if moved:
                    new_start = change + dt.timedelta(days=1)
                    items.append(
                        {
                            "plan": idx,
                            "v": v,
                            "product": target,
                            "start": new_start,
                            "end": None,
                            "after": len(items) - 1,
                        }
                    )
                continue
            idx = self._plan(plans, v, v["inkoopmodel_id"], product.pk)
            if (today - v["datum"]).days < 4 and rng.random() < 0.5:
                continue  # a fresh plan, not yet assigned
            start = v["datum"] + dt.timedelta(days=rng.randrange(5, 40))  # may lie ahead: assigned, not yet started
            assigned = min(v["datum"] + dt.timedelta(days=rng.randrange(1, 6)), start, today)
            items.append({"plan": idx, "v": v, "product": product, "start": start, "end": None, "assigned": assigned})
        return items

    def chunk(self, refs: list[dict]) -> int:
        """Build, walk and write one chunk of referrals; the trajectories made."""
        rng, today, systeem = self.rng, self.today, self.systeem
        plans: list[dict] = []
        items = self._items(refs, plans)
        toewijzingen, trajecten, life, history, assignment_history, herverwijzingen = [], [], [], [], [], []
        k = 0
        while k < len(items):  # re-entries are appended while walking
            item = items[k]
            k += 1
            self.n += 1
            plan, v, product = plans[item["plan"]], item["v"], item["product"]
            start = item["start"]
            months = product.intensiteit.maximale_duur_maanden if product.intensiteit_id else 12
            end = item["end"] or add_months(start, months or 12) - dt.timedelta(days=1)
            tarief = _tariff_on(self.tariffs[product.pk], start)
            # the tariff on the start date, as ``trajecten.services.toewijzing_create`` sets it (for
            # P×Q the unit price: the units given are the volume agreement, ``pxq_eenheden``)
            budget = tarief.bedrag if tarief else 0
            segment = next(
                (
                    s
                    for s in self.segments[product.inkoopmodel_id]
                    if budget > s.ondergrens and (s.bovengrens is None or budget <= s.bovengrens)
                ),
                None,
            )
            aanbieder = rng.choice(self.contracted.get(product.pk) or self.providers)
            vorige = toewijzingen[item["after"]] if "after" in item else None
            if vorige is not None:
                aanbieder = self._aanbieder[vorige.aanbieder_id]
            state = _state(rng, item, start, end, today, segment, self.kwaliteit.get(aanbieder.pk, 0.0))
            assigned = item.get("assigned") or min(start, today)
            created = self.moment(assigned, 9)
            vier_ogen = bool(segment and segment.extra_controle)
            accepteren_voor = assigned + dt.timedelta(days=5)
            t = self.toewijzing(
                pk=self._id(Toewijzing),
                vorige_id=vorige.pk if vorige is not None else None,
                nummer=f"DT{self.n:08d}",
                plan_id=plan["id"],
                verwijzing_id=v["pk"],
                client_id=v["client_id"],
                gemeente_id=v["gemeente_id"],
                inkoopmodel_id=product.inkoopmodel_id,
                product_id=product.pk,
                aanbieder_id=aanbieder.pk,
                startdatum=start,
                einddatum=end,
                budget=budget,
                tarief_id=tarief.pk if tarief else None,
                kostensegment_id=segment.pk if segment else None,
                goedkeuring=Toewijzing.Goedkeuring.WACHT if vier_ogen else Toewijzing.Goedkeuring.NIET_NODIG,
                vrijgegeven_op=None if vier_ogen else created,
                accepteren_voor=None if vier_ogen else accepteren_voor,
                keuze_door_client=True,
                aangemaakt_op=created,
                is_synthetisch=True,
            )
            toewijzingen.append(t)
            tr = self.traject(
                pk=self._id(Traject),
                toewijzing_id=t.pk,
                client_id=v["client_id"],
                gemeente_id=v["gemeente_id"],
                inkoopmodel_id=product.inkoopmodel_id,
                product_id=product.pk,
                aanbieder_id=aanbieder.pk,
                zichtbaar_voor_aanbieder=not vier_ogen,
                stapeling_toegestaan=product.mag_stapelen,
                verwijsdatum=v["datum"],
                toegewezen_op=assigned,
                dagen_tot_toewijzing=max((assigned - v["datum"]).days, 0),
                tussenevaluatie_op=start + (end - start) / 2,
                eindevaluatie_op=end,
                is_synthetisch=True,
            )
            self._koppel(tr, t)  # both ends of the one-to-one, as ``Traject(toewijzing=t)`` sets them
            trajecten.append(tr)
            # The same transitions as the services, in memory: they set the status, every date, the
            # reason for ending and the history rows, so history and end reason cannot disagree.
            notitie = VIER_OGEN_REDEN if vier_ogen else ""
            assignment_history.append(
                overgangen.begin(t, door=systeem, notitie=notitie, historie={"op": created}, opslaan=False)
            )
            op = {"op": self.moment(assigned, 12)}
            history.append(overgangen.begin(tr, door=systeem, notitie=notitie, historie=op, opslaan=False))
            if vier_ogen and not state["wacht"]:
                assignment_history.append(
                    overgangen.overgaan(
                        t,
                        Toewijzing.Goedkeuring.GOEDGEKEURD,
                        door=systeem,
                        beoordelaar=systeem,
                        op=created,
                        accepteren_voor=accepteren_voor,
                        historie={"op": created},
                        opslaan=False,
                    )
                )
            for naar, day, args in state["stappen"]:
                tekst = self.reden(args["reden"], args.get("aanleiding", "")) if naar == Status.BEEINDIGD else ""
                op = {"op": self.moment(day, 12)}
                history.append(
                    overgangen.overgaan(tr, naar, door=systeem, notitie=tekst, historie=op, opslaan=False, **args)
                )
            state["status"] = tr.status
            state["laatste"] = state["stappen"][-1][1] if state["stappen"] else assigned
            state["doelen"] = plan["_doelen"]
            del state["stappen"]
            life.append(state)
            # Re-entry: some clients need youth care again within the follow-up window after the end.
            if tr.beeindigd_op and not item.get("change") and not item.get("herstart") and self.new_model:
                self._herstart(tr, item, v, product, plans, items, herverwijzingen)

        schrijven.dicts(Verwijzing, herverwijzingen)
        doelen = []
        for plan in plans:
            goals = plan.pop("_doelen")
            plan["_doel_ids"] = []
            for i, g in enumerate(goals, 1):
                pk = self._id(Doel)
                doelen.append({"id": pk, "plan_id": plan["id"], "volgorde": i, "omschrijving": g})
                plan["_doel_ids"].append(pk)
        doel_ids = {p["id"]: p.pop("_doel_ids") for p in plans}
        schrijven.dicts(Gezinsplan, plans)
        schrijven.dicts(Doel, doelen)
        del doelen
        _insert(toewijzingen)
        _insert(trajecten)
        _insert(assignment_history)
        _insert(history)
        del assignment_history, history
        self._evaluaties(trajecten, life, doel_ids)
        # An assignment and its trajectory refer to each other (the one-to-one's caches): a cycle that
        # only the cycle collector frees, rarely during the build (``_zuinige_gc``), so the written
        # chunks piled up. Dropping the caches lets them go as soon as the chunk is done.
        for obj in (*toewijzingen, *trajecten):
            obj._state.fields_cache.clear()
        return len(trajecten)

    def _herstart(self, tr, item, v, product, plans, items, herverwijzingen) -> None:
        rng, today = self.rng, self.today
        grens = min(nazorg_tot(tr.beeindigd_op), today)
        ruimte = (grens - tr.beeindigd_op).days
        if ruimte < 21 or rng.random() >= self.herstart[tr.aanbieder_id]:
            return
        nieuw_start = tr.beeindigd_op + dt.timedelta(days=rng.randrange(14, ruimte + 1))
        datum = max(tr.beeindigd_op + dt.timedelta(days=1), nieuw_start - dt.timedelta(days=rng.randrange(3, 12)))
        zwaarte = product.intensiteit.volgorde if product.intensiteit_id else -1
        cel = rng.choice(self.new_by_cell.get(zwaarte) or self.lichtste)
        ref = {
            "id": self._id(Verwijzing),
            "uuid": synthetic.seeded_uuid(rng),
            "client_id": v["client_id"],
            "gemeente_id": v["gemeente_id"],
            "verwijzer_type": v["verwijzer_type"],
            "verwijzer_code": v["verwijzer_code"],
            "verwijzer_naam": v["verwijzer_naam"],
            "datum": datum,
            "inkoopmodel_id": cel.inkoopmodel_id,
            "product_id": cel.pk,
            "is_synthetisch": True,
        }
        herverwijzingen.append(ref)
        nv = {**v, "pk": ref["id"], "datum": datum, "inkoopmodel_id": cel.inkoopmodel_id, "product_id": cel.pk}
        idx = self._plan(plans, nv, cel.inkoopmodel_id, cel.pk)
        items.append(
            {"plan": idx, "v": nv, "product": cel, "start": nieuw_start, "end": None, "herstart": True,
             "assigned": min(datum + dt.timedelta(days=1), nieuw_start, today)}
        )  # fmt: skip

    def _evaluaties(self, trajecten: list[Traject], life: list[dict], doel_ids: dict[int, list[int]]) -> None:
        """The chunk's evaluations with a status per goal, and the signals of declined assignments."""
        evaluaties, statuses, signalen = [], [], []
        for tr, state in zip(trajecten, life, strict=True):
            t = tr.toewijzing
            if state["status"] == Status.AFGEWEZEN:
                signalen.append(
                    {
                        "soort": Soort.AFWIJZING,
                        "sleutel": f"traject:{tr.uuid}",
                        "gemeente": tr.gemeente_id,
                        "aanbieder": tr.aanbieder_id,
                        "onderwerp_type": Onderwerp.TRAJECT,
                        "onderwerp_id": str(tr.uuid),
                        "titel": f"Toewijzing {t.nummer} geweigerd",
                        "omschrijving": f"Toewijzing {t.nummer} geweigerd: {RedenWeigering(state['weigering']).label}.",
                        "aangemaakt_op": self.moment(state["laatste"], 12),
                    }
                )
            dagen = []
            if state.get("tussen"):
                dagen.append((Evaluatie.Soort.TUSSENTIJDS, state["tussen"]))
            if tr.beeindigd_op:
                dagen.append((Evaluatie.Soort.EIND, tr.beeindigd_op))
            kies = self._doeltrekker(tr.aanbieder_id)
            for soort, datum in dagen:
                pk = self._id(Evaluatie)
                evaluaties.append({"id": pk, "traject_id": tr.pk, "soort": soort, "datum": datum})
                for goal in doel_ids[t.plan_id]:
                    statuses.append({"evaluatie_id": pk, "doel_id": goal, "status": kies(self.rng)})
        if signalen:
            signaal_services.signalen_create(rijen=signalen, door=self.systeem)
        schrijven.dicts(Evaluatie, evaluaties)
        schrijven.dicts(Doelstatus, statuses)


@transaction.atomic
def demo_trajecten_build(*, seed: int, regio=None) -> int:
    """Plans, assignments and trajectories for the synthetic referrals, with re-entries into care,
    a chunk of referrals at a time (``_Bouw``). Returns the trajectories made."""
    regio = regio or REGIOS[STANDAARD_REGIO]
    _cleanup()
    today = klok.vandaag()
    bouw = _Bouw(seed=seed, rng=random.Random(seed * 7919 + 4), today=today, regio=regio)
    if not bouw.providers:
        return 0
    refs = Verwijzing.objects.filter(is_synthetisch=True, product__isnull=False)
    hoogste = refs.aggregate(m=Max("pk"))["m"] or 0  # re-entries written on the way are not read again
    velden = ("pk", "client_id", "gemeente_id", "inkoopmodel_id", "product_id", "datum", "verwijzer_type",
              "verwijzer_code", "verwijzer_naam")  # fmt: skip
    gemaakt, vanaf = 0, 0
    with schrijven.indexen_uit(GESCHREVEN):  # the chunks only insert (the cleanup is done)
        while True:
            deel = list(refs.filter(pk__gt=vanaf, pk__lte=hoogste).order_by("pk").values(*velden)[:CHUNK])
            if not deel:
                break
            vanaf = deel[-1]["pk"]
            gemaakt += bouw.chunk(deel)
    _reset_sequences()
    signalen_acceptatie_controleren(op=today, door=bouw.systeem)
    return gemaakt


def _eindreden(rng, volgens_plan: bool, kwaliteit: float) -> str:
    """The JZ588 reason of an ending, drawn once. A weaker provider (quality factor <= -0.5) sees part
    of its planned endings end early instead (32/33), so its drop-out differs from the region."""
    if not volgens_plan:
        return _eind_vroeg(rng)
    if kwaliteit <= -0.5 and rng.random() < 0.18 * -kwaliteit:
        return rng.choice((RedenBeeindiging.DOOR_CLIENT, RedenBeeindiging.DOOR_AANBIEDER))
    return RedenBeeindiging.VOLGENS_PLAN


def _state(rng, item, start: dt.date, end: dt.date, today: dt.date, segment, kwaliteit: float = 0.0) -> dict:
    """A plausible life cycle for an assignment, given its dates (waiting times are illustrative).

    Only decides which steps happen when, with which reasons: ``stappen`` is a list of (target state,
    day, arguments of the model's transition). The trajectory's transitions then set every date, the
    reason for ending and the history row (see ``demo_trajecten_build``)."""
    assigned = item.get("assigned") or min(start, today)
    accept = assigned + dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 4, 6, 9)))
    begin = max(accept + dt.timedelta(days=rng.choice((0, 3, 7, 10, 14, 21, 35))), start)
    stappen: list[tuple[str, dt.date, dict]] = []
    state = {"wacht": False, "stappen": stappen}
    if item.get("change"):  # legacy client whose care changed: ended by the municipality (JZ588 36)
        stappen += [
            (Status.GEACCEPTEERD, assigned, {"datum": assigned}),
            (Status.GESTART, start, {"datum": start}),
            (
                Status.BEEINDIGD,
                item["change"],
                {
                    "datum": item["change"],
                    "reden": RedenBeeindiging.GEMEENTE,
                    "aanleiding": "Wijziging: over naar het nieuwe model.",
                },
            ),
        ]
        return state
    if item.get("legacy"):  # keep their P×Q care until its planned end (phased introduction)
        stappen += [(Status.GEACCEPTEERD, assigned, {"datum": assigned}), (Status.GESTART, start, {"datum": start})]
        if end > today:
            return state  # still in care
        closed = end + dt.timedelta(days=rng.randrange(3, 40))
        stappen.append((Status.BEEINDIGD, end, {"datum": end, "reden": _eindreden(rng, True, kwaliteit)}))
        if closed <= today:
            stappen.append((Status.AFGESLOTEN, closed, {"datum": closed}))
        return state
    if segment and segment.extra_controle and (today - assigned).days < 60 and rng.random() < 0.3:
        state["wacht"] = True  # expensive: waiting for a second person before the provider sees it
        return state
    if accept > today:
        return state  # still in the provider's inbox
    roll = rng.random()
    if roll < 0.02:
        state["weigering"] = reden = rng.choice(RedenWeigering.values)
        stappen.append((Status.AFGEWEZEN, accept, {"reden": reden}))
        return state
    if roll < 0.03:
        stappen.append((Status.INGETROKKEN, accept, {"reden": "Het gezin is verhuisd (synthetisch)."}))
        return state
    if roll < 0.04 and (today - assigned).days > 10:
        return state  # never accepted: becomes an overdue-acceptance signal
    stappen.append((Status.GEACCEPTEERD, accept, {"datum": accept}))
    if begin > today:
        return state
    stappen.append((Status.GESTART, begin, {"datum": begin}))
    halfway = start + (end - start) / 2
    if halfway <= today and rng.random() < 0.85:
        state["tussen"] = halfway
    # a stronger provider ends more trajectories as planned (quality factor in [-1, 1])
    stop = end if rng.random() < 0.7 + 0.1 * kwaliteit else begin + (end - begin) * rng.uniform(0.3, 0.9)
    if stop > today:
        return state
    stappen.append((Status.BEEINDIGD, stop, {"datum": stop, "reden": _eindreden(rng, stop == end, kwaliteit)}))
    closed = stop + dt.timedelta(days=rng.randrange(3, 40))
    if closed <= today:
        stappen.append((Status.AFGESLOTEN, closed, {"datum": closed}))
    return state


LEGACY_VOLUME = Decimal(80)  # units agreed for an imported legacy P×Q client


@transaction.atomic
def legacy_traject_create(
    *, client_bsn: str, gemeente, product: Product, aanbieder: Aanbieder, startdatum: dt.date = dt.date(2017, 9, 1)
) -> Traject:
    """Import one legacy P×Q client as it stood before the new model (a running trajectory)."""
    number = bsn_tools.normalise(client_bsn)
    client, _ = Client.objects.get_or_create(
        bsn_pseudoniem=bsn_tools.pseudonym(number),
        defaults={
            "bsn_versleuteld": bsn_tools.encrypt(number),
            "geboortedatum": dt.date(2010, 1, 1),
            "gemeente": gemeente,
        },
    )
    model = product.inkoopmodel
    verwijzing = Verwijzing.objects.create(
        client=client,
        gemeente=gemeente,
        verwijzer_type=Verwijzer.GEMEENTE,
        verwijzer_code=gemeente.cbs_code,
        datum=startdatum,
        inkoopmodel=model,
        product=product,
    )
    plan = Gezinsplan.objects.create(
        verwijzing=verwijzing,
        client=client,
        gemeente=gemeente,
        inkoopmodel=model,
        product=product,
        motivering="Overgang",
    )
    Doel.objects.create(plan=plan, volgorde=1, omschrijving="Voortzetting van de bestaande zorg")
    end = model.geldig_tot or add_months(startdatum, 12)
    tarief = _tariff_on(_tariffs()[product.pk], startdatum)
    t = Toewijzing.objects.create(
        nummer=f"LG{verwijzing.pk:08d}",
        plan=plan,
        verwijzing=verwijzing,
        client=client,
        gemeente=gemeente,
        inkoopmodel=model,
        product=product,
        aanbieder=aanbieder,
        startdatum=startdatum,
        einddatum=end,
        budget=tarief.bedrag if tarief else 0,  # a P×Q budget is the unit tariff (``toewijzing_create``)
        tarief=tarief,
        vrijgegeven_op=timezone.now(),
        keuze_door_client=True,
    )
    Volumeafspraak.objects.create(toewijzing=t, volume=LEGACY_VOLUME)  # the ceiling: 80 units as before
    traject = Traject.objects.create(
        toewijzing=t,
        client=client,
        gemeente=gemeente,
        inkoopmodel=model,
        product=product,
        aanbieder=aanbieder,
        zichtbaar_voor_aanbieder=True,
        verwijsdatum=startdatum,
        toegewezen_op=startdatum,
        tussenevaluatie_op=startdatum + (end - startdatum) / 2,
        eindevaluatie_op=end,
    )
    # As it stood: assigned, accepted and started on the start date, through the same transitions.
    reden = "Overgenomen uit de P×Q-periode"
    overgangen.begin(t, notitie=reden)
    overgangen.begin(traject, notitie=reden)
    overgangen.overgaan(
        traject, Status.GEACCEPTEERD, datum=startdatum, velden=["geaccepteerd_op", "dagen_tot_acceptatie"]
    )
    overgangen.overgaan(traject, Status.GESTART, datum=startdatum, velden=["gestart_op", "dagen_tot_start"])
    return traject
