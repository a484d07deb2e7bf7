"""One way to change state: the transitions a model declares with django-fsm, run for a service.

A model with a life cycle marks its status field ``FSMField(protected=True)`` (assigning the field
directly raises) and declares every step as a method decorated with
``@transition(field=..., source=..., target=...)``: the method sets the facts of that step (dates,
reasons) and may return the reason text for the history row. The model also says what one row of
its own history looks like (``historie_rij``). This module is the only caller of those methods:

1. ``overgaan(obj, naar, ...)`` runs a step for a service: a step the table does not allow, or whose
   conditions do not hold, is refused with ``Conflict`` code ``ongeldige_overgang`` and a Dutch
   message naming from and to; nothing is saved;
2. it appends the history row in the same transaction (``begin`` appends the creation row);
3. ``tabel``, ``volgende``, ``pad`` and ``controleer_pad`` expose the transition table, read from the
   declared transitions, so a bulk path (the demo builder) takes its states from the same table.

With ``opslaan=False`` nothing touches the database: the step runs on the object in memory and the
unsaved history row is returned, for bulk inserts that must follow exactly the same rules.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils.functional import Promise
from django_fsm import ANY_OTHER_STATE, ANY_STATE, FSMFieldMixin

from .errors import Conflict
from .rijen import invoegen

LEEG = ""  # the "from" of the row that records creation


@dataclass(frozen=True)
class Overgang:
    """One allowed step: from ``van`` to ``naar`` through the model method ``actie``."""

    van: str
    naar: str
    actie: str
    voorwaarden: tuple = ()
    custom: Mapping[str, Any] = field(default_factory=dict)


def _model(model_or_obj) -> type[models.Model]:
    return model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)


def statusveld(model_or_obj, veld: str | None = None) -> FSMFieldMixin:
    """The model's FSM field: the one named ``veld``, or the only one it has."""
    return _statusveld(_model(model_or_obj), veld)


@functools.cache
def _statusveld(model: type[models.Model], veld: str | None) -> FSMFieldMixin:
    if veld is not None:
        found = model._meta.get_field(veld)
        if not isinstance(found, FSMFieldMixin):
            raise TypeError(f"{model.__name__}.{veld} is geen FSMField.")
        return found
    fields = [f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)]
    if len(fields) != 1:
        raise TypeError(f"{model.__name__} heeft {len(fields)} FSM-velden: noem het veld.")
    return fields[0]


def _states(fsm_field: FSMFieldMixin) -> list[str]:
    return [str(value) for value, _label in fsm_field.flatchoices]


@functools.cache
def _tabel(model: type[models.Model], veld: str) -> dict[tuple[str, str], Overgang]:
    fsm_field = statusveld(model, veld)
    states = _states(fsm_field)
    rows: list[tuple[int, Overgang]] = []
    for t in fsm_field.get_all_transitions(model):
        target = str(t.target)
        if t.source == ANY_STATE:
            sources = states
        elif t.source == ANY_OTHER_STATE:
            sources = [s for s in states if s != target]
        else:
            sources = [str(t.source)]
        line = getattr(getattr(t.method, "__code__", None), "co_firstlineno", 0)
        rows += [
            (line, Overgang(van=s, naar=target, actie=t.name, voorwaarden=tuple(t.conditions), custom=t.custom))
            for s in sources
        ]
    table: dict[tuple[str, str], Overgang] = {}
    for _line, row in sorted(rows, key=lambda r: r[0]):  # in the order the model declares them
        if (row.van, row.naar) in table:
            raise AssertionError(f"{model.__name__}: twee overgangen van {row.van} naar {row.naar}.")
        table[(row.van, row.naar)] = row
    return table


def tabel(model_or_obj, veld: str | None = None) -> dict[tuple[str, str], Overgang]:
    """The transition table: (from, to) -> the step, as the model declares it."""
    model = _model(model_or_obj)
    return _tabel(model, statusveld(model, veld).name)


def volgende(model_or_obj, van: str, veld: str | None = None) -> list[str]:
    """The states one step away from ``van``."""
    return [naar for (v, naar) in tabel(model_or_obj, veld) if v == str(van)]


def beginstatussen(model_or_obj, veld: str | None = None) -> set[str]:
    """States a new object may start in: the field's default, and states no step leads to."""
    model = _model(model_or_obj)
    return set(_beginstatussen(model, statusveld(model, veld).name))


@functools.cache
def _beginstatussen(model: type[models.Model], veld: str) -> frozenset[str]:
    # as the table: the model's declaration, read once per model and field (every creation asks)
    fsm_field = statusveld(model, veld)
    reached = {naar for (_van, naar) in _tabel(model, veld)}
    start = {s for s in _states(fsm_field) if s not in reached}
    if fsm_field.has_default():
        start.add(str(fsm_field.get_default()))
    return frozenset(start)


def mag(model_or_obj, van: str, naar: str, veld: str | None = None) -> bool:
    """Whether the table allows the step (creation is the step from ``LEEG`` into a start state)."""
    if str(van) == LEEG:
        return str(naar) in beginstatussen(model_or_obj, veld)
    return (str(van), str(naar)) in tabel(model_or_obj, veld)


def _label(fsm_field: FSMFieldMixin, state: str) -> str:
    return str(dict(fsm_field.flatchoices).get(state, state)) if state else "—"


def weigering(model_or_obj, van: str, naar: str, veld: str | None = None, *, waarom: str = "") -> Conflict:
    """The refusal of a step, in Dutch, naming from and to."""
    fsm_field = statusveld(model_or_obj, veld)
    wat = _model(model_or_obj)._meta.verbose_name
    if str(van) == LEEG:
        message = f"Een {wat} kan niet beginnen met {fsm_field.verbose_name} '{_label(fsm_field, str(naar))}'."
    else:
        message = (
            f"Een {wat} met {fsm_field.verbose_name} '{_label(fsm_field, str(van))}' kan niet naar "
            f"'{_label(fsm_field, str(naar))}'"
        )
        message += f": {waarom}" if waarom else "."
    return Conflict(message, code="ongeldige_overgang", field=fsm_field.name)


def pad(model_or_obj, van: str, naar: str, veld: str | None = None) -> list[str]:
    """The shortest path of states after ``van`` up to and including ``naar`` (empty when equal).

    ``van`` may be ``LEEG``: then the path starts with a start state. Refuses an unreachable state.
    """
    van, naar = str(van), str(naar)
    if van == naar:
        return []
    starts = sorted(beginstatussen(model_or_obj, veld)) if van == LEEG else [van]
    edges: dict[str, list[str]] = {}
    for v, n in tabel(model_or_obj, veld):
        edges.setdefault(v, []).append(n)
    queue = deque([[s] for s in starts] if van == LEEG else [[van]])
    seen = set(starts) if van == LEEG else {van}
    while queue:
        path = queue.popleft()
        if path[-1] == naar:
            return path if van == LEEG else path[1:]
        for n in edges.get(path[-1], []):
            if n not in seen:
                seen.add(n)
                queue.append([*path, n])
    raise weigering(model_or_obj, van, naar, veld)


def controleer_pad(model_or_obj, staten: Sequence[str], *, van: str = LEEG, veld: str | None = None) -> None:
    """Refuse a chain of states (as a history records them) with a step the table does not allow."""
    vorige = str(van)
    for state in staten:
        if not mag(model_or_obj, vorige, state, veld):
            raise weigering(model_or_obj, vorige, state, veld)
        vorige = str(state)


def controleer(obj: models.Model, naar: str, *, veld: str | None = None) -> Overgang:
    """The step from the object's current state to ``naar``, if allowed now (conditions included)."""
    fsm_field = _statusveld(type(obj), veld)
    return _controleer(obj, fsm_field, str(fsm_field.get_state(obj)), naar)


def _controleer(obj: models.Model, fsm_field: FSMFieldMixin, van: str, naar: str) -> Overgang:
    # (the table looked up directly: the demo takes hundreds of thousands of steps, issue 13)
    stap = _tabel(type(obj), fsm_field.name).get((van, str(naar)))
    if stap is None:
        raise weigering(obj, van, naar, fsm_field.name)
    for voorwaarde in stap.voorwaarden:
        if not voorwaarde(obj):
            raise weigering(obj, van, naar, fsm_field.name, waarom=(voorwaarde.__doc__ or "").strip())
    return stap


def overgaan(
    obj: models.Model,
    naar: str,
    *,
    door=None,
    notitie: str = "",
    historie: Mapping[str, Any] | None = None,
    velden: Iterable[str] = (),
    opslaan: bool = True,
    veld: str | None = None,
    **args,
):
    """Move ``obj`` to ``naar`` through its declared transition and append the history row.

    ``args`` go to the transition method; the text it returns (or else ``notitie``) is the reason in
    the history row; ``historie`` goes to the model's ``historie_rij``. With ``opslaan`` the object
    is saved (the status and ``velden``) together with the row, in one transaction. Returns the row.
    """
    fsm_field = _statusveld(type(obj), veld)
    van = str(fsm_field.get_state(obj))
    stap = _controleer(obj, fsm_field, van, naar)
    if not opslaan:
        return _stap(obj, stap, van, door, notitie, historie, args)
    with transaction.atomic():
        rij = _stap(obj, stap, van, door, notitie, historie, args)
        rij.save()
        if obj.pk is not None:
            obj.save(update_fields=[fsm_field.name, *velden])
    return rij


def _stap(obj, stap: Overgang, van: str, door, notitie: str, historie, args):
    resultaat = getattr(obj, stap.actie)(**args)
    if isinstance(resultaat, Promise):  # a lazily translated label is stored as its text
        resultaat = str(resultaat)
    reden = resultaat if isinstance(resultaat, str) and resultaat else notitie
    return obj.historie_rij(van=van, naar=stap.naar, door=door, reden=reden, overgang=stap, **(historie or {}))


def begin(
    obj: models.Model,
    *,
    door=None,
    notitie: str = "",
    historie: Mapping[str, Any] | None = None,
    opslaan: bool = True,
    veld: str | None = None,
):
    """The history row that records the creation of ``obj`` in a start state (refuses any other)."""
    fsm_field = _statusveld(type(obj), veld)
    state = str(fsm_field.get_state(obj))
    if state not in _beginstatussen(type(obj), fsm_field.name):
        raise weigering(obj, LEEG, state, fsm_field.name)
    rij = obj.historie_rij(van=LEEG, naar=state, door=door, reden=notitie, overgang=None, **(historie or {}))
    if opslaan:
        rij.save()
    return rij


class Bulk:
    """The set-based form of ``overgaan``: steps on many objects taken in memory one by one, with the
    very same legality check, transition methods and history rows (``overgaan(opslaan=False)``),
    then saved together: per model and set of fields one ``UPDATE`` per set of equal values (what
    ``bulk_update`` writes, ``_bijwerken``), one ``bulk_create`` per kind of row. Use it as a
    context manager: a refused step (or any error) inside the block restores
    every object it touched to its state before the block, so nothing is half-done in memory either.

        with overgangen.Bulk() as bulk:
            for obj in objs:
                bulk.stap(obj, "gestart", door=door, velden=["gestart_op"], datum=dag)
        bulk.opslaan()

    ``nieuw`` adds rows that belong to the same change (an evaluation with its goal statuses); they
    are created after the history rows, model by model in the order first added, so a row that
    points to an earlier new row gets its key. ``opslaan`` sends ``post_save`` once per changed
    object, with its final state and the fields saved, as ``save(update_fields=...)`` would.
    """

    def __init__(self) -> None:
        self._objecten: dict[int, models.Model] = {}
        self._velden: dict[int, list[str]] = {}
        self._blokken: list[tuple[dict[int, tuple[models.Model, dict, list[str] | None]], int, int]] = []
        self.rijen: list[models.Model] = []
        self.nieuwe: list[models.Model] = []

    def __enter__(self) -> Bulk:  # blocks nest: an inner refusal restores only the inner block
        self._blokken.append(({}, len(self.rijen), len(self.nieuwe)))
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        blok, n_rijen, n_nieuwe = self._blokken.pop()
        if exc_type is not None:  # restore what this block touched, drop what it added
            for k, (obj, staat, velden) in blok.items():
                obj.__dict__.clear()  # the protected FSM field is restored past its descriptor
                obj.__dict__.update(staat)
                if velden is None:
                    self._objecten.pop(k, None)
                    self._velden.pop(k, None)
                else:
                    self._velden[k] = velden
            del self.rijen[n_rijen:], self.nieuwe[n_nieuwe:]
        return False

    def stap(self, obj: models.Model, naar: str, *, velden: Iterable[str] = (), veld: str | None = None, **kwargs):
        """Take one step on ``obj`` in memory (refused exactly as ``overgaan`` refuses it); returns the row."""
        k = id(obj)
        for blok, _, _ in self._blokken:
            if k not in blok:
                blok[k] = (obj, dict(obj.__dict__), list(self._velden[k]) if k in self._velden else None)
        if k not in self._objecten:
            self._objecten[k] = obj
            self._velden[k] = [statusveld(obj, veld).name]
        rij = overgaan(obj, naar, opslaan=False, veld=veld, **kwargs)
        self._velden[k] += [v for v in velden if v not in self._velden[k]]
        self.rijen.append(rij)
        return rij

    def nieuw(self, *objs: models.Model) -> None:
        """Rows to create with the steps (dropped again when the block they were added in fails)."""
        self.nieuwe.extend(objs)

    def samenvoegen(self, ander: Bulk) -> None:
        """Take over the steps of another (already completed) bulk, to save them in one go."""
        for k, obj in ander._objecten.items():
            if k not in self._objecten:
                self._objecten[k] = obj
                self._velden[k] = list(ander._velden[k])
            else:
                self._velden[k] += [f for f in ander._velden[k] if f not in self._velden[k]]
        self.rijen += ander.rijen
        self.nieuwe += ander.nieuwe

    @property
    def objecten(self) -> list[models.Model]:
        return list(self._objecten.values())

    def opslaan(self) -> None:
        from django.db.models.signals import post_save

        groepen: dict[tuple[type, tuple[str, ...]], list[models.Model]] = {}
        for k, obj in self._objecten.items():
            if obj.pk is not None:
                groepen.setdefault((type(obj), tuple(self._velden[k])), []).append(obj)
        with transaction.atomic():
            for (model, velden), objs in groepen.items():
                _bijwerken(model, objs, list(velden))
            for soort in _per_model(self.rijen) + _per_model(self.nieuwe):
                invoegen(soort)  # (``bulk_create`` without its per-field compiling, ``utils.rijen``)
            for (model, velden), objs in groepen.items():
                for obj in objs:
                    post_save.send(
                        sender=model, instance=obj, created=False, update_fields=frozenset(velden), raw=False,
                        using=obj._state.db or "default",
                    )
        self._objecten.clear()
        self._velden.clear()
        self.rijen, self.nieuwe = [], []


def _waarde(v):
    """A grouping key for a field value that keeps apart what compares equal but is stored differently."""
    return (type(v), str(v)) if isinstance(v, (Decimal, float, bool)) else (type(v), v)


def _bijwerken(model: type[models.Model], objs: list[models.Model], velden: list[str]) -> None:
    """Save ``velden`` of ``objs`` as ``bulk_update`` does (no ``pre_save``, no signals), but with one
    plain ``UPDATE ... WHERE pk IN (...)`` per set of equal values: the objects of one step mostly
    share them (status, date), and Django's CASE/WHEN form costs milliseconds per object to build."""
    attnames = [model._meta.get_field(v).attname for v in velden]
    groepen: dict[tuple, list] = {}
    for obj in objs:
        waarden = tuple(getattr(obj, a) for a in attnames)
        try:
            sleutel = tuple(_waarde(w) for w in waarden)
            hash(sleutel)
        except TypeError:  # an unhashable value (JSON): this object on its own
            sleutel = ("pk", obj.pk)
        groepen.setdefault(sleutel, [waarden, []])[1].append(obj.pk)
    for waarden, pks in groepen.values():
        for i in range(0, len(pks), 500):
            model.objects.filter(pk__in=pks[i : i + 500]).update(**dict(zip(attnames, waarden, strict=True)))


def _per_model(objs: list[models.Model]) -> list[list[models.Model]]:
    out: dict[type, list[models.Model]] = {}
    for o in objs:
        out.setdefault(type(o), []).append(o)
    return list(out.values())
