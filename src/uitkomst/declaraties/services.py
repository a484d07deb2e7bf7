"""Writes for invoices: submit (with partial acceptance), credit, approve or refuse lines, payment
runs, and the agreements the rules need (P×Q volume, lump sums, the early-ending rule).

Every function validates first, raises a DomainError with a code and a Dutch message, and saves
nothing when it refuses. Submitting locks the assignments (``select_for_update``) the invoice names,
in primary-key order, before it reads what was already claimed: two invoices for one trajectory at
the same moment are judged one after the other, so together they never exceed the budget.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import uuid as uuidlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import CharField, Max, Q, Sum, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.catalogus.models import (
    HULPMIDDEL_CATEGORIEEN,
    Bekostigingsvorm,
    Betaalschema,
    Betaaltermijn,
    Product,
    Tarief,
)
from uitkomst.contractering import selectors as contractering
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.trajecten.models import Toewijzing
from uitkomst.utils import grenzen, klok, rijen
from uitkomst.utils.errors import Conflict, ProblemCollector, ValidationFailed

from . import regels as r
from .models import (
    TELT,
    Beeindigingsregel,
    Betaalronde,
    Betaalspecificatie,
    Declaratie,
    Declaratieregel,
    Lumpsumafspraak,
    Regelstatus,
    Volumeafspraak,
)
from .uploads import lees_bestand

# --- facts for the rules -------------------------------------------------------------------------


def schema_termijnen(schema_ids: Iterable[int]) -> dict[int, list[r.Termijn]]:
    rows = defaultdict(list)
    schema_ids = set(schema_ids)
    if not schema_ids:  # most products have no payment schedule: no query to build
        return {}
    for bt in Betaaltermijn.objects.filter(betaalschema_id__in=schema_ids).order_by("betaalschema_id", "volgorde"):
        rows[bt.betaalschema_id].append((bt.moment, bt.aandeel, bt.aantal))
    return {pk: r.termijnen_uit(rows_) for pk, rows_ in rows.items()}


def toewijzing_feiten(pks: Iterable[int]) -> dict[str, r.ToewijzingFeit]:
    """Facts of these assignments, keyed by number, in a handful of queries (no per-row queries)."""
    pks = list(set(pks))
    if not pks:
        return {}
    rows = list(  # (named tuples: a dict per row cost more than reading the row)
        Toewijzing.objects.filter(pk__in=pks).values_list(
            "pk", "nummer", "aanbieder_id", "client__gemeente_id", "client_id", "product_id", "product__code",
            "product__bekostiging", "product__betaalschema_id", "product__productcategorie", "startdatum",
            "einddatum", "budget",
            "traject__status", "traject__zichtbaar_voor_aanbieder", "traject__gestart_op", "traject__beeindigd_op",
            "traject__reden_beeindiging",
            named=True,
        )
    )  # fmt: skip
    schemas = schema_termijnen(x.product__betaalschema_id for x in rows if x.product__betaalschema_id)
    regels = (
        {b.betaalschema_id: b for b in Beeindigingsregel.objects.filter(betaalschema_id__in=list(schemas))}
        if schemas
        else {}
    )
    volumes = dict(Volumeafspraak.objects.filter(toewijzing__pk__in=pks).values_list("toewijzing_id", "volume"))
    pxq = {x.product_id for x in rows if x.product__bekostiging == Bekostigingsvorm.INSPANNING}
    prijzen = defaultdict(list)
    for t in Tarief.objects.filter(product_id__in=pxq).order_by("geldig_van") if pxq else ():
        prijzen[t.product_id].append((t.geldig_van, t.geldig_tot, t.bedrag))
    out = {}
    for x in rows:
        regel = regels.get(x.product__betaalschema_id)
        out[x.nummer] = r.ToewijzingFeit(
            pk=x.pk,
            nummer=x.nummer,
            aanbieder_id=x.aanbieder_id,
            gemeente_id=x.client__gemeente_id,
            client_id=x.client_id,
            product_id=x.product_id,
            product_code=x.product__code,
            bekostiging=x.product__bekostiging,
            startdatum=x.startdatum,
            einddatum=x.einddatum,
            budget=x.budget,
            status=x.traject__status or "toegewezen",
            zichtbaar=bool(x.traject__zichtbaar_voor_aanbieder),
            gestart_op=x.traject__gestart_op,
            beeindigd_op=x.traject__beeindigd_op,
            reden_beeindiging=x.traject__reden_beeindiging or "",
            termijnen=schemas.get(x.product__betaalschema_id, []),
            regel=regel.regel if regel else Beeindigingsregel.Regel.PRO_RATA,
            regel_aandeel=regel.aandeel if regel else None,
            volume=volumes.get(x.pk),
            prijzen=prijzen.get(x.product_id, []),
            hulpmiddel=x.product__productcategorie in HULPMIDDEL_CATEGORIEEN
            and x.product__bekostiging in (Bekostigingsvorm.PERIODE, Bekostigingsvorm.STUK),
        )
    return out


def lumpsum_feiten(afspraken: Iterable[Lumpsumafspraak]) -> dict[str, r.LumpsumFeit]:
    afspraken = list(afspraken)
    schemas = schema_termijnen(a.product.betaalschema_id for a in afspraken if a.product.betaalschema_id)
    return {
        a.nummer: r.LumpsumFeit(
            pk=a.pk,
            nummer=a.nummer,
            aanbieder_id=a.aanbieder_id,
            gemeente_id=a.gemeente_id,
            product_id=a.product_id,
            jaarbedrag=a.jaarbedrag,
            geldig_van=a.geldig_van,
            geldig_tot=a.geldig_tot,
            termijnen=schemas.get(a.product.betaalschema_id) or r.termijnen_uit(None, standaard="maandelijks"),
        )
        for a in afspraken
    }


def verbruik_van(*, toewijzing_ids: Iterable[int] = (), lumpsum_ids: Iterable[int] = ()) -> dict:
    """What counted lines already claimed per assignment/agreement (credits release what they credit)."""

    toewijzing_ids, lumpsum_ids = list(set(toewijzing_ids)), list(set(lumpsum_ids))
    if not toewijzing_ids and not lumpsum_ids:
        return {}
    # (as tuples: every counted line of the assignments is read, a dict per row cost more than the
    # rest; ``toewijzing__pk__in`` is the same column without the related lookup's per-value work)
    rows = list(
        Declaratieregel.objects.filter(
            Q(toewijzing__pk__in=toewijzing_ids) | Q(lumpsumafspraak__pk__in=lumpsum_ids), status__in=TELT
        ).values_list("pk", "toewijzing_id", "lumpsumafspraak_id", "termijn", "begindatum", "einddatum", "aantal",
                      "bedrag", "crediteert_id")
    )  # fmt: skip
    gecrediteerd = {x[8] for x in rows if x[8]}
    out: dict = {}
    for pk, toewijzing_id, lumpsum_id, termijn, begindatum, einddatum, aantal, bedrag, crediteert_id in rows:
        key = r.sleutel_toewijzing(toewijzing_id) if toewijzing_id else r.sleutel_lumpsum(lumpsum_id)
        v = out.get(key)
        if v is None:
            v = out[key] = r.Verbruik()
        v.bedrag += bedrag
        v.eenheden += aantal or r.NUL if toewijzing_id else r.NUL
        if crediteert_id or pk in gecrediteerd:
            continue
        if termijn is not None:
            v.termijnen.add(termijn)
        v.perioden.append((begindatum, einddatum, pk))
    return out


def _credit_feiten(refs: list[str]) -> dict[str, r.CreditFeit]:
    if not refs:
        return {}
    uuids, pairs = [], []
    for ref in refs:
        try:
            uuids.append(uuidlib.UUID(ref))
        except ValueError:
            nummer, _, regel = ref.rpartition("-")
            if nummer and regel.isdigit():
                pairs.append((nummer, int(regel)))
    q = Q(uuid__in=uuids)
    for nummer, regel in pairs:
        q |= Q(declaratie__nummer=nummer, regelnummer=regel)
    lines = list(Declaratieregel.objects.filter(q).select_related("declaratie"))
    gecrediteerd = set(
        Declaratieregel.objects.filter(crediteert__in=lines, status__in=TELT).values_list("crediteert_id", flat=True)
    )
    out = {}
    for x in lines:
        feit = r.CreditFeit(
            pk=x.pk,
            kenmerk=x.kenmerk,
            aanbieder_id=x.aanbieder_id,
            status=x.status,
            is_credit=x.crediteert_id is not None,
            al_gecrediteerd=x.pk in gecrediteerd,
            bedrag=x.bedrag,
            aantal=x.aantal,
            tarief=x.tarief,
            termijn=x.termijn,
            begindatum=x.begindatum,
            einddatum=x.einddatum,
            toewijzing_id=x.toewijzing_id,
            lumpsum_id=x.lumpsumafspraak_id,
            gemeente_id=x.gemeente_id,
            client_id=x.client_id,
            product_id=x.product_id,
            bekostiging=x.bekostiging,
        )
        out[str(x.uuid)] = feit
        out[x.kenmerk] = feit
    return out


# --- submitting -----------------------------------------------------------------------------------


def invoer_uit(regel, nummer: int) -> r.Invoer:
    if isinstance(regel, r.Invoer):
        return regel
    d = dict(regel)
    return r.Invoer(
        regelnummer=int(d.get("regelnummer") or nummer),
        referentie=str(d.get("toewijzingnummer") or d.get("referentie") or d.get("lumpsumnummer") or "").strip(),
        begindatum=d.get("begindatum"),
        einddatum=d.get("einddatum"),
        termijn=d.get("termijn"),
        aantal=d.get("aantal"),
        tarief=d.get("tarief"),
        bedrag=d.get("bedrag"),
        crediteert=str(d.get("crediteert") or "").strip(),
    )


def _kop_problemen(begindatum, einddatum, invoer: list[r.Invoer], vandaag: dt.date) -> ProblemCollector:
    problems = ProblemCollector()
    if begindatum is None or einddatum is None:
        problems.add("periode_ontbreekt", "Geef de declaratieperiode (van en tot en met).", "begindatum")
    elif einddatum < begindatum:
        problems.add("periode_ongeldig", "De declaratieperiode eindigt vóór het begin.", "einddatum")
    elif einddatum > vandaag:
        problems.add(
            "periode_toekomst", f"De declaratieperiode loopt tot {r.datum(einddatum)}, na vandaag.", "einddatum"
        )
    if not invoer:
        problems.add("geen_regels", "Een declaratie heeft minstens één regel.", "regels")
    nummers = [i.regelnummer for i in invoer]
    if len(set(nummers)) != len(nummers):
        problems.add("regelnummer_dubbel", "Ieder regelnummer komt één keer voor.", "regels")
    for i in invoer:  # the columns' limits: a value that does not fit is refused here, not by the database
        _regel_grenzen(problems, i)
    return problems


def _regel_grenzen(problems: ProblemCollector, i: r.Invoer) -> None:
    veld = f"regels[{i.regelnummer}]"
    if not isinstance(i.regelnummer, int) or i.regelnummer < 1:
        problems.add("getal_buiten_bereik", f"Regelnummer '{i.regelnummer}' moet een positief geheel getal zijn.", veld)
    else:
        grenzen.past(problems, Declaratieregel, "regelnummer", i.regelnummer, veld=veld)
    for naam in ("referentie", "termijn", "aantal", "tarief", "bedrag"):
        grenzen.past(problems, Declaratieregel, naam, getattr(i, naam), veld=veld)
    if len(i.crediteert or "") > 40:
        problems.add("te_lang", "De te crediteren regel is te lang: een UUID of een kenmerk als D00000012-3.", veld)
    if i.begindatum and i.einddatum and i.einddatum < i.begindatum:
        problems.add(
            "regel_periode_omgekeerd",
            f"Regel {i.regelnummer}: de einddatum {r.datum(i.einddatum)} ligt vóór de begindatum "
            f"{r.datum(i.begindatum)}.",
            veld,
        )


@transaction.atomic
def declaratie_indienen(
    *,
    aanbieder: Aanbieder,
    begindatum: dt.date,
    einddatum: dt.date,
    regels: list,
    door,
    totaal: Decimal | None = None,
    bron: str = Declaratie.Bron.FORMULIER,
) -> Declaratie:
    """Submit an invoice. Every line is judged; refused lines are stored with all their reasons and
    the valid ones are accepted (partial acceptance). A total that does not match the lines, an
    invalid period or no lines refuse the whole invoice. (The one-invoice case of ``Indiening``.)"""
    indiening = Indiening(door=door, bron=bron)
    declaratie = indiening.indienen(
        aanbieder=aanbieder, begindatum=begindatum, einddatum=einddatum, regels=regels, totaal=totaal
    )
    indiening.opslaan()
    return declaratie


def _indienen(*, aanbieder, begindatum, einddatum, regels, door, totaal=None, bron=Declaratie.Bron.FORMULIER):
    """``declaratie_indienen`` without the permission check (the scheduled lump-sum installments)."""
    indiening = Indiening(door=door, bron=bron)
    declaratie = indiening.beoordelen(
        aanbieder_id=aanbieder.pk, begindatum=begindatum, einddatum=einddatum, regels=regels, totaal=totaal
    )
    indiening.opslaan()
    return declaratie


class Overlap(Exception):  # noqa: N818 - a signal to the caller, not a refusal
    """This invoice touches an assignment, agreement or credited line that an earlier invoice of the
    same ``Indiening`` touched and that is not written yet: write them (``opslaan``), then submit it
    again (in a new ``Indiening``), so that it is judged on what the earlier one claimed."""


class Indiening:
    """Many invoices judged by the rules of ``declaratie_indienen`` and written together: the
    set-based form of submitting (``declaratie_indienen`` is its one-invoice case, so there is one
    home for the invoice rules: ``_kop_problemen``, ``regels.beoordeel`` and the total).

    ``lezen`` locks (in primary-key order) and reads, in a fixed number of statements, what the
    lines of many invoices need: the assignments and lump-sum agreements they name, the lines they
    credit, and what was already claimed on them; ``indienen`` (``beoordelen`` without the
    permission check) judges one invoice on a copy of those facts, reading first what was not read
    yet, and keeps the invoice and its lines in memory; ``opslaan`` writes all of them (three
    statements). The facts are those of the moment of reading: an invoice that touches what an
    earlier, unwritten invoice of the same ``Indiening`` touched raises ``Overlap`` (nothing kept),
    and the caller writes first and submits it again. A refused invoice (``DomainError``) leaves
    nothing behind, as alone."""

    def __init__(self, *, door, bron: str = Declaratie.Bron.FORMULIER) -> None:
        self.door, self.bron = door, bron
        self.vandaag = klok.vandaag()
        self.nieuw: list[tuple[Declaratie, list[Declaratieregel], set]] = []  # with what each touched
        self.bezet: set[tuple] = set()  # what the unwritten invoices touched
        self._vergeten()

    def _vergeten(self) -> None:
        """Forget what was read (after writing, it is no longer what the database holds)."""
        self.gelezen_refs: set[str] = set()
        self.gelezen_credits: set[str] = set()
        self.credits: dict[str, r.CreditFeit] = {}
        self.toewijzingen: dict[int, r.ToewijzingFeit] = {}  # by pk
        self.nummers: dict[str, int] = {}  # assignment number -> pk
        self.lumpsums: dict[str, r.LumpsumFeit] = {}
        self.verbruik: dict = {}
        self.gelezen_ids: set[tuple[str, int]] = set()  # whose consumption was read

    # -- reading --------------------------------------------------------------------------------

    def lezen(self, *, referenties: Iterable[str] = (), crediteert: Iterable[str] = ()) -> None:
        """Lock and read what lines naming these assignment/agreement numbers and crediting these
        lines (UUID or kenmerk) need; what was read already is not read again."""
        refs = {x for x in referenties if x} - self.gelezen_refs
        crediteert = sorted({x for x in crediteert if x} - self.gelezen_credits)
        if not refs and not crediteert:
            return
        self.gelezen_refs |= refs
        self.gelezen_credits |= set(crediteert)
        credits = _credit_feiten(crediteert)
        # Lock the assignments (and lump-sum agreements) these invoices touch, always in pk order.
        # (found and locked in one statement: the assignments by number and those of the credited lines)
        gecrediteerde = {c.toewijzing_id for c in credits.values() if c.toewijzing_id}
        toewijzing_ids = (
            set(
                Toewijzing.objects.select_for_update()
                .filter(Q(nummer__in=refs) | Q(pk__in=gecrediteerde))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if refs or gecrediteerde
            else set()
        )
        afspraken = (
            list(
                Lumpsumafspraak.objects.select_for_update()
                .filter(nummer__in=refs)
                .order_by("pk")
                .select_related("product")
            )
            if refs
            else []
        )
        lumpsum_ids = {a.pk for a in afspraken} | {c.lumpsum_id for c in credits.values() if c.lumpsum_id}
        if lumpsum_ids - {a.pk for a in afspraken}:
            list(
                Lumpsumafspraak.objects.select_for_update().filter(pk__in=lumpsum_ids).order_by("pk").values_list("pk")
            )
        if credits:  # re-read after the lock: a concurrent credit of the same line is seen now
            credits = _credit_feiten(crediteert)
        self.credits.update(credits)
        nieuwe_ids = toewijzing_ids - {k for s, k in self.gelezen_ids if s == "t"}
        for f in toewijzing_feiten(nieuwe_ids).values():
            self.toewijzingen[f.pk] = f
            self.nummers[f.nummer] = f.pk
        self.lumpsums.update(lumpsum_feiten(a for a in afspraken if a.nummer not in self.lumpsums))
        nieuwe_lumpsums = lumpsum_ids - {k for s, k in self.gelezen_ids if s == "l"}
        self.verbruik.update(verbruik_van(toewijzing_ids=nieuwe_ids, lumpsum_ids=nieuwe_lumpsums))
        self.gelezen_ids |= {r.sleutel_toewijzing(pk) for pk in nieuwe_ids}
        self.gelezen_ids |= {r.sleutel_lumpsum(pk) for pk in nieuwe_lumpsums}

    # -- judging ----------------------------------------------------------------------------------

    def indienen(
        self, *, aanbieder: Aanbieder, begindatum: dt.date, einddatum: dt.date, regels: list, totaal=None, door=None
    ) -> Declaratie:
        """As ``declaratie_indienen``: the invoice (not yet written) or a ``DomainError``. ``door``:
        who submits this one (by default the ``Indiening``'s)."""
        door = door or self.door
        policy.vereis(door, "declaraties.declaratie_indienen", aanbieder)
        if aanbieder is None:
            raise ValidationFailed("Kies de aanbieder die declareert.", code="aanbieder_ontbreekt", field="aanbieder")
        return self.beoordelen(
            aanbieder_id=aanbieder.pk, begindatum=begindatum, einddatum=einddatum, regels=regels, totaal=totaal,
            door=door,
        )  # fmt: skip

    def beoordelen(
        self, *, aanbieder_id: int, begindatum, einddatum, regels: list, totaal=None, door=None
    ) -> Declaratie:
        invoer = [invoer_uit(x, n) for n, x in enumerate(regels, start=1)]
        _kop_problemen(begindatum, einddatum, invoer, self.vandaag).raise_if_any()
        refs = {i.referentie for i in invoer if not i.crediteert and i.referentie}
        crediteert = {i.crediteert for i in invoer if i.crediteert}
        self.lezen(referenties=refs, crediteert=crediteert)
        if self.bezet and any(c not in self.credits for c in crediteert):
            raise Overlap("Een te crediteren regel kan in een nog niet opgeslagen declaratie staan.")
        # this invoice's share of the facts, as declaratie_indienen alone reads them (copies: the
        # rules book accepted lines into the consumption and mark credited lines)
        kopieen: dict[int, r.CreditFeit] = {}
        credits = {c: kopieen.setdefault(id(self.credits[c]), dataclasses.replace(self.credits[c]))
                   for c in crediteert if c in self.credits}  # fmt: skip
        toewijzing_ids = {self.nummers[x] for x in refs if x in self.nummers}
        toewijzing_ids |= {c.toewijzing_id for c in credits.values() if c.toewijzing_id}
        afspraken = {x: self.lumpsums[x] for x in refs if x in self.lumpsums}
        lumpsum_ids = {a.pk for a in afspraken.values()} | {c.lumpsum_id for c in credits.values() if c.lumpsum_id}
        sleutels = {r.sleutel_toewijzing(pk) for pk in toewijzing_ids} | {r.sleutel_lumpsum(pk) for pk in lumpsum_ids}
        sleutels |= {("regel", c.pk) for c in credits.values()}
        if sleutels & self.bezet:
            raise Overlap("Deze declaratie raakt wat een nog niet opgeslagen declaratie al raakte.")
        uitkomsten = r.beoordeel(
            aanbieder_id=aanbieder_id,
            begindatum=begindatum,
            einddatum=einddatum,
            regels=invoer,
            toewijzingen={
                self.toewijzingen[pk].nummer: self.toewijzingen[pk] for pk in toewijzing_ids if pk in self.toewijzingen
            },  # fmt: skip
            lumpsums=afspraken,
            credits=credits,
            verbruik={k: _verbruik_kopie(self.verbruik[k]) for k in sleutels if k in self.verbruik},
            vandaag=self.vandaag,
        )
        som = sum((u.bedrag for u in uitkomsten), r.NUL)
        if totaal is not None and totaal != som:
            raise ValidationFailed(
                f"Het totaal van de declaratie ({r.euro(totaal)}) is niet gelijk aan de som van de regels "
                f"({r.euro(som)}).",
                code="totaal_klopt_niet",
                field="totaal",
            )
        declaratie = declaratie_object(aanbieder_id, begindatum, einddatum, uitkomsten, door=door or self.door,
                                        bron=self.bron)  # fmt: skip
        self.nieuw.append((declaratie, regel_objecten(declaratie, aanbieder_id, uitkomsten), sleutels))
        self.bezet |= sleutels
        return declaratie

    def regels_van(self, declaratie: Declaratie) -> list[Declaratieregel]:
        """The lines of an invoice of this ``Indiening`` (written or not), in line order."""
        for d, regels, _ in self.nieuw:
            if d is declaratie:
                return regels
        raise KeyError(declaratie)

    def terug(self, aantal: int) -> None:
        """Forget the invoices after the first ``aantal`` (not written: the caller refused them)."""
        del self.nieuw[aantal:]
        self.bezet = {k for d, _, sleutels in self.nieuw if d.pk is None for k in sleutels}

    # -- writing ----------------------------------------------------------------------------------

    def opslaan(self) -> list[Declaratie]:
        """Write the invoices and their lines (three statements); each gets its number ``D00000042``."""
        nieuw = [x for x in self.nieuw if x[0].pk is None]
        if not nieuw:
            return []
        declaraties = [d for d, *_ in nieuw]
        rijen.invoegen(declaraties)  # (``bulk_create`` without its per-field compiling)
        pks = [d.pk for d in declaraties]
        if max(pks) < 10**8:  # the number is the primary key: set in one statement
            Declaratie.objects.filter(pk__in=pks).update(
                nummer=Concat(Value("D"), LPad(Cast("pk", CharField()), 8, Value("0")), output_field=CharField())
            )
            for d in declaraties:
                d.nummer = f"D{d.pk:08d}"
        else:
            for d in declaraties:
                d.nummer = f"D{d.pk:08d}"
                d.save(update_fields=["nummer"])
        rijen.invoegen([x for _, regels, _ in nieuw for x in regels])
        self.bezet = set()
        self._vergeten()
        return declaraties


def _verbruik_kopie(v: r.Verbruik) -> r.Verbruik:
    return dataclasses.replace(v, termijnen=set(v.termijnen), perioden=list(v.perioden))


def declaratie_object(aanbieder_id, begindatum, einddatum, uitkomsten, *, door, bron, **velden) -> Declaratie:
    """The (unsaved) invoice of judged lines with its totals and counts; ``velden`` set other fields
    (the demo builder's own keys and numbers)."""
    toegekend = sum((u.bedrag for u in uitkomsten if u.toegekend), r.NUL)
    afgewezen = sum((u.bedrag for u in uitkomsten if not u.toegekend), r.NUL)
    velden.setdefault("nummer", uuidlib.uuid4().hex[:12])  # until it is written: then D + its primary key
    return Declaratie(
        aanbieder_id=aanbieder_id,
        begindatum=begindatum,
        einddatum=einddatum,
        totaal_ingediend=toegekend + afgewezen,
        totaal_toegekend=toegekend,
        totaal_afgewezen=afgewezen,
        aantal_regels=len(uitkomsten),
        aantal_afgewezen=sum(1 for u in uitkomsten if not u.toegekend),
        bron=bron,
        ingediend_door=door,
        **velden,
    )


# The fields ``regel_objecten`` gives a line, in this order; the other fields get their default and
# the invoice is set through its descriptor.
_REGEL_VELDEN = (
    "regelnummer", "referentie", "toewijzing_id", "lumpsumafspraak_id", "aanbieder_id", "gemeente_id", "client_id",
    "product_id", "bekostiging", "termijn", "begindatum", "einddatum", "aantal", "tarief", "bedrag",
    "crediteert_id", "status", "redenen",
)  # fmt: skip


@functools.cache
def _regel_volgorde() -> tuple[Callable, tuple[Callable, ...]]:
    """How ``regel_objecten`` puts a line's values in the order of ``Declaratieregel``'s fields:
    (an ``itemgetter`` over the given values followed by the defaults, the fields' ``get_default``
    of the fields not given: called per line, as ``Declaratieregel(**velden)`` does)."""
    velden = Declaratieregel._meta.concrete_fields
    plek = {naam: i for i, naam in enumerate(_REGEL_VELDEN)}
    standaard = [f for f in velden if f.attname not in plek]
    if len(plek) + len(standaard) != len(velden):
        raise LookupError(f"Declaratieregel has no field {sorted(set(plek) - {f.attname for f in velden})}")
    plek.update({f.attname: len(_REGEL_VELDEN) + i for i, f in enumerate(standaard)})
    return operator.itemgetter(*(plek[f.attname] for f in velden)), tuple(f.get_default for f in standaard)


def regel_objecten(declaratie: Declaratie, aanbieder_id: int, uitkomsten: list[r.Uitkomst]) -> list[Declaratieregel]:
    """The (unsaved) lines of the judged outcomes, as ``Declaratieregel(declaratie=..., **velden)``
    gives them, made through the positional path of ``Model.__init__`` (the one ``from_db`` takes;
    the keyword path looks every field up in the keywords and cost twice as much per line)."""
    kies, standaard = _regel_volgorde()
    regels = []
    for u in uitkomsten:
        inv, c = u.invoer, u.credit
        regel = Declaratieregel(
            *kies(
                (
                    inv.regelnummer,
                    (inv.referentie or inv.crediteert)[:20],
                    u.toewijzing.pk if u.toewijzing else (c.toewijzing_id if c else None),
                    u.lumpsum.pk if u.lumpsum else (c.lumpsum_id if c else None),
                    aanbieder_id,
                    u.gemeente_id,
                    u.client_id,
                    u.product_id,
                    u.bekostiging,
                    u.termijn,
                    c.begindatum if c else (inv.begindatum or declaratie.begindatum),
                    c.einddatum if c else (inv.einddatum or declaratie.einddatum),
                    u.aantal,
                    u.tarief,
                    u.bedrag,
                    c.pk if c else None,
                    Regelstatus.TOEGEKEND if u.toegekend else Regelstatus.AFGEWEZEN,
                    u.redenen,
                    *[default() for default in standaard],
                )
            )
        )
        regel.declaratie = declaratie
        regels.append(regel)
    return regels


@transaction.atomic
def declaratie_uploaden(
    *, aanbieder: Aanbieder, begindatum: dt.date, einddatum: dt.date, bestandsnaam: str, inhoud: bytes, door
) -> Declaratie:
    """An invoice from a CSV or Excel file; a malformed file is refused whole (see ``uploads``)."""
    policy.vereis(door, "declaraties.declaratie_indienen", aanbieder)
    regels = lees_bestand(naam=bestandsnaam, inhoud=inhoud, vandaag=klok.vandaag())
    return declaratie_indienen(
        aanbieder=aanbieder, begindatum=begindatum, einddatum=einddatum, regels=regels, door=door,
        bron=Declaratie.Bron.UPLOAD,
    )  # fmt: skip


@transaction.atomic
def regel_crediteren(*, regel: Declaratieregel, door) -> Declaratie:
    """Correct an accepted line: a new invoice with one credit line that references it."""
    policy.vereis(door, "declaraties.regel_crediteren", regel)
    return declaratie_indienen(
        aanbieder=regel.aanbieder,
        begindatum=regel.begindatum,
        einddatum=regel.einddatum,
        regels=[r.Invoer(regelnummer=1, crediteert=str(regel.uuid))],
        door=door,
    )


# --- municipal finance ----------------------------------------------------------------------------


@transaction.atomic
def regels_goedkeuren(*, regels: Iterable[Declaratieregel], door) -> int:
    """Finance approves accepted lines its municipality pays; they go into the next payment run."""
    policy.vereis(door, "declaraties.regel_beoordelen")
    pks = [x.pk for x in regels]
    lines = list(Declaratieregel.objects.select_for_update().filter(pk__in=pks).select_related("declaratie"))
    problems = ProblemCollector()
    for x in lines:
        policy.vereis(door, "declaraties.regel_beoordelen", x)
        if x.status != Regelstatus.TOEGEKEND:
            problems.add("niet_toegekend", f"Regel {x.kenmerk} is {x.get_status_display()}: niet goed te keuren.")
    if not lines:
        problems.add("geen_regels", "Kies minstens één regel.")
    problems.raise_if_any()
    return Declaratieregel.objects.filter(pk__in=[x.pk for x in lines]).update(
        status=Regelstatus.GOEDGEKEURD, goedgekeurd_door=door, goedgekeurd_op=timezone.now()
    )


@transaction.atomic
def goedkeuring_intrekken(*, regel: Declaratieregel, door) -> Declaratieregel:
    """Finance undoes the approval of a line that is not yet in a payment run: it waits for approval
    again. Once paid (in a payment run) the approval stands; a correction is then a credit line."""
    regel = Declaratieregel.objects.select_for_update().select_related("declaratie").get(pk=regel.pk)
    policy.vereis(door, "declaraties.regel_beoordelen", regel)
    if regel.status == Regelstatus.BETAALD or regel.betaalronde_id is not None:
        raise Conflict(
            f"Regel {regel.kenmerk} zit al in een betaalronde: de goedkeuring is niet meer in te trekken; "
            "corrigeer met een creditregel.",
            code="al_betaald",
        )
    if regel.status != Regelstatus.GOEDGEKEURD:
        raise Conflict(
            f"Regel {regel.kenmerk} is {regel.get_status_display()}: er is geen goedkeuring om in te trekken.",
            code="niet_goedgekeurd",
        )
    Declaratieregel.objects.filter(pk=regel.pk).update(
        status=Regelstatus.TOEGEKEND, goedgekeurd_door=None, goedgekeurd_op=None
    )
    regel.refresh_from_db()
    return regel


@transaction.atomic
def regel_afkeuren(*, regel: Declaratieregel, reden: str, door) -> Declaratieregel:
    """Finance refuses an accepted line after all (e.g. after an audit), with a reason."""
    regel = Declaratieregel.objects.select_for_update().select_related("declaratie").get(pk=regel.pk)
    policy.vereis(door, "declaraties.regel_beoordelen", regel)
    problems = ProblemCollector()
    if not (reden or "").strip():
        problems.add("reden_ontbreekt", "Geef de reden van de afwijzing.", "reden")
    if regel.status not in (Regelstatus.TOEGEKEND, Regelstatus.GOEDGEKEURD):
        problems.add("niet_af_te_keuren", f"Regel {regel.kenmerk} is {regel.get_status_display()}.")
    if regel.creditregels.filter(status__in=TELT).exists():
        problems.add("al_gecrediteerd", f"Regel {regel.kenmerk} is al gecrediteerd.")
    problems.raise_if_any()
    redenen = [*regel.redenen, {"code": "afgekeurd_door_gemeente", "melding": reden.strip(), "retourcode": ""}]
    Declaratieregel.objects.filter(pk=regel.pk).update(status=Regelstatus.AFGEWEZEN, redenen=redenen)
    d = regel.declaratie
    Declaratie.objects.filter(pk=d.pk).update(
        totaal_toegekend=d.totaal_toegekend - regel.bedrag,
        totaal_afgewezen=d.totaal_afgewezen + regel.bedrag,
        aantal_afgewezen=d.aantal_afgewezen + 1,
    )
    regel.refresh_from_db()
    return regel


@transaction.atomic
def betaalronde_maken(*, door, gemeente: Gemeente | None = None, is_synthetisch: bool = False) -> Betaalronde:
    """All approved, unpaid lines of the municipality, grouped per provider into one statement each."""
    policy.vereis(door, "declaraties.betaalronde_maken")
    gemeente = gemeente or door.gemeente
    if gemeente is None:
        raise ValidationFailed("Kies de gemeente van de betaalronde.", code="gemeente_ontbreekt", field="gemeente")
    policy.vereis(door, "declaraties.betaalronde_maken", gemeente)
    Gemeente.objects.select_for_update().get(pk=gemeente.pk)  # one payment run per municipality at a time
    qs = Declaratieregel.objects.filter(gemeente=gemeente, status=Regelstatus.GOEDGEKEURD, betaalronde__isnull=True)
    pks = list(qs.select_for_update().values_list("pk", flat=True))
    if not pks:
        raise ValidationFailed("Er zijn geen goedgekeurde regels om te betalen.", code="geen_regels")
    per = defaultdict(lambda: {"debet": r.NUL, "credit": r.NUL, "n": 0})
    for aanbieder_id, bedrag in Declaratieregel.objects.filter(pk__in=pks).values_list("aanbieder_id", "bedrag"):
        s = per[aanbieder_id]
        s["debet" if bedrag >= 0 else "credit"] += bedrag
        s["n"] += 1
    totaal = sum((s["debet"] + s["credit"] for s in per.values()), r.NUL)
    ronde = Betaalronde.objects.create(
        nummer=uuidlib.uuid4().hex[:20],
        gemeente=gemeente,
        totaal=totaal,
        aantal_regels=len(pks),
        aangemaakt_door=door,
        is_synthetisch=is_synthetisch,
    )
    ronde.nummer = f"BR{ronde.pk:06d}"
    ronde.save(update_fields=["nummer"])
    Betaalspecificatie.objects.bulk_create(
        Betaalspecificatie(
            betaalronde=ronde,
            aanbieder_id=a,
            debet=s["debet"],
            credit=s["credit"],
            totaal=s["debet"] + s["credit"],
            aantal_regels=s["n"],
        )
        for a, s in per.items()
    )
    Declaratieregel.objects.filter(pk__in=pks).update(status=Regelstatus.BETAALD, betaalronde=ronde)
    return ronde


# --- agreements the rules need --------------------------------------------------------------------


@transaction.atomic
def volume_vastleggen(*, toewijzing: Toewijzing, volume: Decimal, door) -> Volumeafspraak:
    """The assigned volume of a P×Q assignment (set by the municipality's access)."""
    toewijzing = Toewijzing.objects.select_for_update().select_related("product").get(pk=toewijzing.pk)
    policy.vereis(door, "declaraties.volume_vastleggen", toewijzing)
    problems = ProblemCollector()
    if toewijzing.product.bekostiging != Bekostigingsvorm.INSPANNING:
        problems.add("geen_pxq", "Alleen een inspanningsgerichte (P×Q) toewijzing heeft een volume.", "toewijzing")
    if volume is None or volume <= 0:
        problems.add("volume_ongeldig", "Het volume moet groter dan nul zijn.", "volume")
    else:
        gebruikt = verbruik_van(toewijzing_ids=[toewijzing.pk]).get(r.sleutel_toewijzing(toewijzing.pk))
        if gebruikt and gebruikt.eenheden > volume:
            problems.add("volume_onder_gebruik", f"Er zijn al {gebruikt.eenheden} eenheden gedeclareerd.", "volume")
    problems.raise_if_any()
    afspraak, _ = Volumeafspraak.objects.update_or_create(
        toewijzing=toewijzing, defaults={"volume": volume, "vastgelegd_door": door, "vastgelegd_op": timezone.now()}
    )
    return afspraak


@transaction.atomic
def beeindigingsregel_vastleggen(
    *, betaalschema: Betaalschema, regel: str, door, aandeel: Decimal | None = None
) -> Beeindigingsregel:
    """The model's rule for a trajectory that ends early: pro rata or a fixed share."""
    policy.vereis(door, "catalogus.beeindigingsregel_vastleggen", betaalschema)
    problems = ProblemCollector()
    if regel not in Beeindigingsregel.Regel.values:
        problems.add("regel_onbekend", f"Onbekende regel '{regel}'.", "regel")
    if regel == Beeindigingsregel.Regel.VAST_AANDEEL and (aandeel is None or not (0 < aandeel <= 1)):
        problems.add("aandeel_ongeldig", "Een vast aandeel ligt tussen 0 en 1.", "aandeel")
    problems.raise_if_any()
    obj, _ = Beeindigingsregel.objects.update_or_create(
        betaalschema=betaalschema,
        defaults={"regel": regel, "aandeel": aandeel if regel == Beeindigingsregel.Regel.VAST_AANDEEL else None},
    )
    return obj


@transaction.atomic
def lumpsumafspraak_maken(
    *, aanbieder: Aanbieder, gemeente: Gemeente, product: Product, jaarbedrag: Decimal, geldig_van: dt.date, door,
    omschrijving: str = "", is_synthetisch: bool = False,
) -> Lumpsumafspraak:  # fmt: skip
    """A yearly lump sum for a contracted party (task-based funding), paid per the product's schedule."""
    policy.vereis(door, "declaraties.lumpsum_afspreken", gemeente)
    problems = ProblemCollector()
    if product.bekostiging != Bekostigingsvorm.TAAK:
        problems.add("geen_taakgericht_product", f"{product.code} is geen taakgericht (lumpsum) product.", "product")
    if jaarbedrag is None or jaarbedrag <= 0:
        problems.add("bedrag_ongeldig", "Het jaarbedrag moet groter dan nul zijn.", "jaarbedrag")
    if geldig_van is None:
        problems.add("datum_ontbreekt", "Geef de ingangsdatum.", "geldig_van")
    elif not contractering.is_gecontracteerd(aanbieder=aanbieder, product=product, datum=geldig_van):
        problems.add(
            "niet_gecontracteerd", f"{aanbieder.naam} heeft op {r.datum(geldig_van)} geen contract voor {product.code}."
        )
    problems.raise_if_any()
    afspraak = Lumpsumafspraak.objects.create(
        nummer=uuidlib.uuid4().hex[:20],
        aanbieder=aanbieder,
        gemeente=gemeente,
        product=product,
        omschrijving=omschrijving,
        jaarbedrag=jaarbedrag,
        geldig_van=geldig_van,
        geldig_tot=r.add_months(geldig_van, 12) - dt.timedelta(days=1),
        is_synthetisch=is_synthetisch,
    )
    afspraak.nummer = f"LS{afspraak.pk:06d}"
    afspraak.save(update_fields=["nummer"])
    return afspraak


@transaction.atomic
def lumpsum_termijnen_klaarzetten(*, gemeente: Gemeente, door, tot: dt.date | None = None) -> list[Declaratie]:
    """The scheduled lump-sum payments: one invoice per agreement with every due, unclaimed installment."""
    policy.vereis(door, "declaraties.lumpsum_termijnen", gemeente)
    tot = min(tot or klok.vandaag(), klok.vandaag())
    out = []
    afspraken = Lumpsumafspraak.objects.filter(gemeente=gemeente, geldig_van__lte=tot).select_related("product")
    for a in afspraken:
        feit = lumpsum_feiten([a])[a.nummer]
        v = verbruik_van(lumpsum_ids=[a.pk]).get(r.sleutel_lumpsum(a.pk)) or r.Verbruik()
        regels = []
        for t in feit.termijnen:
            van, eind = feit.termijn_periode(t.nummer)
            if eind <= tot and t.nummer not in v.termijnen:
                regels.append(
                    r.Invoer(regelnummer=len(regels) + 1, referentie=a.nummer, begindatum=van, einddatum=eind)
                )
        if regels:
            out.append(
                _indienen(
                    aanbieder=a.aanbieder,
                    begindatum=regels[0].begindatum,
                    einddatum=regels[-1].einddatum,
                    regels=regels,
                    door=door,
                )  # fmt: skip
            )
    return out


def volgend_declaratienummer() -> int:
    return (Declaratie.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def betaald_per_toewijzing(toewijzing_ids: Iterable[int]) -> dict[int, Decimal]:
    rows = (
        Declaratieregel.objects.filter(toewijzing_id__in=list(toewijzing_ids), status__in=TELT)
        .values("toewijzing_id")
        .annotate(s=Sum("bedrag"))
    )
    return {x["toewijzing_id"]: x["s"] for x in rows}
