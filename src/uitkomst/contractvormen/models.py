"""Contract forms (contractvormen): a municipal contract placed on the models of documents 000/001.

A contract form holds six answers from a fixed vocabulary (``data/vocabulaire.yaml``); its
classification (quadrant, position, archetype, warnings) is derived on read by
``classificatie`` and never stored, so a change of the rules shows everywhere at once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from uitkomst.catalogus import vocabulaire
from uitkomst.catalogus.vocabulaire import Wetgebied
from uitkomst.utils.models import ApiResource

from . import classificatie
from .classificatie import ONBEKEND, SLEUTELS


def _choices(sleutel: str) -> list[tuple[str, str]]:
    return [(w, classificatie.label(sleutel, w)) for w in classificatie.waarden(sleutel)] + [(ONBEKEND, "onbekend")]


class Herkomst(models.TextChoices):
    HANDMATIG = "handmatig", _("handmatig ingevuld")
    TEKST = "tekst", _("gelezen uit een inkoopdocument")
    CONFIGURATIE = "configuratie", _("afgeleid uit een inkoopmodel")
    BIBLIOTHEEK = "bibliotheek", _("voorbeeldbibliotheek")


# Laws and procedures come from the one shared vocabulary (catalogus/data/vocabulaire.yaml).
PROCEDURE_CHOICES = vocabulaire.procedure_choices()


class Contractvorm(ApiResource):
    code = models.SlugField("code", max_length=80, unique=True)
    naam = models.CharField("naam", max_length=200)
    gebied = models.CharField("gemeente of regio", max_length=200)
    wet = models.CharField("wet", max_length=10, choices=Wetgebied.choices)
    jaar = models.PositiveSmallIntegerField("jaar")
    procedure = models.CharField(
        "inkoopprocedure", max_length=40, choices=PROCEDURE_CHOICES, default="onbekend", blank=True
    )
    regie = models.CharField("regie", max_length=30, choices=_choices("regie"), default=ONBEKEND)
    bekostiging = models.CharField("bekostiging", max_length=30, choices=_choices("bekostiging"), default=ONBEKEND)
    aanbieders = models.CharField("aanbieders", max_length=30, choices=_choices("aanbieders"), default=ONBEKEND)
    scope = models.CharField("scope", max_length=30, choices=_choices("scope"), default=ONBEKEND)
    kiest_aanbieder = models.CharField(
        "wie kiest de aanbieder", max_length=30, choices=_choices("kiest_aanbieder"), default=ONBEKEND
    )
    bepaalt_inhoud = models.CharField(
        "wie bepaalt de inhoud", max_length=30, choices=_choices("bepaalt_inhoud"), default=ONBEKEND
    )
    regisseur_bij_aanbieder = models.BooleanField(
        "regisseur in dienst van een leverende aanbieder", null=True, blank=True
    )
    inkoopmodel = models.ForeignKey(
        "catalogus.Inkoopmodel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contractvormen",
        help_text="Het inkoopmodel waaruit deze contractvorm is afgeleid.",
    )
    herkomst = models.CharField("herkomst", max_length=20, choices=Herkomst.choices, default=Herkomst.HANDMATIG)
    is_fictief = models.BooleanField(
        "fictief", default=False, help_text="Verzonnen, illustratieve gemeente of contractvorm; bestaat niet echt."
    )
    toelichting = models.TextField("toelichting", blank=True)
    bron = models.TextField("bron", blank=True)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    gewijzigd_op = models.DateTimeField("gewijzigd op", auto_now=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "contractvorm"
        verbose_name_plural = "contractvormen"
        ordering = ["gebied", "jaar", "naam"]
        indexes = [models.Index(fields=["gebied", "jaar"], name="contractvorm_gebied_jaar")]

    def __str__(self) -> str:
        return f"{self.naam} ({self.jaar})"

    @property
    def antwoorden(self) -> dict[str, str]:
        return {k: getattr(self, k) or ONBEKEND for k in SLEUTELS}

    def classificatie(self) -> classificatie.Classificatie:
        return classificatie.classificeer(
            self.antwoorden, procedure=self.procedure, regisseur_bij_aanbieder=self.regisseur_bij_aanbieder
        )


class Portfolioregel(models.Model):
    """A provider that works under a contract form (the provider portfolio reads these)."""

    contractvorm = models.ForeignKey(Contractvorm, on_delete=models.CASCADE, related_name="portfolio")
    aanbieder_naam = models.CharField("aanbieder", max_length=200)
    aanbieder = models.ForeignKey(
        "contractering.Aanbieder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contractvorm_portfolio",
        help_text="De echte aanbieder in de contractering (leeg voor een naam zonder aanbieder, "
        "zoals in de voorbeelden).",
    )

    class Meta:
        verbose_name = "aanbieder onder contractvorm"
        verbose_name_plural = "aanbieders onder contractvormen"
        ordering = ["aanbieder_naam"]
        constraints = [models.UniqueConstraint(fields=["contractvorm", "aanbieder_naam"], name="portfolioregel_uniek")]

    def __str__(self) -> str:
        return f"{self.aanbieder_naam} – {self.contractvorm}"


class Tekstlezing(ApiResource):
    """One reading of a procurement document: its text, what the reader proposed and, once a user
    confirmed or corrected the answers, those answers. Confirmed readings are labelled data: they
    can be exported in the format of the development set and scored (``contractvormen_labelset``).
    A reading without a contract form is one that was read on the page but not (yet) confirmed."""

    contractvorm = models.ForeignKey(
        Contractvorm, on_delete=models.CASCADE, null=True, blank=True, related_name="tekstlezingen"
    )
    bestandsnaam = models.CharField("bestandsnaam", max_length=255, blank=True)
    soort = models.CharField("soort document", max_length=10)
    sha256 = models.CharField("SHA-256 van het document", max_length=64)
    lexicon_versie = models.PositiveIntegerField("versie van het lexicon")
    tekst = models.TextField("tekst van het document", blank=True)
    voorstel = models.JSONField("voorstel van de lezer", default=dict)
    antwoorden = models.JSONField("bevestigde antwoorden", default=dict, blank=True)
    bevestigd_op = models.DateTimeField("bevestigd op", null=True, blank=True)
    aangemaakt_op = models.DateTimeField("gelezen op", auto_now_add=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "tekstlezing"
        verbose_name_plural = "tekstlezingen"
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return self.bestandsnaam or self.sha256[:12]


class Correctie(models.Model):
    """An answer the user changed after the reader proposed another: kept to improve the lexicon."""

    tekstlezing = models.ForeignKey(Tekstlezing, on_delete=models.CASCADE, related_name="correcties")
    sleutel = models.CharField("vraag", max_length=30)
    voorgesteld = models.CharField("voorgesteld", max_length=30)
    gekozen = models.CharField("gekozen", max_length=30)
    aangemaakt_op = models.DateTimeField("op", auto_now_add=True)

    class Meta:
        verbose_name = "correctie"
        verbose_name_plural = "correcties"
        ordering = ["tekstlezing", "sleutel"]
        constraints = [models.UniqueConstraint(fields=["tekstlezing", "sleutel"], name="correctie_uniek")]

    def __str__(self) -> str:
        return f"{self.sleutel}: {self.voorgesteld} → {self.gekozen}"


class Documentlezing(ApiResource):
    """A large uploaded document read by a task (``documenttaak``) outside the request. Like a simulation
    run it is waiting or running until ``klaar_op`` is set, then it holds ``resultaat`` (the extracted
    document) or ``fout`` (the Dutch refusal). The uploaded bytes are kept only until they are read.
    Only its creator (and a superuser) sees it."""

    aangemaakt_door = models.ForeignKey("accounts.Gebruiker", on_delete=models.CASCADE, related_name="+")
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    bestandsnaam = models.CharField("bestandsnaam", max_length=255, blank=True)
    bestand = models.BinaryField("bestand", null=True, blank=True, editable=False)
    stap = models.PositiveSmallIntegerField("stap", default=0)
    van = models.PositiveSmallIntegerField("van", default=2)
    resultaat = models.JSONField("resultaat", null=True, blank=True)
    fout = models.JSONField("fout", null=True, blank=True)
    klaar_op = models.DateTimeField("klaar op", null=True, blank=True)

    class Meta:
        verbose_name = "documentlezing"
        verbose_name_plural = "documentlezingen"
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return self.bestandsnaam or f"Documentlezing {self.uuid}"

    @property
    def klaar(self) -> bool:
        return self.klaar_op is not None
