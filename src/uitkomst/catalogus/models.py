"""The purchasing-model catalogue (inkoopmodel): one schema for every funding variant.

A model has rows (profielen: support profiles, result areas, arrangements or product groups) and
columns (intensiteiten); a product is usually one cell of that grid, but may stand outside it
(support elements, maatwerk, PxQ units, a lump sum). Tariffs are versioned by validity period.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from uitkomst.utils.geld import format_euro
from uitkomst.utils.models import ApiResource

from .vocabulaire import Wet  # the one list of laws (data/vocabulaire.yaml)


class Bekostigingsvorm(models.TextChoices):
    """Funding variant of a product; the iJw execution variant follows from it."""

    TRAJECT = "traject", _("Trajectprijs")
    WEEK = "week", _("Weektarief")
    ARRANGEMENT = "arrangement", _("Arrangement (vast bedrag per kind)")
    INSPANNING = "inspanning", _("Inspanningsgericht (P×Q)")
    TAAK = "taak", _("Taakgericht (lumpsum)")
    # Wmo lines (issue 17): a fixed amount per calendar month (integral home support, the lease of an
    # aid including maintenance), and a fixed price per item (the purchase of an aid), both outputgericht
    PERIODE = "periode", _("Resultaat per periode (maandtarief)")
    STUK = "stuk", _("Prijs per stuk (aankoop)")


UITVOERINGSVARIANT = {
    Bekostigingsvorm.TRAJECT: "outputgericht",
    Bekostigingsvorm.WEEK: "outputgericht",
    Bekostigingsvorm.ARRANGEMENT: "outputgericht",
    Bekostigingsvorm.INSPANNING: "inspanningsgericht",
    Bekostigingsvorm.TAAK: "taakgericht",
    Bekostigingsvorm.PERIODE: "outputgericht",
    Bekostigingsvorm.STUK: "outputgericht",
}

# WMO020 product categories of aids (hulpmiddelen): wheelchairs, transport aids, housing adaptations,
# other aids. An aid is paid once: a purchase once per assignment, a lease once per period.
HULPMIDDEL_CATEGORIEEN = frozenset({"11", "12", "13", "14"})


class Tariefeenheid(models.TextChoices):
    TRAJECT = "traject", _("per traject")
    WEEK = "week", _("per week")
    KIND = "kind", _("per kind (arrangement)")
    UUR = "uur", _("per uur")
    DAGDEEL = "dagdeel", _("per dagdeel")
    ETMAAL = "etmaal", _("per etmaal")
    MAAND = "maand", _("per maand")
    JAAR = "jaar", _("per jaar")
    STUK = "stuk", _("per stuk")
    RIT = "rit", _("per rit")


class IjwEenheid(models.TextChoices):
    """Codelist WJ756 (iJw/iWmo 3.2): unit in which volume is expressed in messages."""

    MINUUT = "01", _("01 Minuut")
    UUR = "04", _("04 Uur")
    ETMAAL = "14", _("14 Etmaal")
    DAGDEEL = "16", _("16 Dagdeel (4 uur)")
    STUKS_OUTPUT = "82", _("82 Stuks (output)")
    EUROS = "83", _("83 Euro's")
    STUKS_INSPANNING = "84", _("84 Stuks (inspanning)")


class Inkoopmodel(ApiResource):
    regio = models.ForeignKey("organisaties.Regio", on_delete=models.PROTECT, related_name="inkoopmodellen")
    code = models.SlugField("code", max_length=80)
    naam = models.CharField("naam", max_length=200)
    wet = models.CharField("wet", max_length=10, choices=Wet.choices)
    omschrijving = models.TextField("omschrijving", blank=True)
    bron = models.TextField("bron", blank=True, help_text="Waar het model op gebaseerd is.")
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)
    is_referentiemodel = models.BooleanField("referentiemodel", default=False)
    dataversie = models.PositiveIntegerField(
        "versie van het databestand", default=0, help_text="0 voor modellen die niet uit een databestand komen."
    )

    class Meta:
        verbose_name = "inkoopmodel"
        verbose_name_plural = "inkoopmodellen"
        ordering = ["regio__naam", "-geldig_van", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["regio", "code"], name="inkoopmodel_code_uniek_per_regio"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="inkoopmodel_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Profiel(models.Model):
    """A row of the model: support profile, result area, arrangement or product group."""

    class Soort(models.TextChoices):
        ONDERSTEUNINGSPROFIEL = "ondersteuningsprofiel", _("ondersteuningsprofiel")
        RESULTAATGEBIED = "resultaatgebied", _("resultaatgebied")
        ARRANGEMENT = "arrangement", _("arrangement")
        PRODUCTGROEP = "productgroep", _("productgroep")

    inkoopmodel = models.ForeignKey(Inkoopmodel, on_delete=models.CASCADE, related_name="profielen")
    soort = models.CharField("soort", max_length=30, choices=Soort.choices)
    code = models.CharField("code", max_length=20)
    nummer = models.PositiveSmallIntegerField("nummer", null=True, blank=True)
    naam = models.CharField("naam", max_length=200)
    omschrijving = models.TextField("omschrijving", blank=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "profiel"
        verbose_name_plural = "profielen"
        ordering = ["inkoopmodel", "volgorde", "code"]
        constraints = [models.UniqueConstraint(fields=["inkoopmodel", "code"], name="profiel_code_uniek")]

    def __str__(self) -> str:
        return f"{self.nummer}. {self.naam}" if self.nummer else self.naam


class Intensiteit(models.Model):
    inkoopmodel = models.ForeignKey(Inkoopmodel, on_delete=models.CASCADE, related_name="intensiteiten")
    code = models.CharField("code", max_length=20)
    naam = models.CharField("naam", max_length=100)
    omschrijving = models.TextField("omschrijving", blank=True)
    maximale_duur_maanden = models.PositiveSmallIntegerField("maximale duur (maanden)", null=True, blank=True)
    duur_illustratief = models.BooleanField("duur is illustratief", default=False)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "intensiteit"
        verbose_name_plural = "intensiteiten"
        ordering = ["inkoopmodel", "volgorde", "code"]
        constraints = [models.UniqueConstraint(fields=["inkoopmodel", "code"], name="intensiteit_code_uniek")]

    def __str__(self) -> str:
        return self.naam


class Betaalschema(models.Model):
    """How a product's fixed amount is paid out: shares at moments (start, end, monthly)."""

    inkoopmodel = models.ForeignKey(Inkoopmodel, on_delete=models.CASCADE, related_name="betaalschemas")
    code = models.CharField("code", max_length=40)
    naam = models.CharField("naam", max_length=200)
    omschrijving = models.TextField("omschrijving", blank=True)

    class Meta:
        verbose_name = "betaalschema"
        verbose_name_plural = "betaalschema's"
        constraints = [models.UniqueConstraint(fields=["inkoopmodel", "code"], name="betaalschema_code_uniek")]

    def __str__(self) -> str:
        return self.naam


class Betaaltermijn(models.Model):
    class Moment(models.TextChoices):
        START = "start", _("bij de start")
        EINDE = "einde", _("bij afsluiting")
        MAANDELIJKS = "maandelijks", _("maandelijks")

    betaalschema = models.ForeignKey(Betaalschema, on_delete=models.CASCADE, related_name="termijnen")
    volgorde = models.PositiveSmallIntegerField("volgorde")
    moment = models.CharField("moment", max_length=20, choices=Moment.choices)
    aandeel = models.DecimalField("aandeel (fractie van het bedrag)", max_digits=5, decimal_places=4)
    aantal = models.PositiveSmallIntegerField("aantal keer", default=1, help_text="Bijv. 12 maandelijkse delen.")

    class Meta:
        verbose_name = "betaaltermijn"
        verbose_name_plural = "betaaltermijnen"
        ordering = ["betaalschema", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["betaalschema", "volgorde"], name="betaaltermijn_volgorde_uniek"),
            models.CheckConstraint(condition=Q(aandeel__gt=0) & Q(aandeel__lte=1), name="betaaltermijn_aandeel"),
        ]

    def __str__(self) -> str:
        return f"{self.aandeel:.2%} {self.get_moment_display()}" + (f" (×{self.aantal})" if self.aantal > 1 else "")


class Product(ApiResource):
    class Soort(models.TextChoices):
        REGULIER = "regulier", _("regulier")
        ONDERSTEUNINGSELEMENT = "ondersteuningselement", _("ondersteuningselement")
        MAATWERK = "maatwerk", _("maatwerk")

    inkoopmodel = models.ForeignKey(Inkoopmodel, on_delete=models.CASCADE, related_name="producten")
    code = models.CharField("productcode (model)", max_length=30)
    naam = models.CharField("naam", max_length=250)
    omschrijving = models.TextField("omschrijving", blank=True)
    profiel = models.ForeignKey(Profiel, on_delete=models.PROTECT, null=True, blank=True, related_name="producten")
    intensiteit = models.ForeignKey(
        Intensiteit, on_delete=models.PROTECT, null=True, blank=True, related_name="producten"
    )
    soort = models.CharField("soort", max_length=30, choices=Soort.choices, default=Soort.REGULIER)
    bekostiging = models.CharField("bekostigingsvorm", max_length=20, choices=Bekostigingsvorm.choices)
    tariefeenheid = models.CharField("tariefeenheid", max_length=20, choices=Tariefeenheid.choices)
    ijw_eenheid = models.CharField("eenheid (WJ756)", max_length=2, choices=IjwEenheid.choices)
    productcategorie = models.CharField(
        "productcategorie (JZ020/WMO020)", max_length=2, help_text="Landelijke productcategorie voor berichten."
    )
    productcode_ijw = models.CharField(
        "productcode (iJw/iWmo)", max_length=5, blank=True, help_text="Vijf tekens; leeg bij alleen een categorie."
    )
    betaalschema = models.ForeignKey(
        Betaalschema, on_delete=models.PROTECT, null=True, blank=True, related_name="producten"
    )
    mag_stapelen = models.BooleanField(
        "mag naast een ander traject",
        default=False,
        help_text="Uitzondering op 'geen stapeling', bijvoorbeeld crisishulp of een ondersteuningselement.",
    )
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "producten"
        ordering = ["inkoopmodel", "profiel__volgorde", "intensiteit__volgorde", "code"]
        constraints = [
            models.UniqueConstraint(fields=["inkoopmodel", "code"], name="product_code_uniek_per_model"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="product_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.naam}"

    @property
    def uitvoeringsvariant(self) -> str:
        return UITVOERINGSVARIANT[self.bekostiging]

    @property
    def is_maatwerk(self) -> bool:
        return self.soort == self.Soort.MAATWERK


class Tarief(ApiResource):
    """One version of a product's tariff; a revision adds a version, history stays."""

    class Status(models.TextChoices):
        # A draft (e.g. proposed by the tariff design) is never a budget until it is set.
        CONCEPT = "concept", _("concept")
        VASTGESTELD = "vastgesteld", _("vastgesteld")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="tarieven")
    bedrag = models.DecimalField("bedrag (EUR)", max_digits=12, decimal_places=2)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.VASTGESTELD)
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)
    illustratief = models.BooleanField(
        "illustratief tarief",
        default=False,
        help_text="Niet uit een bron: een verzonnen, illustratief bedrag.",
    )
    toelichting = models.TextField("toelichting", blank=True)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "tarief"
        verbose_name_plural = "tarieven"
        ordering = ["product", "geldig_van"]
        constraints = [
            models.UniqueConstraint(fields=["product", "geldig_van"], name="tarief_ingangsdatum_uniek"),
            models.CheckConstraint(condition=Q(bedrag__gte=0), name="tarief_niet_negatief"),
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="tarief_periode_geldig",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.code}: {format_euro(self.bedrag)} ({self.geldig_van})"


class Kostensegment(models.Model):
    """A cost band of a model; a band may demand an extra check (IJsselland: segment C > EUR 25,000)."""

    inkoopmodel = models.ForeignKey(Inkoopmodel, on_delete=models.CASCADE, related_name="kostensegmenten")
    code = models.CharField("code", max_length=10)
    naam = models.CharField("naam", max_length=100)
    ondergrens = models.DecimalField("boven (EUR)", max_digits=12, decimal_places=2)
    bovengrens = models.DecimalField("tot en met (EUR)", max_digits=12, decimal_places=2, null=True, blank=True)
    extra_controle = models.BooleanField("extra controle (vier ogen)", default=False)
    illustratief = models.BooleanField("grenzen illustratief", default=False)
    toelichting = models.TextField("toelichting", blank=True)

    class Meta:
        verbose_name = "kostensegment"
        verbose_name_plural = "kostensegmenten"
        ordering = ["inkoopmodel", "ondergrens"]
        constraints = [
            models.UniqueConstraint(fields=["inkoopmodel", "code"], name="kostensegment_code_uniek"),
            models.CheckConstraint(
                condition=Q(bovengrens__isnull=True) | Q(bovengrens__gt=F("ondergrens")),
                name="kostensegment_grenzen",
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Uitsluiting(models.Model):
    """Care the model does not cover, with the reason (e.g. child protection, pgb)."""

    inkoopmodel = models.ForeignKey(Inkoopmodel, on_delete=models.CASCADE, related_name="uitsluitingen")
    code = models.SlugField("code", max_length=50)
    naam = models.CharField("naam", max_length=200)
    reden = models.TextField("reden")

    class Meta:
        verbose_name = "uitsluiting"
        verbose_name_plural = "uitsluitingen"
        ordering = ["inkoopmodel", "naam"]
        constraints = [models.UniqueConstraint(fields=["inkoopmodel", "code"], name="uitsluiting_code_uniek")]

    def __str__(self) -> str:
        return self.naam
