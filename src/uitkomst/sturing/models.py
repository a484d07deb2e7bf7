"""Steering: a fictitious local budget ceiling per municipality per year, and the signal centre.

A ``Signaal`` is materialised by ``services.signalen_verversen`` from the facts elsewhere (expensive
segment C trajectories, long waits, declined or overdue acceptances, stacking exceptions, providers
whose outcomes differ from the benchmark, expired quality evidence, a forecast above the ceiling).
It is unique per kind and key, so a refresh never duplicates and a handled signal keeps its note.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from uitkomst.utils.models import ApiResource

GEBRUIKER = "accounts.Gebruiker"


class Budgetplafond(ApiResource):
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField("jaar")
    bedrag = models.DecimalField("plafond (EUR)", max_digits=14, decimal_places=2)
    toelichting = models.TextField("toelichting", blank=True)
    vastgesteld_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    vastgesteld_op = models.DateTimeField(default=timezone.now)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "budgetplafond (fictief, lokaal)"
        verbose_name_plural = "budgetplafonds"
        ordering = ["gemeente__naam", "jaar"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "jaar"], name="budgetplafond_een_per_jaar"),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="budgetplafond_positief"),
        ]

    def __str__(self) -> str:
        return f"Plafond {self.gemeente_id} {self.jaar}"


class Signaal(ApiResource):
    class Soort(models.TextChoices):
        SEGMENT_C = "segment-c", "duur traject (segment C)"
        WACHTTIJD = "wachttijd", "lange wachttijd"
        WEIGERING = "weigering", "toewijzing geweigerd"
        ACCEPTATIE = "acceptatie-verlopen", "niet op tijd geaccepteerd"
        STAPELING = "stapeling", "poging tot stapeling"
        UITVAL = "uitval-afwijkend", "uitval wijkt af van de benchmark"
        TEVREDENHEID = "tevredenheid-afwijkend", "tevredenheid wijkt af van de benchmark"
        KWALITEIT = "kwaliteit-verlopen", "kwaliteitsbewijs verlopen"
        BUDGET = "budget-overschreden", "prognose boven het budgetplafond"

    soort = models.CharField("soort", max_length=30, choices=Soort.choices)
    sleutel = models.CharField("sleutel", max_length=80, help_text="Maakt het signaal uniek binnen zijn soort.")
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aanbieder = models.ForeignKey(
        "contractering.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    traject_uuid = models.UUIDField("traject", null=True, blank=True)
    omschrijving = models.TextField("omschrijving")
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    afgehandeld_op = models.DateTimeField("afgehandeld op", null=True, blank=True)
    afgehandeld_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    notitie = models.TextField("notitie bij afhandeling", blank=True)

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            models.Index(fields=["gemeente", "afgehandeld_op"]),
            models.Index(fields=["soort", "afgehandeld_op"]),
        ]
        constraints = [models.UniqueConstraint(fields=["soort", "sleutel"], name="sturing_signaal_uniek")]

    def __str__(self) -> str:
        return self.omschrijving

    @property
    def is_afgehandeld(self) -> bool:
        return self.afgehandeld_op is not None
