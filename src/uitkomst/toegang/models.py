"""Access to care. This foundation holds the client and the referral; the access issue adds the
family plan, goals, choice and assignment."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.utils.models import ApiResource, Statuswijziging


class Verwijzer(models.TextChoices):
    """Codelist COD327 (Code verwijzer), the authorised referrers for youth care."""

    GEMEENTE = "01", _("Gemeentelijke toegang")
    HUISARTS = "02", _("Huisarts")
    JEUGDARTS = "03", _("Jeugdarts")
    GECERTIFICEERDE_INSTELLING = "04", _("Gecertificeerde instelling")
    MEDISCH_SPECIALIST = "05", _("Medisch specialist")


class Client(ApiResource):
    """A resident with a support need. Only what access needs; the BSN is never stored in the clear."""

    bsn_versleuteld = models.TextField("BSN (versleuteld)")
    bsn_pseudoniem = models.CharField("BSN-pseudoniem", max_length=64, unique=True)
    geboortedatum = models.DateField("geboortedatum")
    gemeente = models.ForeignKey(
        "organisaties.Gemeente",
        on_delete=models.PROTECT,
        related_name="clienten",
        verbose_name="woongemeente",
    )
    is_synthetisch = models.BooleanField("synthetisch", default=False)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "cliënt"
        verbose_name_plural = "cliënten"

    def __str__(self) -> str:
        return f"Cliënt {str(self.uuid)[:8]}"


class Verwijzing(ApiResource):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="verwijzingen")
    gemeente = models.ForeignKey(
        "organisaties.Gemeente",
        on_delete=models.PROTECT,
        related_name="verwijzingen",
        verbose_name="gemeente",
        help_text="De woongemeente op de verwijsdatum; die betaalt.",
    )
    verwijzer_type = models.CharField("soort verwijzer", max_length=2, choices=Verwijzer.choices)
    verwijzer_code = models.CharField("identificatie verwijzer", max_length=20, blank=True)
    verwijzer_naam = models.CharField("naam verwijzer", max_length=200, blank=True)
    datum = models.DateField("verwijsdatum")
    is_verkort = models.BooleanField("verkort verwijsformulier", default=False)
    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        "catalogus.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verwijzingen",
        help_text="Profiel en intensiteit; bij een verkorte verwijzing vult de toegang dit later in.",
    )
    toelichting = models.TextField("hulpvraag / toelichting", blank=True)
    aangemaakt_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)
    aangevuld_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangevuld_op = models.DateTimeField("aangevuld door de toegang op", null=True, blank=True)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "verwijzing"
        verbose_name_plural = "verwijzingen"
        indexes = [
            models.Index(fields=["gemeente", "datum"]),
            models.Index(fields=["product", "datum"]),
            models.Index(fields=["verwijzer_code", "datum"]),
        ]

    def __str__(self) -> str:
        return f"Verwijzing {self.datum:%d-%m-%Y}"


class Gezinsplan(ApiResource):
    """The family plan (youth) or support plan (Wmo): the goals (the *what*) agreed with the client,
    and the profile and intensity the referrer chose for them, with a motivation.

    Foreign keys to the client and the referral use DO_NOTHING on purpose: the database refuses to
    delete a referral that still has a plan (deferred constraint, checked at commit), while the demo
    loader can replace a whole synthetic region in one transaction without loading every row.
    """

    class Soort(models.TextChoices):
        GEZINSPLAN = "gezinsplan", _("gezinsplan")
        ONDERSTEUNINGSPLAN = "ondersteuningsplan", _("ondersteuningsplan")

    class Maatwerkstatus(models.TextChoices):
        GEEN = "", _("geen maatwerk")
        WACHT = "wacht", _("wacht op goedkeuring")
        GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")

    verwijzing = models.OneToOneField(Verwijzing, on_delete=models.DO_NOTHING, related_name="plan")
    client = models.ForeignKey(Client, on_delete=models.DO_NOTHING, related_name="plannen")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    soort = models.CharField("soort plan", max_length=20, choices=Soort.choices, default=Soort.GEZINSPLAN)
    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        "catalogus.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Gekozen profiel en intensiteit (of maatwerk).",
    )
    motivering = models.TextField("motivering profiel en intensiteit", blank=True)
    maatwerk_prijs = models.DecimalField("maatwerkprijs (EUR)", max_digits=12, decimal_places=2, null=True, blank=True)
    maatwerk_motivering = models.TextField("motivering maatwerkprijs", blank=True)
    maatwerk_status = models.CharField(
        "maatwerk", max_length=12, choices=Maatwerkstatus.choices, default=Maatwerkstatus.GEEN, blank=True
    )
    maatwerk_aangevraagd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    maatwerk_goedgekeurd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    maatwerk_goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    opgesteld_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "gezinsplan"
        verbose_name_plural = "gezinsplannen"
        indexes = [models.Index(fields=["gemeente", "maatwerk_status"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display().capitalize()} {str(self.uuid)[:8]}"


class Doel(models.Model):
    """One goal of a plan: what must be reached (the provider decides how)."""

    plan = models.ForeignKey(Gezinsplan, on_delete=models.CASCADE, related_name="doelen")
    volgorde = models.PositiveSmallIntegerField("volgorde")
    omschrijving = models.TextField("omschrijving")

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["plan", "volgorde"]
        constraints = [models.UniqueConstraint(fields=["plan", "volgorde"], name="doel_volgorde_uniek")]

    def __str__(self) -> str:
        return self.omschrijving


# --- personal budget (pgb, issue 17 point 5) ---------------------------------------------------


class PgbbesluitHistorie(Statuswijziging):
    """One status change of a pgb decision: rows are added, never changed or removed."""

    besluit = models.ForeignKey("Pgbbesluit", on_delete=models.CASCADE, related_name="historie")

    class Meta:
        verbose_name = "statuswijziging pgb-besluit"
        verbose_name_plural = "statuswijzigingen pgb-besluiten"
        ordering = ["besluit", "pk"]


class Pgbbesluit(FSMModelMixin, ApiResource):
    """The decision for a personal budget (pgb) instead of care in kind: the client buys the support
    itself from a budget for a period. Wmo: the client's choice (recorded). Jeugdwet: only when the
    contracted care in kind does not fit, with the reason recorded (document 003).

    Payment runs through the SVB and stays outside Uitkomst; the amount is the municipality's
    commitment, counted in the budgets pro rata by days (``selectors.pgb_verplichtingen``).
    Rules live in ``services.py``; the status changes run through ``uitkomst.utils.overgangen``.
    """

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", _("aangevraagd")
        TOEGEKEND = "toegekend", _("toegekend")
        AFGEWEZEN = "afgewezen", _("afgewezen")
        INGETROKKEN = "ingetrokken", _("ingetrokken")
        BEEINDIGD = "beeindigd", _("beëindigd")

    class Tariefgrondslag(models.TextChoices):
        GEEN = "", _("niet vastgelegd")
        PROFESSIONEEL = "professioneel", _("professioneel tarief")
        INFORMEEL = "informeel", _("tarief sociaal netwerk (informeel)")

    client = models.ForeignKey(Client, on_delete=models.DO_NOTHING, related_name="pgb_besluiten")
    gemeente = models.ForeignKey(
        "organisaties.Gemeente",
        on_delete=models.PROTECT,
        related_name="pgb_besluiten",
        verbose_name="gemeente",
        help_text="De woongemeente bij de aanvraag; die kent het budget toe.",
    )
    wet = models.CharField("wet", max_length=10, choices=Wet.choices)
    plan = models.ForeignKey(
        Gezinsplan,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="pgb_besluiten",
        verbose_name="gezinsplan / ondersteuningsplan",
    )
    verwijzing = models.ForeignKey(
        Verwijzing, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="pgb_besluiten"
    )
    bedrag = models.DecimalField("budget voor de periode (EUR)", max_digits=12, decimal_places=2)
    ingangsdatum = models.DateField("ingangsdatum")
    einddatum = models.DateField("einddatum (tot en met)")
    beeindigd_op = models.DateField(
        "beëindigd per", null=True, blank=True, help_text="Laatste dag van het budget bij een tussentijdse beëindiging."
    )
    tariefgrondslag = models.CharField(
        "tariefgrondslag", max_length=20, choices=Tariefgrondslag.choices, default=Tariefgrondslag.GEEN, blank=True
    )
    keuze_client = models.BooleanField(
        "keuze van de cliënt", default=False, help_text="Wmo: de cliënt kiest een pgb in plaats van zorg in natura."
    )
    reden = models.TextField(
        "reden", blank=True, help_text="Jeugdwet: waarom het gecontracteerde aanbod in natura niet passend is."
    )
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.AANGEVRAAGD, protected=True)
    besluit_toelichting = models.TextField("toelichting bij het besluit", blank=True)
    aangevraagd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    besloten_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    besloten_op = models.DateTimeField("besloten op", null=True, blank=True)
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "pgb-besluit"
        verbose_name_plural = "pgb-besluiten"
        ordering = ["-ingangsdatum", "-pk"]
        indexes = [
            models.Index(fields=["gemeente", "status", "ingangsdatum"]),
            models.Index(fields=["client", "wet"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="pgbbesluit_bedrag_positief"),
            models.CheckConstraint(condition=Q(einddatum__gte=F("ingangsdatum")), name="pgbbesluit_periode_oplopend"),
            models.CheckConstraint(
                condition=Q(beeindigd_op__isnull=True)
                | (Q(beeindigd_op__gte=F("ingangsdatum")) & Q(beeindigd_op__lte=F("einddatum"))),
                name="pgbbesluit_beeindiging_in_periode",
            ),
            models.CheckConstraint(condition=Q(wet__in=Wet.values), name="pgbbesluit_wet_bekend"),
        ]

    def __str__(self) -> str:
        return f"Pgb-besluit {str(self.uuid)[:8]} ({self.get_status_display()})"

    @property
    def laatste_dag(self):
        """The last day the budget runs: the end date, or the earlier date it was ended on."""
        return self.beeindigd_op or self.einddatum

    # --- the life cycle (run the steps through uitkomst.utils.overgangen) ------------------------

    # ``wie`` is the access worker taking the step (the history row names it too); the text returned
    # is the reason in the history row.

    @transition(field=status, source=Status.AANGEVRAAGD, target=Status.TOEGEKEND)
    def toekennen(self, *, wie, toelichting: str = "") -> str:
        self.besloten_door, self.besloten_op, self.besluit_toelichting = wie, timezone.now(), toelichting
        return toelichting or "Pgb toegekend."

    @transition(field=status, source=Status.AANGEVRAAGD, target=Status.AFGEWEZEN)
    def afwijzen(self, *, wie, toelichting: str) -> str:
        self.besloten_door, self.besloten_op, self.besluit_toelichting = wie, timezone.now(), toelichting
        return toelichting

    @transition(field=status, source=[Status.AANGEVRAAGD, Status.TOEGEKEND], target=Status.INGETROKKEN)
    def intrekken(self, *, wie, toelichting: str) -> str:
        return toelichting

    @transition(field=status, source=Status.TOEGEKEND, target=Status.BEEINDIGD)
    def beeindigen(self, *, wie, per, toelichting: str) -> str:
        self.beeindigd_op = per
        return toelichting

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> PgbbesluitHistorie:
        return PgbbesluitHistorie(besluit=self, van_status=van, naar_status=naar, toelichting=reden, door=door)
