from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.Model):
    """A named role shipped as data (accounts/data/rollen.yaml)."""

    class Scope(models.TextChoices):
        INSTALLATIE = "installatie", _("hele installatie")
        REGIO = "regio", _("eigen regio")
        GEMEENTE = "gemeente", _("eigen gemeente")
        AANBIEDER = "aanbieder", _("eigen aanbieder")
        VERWIJZER = "verwijzer", _("eigen verwijzingen")

    code = models.SlugField("code", max_length=50, unique=True)
    naam = models.CharField("naam", max_length=200)
    scope = models.CharField("scope", max_length=20, choices=Scope.choices)
    omschrijving = models.TextField("omschrijving", blank=True)
    rechten = models.JSONField("rechten", default=list)

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Gebruiker(AbstractUser):
    """A person using Uitkomst, acting in one role for one organisation."""

    rol = models.ForeignKey(Rol, on_delete=models.PROTECT, null=True, blank=True, verbose_name="rol")
    regio = models.ForeignKey(
        "organisaties.Regio", on_delete=models.PROTECT, null=True, blank=True, verbose_name="regio"
    )
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.PROTECT, null=True, blank=True, verbose_name="gemeente"
    )
    aanbieder = models.ForeignKey(
        "contractering.Aanbieder", on_delete=models.PROTECT, null=True, blank=True, verbose_name="aanbieder"
    )
    verwijzer_code = models.CharField(
        "verwijzer-identificatie",
        max_length=20,
        blank=True,
        help_text="Bijvoorbeeld de AGB-code van de huisarts (rol verwijzer).",
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def has_right(self, right: str) -> bool:
        if self.is_superuser:
            return True
        return bool(self.rol and right in self.rol.rechten)
