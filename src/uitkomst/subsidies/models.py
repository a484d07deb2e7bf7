"""Subsidy relations: a funding form of their own, next to contracts (issue 17, point 1).

A municipality sets a subsidy scheme (``Subsidieregeling``) with a ceiling per year; a provider
applies (``Subsidieaanvraag``); the municipality grants (``Subsidieverlening``) per provider and year
with the results agreed (``Prestatie``: indicator and target) and the obligations and conditions
(``Subsidieverplichting``); advances are scheduled and paid (``Voorschot``); the provider reports the
results realised (``Verantwoording`` with one ``Verantwoordingsregel`` per agreed result); the final
settlement (``Vaststelling``) fixes the amount and any reclaim (paid advances minus the fixed amount).

Every aggregate carries its municipality and (except the scheme) its provider. Rules live in
``services.py``; status changes run through ``uitkomst.utils.overgangen`` and append a history row;
the database adds what it can enforce itself (non-negative amounts, one grant per provider, scheme
and year, a reclaim and an additional payment never both).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.utils.models import ApiResource, Statuswijziging

GELD = {"max_digits": 12, "decimal_places": 2}





class Subsidieregeling(ApiResource):
    """A municipality's subsidy scheme (e.g. sheltered housing, collective day activities) with its
    ceiling (subsidieplafond) per subsidy year: the grants of one year together stay within it."""

    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="subsidieregelingen")
    naam = models.CharField("naam", max_length=200)
    wet = models.CharField("wet", max_length=20, choices=Wet.choices)
    doel = models.TextField("doel", blank=True)
    van_jaar = models.PositiveSmallIntegerField("eerste subsidiejaar")
    tot_jaar = models.PositiveSmallIntegerField("laatste subsidiejaar")
    plafond = models.DecimalField("subsidieplafond per jaar", **GELD)
    is_synthetisch = models.BooleanField("synthetisch", default=False)
    aangemaakt_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "subsidieregeling"
        verbose_name_plural = "subsidieregelingen"
        ordering = ["gemeente", "-van_jaar", "naam"]
        constraints = [
            models.CheckConstraint(condition=Q(plafond__gte=0), name="subsidieregeling_plafond_niet_negatief"),
            models.CheckConstraint(condition=Q(tot_jaar__gte=F("van_jaar")), name="subsidieregeling_jaren_oplopend"),
            models.UniqueConstraint(fields=["gemeente", "naam", "van_jaar"], name="subsidieregeling_eenmaal"),
        ]

    def __str__(self) -> str:
        jaren = str(self.van_jaar) if self.van_jaar == self.tot_jaar else f"{self.van_jaar}–{self.tot_jaar}"
        return f"{self.naam} ({jaren})"

    def geldt_in(self, jaar: int) -> bool:
        return self.van_jaar <= jaar <= self.tot_jaar


class Subsidieaanvraag(FSMModelMixin, ApiResource):
    """A provider's application under a scheme for one subsidy year."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("ingediend")
        VERLEEND = "verleend", _("verleend")
        AFGEWEZEN = "afgewezen", _("afgewezen")

    regeling = models.ForeignKey(Subsidieregeling, on_delete=models.PROTECT, related_name="aanvragen")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="subsidieaanvragen")
    jaar = models.PositiveSmallIntegerField("subsidiejaar")
    aangevraagd_bedrag = models.DecimalField("aangevraagd bedrag", **GELD)
    ingediend_op = models.DateField("ingediend op")
    toelichting = models.TextField("toelichting", blank=True)
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.INGEDIEND, protected=True)
    besluit_reden = models.TextField("reden van het besluit", blank=True)
    ingediend_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "subsidieaanvraag"
        verbose_name_plural = "subsidieaanvragen"
        ordering = ["-jaar", "regeling", "aanbieder"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aangevraagd_bedrag__gte=0), name="subsidieaanvraag_bedrag_niet_negatief"
            ),
            models.UniqueConstraint(fields=["aanbieder", "regeling", "jaar"], name="subsidieaanvraag_eenmaal_per_jaar"),
        ]

    def __str__(self) -> str:
        return f"{self.aanbieder} – {self.regeling.naam} {self.jaar}"

    @transition(field=status, source=Status.INGEDIEND, target=Status.VERLEEND)
    def verlenen(self) -> None:
        """The municipality grants (a ``Subsidieverlening`` is created with the step)."""

    @transition(field=status, source=Status.INGEDIEND, target=Status.AFGEWEZEN)
    def afwijzen(self, *, reden: str) -> str:
        self.besluit_reden = reden
        return reden

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> AanvraagHistorie:
        return AanvraagHistorie(aanvraag=self, van_status=van, naar_status=naar, toelichting=reden, door=door)


class AanvraagHistorie(Statuswijziging):
    aanvraag = models.ForeignKey(Subsidieaanvraag, on_delete=models.CASCADE, related_name="historie")

    class Meta(Statuswijziging.Meta):
        verbose_name = "statuswijziging subsidieaanvraag"
        verbose_name_plural = "statuswijzigingen subsidieaanvragen"


class Subsidieverlening(FSMModelMixin, ApiResource):
    """The grant to one provider for one year: the amount, the results agreed (``prestaties``) and the
    obligations and conditions (``verplichtingen``); then advances, the report and the settlement."""

    class Status(models.TextChoices):
        VERLEEND = "verleend", _("verleend")
        VERANTWOORD = "verantwoord", _("verantwoord")
        VASTGESTELD = "vastgesteld", _("vastgesteld")

    aanvraag = models.OneToOneField(Subsidieaanvraag, on_delete=models.PROTECT, related_name="verlening")
    regeling = models.ForeignKey(Subsidieregeling, on_delete=models.PROTECT, related_name="verleningen")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey(
        "contractering.Aanbieder", on_delete=models.PROTECT, related_name="subsidieverleningen"
    )
    jaar = models.PositiveSmallIntegerField("subsidiejaar")
    verleend_bedrag = models.DecimalField("verleend bedrag", **GELD)
    besluitdatum = models.DateField("besluitdatum")
    toelichting = models.TextField("toelichting", blank=True)
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.VERLEEND, protected=True)
    verleend_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "subsidieverlening"
        verbose_name_plural = "subsidieverleningen"
        ordering = ["-jaar", "regeling", "aanbieder"]
        constraints = [
            models.CheckConstraint(condition=Q(verleend_bedrag__gte=0), name="subsidieverlening_bedrag_niet_negatief"),
            models.UniqueConstraint(
                fields=["aanbieder", "regeling", "jaar"], name="subsidieverlening_eenmaal_per_jaar"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aanbieder} – {self.regeling.naam} {self.jaar}"

    @transition(field=status, source=Status.VERLEEND, target=Status.VERANTWOORD)
    def verantwoorden(self) -> None:
        """The provider has reported the results realised."""

    @transition(field=status, source=Status.VERANTWOORD, target=Status.VASTGESTELD)
    def vaststellen(self) -> None:
        """The municipality fixes the final amount."""

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> VerleningHistorie:
        return VerleningHistorie(verlening=self, van_status=van, naar_status=naar, toelichting=reden, door=door)


class VerleningHistorie(Statuswijziging):
    verlening = models.ForeignKey(Subsidieverlening, on_delete=models.CASCADE, related_name="historie")

    class Meta(Statuswijziging.Meta):
        verbose_name = "statuswijziging subsidieverlening"
        verbose_name_plural = "statuswijzigingen subsidieverleningen"


class Prestatie(models.Model):
    """A result agreed in the grant: what is measured (indicator) and the target for the year."""

    verlening = models.ForeignKey(Subsidieverlening, on_delete=models.CASCADE, related_name="prestaties")
    indicator = models.CharField("indicator", max_length=100)
    omschrijving = models.CharField("omschrijving", max_length=300)
    eenheid = models.CharField("eenheid", max_length=50, blank=True)
    streefwaarde = models.DecimalField("streefwaarde", **GELD)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "prestatie"
        verbose_name_plural = "prestaties"
        ordering = ["verlening", "volgorde", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(streefwaarde__gte=0), name="prestatie_streefwaarde_niet_negatief"),
            models.UniqueConstraint(fields=["verlening", "indicator"], name="prestatie_eenmaal_per_verlening"),
        ]

    def __str__(self) -> str:
        return self.omschrijving


class Subsidieverplichting(models.Model):
    """An obligation (what the provider must do) or a condition (what must hold) of the grant."""

    class Soort(models.TextChoices):
        VERPLICHTING = "verplichting", _("verplichting")
        VOORWAARDE = "voorwaarde", _("voorwaarde")

    verlening = models.ForeignKey(Subsidieverlening, on_delete=models.CASCADE, related_name="verplichtingen")
    soort = models.CharField("soort", max_length=20, choices=Soort.choices)
    omschrijving = models.TextField("omschrijving")
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "verplichting of voorwaarde"
        verbose_name_plural = "verplichtingen en voorwaarden"
        ordering = ["verlening", "soort", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.omschrijving


class Voorschot(FSMModelMixin, ApiResource):
    """One advance payment of a grant: scheduled on a date, then paid by finance."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", _("gepland")
        BETAALD = "betaald", _("betaald")

    verlening = models.ForeignKey(Subsidieverlening, on_delete=models.CASCADE, related_name="voorschotten")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    volgnummer = models.PositiveSmallIntegerField("volgnummer")
    gepland_op = models.DateField("gepland op")
    bedrag = models.DecimalField("bedrag", **GELD)
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.GEPLAND, protected=True)
    betaald_op = models.DateField("betaald op", null=True, blank=True)

    class Meta:
        verbose_name = "voorschot"
        verbose_name_plural = "voorschotten"
        ordering = ["verlening", "volgnummer"]
        constraints = [
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="voorschot_bedrag_positief"),
            models.UniqueConstraint(fields=["verlening", "volgnummer"], name="voorschot_volgnummer_eenmaal"),
            models.CheckConstraint(
                condition=Q(status="gepland", betaald_op__isnull=True) | Q(status="betaald", betaald_op__isnull=False),
                name="voorschot_betaald_met_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"Voorschot {self.volgnummer} – {self.verlening}"

    @transition(field=status, source=Status.GEPLAND, target=Status.BETAALD)
    def betalen(self, *, datum) -> None:
        self.betaald_op = datum

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> VoorschotHistorie:
        return VoorschotHistorie(voorschot=self, van_status=van, naar_status=naar, toelichting=reden, door=door)


class VoorschotHistorie(Statuswijziging):
    voorschot = models.ForeignKey(Voorschot, on_delete=models.CASCADE, related_name="historie")

    class Meta(Statuswijziging.Meta):
        verbose_name = "statuswijziging voorschot"
        verbose_name_plural = "statuswijzigingen voorschotten"


class Verantwoording(ApiResource):
    """The provider's report of the results realised in the grant's year."""

    verlening = models.OneToOneField(Subsidieverlening, on_delete=models.PROTECT, related_name="verantwoording")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    jaar = models.PositiveSmallIntegerField("verantwoordingsjaar")
    ingediend_op = models.DateField("ingediend op")
    toelichting = models.TextField("toelichting", blank=True)
    ingediend_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "verantwoording"
        verbose_name_plural = "verantwoordingen"
        ordering = ["-jaar", "pk"]

    def __str__(self) -> str:
        return f"Verantwoording {self.jaar} – {self.verlening}"


class Verantwoordingsregel(models.Model):
    verantwoording = models.ForeignKey(Verantwoording, on_delete=models.CASCADE, related_name="regels")
    prestatie = models.ForeignKey(Prestatie, on_delete=models.PROTECT, related_name="realisaties")
    gerealiseerd = models.DecimalField("gerealiseerde waarde", **GELD)
    toelichting = models.TextField("toelichting", blank=True)

    class Meta:
        verbose_name = "gerealiseerde prestatie"
        verbose_name_plural = "gerealiseerde prestaties"
        ordering = ["verantwoording", "prestatie__volgorde", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(gerealiseerd__gte=0), name="verantwoordingsregel_niet_negatief"),
            models.UniqueConstraint(fields=["verantwoording", "prestatie"], name="verantwoordingsregel_eenmaal"),
        ]

    def __str__(self) -> str:
        return f"{self.prestatie}: {self.gerealiseerd}"


class Vaststelling(ApiResource):
    """The final settlement: the fixed amount, what was paid in advances, and the difference as a
    reclaim (terugvordering) or an additional payment (nabetaling), never both."""

    verlening = models.OneToOneField(Subsidieverlening, on_delete=models.PROTECT, related_name="vaststelling")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    vastgesteld_bedrag = models.DecimalField("vastgesteld bedrag", **GELD)
    betaalde_voorschotten = models.DecimalField("betaalde voorschotten", **GELD)
    terugvordering = models.DecimalField("terugvordering", **GELD)
    nabetaling = models.DecimalField("nabetaling", **GELD)
    datum = models.DateField("datum vaststelling")
    toelichting = models.TextField("toelichting", blank=True)
    vastgesteld_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "vaststelling"
        verbose_name_plural = "vaststellingen"
        ordering = ["-datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    vastgesteld_bedrag__gte=0, betaalde_voorschotten__gte=0, terugvordering__gte=0, nabetaling__gte=0
                ),
                name="vaststelling_bedragen_niet_negatief",
            ),
            models.CheckConstraint(
                condition=Q(terugvordering=0) | Q(nabetaling=0), name="vaststelling_terugvordering_of_nabetaling"
            ),
            models.CheckConstraint(
                condition=Q(terugvordering=F("betaalde_voorschotten") - F("vastgesteld_bedrag") + F("nabetaling")),
                name="vaststelling_saldo_sluit",
            ),
        ]

    def __str__(self) -> str:
        return f"Vaststelling {self.verlening}"
