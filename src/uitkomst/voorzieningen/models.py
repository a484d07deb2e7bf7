"""Collective provisions (algemene voorzieningen): open to every resident without a decision (issue 17, point 2).

A municipality divides itself into districts (``Wijk``: a name per municipality, nothing more) and
makes, per district, collective provisions available (``AlgemeneVoorziening``): a provider runs it
(day activities, a meeting place ...), with a capacity per week, month or year, a period of validity
and optionally the subsidy grant (``subsidies.Subsidieverlening``) that funds it. A resident walks in:
there is no decision (beschikking), no client and never a BSN.

The provider reports attendance per month (``Deelnamemelding``): counts only, the number of
attendances and optionally a pseudonymous count of unique participants, never who. A correction
replaces the month's report: the old one moves to ``vervangen`` through ``uitkomst.utils.overgangen``
and stays as history, the new one points to it.

The access worker who sends a resident to a collective provision instead of (or before) an
individual provision records that (``VoorliggendeVerwijzing``): a count, a date and at most a
pseudonymous reference of the worker's own (never a BSN, never a link to the client or the referral),
so the monitor shows how many residents the access sent there.

Every row carries its municipality and its provider; rules live in ``services.py``; the database
adds what it can enforce itself (non-negative counts, one current report per provision and month).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from uitkomst.catalogus.vocabulaire import Wet
from uitkomst.utils.models import ApiResource, Statuswijziging


class Wijk(ApiResource):
    """A district of a municipality: only its name (and an optional CBS district code), enough to
    plan a provision per district and to show the reach per district on the monitor."""

    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="wijken")
    naam = models.CharField("naam", max_length=100)
    cbs_code = models.CharField("CBS-wijkcode", max_length=8, blank=True, help_text="Bijvoorbeeld WK019301.")
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "wijk"
        verbose_name_plural = "wijken"
        ordering = ["gemeente", "naam"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "naam"], name="wijk_eenmaal_per_gemeente")]

    def __str__(self) -> str:
        return self.naam


class AlgemeneVoorziening(FSMModelMixin, ApiResource):
    """A collective provision in a district, open to every resident without a decision."""

    class Soort(models.TextChoices):
        DAGBESTEDING = "dagbesteding", _("dagbesteding (collectief)")
        ONTMOETING = "ontmoeting", _("ontmoeting / inloop")
        WELZIJN = "welzijn", _("welzijnsactiviteit")
        MANTELZORG = "mantelzorg", _("mantelzorgondersteuning")
        OPVOEDING = "opvoeding", _("opvoedondersteuning")
        OVERIG = "overig", _("overig")

    class Capaciteitseenheid(models.TextChoices):
        WEEK = "week", _("per week")
        MAAND = "maand", _("per maand")
        JAAR = "jaar", _("per jaar")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        GESLOTEN = "gesloten", _("gesloten")

    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="voorzieningen")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    naam = models.CharField("naam", max_length=200)
    soort = models.CharField("soort", max_length=20, choices=Soort.choices)
    wet = models.CharField("wet", max_length=20, choices=Wet.choices, default="wmo")
    omschrijving = models.TextField("omschrijving", blank=True)
    adres = models.CharField("adres of locatie", max_length=200, blank=True)
    capaciteit = models.PositiveIntegerField(
        "capaciteit", help_text="Aantal deelnames (bezoeken, dagdelen) per eenheid."
    )
    capaciteit_eenheid = models.CharField(
        "capaciteit per", max_length=10, choices=Capaciteitseenheid.choices, default=Capaciteitseenheid.WEEK
    )
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)
    subsidieverlening = models.ForeignKey(
        "subsidies.Subsidieverlening", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="gefinancierd uit subsidie",
    )  # fmt: skip
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.OPEN, protected=True)
    sluitreden = models.TextField("reden van sluiten", blank=True)
    aangemaakt_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "algemene voorziening"
        verbose_name_plural = "algemene voorzieningen"
        ordering = ["gemeente", "wijk__naam", "naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=F("geldig_van")),
                name="voorziening_periode_oplopend",
            ),
            models.UniqueConstraint(fields=["wijk", "naam", "geldig_van"], name="voorziening_eenmaal_per_wijk"),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.wijk})"

    def geldig_op(self, dag) -> bool:
        return self.geldig_van <= dag and (self.geldig_tot is None or dag <= self.geldig_tot)

    @transition(field=status, source=Status.OPEN, target=Status.GESLOTEN)
    def sluiten(self, *, reden: str, per) -> str:
        self.sluitreden = reden
        self.geldig_tot = per
        return reden

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> VoorzieningHistorie:
        return VoorzieningHistorie(voorziening=self, van_status=van, naar_status=naar, toelichting=reden, door=door)


class VoorzieningHistorie(Statuswijziging):
    voorziening = models.ForeignKey(AlgemeneVoorziening, on_delete=models.CASCADE, related_name="historie")

    class Meta(Statuswijziging.Meta):
        verbose_name = "statuswijziging algemene voorziening"
        verbose_name_plural = "statuswijzigingen algemene voorzieningen"


class Deelnamemelding(FSMModelMixin, ApiResource):
    """The provider's attendance count of one provision for one month: anonymous, no personal data.

    ``deelnames``: the number of attendances (visits, day-parts) in the month; ``unieke_deelnemers``:
    optionally how many different residents that were, counted by the provider (pseudonymous: a
    number, never who). A correction replaces the report (``vervangen``); the current one is unique."""

    class Status(models.TextChoices):
        GELDIG = "geldig", _("geldig")
        VERVANGEN = "vervangen", _("vervangen")

    voorziening = models.ForeignKey(AlgemeneVoorziening, on_delete=models.PROTECT, related_name="deelnamemeldingen")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    periode = models.DateField("maand", help_text="De eerste dag van de gemelde maand.")
    deelnames = models.PositiveIntegerField("aantal deelnames")
    unieke_deelnemers = models.PositiveIntegerField("aantal unieke deelnemers", null=True, blank=True)
    toelichting = models.TextField("toelichting", blank=True)
    status = FSMField("status", max_length=20, choices=Status.choices, default=Status.GELDIG, protected=True)
    vervangt = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervangen_door",
        verbose_name="vervangt melding",
    )  # fmt: skip
    ingediend_op = models.DateField("ingediend op")
    ingediend_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "deelnamemelding"
        verbose_name_plural = "deelnamemeldingen"
        ordering = ["voorziening", "-periode", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["voorziening", "periode"],
                condition=Q(status="geldig"),
                name="deelnamemelding_eenmaal_per_maand",
            ),
            models.CheckConstraint(
                condition=Q(unieke_deelnemers__isnull=True) | Q(unieke_deelnemers__lte=F("deelnames")),
                name="deelnamemelding_uniek_niet_boven_deelnames",
            ),
        ]
        indexes = [models.Index(fields=["gemeente", "periode"])]

    def __str__(self) -> str:
        return f"{self.voorziening.naam} {self.periode:%m-%Y}: {self.deelnames}"

    @transition(field=status, source=Status.GELDIG, target=Status.VERVANGEN)
    def vervangen(self, *, reden: str) -> str:
        """A correction takes its place (the new report points to this one)."""
        return reden

    def historie_rij(self, *, van: str, naar: str, door, reden: str, overgang=None) -> MeldingHistorie:
        return MeldingHistorie(melding=self, van_status=van, naar_status=naar, toelichting=reden, door=door)


class MeldingHistorie(Statuswijziging):
    melding = models.ForeignKey(Deelnamemelding, on_delete=models.CASCADE, related_name="historie")

    class Meta(Statuswijziging.Meta):
        verbose_name = "statuswijziging deelnamemelding"
        verbose_name_plural = "statuswijzigingen deelnamemeldingen"


class VoorliggendeVerwijzing(ApiResource):
    """The access worker sent residents to a collective provision (voorliggend): how many and when.

    No BSN, no client, no link to a referral: only a count, a date and at most a pseudonymous
    reference of the worker's own (``kenmerk``, e.g. a case number of the district team), which the
    service refuses when it looks like a BSN."""

    voorziening = models.ForeignKey(
        AlgemeneVoorziening, on_delete=models.PROTECT, related_name="voorliggende_verwijzingen"
    )
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    datum = models.DateField("verwijsdatum")
    aantal = models.PositiveSmallIntegerField("aantal inwoners", default=1)
    kenmerk = models.CharField("eigen kenmerk (pseudoniem)", max_length=40, blank=True)
    verwezen_door = models.ForeignKey(
        "accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField("vastgelegd op", auto_now_add=True)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "verwijzing naar een algemene voorziening"
        verbose_name_plural = "verwijzingen naar algemene voorzieningen"
        ordering = ["-datum", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(aantal__gte=1), name="voorliggend_aantal_positief")]
        indexes = [models.Index(fields=["gemeente", "datum"])]

    def __str__(self) -> str:
        return f"{self.aantal} × {self.voorziening.naam} ({self.datum:%d-%m-%Y})"
