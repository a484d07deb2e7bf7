from django.db import models

from uitkomst.utils.models import ApiResource

from .validators import validate_agb, validate_kvk


class Aanbieder(ApiResource):
    """A care provider (zorgaanbieder). Contracting details follow in the contracting issue."""

    class Grootte(models.TextChoices):
        KLEIN = "klein", "klein"
        GROOT = "groot", "groot"

    naam = models.CharField("naam", max_length=200)
    agb_code = models.CharField("AGB-code", max_length=8, unique=True, validators=[validate_agb])
    kvk_nummer = models.CharField("KvK-nummer", max_length=8, validators=[validate_kvk])
    grootte = models.CharField("grootteklasse", max_length=10, choices=Grootte.choices, default=Grootte.KLEIN)
    is_synthetisch = models.BooleanField(
        "synthetisch", default=False, help_text="Verzonnen demo-aanbieder; bestaat niet echt."
    )

    class Meta:
        verbose_name = "aanbieder"
        verbose_name_plural = "aanbieders"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam
