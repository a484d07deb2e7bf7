"""The one signal centre: every fact the region should look at is one ``Signaal``.

Sources elsewhere (trajecten: acceptance overdue, declines, refused stacking; sturing: segment C,
long waits, outcome outliers, budget, stacking exceptions; contractering: quality evidence expiring)
write through ``services.signaal_create``. A signal belongs to exactly one region (``regio``, never
null), so every read can be scoped by it; ``gemeente`` and ``aanbieder`` narrow it further. The
``sleutel`` is stable per source fact and unique within its ``soort``, so running a source again
never duplicates a signal and a handled signal keeps its note.

This app sits above accounts/organisaties/catalogus and below contractering: it refers to the
provider by string only.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from uitkomst.utils.models import ApiResource

GEBRUIKER = "accounts.Gebruiker"


class Soort(models.TextChoices):
    ACCEPTATIE_OVERSCHREDEN = "acceptatie_overschreden", "niet op tijd geaccepteerd"
    AFWIJZING = "afwijzing", "toewijzing geweigerd"
    STAPELING = "stapeling", "poging tot stapeling"
    BUDGET = "budget", "prognose boven het budgetplafond"
    SEGMENT_C = "segment_c", "duur traject (segment C)"
    KWALITEITSBEWIJS_VERLOOPT = "kwaliteitsbewijs_verloopt", "kwaliteitsbewijs verlopen"
    LANGE_WACHTTIJD = "lange_wachttijd", "lange wachttijd"
    UITKOMST_AFWIJKEND = "uitkomst_afwijkend", "uitkomst wijkt af van de benchmark"


class Ernst(models.TextChoices):
    INFO = "info", "ter informatie"
    AANDACHT = "aandacht", "aandacht nodig"
    HOOG = "hoog", "dringend"


class Status(models.TextChoices):
    OPEN = "open", "open"
    AFGEHANDELD = "afgehandeld", "afgehandeld"


class Onderwerp(models.TextChoices):
    """What a signal is about, when it is about one object (``onderwerp_id`` holds its key)."""

    TRAJECT = "traject", "traject"
    STAPELPOGING = "stapelpoging", "poging tot stapeling"
    UITZONDERING = "stapelinguitzondering", "uitzondering op stapeling"
    KWALITEITSBEWIJS = "kwaliteitsbewijs", "kwaliteitsbewijs"
    AANBIEDER = "aanbieder", "aanbieder"
    GEMEENTE = "gemeente", "gemeente"


# The severity a source gets when it does not say otherwise.
STANDAARD_ERNST: dict[str, str] = {
    Soort.ACCEPTATIE_OVERSCHREDEN: Ernst.AANDACHT,
    Soort.AFWIJZING: Ernst.HOOG,
    Soort.STAPELING: Ernst.AANDACHT,
    Soort.BUDGET: Ernst.HOOG,
    Soort.SEGMENT_C: Ernst.AANDACHT,
    Soort.KWALITEITSBEWIJS_VERLOOPT: Ernst.HOOG,
    Soort.LANGE_WACHTTIJD: Ernst.AANDACHT,
    Soort.UITKOMST_AFWIJKEND: Ernst.AANDACHT,
}


class Signaal(ApiResource):
    Soort = Soort
    Ernst = Ernst
    Status = Status
    Onderwerp = Onderwerp

    soort = models.CharField("soort", max_length=30, choices=Soort.choices)
    sleutel = models.CharField(
        "sleutel", max_length=120, help_text="Stabiel per feit van de bron; uniek binnen de soort."
    )
    ernst = models.CharField("ernst", max_length=10, choices=Ernst.choices, default=Ernst.AANDACHT)
    titel = models.CharField("titel", max_length=200)
    omschrijving = models.TextField("omschrijving")
    regio = models.ForeignKey("organisaties.Regio", on_delete=models.PROTECT, related_name="signalen")
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="signalen"
    )
    aanbieder = models.ForeignKey(
        "contractering.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, related_name="signalen"
    )
    onderwerp_type = models.CharField("onderwerp", max_length=30, choices=Onderwerp.choices, blank=True)
    onderwerp_id = models.CharField("sleutel van het onderwerp", max_length=64, blank=True)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.OPEN)
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)
    aangemaakt_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    afgehandeld_op = models.DateTimeField("afgehandeld op", null=True, blank=True)
    afgehandeld_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    toelichting = models.TextField("toelichting bij afhandeling", blank=True)

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            models.Index(fields=["regio", "status"], name="signaal_regio_status"),
            models.Index(fields=["gemeente", "status"], name="signaal_gemeente_status"),
            models.Index(fields=["soort", "status"], name="signaal_soort_status"),
            models.Index(fields=["onderwerp_type", "onderwerp_id"], name="signaal_onderwerp"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["soort", "sleutel"], name="signaal_uniek_per_soort"),
            models.CheckConstraint(
                condition=(Q(status=Status.OPEN) & Q(afgehandeld_op__isnull=True))
                | (Q(status=Status.AFGEHANDELD) & Q(afgehandeld_op__isnull=False)),
                name="signaal_afgehandeld_met_datum",
            ),
            models.CheckConstraint(
                condition=(Q(onderwerp_type="") & Q(onderwerp_id="")) | (~Q(onderwerp_type="") & ~Q(onderwerp_id="")),
                name="signaal_onderwerp_compleet",
            ),
        ]

    def __str__(self) -> str:
        return self.titel or self.omschrijving

    @property
    def is_afgehandeld(self) -> bool:
        return self.status == Status.AFGEHANDELD

    @property
    def traject_uuid(self) -> str | None:
        """The trajectory this signal is about (for links), or None."""
        return self.onderwerp_id if self.onderwerp_type == Onderwerp.TRAJECT else None
