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
from django.utils.translation import gettext_lazy as _

from uitkomst.utils.models import ApiResource

GEBRUIKER = "accounts.Gebruiker"


class Soort(models.TextChoices):
    ACCEPTATIE_OVERSCHREDEN = "acceptatie_overschreden", _("niet op tijd geaccepteerd")
    AFWIJZING = "afwijzing", _("toewijzing geweigerd")
    STAPELING = "stapeling", _("poging tot stapeling")
    BUDGET = "budget", _("prognose boven het budgetplafond")
    SEGMENT_C = "segment_c", _("duur traject (segment C)")
    KWALITEITSBEWIJS_VERLOOPT = "kwaliteitsbewijs_verloopt", _("kwaliteitsbewijs verlopen")
    LANGE_WACHTTIJD = "lange_wachttijd", _("lange wachttijd")
    UITKOMST_AFWIJKEND = "uitkomst_afwijkend", _("uitkomst wijkt af van de benchmark")


class Ernst(models.TextChoices):
    INFO = "info", _("ter informatie")
    AANDACHT = "aandacht", _("aandacht nodig")
    HOOG = "hoog", _("dringend")


class Status(models.TextChoices):
    OPEN = "open", _("open")
    AFGEHANDELD = "afgehandeld", _("afgehandeld")


class Onderwerp(models.TextChoices):
    """What a signal is about, when it is about one object (``onderwerp_id`` holds its key)."""

    TRAJECT = "traject", _("traject")
    STAPELPOGING = "stapelpoging", _("poging tot stapeling")
    UITZONDERING = "stapelinguitzondering", _("uitzondering op stapeling")
    KWALITEITSBEWIJS = "kwaliteitsbewijs", _("kwaliteitsbewijs")
    AANBIEDER = "aanbieder", _("aanbieder")
    GEMEENTE = "gemeente", _("gemeente")


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
