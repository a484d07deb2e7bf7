"""The audit log of reads of personal data: who, when, what, why. Rows are never changed."""

from django.db import models
from django.utils import timezone


class Inzage(models.Model):
    class Kanaal(models.TextChoices):
        PAGINA = "pagina", "pagina"
        API = "api", "API"

    op = models.DateTimeField("op", default=timezone.now, db_index=True)
    gebruiker = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gebruikersnaam = models.CharField("gebruikersnaam", max_length=150)
    rol = models.CharField("rol", max_length=50, blank=True)
    kanaal = models.CharField("kanaal", max_length=10, choices=Kanaal.choices)
    objecttype = models.CharField("soort gegeven", max_length=30, default="client")
    client_uuid = models.UUIDField("cliënt", db_index=True)
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    wat = models.CharField("wat", max_length=200)
    waarom = models.CharField("waarom", max_length=300)
    bsn_getoond = models.BooleanField("volledig BSN getoond", default=False)

    class Meta:
        verbose_name = "inzage"
        verbose_name_plural = "auditlog (inzage persoonsgegevens)"
        ordering = ["-op", "-pk"]
        indexes = [models.Index(fields=["gemeente", "op"])]

    def __str__(self) -> str:
        return f"{self.op:%d-%m-%Y %H:%M} {self.gebruikersnaam}: {self.wat}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Het auditlog wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Het auditlog kan niet worden verwijderd.")
