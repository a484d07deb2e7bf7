"""Contracting: providers, quality requirements, procurement procedures, entry rounds, framework
agreements (raamovereenkomsten) with their append-only history, and subcontracting.

Rules live in ``services.py``; the database adds what it can enforce itself (periods, counts, a
subcontractor that is not the main provider, and on PostgreSQL an exclusion constraint against
overlapping agreements of one provider under one purchasing model; see migration 0002).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from uitkomst.catalogus.vocabulaire import OPEN_PROCEDURES, Procedure, Wet
from uitkomst.utils.dates import add_months
from uitkomst.utils.models import ApiResource, AppendOnly, Statuswijziging

from .validators import validate_agb, validate_kvk


class Specialisme(models.Model):
    """An expertise a provider offers (e.g. autism, trauma, young child), shown in the choice aid."""

    code = models.SlugField("code", max_length=50, unique=True)
    naam = models.CharField("naam", max_length=200)

    class Meta:
        verbose_name = "specialisme"
        verbose_name_plural = "specialismen"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Aanbieder(ApiResource):
    """A care provider (zorgaanbieder)."""

    class Grootte(models.TextChoices):
        KLEIN = "klein", _("klein")
        GROOT = "groot", _("groot")

    naam = models.CharField("naam", max_length=200)
    agb_code = models.CharField("AGB-code", max_length=8, unique=True, validators=[validate_agb])
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, validators=[validate_kvk])
    grootte = models.CharField("grootteklasse", max_length=10, choices=Grootte.choices, default=Grootte.KLEIN)
    omschrijving = models.TextField("omschrijving", blank=True, help_text="Wat de aanbieder biedt, in gewone taal.")
    website = models.URLField("website", blank=True)
    specialismen = models.ManyToManyField(Specialisme, blank=True, related_name="aanbieders")
    werkgebied = models.ManyToManyField(
        "organisaties.Gemeente", blank=True, related_name="aanbieders", verbose_name="gemeenten waar zij werkt"
    )
    is_synthetisch = models.BooleanField(
        "synthetisch", default=False, help_text="Verzonnen demo-aanbieder; bestaat niet echt."
    )

    class Meta:
        verbose_name = "aanbieder"
        verbose_name_plural = "aanbieders"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Vestiging(models.Model):
    """A location where a provider receives clients."""

    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.CASCADE, related_name="vestigingen")
    naam = models.CharField("naam", max_length=200)
    adres = models.CharField("adres", max_length=200, blank=True)
    postcode = models.CharField("postcode", max_length=7, blank=True)
    plaats = models.CharField("plaats", max_length=100)
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="vestigingen"
    )

    class Meta:
        verbose_name = "vestiging"
        verbose_name_plural = "vestigingen"
        ordering = ["aanbieder", "plaats", "naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.plaats})"


class Contactpersoon(models.Model):
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.CASCADE, related_name="contactpersonen")
    naam = models.CharField("naam", max_length=200)
    functie = models.CharField("functie", max_length=200, blank=True)
    email = models.EmailField("e-mail", blank=True)
    telefoon = models.CharField("telefoon", max_length=20, blank=True)

    class Meta:
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"
        ordering = ["aanbieder", "naam"]

    def __str__(self) -> str:
        return self.naam


# --- quality ---------------------------------------------------------------------------------


class Kwaliteitseis(models.Model):
    """A minimum quality requirement, set for one purchasing model or for every model under a law."""

    code = models.SlugField("code", max_length=60)
    naam = models.CharField("naam", max_length=200)
    omschrijving = models.TextField("omschrijving", blank=True)
    inkoopmodel = models.ForeignKey(
        "catalogus.Inkoopmodel", on_delete=models.CASCADE, null=True, blank=True, related_name="kwaliteitseisen"
    )
    wet = models.CharField("wet", max_length=10, choices=Wet.choices, blank=True)
    bewijs_vereist = models.BooleanField("bewijs met geldigheid vereist", default=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "kwaliteitseis"
        verbose_name_plural = "kwaliteitseisen"
        ordering = ["volgorde", "naam"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(inkoopmodel__isnull=False) & Q(wet="")) | (Q(inkoopmodel__isnull=True) & ~Q(wet="")),
                name="kwaliteitseis_model_of_wet",
            ),
            models.UniqueConstraint(fields=["code", "inkoopmodel"], name="kwaliteitseis_code_per_model"),
            models.UniqueConstraint(
                fields=["code", "wet"], condition=Q(inkoopmodel__isnull=True), name="kwaliteitseis_code_per_wet"
            ),
        ]

    def __str__(self) -> str:
        return self.naam


def bewijs_opslag() -> FileSystemStorage:
    """Uploaded evidence lives outside the web root, under the var directory; it is served only
    through ``contractering:bewijs-bestand``, which checks who may see it."""
    return FileSystemStorage(location=settings.VAR_DIR / "uploads")


class Kwaliteitsbewijs(models.Model):
    """A provider's evidence for a requirement (certificate, register extract, VOG), valid for a period."""

    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.CASCADE, related_name="kwaliteitsbewijzen")
    kwaliteitseis = models.ForeignKey(Kwaliteitseis, on_delete=models.PROTECT, related_name="bewijzen")
    omschrijving = models.CharField("omschrijving", max_length=250)
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)
    bestand = models.FileField(
        "bestand", upload_to="kwaliteitsbewijzen/%Y/", storage=bewijs_opslag, blank=True, max_length=200
    )
    bestandsnaam = models.CharField("oorspronkelijke bestandsnaam", max_length=200, blank=True)
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)
    vastgelegd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "kwaliteitsbewijs"
        verbose_name_plural = "kwaliteitsbewijzen"
        ordering = ["aanbieder", "kwaliteitseis", "-geldig_van"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="kwaliteitsbewijs_periode_geldig",
            )
        ]

    def __str__(self) -> str:
        return f"{self.aanbieder}: {self.kwaliteitseis}"

    def is_verlopen_op(self, datum: dt.date) -> bool:
        return self.geldig_tot is not None and self.geldig_tot < datum


# --- procurement -----------------------------------------------------------------------------


# The procedures come from the one shared vocabulary (catalogus/data/vocabulaire.yaml): ``Procedure``
# are the procedures a real contract can be bought with; ``OPEN_PROCEDURES`` lead to agreements with
# every provider that accepts the terms (no ranking).


class Inkoopprocedure(ApiResource):
    """How a purchasing model is bought, and the terms its framework agreements get."""

    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.CASCADE, related_name="procedures")
    soort = models.CharField("procedure", max_length=30, choices=Procedure.choices)
    naam = models.CharField("naam", max_length=200)
    omschrijving = models.TextField("omschrijving", blank=True)
    initiele_looptijd_maanden = models.PositiveSmallIntegerField("initiële looptijd (maanden)", default=24)
    verlengopties = models.PositiveSmallIntegerField("aantal verlengopties", default=2)
    verlengduur_maanden = models.PositiveSmallIntegerField("duur van één verlenging (maanden)", default=12)
    toetredingsmomenten_per_jaar = models.PositiveSmallIntegerField(
        "toetredingsmomenten per jaar", default=2, help_text="Semi-open contractering: 0 is een gesloten procedure."
    )
    omzetgarantie = models.BooleanField("omzetgarantie", default=False)

    class Meta:
        verbose_name = "inkoopprocedure"
        verbose_name_plural = "inkoopprocedures"
        ordering = ["inkoopmodel", "naam"]
        constraints = [
            models.CheckConstraint(condition=Q(initiele_looptijd_maanden__gt=0), name="procedure_looptijd_positief"),
            models.CheckConstraint(condition=Q(toetredingsmomenten_per_jaar__lte=12), name="procedure_max_momenten"),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def is_open(self) -> bool:
        return self.soort in OPEN_PROCEDURES


class Procedurefase(models.Model):
    """A stage of a procedure (announcement, dialogue, publication, contracting, implementation)."""

    procedure = models.ForeignKey(Inkoopprocedure, on_delete=models.CASCADE, related_name="fasen")
    volgorde = models.PositiveSmallIntegerField("volgorde")
    naam = models.CharField("naam", max_length=200)
    begindatum = models.DateField("begindatum", null=True, blank=True)
    einddatum = models.DateField("einddatum", null=True, blank=True)

    class Meta:
        verbose_name = "procedurefase"
        verbose_name_plural = "procedurefasen"
        ordering = ["procedure", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "volgorde"], name="procedurefase_volgorde_uniek"),
            models.CheckConstraint(
                condition=Q(einddatum__isnull=True) | Q(begindatum__isnull=True) | Q(einddatum__gte=F("begindatum")),
                name="procedurefase_periode",
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Toetredingsronde(ApiResource):
    """A moment at which providers may apply (semi-open contracting), with its periods."""

    procedure = models.ForeignKey(Inkoopprocedure, on_delete=models.CASCADE, related_name="rondes")
    naam = models.CharField("naam", max_length=200)
    aanmelden_van = models.DateField("aanmelden vanaf")
    aanmelden_tot = models.DateField("aanmelden tot en met")
    beoordelen_tot = models.DateField("beoordelen tot en met")
    ingangsdatum = models.DateField(
        "ingangsdatum contract", help_text="Toegelaten aanbieders zijn vanaf dan gecontracteerd."
    )
    tijdens_looptijd = models.BooleanField(
        "tijdens lopende contracten",
        default=True,
        help_text="Nieuwkomers moeten dan een aanvullend aanbod op het gecontracteerde aanbod onderbouwen.",
    )
    gesloten_op = models.DateField(
        "vervroegd gesloten op", null=True, blank=True, help_text="Vanaf deze dag kan niemand zich meer aanmelden."
    )

    class Meta:
        verbose_name = "toetredingsronde"
        verbose_name_plural = "toetredingsrondes"
        ordering = ["-aanmelden_van"]
        constraints = [
            models.CheckConstraint(condition=Q(aanmelden_tot__gte=F("aanmelden_van")), name="ronde_aanmeldperiode"),
            models.CheckConstraint(condition=Q(beoordelen_tot__gte=F("aanmelden_tot")), name="ronde_beoordeelperiode"),
            models.CheckConstraint(
                condition=Q(ingangsdatum__gt=F("beoordelen_tot")), name="ronde_ingang_na_beoordeling"
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def is_open_op(self, datum) -> bool:
        if self.gesloten_op is not None and datum >= self.gesloten_op:
            return False
        return self.aanmelden_van <= datum <= self.aanmelden_tot


class Aanmelding(FSMModelMixin, ApiResource):
    """A provider's application in an entry round, for one or more products.

    Its status changes only through the transitions below, run by the services through
    ``uitkomst.utils.overgangen`` (an illegal step is refused; each step appends ``AanmeldingHistorie``).
    """

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("ingediend")
        IN_BEOORDELING = "in_beoordeling", _("in beoordeling")
        TOEGELATEN = "toegelaten", _("toegelaten")
        AFGEWEZEN = "afgewezen", _("afgewezen")
        INGETROKKEN = "ingetrokken", _("ingetrokken")

    ronde = models.ForeignKey(Toetredingsronde, on_delete=models.PROTECT, related_name="aanmeldingen")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="aanmeldingen")
    producten = models.ManyToManyField("catalogus.Product", related_name="aanmeldingen")
    toelichting = models.TextField("toelichting", blank=True)
    is_nieuwkomer = models.BooleanField(
        "nieuwkomer tijdens looptijd", default=False, help_text="Had bij indienen geen lopend contract op dit model."
    )
    aanvullend_aanbod = models.TextField("onderbouwing aanvullend aanbod", blank=True)
    aanvullend_oordeel = models.BooleanField("aanvullend aanbod aangetoond", null=True, blank=True)
    aanvullend_oordeel_toelichting = models.TextField("toelichting oordeel aanvullend aanbod", blank=True)
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.INGEDIEND, protected=True)
    besluit_reden = models.TextField("redenen van het besluit", blank=True)
    ingediend_op = models.DateTimeField("ingediend op", auto_now_add=True)
    ingediend_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raamovereenkomst = models.ForeignKey(
        "Raamovereenkomst", on_delete=models.SET_NULL, null=True, blank=True, related_name="aanmeldingen"
    )
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "aanmelding"
        verbose_name_plural = "aanmeldingen"
        ordering = ["-ingediend_op"]

    def __str__(self) -> str:
        return f"{self.aanbieder} – {self.ronde}"

    # --- the transitions (run them through uitkomst.utils.overgangen) -------------------------------

    @transition(field=status, source=Status.INGEDIEND, target=Status.IN_BEOORDELING)
    def in_beoordeling_nemen(self) -> None:
        """The first assessment (of a requirement or of the complementary offer) starts the review."""

    @transition(field=status, source=Status.IN_BEOORDELING, target=Status.TOEGELATEN)
    def toelaten(self, *, reden: str, raamovereenkomst: Raamovereenkomst) -> str:
        self.besluit_reden, self.raamovereenkomst = reden, raamovereenkomst
        return reden

    @transition(field=status, source=Status.IN_BEOORDELING, target=Status.AFGEWEZEN)
    def afwijzen(self, *, reden: str) -> str:
        self.besluit_reden = reden
        return reden

    @transition(field=status, source=[Status.INGEDIEND, Status.IN_BEOORDELING], target=Status.INGETROKKEN)
    def intrekken(self, *, reden: str = "") -> str:
        return reden

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> AanmeldingHistorie:
        return AanmeldingHistorie(aanmelding=self, van_status=van, naar_status=naar, toelichting=reden, door=door)


class Beoordeling(models.Model):
    """The assessment of one requirement for one application: met or not met, with a note."""

    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="beoordelingen")
    kwaliteitseis = models.ForeignKey(Kwaliteitseis, on_delete=models.PROTECT, related_name="beoordelingen")
    voldaan = models.BooleanField("voldaan")
    notitie = models.TextField("notitie", blank=True)
    reden_verlopen_bewijs = models.TextField(
        "reden om verlopen bewijs te aanvaarden",
        blank=True,
        help_text="Verplicht wanneer 'voldaan' wordt gegeven terwijl het bewijs van de aanbieder verlopen is.",
    )
    beoordeeld_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField("beoordeeld op", auto_now=True)

    class Meta:
        verbose_name = "beoordeling"
        verbose_name_plural = "beoordelingen"
        ordering = ["aanmelding", "kwaliteitseis__volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["aanmelding", "kwaliteitseis"], name="beoordeling_eenmaal_per_eis")
        ]

    def __str__(self) -> str:
        return f"{self.kwaliteitseis}: {'voldaan' if self.voldaan else 'niet voldaan'}"




class AanmeldingHistorie(Statuswijziging):
    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="historie")

    class Meta:
        verbose_name = "statuswijziging aanmelding"
        verbose_name_plural = "statuswijzigingen aanmeldingen"
        ordering = ["aanmelding", "pk"]


# --- framework agreements --------------------------------------------------------------------


class Weergavestatus(models.TextChoices):
    """An agreement's status as a user sees it on a day (``Raamovereenkomst.status_op``)."""

    TOEKOMSTIG = "toekomstig", _("toekomstig")
    ACTIEF = "actief", _("actief")
    VERLENGD = "verlengd", _("verlengd")
    VERLOPEN = "verlopen", _("verlopen")
    OPGESCHORT = "opgeschort", _("opgeschort")
    BEEINDIGD = "beeindigd", _("beëindigd")


class Raamovereenkomst(FSMModelMixin, ApiResource):
    """Provider x purchasing model x contracted products, without turnover guarantee.

    ``einddatum`` is the current last day: the initial term, plus exercised extensions, or the day
    of an early termination. ``initiele_einddatum`` never changes. The status changes only through
    the transitions below, run by the services through ``uitkomst.utils.overgangen`` (an illegal
    step is refused; each step appends ``OvereenkomstHistorie``, as does every other change).
    """

    class Status(models.TextChoices):
        ACTIEF = "actief", _("actief")
        OPGESCHORT = "opgeschort", _("opgeschort")
        BEEINDIGD = "beeindigd", _("beëindigd")

    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="raamovereenkomsten")
    inkoopmodel = models.ForeignKey(
        "catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="raamovereenkomsten"
    )
    procedure = models.ForeignKey(
        Inkoopprocedure, on_delete=models.PROTECT, null=True, blank=True, related_name="raamovereenkomsten"
    )
    producten = models.ManyToManyField(
        "catalogus.Product", through="Contractproduct", related_name="raamovereenkomsten"
    )
    ingangsdatum = models.DateField("ingangsdatum")
    initiele_einddatum = models.DateField("einddatum initiële looptijd")
    einddatum = models.DateField("einddatum (huidig)")
    verlengopties = models.PositiveSmallIntegerField("verlengopties", default=2)
    verlengduur_maanden = models.PositiveSmallIntegerField("duur van één verlenging (maanden)", default=12)
    verlengingen_gebruikt = models.PositiveSmallIntegerField("gebruikte verlengingen", default=0)
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.ACTIEF, protected=True)
    beeindigingsreden = models.TextField("reden van beëindiging", blank=True)
    omzetgarantie = models.BooleanField("omzetgarantie", default=False)
    is_synthetisch = models.BooleanField("synthetisch", default=False)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "raamovereenkomst"
        verbose_name_plural = "raamovereenkomsten"
        ordering = ["aanbieder__naam", "-ingangsdatum"]
        indexes = [models.Index(fields=["aanbieder", "inkoopmodel", "ingangsdatum"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiele_einddatum__gte=F("ingangsdatum")), name="raamovereenkomst_initieel_na_start"
            ),
            models.CheckConstraint(
                condition=Q(einddatum__gte=F("ingangsdatum")), name="raamovereenkomst_eind_na_start"
            ),
            models.CheckConstraint(
                condition=Q(verlengingen_gebruikt__lte=F("verlengopties")), name="raamovereenkomst_max_verlengingen"
            ),
            models.CheckConstraint(condition=Q(omzetgarantie=False), name="raamovereenkomst_geen_omzetgarantie"),
        ]

    def __str__(self) -> str:
        return f"{self.aanbieder} – {self.inkoopmodel}"

    @property
    def verlengopties_over(self) -> int:
        return self.verlengopties - self.verlengingen_gebruikt

    @property
    def maximale_einddatum(self):
        return add_months(self.initiele_einddatum, self.verlengopties * self.verlengduur_maanden)

    def status_op(self, datum: dt.date) -> str:
        """The status a user sees on ``datum``, derived from the stored status and the dates
        (``Weergavestatus``): terminated and suspended first, then before the start, after the end,
        in an exercised extension, else active."""
        if self.status == self.Status.BEEINDIGD:
            return Weergavestatus.BEEINDIGD
        if self.status == self.Status.OPGESCHORT:
            return Weergavestatus.OPGESCHORT
        if datum < self.ingangsdatum:
            return Weergavestatus.TOEKOMSTIG
        if datum > self.einddatum:
            return Weergavestatus.VERLOPEN
        if self.verlengingen_gebruikt and datum > self.initiele_einddatum:
            return Weergavestatus.VERLENGD
        return Weergavestatus.ACTIEF

    def acties_op(self, datum: dt.date) -> list[str]:
        """The changes that fit the status on ``datum`` (``contractering.services`` refuses the rest)."""
        status = self.status_op(datum)
        if status in (Weergavestatus.ACTIEF, Weergavestatus.VERLENGD):
            return [*(["verlengen"] if self.verlengopties_over > 0 else []), "opschorten", "beeindigen"]
        if status == Weergavestatus.OPGESCHORT:
            return ["hervatten", "beeindigen"]
        if status == Weergavestatus.TOEKOMSTIG:
            return ["beeindigen"]
        return []  # verlopen, beëindigd: nothing left to change

    # --- the transitions (run them through uitkomst.utils.overgangen) -------------------------------
    # ``custom["gebeurtenis"]``: the event the history row records for the step.

    @transition(field=status, source=Status.ACTIEF, target=Status.OPGESCHORT, custom={"gebeurtenis": "opgeschort"})
    def opschorten(self, *, reden: str) -> str:
        """From the suspension date the provider gets no new clients under this agreement."""
        return reden

    @transition(field=status, source=Status.OPGESCHORT, target=Status.ACTIEF, custom={"gebeurtenis": "hervat"})
    def hervatten(self, *, toelichting: str = "") -> str:
        return toelichting

    @transition(
        field=status,
        source=[Status.ACTIEF, Status.OPGESCHORT],
        target=Status.BEEINDIGD,
        custom={"gebeurtenis": "beeindigd"},
    )
    def beeindigen(self, *, per, reden: str) -> str:
        """End early: ``per`` becomes the last contracted day."""
        self.einddatum, self.beeindigingsreden = per, reden
        return reden

    def historie_rij(
        self, *, van: str, naar: str, door, reden: str, overgang=None, datum, gebeurtenis: str | None = None, **gegevens
    ) -> OvereenkomstHistorie:
        """A row with a snapshot of the agreement after the change (``naar`` is its status now)."""
        if gebeurtenis is None:
            gebeurtenis = overgang.custom["gebeurtenis"] if overgang else OvereenkomstHistorie.Gebeurtenis.AANGEMAAKT
        return OvereenkomstHistorie(
            raamovereenkomst=self,
            gebeurtenis=gebeurtenis,
            datum=datum,
            toelichting=reden,
            status=naar,
            einddatum=self.einddatum,
            gegevens={
                "producten": sorted(self.producten.values_list("code", flat=True)),
                "verlengingenGebruikt": self.verlengingen_gebruikt,
                **gegevens,
            },
            door=door,
        )


class Contractproduct(models.Model):
    """A product under an agreement, from a date (products added through a later entry round)."""

    raamovereenkomst = models.ForeignKey(Raamovereenkomst, on_delete=models.CASCADE, related_name="contractproducten")
    product = models.ForeignKey("catalogus.Product", on_delete=models.PROTECT, related_name="contractproducten")
    van = models.DateField("gecontracteerd vanaf")

    class Meta:
        verbose_name = "gecontracteerd product"
        verbose_name_plural = "gecontracteerde producten"
        ordering = ["raamovereenkomst", "product__code"]
        constraints = [models.UniqueConstraint(fields=["raamovereenkomst", "product"], name="contractproduct_eenmaal")]

    def __str__(self) -> str:
        return f"{self.product.code} vanaf {self.van:%d-%m-%Y}"


class Opschorting(models.Model):
    """A suspension: on these days the provider is not contracted (no new assignments)."""

    raamovereenkomst = models.ForeignKey(Raamovereenkomst, on_delete=models.CASCADE, related_name="opschortingen")
    van = models.DateField("opgeschort vanaf")
    tot = models.DateField("opgeschort tot en met", null=True, blank=True, help_text="Leeg: tot hervatting.")
    reden = models.TextField("reden")

    class Meta:
        verbose_name = "opschorting"
        verbose_name_plural = "opschortingen"
        ordering = ["raamovereenkomst", "van"]
        constraints = [
            models.CheckConstraint(condition=Q(tot__isnull=True) | Q(tot__gte=F("van")), name="opschorting_periode")
        ]

    def __str__(self) -> str:
        return (
            f"opgeschort {self.van:%d-%m-%Y} – {self.tot:%d-%m-%Y}"
            if self.tot
            else f"opgeschort vanaf {self.van:%d-%m-%Y}"
        )


class OvereenkomstHistorie(AppendOnly):
    """Every change of an agreement, with who, when and a snapshot of the state afterwards."""

    class Gebeurtenis(models.TextChoices):
        AANGEMAAKT = "aangemaakt", _("aangemaakt")
        VERLENGD = "verlengd", _("verlengd")
        OPGESCHORT = "opgeschort", _("opgeschort")
        HERVAT = "hervat", _("hervat")
        BEEINDIGD = "beeindigd", _("beëindigd")
        PRODUCTEN_TOEGEVOEGD = "producten_toegevoegd", _("producten toegevoegd")
        ONDERAANNEMER_GEMELD = "onderaannemer_gemeld", _("onderaannemer gemeld")

    raamovereenkomst = models.ForeignKey(Raamovereenkomst, on_delete=models.CASCADE, related_name="historie")
    gebeurtenis = models.CharField("gebeurtenis", max_length=30, choices=Gebeurtenis.choices)
    datum = models.DateField("met ingang van")
    toelichting = models.TextField("toelichting", blank=True)
    status = models.CharField("status daarna", max_length=20)
    einddatum = models.DateField("einddatum daarna")
    gegevens = models.JSONField("gegevens", default=dict, blank=True)
    door = models.ForeignKey("accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "wijziging raamovereenkomst"
        verbose_name_plural = "wijzigingen raamovereenkomsten"
        ordering = ["raamovereenkomst", "pk"]

    def __str__(self) -> str:
        return f"{self.get_gebeurtenis_display()} per {self.datum:%d-%m-%Y}"


class Onderaanneming(models.Model):
    """A subcontractor of a main provider under its agreement; the main provider stays responsible."""

    raamovereenkomst = models.ForeignKey(Raamovereenkomst, on_delete=models.CASCADE, related_name="onderaannemingen")
    hoofdaanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="+")
    onderaannemer = models.ForeignKey(
        Aanbieder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="onderaannemingen",
        help_text="Als de onderaannemer in Uitkomst bekend is (gecontracteerd of niet).",
    )
    naam = models.CharField("naam onderaannemer", max_length=200)
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, blank=True)
    toelichting = models.TextField("wat de onderaannemer doet", blank=True)
    van = models.DateField("vanaf")
    tot = models.DateField("tot en met", null=True, blank=True)
    gemeld_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gemeld_op = models.DateTimeField("gemeld op", auto_now_add=True)

    class Meta:
        verbose_name = "onderaanneming"
        verbose_name_plural = "onderaannemingen"
        ordering = ["raamovereenkomst", "naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(onderaannemer__isnull=True) | ~Q(onderaannemer=F("hoofdaanbieder")),
                name="onderaannemer_niet_hoofdaanbieder",
            ),
            models.CheckConstraint(condition=Q(tot__isnull=True) | Q(tot__gte=F("van")), name="onderaanneming_periode"),
        ]

    def __str__(self) -> str:
        return self.naam


# --- competitive procedures: award criteria, tenders, scores and the award (issue 17) -------------
#
# The lower half of document 001's framework: a selected set of providers, chosen by a competitive
# procedure (``Inkoopprocedure`` of a competitive kind, see ``catalogus/data/vocabulaire.yaml``).
# One ``Aanbesteding`` is one lot (perceel): a tender with several lots is several Aanbestedingen
# under one procedure. Scale and formula: ``SCORE_MIN``..``SCORE_MAX`` points per criterion; the
# weighted total is sum(weight x points) / SCORE_MAX, so 0..100 (docs/contractering-gunning.md).

SCORE_MIN = 0
SCORE_MAX = 10
OPSCHORTENDE_TERMIJN_DAGEN = 20  # the usual standstill period (Alcatel-termijn), in calendar days


class Aanbesteding(FSMModelMixin, ApiResource):
    """A competitive procedure (one lot) for a purchasing model: award criteria with weights that sum
    to 100, tenders until the deadline, scores, the ranking and the award decision with a standstill
    period; the definitive award creates the framework agreements for at most ``max_aanbieders``."""

    class Status(models.TextChoices):
        OPEN = "open", _("open voor inschrijving")
        IN_BEOORDELING = "in_beoordeling", _("in beoordeling")
        VOORLOPIG_GEGUND = "voorlopig_gegund", _("voorlopig gegund")
        GEGUND = "gegund", _("definitief gegund")

    procedure = models.ForeignKey(Inkoopprocedure, on_delete=models.PROTECT, related_name="aanbestedingen")
    naam = models.CharField("naam", max_length=200)
    perceel = models.CharField(
        "perceel", max_length=200, blank=True, help_text="Leeg: de aanbesteding kent één perceel."
    )
    omschrijving = models.TextField("omschrijving", blank=True)
    producten = models.ManyToManyField("catalogus.Product", related_name="aanbestedingen", verbose_name="producten")
    inschrijven_tot = models.DateField("inschrijven tot en met")
    ingangsdatum = models.DateField("ingangsdatum raamovereenkomsten")
    max_aanbieders = models.PositiveSmallIntegerField("maximaal aantal te selecteren aanbieders")
    opschortende_termijn_dagen = models.PositiveSmallIntegerField(
        "opschortende termijn (dagen)", default=OPSCHORTENDE_TERMIJN_DAGEN
    )
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.OPEN, protected=True)
    is_synthetisch = models.BooleanField("synthetisch", default=False)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "aanbesteding"
        verbose_name_plural = "aanbestedingen"
        ordering = ["-inschrijven_tot", "naam"]
        constraints = [
            models.CheckConstraint(condition=Q(max_aanbieders__gte=1), name="aanbesteding_max_positief"),
            models.CheckConstraint(
                condition=Q(ingangsdatum__gt=F("inschrijven_tot")), name="aanbesteding_ingang_na_inschrijving"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} – {self.perceel}" if self.perceel else self.naam

    def is_open_op(self, datum: dt.date) -> bool:
        return self.status == self.Status.OPEN and datum <= self.inschrijven_tot

    # --- the transitions (run them through uitkomst.utils.overgangen) -------------------------------

    @transition(field=status, source=Status.OPEN, target=Status.IN_BEOORDELING)
    def sluiten(self) -> str:
        return "De inschrijftermijn is verstreken; de beoordeling begint."

    @transition(field=status, source=Status.IN_BEOORDELING, target=Status.VOORLOPIG_GEGUND)
    def voorlopig_gunnen(self, *, toelichting: str = "") -> str:
        return toelichting

    @transition(field=status, source=Status.VOORLOPIG_GEGUND, target=Status.GEGUND)
    def definitief_gunnen(self, *, toelichting: str = "") -> str:
        return toelichting

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> AanbestedingHistorie:
        return AanbestedingHistorie(aanbesteding=self, van_status=van, naar_status=naar, toelichting=reden, door=door)


class Gunningscriterium(models.Model):
    """An award criterion with its weight (all weights of one tender sum to 100), price or quality."""

    class Soort(models.TextChoices):
        KWALITEIT = "kwaliteit", _("kwaliteit")
        PRIJS = "prijs", _("prijs")

    aanbesteding = models.ForeignKey(Aanbesteding, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField("code", max_length=60)
    naam = models.CharField("naam", max_length=200)
    soort = models.CharField("soort", max_length=10, choices=Soort.choices, default=Soort.KWALITEIT)
    weging = models.PositiveSmallIntegerField("weging (procent)")
    omschrijving = models.TextField("omschrijving", blank=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "gunningscriterium"
        verbose_name_plural = "gunningscriteria"
        ordering = ["aanbesteding", "volgorde", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["aanbesteding", "code"], name="gunningscriterium_code_uniek"),
            models.CheckConstraint(condition=Q(weging__gte=1, weging__lte=100), name="gunningscriterium_weging"),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.weging}%)"


class Inschrijving(FSMModelMixin, ApiResource):
    """A provider's tender in a competitive procedure; the award decision grants or rejects it, with reasons."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("ingediend")
        GEGUND = "gegund", _("gegund")
        AFGEWEZEN = "afgewezen", _("afgewezen")

    aanbesteding = models.ForeignKey(Aanbesteding, on_delete=models.PROTECT, related_name="inschrijvingen")
    aanbieder = models.ForeignKey(Aanbieder, on_delete=models.PROTECT, related_name="inschrijvingen")
    toelichting = models.TextField("toelichting (samenvatting van de inschrijving)", blank=True)
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.INGEDIEND, protected=True)
    rang = models.PositiveSmallIntegerField("rang", null=True, blank=True)
    totaal = models.DecimalField("gewogen totaal", max_digits=6, decimal_places=2, null=True, blank=True)
    besluit_reden = models.TextField("redenen van het besluit", blank=True)
    raamovereenkomst = models.ForeignKey(
        Raamovereenkomst, on_delete=models.SET_NULL, null=True, blank=True, related_name="inschrijvingen"
    )
    ingediend_op = models.DateField("ingediend op")
    ingediend_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "inschrijving"
        verbose_name_plural = "inschrijvingen"
        ordering = ["aanbesteding", "aanbieder__naam"]
        constraints = [
            models.UniqueConstraint(fields=["aanbesteding", "aanbieder"], name="inschrijving_eenmaal_per_aanbieder"),
            models.CheckConstraint(condition=Q(totaal__isnull=True) | Q(totaal__gte=0, totaal__lte=100),
                                   name="inschrijving_totaal_0_100"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.aanbieder} – {self.aanbesteding}"

    @transition(field=status, source=Status.INGEDIEND, target=Status.GEGUND)
    def gunnen(self, *, rang: int, totaal, reden: str) -> str:
        self.rang, self.totaal, self.besluit_reden = rang, totaal, reden
        return reden

    @transition(field=status, source=Status.INGEDIEND, target=Status.AFGEWEZEN)
    def afwijzen(self, *, rang: int, totaal, reden: str) -> str:
        self.rang, self.totaal, self.besluit_reden = rang, totaal, reden
        return reden

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> InschrijvingHistorie:
        return InschrijvingHistorie(inschrijving=self, van_status=van, naar_status=naar, toelichting=reden, door=door)


class Score(models.Model):
    """The points one tender gets on one criterion (``SCORE_MIN``..``SCORE_MAX``), with the reason."""

    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.CASCADE, related_name="scores")
    criterium = models.ForeignKey(Gunningscriterium, on_delete=models.PROTECT, related_name="scores")
    punten = models.PositiveSmallIntegerField("punten")
    toelichting = models.TextField("toelichting", blank=True)
    beoordeeld_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    beoordeeld_op = models.DateTimeField("beoordeeld op", auto_now=True)

    class Meta:
        verbose_name = "score"
        verbose_name_plural = "scores"
        ordering = ["inschrijving", "criterium__volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["inschrijving", "criterium"], name="score_eenmaal_per_criterium"),
            models.CheckConstraint(
                condition=Q(punten__gte=SCORE_MIN, punten__lte=SCORE_MAX), name="score_binnen_schaal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterium.naam}: {self.punten}/{SCORE_MAX}"


class Gunningsbesluit(models.Model):
    """The award decision of one tender: when, by whom, the standstill period and the definitive award."""

    aanbesteding = models.OneToOneField(Aanbesteding, on_delete=models.PROTECT, related_name="gunningsbesluit")
    besloten_op = models.DateField("besloten op")
    einde_opschortende_termijn = models.DateField("einde opschortende termijn")
    toelichting = models.TextField("toelichting", blank=True)
    aantal_gegund = models.PositiveSmallIntegerField("aantal gegund")
    besloten_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    definitief_op = models.DateField("definitief gegund op", null=True, blank=True)

    class Meta:
        verbose_name = "gunningsbesluit"
        verbose_name_plural = "gunningsbesluiten"
        constraints = [
            models.CheckConstraint(
                condition=Q(einde_opschortende_termijn__gte=F("besloten_op")), name="gunningsbesluit_termijn"
            ),
            models.CheckConstraint(
                condition=Q(definitief_op__isnull=True) | Q(definitief_op__gte=F("einde_opschortende_termijn")),
                name="gunningsbesluit_definitief_na_termijn",
            ),
        ]

    def __str__(self) -> str:
        return f"Gunningsbesluit {self.aanbesteding} ({self.besloten_op:%d-%m-%Y})"


class AanbestedingHistorie(Statuswijziging):
    aanbesteding = models.ForeignKey(Aanbesteding, on_delete=models.CASCADE, related_name="historie")

    class Meta:
        verbose_name = "statuswijziging aanbesteding"
        verbose_name_plural = "statuswijzigingen aanbestedingen"
        ordering = ["aanbesteding", "pk"]


class InschrijvingHistorie(Statuswijziging):
    inschrijving = models.ForeignKey(Inschrijving, on_delete=models.CASCADE, related_name="historie")

    class Meta:
        verbose_name = "statuswijziging inschrijving"
        verbose_name_plural = "statuswijzigingen inschrijvingen"
        ordering = ["inschrijving", "pk"]
