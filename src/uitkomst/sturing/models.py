"""Steering: a fictitious local budget ceiling per municipality per year.

The signal centre's one model is ``signalen.Signaal``; ``services.signalen_verversen`` refreshes it
daily from the facts elsewhere (segment C, long waits, stacking exceptions, outcome outliers, a
forecast above the ceiling) and runs the daily sources of trajecten and contractering.
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
