"""The audit log of reads of personal data: who, when, what, why. Rows are never changed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Inzage(models.Model):
    class Kanaal(models.TextChoices):
        PAGINA = "pagina", _("pagina")
        API = "api", _("API")
        EXPORT = "export", _("export (CSV, Excel, PDF)")
        BEHEER = "beheer", _("beheer (admin)")
        CLI = "cli", _("opdrachtregel")

    class Doel(models.TextChoices):
        """Why the data is read (purpose limitation, AVG art. 5): follows from the reader's role
        unless the edge names another."""

        TOEGANG = "toegang", _("toegang: verwijzen, plan en toewijzing")
        VERWIJZING = "verwijzing", _("verwijzing door een verwijzer")
        ZORG = "zorg", _("uitvoering van zorg (aanbieder)")
        DECLARATIE = "declaratie", _("declaraties en betaling")
        BERICHTEN = "berichten", _("berichtenverkeer (iJw/iWmo)")
        STURING = "sturing", _("contractmanagement en sturing")
        PRIVACY = "privacy", _("privacytoezicht")
        BEHEER = "beheer", _("functioneel en technisch beheer")

    op = models.DateTimeField("op", default=timezone.now, db_index=True)
    gebruiker = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gebruikersnaam = models.CharField("gebruikersnaam", max_length=150)
    rol = models.CharField("rol", max_length=50, blank=True)
    kanaal = models.CharField("kanaal", max_length=10, choices=Kanaal.choices)
    doel = models.CharField("doel", max_length=20, choices=Doel.choices, default=Doel.BEHEER, db_index=True)
    pad = models.CharField("pad of opdracht", max_length=300, blank=True)
    objecttype = models.CharField("soort gegeven", max_length=30, default="client")
    object_uuid = models.UUIDField("gelezen rij", null=True, blank=True)
    client_uuid = models.UUIDField("cliënt", db_index=True)
    client_referentie = models.CharField("cliëntreferentie", max_length=12, blank=True, db_index=True)
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
