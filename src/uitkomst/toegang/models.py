"""Access to care. This foundation holds the client and the referral; the access issue adds the
family plan, goals, choice and assignment."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uitkomst.utils.models import ApiResource


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
