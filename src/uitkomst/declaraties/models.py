"""Invoices (declaraties) for every funding variant, credit lines, payment runs and the agreements
the invoice rules need that the assignment does not carry.

A ``Declaratie`` is one provider's invoice for one period; its ``Declaratieregel`` rows each claim
one thing (an installment of a payment schedule, weeks in care, units delivered, a lump-sum month).
Every line is judged on its own (partial acceptance): refused lines keep all their reasons. A line
is never edited: a correction is a credit line that references the original (``crediteert``).
Approved lines are paid in a ``Betaalronde`` of one municipality, with a statement per provider.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uitkomst.utils.models import ApiResource

GEBRUIKER = "accounts.Gebruiker"
GELD = {"max_digits": 12, "decimal_places": 2}


class Beeindigingsregel(models.Model):
    """What a trajectory that ends early (drop-out) earns, per payment schedule of a model.

    Without a rule the default is pro rata (days in care against the assigned period)."""

    class Regel(models.TextChoices):
        PRO_RATA = "pro-rata", _("naar rato van de dagen in zorg")
        VAST_AANDEEL = "vast-aandeel", _("een vast aandeel van het bedrag")

    betaalschema = models.OneToOneField(
        "catalogus.Betaalschema", on_delete=models.CASCADE, related_name="beeindigingsregel"
    )
    regel = models.CharField("regel bij voortijdige beëindiging", max_length=20, choices=Regel.choices)
    aandeel = models.DecimalField(
        "vast aandeel (fractie)", max_digits=5, decimal_places=4, null=True, blank=True, help_text="Bijv. 0.5000."
    )

    class Meta:
        verbose_name = "regel bij voortijdige beëindiging"
        verbose_name_plural = "regels bij voortijdige beëindiging"
        constraints = [
            models.CheckConstraint(
                condition=Q(regel="pro-rata") | (Q(aandeel__gt=0) & Q(aandeel__lte=1)),
                name="beeindigingsregel_aandeel",
            )
        ]

    def __str__(self) -> str:
        if self.regel == self.Regel.VAST_AANDEEL:
            return f"vast aandeel {self.aandeel:.0%}"
        return self.get_regel_display()


class Volumeafspraak(models.Model):
    """The assigned volume (units) of an effort-based (P×Q) assignment: the ceiling of what is paid."""

    toewijzing = models.OneToOneField("trajecten.Toewijzing", on_delete=models.CASCADE, related_name="volumeafspraak")
    volume = models.DecimalField("toegewezen volume (eenheden)", max_digits=10, decimal_places=2)
    vastgelegd_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    vastgelegd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "volumeafspraak (P×Q)"
        verbose_name_plural = "volumeafspraken (P×Q)"
        constraints = [models.CheckConstraint(condition=Q(volume__gt=0), name="volumeafspraak_positief")]

    def __str__(self) -> str:
        return f"{self.volume} eenheden"


class Lumpsumafspraak(ApiResource):
    """Task-based funding: a yearly amount for a contracted party, paid per schedule, no client lines."""

    nummer = models.CharField("nummer", max_length=20, unique=True)
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="lumpsumafspraken")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalogus.Product", on_delete=models.PROTECT, related_name="+")
    omschrijving = models.CharField("omschrijving", max_length=200, blank=True)
    jaarbedrag = models.DecimalField("bedrag per jaar (EUR)", **GELD)
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met")
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "lumpsumafspraak"
        verbose_name_plural = "lumpsumafspraken"
        constraints = [
            models.CheckConstraint(condition=Q(jaarbedrag__gt=0), name="lumpsum_bedrag_positief"),
            models.CheckConstraint(condition=Q(geldig_tot__gte=models.F("geldig_van")), name="lumpsum_periode"),
        ]

    def __str__(self) -> str:
        return f"Lumpsum {self.nummer}"


class Declaratie(ApiResource):
    class Bron(models.TextChoices):
        FORMULIER = "formulier", _("formulier")
        UPLOAD = "upload", _("bestand (CSV/Excel)")
        API = "api", _("API")
        DEMO = "demo", _("demo")

    nummer = models.CharField("declaratienummer", max_length=12, unique=True)
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="declaraties")
    begindatum = models.DateField("periode van")
    einddatum = models.DateField("periode tot en met")
    totaal_ingediend = models.DecimalField("totaal ingediend (EUR)", **GELD)
    totaal_toegekend = models.DecimalField("totaal toegekend (EUR)", **GELD)
    totaal_afgewezen = models.DecimalField("totaal afgewezen (EUR)", **GELD)
    aantal_regels = models.PositiveIntegerField("regels", default=0)
    aantal_afgewezen = models.PositiveIntegerField("afgewezen regels", default=0)
    bron = models.CharField("bron", max_length=10, choices=Bron.choices, default=Bron.FORMULIER)
    ingediend_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ingediend_op = models.DateTimeField("ingediend op", default=timezone.now)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "declaratie"
        verbose_name_plural = "declaraties"
        ordering = ["-ingediend_op", "-pk"]
        indexes = [models.Index(fields=["aanbieder", "begindatum"])]
        constraints = [
            models.CheckConstraint(condition=Q(einddatum__gte=models.F("begindatum")), name="declaratie_periode")
        ]

    def __str__(self) -> str:
        return f"Declaratie {self.nummer}"


class Regelstatus(models.TextChoices):
    AFGEWEZEN = "afgewezen", _("afgewezen")
    TOEGEKEND = "toegekend", _("toegekend (wacht op goedkeuring)")
    GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
    BETAALD = "betaald", _("betaald")


# A line in one of these counts: it claims (or, as a credit, releases) part of an assignment.
TELT = (Regelstatus.TOEGEKEND, Regelstatus.GOEDGEKEURD, Regelstatus.BETAALD)


class Declaratieregel(ApiResource):
    """One claim. Amount, period and reference never change after saving (credit instead)."""

    INHOUD = frozenset(
        {
            "declaratie",
            "regelnummer",
            "toewijzing",
            "lumpsumafspraak",
            "termijn",
            "begindatum",
            "einddatum",
            "aantal",
            "tarief",
            "bedrag",
            "crediteert",
            "gemeente",
            "aanbieder",
            "product",
            "client",
        }
    )

    declaratie = models.ForeignKey(Declaratie, on_delete=models.PROTECT, related_name="regels")
    regelnummer = models.PositiveIntegerField("regel")
    referentie = models.CharField("opgegeven toewijzing of afspraak", max_length=20, blank=True)
    # DO_NOTHING on purpose (as trajecten does for clients): the database refuses, at commit, to
    # delete an assignment or client that has invoice lines (iJw TR385), while the demo loader can
    # replace a synthetic region in one transaction.
    toewijzing = models.ForeignKey(
        "trajecten.Toewijzing", on_delete=models.DO_NOTHING, null=True, blank=True, related_name="declaratieregels"
    )
    lumpsumafspraak = models.ForeignKey(
        Lumpsumafspraak, on_delete=models.PROTECT, null=True, blank=True, related_name="regels"
    )
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    gemeente = models.ForeignKey(
        "organisaties.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="De woongemeente van de cliënt bij indienen: die betaalt.",
    )
    client = models.ForeignKey("toegang.Client", on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+")
    product = models.ForeignKey("catalogus.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    bekostiging = models.CharField("bekostigingsvorm", max_length=20, blank=True)
    termijn = models.PositiveSmallIntegerField("termijn van het betaalschema", null=True, blank=True)
    begindatum = models.DateField("periode van")
    einddatum = models.DateField("periode tot en met")
    aantal = models.DecimalField("aantal", max_digits=10, decimal_places=2, null=True, blank=True)
    tarief = models.DecimalField("tarief (EUR)", **GELD, null=True, blank=True)
    bedrag = models.DecimalField("bedrag (EUR)", **GELD)
    crediteert = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="creditregels")
    status = models.CharField("status", max_length=12, choices=Regelstatus.choices)
    redenen = models.JSONField("redenen van afwijzing", default=list, blank=True)
    goedgekeurd_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    goedgekeurd_op = models.DateTimeField(null=True, blank=True)
    betaalronde = models.ForeignKey(
        "Betaalronde", on_delete=models.PROTECT, null=True, blank=True, related_name="regels"
    )

    class Meta:
        verbose_name = "declaratieregel"
        verbose_name_plural = "declaratieregels"
        ordering = ["declaratie", "regelnummer"]
        indexes = [
            models.Index(fields=["toewijzing", "status"]),
            models.Index(fields=["gemeente", "status"]),
            models.Index(fields=["aanbieder", "status"]),
            models.Index(fields=["lumpsumafspraak", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["declaratie", "regelnummer"], name="declaratieregel_nummer_uniek"),
            models.CheckConstraint(condition=Q(einddatum__gte=models.F("begindatum")), name="declaratieregel_periode"),
        ]

    def __str__(self) -> str:
        return f"{self.declaratie_id}-{self.regelnummer}"

    @property
    def is_credit(self) -> bool:
        return self.crediteert_id is not None

    @property
    def kenmerk(self) -> str:
        return f"{self.declaratie.nummer}-{self.regelnummer}"

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if self.pk is not None and (fields is None or self.INHOUD & set(fields)):
            raise ValueError("Een declaratieregel wordt nooit gewijzigd; corrigeer met een creditregel.")
        super().save(*args, **kwargs)


class Betaalronde(ApiResource):
    """A payment run of one municipality: approved lines grouped per provider (see Betaalspecificatie)."""

    nummer = models.CharField("nummer", max_length=20, unique=True)
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    totaal = models.DecimalField("totaal (EUR)", **GELD)
    aantal_regels = models.PositiveIntegerField("regels", default=0)
    aangemaakt_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "betaalronde"
        verbose_name_plural = "betaalrondes"
        ordering = ["-aangemaakt_op", "-pk"]

    def __str__(self) -> str:
        return f"Betaalronde {self.nummer}"


class Betaalspecificatie(models.Model):
    """The statement for one provider in a payment run: what is paid, what is set off (credits)."""

    betaalronde = models.ForeignKey(Betaalronde, on_delete=models.CASCADE, related_name="specificaties")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    debet = models.DecimalField("debet (EUR)", **GELD)
    credit = models.DecimalField("credit (EUR)", **GELD)
    totaal = models.DecimalField("te betalen (EUR)", **GELD)
    aantal_regels = models.PositiveIntegerField("regels")

    class Meta:
        verbose_name = "betaalspecificatie"
        verbose_name_plural = "betaalspecificaties"
        ordering = ["betaalronde", "aanbieder__naam"]
        constraints = [
            models.UniqueConstraint(fields=["betaalronde", "aanbieder"], name="betaalspecificatie_uniek"),
        ]

    def __str__(self) -> str:
        return f"Specificatie {self.aanbieder_id}"


# --- derived tables, kept by database triggers (migration 0002, see ``samenvatting``) -----------------


class Declaratiegemeente(models.Model):
    """A municipality with at least one line on an invoice: the scope of the invoice list for finance and
    the region (``accounts.policy``). An invoice may carry lines of several municipalities (a line pays
    the client's municipality of residence), so the header has no municipality of its own. Written by
    triggers on the invoice lines only (insert, change, delete), rebuilt after a bulk load."""

    declaratie = models.ForeignKey(Declaratie, on_delete=models.CASCADE, related_name="gemeentekoppelingen")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "gemeente op een declaratie"
        verbose_name_plural = "gemeenten op declaraties"
        constraints = [
            models.UniqueConstraint(fields=["declaratie", "gemeente"], name="declaratiegemeente_uniek"),
        ]
        indexes = [models.Index(fields=["gemeente", "declaratie"])]

    def __str__(self) -> str:
        return f"{self.declaratie_id} {self.gemeente_id}"


class Betaalcel(models.Model):
    """Approved and paid invoice lines (``goedgekeurd``, ``betaald``), net of credits, per assignment or
    lump sum, provider, municipality, product and the months of the period's start (``maand``) and end
    (``eindmaand``): what the legitimacy report (``selectors.legitimiteit``) reads. Amounts in cents, so
    SQLite adds them exactly; ``budget_centen`` is the assignment's budget (its changes mark the cells
    dirty too). Cells of a dirty (municipality, month) are recomputed by ``samenvatting.bijwerken``."""

    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    aanbieder = models.ForeignKey(
        "contractering.Aanbieder", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    toewijzing_id = models.BigIntegerField(null=True)
    lumpsumafspraak_id = models.BigIntegerField(null=True)
    product_id = models.BigIntegerField(null=True)
    maand = models.DateField()
    eindmaand = models.DateField()
    centen = models.BigIntegerField()
    budget_centen = models.BigIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["gemeente", "maand"]), models.Index(fields=["aanbieder", "maand"])]

    def __str__(self) -> str:
        return f"Betaalcel {self.gemeente_id} {self.maand:%Y-%m} {self.toewijzing_id or self.lumpsumafspraak_id}"


class Betaalvuil(models.Model):
    """A (municipality, month of the period start) whose ``Betaalcel`` rows must be recomputed; written by
    the triggers only (an invoice line changed, or the budget of an assignment with lines there)."""

    gemeente_id = models.BigIntegerField()
    maand = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente_id", "maand"], name="betaalvuil_uniek")]

    def __str__(self) -> str:
        return f"Betaalvuil {self.gemeente_id} {self.maand:%Y-%m}"


class Betaalstand(models.Model):
    """The data version of the payment summary (``utils.db.Samenvatting.stand``): a new token whenever
    its cells change; the legitimacy report is cached under it."""

    naam = models.CharField(max_length=40, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.naam}: {self.token}"
