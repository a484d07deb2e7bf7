"""A long simulation run as a task: its input, its progress and, once done, its result or refusal.

Not a life cycle with states to govern: a run is waiting or running until ``klaar_op`` is set, then
it holds either ``resultaat`` or ``fout``. Only the task writes progress; only its creator reads it.
"""

from django.db import models

from uitkomst.utils.models import ApiResource


class Simulatierun(ApiResource):
    aangemaakt_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.CASCADE, related_name="+")
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    invoer = models.JSONField("invoer", default=dict)
    stap = models.PositiveSmallIntegerField("stap", default=0)
    van = models.PositiveSmallIntegerField("van", default=3)
    resultaat = models.JSONField("resultaat", null=True, blank=True)
    fout = models.JSONField("fout", null=True, blank=True)
    klaar_op = models.DateTimeField("klaar op", null=True, blank=True)

    class Meta:
        verbose_name = "simulatierun"
        verbose_name_plural = "simulatieruns"
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"Simulatie {self.invoer.get('jaar')} ({self.invoer.get('runs')} runs)"

    @property
    def klaar(self) -> bool:
        return self.klaar_op is not None

    @property
    def voortgang(self) -> float:
        return 1.0 if self.klaar else (self.stap / self.van if self.van else 0.0)
