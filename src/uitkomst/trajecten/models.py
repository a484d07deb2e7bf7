"""Assignment (toewijzing) and trajectory (traject): from the fixed budget to the end evaluation.

A ``Toewijzing`` is the municipality's decision: product, responsible provider, period and the
budget (the tariff valid on the start date, fixed for the trajectory). Its ``Traject`` carries the
life cycle. Both change state only through the django-fsm transitions declared below, run by the
services through ``uitkomst.utils.overgangen`` (which refuses illegal steps and appends the history
row: ``StatusWijziging`` for a trajectory, ``ToewijzingHistorie`` for the four-eyes approval).
Client, municipality, provider and model are copied onto the trajectory so the lists filter on one
indexed table and "one active trajectory per client per purchasing model" is a partial unique
constraint (the last line of defence under concurrency).

Foreign keys to the client and the referral use DO_NOTHING: the database refuses to delete a
client or referral that still has trajectories (the constraint is checked at commit).
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from uitkomst.utils.models import ApiResource

from .codes import Doelrealisatie, RedenBeeindiging, RedenWeigering
from .workflow import AANBIEDER, ACTIEF, TOEGANG, Status

GEBRUIKER = "accounts.Gebruiker"
_REDENEN = frozenset(RedenBeeindiging.values)  # the JZ588 codes (``.values`` builds a new list per call)


def _days(a: dt.date | None, b: dt.date | None) -> int | None:
    return max((b - a).days, 0) if a and b else None


class Toewijzing(FSMModelMixin, ApiResource):
    class Goedkeuring(models.TextChoices):
        NIET_NODIG = "niet-nodig", _("niet nodig")
        WACHT = "wacht", _("wacht op tweede beoordelaar")
        GOEDGEKEURD = "goedgekeurd", _("goedgekeurd (vier ogen)")

    nummer = models.CharField("toewijzingsnummer", max_length=20, unique=True)
    plan = models.ForeignKey("toegang.Gezinsplan", on_delete=models.DO_NOTHING, related_name="toewijzingen")
    verwijzing = models.ForeignKey("toegang.Verwijzing", on_delete=models.DO_NOTHING, related_name="toewijzingen")
    client = models.ForeignKey("toegang.Client", on_delete=models.DO_NOTHING, related_name="toewijzingen")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalogus.Product", on_delete=models.PROTECT, related_name="toewijzingen")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="toewijzingen")
    startdatum = models.DateField("startdatum")
    einddatum = models.DateField("einddatum")
    budget = models.DecimalField("budget (EUR)", max_digits=12, decimal_places=2)
    tarief = models.ForeignKey(
        "catalogus.Tarief",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="De tariefversie op de startdatum; leeg bij maatwerk.",
    )
    kostensegment = models.ForeignKey(
        "catalogus.Kostensegment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    goedkeuring = FSMField(
        "vier-ogencontrole", max_length=12, choices=Goedkeuring.choices, default=Goedkeuring.NIET_NODIG, protected=True
    )
    goedgekeurd_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    vrijgegeven_op = models.DateTimeField("naar de aanbieder op", null=True, blank=True)
    accepteren_voor = models.DateField("accepteren uiterlijk", null=True, blank=True)
    keuze_door_client = models.BooleanField("aanbieder gekozen door de cliënt", default=False)
    aantal_keuzemogelijkheden = models.PositiveSmallIntegerField("gecontracteerde aanbieders ter keuze", default=0)
    vorige = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="Bij een wijziging."
    )
    aangemaakt_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "toewijzing"
        verbose_name_plural = "toewijzingen"
        indexes = [models.Index(fields=["gemeente", "goedkeuring"]), models.Index(fields=["aanbieder", "startdatum"])]
        constraints = [
            models.CheckConstraint(condition=Q(einddatum__gte=models.F("startdatum")), name="toewijzing_periode"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="toewijzing_budget_niet_negatief"),
        ]

    def __str__(self) -> str:
        return f"Toewijzing {self.nummer}"

    @property
    def voor_aanbieder_zichtbaar(self) -> bool:
        return self.vrijgegeven_op is not None

    # --- four eyes: the transitions (run them through uitkomst.utils.overgangen) ---------------------

    def _traject_toegewezen(self) -> bool:
        """het traject is niet meer toegewezen."""
        traject = getattr(self, "traject", None)
        return traject is None or traject.status == Status.TOEGEWEZEN

    @transition(
        field=goedkeuring,
        source=Goedkeuring.WACHT,
        target=Goedkeuring.GOEDGEKEURD,
        conditions=[_traject_toegewezen],
    )
    def goedkeuren(self, *, beoordelaar, op: dt.datetime, accepteren_voor: dt.date) -> str:
        """A second person releases the assignment to the provider, who then has to accept."""
        self.goedgekeurd_door = beoordelaar if getattr(beoordelaar, "pk", None) else None
        self.goedgekeurd_op = self.vrijgegeven_op = op
        self.accepteren_voor = accepteren_voor
        if getattr(self, "traject", None) is not None:
            self.traject.zichtbaar_voor_aanbieder = True
        return "Goedgekeurd (vier ogen)."

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None, op=None) -> "ToewijzingHistorie":
        # What ``ToewijzingHistorie(toewijzing=self, door=door, ...)`` gives, through Django's positional
        # constructor (the fields in declared order: id, toewijzing, van, naar, door, op, reden) and the
        # two relations' caches set as their descriptors set them: the demo makes a row per step, and
        # the keyword path costs more than the step (issue 13). An unsaved ``self`` gives its key when
        # the row is saved, as with the keyword.
        door = door if getattr(door, "pk", None) else None
        rij = ToewijzingHistorie(None, self.pk, van, naar, door.pk if door else None, op or timezone.now(), reden)
        cache = rij._state.fields_cache
        cache["toewijzing"], cache["door"] = self, door
        return rij


class ToewijzingHistorie(models.Model):
    """Append-only history of an assignment's four-eyes approval: who, when, from, to, why."""

    toewijzing = models.ForeignKey(Toewijzing, on_delete=models.CASCADE, related_name="historie")
    van = models.CharField("van", max_length=12, choices=Toewijzing.Goedkeuring.choices, blank=True)
    naar = models.CharField("naar", max_length=12, choices=Toewijzing.Goedkeuring.choices)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    op = models.DateTimeField("op", default=timezone.now)
    reden = models.TextField("reden", blank=True)

    class Meta:
        verbose_name = "wijziging vier-ogencontrole"
        verbose_name_plural = "historie vier-ogencontrole"
        ordering = ["toewijzing", "op", "pk"]

    def __str__(self) -> str:
        return f"{self.van or '—'} → {self.naar}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("De historie wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)


class Traject(FSMModelMixin, ApiResource):
    toewijzing = models.OneToOneField(Toewijzing, on_delete=models.CASCADE, related_name="traject")
    client = models.ForeignKey("toegang.Client", on_delete=models.DO_NOTHING, related_name="trajecten")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalogus.Product", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="trajecten")
    status = FSMField("status", max_length=12, choices=Status.choices, default=Status.TOEGEWEZEN, protected=True)
    zichtbaar_voor_aanbieder = models.BooleanField("bij de aanbieder", default=False)
    stapeling_toegestaan = models.BooleanField(
        "mag naast een ander traject", default=False, help_text="Product mag stapelen of een goedgekeurde uitzondering."
    )
    uitzondering = models.OneToOneField(
        "StapelingUitzondering", on_delete=models.PROTECT, null=True, blank=True, related_name="traject"
    )
    verwijsdatum = models.DateField("verwijsdatum")
    toegewezen_op = models.DateField("toegewezen op")
    geaccepteerd_op = models.DateField("geaccepteerd op", null=True, blank=True)
    gestart_op = models.DateField("gestart op", null=True, blank=True)
    beeindigd_op = models.DateField("beëindigd op", null=True, blank=True)
    afgesloten_op = models.DateField("afgesloten op", null=True, blank=True)
    dagen_tot_toewijzing = models.PositiveIntegerField("dagen verwijzing → toewijzing", null=True, blank=True)
    dagen_tot_acceptatie = models.PositiveIntegerField("dagen toewijzing → acceptatie", null=True, blank=True)
    dagen_tot_start = models.PositiveIntegerField("dagen acceptatie → start", null=True, blank=True)
    tussenevaluatie_op = models.DateField("tussenevaluatie verwacht op")
    eindevaluatie_op = models.DateField("eindevaluatie verwacht op")
    reden_beeindiging = models.CharField(
        "reden beëindiging (JZ588)", max_length=2, choices=RedenBeeindiging.choices, blank=True
    )
    reden_weigering = models.CharField("reden weigering", max_length=20, choices=RedenWeigering.choices, blank=True)
    toelichting = models.TextField("toelichting", blank=True)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        indexes = [
            models.Index(fields=["gemeente", "status"]),
            models.Index(fields=["aanbieder", "zichtbaar_voor_aanbieder", "status"]),
            models.Index(fields=["status", "toegewezen_op"]),
            models.Index(fields=["product", "aanbieder"]),
            models.Index(fields=["client", "inkoopmodel"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "inkoopmodel"],
                condition=Q(status__in=ACTIEF) & Q(stapeling_toegestaan=False),
                name="een_actief_traject_per_client_per_model",
                violation_error_message="Deze cliënt heeft al een actief traject binnen dit inkoopmodel.",
            ),
        ]

    def __str__(self) -> str:
        return f"Traject {str(self.uuid)[:8]} ({self.get_status_display()})"

    @property
    def is_actief(self) -> bool:
        return self.status in ACTIEF

    # --- the life cycle: the transitions (run them through uitkomst.utils.overgangen) ---------------
    # ``custom["actoren"]``: who may take the step, the responsible provider and/or the access team.
    # Each method sets the facts of its step; the text it returns is the reason in the history row.

    def _vrijgegeven(self) -> bool:
        """de toewijzing is nog niet vrijgegeven aan de aanbieder (vier ogen)."""
        return self.zichtbaar_voor_aanbieder

    @transition(
        field=status,
        source=Status.TOEGEWEZEN,
        target=Status.GEACCEPTEERD,
        conditions=[_vrijgegeven],
        custom={"actoren": frozenset({AANBIEDER})},
    )
    def accepteren(self, *, datum: dt.date) -> None:
        self.geaccepteerd_op = datum
        vrij = self.toewijzing.vrijgegeven_op
        self.dagen_tot_acceptatie = _days(timezone.localdate(vrij) if vrij else self.toegewezen_op, datum)

    @transition(
        field=status,
        source=Status.TOEGEWEZEN,
        target=Status.AFGEWEZEN,
        conditions=[_vrijgegeven],
        custom={"actoren": frozenset({AANBIEDER})},
    )
    def afwijzen(self, *, reden: str, toelichting: str = "") -> str:
        self.reden_weigering, self.toelichting = reden, toelichting
        return f"{RedenWeigering(reden).label}. {toelichting}".strip()

    @transition(
        field=status,
        source=[Status.TOEGEWEZEN, Status.GEACCEPTEERD],
        target=Status.INGETROKKEN,
        custom={"actoren": frozenset({TOEGANG})},
    )
    def intrekken(self, *, reden: str) -> str:
        self.toelichting = reden
        return reden

    @transition(
        field=status, source=Status.GEACCEPTEERD, target=Status.GESTART, custom={"actoren": frozenset({AANBIEDER})}
    )
    def starten(self, *, datum: dt.date) -> None:
        self.gestart_op = datum
        self.dagen_tot_start = _days(self.geaccepteerd_op, datum)

    @transition(
        field=status,
        source=Status.GESTART,
        target=Status.BEEINDIGD,
        custom={"actoren": frozenset({AANBIEDER, TOEGANG})},
    )
    def beeindigen(self, *, datum: dt.date, reden: str, toelichting: str = "", aanleiding: str = "") -> str:
        """The JZ588 reason is set here and only here, together with the reason in the history row."""
        self.beeindigd_op, self.reden_beeindiging = datum, reden
        if toelichting:
            self.toelichting = toelichting
        return self.historie_reden_beeindiging(reden, aanleiding)

    @staticmethod
    def historie_reden_beeindiging(reden: str, aanleiding: str = "") -> str:
        """The reason in the history row of an ending: the JZ588 label first, then the occasion."""
        label = str(RedenBeeindiging(reden).label) if reden in _REDENEN else reden
        return f"{label}. {aanleiding}" if aanleiding else label

    @transition(
        field=status,
        source=Status.BEEINDIGD,
        target=Status.AFGESLOTEN,
        custom={"actoren": frozenset({AANBIEDER, TOEGANG})},
    )
    def afsluiten(self, *, datum: dt.date) -> None:
        self.afgesloten_op = datum

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None, op=None) -> "StatusWijziging":
        # ``StatusWijziging(traject=self, door=door, ...)`` through the positional constructor (the fields
        # in declared order: id, traject, van, naar, door, op, reden), the relations' caches set as
        # their descriptors set them (see ``Toewijzing.historie_rij``).
        door = door if getattr(door, "pk", None) else None
        rij = StatusWijziging(None, self.pk, van, naar, door.pk if door else None, op or timezone.now(), reden)
        cache = rij._state.fields_cache
        cache["traject"], cache["door"] = self, door
        return rij


class StatusWijziging(models.Model):
    """Append-only history of a trajectory's status: who, when, from, to, why."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="historie")
    van = models.CharField("van", max_length=12, choices=Status.choices, blank=True)
    naar = models.CharField("naar", max_length=12, choices=Status.choices)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    op = models.DateTimeField("op", default=timezone.now)
    reden = models.TextField("reden", blank=True)

    class Meta:
        verbose_name = "statuswijziging"
        verbose_name_plural = "statushistorie"
        ordering = ["traject", "op", "pk"]

    def __str__(self) -> str:
        return f"{self.van or '—'} → {self.naar}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("De statushistorie wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)


class Evaluatie(models.Model):
    class Soort(models.TextChoices):
        TUSSENTIJDS = "tussentijds", _("tussentijdse evaluatie")
        EIND = "eind", _("eindevaluatie")

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="evaluaties")
    soort = models.CharField("soort", max_length=12, choices=Soort.choices)
    datum = models.DateField("datum")
    toelichting = models.TextField("toelichting", blank=True)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "evaluatie"
        verbose_name_plural = "evaluaties"
        ordering = ["traject", "datum"]
        constraints = [models.UniqueConstraint(fields=["traject", "soort"], name="evaluatie_een_per_soort")]

    def __str__(self) -> str:
        return self.get_soort_display()


class Doelstatus(models.Model):
    evaluatie = models.ForeignKey(Evaluatie, on_delete=models.CASCADE, related_name="doelstatussen")
    doel = models.ForeignKey("toegang.Doel", on_delete=models.DO_NOTHING, related_name="+")
    status = models.CharField("status", max_length=10, choices=Doelrealisatie.choices)

    class Meta:
        verbose_name = "doelstatus"
        verbose_name_plural = "doelstatussen"
        constraints = [models.UniqueConstraint(fields=["evaluatie", "doel"], name="doelstatus_een_per_doel")]

    def __str__(self) -> str:
        return self.get_status_display()


class Onderaannemer(models.Model):
    """A provider that delivers part of a trajectory under the responsible provider."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="onderaannemers")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    omschrijving = models.TextField("welk deel")
    door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "onderaannemer"
        verbose_name_plural = "onderaannemers"
        constraints = [models.UniqueConstraint(fields=["traject", "aanbieder"], name="onderaannemer_uniek")]

    def __str__(self) -> str:
        return f"Onderaannemer {self.aanbieder_id}"


class StapelingUitzondering(models.Model):
    """An approved exception to 'no stacking' for one extra trajectory of a client in a model."""

    client = models.ForeignKey("toegang.Client", on_delete=models.DO_NOTHING, related_name="+")
    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="+")
    reden = models.TextField("reden")
    aangevraagd_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    goedgekeurd_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "uitzondering op stapeling"
        verbose_name_plural = "uitzonderingen op stapeling"

    def __str__(self) -> str:
        return f"Uitzondering stapeling ({'goedgekeurd' if self.goedgekeurd_op else 'aangevraagd'})"


class Stapelpoging(models.Model):
    """A refused attempt to assign a second concurrent trajectory (no stacking). Recorded apart from
    the refused assignment, which saves nothing; each attempt raises a ``signalen.Signaal`` (stapeling)."""

    client = models.ForeignKey("toegang.Client", on_delete=models.CASCADE, related_name="+")
    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="+")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalogus.Product", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    lopend_traject = models.ForeignKey(
        Traject, on_delete=models.SET_NULL, null=True, blank=True, related_name="stapelpogingen"
    )
    door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    op = models.DateTimeField("op", default=timezone.now)

    class Meta:
        verbose_name = "poging tot stapeling"
        verbose_name_plural = "pogingen tot stapeling"
        ordering = ["-op"]

    def __str__(self) -> str:
        return f"Poging tot stapeling {self.op:%d-%m-%Y}"
