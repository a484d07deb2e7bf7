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


# --- summaries of the budget forecast (see ``samenvatting``) ----------------------------------------
#
# Triggers (migration 0003) mark a (municipality, month) dirty in ``Budgetvuil`` whenever an invoice
# line, an assignment or a trajectory (its status decides "running") changes, by any path;
# ``samenvatting.bijwerken`` recomputes only the dirty cells before a read or from the scheduled task.


class Declaratiecel(models.Model):
    """Invoice lines of one municipality per month of the period start, law and status: the amount, and
    the amount on running assignments (trajectory assigned, accepted or started)."""

    gemeente_id = models.BigIntegerField()
    maand = models.DateField()
    status = models.CharField(max_length=12)
    wet = models.CharField(max_length=10, blank=True, default="")  # the law of the line's product ("" unknown)
    bedrag = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    lopend = models.DecimalField(max_digits=16, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["gemeente_id", "maand"])]

    def __str__(self) -> str:
        return f"Declaratiecel {self.gemeente_id} {self.maand:%Y-%m} {self.status}"


class Toewijzingcel(models.Model):
    """Assignments of one municipality per product, start month, end month and running or not: how
    many, their budget and their commitment (``verplichting``: the budget, or for a P×Q assignment with
    a volume agreement its tariff times the agreed volume)."""

    gemeente_id = models.BigIntegerField()
    product_id = models.BigIntegerField()
    startmaand = models.DateField()
    eindmaand = models.DateField()
    actief = models.BooleanField()
    aantal = models.PositiveIntegerField()
    budget = models.DecimalField(max_digits=16, decimal_places=2, null=True)
    verplichting = models.DecimalField(max_digits=18, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["gemeente_id", "startmaand"]), models.Index(fields=["actief", "gemeente_id"])]

    def __str__(self) -> str:
        return f"Toewijzingcel {self.gemeente_id} {self.product_id} {self.startmaand:%Y-%m}"


class Budgetvuil(models.Model):
    """A (source, municipality, month) whose cells must be recomputed; written by the triggers only.
    Source "d": invoice lines (month of the period start); "t": assignments (month of the start)."""

    bron = models.CharField(max_length=1)
    gemeente_id = models.BigIntegerField()
    maand = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bron", "gemeente_id", "maand"], name="budgetvuil_uniek")]

    def __str__(self) -> str:
        return f"Budgetvuil {self.bron} {self.gemeente_id} {self.maand:%Y-%m}"
