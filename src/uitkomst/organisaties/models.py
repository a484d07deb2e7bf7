from django.core.validators import RegexValidator
from django.db import models

from uitkomst.utils.models import ApiResource


class Regio(ApiResource):
    """A region of municipalities that buys care jointly (e.g. IJsselland)."""

    code = models.SlugField("code", max_length=50, unique=True)
    naam = models.CharField("naam", max_length=200)
    omschrijving = models.TextField("omschrijving", blank=True)

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Gemeente(ApiResource):
    """A municipality, identified by its CBS municipality code (4 digits)."""

    cbs_code = models.CharField(
        "CBS-gemeentecode",
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", "Een CBS-gemeentecode bestaat uit vier cijfers.")],
    )
    naam = models.CharField("naam", max_length=200)
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="gemeenten", verbose_name="regio")
    inwoners = models.PositiveIntegerField(
        "inwoners (afgerond)",
        null=True,
        blank=True,
        help_text="Afgerond inwonertal; alleen gebruikt om demogegevens plausibel te verdelen.",
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam
