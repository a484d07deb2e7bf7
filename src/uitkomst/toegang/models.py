"""Access to care. This foundation holds the client and the referral; the access issue adds the
family plan, goals, choice and assignment."""

from django.db import models

from uitkomst.utils.models import ApiResource


class Verwijzer(models.TextChoices):
    """Codelist COD327 (Code verwijzer), the authorised referrers for youth care."""

    GEMEENTE = "01", "Gemeentelijke toegang"
    HUISARTS = "02", "Huisarts"
    JEUGDARTS = "03", "Jeugdarts"
    GECERTIFICEERDE_INSTELLING = "04", "Gecertificeerde instelling"
    MEDISCH_SPECIALIST = "05", "Medisch specialist"


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
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "verwijzing"
        verbose_name_plural = "verwijzingen"
        indexes = [models.Index(fields=["gemeente", "datum"]), models.Index(fields=["product", "datum"])]

    def __str__(self) -> str:
        return f"Verwijzing {self.datum:%d-%m-%Y}"
