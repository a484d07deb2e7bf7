"""Historical care for the tariff design: legacy effort-based (PxQ) lines per client per product,
the mapping of legacy products to profile x intensity, and saved designs.

A history is a region's own record of one reference year before the transition, built by the demo
(synthetic) or imported from a CSV/Excel file. Clients are pseudonyms only: the design needs a
client's lines together, never who the client is.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uitkomst.utils.models import ApiResource

GELD = {"max_digits": 12, "decimal_places": 2}


class Historie(ApiResource):
    class Bron(models.TextChoices):
        DEMO = "demo", _("demo (synthetisch)")
        IMPORT = "import", _("import (CSV/Excel)")

    regio = models.ForeignKey("organisaties.Regio", on_delete=models.PROTECT, related_name="+")
    naam = models.CharField("naam", max_length=200)
    referentiejaar = models.PositiveSmallIntegerField("referentiejaar")
    bron = models.CharField("bron", max_length=10, choices=Bron.choices)
    is_synthetisch = models.BooleanField("synthetisch", default=False)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "historie (P×Q)"
        verbose_name_plural = "historie (P×Q)"
        ordering = ["regio", "-referentiejaar", "naam"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.referentiejaar})"


class Historieregel(models.Model):
    """One invoiced legacy product for one client in the reference year (quantity x unit price)."""

    historie = models.ForeignKey(Historie, on_delete=models.CASCADE, related_name="regels")
    client_ref = models.CharField("cliënt (pseudoniem)", max_length=64)
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey(
        "contractering.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product_code = models.CharField("oud product", max_length=30)
    product_naam = models.CharField("omschrijving oud product", max_length=200, blank=True)
    eenheid = models.CharField("eenheid", max_length=20)
    aantal = models.DecimalField("aantal", max_digits=10, decimal_places=2)
    bedrag = models.DecimalField("bedrag (EUR)", **GELD)
    begindatum = models.DateField("van")
    einddatum = models.DateField("tot en met")
    # The profile and intensity the access team gave the client at re-assessment, when known:
    # the data the mapping proposal is derived from.
    profiel_code = models.CharField("profiel bij herindicatie", max_length=20, blank=True)
    intensiteit_code = models.CharField("intensiteit bij herindicatie", max_length=20, blank=True)

    class Meta:
        verbose_name = "historieregel"
        verbose_name_plural = "historieregels"
        indexes = [models.Index(fields=["historie", "product_code"]), models.Index(fields=["historie", "client_ref"])]
        constraints = [
            models.CheckConstraint(condition=Q(einddatum__gte=models.F("begindatum")), name="historieregel_periode"),
            models.CheckConstraint(condition=Q(aantal__gte=0), name="historieregel_aantal"),
        ]

    def __str__(self) -> str:
        return f"{self.client_ref} {self.product_code}: {self.bedrag}"


class Productkoppeling(models.Model):
    """Which profile x intensity a legacy product maps to (no profile: deliberately left unmapped)."""

    class Bron(models.TextChoices):
        VOORSTEL = "voorstel", _("voorstel uit de data")
        HANDMATIG = "handmatig", _("door de contractmanager")

    historie = models.ForeignKey(Historie, on_delete=models.CASCADE, related_name="koppelingen")
    product_code = models.CharField("oud product", max_length=30)
    profiel = models.ForeignKey("catalogus.Profiel", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    intensiteit = models.ForeignKey(
        "catalogus.Intensiteit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bron = models.CharField("bron", max_length=10, choices=Bron.choices)
    zekerheid = models.DecimalField("aandeel cliënten in deze cel", max_digits=5, decimal_places=4, null=True)
    gewijzigd_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "productkoppeling"
        verbose_name_plural = "productkoppelingen"
        ordering = ["historie", "product_code"]
        constraints = [
            models.UniqueConstraint(fields=["historie", "product_code"], name="koppeling_uniek"),
            models.CheckConstraint(
                condition=Q(profiel__isnull=True, intensiteit__isnull=True)
                | Q(profiel__isnull=False, intensiteit__isnull=False),
                name="koppeling_profiel_en_intensiteit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_code} -> {self.profiel_id or 'niet gekoppeld'}"


class Ontwerp(ApiResource):
    """A saved design: the rule, its parameters, the outcome per cell, and the draft tariffs it made."""

    historie = models.ForeignKey(Historie, on_delete=models.PROTECT, related_name="ontwerpen")
    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="+")
    regel = models.CharField("regel", max_length=20)
    parameters = models.JSONField("parameters", default=dict)
    resultaat = models.JSONField("resultaat", default=dict)
    ingangsdatum = models.DateField("ingangsdatum concepttarieven")
    concepttarieven = models.ManyToManyField("catalogus.Tarief", related_name="+", blank=True)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "tariefontwerp"
        verbose_name_plural = "tariefontwerpen"
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"Tariefontwerp {self.regel} ({self.ingangsdatum})"
