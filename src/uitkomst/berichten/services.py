"""Changes through messages: receive (technical checks, log, duplicates), process each message kind
with the rules of the standard through the services of the apps below, and write the outgoing
messages (301, 306, 308, 316, 318, 319, 325, Fo01) into the outbox.

Processing a message is all-or-nothing, as the standard demands (a rejected message counts as not
sent, OP286): a start/stop or request message with one refused product changes nothing and gets a
retour naming the refused product. A declaration is judged per prestatie (partial acceptance),
with class-level faults refusing it whole. Every message is processed in one transaction and acts
as a named actor: the sending provider's system user for what the provider does (start, stop,
invoice), ``systeem:berichten`` for the rest; never ``door=None``.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
import logging
import secrets
import uuid as uuidlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from uitkomst.accounts import policy
from uitkomst.accounts.models import Gebruiker, Rol
from uitkomst.catalogus.models import Bekostigingsvorm, Product, Wet
from uitkomst.contractering.models import Aanbieder
from uitkomst.declaraties import services as declaraties
from uitkomst.declaraties.models import Regelstatus, Volumeafspraak
from uitkomst.declaraties.regels import Invoer
from uitkomst.organisaties.models import Gemeente
from uitkomst.toegang import bsn as bsn_tools
from uitkomst.toegang import services as toegang
from uitkomst.toegang.models import Client, Verwijzer
from uitkomst.trajecten import services as trajecten
from uitkomst.trajecten.models import Toewijzing, Traject
from uitkomst.utils import overgangen, rijen
from uitkomst.utils.errors import Conflict, DomainError, NotAllowed, ValidationFailed

from . import inhoud, regels, xml
from .codes import AFGEWEZEN, IN_ONDERZOEK, REDEN_AFWIJZING, Bevinding
from .models import (
    Bericht,
    Gebeurtenis,
    Kanaal,
    Levering,
    Prestatie,
    Richting,
    Status,
    Toewijzingversie,
    Verzoek,
)

log = logging.getLogger(__name__)
ANTWOORDTERMIJN_WERKDAGEN = 5  # OP274 / OP346: a 301 or 319 within five working days
ONDERZOEKTERMIJN_WEKEN = 8  # a 319 "in onderzoek" is followed by a final answer within eight weeks


def vandaag() -> dt.date:
    """Today in the current time zone (``timezone.localdate``); within a batch the zone is looked up
    once (``get_current_timezone`` goes through asgiref's ``Local`` on every call)."""
    cache = _BATCH.get()
    if cache is None:
        return timezone.localdate()
    tz = cache.get("tz")
    if tz is None:
        tz = cache["tz"] = timezone.get_current_timezone()
    return timezone.localtime(timezone.now(), tz).date()


def _maker(model):
    """``model(**velden)`` through Django's positional path of ``Model.__init__`` (the one ``from_db``
    takes; its ``pre_init``/``post_init`` too): the values by attname in field order, a missing field's
    default as ``model(**velden)`` gives it (a callable default, ``uuid4`` or ``timezone.now``, per
    instance), and a relation given by its name (an instance or None) set afterwards through its
    descriptor, as the keyword path does. The keyword path looks every field up in the keywords and
    costs several times more for a log row."""
    from django.db.models import Model, signals
    from django.db.models.base import ModelState

    velden = model._meta.concrete_fields
    namen = [f.attname for f in velden]
    plek = {f.attname: i for i, f in enumerate(velden)}
    # without signal receivers and an own ``__init__``, the positional path comes down to setting the
    # attributes of a new ``ModelState`` instance (a key's descriptor only drops a cached object, and a
    # new instance has none): done here at once
    direct = (
        model.__init__ is Model.__init__
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
    )
    new = model.__new__
    relaties = {f.name for f in velden if f.is_relation}
    vast = [None if f.has_default() and callable(f.default) else f.get_default() for f in velden]
    per_instantie = [(i, f, f.attname) for i, f in enumerate(velden) if f.has_default() and callable(f.default)]

    def maak(**waarden):
        row = vast.copy()
        for i, f, naam in per_instantie:
            if naam not in waarden:
                row[i] = f.get_default()
        later = []
        for naam, waarde in waarden.items():
            i = plek.get(naam)
            if i is None:
                if naam not in relaties:
                    raise TypeError(f"{model.__name__}() got an unexpected keyword argument '{naam}'")
                later.append((naam, waarde))
            else:
                row[i] = waarde
        if direct:
            obj = new(model)
            obj._state = ModelState()
            obj.__dict__.update(zip(namen, row, strict=True))
        else:
            obj = model(*row)
        for naam, waarde in later:
            setattr(obj, naam, waarde)
        return obj

    return maak


_NIEUW: dict[type, object] = {}


def _nieuw(model, **velden):
    """A new instance of ``model`` as ``model(**velden)`` gives it (``_maker``, made once per model)."""
    maak = _NIEUW.get(model)
    if maak is None:
        maak = _NIEUW[model] = _maker(model)
    return maak(**velden)


# --- actors ---------------------------------------------------------------------------------------------


def systeem() -> Gebruiker:
    """The system actor that receives and answers messages (``systeem:berichten``)."""
    cache = _BATCH.get()
    if cache is not None and "systeem" in cache:
        return cache["systeem"]
    return policy.systeem_actor("berichten")


def namens_aanbieder(aanbieder: Aanbieder) -> Gebruiker:
    """The provider's own system user: what a provider reports by message (start, stop, invoice) is
    done in its name, so the provider-only rules of the services apply unchanged. It cannot log in."""
    username = f"systeem:berichten:{aanbieder.agb_code}"
    cache = _BATCH.get()
    if cache is not None and ("actor", username) in cache:
        return cache["actor", username]
    user = Gebruiker.objects.filter(username=username).select_related("rol").first()
    if user is not None and cache is not None:
        cache["actor", username] = user  # only one that existed: a new one may yet be rolled back
    if user is None:
        rol = Rol.objects.get(code="aanbieder")
        user = Gebruiker(
            username=username,
            rol=rol,
            aanbieder=aanbieder,
            is_active=False,
            first_name="Berichten",
            last_name=aanbieder.naam[:150],
        )
        user.set_unusable_password()
        user.save()
    return user


# --- receiving ------------------------------------------------------------------------------------------

# Look-ups that do not change while a batch is received (parties, the providers' system users), kept
# for the duration of one ``berichten_ontvangen`` transaction only.
_BATCH: contextvars.ContextVar[dict | None] = contextvars.ContextVar("berichten_batch", default=None)
PER_TRANSACTIE = 200


def berichten_ontvangen(
    bestanden,
    *,
    door,
    kanaal: str = Kanaal.CLI,
    verwerken: bool = True,
    is_synthetisch: bool = False,
    per_transactie: int = PER_TRANSACTIE,
) -> list[Ontvangst | Exception]:
    """Receive many files (``(data, bestandsnaam)`` pairs, or bare bytes) as ``bericht_ontvangen``
    does, but ``per_transactie`` messages in one transaction (one commit instead of two per message).

    Each message keeps its own outcome: it is received and processed in its own savepoints, so a
    refused message changes nothing and the others are unaffected, exactly as one by one. A message
    that raises (a bug, not bad input) is rolled back to its savepoint and then received again on its
    own after the batch has committed; its exception is returned in its place if it raises again.
    """
    items = [b if isinstance(b, tuple) else (b, "") for b in bestanden]
    uit: list[Ontvangst | Exception | None] = [None] * len(items)
    opnieuw = []
    per_transactie = max(1, per_transactie)
    for begin in range(0, len(items), per_transactie):
        # the system actor exists (or is made) before the batch's savepoints, so it can be kept
        token = _BATCH.set({"systeem": policy.systeem_actor("berichten")})
        try:
            with xml.map_vast(), transaction.atomic():
                eind = min(begin + per_transactie, len(items))
                # start/stop messages and invoices go through the batch path (``_Reeks``), and every valid
                # message when it is only stored (verwerken=False); the others one by one, in order
                reeks = _Reeks(door, kanaal, is_synthetisch, verwerken) if not (verwerken and met_wachtrij()) else None
                voor = reeks.voorbereiden(items[begin:eind]) if reeks is not None else []
                for i in range(begin, eind):
                    data, naam = items[i]
                    if reeks is not None:
                        if reeks.eerst_schrijven(voor[i - begin]):
                            opnieuw += reeks.wegschrijven(uit)
                        res = reeks.ontvangen(voor[i - begin], voor[i - begin + 1 :], i)
                        if res is not None:
                            uit[i] = res
                            continue
                        opnieuw += reeks.wegschrijven(uit)  # before a message that goes alone
                        reeks.vuil = True
                    try:
                        with transaction.atomic():
                            uit[i] = bericht_ontvangen(
                                data=data,
                                door=door,
                                kanaal=kanaal,
                                bestandsnaam=naam,
                                verwerken=verwerken,
                                is_synthetisch=is_synthetisch,
                                controle=voor[i - begin].controle if voor else None,
                            )
                    except Exception:  # noqa: BLE001 - retried alone below, where it raises as it would
                        log.exception("Bericht %s in een reeks mislukt; het wordt apart opnieuw ontvangen.", i)
                        cache = _BATCH.get()
                        cache.clear()  # a user found in the failed message may have been rolled back
                        cache["systeem"] = policy.systeem_actor("berichten")
                        opnieuw.append(i)
                if reeks is not None:
                    opnieuw += reeks.wegschrijven(uit)
        finally:
            _BATCH.reset(token)
    for i in sorted(opnieuw):
        data, naam = items[i]
        try:
            uit[i] = bericht_ontvangen(
                data=data,
                door=door,
                kanaal=kanaal,
                bestandsnaam=naam,
                verwerken=verwerken,
                is_synthetisch=is_synthetisch,
            )
        except Exception as exc:  # noqa: BLE001 - the caller reports it per file
            uit[i] = exc
    return uit


_REEKS: contextvars.ContextVar[_Reeks | None] = contextvars.ContextVar("berichten_reeks", default=None)
# the rows of these relations are the same few for a whole batch: read once by ``_Reeks._laad``, and
# shared (``_GEDEELD``) with the 301s the batch causes (``toewijzingen_versturen``)
GEDEELD = ("gemeente", "inkoopmodel", "product", "aanbieder")
_GEDEELD: contextvars.ContextVar[dict | None] = contextvars.ContextVar("berichten_gedeeld", default=None)
REEKS_SOORTEN = ("305", "307", "323")


class NietInReeks(Exception):  # noqa: N818 - a signal, not an error
    """This message is not for the batch path (it is received alone, through the same rules)."""


@dataclass
class _Voor:
    """A file after the technical checks (no database yet)."""

    data: bytes
    naam: str
    controle: xml.Controle
    payload: bytes
    hash: str
    kop: dict
    obj: object | None = None
    pseudoniemen: list[str] = field(default_factory=list)
    mee: bool = False  # for the batch path

    @property
    def is_declaratie(self) -> bool:
        return self.controle.soort is not None and self.controle.soort.nummer == "323"

    @property
    def sleutels(self) -> set[tuple]:
        """What the judging of a 323 reads that an earlier 323 of the batch may have written: its
        declaration number, the prestaties' references (own and earlier) and assignment numbers."""
        d = getattr(self.obj, "Declaratie", None)
        if d is None:
            return set()
        out = {("declaratie", d.DeclaratieNummer)}
        for c in d.Clienten:
            for p in c.Prestaties:
                ref = p.ProductReferentie
                out |= {("referentie", ref.ReferentieNummer), ("toewijzing", p.ToewijzingNummer)}
                if ref.VorigReferentieNummer:
                    out.add(("referentie", ref.VorigReferentieNummer))
        return out

    @property
    def nummers(self) -> set[int]:
        c = getattr(self.obj, "Client", None)
        producten = (getattr(c, "StartProducten", None) or getattr(c, "StopProducten", None) or []) if c else []
        return {p.ToewijzingNummer for p in producten if p.ToewijzingNummer is not None}


class _Reeks:
    """Start/stop messages (305/307) and invoices (323) of one batch received with a fixed number of
    queries per batch (per invoice, a fixed number per message that does not grow with its prestaties):
    the duplicates, clients, assignment facts and trajectories of the whole batch read once (the
    trajectories locked), the changes collected in memory and written together (``wegschrijven``).

    The rules are not repeated here: each message goes through ``_beoordelen`` / ``_verwerk`` /
    ``_start`` / ``_stop`` and the trajectory services (their bulk forms, ``overgangen.Bulk``),
    exactly as alone; only where they read and where they write differs. A refused message is
    refused in the batch as alone (log, findings, retour); anything the batch path does not cover
    (a duplicate identification, a deletion of a start, another kind of message) is received alone
    after the batch so far has been written, so the order of effects is that of the files."""

    def __init__(self, door, kanaal: str, is_synthetisch: bool, verwerken: bool = True) -> None:
        self.door, self.kanaal, self.is_synthetisch = door, kanaal, is_synthetisch
        self.verwerken = verwerken  # False: only checked, logged and linked to its clients, as alone
        self.ontvangen_via = f"Ontvangen via {Kanaal(kanaal).label}."  # (translated once for the batch)
        self.vuil = False
        self._leeg()
        self.feiten: dict[int, regels.ToewijzingFeit] = {}
        self.trajecten: dict[int, Traject] = {}
        self.geladen: set[int] = set()
        self.met_doelen = True  # (``laden``: whether the trajectories are read with plan and goals)
        self.gedeeld: dict[tuple, object] = {}  # (model, pk): the shared rows read by ``_laad``
        self.hashes: dict[str, Bericht] = {}
        self.identificaties: dict[tuple, Bericht] = {}
        self.clienten: dict[str, list[int]] = {}

    def _leeg(self) -> None:
        self.bulk = overgangen.Bulk()
        self.berichten_in: list[Bericht] = []
        self.prestaties: list[tuple] = []  # (``_PRESTATIE_VELDEN``)
        # the invoices of the collected 323s (judged on facts read once for the batch, written with it)
        # and what their judging read (``_Voor.sleutels``)
        self.indiening = declaraties.Indiening(door=None, bron="api")
        self.stand: _Declaratiestand | None = None
        self.komende: list[_Voor] = []
        self.sleutels: set[tuple] = set()
        self.anders = False  # a collected message other than a 323
        self.uit: list[Bericht] = []
        self.gebeurtenissen: list[tuple] = []  # (``_gebeurtenis_rij``)
        self.koppelingen: list[tuple[Bericht, int]] = []
        self.indices: list[int] = []

    def voorbereiden(self, items) -> list[_Voor]:
        voor = []
        for data, naam in items:
            controle = xml.controleer(data)
            payload = controle.envelop.payload if controle.envelop else data
            kop = _kop(controle.root, controle.soort, controle.kop)
            v = _Voor(data, naam, controle, payload, xml.hash_van(payload), kop)
            if controle.geldig and (controle.soort.nummer in REEKS_SOORTEN or not self.verwerken):
                v.mee = True
                if self.verwerken:
                    v.obj = xml.lees(controle.root, controle.soort.naam)
                v.pseudoniemen = [bsn_tools.pseudonym(b) for b in xml.bsns_in(payload)]
            voor.append(v)
        self.laden(voor)
        return voor

    def laden(self, voor: list[_Voor]) -> None:
        """Read what the messages ``voor`` need, in a fixed number of queries."""
        self.vuil = False
        self.feiten, self.trajecten, self.geladen, self.gedeeld = {}, {}, set(), {}
        self.hashes, self.identificaties, self.clienten = {}, {}, {}
        mee = [v for v in voor if v.mee]
        if not mee:
            return
        # (the conditions an index does not hold are checked here, not in the query: given them,
        # SQLite, which keeps no statistics, scans the whole log by the index on direction and status
        # or on the duplicate link instead of looking up the hash or the identification)
        for b in Bericht.objects.filter(hash__in={v.hash for v in mee}).order_by("-pk"):
            if b.richting == Richting.IN:
                self.hashes[b.hash] = b  # the first one wins
        idents = {v.kop.get("identificatie") for v in mee} - {"", None}
        for b in (
            Bericht.objects.filter(
                richting=Richting.IN,
                afzender__in={v.kop.get("afzender", "") for v in mee},
                berichtcode__in={v.controle.soort.naam for v in mee},
                identificatie__in=idents,
            )
            .only("pk", "afzender", "berichtcode", "identificatie", "dubbel_van_id", "telt")
            .order_by("-pk")
        ):
            if b.dubbel_van_id is None and b.telt:
                self.identificaties[b.afzender, b.berichtcode, b.identificatie] = b
        pseudoniemen = {p for v in mee for p in v.pseudoniemen}
        for pk, pseudo in Client.objects.filter(bsn_pseudoniem__in=pseudoniemen).values_list("pk", "bsn_pseudoniem"):
            self.clienten.setdefault(pseudo, []).append(pk)
        # only a stop reads the plan and its goals (the goal statuses of the end evaluation): a batch
        # without one reads its trajectories without them
        self.met_doelen = any(v.controle.soort.nummer == "307" for v in mee)
        self._laad(set().union(*(v.nummers for v in mee)))

    def _laad(self, nummers: set[int]) -> None:
        nummers = nummers - self.geladen
        if not nummers:
            return
        self.geladen |= nummers
        self.feiten.update(_feiten_lezen(nummers))
        lezen = Traject.objects.select_for_update(of=("self",))
        if self.met_doelen:
            lezen = lezen.select_related("toewijzing", "toewijzing__plan").prefetch_related("toewijzing__plan__doelen")
        else:
            lezen = lezen.select_related("toewijzing")
        gelezen = list(lezen.filter(toewijzing_id__in=nummers))
        # the municipality, purchasing model, product and provider: the same few for the whole batch,
        # read once each (not joined into every row) and shared by the trajectories
        for naam in GEDEELD:
            veld = Traject._meta.get_field(naam)
            pks = {getattr(t, veld.attname) for t in gelezen} - {None}
            # (as a join reads; unordered: the model's ordering joins and sorts what a dict by key does not keep)
            objecten = veld.related_model._base_manager.order_by().in_bulk(pks) if pks else {}
            for t in gelezen:
                veld.set_cached_value(t, objecten.get(getattr(t, veld.attname)))
            self.gedeeld.update(((veld.related_model, pk), obj) for pk, obj in objecten.items())
        for t in gelezen:
            self.trajecten[t.toewijzing_id] = t

    def feiten_voor(self, nummers: set[int]) -> dict[int, regels.ToewijzingFeit]:
        self._laad(set(nummers))
        return {n: self.feiten[n] for n in nummers if n in self.feiten}

    def traject(self, nummer: int) -> Traject:
        self._laad({nummer})
        if nummer not in self.trajecten:
            raise Traject.DoesNotExist(f"Geen traject bij toewijzing {nummer}.")
        return self.trajecten[nummer]

    def clienten_van(self, bericht: Bericht) -> list[int]:
        """The clients of a message of the batch (kept on it by ``ontvangen``: no scan of the batch)."""
        return list(getattr(bericht, "_reeks_clienten", ()))

    def eerst_schrijven(self, v: _Voor) -> bool:
        """A 323 is judged on the log, the prestaties and the assignment facts as the database holds
        them: what the batch collected is written before it when that may matter (any 305/307, or an
        earlier 323 sharing its declaration number, a reference or an assignment), so it judges as
        alone; and a 305/307 is not judged next to invoices that are not written yet."""
        if not v.mee or not self.verwerken or not self.berichten_in:
            return False
        if not v.is_declaratie:
            return bool(self.indiening.bezet)
        return self.anders or bool(self.sleutels & v.sleutels)

    def declaratiestand(self, obj) -> _Declaratiestand:
        """What the 323s of the batch read, read once for this message and the next 323s (again after
        the batch was written), and the facts of their invoices locked and read with it."""
        if self.stand is None or id(obj) not in self.stand.ids:
            volgende = [v for v in self.komende if v.is_declaratie and v.obj is not None]
            if all(v.obj is not obj for v in volgende):
                volgende = []
            berichten = [(_partijen(v.controle.soort, v.kop)[1], v.controle.soort.standaard, v.obj) for v in volgende]
            if not berichten:
                raise NietInReeks("Deze declaratie staat niet in de reeks.")
            self.stand = _Declaratiestand([(a.pk if a else None, st, o) for a, st, o in berichten])
            # the assignments the prestaties name and the lines they credit, for the invoices
            self.indiening.lezen(
                referenties={f.nummer for f in self.stand.feiten.values()},
                crediteert={str(x.declaratieregel.uuid) for x in self.stand.vorige.values() if x.declaratieregel},
            )
        return self.stand

    def ontvangen(self, v: _Voor, rest: list[_Voor], index: int) -> Ontvangst | None:
        """The message through the batch path, or None: then it is received alone."""
        soort, kop = v.controle.soort, v.kop
        if not v.mee:
            return None
        if self.vuil:  # a message was received alone in between: read again what the rest needs
            self.laden([v, *rest])
        eerder = self.hashes.get(v.hash)
        if eerder is not None:
            self.indices.append(index)
            return Ontvangst(eerder, "dubbel", eerder.berichtcode or None, eerder.bevindingen)
        sleutel = (kop.get("afzender", ""), soort.naam, kop.get("identificatie", ""))
        if not sleutel[2] or sleutel in self.identificaties:
            return None  # TR056 (or no identification): alone
        gemeente, aanbieder = _partijen(soort, kop)
        lengtes = (len(self.berichten_in), len(self.uit), len(self.gebeurtenissen), len(self.koppelingen))
        n_nieuw, n_prestaties, n_declaraties = len(self.bulk.nieuwe), len(self.prestaties), len(self.indiening.nieuw)
        self.komende = [v, *rest]
        bericht = _bericht_in(
            v.controle,
            v.payload,
            v.hash,
            kop,
            [],
            None,
            gemeente,
            aanbieder,
            self.kanaal,
            v.naam,
            self.is_synthetisch,
        )
        self.berichten_in.append(bericht)
        ids = {pk for p in v.pseudoniemen for pk in self.clienten.get(p, [])}
        bericht._reeks_clienten = sorted(ids)
        self.koppelingen += [(bericht, pk) for pk in bericht._reeks_clienten]
        token = _REEKS.set(self)
        try:
            _gebeurtenis(bericht, bericht.status, self.door, self.ontvangen_via)
            if self.verwerken:
                # (nothing is written while judging: an invoice is kept in ``indiening`` until the batch
                # is written, and the ``Bulk`` restores what a refused message touched in memory)
                _beoordelen(bericht, soort, v.obj, self.door, False, lambda: self.bulk)
        except Exception as exc:  # noqa: BLE001 - not for the batch (or a bug): received alone, where it raises
            if not isinstance(exc, NietInReeks | declaraties.Overlap):
                log.warning("Bericht %s gaat buiten de reeks om: %r", index, exc)
            del self.berichten_in[lengtes[0] :], self.uit[lengtes[1] :]
            del self.gebeurtenissen[lengtes[2] :], self.koppelingen[lengtes[3] :]
            del self.prestaties[n_prestaties:]
            self.indiening.terug(n_declaraties)
            return None
        finally:
            _REEKS.reset(token)
        self.hashes[v.hash] = bericht
        self.identificaties[sleutel] = bericht
        self.indices.append(index)
        if v.is_declaratie:
            self.sleutels |= v.sleutels
        elif self.verwerken:
            self.anders = True
        self._bijwerken(v.nummers, self.bulk.nieuwe[n_nieuw:])
        return Ontvangst(bericht, _cli_status(bericht), bericht.berichtcode or None, bericht.bevindingen)

    def _bijwerken(self, nummers: set[int], nieuw) -> None:
        """The facts the next messages see: what this message changed (as a new read would give)."""
        for lev in nieuw:
            if isinstance(lev, Levering) and lev.toewijzing_id in self.feiten:
                self.feiten[lev.toewijzing_id].leveringen.append(
                    regels.LeveringFeit(
                        pk=None, soort=lev.soort, begindatum=lev.begindatum, einddatum=lev.einddatum, reden=lev.reden
                    )
                )
        for n in nummers:
            f, t = self.feiten.get(n), self.trajecten.get(n)
            if f is not None and t is not None:
                f.status, f.gestart_op, f.beeindigd_op = t.status, t.gestart_op, t.beeindigd_op
                f.verwijderd = t.status in ("afgewezen", "ingetrokken")

    def wegschrijven(self, uitkomsten: list) -> list[int]:
        """Write what the batch collected (a few bulk statements); returns the messages to receive
        again alone when that fails (their outcome is then cleared)."""
        if not self.berichten_in and not self.indices:
            self._leeg()
            return []
        indices = self.indices
        try:
            with transaction.atomic():
                # (the rows as ``bulk_create`` writes them, without its per-field compiling: ``utils.rijen``)
                self.indiening.opslaan()  # the invoices of the 323s, before the log rows that name them
                rijen.invoegen(self.berichten_in)
                _prestaties_schrijven(self.prestaties)
                # the 301s that post_save causes, written together afterwards (with the municipality,
                # provider, product and model rows this batch read, not joined into every assignment)
                token = _GEDEELD.set(self.gedeeld)
                try:
                    with verzamelen():
                        self.bulk.opslaan()  # trajectories, history, deliveries, evaluations (post_save as save)
                finally:
                    _GEDEELD.reset(token)
                rijen.invoegen(self.uit)
                _gebeurtenissen_schrijven(self.gebeurtenissen)
                _koppelingen_schrijven((b.pk, pk) for b, pk in self.koppelingen)
        except Exception:  # noqa: BLE001 - rolled back; each of these is received again alone
            log.exception("Een reeks van %s berichten is niet opgeslagen; ze worden apart ontvangen.", len(indices))
            for i in indices:
                uitkomsten[i] = None
            self._leeg()
            self.vuil = True
            return indices
        self._leeg()
        return []


@dataclass
class Ontvangst:
    """What became of one received file: the logged message (or the earlier one for a duplicate)."""

    bericht: Bericht | None
    status: str  # verwerkt | afgekeurd | dubbel | ontvangen
    berichtcode: str | None
    bevindingen: list[dict] = field(default_factory=list)


def _gebeurtenis_rij(bericht: Bericht, status: str, door, toelichting: str = "") -> tuple:
    """A history row of a message not yet written: (message, op, status, door_id, toelichting), the
    fields of a ``Gebeurtenis`` (written by ``_gebeurtenissen_schrijven`` once the message has its key)."""
    return bericht, timezone.now(), status, door.pk if getattr(door, "pk", None) else None, toelichting


_GEBEURTENIS_KOLOMMEN = ("bericht_id", "op", "status", "door_id", "toelichting")


def _gebeurtenissen_schrijven(rijen_: list[tuple]) -> None:
    """The collected history rows (``_gebeurtenis_rij``) of messages that now have their key."""
    rijen.tupels(Gebeurtenis, _GEBEURTENIS_KOLOMMEN, [(b.pk, *rest) for b, *rest in rijen_])


def _gebeurtenis(bericht: Bericht, status: str, door, toelichting: str = "") -> None:
    reeks = _REEKS.get()
    if reeks is not None and bericht.pk is None:
        reeks.gebeurtenissen.append(_gebeurtenis_rij(bericht, status, door, toelichting))  # written with the batch
    else:
        Gebeurtenis.objects.create(
            bericht=bericht, status=status, door=door if getattr(door, "pk", None) else None, toelichting=toelichting
        )


def _status(bericht: Bericht, status: str, door, toelichting: str = "", **velden) -> None:
    """Move a message on (only status and its bookkeeping change; the content never does)."""
    bericht.status = status
    for k, v in velden.items():
        setattr(bericht, k, v)
    if bericht.pk is not None or _REEKS.get() is None:
        bericht.save(update_fields=["status", *velden])
    _gebeurtenis(bericht, status, door, toelichting)


def _kop(root, soort: inhoud.Soort | None = None, teksten: dict | None = None) -> dict:
    """Header fields read best-effort (also from a message that failed the schema). A retour message
    repeats the header of the message it answers: its own sender is that message's receiver, its own
    identification ``IdentificatieRetour``."""
    if root is None:
        return {}
    # (one pass over the header, what ``xml._tekst(root, "Header", ...)`` gives; ``teksten``: that pass
    # made by the checks, ``Controle.kop``)
    t = teksten if teksten is not None else xml.kopteksten(root)
    afzender, ontvanger = t["Afzender"] or "", t["Ontvanger"] or ""
    ident, dag = t["Identificatie"], t["Dagtekening"]
    if soort is not None and soort.is_retour:
        afzender, ontvanger = ontvanger, afzender
        ident, dag = t["IdentificatieRetour"], t["DagtekeningRetour"]
    out = {"afzender": afzender, "ontvanger": ontvanger, "identificatie": (ident or "")[:12]}
    try:
        out["dagtekening"] = dt.date.fromisoformat(dag)
    except (TypeError, ValueError):
        out["dagtekening"] = None
    return out


def bericht_ontvangen(
    *,
    data: bytes,
    door,
    kanaal: str = Kanaal.CLI,
    bestandsnaam: str = "",
    verwerken: bool = True,
    is_synthetisch: bool = False,
    controle: xml.Controle | None = None,
) -> Ontvangst:
    """Receive one file: technical checks, the log, duplicates, then processing (a task on the queue).

    Never raises for bad input: every refusal is a finding in the log. The same file twice, or the
    same identification of the same sender with the same content, is a duplicate and changes nothing.
    ``controle``: the technical checks of exactly these bytes, when the caller did them already.
    """
    controle = controle or xml.controleer(data)
    payload = controle.envelop.payload if controle.envelop else data
    h = xml.hash_van(payload)
    kop = _kop(controle.root, controle.soort, controle.kop)
    soort = controle.soort
    with transaction.atomic():
        eerder = Bericht.objects.filter(richting=Richting.IN, hash=h).order_by("pk").first()
        if eerder is not None:
            return Ontvangst(eerder, "dubbel", eerder.berichtcode or None, eerder.bevindingen)
        bevindingen = list(controle.bevindingen)
        dubbel_van = None
        if soort and not bevindingen and kop.get("identificatie"):
            dubbel_van = (
                Bericht.objects.filter(
                    richting=Richting.IN,
                    afzender=kop["afzender"],
                    berichtcode=soort.naam,
                    identificatie=kop["identificatie"],
                    dubbel_van__isnull=True,
                    telt=True,
                )
                .order_by("pk")
                .first()
            )
            if dubbel_van is not None:
                bevindingen.append(
                    Bevinding(
                        "9056",
                        f"Identificatie {kop['identificatie']} is door deze afzender al gebruikt voor een ander "
                        f"{soort.naam}-bericht (ontvangen {timezone.localtime(dubbel_van.aangemaakt_op):%d-%m-%Y}).",
                        "TR056",
                        "inhoudelijk",
                    )
                )
        gemeente, aanbieder = _partijen(soort, kop)
        try:
            with transaction.atomic():
                bericht = _bericht_in(
                    controle,
                    payload,
                    h,
                    kop,
                    bevindingen,
                    dubbel_van,
                    gemeente,
                    aanbieder,
                    kanaal,
                    bestandsnaam,
                    is_synthetisch,
                )
                bericht.save(force_insert=True)
        except IntegrityError:  # the same identification arrived at the same moment: a duplicate
            eerder = Bericht.objects.filter(
                richting=Richting.IN,
                afzender=kop.get("afzender", ""),
                berichtcode=soort.naam,
                identificatie=kop.get("identificatie", ""),
            ).first()
            return Ontvangst(eerder, "dubbel", soort.naam, eerder.bevindingen if eerder else [])
        _gebeurtenis(bericht, bericht.status, door, f"Ontvangen via {Kanaal(kanaal).label}.")
        if controle.root is not None and soort is not None and not controle.bevindingen:
            _clienten_koppelen(bericht, payload)
        if controle.bevindingen and controle.envelop is not None:
            _fo01(bericht, controle, door)
        elif dubbel_van is not None and soort.nummer in inhoud.RETOUR_OP and aanbieder is not None:
            obj = xml.lees(controle.root, soort.naam)
            _retour(bericht, obj, soort, kop_codes=["9056"], door=door)
    if bericht.status == Status.ONTVANGEN and verwerken:
        verwerken_starten(bericht, door=door, controle=controle)
        bericht.refresh_from_db()
    return Ontvangst(bericht, _cli_status(bericht), bericht.berichtcode or None, bericht.bevindingen)


def _bericht_in(
    controle, payload, h, kop, bevindingen, dubbel_van, gemeente, aanbieder, kanaal, bestandsnaam, is_synthetisch
) -> Bericht:
    """The log row of a received message (not yet saved)."""
    soort = controle.soort
    return _nieuw(
        Bericht,
        richting=Richting.IN,
        standaard=soort.standaard if soort else "",
        berichtcode=soort.naam if soort else "",
        identificatie=kop.get("identificatie", ""),
        dagtekening=kop.get("dagtekening"),
        afzender=kop.get("afzender", "")[:20],
        ontvanger=kop.get("ontvanger", "")[:20],
        gemeente=gemeente,
        aanbieder=aanbieder,
        status=Status.AFGEKEURD if bevindingen else Status.ONTVANGEN,
        kanaal=kanaal,
        bestandsnaam=bestandsnaam.replace("\x00", "\ufffd")[:255],
        xml="" if len(payload) > xml.MAX_BYTES else xml.beschermd(payload),
        hash=h,
        grootte=len(payload),
        bevindingen=[b.als_dict() for b in bevindingen],
        dubbel_van=dubbel_van,
        telt=not controle.bevindingen,
        envelop_referentie=controle.envelop.referentienummer[:40] if controle.envelop else "",
        toewijzingnummers=_nummers(controle.root) if soort else "",
        is_synthetisch=is_synthetisch,
    )


def met_wachtrij() -> bool:
    return bool(getattr(settings, "UITKOMST_BROKER_URL", ""))


def verwerken_starten(bericht: Bericht, *, door=None, controle: xml.Controle | None = None) -> None:
    """Process now (the embedded default) or, with a broker, as the task ``berichten.verwerken`` on a
    worker once this transaction has committed (sent by name: the task module imports this one)."""
    if met_wachtrij():
        from celery import current_app

        pk = bericht.pk
        transaction.on_commit(lambda: current_app.send_task("berichten.verwerken", args=[pk]))
    else:
        bericht_verwerken(bericht=bericht, door=door, controle=controle)


def _cli_status(bericht: Bericht) -> str:
    return {Status.BEANTWOORD: "verwerkt", Status.VERWERKT: "verwerkt", Status.AFGEKEURD: "afgekeurd"}.get(
        bericht.status, bericht.status
    )


def _partijen(soort, kop) -> tuple[Gemeente | None, Aanbieder | None]:
    if soort is None:
        return None, None
    cbs, agb = (
        (kop.get("afzender"), kop.get("ontvanger"))
        if soort.van_gemeente
        else (kop.get("ontvanger"), kop.get("afzender"))
    )
    cache = _BATCH.get()
    if cache is not None and ("partijen", cbs, agb) in cache:
        return cache["partijen", cbs, agb]
    gemeente = Gemeente.objects.filter(cbs_code=cbs).first() if cbs else None
    aanbieder = Aanbieder.objects.filter(agb_code=agb).first() if agb else None
    if cache is not None:
        cache["partijen", cbs, agb] = gemeente, aanbieder
    return gemeente, aanbieder


def _nummers(root) -> str:
    if root is None:
        return ""
    found = {(e.text or "").strip() for e in root.iter("{*}ToewijzingNummer")}  # in any namespace
    return " ".join(sorted(found, key=lambda x: (len(x), x)))[:2000]


def _koppelingen_schrijven(paren) -> None:
    """The links (message, client) of new messages, each pair once (a new message has no links yet)."""
    rijen.tupels(Bericht.clienten.through, ("bericht_id", "client_id"), list(dict.fromkeys(paren)))


def _clienten_koppelen(bericht: Bericht, payload: bytes) -> None:
    pseudoniemen = [bsn_tools.pseudonym(b) for b in xml.bsns_in(payload)]
    if pseudoniemen:
        ids = list(Client.objects.filter(bsn_pseudoniem__in=pseudoniemen).values_list("pk", flat=True))
        if ids:  # a new message has no links yet: insert them at once (what .add() does, less a query)
            through = Bericht.clienten.through
            through.objects.bulk_create([through(bericht_id=bericht.pk, client_id=pk) for pk in set(ids)])


# --- processing -----------------------------------------------------------------------------------------


class Afgekeurd(Exception):
    """The message is refused as a whole; its retour (if any) has been written."""


def bericht_verwerken(
    *, bericht: Bericht, door=None, opnieuw: bool = False, controle: xml.Controle | None = None
) -> Bericht:
    """Process a received message with the rules of the standard (the task on the queue runs this).

    ``controle``: the technical checks of this very message, done a moment ago when it was received
    in the same process (so it is not parsed and validated twice); otherwise the stored XML is checked
    again."""
    door = door or systeem()
    with transaction.atomic():
        bericht = Bericht.objects.select_for_update().get(pk=bericht.pk)
        if bericht.richting != Richting.IN:
            raise ValidationFailed("Alleen ontvangen berichten worden verwerkt.", code="niet_ontvangen")
        if opnieuw:
            if bericht.status != Status.AFGEKEURD:
                raise Conflict("Alleen een afgekeurd bericht wordt opnieuw verwerkt.", code="niet_afgekeurd")
            if bericht.dubbel_van_id:
                raise Conflict(
                    "Een bericht met een al gebruikte identificatie blijft afgekeurd (TR056).",
                    code="identificatie_dubbel",
                )
        elif bericht.status != Status.ONTVANGEN:
            return bericht
        if controle is None or not controle.geldig or opnieuw:
            controle = xml.controleer(xml.origineel(bericht.xml))
        if not controle.geldig:
            _status(
                bericht,
                Status.AFGEKEURD,
                door,
                "Technisch afgekeurd.",
                bevindingen=[b.als_dict() for b in controle.bevindingen],
            )
            return bericht
        soort = controle.soort
        obj = xml.lees(controle.root, soort.naam)
        _beoordelen(bericht, soort, obj, door, opnieuw, transaction.atomic)
        return bericht


def _beoordelen(bericht: Bericht, soort: inhoud.Soort, obj, door, opnieuw: bool, blok) -> None:
    """Judge and process a received message, all or nothing inside ``blok`` (a savepoint; in a batch
    the ``overgangen.Bulk`` that restores the objects in memory), then record the outcome."""
    try:
        with blok():
            resultaat = _verwerk(bericht, soort, obj, door)
    except Afgekeurd as exc:
        resultaat = exc.args[0]
        _status(
            bericht,
            Status.AFGEKEURD,
            door,
            "Afgekeurd op een regel van de standaard.",
            bevindingen=[b.als_dict() for b in resultaat.bevindingen],
            verwerkt_op=timezone.now(),
        )
        _retour_na_afkeur(bericht, soort, obj, resultaat, door)
        return
    nieuw = Status.BEANTWOORD if resultaat.beantwoord else Status.VERWERKT
    _status(
        bericht,
        nieuw,
        door,
        resultaat.toelichting or ("Opnieuw verwerkt." if opnieuw else "Verwerkt."),
        bevindingen=[b.als_dict() for b in resultaat.bevindingen],
        verwerkt_op=timezone.now(),
    )


@dataclass
class Resultaat:
    bevindingen: list[Bevinding] = field(default_factory=list)
    beantwoord: bool = False
    toelichting: str = ""
    # for the retour of a refused message: codes per product (in message order) and for the header
    product_codes: list[list[str]] = field(default_factory=list)
    kop_codes: list[str] = field(default_factory=list)
    verzoek_codes: list[str] = field(default_factory=list)
    declaratie: object | None = None


def _verwerk(bericht: Bericht, soort: inhoud.Soort, obj, door) -> Resultaat:
    res = Resultaat()
    if soort.nummer not in inhoud.ONTVANGEN:
        res.bevindingen.append(
            Bevinding(
                "IB007",
                f"Een {soort.naam} ({soort.omschrijving}) stuurt de gemeente zelf; zij ontvangt het niet.",
                "Routering",
            )
        )
        raise Afgekeurd(res)
    if bericht.gemeente_id is None:
        res.bevindingen.append(
            Bevinding(
                "S300", f"Gemeentecode {bericht.ontvanger} is bij deze installatie niet bekend.", "TR378", "inhoudelijk"
            )
        )
        res.kop_codes = ["S300"]
    if bericht.aanbieder_id is None:
        res.bevindingen.append(
            Bevinding("IB002", f"Afzender (AGB) {bericht.afzender} is geen bekende aanbieder.", "OP254")
        )
    if bericht.dagtekening and bericht.dagtekening > vandaag():
        res.bevindingen.append(
            Bevinding(
                "8848",
                f"De dagtekening {regels.datum(bericht.dagtekening)} ligt in de toekomst.",
                "TR135",
                "inhoudelijk",
            )
        )
        res.kop_codes.append("8848")
    if res.bevindingen:
        raise Afgekeurd(res)
    verwerker = {
        "305": _start,
        "307": _stop,
        "315": _verzoek_toewijzing,
        "317": _verzoek_wijziging,
        "323": _declaratie,
        "302": _retour_ontvangen,
        "320": _retour_ontvangen,
    }[soort.nummer]
    return verwerker(bericht, soort, obj, door)


def _retour_na_afkeur(bericht: Bericht, soort: inhoud.Soort, obj, res: Resultaat, door) -> None:
    if bericht.aanbieder_id is None or bericht.gemeente_id is None and "S300" not in res.kop_codes:
        return  # no known provider to answer
    if soort.nummer in inhoud.RETOUR_OP:
        _retour(
            bericht,
            obj,
            soort,
            kop_codes=res.kop_codes,
            product_codes=res.product_codes,
            verzoek_codes=res.verzoek_codes,
            door=door,
        )
    elif soort.nummer == "323":
        _declaratie_antwoord(bericht, soort, obj, res, door)


def bericht_opnieuw_verwerken(*, bericht: Bericht, door) -> Bericht:
    """Process a refused message again (after the rule that refused it was fixed, e.g. a missing
    contract or a corrected assignment). Only the installation's administrators or the municipality
    that received it may do this."""
    if not (
        policy.is_installatie(door)
        or (
            getattr(door, "gemeente_id", None)
            and door.gemeente_id == bericht.gemeente_id
            and policy.heeft_recht(door, "toewijzing.beheren")
        )
    ):
        raise NotAllowed("Alleen de ontvangende gemeente of beheer verwerkt een bericht opnieuw.", code="geen_toegang")
    return bericht_verwerken(bericht=bericht, door=door, opnieuw=True)


# --- facts ------------------------------------------------------------------------------------------------


def _product_feit(p: Product) -> regels.ProductFeit:
    return regels.ProductFeit(
        pk=p.pk,
        code=p.code,
        bekostiging=p.bekostiging,
        ijw_eenheid=p.ijw_eenheid,
        categorie=p.productcategorie,
        productcode=p.productcode_ijw,
    )


def _toewijzing_feiten(nummers: set[int]) -> dict[int, regels.ToewijzingFeit]:
    reeks = _REEKS.get()
    if reeks is not None:
        return reeks.feiten_voor(nummers)
    return _feiten_lezen(nummers)


def _feiten_lezen(nummers) -> dict[int, regels.ToewijzingFeit]:
    rows = Toewijzing.objects.filter(pk__in=nummers).values_list(
        "pk",
        "gemeente_id",
        "aanbieder_id",
        "client__bsn_pseudoniem",
        "product__productcategorie",
        "product__productcode_ijw",
        "startdatum",
        "einddatum",
        "traject__status",
        "traject__gestart_op",
        "traject__beeindigd_op",
    )
    out = {}
    for pk, gem, aanb, pseudo, cat, code, start, eind, status, gestart, beeindigd in rows:
        status = status or "toegewezen"
        out[pk] = regels.ToewijzingFeit(
            pk=pk,
            gemeente_id=gem,
            aanbieder_id=aanb,
            bsn_pseudoniem=pseudo,
            categorie=cat,
            productcode=code or "",
            startdatum=start,
            einddatum=eind,
            status=status,
            gestart_op=gestart,
            beeindigd_op=beeindigd,
            verwijderd=status in ("afgewezen", "ingetrokken"),
        )
    leveringen = (
        Levering.objects.filter(toewijzing_id__in=list(out), actueel=True)
        .order_by("pk")
        .values_list("pk", "toewijzing_id", "soort", "begindatum", "einddatum", "reden")
    )
    for pk, toewijzing_id, soort, begin, eind, reden in leveringen:  # (facts only: no model instances)
        out[toewijzing_id].leveringen.append(
            regels.LeveringFeit(pk=pk, soort=soort, begindatum=begin, einddatum=eind, reden=reden)
        )
    return out


def _ctx(bericht: Bericht, bsn: str) -> dict:
    return {
        "gemeente_id": bericht.gemeente_id,
        "aanbieder_id": bericht.aanbieder_id,
        "pseudoniem": bsn_tools.pseudonym(bsn.zfill(9)),
    }


def _afkeuren_als_nodig(res: Resultaat, oordelen) -> None:
    if any(not o.goed for o in oordelen):
        for o in oordelen:
            res.bevindingen.extend(o.bevindingen)
        res.product_codes = [[b.code for b in o.bevindingen] or ["0200"] for o in oordelen]
        if any(b.code == "0001" for o in oordelen for b in o.bevindingen):
            res.kop_codes = ["0001"]
        raise Afgekeurd(res)


_SERVICE_CODES = {"start_buiten_toewijzing": "9019", "einde_voor_begin": "0001"}


def _service_fout(res: Resultaat, exc: DomainError, index: int, aantal: int) -> None:
    code = _SERVICE_CODES.get(exc.code, "9019")
    res.bevindingen.append(Bevinding(code, exc.message, f"service:{exc.code}", "inhoudelijk"))
    res.product_codes = [[code] if i == index else ["0200"] for i in range(aantal)]
    if code == "0001":
        res.kop_codes = ["0001"]
    raise Afgekeurd(res)


# --- 305 start / 307 stop -------------------------------------------------------------------------------------


def _start(bericht: Bericht, soort, obj: inhoud.Startbericht, door) -> Resultaat:
    res = Resultaat(beantwoord=True)
    c = obj.Client
    producten = c.StartProducten
    feiten = _toewijzing_feiten({p.ToewijzingNummer for p in producten if p.ToewijzingNummer is not None})
    ctx = _ctx(bericht, c.Bsn)
    oordelen, gezien = [], set()
    for p in producten:
        o = regels.start_beoordelen(p, feiten.get(p.ToewijzingNummer), **ctx)
        key = (p.ToewijzingNummer, p.Begindatum, p.StatusAanlevering)
        if key in gezien:
            o.bevindingen.append(regels.fout("9074", "Deze start staat twee keer in het bericht.", "TR074"))
        gezien.add(key)
        oordelen.append(o)
    _afkeuren_als_nodig(res, oordelen)
    reeks = _REEKS.get()
    if reeks is not None and any(o.actie == "verwijderen" for o in oordelen):
        raise NietInReeks
    actor = namens_aanbieder(bericht.aanbieder)
    for i, (p, o) in enumerate(zip(producten, oordelen, strict=True)):
        if o.actie == "verwijderen":
            Levering.objects.filter(pk=o.levering.pk).update(actueel=False, verwijderd_door=bericht)
            continue
        if o.actie == "starten":
            try:
                if reeks is not None:  # the same service rules, in memory, saved with the batch
                    traject = reeks.traject(p.ToewijzingNummer)
                    trajecten.trajecten_starten(starts=[(traject, p.Begindatum)], door=actor, bulk=reeks.bulk)
                else:
                    traject = Traject.objects.get(toewijzing_id=p.ToewijzingNummer)
                    if traject.status == "toegewezen":
                        traject = trajecten.traject_accepteren(traject=traject, door=actor)
                    trajecten.traject_starten(traject=traject, door=actor, datum=p.Begindatum)
            except DomainError as exc:
                _service_fout(res, exc, i, len(producten))
        _levering(
            bericht=bericht,
            toewijzing_id=p.ToewijzingNummer,
            aanbieder_id=bericht.aanbieder_id,
            soort="start",
            productcategorie=p.Product.Categorie if p.Product else "",
            productcode=(p.Product.Code or "") if p.Product else "",
            begindatum=p.Begindatum,
        )
    _retour(bericht, obj, soort, door=door)
    return res


def _levering(**velden) -> None:
    reeks = _REEKS.get()
    if reeks is not None:
        reeks.bulk.nieuw(_nieuw(Levering, **velden))  # dropped with the message's other changes when it is refused
    else:
        Levering.objects.create(**velden)


def _doelstatussen(traject: Traject, reden: str) -> dict:
    """JW307 carries no goal status: a provisional one follows from the reason (31: reached, 34: partly)."""
    status = {"31": "behaald", "34": "deels"}.get(reden, "niet")
    return {d.pk: status for d in traject.toewijzing.plan.doelen.all()}


def _stop(bericht: Bericht, soort, obj: inhoud.Stopbericht, door) -> Resultaat:
    res = Resultaat(beantwoord=True)
    c = obj.Client
    producten = c.StopProducten
    feiten = _toewijzing_feiten({p.ToewijzingNummer for p in producten if p.ToewijzingNummer is not None})
    ctx = _ctx(bericht, c.Bsn)
    oordelen, gezien = [], set()
    for p in producten:
        o = regels.stop_beoordelen(p, feiten.get(p.ToewijzingNummer), standaard=soort.standaard, **ctx)
        key = (p.ToewijzingNummer, p.Begindatum, p.RedenBeeindiging, p.Einddatum)
        if key in gezien:
            o.bevindingen.append(regels.fout("9074", "Deze stop staat twee keer in het bericht.", "TR074"))
        gezien.add(key)
        oordelen.append(o)
    _afkeuren_als_nodig(res, oordelen)
    reeks = _REEKS.get()
    if reeks is not None and any(o.actie == "verwijderen" for o in oordelen):
        raise NietInReeks
    actor = namens_aanbieder(bericht.aanbieder)
    for i, (p, o) in enumerate(zip(producten, oordelen, strict=True)):
        if o.actie == "verwijderen":
            Levering.objects.filter(pk=o.levering.pk).update(actueel=False, verwijderd_door=bericht)
            continue
        reden = regels.reden_jz588(p.RedenBeeindiging, soort.standaard)
        if o.actie == "beeindigen":
            if reeks is not None:
                traject = reeks.traject(p.ToewijzingNummer)
            else:
                traject = Traject.objects.select_related("toewijzing__plan").get(toewijzing_id=p.ToewijzingNummer)
            toelichting = (
                f"Beëindigd met {soort.naam} (reden {p.RedenBeeindiging}); de doelstatus is afgeleid uit de reden "
                "van beëindiging."
            )
            try:
                if reeks is not None:  # the same service rules, in memory, saved with the batch
                    trajecten.trajecten_beeindigen(
                        stops=[(traject, reden, _doelstatussen(traject, reden), p.Einddatum, toelichting)],
                        door=actor,
                        bulk=reeks.bulk,
                    )
                else:
                    trajecten.traject_beeindigen(
                        traject=traject,
                        door=actor,
                        reden=reden,
                        doelstatussen=_doelstatussen(traject, reden),
                        datum=p.Einddatum,
                        toelichting=toelichting,
                    )
            except DomainError as exc:
                _service_fout(res, exc, i, len(producten))
        _levering(
            bericht=bericht,
            toewijzing_id=p.ToewijzingNummer,
            aanbieder_id=bericht.aanbieder_id,
            soort="stop",
            productcategorie=p.Product.Categorie if p.Product else "",
            productcode=(p.Product.Code or "") if p.Product else "",
            begindatum=p.Begindatum,
            einddatum=p.Einddatum,
            reden=p.RedenBeeindiging,
        )
    _retour(bericht, obj, soort, door=door)
    return res


# --- 315 verzoek om toewijzing / 317 verzoek om wijziging -------------------------------------------------------


def _product_zoeken(
    gemeente: Gemeente, standaard: str, product: inhoud.Product | None, datum: dt.date
) -> Product | None:
    """The catalogue product with this national category/code in the municipality's region (IV075)."""
    if product is None or not product.Code:
        return None
    wet = Wet.JEUGDWET if standaard == "ijw" else Wet.WMO
    qs = (
        Product.objects.filter(
            inkoopmodel__regio_id=gemeente.regio_id,
            inkoopmodel__wet=wet,
            productcategorie=product.Categorie,
            productcode_ijw=product.Code,
            geldig_van__lte=datum,
        )
        .select_related("inkoopmodel")
        .order_by("-geldig_van", "pk")
    )
    for p in qs:
        m = p.inkoopmodel
        if (
            (p.geldig_tot is None or p.geldig_tot >= datum)
            and m.geldig_van <= datum
            and (m.geldig_tot is None or m.geldig_tot >= datum)
        ):
            return p
    return None


def _open_verzoek(aanbieder_id: int, pseudoniem: str) -> Verzoek | None:
    return Verzoek.objects.filter(
        aanbieder_id=aanbieder_id,
        client__bsn_pseudoniem=pseudoniem,
        status__in=[Verzoek.Status.OPEN, Verzoek.Status.IN_ONDERZOEK],
    ).first()


def _verzoek_toewijzing(bericht: Bericht, soort, obj: inhoud.VerzoekToewijzingbericht, door) -> Resultaat:
    res = Resultaat(beantwoord=False, toelichting="Verzoek in de werkvoorraad van de toegang gezet.")
    c = obj.Client
    pseudoniem = bsn_tools.pseudonym(c.Bsn.zfill(9))
    gemeente = bericht.gemeente
    open_ = _open_verzoek(bericht.aanbieder_id, pseudoniem)
    bestaande = set(
        Verzoek.objects.filter(
            aanbieder_id=bericht.aanbieder_id,
            standaard=soort.standaard,
            referentie_aanbieder__in=[p.ReferentieAanbieder for p in c.AangevraagdeProducten],
        ).values_list("referentie_aanbieder", flat=True)
    )
    oordelen, gezien, producten = [], set(), []
    for p in c.AangevraagdeProducten:
        o = regels.Oordeel()
        if p.ReferentieAanbieder in bestaande or p.ReferentieAanbieder in gezien:
            o.bevindingen.append(
                regels.fout("9347", f"ReferentieAanbieder {p.ReferentieAanbieder} is al gebruikt.", "TR347")
            )
        gezien.add(p.ReferentieAanbieder)
        if open_ is not None:
            o.bevindingen.append(
                regels.fout(
                    "9374", f"Er is al een verzoek onderhanden (referentie {open_.referentie_aanbieder}).", "TR374"
                )
            )
        product = _product_zoeken(gemeente, soort.standaard, p.Product, p.ToewijzingIngangsdatum)
        if p.Product and p.Product.Code and product is None:
            o.bevindingen.append(
                regels.fout(
                    "S329",
                    f"Productcode {p.Product.Categorie}/{p.Product.Code} is in deze regio niet bekend "
                    f"op {regels.datum(p.ToewijzingIngangsdatum)}.",
                    "TR381",
                )
            )
        if p.ToewijzingEinddatum and p.ToewijzingEinddatum < p.ToewijzingIngangsdatum:
            o.bevindingen.append(regels.fout("0001", "De gewenste einddatum ligt vóór de ingangsdatum.", "CS"))
        producten.append(product)
        oordelen.append(o)
    _afkeuren_als_nodig(res, oordelen)
    client = Client.objects.filter(bsn_pseudoniem=pseudoniem).first()
    termijn = regels.werkdagen_later(vandaag(), ANTWOORDTERMIJN_WERKDAGEN)
    for p, product in zip(c.AangevraagdeProducten, producten, strict=True):
        v = Verzoek(
            soort=Verzoek.Soort.TOEWIJZING,
            standaard=soort.standaard,
            bericht=bericht,
            gemeente=gemeente,
            aanbieder_id=bericht.aanbieder_id,
            client=client,
            referentie_aanbieder=p.ReferentieAanbieder,
            product=product,
            productcategorie=p.Product.Categorie if p.Product else "",
            productcode=(p.Product.Code or "") if p.Product else "",
            ingangsdatum=p.ToewijzingIngangsdatum,
            einddatum=p.ToewijzingEinddatum,
            volume=p.Omvang.Volume if p.Omvang else None,
            eenheid=p.Omvang.Eenheid if p.Omvang else "",
            frequentie=p.Omvang.Frequentie if p.Omvang else "",
            budget=p.Budget,
            verwijzer_type=p.Verwijzer.Type,
            verwijzer_naam=(p.Verwijzer.Naam or "")[:200],
            verwijzer_code=p.Verwijzer.ZorgverlenerCode or "",
            beschikkingnummer=p.BeschikkingNummer or "",
            antwoord_voor=termijn,
            is_synthetisch=bericht.is_synthetisch,
        )
        v.verwijzing, v.toelichting = _verwijzing_voor(v, c, bericht)
        if v.verwijzing is not None and v.client is None:
            v.client_id = v.verwijzing.client_id
        if v.client_id:
            bericht.clienten.add(v.client_id)
        v.save()
    _retour(bericht, obj, soort, door=door)
    return res


def _verwijzing_voor(v: Verzoek, c: inhoud.ClientVerzoekToewijzing, bericht: Bericht):
    """The request as a referral in the access worker's queue (GP and specialist referrals arrive this
    way in reality). When the referral cannot be registered, the request waits in the request list."""
    aanbieder = bericht.aanbieder
    wat = f"{v.productcategorie}/{v.productcode or '-'}" + (f" ({v.product.naam})" if v.product else "")
    omvang = f", omvang {v.volume} × eenheid {v.eenheid} (frequentie {v.frequentie})" if v.volume is not None else ""
    toelichting = (
        f"Verzoek om toewijzing ({bericht.berichtcode}) van {aanbieder.naam} (AGB {aanbieder.agb_code}), referentie "
        f"{v.referentie_aanbieder}: {wat} vanaf {regels.datum(v.ingangsdatum)}"
        f"{' t/m ' + regels.datum(v.einddatum) if v.einddatum else ''}{omvang}. Antwoord (301 of 319) uiterlijk "
        f"{regels.datum(v.antwoord_voor)}."
    )
    if v.standaard == "iwmo":  # Wmo: a request rests on an open Wmo decision (OP307); it is not in the 301
        toelichting += (
            f" Wmo: het verzoek hoort bij een open beschikking (maatwerkvoorziening)"
            f"{' ' + v.beschikkingnummer if v.beschikkingnummer else ''}; de toewijzing volgt op die "
            "Wmo-beschikking, die zelf niet in de berichten staat."
        )
    if v.product is None:
        return (
            None,
            toelichting + " Er is geen product in de catalogus bij deze productcode: handel het verzoek hier af.",
        )
    soort = v.verwijzer_type if v.verwijzer_type in Verwijzer.values else Verwijzer.GEMEENTE
    code = v.verwijzer_code
    if soort != Verwijzer.GEMEENTE and not code:
        soort = Verwijzer.GEMEENTE  # a referrer named without AGB: registered as municipal access
    if v.product.inkoopmodel.wet == Wet.WMO:
        soort = Verwijzer.GEMEENTE
    naam = v.verwijzer_naam or dict(Verwijzer.choices).get(v.verwijzer_type, "verwijzer")
    datum = min(bericht.dagtekening or vandaag(), v.ingangsdatum, vandaag())
    datum = max(datum, v.product.inkoopmodel.geldig_van)
    try:
        with transaction.atomic():
            verwijzing = toegang.verwijzing_create(
                bsn=c.Bsn,
                geboortedatum=c.Geboortedatum.Datum,
                gemeente=bericht.gemeente,
                inkoopmodel=v.product.inkoopmodel,
                datum=datum,
                door=systeem(),
                verwijzer_type=soort,
                verwijzer_code=code if soort != Verwijzer.GEMEENTE else "",
                verwijzer_naam=f"{naam} (via verzoek om toewijzing van {aanbieder.naam})"[:200],
                product=v.product,
                toelichting=toelichting,
            )
    except DomainError as exc:
        return None, toelichting + f" De verwijzing kon niet worden vastgelegd: {exc.message}"
    return verwijzing, toelichting


def _huidige_toewijzingen(aanbieder_id: int, pseudoniem: str) -> dict[int, Toewijzing]:
    """Assignments the provider currently holds for this client (released, not ended or withdrawn)."""
    qs = Toewijzing.objects.filter(
        aanbieder_id=aanbieder_id,
        client__bsn_pseudoniem=pseudoniem,
        vrijgegeven_op__isnull=False,
        einddatum__gte=vandaag(),
        traject__status__in=["toegewezen", "geaccepteerd", "gestart"],
    ).select_related("product")
    return {t.pk: t for t in qs}


def _oordelen_actueel(producten, huidig, code: str, regel: str) -> list:
    """One judgement per product of a 317: its assignment number must be a current assignment."""
    oordelen = []
    for p in producten:
        o = regels.Oordeel()
        if p.ToewijzingNummer not in huidig:
            o.bevindingen.append(
                regels.fout(code, f"Toewijzing {p.ToewijzingNummer} is geen actuele toewijzing.", regel)
            )
        oordelen.append(o)
    return oordelen


def _verzoek_wijziging(bericht: Bericht, soort, obj: inhoud.VerzoekWijzigingbericht, door) -> Resultaat:
    res = Resultaat(beantwoord=False, toelichting="Verzoek om wijziging in de werkvoorraad van de toegang gezet.")
    c = obj.Client
    vz = c.Verzoek
    pseudoniem = bsn_tools.pseudonym(c.Bsn.zfill(9))
    huidig = _huidige_toewijzingen(bericht.aanbieder_id, pseudoniem)
    oordelen_o = _oordelen_actueel(vz.OngewijzigdeProducten, huidig, "9350", "TR350")
    oordelen_t = _oordelen_actueel(vz.TeWijzigenProducten, huidig, "9351", "TR351")
    oordelen_n = []
    for p in vz.NieuweProducten:
        o = regels.Oordeel()
        if (
            p.Product
            and p.Product.Code
            and _product_zoeken(bericht.gemeente, soort.standaard, p.Product, p.GewensteIngangsdatum) is None
        ):
            o.bevindingen.append(
                regels.fout("S329", f"Productcode {p.Product.Categorie}/{p.Product.Code} is onbekend.", "TR381")
            )
        oordelen_n.append(o)
    klasse = []
    genoemd = {p.ToewijzingNummer for p in vz.OngewijzigdeProducten} | {
        p.ToewijzingNummer for p in vz.TeWijzigenProducten
    }
    if set(huidig) - genoemd:
        missing = ", ".join(str(x) for x in sorted(set(huidig) - genoemd))
        klasse.append(
            regels.fout("9349", f"Het verzoek noemt niet alle actuele toewijzingen (ontbreekt: {missing}).", "TR349")
        )
    if not (vz.OngewijzigdeProducten or vz.TeWijzigenProducten):
        klasse.append(regels.fout("0001", "Een verzoek om wijziging noemt minstens één bestaande toewijzing.", "TR352"))
    if not (vz.TeWijzigenProducten or vz.NieuweProducten):
        klasse.append(
            regels.fout("0001", "Een verzoek om wijziging vraagt minstens één wijziging of nieuw product.", "TR353")
        )
    if (open_ := _open_verzoek(bericht.aanbieder_id, pseudoniem)) is not None:
        klasse.append(
            regels.fout("9374", f"Er is al een verzoek onderhanden (referentie {open_.referentie_aanbieder}).", "TR374")
        )
    if Verzoek.objects.filter(
        aanbieder_id=bericht.aanbieder_id, standaard=soort.standaard, referentie_aanbieder=vz.ReferentieAanbieder
    ).exists():
        klasse.append(regels.fout("9347", f"ReferentieAanbieder {vz.ReferentieAanbieder} is al gebruikt.", "TR347"))
    alle = oordelen_o + oordelen_t + oordelen_n
    if klasse or any(not o.goed for o in alle):
        res.bevindingen = klasse + [b for o in alle for b in o.bevindingen]
        res.verzoek_codes = [b.code for b in klasse if b.code != "0001"] or ["0200"]
        res.product_codes = [[b.code for b in o.bevindingen] or ["0200"] for o in alle]
        if any(b.code == "0001" for b in res.bevindingen):
            res.kop_codes = ["0001"]
        raise Afgekeurd(res)
    client = Client.objects.filter(bsn_pseudoniem=pseudoniem).first()
    Verzoek.objects.create(
        soort=Verzoek.Soort.WIJZIGING,
        standaard=soort.standaard,
        bericht=bericht,
        gemeente=bericht.gemeente,
        aanbieder_id=bericht.aanbieder_id,
        client=client,
        referentie_aanbieder=vz.ReferentieAanbieder,
        inhoud={
            "reden": vz.RedenVerzoek,
            "ongewijzigd": [p.ToewijzingNummer for p in vz.OngewijzigdeProducten],
            "te_wijzigen": [_json(p) for p in vz.TeWijzigenProducten],
            "nieuw": [_json(p) for p in vz.NieuweProducten],
        },
        toelichting=f"Verzoek om wijziging ({bericht.berichtcode}) van {bericht.aanbieder.naam}, referentie "
        f"{vz.ReferentieAanbieder} (reden {vz.RedenVerzoek}).",
        antwoord_voor=regels.werkdagen_later(vandaag(), ANTWOORDTERMIJN_WERKDAGEN),
        is_synthetisch=bericht.is_synthetisch,
    )
    _retour(bericht, obj, soort, door=door)
    return res


def _json(obj) -> dict:
    def conv(v):
        if isinstance(v, dt.date):
            return v.isoformat()
        if dataclasses.is_dataclass(v):
            return {k: conv(x) for k, x in dataclasses.asdict(v).items() if x not in (None, [])}
        return v

    return {k: conv(v) for k, v in dataclasses.asdict(obj).items() if v not in (None, []) and k != "RetourCodes"}


def _retour_ontvangen(bericht: Bericht, soort, obj, door) -> Resultaat:
    """A provider's retour on our 301 or 319: link it and keep its retourcodes as findings."""
    res = Resultaat(beantwoord=False)
    heen = Bericht.objects.filter(
        richting=Richting.UIT, berichtcode=soort.heen, identificatie=obj.Header.BerichtIdentificatie.Identificatie
    ).first()
    codes = set(_alle_codes(obj))
    afkeur = sorted(c for c in codes if c not in ("0200", "0233"))
    for code in afkeur:
        res.bevindingen.append(Bevinding(code, f"De aanbieder meldt: {regels_omschrijving(code)}", None, "inhoudelijk"))
    res.toelichting = (
        f"Retour op {heen.berichtcode} {heen.identificatie}: " if heen else "Retour (heenbericht onbekend): "
    ) + ("afgekeurd door de aanbieder." if afkeur else "goedgekeurd door de aanbieder.")
    if heen is not None:
        _gebeurtenis(heen, heen.status, door, res.toelichting + (f" Codes: {', '.join(afkeur)}." if afkeur else ""))
    return res


def regels_omschrijving(code: str) -> str:
    from .codes import omschrijving

    return omschrijving(code)


def _alle_codes(obj) -> list[str]:
    out = []
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            v = getattr(obj, f.name)
            if f.name == "RetourCodes":
                out.extend(v)
            elif isinstance(v, list):
                for x in v:
                    out.extend(_alle_codes(x))
            elif dataclasses.is_dataclass(v):
                out.extend(_alle_codes(v))
    return out


# --- 323 declaratie -> 325 ------------------------------------------------------------------------------------


def _declaratie_feiten(nummers: set[int]) -> dict[int, regels.DeclaratieToewijzing]:
    rows = list(
        Toewijzing.objects.filter(pk__in=nummers).values_list(
            "pk",
            "nummer",
            "gemeente_id",
            "aanbieder_id",
            "client__bsn_pseudoniem",
            "product__productcategorie",
            "product__productcode_ijw",
            "product__bekostiging",
            "product__ijw_eenheid",
            "startdatum",
            "einddatum",
            "traject__status",
            "traject__gestart_op",
            "traject__beeindigd_op",
        )
    )
    volumes = dict(
        # (``toewijzing__pk__in``: the same SQL as ``toewijzing_id__in``, without Django's RelatedIn
        # normalising each of up to a thousand values, ~2 ms a read)
        Volumeafspraak.objects.filter(toewijzing__pk__in=[r[0] for r in rows]).values_list("toewijzing_id", "volume")
    )
    versies = _laatste_versies([r[0] for r in rows])
    out = {}
    for pk, nummer, gem, aanb, pseudo, cat, code, bek, eenheid, start, eind, status, gestart, beeindigd in rows:
        laatste = versies.get(pk)
        if laatste and laatste.staat.get("omvang"):
            eenheid = laatste.staat["omvang"][1]
        elif bek == Bekostigingsvorm.INSPANNING and volumes.get(pk) is not None:
            eenheid = eenheid or "04"
        einde = dt.date.fromisoformat(laatste.staat["einddatum"]) if laatste else eind
        out[pk] = regels.DeclaratieToewijzing(
            pk=pk,
            nummer=nummer,
            gemeente_id=gem,
            aanbieder_id=aanb,
            bsn_pseudoniem=pseudo,
            categorie=cat,
            productcode=code or "",
            eenheid=eenheid,
            bekostiging=bek,
            startdatum=start,
            einddatum=max(einde, start) if einde else eind,
            verwijderd=(status or "") in ("afgewezen", "ingetrokken"),
            gestart_op=gestart,
            beeindigd_op=beeindigd,
        )
        if out[pk].verwijderd:
            out[pk].einddatum = eind  # the period check stays the assigned one; TR384 refuses it
    return out


class _Declaratiestand:
    """What judging 323s reads from the database, for many messages in a fixed number of statements
    (a message alone: the same reads for one): the declaration numbers used (TR333), the assignment
    facts, the prestaties with the same or the previous references (TR314, TR323, TR390) and the
    accepted prestaties of the assignments (credits of any period, debits of the messages' periods:
    TR389). ``van`` gives one message's share, exactly what reading for it alone gives."""

    def __init__(self, berichten: list[tuple[int | None, str, inhoud.Declaratiebericht]]) -> None:
        self.ids = {id(obj) for _, _, obj in berichten}
        nummers = {obj.Declaratie.DeclaratieNummer for _, _, obj in berichten}
        alle = [p for _, _, obj in berichten for c in obj.Declaratie.Clienten for p in c.Prestaties]
        aanbieders = {a for a, _, _ in berichten}
        standaarden = {s for _, s, _ in berichten}
        self.gebruikt: dict[tuple, list[int]] = defaultdict(list)
        for pk, aanbieder_id, standaard, nummer in Bericht.objects.filter(
            richting=Richting.IN,
            aanbieder_id__in=aanbieders,
            declaratienummer__in=nummers,
            status__in=[Status.VERWERKT, Status.BEANTWOORD],
        ).values_list("pk", "aanbieder_id", "standaard", "declaratienummer"):
            self.gebruikt[aanbieder_id, standaard, nummer].append(pk)
        self.feiten = _declaratie_feiten({p.ToewijzingNummer for p in alle})
        # (a read whose list is empty is skipped: building a query costs more than judging a prestatie)
        refs = {p.ProductReferentie.ReferentieNummer for p in alle}
        vorig_refs = {p.ProductReferentie.VorigReferentieNummer for p in alle} - {"", None}
        self.bekend: set[tuple] = set()
        self.vorige: dict[tuple, Prestatie] = {}
        eigen = Prestatie.objects.filter(aanbieder_id__in=aanbieders, standaard__in=standaarden)
        for x in (
            eigen.filter(referentienummer__in=refs | vorig_refs).select_related("declaratieregel").order_by("pk")
            if vorig_refs
            else eigen.filter(referentienummer__in=refs).only("aanbieder_id", "standaard", "referentienummer")
        ):
            sleutel = (x.aanbieder_id, x.standaard, x.referentienummer)
            self.bekend.add(sleutel)
            if x.referentienummer in vorig_refs:
                self.vorige[sleutel] = x
        self.gecrediteerd = (
            set(
                eigen.filter(toegekend=True, vorig_referentienummer__in={k[2] for k in self.vorige}).values_list(
                    "aanbieder_id", "standaard", "vorig_referentienummer"
                )
            )
            if self.vorige
            else set()
        )
        # one read of the accepted prestaties of these assignments: the credits (of any period) and the
        # debits of the messages' periods only (TR389 looks up no other: an assignment's history grows
        # by a prestatie a period, a message's share of it does not)
        self.geaccepteerd = (
            list(
                Prestatie.objects.filter(toewijzing__pk__in=list(self.feiten), toegekend=True)  # (_declaratie_feiten)
                .filter(
                    (Q(bedrag__lt=0) & ~Q(vorig_referentienummer=""))
                    | Q(bedrag__gte=0, begindatum__in={p.ProductPeriode.Begindatum for p in alle})
                )
                .order_by("pk")
                .values_list(
                    "toewijzing_id", "begindatum", "einddatum", "referentienummer", "vorig_referentienummer", "bedrag"
                )
            )
            if self.feiten
            else []
        )

    def van(self, bericht: Bericht, standaard: str, obj: inhoud.Declaratiebericht):
        """This message's share: (number used, facts, known references, previous prestaties, credited
        references, uncredited debits per (assignment, begin, end))."""
        a = bericht.aanbieder_id
        d = obj.Declaratie
        alle = [p for c in d.Clienten for p in c.Prestaties]
        gebruikt = any(pk != bericht.pk for pk in self.gebruikt.get((a, standaard, d.DeclaratieNummer), []))
        feiten = {n: self.feiten[n] for n in {p.ToewijzingNummer for p in alle} if n in self.feiten}
        refs = {p.ProductReferentie.ReferentieNummer for p in alle}
        bekend = {r for r in refs if (a, standaard, r) in self.bekend}
        vorig_refs = {p.ProductReferentie.VorigReferentieNummer for p in alle} - {"", None}
        vorige = {r: self.vorige[a, standaard, r] for r in vorig_refs if (a, standaard, r) in self.vorige}
        gecrediteerd = {r for r in vorige if (a, standaard, r) in self.gecrediteerd}
        perioden = {p.ProductPeriode.Begindatum for p in alle}
        al_gecrediteerd, debets = set(), []
        for toewijzing_id, begin, eind, referentie, vorig, bedrag in self.geaccepteerd:
            if toewijzing_id not in feiten:
                continue
            if bedrag < 0:
                al_gecrediteerd.add(vorig)
            elif begin in perioden:
                debets.append((toewijzing_id, begin, eind, referentie))
        debet = defaultdict(list)  # (toewijzing, begin, end) -> accepted, uncredited debit prestaties
        for toewijzing_id, begin, eind, referentie in debets:
            if referentie not in al_gecrediteerd:
                debet[(toewijzing_id, begin, eind)].append(referentie)
        return gebruikt, feiten, bekend, vorige, gecrediteerd, debet


def _declaratie(bericht: Bericht, soort, obj: inhoud.Declaratiebericht, door) -> Resultaat:
    res = Resultaat(beantwoord=True)
    d = obj.Declaratie
    reeks = _REEKS.get()
    if reeks is None or bericht.pk is not None:
        reeks = None
        stand = _Declaratiestand([(bericht.aanbieder_id, soort.standaard, obj)])
    else:  # read once for this and the batch's next 323s
        stand = reeks.declaratiestand(obj)
    gebruikt, feiten, bekend, vorige, gecrediteerd, debet = stand.van(bericht, soort.standaard, obj)
    kop = regels.declaratie_kop(d, vandaag())
    if gebruikt:
        kop.append(regels.fout("9333", f"Declaratienummer {d.DeclaratieNummer} is al gebruikt.", "TR333"))
    if kop:
        res.bevindingen = kop
        res.kop_codes = ["0001"] if any(b.code == "0001" for b in kop) else ["0200"]
        res.verzoek_codes = [b.code for b in kop if b.code != "0001"]
        raise Afgekeurd(res)
    alle = [(c, p) for c in d.Clienten for p in c.Prestaties]
    pseudo = {}
    oordelen, invoer, gezien = [], [], set()
    for i, (c, p) in enumerate(alle, start=1):
        if c.Bsn not in pseudo:
            pseudo[c.Bsn] = bsn_tools.pseudonym(c.Bsn.zfill(9))
        ref = p.ProductReferentie
        o = regels.prestatie_beoordelen(
            p,
            feiten.get(p.ToewijzingNummer),
            periode=d.DeclaratiePeriode,
            gemeente_id=bericht.gemeente_id,
            aanbieder_id=bericht.aanbieder_id,
            pseudoniem=pseudo[c.Bsn],
        )
        if ref.ReferentieNummer in bekend or ref.ReferentieNummer in gezien:
            o.bevindingen.insert(
                0, regels.fout("8021", f"ReferentieNummer {ref.ReferentieNummer} is al aangeleverd.", "TR314")
            )
        gezien.add(ref.ReferentieNummer)
        credit = p.IngediendBedrag.DebetCredit == "C"
        crediteert = ""
        if credit:
            orig = vorige.get(ref.VorigReferentieNummer or "")
            if orig is None or not orig.toegekend or orig.declaratieregel is None:
                o.bevindingen.append(
                    regels.fout(
                        "8017",
                        f"Van VorigReferentieNummer {ref.VorigReferentieNummer or '(leeg)'} is geen "
                        "toegekende debetprestatie bekend.",
                        "TR323",
                    )
                )
            elif ref.VorigReferentieNummer in gecrediteerd:
                o.bevindingen.append(
                    regels.fout("9390", f"Prestatie {ref.VorigReferentieNummer} is al gecrediteerd.", "TR390")
                )
            else:
                crediteert = str(orig.declaratieregel.uuid)
                gecrediteerd.add(ref.VorigReferentieNummer)
                for lijst_ in debet.values():
                    if ref.VorigReferentieNummer in lijst_:
                        lijst_.remove(ref.VorigReferentieNummer)
        elif o.goed:
            key = (p.ToewijzingNummer, p.ProductPeriode.Begindatum, p.ProductPeriode.Einddatum)
            if debet.get(key):
                o.bevindingen.append(
                    regels.fout(
                        "9389",
                        f"Voor deze toewijzing en productperiode is al een debetprestatie "
                        f"({debet[key][0]}) toegekend die niet is gecrediteerd.",
                        "TR389",
                    )
                )
            else:
                debet[key].append(ref.ReferentieNummer)
        oordelen.append(o)
        if o.goed:
            t = feiten[p.ToewijzingNummer]
            van, tot = regels.leverperiode(p.ProductPeriode, t)
            invoer.append(
                Invoer(
                    regelnummer=i,
                    referentie="" if crediteert else t.nummer,
                    begindatum=van,
                    einddatum=tot,
                    aantal=None if crediteert else o.aantal,
                    tarief=None if crediteert else o.tarief,
                    bedrag=o.bedrag,
                    crediteert=crediteert,
                )
            )
    declaratie, uitkomst = None, {}
    if invoer:
        # one invoice through the invoice rules of ``declaraties``: alone written at once (atomic: a
        # refusal leaves nothing behind); in a batch judged on the facts read for the batch and written
        # with it (``Indiening``, the set-based form of ``declaratie_indienen``)
        namens = namens_aanbieder(bericht.aanbieder)
        indiening = reeks.indiening if reeks is not None else declaraties.Indiening(door=namens, bron="api")
        try:
            with contextlib.nullcontext() if reeks is not None else transaction.atomic():
                # ProductPeriodes of earlier months may come in a later declaration (TR319): the invoice
                # spans from the earliest of them to the end of the declaration period
                declaratie = indiening.indienen(
                    aanbieder=bericht.aanbieder,
                    begindatum=min([d.DeclaratiePeriode.Begindatum, *(x.begindatum for x in invoer)]),
                    einddatum=d.DeclaratiePeriode.Einddatum,
                    regels=invoer,
                    door=namens,
                )
                if reeks is None:
                    indiening.opslaan()
        except DomainError as exc:
            res.bevindingen = [Bevinding("0001", exc.message, f"declaraties:{exc.code}", "inhoudelijk")]
            res.kop_codes = ["0001"]
            raise Afgekeurd(res) from exc
        uitkomst = {x.regelnummer: x for x in indiening.regels_van(declaratie)}
    rows = []
    for i, ((_c, p), o) in enumerate(zip(alle, oordelen, strict=True), start=1):
        regel = uitkomst.get(i)
        if regel is not None and regel.status == Regelstatus.AFGEWEZEN:
            for reden in regel.redenen:
                o.bevindingen.append(
                    regels.fout(
                        regels.retourcode_van(reden), reden.get("melding", ""), f"declaraties:{reden.get('code')}"
                    )
                )
        toegekend = o.goed and regel is not None and regel.status != Regelstatus.AFGEWEZEN
        ref = p.ProductReferentie
        if not any(b.code == "8021" for b in o.bevindingen):
            t = feiten.get(p.ToewijzingNummer)
            rows.append(  # (the fields of ``_PRESTATIE_VELDEN``; the message and line get their keys later)
                (
                    bericht,
                    bericht.aanbieder_id,
                    soort.standaard,
                    ref.ReferentieNummer,
                    ref.VorigReferentieNummer or "",
                    t.pk if t and t.gemeente_id == bericht.gemeente_id else None,
                    regel,
                    p.ProductPeriode.Begindatum,
                    p.ProductPeriode.Einddatum,
                    p.IngediendBedrag.Bedrag * (-1 if p.IngediendBedrag.DebetCredit == "C" else 1),
                    toegekend,
                    sorted({b.code for b in o.bevindingen}),
                )
            )
    if reeks is not None:  # the log row, its invoice and prestaties: written with the batch
        reeks.prestaties += rows
    else:
        _prestaties_schrijven(rows)
        Bericht.objects.filter(pk=bericht.pk).update(declaratie=declaratie, declaratienummer=d.DeclaratieNummer)
    bericht.declaratie, bericht.declaratienummer = declaratie, d.DeclaratieNummer
    afgewezen = [(c, p, o) for (c, p), o in zip(alle, oordelen, strict=True) if not o.goed]
    res.bevindingen = [b for _, _, o in afgewezen for b in o.bevindingen]
    res.declaratie = declaratie
    res.toelichting = f"{len(alle) - len(afgewezen)} van {len(alle)} prestaties toegekend."
    _declaratie_antwoord(bericht, soort, obj, res, door, afgewezen=afgewezen, oordelen=oordelen, alle=alle)
    return res


_PRESTATIE_VELDEN = (
    "bericht_id",
    "aanbieder_id",
    "standaard",
    "referentienummer",
    "vorig_referentienummer",
    "toewijzing_id",
    "declaratieregel_id",
    "begindatum",
    "einddatum",
    "bedrag",
    "toegekend",
    "retourcodes",
)


def _prestaties_schrijven(rows: list[tuple]) -> None:
    """The ``Prestatie`` rows of ``_declaratie`` (message and invoice line written before: their keys)."""
    if any(r[6] is not None and r[6].pk is None for r in rows):
        raise ValueError("Een prestatie verwijst naar een declaratieregel die nog niet is opgeslagen.")
    rijen.tupels(
        Prestatie,
        _PRESTATIE_VELDEN,
        [(b.pk, a, st, ref, vorig, tw, regel.pk if regel is not None else None, *rest)
         for b, a, st, ref, vorig, tw, regel, *rest in rows],
    )  # fmt: skip


def _declaratie_antwoord(
    bericht, soort, obj: inhoud.Declaratiebericht, res: Resultaat, door, *, afgewezen=None, oordelen=None, alle=None
) -> Bericht:
    """The JW325: only the rejected prestaties with their retourcodes, plus the totals (OP303/OP304)."""
    d = obj.Declaratie
    h = obj.Header
    antwoord_naam = inhoud.soort(soort.standaard, "325").naam
    kop = inhoud.Header(
        BerichtCode=inhoud.SOORTEN[antwoord_naam].berichtcode,
        Afzender=h.Ontvanger,
        Ontvanger=h.Afzender,
        BerichtIdentificatie=inhoud.BerichtIdentificatie(Identificatie=_identificatie(), Dagtekening=vandaag()),
        XsdVersie=xml.xsd_versie(antwoord_naam),
        DeclaratieIdentificatie=h.BerichtIdentificatie,
        XsdVersieDeclaratie=h.XsdVersie,
        RetourCodes=res.kop_codes or ["0200"],
    )
    if res.kop_codes == ["0001"]:
        antwoord = None  # level 2 (in-message rules): header 0001 only (IV088)
    elif afgewezen is None:  # the Declaratie class is refused whole
        antwoord = inhoud.DeclaratieAntwoord(
            DeclaratieNummer=d.DeclaratieNummer,
            TotaalIngediendBedrag=d.TotaalIngediendBedrag,
            TotaalToegekendBedrag=inhoud.TotaalBedrag(TotaalBedrag=0, DebetCredit="D"),
            RetourCodes=res.verzoek_codes or ["0200"],
        )
    else:
        toegekend = sum(
            p.IngediendBedrag.Bedrag * (-1 if p.IngediendBedrag.DebetCredit == "C" else 1)
            for (c, p), o in zip(alle, oordelen, strict=True)
            if o.goed
        )
        per_client: dict[str, list] = {}
        for c, p, o in afgewezen:
            per_client.setdefault(c.Bsn, []).append(
                dataclasses.replace(p, RetourCodes=sorted({b.code for b in o.bevindingen}, key=_codevolgorde))
            )
        antwoord = inhoud.DeclaratieAntwoord(
            DeclaratieNummer=d.DeclaratieNummer,
            TotaalIngediendBedrag=d.TotaalIngediendBedrag,
            TotaalToegekendBedrag=inhoud.TotaalBedrag(
                TotaalBedrag=abs(toegekend), DebetCredit="C" if toegekend < 0 else "D"
            ),
            Clienten=[
                inhoud.ClientDeclaratie(Bsn=bsn, Prestaties=ps, RetourCodes=["0200"]) for bsn, ps in per_client.items()
            ],
            RetourCodes=["0200"] if afgewezen else ["8001"],
        )
    return _uitgaand(
        inhoud.DeclaratieAntwoordbericht(Header=kop, DeclaratieAntwoord=antwoord),
        antwoord_naam,
        gemeente_id=bericht.gemeente_id,
        aanbieder_id=bericht.aanbieder_id,
        antwoord_op=bericht,
        door=door,
        declaratienummer=d.DeclaratieNummer,
        toewijzingnummers=bericht.toewijzingnummers,  # the log found by assignment shows the answer too
        is_synthetisch=bericht.is_synthetisch,
    )


def _codevolgorde(code: str) -> tuple:
    return (not code[0].isdigit(), code)


# --- writing outgoing messages --------------------------------------------------------------------------------


def _identificatie() -> str:
    """BerichtIdentificatie of an outgoing message: 12 characters, unique per kind per sender (TR056)."""
    return secrets.token_hex(6)


def _uitgaand(
    obj,
    naam: str,
    *,
    gemeente_id,
    aanbieder_id,
    door,
    antwoord_op: Bericht | None = None,
    clienten=(),
    toewijzingnummers: str = "",
    declaratienummer: str = "",
    is_synthetisch=False,
    uitbak: _Uitbak | None = None,
) -> Bericht:
    """Write one outgoing message into the outbox (status 'klaar'), validated against its XSD.
    ``uitbak``: collect it there instead (written with the others by ``_Uitbak.schrijven``)."""
    s = inhoud.SOORTEN[naam]
    root, data = xml.geschreven(obj, naam)
    bevindingen = []
    if (schemas := xml.schema_map()) and xml.map_bestaat(schemas):
        bevindingen = xml.valideer_geschreven(root, data, naam)
        if bevindingen:
            log.error("Uitgaand %s voldoet niet aan het schema: %s", naam, bevindingen[0].melding)
    h = obj.Header
    identificatie = h.IdentificatieRetour if s.is_retour else h.BerichtIdentificatie.Identificatie
    afzender, ontvanger = (h.Afzender, h.Ontvanger) if not s.is_retour else (h.Ontvanger, h.Afzender)
    bericht = _nieuw(
        Bericht,
        richting=Richting.UIT,
        standaard=s.standaard,
        berichtcode=naam,
        identificatie=identificatie,
        dagtekening=h.DagtekeningRetour if s.is_retour else h.BerichtIdentificatie.Dagtekening,
        afzender=afzender,
        ontvanger=ontvanger,
        gemeente_id=gemeente_id,
        aanbieder_id=aanbieder_id,
        status=Status.AFGEKEURD if bevindingen else Status.KLAAR,
        kanaal=Kanaal.INTERN,
        xml=xml.beschermd(data),
        hash=xml.hash_van(data),
        grootte=len(data),
        bevindingen=[b.als_dict() for b in bevindingen],
        antwoord_op=antwoord_op,
        toewijzingnummers=toewijzingnummers[:2000],
        declaratienummer=declaratienummer,
        is_synthetisch=is_synthetisch,
    )
    reeks = _REEKS.get()
    if reeks is not None and antwoord_op is not None and antwoord_op.pk is None:
        reeks.uit.append(bericht)  # the answer on a message of the batch: written with the batch
        reeks.koppelingen += [(bericht, pk) for pk in reeks.clienten_van(antwoord_op)]
        _gebeurtenis(
            bericht, bericht.status, door, "In de uitbak gezet." if not bevindingen else "Niet verstuurd: schemafout."
        )
        return bericht
    if uitbak is not None and antwoord_op is None:
        uitbak.berichten.append(bericht)
        uitbak.koppelingen += [(bericht, getattr(c, "pk", c)) for c in clienten]
        uitbak.gebeurtenissen.append(
            _gebeurtenis_rij(
                bericht, bericht.status, door,
                "In de uitbak gezet." if not bevindingen else "Niet verstuurd: schemafout.",
            )
        )  # fmt: skip
        return bericht
    bericht.save(force_insert=True)
    if antwoord_op is not None:
        ids = list(antwoord_op.clienten.values_list("pk", flat=True))
        if ids:  # a new message has no links yet: insert them at once (what .add() does, less a query)
            through = Bericht.clienten.through
            through.objects.bulk_create([through(bericht_id=bericht.pk, client_id=pk) for pk in set(ids)])
    elif clienten:
        bericht.clienten.add(*clienten)
    _gebeurtenis(
        bericht, bericht.status, door, "In de uitbak gezet." if not bevindingen else "Niet verstuurd: schemafout."
    )
    return bericht


def _retour(
    heen: Bericht, obj, soort: inhoud.Soort, *, door, kop_codes=(), product_codes=(), verzoek_codes=()
) -> Bericht:
    """The technical retour (306, 308, 316, 318) on a received message: the heenbericht repeated with
    retourcodes. Only a refused client is repeated (OP065); an accepted message gets the header only."""
    naam = inhoud.soort(soort.standaard, inhoud.RETOUR_OP[soort.nummer]).naam
    obj = dataclasses.replace(obj)
    # a refusal in a class repeats the client with its codes; a header-level refusal only the header
    afgekeurd = bool(product_codes) or any(c != "0200" for c in verzoek_codes)
    h = obj.Header
    obj.Header = dataclasses.replace(
        h,
        BerichtCode=inhoud.SOORTEN[naam].berichtcode,
        IdentificatieRetour=_identificatie(),
        DagtekeningRetour=vandaag(),
        XsdVersieRetour=xml.xsd_versie(naam),
        RetourCodes=list(kop_codes) or ["0200"],
    )
    if not afgekeurd or obj.Client is None:
        obj.Client = None
    else:
        c = obj.Client = dataclasses.replace(obj.Client, RetourCodes=["0200"])
        codes = list(product_codes)
        if soort.nummer == "305":
            c.StartProducten = [
                dataclasses.replace(p, RetourCodes=codes[i] if i < len(codes) else ["0200"])
                for i, p in enumerate(c.StartProducten)
            ]
        elif soort.nummer == "307":
            c.StopProducten = [
                dataclasses.replace(p, RetourCodes=codes[i] if i < len(codes) else ["0200"])
                for i, p in enumerate(c.StopProducten)
            ]
        elif soort.nummer == "315":
            c.AangevraagdeProducten = [
                dataclasses.replace(p, RetourCodes=codes[i] if i < len(codes) else ["0200"])
                for i, p in enumerate(c.AangevraagdeProducten)
            ]
        elif soort.nummer == "317":
            vz = c.Verzoek
            n_o, n_t = len(vz.OngewijzigdeProducten), len(vz.TeWijzigenProducten)

            def pick(i):
                return codes[i] if i < len(codes) else ["0200"]

            c.Verzoek = dataclasses.replace(
                vz,
                RetourCodes=list(verzoek_codes) or ["0200"],
                OngewijzigdeProducten=[
                    dataclasses.replace(p, RetourCodes=pick(i)) for i, p in enumerate(vz.OngewijzigdeProducten)
                ],
                TeWijzigenProducten=[
                    dataclasses.replace(p, RetourCodes=pick(n_o + i)) for i, p in enumerate(vz.TeWijzigenProducten)
                ],
                NieuweProducten=[
                    dataclasses.replace(p, RetourCodes=pick(n_o + n_t + i)) for i, p in enumerate(vz.NieuweProducten)
                ],
            )
    return _uitgaand(
        obj,
        naam,
        gemeente_id=heen.gemeente_id,
        aanbieder_id=heen.aanbieder_id,
        antwoord_op=heen,
        door=door,
        toewijzingnummers=heen.toewijzingnummers,
        is_synthetisch=heen.is_synthetisch,
    )


def _fo01(bericht: Bericht, controle: xml.Controle, door) -> Bericht:
    """A StUF Fo01 (StUF055) to the sender of a Di01 whose payload failed the schema."""
    env = controle.envelop
    melding = controle.bevindingen[0].melding if controle.bevindingen else "Het bericht voldoet niet aan het schema."
    data = xml.schrijf_fo01(
        zender=env.ontvanger,
        ontvanger=env.zender,
        crossref=env.referentienummer,
        omschrijving=melding,
        details=env.functie,
    )
    out = Bericht.objects.create(
        richting=Richting.UIT,
        berichtcode="Fo01",
        identificatie="",
        afzender=env.ontvanger[:20],
        ontvanger=env.zender[:20],
        gemeente_id=bericht.gemeente_id,
        aanbieder_id=bericht.aanbieder_id,
        status=Status.KLAAR,
        kanaal=Kanaal.INTERN,
        xml=data.decode("utf-8"),
        hash=xml.hash_van(data),
        grootte=len(data),
        antwoord_op=bericht,
        envelop_referentie=env.referentienummer[:40],
        is_synthetisch=bericht.is_synthetisch,
    )
    _gebeurtenis(out, out.status, door, "Foutbericht (Fo01, StUF055) op een bericht dat niet aan het schema voldoet.")
    return out


# --- the 301 ----------------------------------------------------------------------------------------------------


def _laatste_versies(pks) -> dict[int, Toewijzingversie]:
    out = {}
    for v in Toewijzingversie.objects.filter(toewijzing__pk__in=list(pks)).order_by("toewijzing_id", "pk"):
        out[v.toewijzing_id] = v
    return out


def _staat(t: Toewijzing, traject: dict | None = None, volume=None, *, gelezen: bool = False) -> dict | None:
    """What a JW301 says about this assignment now (None: nothing to tell the provider yet).
    ``gelezen``: the caller read the trajectory's status fields and the agreed volume (``_staten``)."""
    if t.vrijgegeven_op is None:
        return None
    if not gelezen:
        traject = (
            Traject.objects.filter(toewijzing_id=t.pk).values("status", "beeindigd_op", "reden_beeindiging").first()
        )
        volume = Volumeafspraak.objects.filter(toewijzing_id=t.pk).values_list("volume", flat=True).first()
    status = traject["status"] if traject else "toegewezen"
    try:
        omvang, budget = regels.omvang_of_budget(_product_feit(t.product), budget=t.budget, volume=volume)
    except regels.GeenOmvang:
        return None
    einddatum, reden = t.einddatum, ""
    if status in ("afgewezen", "ingetrokken"):
        einddatum, reden = t.startdatum, "13"
    elif status in ("beeindigd", "afgesloten") and traject["beeindigd_op"] and traject["beeindigd_op"] < t.einddatum:
        einddatum = max(traject["beeindigd_op"], t.startdatum)
        reden = "05" if traject["reden_beeindiging"] == "36" else "14"
    return {
        "categorie": t.product.productcategorie,
        "code": t.product.productcode_ijw or "",
        "ingangsdatum": t.startdatum.isoformat(),
        "einddatum": einddatum.isoformat(),
        "omvang": [omvang.Volume, omvang.Eenheid, omvang.Frequentie] if omvang else None,
        "budget": budget,
        "reden": reden,
    }


def _staten(ts: list[Toewijzing]) -> dict[int, dict | None]:
    """``_staat`` of many assignments, with two reads for all of them."""
    pks = [t.pk for t in ts]
    trajecten_ = {
        x["toewijzing_id"]: x
        for x in Traject.objects.filter(toewijzing_id__in=pks).values(
            "toewijzing_id", "status", "beeindigd_op", "reden_beeindiging"
        )
    }
    volumes = dict(Volumeafspraak.objects.filter(toewijzing_id__in=pks).values_list("toewijzing_id", "volume"))
    return {t.pk: _staat(t, trajecten_.get(t.pk), volumes.get(t.pk), gelezen=True) for t in ts}


def _zonder_reden(staat: dict) -> dict:
    return {k: v for k, v in staat.items() if k != "reden"}


def _toegewezen_product(
    t_pk: int, staat: dict, datum: dt.date, tijd: dt.time, reden: str, ref: str
) -> inhoud.ToegewezenProduct:
    return inhoud.ToegewezenProduct(
        ToewijzingNummer=t_pk,
        ReferentieAanbieder=ref or None,
        Product=inhoud.Product(Categorie=staat["categorie"], Code=staat["code"] or None),
        Toewijzingsdatum=datum,
        Toewijzingstijd=tijd,
        Ingangsdatum=dt.date.fromisoformat(staat["ingangsdatum"]),
        Einddatum=dt.date.fromisoformat(staat["einddatum"]),
        RedenWijziging=reden or None,
        Omvang=inhoud.Omvang(Volume=staat["omvang"][0], Eenheid=staat["omvang"][1], Frequentie=staat["omvang"][2])
        if staat["omvang"]
        else None,
        Budget=staat["budget"],
    )


ONBEKEND = "Onbekend"


def _client_naam(client: Client) -> tuple[inhoud.VolledigeNaam, str]:
    """Uitkomst keeps no names (data minimisation): the name the provider last sent about this client,
    else 'Onbekend' with gender 0."""
    return _client_namen([client.pk])[client.pk]


def _client_namen(client_ids) -> dict[int, tuple[inhoud.VolledigeNaam, str]]:
    """``_client_naam`` of many clients, in two reads: the latest processed incoming message (not a
    323 or 317) per client, then the XML of those."""
    through = Bericht.clienten.through
    laatste: dict[int, tuple] = {}
    # (every message of these clients, the others left out here: with the message's conditions in the
    # query, SQLite scans every processed incoming message of the log instead of the clients' links)
    links = through.objects.filter(client_id__in=list(client_ids)).values_list(
        "client_id",
        "bericht_id",
        "bericht__aangemaakt_op",
        "bericht__richting",
        "bericht__status",
        "bericht__berichtcode",
    )
    for cid, pk, op, richting, status, code in links:
        if richting != Richting.IN or status not in (Status.VERWERKT, Status.BEANTWOORD):
            continue
        if code.endswith("323") or code.endswith("317"):
            continue
        if cid not in laatste or (op, pk) > laatste[cid]:
            laatste[cid] = (op, pk)
    teksten = dict(Bericht.objects.filter(pk__in=[pk for _, pk in laatste.values()]).values_list("pk", "xml"))
    out = {}
    for cid in client_ids:
        tekst = teksten.get(laatste[cid][1]) if cid in laatste else None
        out[cid] = (_naam_uit(tekst) if tekst is not None else None) or (
            inhoud.VolledigeNaam(Geslachtsnaam=inhoud.Achternaam(Achternaam=ONBEKEND)),
            "0",
        )
    return out


def _naam_uit(tekst: str) -> tuple[inhoud.VolledigeNaam, str] | None:
    """The client's name and gender in a received message (None: none readable)."""
    root, _ = xml.ontleed(tekst.encode("utf-8"))
    # (the first element of that local name in document order, in any namespace)
    naam_el = next(root.iter("{*}Naam"), None) if root is not None else None
    if naam_el is None:
        return None
    try:
        kort = xml._lees(naam_el, inhoud.VerkorteNaam)
    except xml.Onleesbaar:
        return None
    geslacht = next((e.text for e in root.iter("{*}Geslacht")), "0")
    return inhoud.VolledigeNaam(
        Geslachtsnaam=kort.Geslachtsnaam, Voornamen=kort.Voornamen, Voorletters=kort.Voorletters
    ), geslacht or "0"


def _referentie(t: Toewijzing) -> tuple[str, Verzoek | None]:
    return _referenties([t])[t.pk]


def _referenties(ts: list[Toewijzing]) -> dict[int, tuple[str, Verzoek | None]]:
    """The ReferentieAanbieder and request (315) each assignment answers: the first request for its
    referral at its provider; one read for all."""
    from django.db.models import Q

    verwijzingen = {t.verwijzing_id for t in ts}
    waar = Q(verwijzing_id__in=verwijzingen - {None})
    if None in verwijzingen:
        waar |= Q(verwijzing__isnull=True)
    eerste: dict[tuple, Verzoek] = {}
    for v in Verzoek.objects.filter(
        waar, soort=Verzoek.Soort.TOEWIJZING, aanbieder_id__in={t.aanbieder_id for t in ts}
    ).order_by("pk"):
        eerste.setdefault((v.verwijzing_id, v.aanbieder_id), v)
    out = {}
    for t in ts:
        verzoek = eerste.get((t.verwijzing_id, t.aanbieder_id))
        out[t.pk] = (verzoek.referentie_aanbieder, verzoek) if verzoek else ("", None)
    return out


_REDEN: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("reden_wijziging", default=None)


@contextlib.contextmanager
def reden_wijziging(reden: str, *, referentie: str = ""):
    """The RedenWijziging (JZ002), and the ReferentieAanbieder when answering a request (IV097), of
    the 301s that the changes inside this block cause."""
    token = _REDEN.set((reden, referentie))
    try:
        yield
    finally:
        _REDEN.reset(token)


VERZAMELD: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("berichten_301", default=None)


@contextlib.contextmanager
def verzamelen():
    """Inside this block the 301s that saves cause (``signals``) are collected instead of written one
    by one; when the block ends without an error they are written together (``toewijzingen_versturen``,
    the same messages in the same order). If that fails, each is written on its own, as alone."""
    ids: list[int] = []
    token = VERZAMELD.set(ids)
    try:
        yield
    finally:
        VERZAMELD.reset(token)
    if not ids:
        return
    ids = list(dict.fromkeys(ids))
    try:
        with transaction.atomic():
            toewijzingen_versturen(toewijzingen=ids, door=systeem())
    except Exception:  # noqa: BLE001 - a message must never break the change it reports
        log.exception("JW301 voor %s toewijzingen kon niet samen worden geschreven; nu een voor een", len(ids))
        for pk in ids:  # as ``signals`` writes one: in its own savepoint, never breaking the change
            try:
                with transaction.atomic():
                    toewijzing_versturen(toewijzing=Toewijzing.objects.get(pk=pk), door=systeem())
            except Exception:  # noqa: BLE001
                log.exception("JW301 voor toewijzing %s kon niet worden geschreven", pk)


def toewijzing_versturen(*, toewijzing: Toewijzing, door, reden: str | None = None) -> Bericht | None:
    """Write the JW301 for this assignment's client and provider when what the provider knows of it
    changed: a new assignment (no RedenWijziging), a shortened, ended or deleted one (05, 14, 13), a
    new volume (14, or 12 after a request). Idempotent: unchanged, nothing is written.

    As OP087 demands, the message holds every current assignment of this client at this provider,
    the unchanged ones with the date and time they were last sent (IV013)."""
    return toewijzingen_versturen(toewijzingen=[toewijzing.pk], door=door, reden=reden)[0]


@dataclass
class _Uitbak:
    """Outgoing messages collected by ``_uitgaand(uitbak=...)``, with their client links, history
    rows and assignment versions, written together in a few statements."""

    berichten: list[Bericht] = field(default_factory=list)
    koppelingen: list[tuple[Bericht, int]] = field(default_factory=list)
    gebeurtenissen: list[tuple] = field(default_factory=list)  # (``_gebeurtenis_rij``)
    versies: list[Toewijzingversie] = field(default_factory=list)

    def schrijven(self) -> None:
        if not self.berichten and not self.versies:
            return
        rijen.invoegen(self.berichten)
        _koppelingen_schrijven((b.pk, pk) for b, pk in self.koppelingen)
        _gebeurtenissen_schrijven(self.gebeurtenissen)
        rijen.invoegen(self.versies)
        self.berichten, self.koppelingen, self.gebeurtenissen, self.versies = [], [], [], []


def _delen(ts, gedeeld: dict) -> None:
    """Give the assignments ``ts`` their ``GEDEELD`` related rows from ``gedeeld`` ((model, pk) -> row,
    read in this transaction); what is not there is read, once per relation (as a join would give)."""
    for naam in GEDEELD:
        veld = Toewijzing._meta.get_field(naam)
        model = veld.related_model
        ontbreekt = {getattr(t, veld.attname) for t in ts} - {None} - {pk for m, pk in gedeeld if m is model}
        if ontbreekt:
            gedeeld.update(((model, pk), obj) for pk, obj in model._base_manager.in_bulk(ontbreekt).items())
        for t in ts:
            veld.set_cached_value(t, gedeeld.get((model, getattr(t, veld.attname))))


def toewijzingen_versturen(*, toewijzingen: list[int], door, reden: str | None = None) -> list[Bericht | None]:
    """``toewijzing_versturen`` for many assignments (by key) at once, in the given order: the same
    messages, read with a fixed number of queries and written in a few bulk statements. An earlier
    message in the list is seen by a later one of the same client and provider (its version, IV013),
    as one call after the other would. Returns the message written per assignment, or None."""
    pks = list(dict.fromkeys(toewijzingen))
    gedeeld = _GEDEELD.get()
    if gedeeld:  # in a batch: the shared rows it read, not joined into every assignment
        ts = {t.pk: t for t in Toewijzing.objects.select_related("client").filter(pk__in=pks)}
        _delen(ts.values(), gedeeld)
    else:
        ts = {
            t.pk: t
            for t in Toewijzing.objects.select_related(
                "product", "client", "gemeente", "aanbieder", "inkoopmodel"
            ).filter(pk__in=pks)
        }
    if len(ts) < len(pks):
        raise Toewijzing.DoesNotExist(f"Toewijzing {next(pk for pk in pks if pk not in ts)} bestaat niet.")
    lijst = [ts[pk] for pk in pks]
    staten = _staten(lijst)
    paren = {(t.client_id, t.aanbieder_id) for t in lijst}
    anderen: dict[tuple, list[int]] = defaultdict(list)
    for pk, c, a in Toewijzing.objects.filter(
        client_id__in={c for c, _ in paren}, aanbieder_id__in={a for _, a in paren}, vrijgegeven_op__isnull=False
    ).values_list("pk", "client_id", "aanbieder_id"):
        if (c, a) in paren:
            anderen[c, a].append(pk)
    versies = _laatste_versies(set(pks) | {pk for lijst_ in anderen.values() for pk in lijst_})
    nodig = [
        t
        for t in lijst
        if staten[t.pk] is not None
        and (versies.get(t.pk) is None or _zonder_reden(versies[t.pk].staat) != _zonder_reden(staten[t.pk]))
    ]
    referenties = _referenties(nodig) if nodig else {}
    namen = _client_namen({t.client_id for t in nodig}) if nodig else {}
    context_reden, context_ref = _REDEN.get() or ("", "")
    tz = timezone.get_current_timezone()  # (once: ``timezone.localtime()`` looks it up on every call)
    uitbak = _Uitbak()
    out: dict[int, Bericht | None] = {}
    for t in lijst:
        staat = staten[t.pk]
        laatste = versies.get(t.pk)
        if staat is None or (laatste is not None and _zonder_reden(laatste.staat) == _zonder_reden(staat)):
            out[t.pk] = None
            continue
        wijziging = "" if laatste is None else (reden or context_reden or staat["reden"] or "14")
        ref, verzoek = referenties[t.pk]
        if laatste is not None:
            ref = context_ref or laatste.referentie_aanbieder
        nu = timezone.localtime(timezone.now(), tz)
        standaard = "ijw" if t.inkoopmodel.wet == Wet.JEUGDWET else "iwmo"
        naam = inhoud.soort(standaard, "301").naam
        producten = [_toegewezen_product(t.pk, staat, nu.date(), nu.time().replace(microsecond=0), wijziging, ref)]
        for pk in sorted(anderen[t.client_id, t.aanbieder_id]):
            v = versies.get(pk)
            if pk != t.pk and v is not None and dt.date.fromisoformat(v.staat["einddatum"]) >= nu.date():
                producten.append(
                    _toegewezen_product(pk, v.staat, v.toewijzingsdatum, v.toewijzingstijd, "", v.referentie_aanbieder)
                )
        naam_client, geslacht = namen[t.client_id]
        bericht_obj = inhoud.Toewijzingbericht(
            Header=inhoud.Header(
                BerichtCode=inhoud.SOORTEN[naam].berichtcode,
                Afzender=t.gemeente.cbs_code,
                Ontvanger=t.aanbieder.agb_code,
                BerichtIdentificatie=inhoud.BerichtIdentificatie(Identificatie=_identificatie(), Dagtekening=nu.date()),
                XsdVersie=xml.xsd_versie(naam),
            ),
            Client=inhoud.ClientToewijzing(
                Bsn=bsn_tools.decrypt(t.client.bsn_versleuteld),
                Geboortedatum=inhoud.Geboortedatum(Datum=t.client.geboortedatum),
                Geslacht=geslacht,
                Naam=naam_client,
                Contactgegevens=[inhoud.Contact(Soort="01")],
                ToegewezenProducten=producten,
            ),
        )
        antwoord_op = verzoek.bericht if verzoek and laatste is None else None
        if antwoord_op is not None:
            uitbak.schrijven()  # what came before first: the order of the messages is that of the list
        bericht = _uitgaand(
            bericht_obj,
            naam,
            gemeente_id=t.gemeente_id,
            aanbieder_id=t.aanbieder_id,
            door=door,
            clienten=[t.client_id],
            toewijzingnummers=" ".join(str(p.ToewijzingNummer) for p in producten),
            antwoord_op=antwoord_op,
            is_synthetisch=t.is_synthetisch,
            uitbak=uitbak,
        )
        p = producten[0]
        versie = _nieuw(
            Toewijzingversie,
            toewijzing=t,
            bericht=bericht,
            toewijzingsdatum=p.Toewijzingsdatum,
            toewijzingstijd=p.Toewijzingstijd,
            staat=staat,
            reden_wijziging=wijziging,
            referentie_aanbieder=ref,
        )
        versies[t.pk] = versie  # what the next message of this client and provider sees
        out[t.pk] = bericht
        if bericht.pk is None:
            uitbak.versies.append(versie)
            continue
        versie.save(force_insert=True)
        if verzoek is not None and verzoek.is_open and laatste is None:
            Verzoek.objects.filter(pk=verzoek.pk).update(
                status=Verzoek.Status.TOEGEWEZEN,
                toewijzing=t,
                beantwoord_op=timezone.now(),
                beantwoord_door=door if getattr(door, "pk", None) else None,
            )
            _verzoekbericht_bijwerken(verzoek.bericht_id, door)
    uitbak.schrijven()
    return [out[pk] for pk in toewijzingen]


def _verzoekbericht_bijwerken(bericht_id: int, door) -> None:
    """A 315/317 is 'beantwoord' once every request in it has its final answer (301 or 319)."""
    heen = Bericht.objects.get(pk=bericht_id)
    if (
        heen.status == Status.VERWERKT
        and not Verzoek.objects.filter(
            bericht_id=bericht_id, status__in=[Verzoek.Status.OPEN, Verzoek.Status.IN_ONDERZOEK]
        ).exists()
    ):
        _status(heen, Status.BEANTWOORD, door, "Ieder verzoek in dit bericht is beantwoord.")


# --- the access worker answers a request (319) ---------------------------------------------------------------------


def _mag_verzoek_behandelen(door, verzoek: Verzoek) -> None:
    if not (
        policy.is_installatie(door)
        or (policy.heeft_recht(door, "toewijzing.beheren") and door.gemeente_id == verzoek.gemeente_id)
    ):
        raise NotAllowed("Alleen de toegang van de ontvangende gemeente behandelt dit verzoek.", code="geen_toegang")


def _antwoord(verzoek: Verzoek, *, antwoord: str, reden: str = "", gemeente_code: str = "", door) -> Bericht:
    naam = inhoud.soort(verzoek.standaard, "319").naam
    obj = inhoud.Antwoordbericht(
        Header=inhoud.Header(
            BerichtCode=inhoud.SOORTEN[naam].berichtcode,
            Afzender=verzoek.gemeente.cbs_code,
            Ontvanger=verzoek.aanbieder.agb_code,
            BerichtIdentificatie=inhoud.BerichtIdentificatie(Identificatie=_identificatie(), Dagtekening=vandaag()),
            XsdVersie=xml.xsd_versie(naam),
        ),
        Antwoord=inhoud.Antwoord(
            ReferentieAanbieder=verzoek.referentie_aanbieder,
            VerzoekAntwoord=antwoord,
            RedenAfwijzingVerzoek=reden or None,
            Woonplaatsbeginsel=inhoud.Woonplaatsbeginsel(Gemeente=gemeente_code) if gemeente_code else None,
        ),
    )
    return _uitgaand(
        obj,
        naam,
        gemeente_id=verzoek.gemeente_id,
        aanbieder_id=verzoek.aanbieder_id,
        door=door,
        antwoord_op=verzoek.bericht,
        is_synthetisch=verzoek.is_synthetisch,
    )


@transaction.atomic
def verzoek_afwijzen(*, verzoek: Verzoek, reden: str, door, woonplaats_gemeente: str = "") -> Bericht:
    """Refuse a request with a 319 (VerzoekAntwoord 1) and a WJ759 reason; reason 8 (woonplaatsbeginsel,
    iJw only) names the municipality that is responsible (IV095)."""
    verzoek = Verzoek.objects.select_for_update().select_related("gemeente", "aanbieder").get(pk=verzoek.pk)
    _mag_verzoek_behandelen(door, verzoek)
    problems = []
    if not verzoek.is_open:
        problems.append(
            ("verzoek_beantwoord", f"Dit verzoek is al beantwoord ({verzoek.get_status_display()}) (TR359/TR365).")
        )
    if reden not in REDEN_AFWIJZING or (reden == "8" and verzoek.standaard != "ijw"):
        problems.append(("reden_ongeldig", "Kies een reden van afwijzing (WJ759)."))
    if reden == "8" and not (len(woonplaats_gemeente) == 4 and woonplaats_gemeente.isdigit()):
        problems.append(
            ("gemeente_ontbreekt", "Noem bij het woonplaatsbeginsel de verantwoordelijke gemeente (CBS-code).")
        )
    if reden != "8":
        woonplaats_gemeente = ""
    if problems:
        from uitkomst.utils.errors import ProblemCollector

        pc = ProblemCollector()
        for code, msg in problems:
            pc.add(code, msg)
        pc.raise_if_any()
    bericht = _antwoord(verzoek, antwoord=AFGEWEZEN, reden=reden, gemeente_code=woonplaats_gemeente, door=door)
    Verzoek.objects.filter(pk=verzoek.pk).update(
        status=Verzoek.Status.AFGEWEZEN,
        reden_afwijzing=reden,
        woonplaats_gemeente=woonplaats_gemeente,
        beantwoord_op=timezone.now(),
        beantwoord_door=door,
    )
    _verzoekbericht_bijwerken(verzoek.bericht_id, door)
    return bericht


@transaction.atomic
def verzoek_in_onderzoek(*, verzoek: Verzoek, door) -> Bericht:
    """A 319 'in onderzoek' (VerzoekAntwoord 2): allowed once per request (TR360); the final answer
    follows within eight weeks."""
    verzoek = Verzoek.objects.select_for_update().select_related("gemeente", "aanbieder").get(pk=verzoek.pk)
    _mag_verzoek_behandelen(door, verzoek)
    if verzoek.status != Verzoek.Status.OPEN:
        raise Conflict(
            f"Dit verzoek is {verzoek.get_status_display()}: 'in onderzoek' kan één keer, vóór het "
            "definitieve antwoord (TR360).",
            code="al_in_onderzoek",
        )
    bericht = _antwoord(verzoek, antwoord=IN_ONDERZOEK, door=door)
    Verzoek.objects.filter(pk=verzoek.pk).update(
        status=Verzoek.Status.IN_ONDERZOEK, antwoord_voor=vandaag() + dt.timedelta(weeks=ONDERZOEKTERMIJN_WEKEN)
    )
    return bericht


@transaction.atomic
def verzoek_wijziging_honoreren(*, verzoek: Verzoek, door) -> list[Bericht]:
    """Honour a request for change as a whole (OP348): the new volumes of P×Q assignments are agreed
    and told with a 301 (RedenWijziging 12). Other changes (end dates, new products) have no service
    to carry them yet and are refused here: answer those with a 319 (docs/berichten.md)."""
    verzoek = Verzoek.objects.select_for_update().select_related("gemeente", "aanbieder").get(pk=verzoek.pk)
    _mag_verzoek_behandelen(door, verzoek)
    if verzoek.soort != Verzoek.Soort.WIJZIGING or not verzoek.is_open:
        raise Conflict("Alleen een open verzoek om wijziging wordt gehonoreerd.", code="verzoek_beantwoord")
    if verzoek.inhoud.get("nieuw"):
        raise ValidationFailed(
            "Nieuwe producten in een verzoek om wijziging worden nog niet via het bericht "
            "toegewezen: wijs af (319) of wijs toe via een verwijzing.",
            code="wijziging_niet_ondersteund",
        )
    berichten = []
    for item in verzoek.inhoud.get("te_wijzigen", []):
        t = Toewijzing.objects.select_related("product").get(pk=item["ToewijzingNummer"])
        omvang = item.get("Omvang")
        if (
            t.product.bekostiging != Bekostigingsvorm.INSPANNING
            or not omvang
            or item.get("Einddatum") not in (None, t.einddatum.isoformat())
        ):
            raise ValidationFailed(
                f"De gevraagde wijziging van toewijzing {t.pk} (einddatum of omvang van een niet-P×Q-"
                "product) wordt nog niet via het bericht verwerkt.",
                code="wijziging_niet_ondersteund",
            )
        volume = regels.eenheden_uit_omvang(inhoud.Omvang(**omvang), ingangsdatum=t.startdatum, einddatum=t.einddatum)
        voor = Toewijzingversie.objects.filter(toewijzing=t).count()
        with reden_wijziging("12", referentie=verzoek.referentie_aanbieder):
            declaraties.volume_vastleggen(toewijzing=t, volume=volume, door=door)
            toewijzing_versturen(toewijzing=t, door=door)
        versies = Toewijzingversie.objects.filter(toewijzing=t).order_by("pk").select_related("bericht")
        berichten.extend(v.bericht for v in list(versies)[voor:])
    Verzoek.objects.filter(pk=verzoek.pk).update(
        status=Verzoek.Status.TOEGEWEZEN, beantwoord_op=timezone.now(), beantwoord_door=door
    )
    _verzoekbericht_bijwerken(verzoek.bericht_id, door)
    return berichten


# --- the outbox -----------------------------------------------------------------------------------------------------


def bericht_verzonden(*, bericht: Bericht, door, kanaal: str = "") -> Bericht:
    with transaction.atomic():
        bericht = Bericht.objects.select_for_update().get(pk=bericht.pk)
        if bericht.richting != Richting.UIT or bericht.status != Status.KLAAR:
            raise Conflict("Alleen een bericht dat klaarstaat in de uitbak wordt verzonden.", code="niet_klaar")
        _status(
            bericht,
            Status.VERZONDEN,
            door,
            f"Verzonden{' via ' + kanaal if kanaal else ''}.",
            verzonden_op=timezone.now(),
        )
    return bericht


def uitgaand_bestand(bericht: Bericht, *, envelop: bool = False) -> tuple[str, bytes]:
    """File name and content of an outgoing message (the payload with its real BSNs; optionally in a
    Di01, or a Du01 for a retour message, with the GGk reference of the message it answers)."""
    data = xml.origineel(bericht.xml) if bericht.berichtcode != "Fo01" else bericht.xml.encode("utf-8")
    naam = f"{bericht.berichtcode}_{bericht.identificatie or bericht.uuid.hex[:12]}.xml"
    if envelop and bericht.berichtcode != "Fo01":
        s = inhoud.SOORTEN[bericht.berichtcode]
        crossref = bericht.antwoord_op.envelop_referentie if bericht.antwoord_op_id else None
        data = xml.schrijf_envelop(
            data,
            functie=bericht.berichtcode,
            zender=bericht.afzender,
            ontvanger=bericht.ontvanger,
            retour=s.is_retour,
            crossref=crossref or str(uuidlib.uuid4()),
        )
    return naam, data
