"""The message log and what the messages leave behind.

``Bericht`` keeps every message in or out, append-only: the payload as stored (every BSN in it
encrypted with the key of ``toegang.bsn``), its SHA-256 over the original bytes, sender and
receiver, the findings and the message it answers. Only the status moves on (ontvangen ->
verwerkt/afgekeurd -> beantwoord; an outgoing message: klaar -> verzonden), and every move appends
a ``Gebeurtenis``. A message is identified by sender, kind and ``BerichtIdentificatie``: the same
one read twice is a duplicate and changes nothing.

``Verzoek`` is a provider's request (JW315 per requested product, JW317 as a whole) in the access
worker's queue; ``Levering`` the start/stop log of JW305/JW307 (the keys of IV008); ``Prestatie``
the link between a prestatie of a JW323 and the invoice line it became; ``Toewijzingversie`` what
was last told to the provider about an assignment (IV013: the latest date and time is the
assignment), so a JW301 repeats unchanged assignments unchanged and marks only real changes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uitkomst.utils.models import ApiResource

GEBRUIKER = "accounts.Gebruiker"


class Richting(models.TextChoices):
    IN = "in", _("ontvangen")
    UIT = "uit", _("verstuurd")


class Status(models.TextChoices):
    ONTVANGEN = "ontvangen", _("ontvangen")
    AFGEKEURD = "afgekeurd", _("afgekeurd")
    VERWERKT = "verwerkt", _("verwerkt")
    BEANTWOORD = "beantwoord", _("beantwoord")
    KLAAR = "klaar", _("klaar in de uitbak")
    VERZONDEN = "verzonden", _("verzonden")


class Kanaal(models.TextChoices):
    MAP = "map", _("berichtenmap")
    API = "api", _("API (GGk-koppeling)")
    CLI = "cli", _("opdrachtregel")
    INTERN = "intern", _("Uitkomst")
    DEMO = "demo", _("demo")


class Bericht(ApiResource):
    INHOUD = frozenset(
        {
            "richting",
            "standaard",
            "berichtcode",
            "identificatie",
            "dagtekening",
            "afzender",
            "ontvanger",
            "xml",
            "hash",
            "grootte",
            "kanaal",
            "bestandsnaam",
            "antwoord_op",
            "aangemaakt_op",
            "telt",
        }
    )

    richting = models.CharField("richting", max_length=3, choices=Richting.choices)
    standaard = models.CharField("standaard", max_length=4, blank=True, help_text="ijw of iwmo")
    berichtcode = models.CharField("bericht", max_length=6, blank=True, help_text="JW305, WMO323, ...")
    identificatie = models.CharField("BerichtIdentificatie", max_length=12, blank=True)
    dagtekening = models.DateField("dagtekening", null=True, blank=True)
    afzender = models.CharField("afzender (CBS-code of AGB)", max_length=20, blank=True)
    ontvanger = models.CharField("ontvanger (CBS-code of AGB)", max_length=20, blank=True)
    gemeente = models.ForeignKey(
        "organisaties.Gemeente", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aanbieder = models.ForeignKey(
        "contractering.Aanbieder", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField("status", max_length=12, choices=Status.choices)
    kanaal = models.CharField("kanaal", max_length=8, choices=Kanaal.choices)
    bestandsnaam = models.CharField("bestandsnaam", max_length=255, blank=True)
    xml = models.TextField("bericht (BSN versleuteld)", blank=True)
    hash = models.CharField("SHA-256 van het origineel", max_length=64, db_index=True)
    grootte = models.PositiveIntegerField("grootte (bytes)", default=0)
    bevindingen = models.JSONField("bevindingen", default=list, blank=True)
    antwoord_op = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="antwoorden",
        help_text="Het bericht waarop dit bericht antwoordt.",
    )
    dubbel_van = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Een eerder bericht met dezelfde identificatie en andere inhoud (TR056).",
    )
    telt = models.BooleanField(
        "telt als verzonden",
        default=True,
        help_text="Nee bij een technisch afgekeurd bericht: dat geldt als niet verzonden (OP286), zijn identificatie "
        "mag opnieuw worden gebruikt.",
    )
    toewijzingnummers = models.CharField("toewijzingnummers", max_length=2000, blank=True, db_index=True)
    declaratienummer = models.CharField("declaratienummer", max_length=12, blank=True)
    declaratie = models.ForeignKey(
        "declaraties.Declaratie", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clienten = models.ManyToManyField("toegang.Client", blank=True, related_name="+")
    envelop_referentie = models.CharField("GGk-referentienummer", max_length=40, blank=True)
    aangemaakt_op = models.DateTimeField("ontvangen of gemaakt op", default=timezone.now, db_index=True)
    verwerkt_op = models.DateTimeField("verwerkt op", null=True, blank=True)
    verzonden_op = models.DateTimeField("verzonden op", null=True, blank=True)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            models.Index(fields=["richting", "status"]),
            models.Index(fields=["gemeente", "aangemaakt_op"]),
            models.Index(fields=["aanbieder", "aangemaakt_op"]),
            models.Index(fields=["afzender", "berichtcode", "identificatie"]),
            models.Index(fields=["aanbieder", "declaratienummer"], name="bericht_declaratienummer"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["richting", "afzender", "berichtcode", "identificatie"],
                condition=Q(dubbel_van__isnull=True) & Q(telt=True) & ~Q(identificatie=""),
                name="bericht_identificatie_uniek",
                violation_error_message="Deze afzender gebruikte deze identificatie al voor dit bericht (TR056).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.berichtcode or 'bericht'} {self.identificatie or self.hash[:8]}"

    @property
    def retourcodes(self) -> list[str]:
        return sorted({b["code"] for b in self.bevindingen if b.get("code")})

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if self.pk is not None and (fields is None or self.INHOUD & set(fields)):
            raise ValueError("Een bericht wordt nooit gewijzigd: het berichtenlog wordt alleen aangevuld.")
        super().save(*args, **kwargs)


class Gebeurtenis(models.Model):
    """Append-only history of a message: received, refused, processed, answered, sent, reprocessed."""

    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="gebeurtenissen")
    op = models.DateTimeField("op", default=timezone.now)
    status = models.CharField("status", max_length=12, choices=Status.choices)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    toelichting = models.TextField("toelichting", blank=True)

    class Meta:
        verbose_name = "berichtgebeurtenis"
        verbose_name_plural = "berichtgebeurtenissen"
        ordering = ["bericht", "op", "pk"]

    def __str__(self) -> str:
        return f"{self.op:%d-%m-%Y %H:%M} {self.status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("De geschiedenis van een bericht wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)


class Verzoek(ApiResource):
    """A provider's request for an assignment (JW315, one per requested product) or for a change
    (JW317, the whole request), waiting in the access worker's queue for a 301 or a 319."""

    class Soort(models.TextChoices):
        TOEWIJZING = "toewijzing", _("verzoek om toewijzing (315)")
        WIJZIGING = "wijziging", _("verzoek om wijziging (317)")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_ONDERZOEK = "in-onderzoek", _("in onderzoek")
        TOEGEWEZEN = "toegewezen", _("toegewezen (301)")
        AFGEWEZEN = "afgewezen", _("afgewezen (319)")

    soort = models.CharField("soort", max_length=12, choices=Soort.choices)
    standaard = models.CharField("standaard", max_length=4)
    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="verzoeken")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("toegang.Client", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    verwijzing = models.ForeignKey(
        "toegang.Verwijzing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    referentie_aanbieder = models.CharField("referentie aanbieder", max_length=36)
    product = models.ForeignKey("catalogus.Product", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    productcategorie = models.CharField("productcategorie", max_length=2, blank=True)
    productcode = models.CharField("productcode", max_length=5, blank=True)
    ingangsdatum = models.DateField("gewenste ingangsdatum", null=True, blank=True)
    einddatum = models.DateField("gewenste einddatum", null=True, blank=True)
    volume = models.PositiveIntegerField("volume", null=True, blank=True)
    eenheid = models.CharField("eenheid (WJ756)", max_length=2, blank=True)
    frequentie = models.CharField("frequentie", max_length=1, blank=True)
    budget = models.PositiveBigIntegerField("budget (eurocent)", null=True, blank=True)
    verwijzer_type = models.CharField("soort verwijzer (COD327)", max_length=2, blank=True)
    verwijzer_naam = models.CharField("naam verwijzer", max_length=200, blank=True)
    verwijzer_code = models.CharField("AGB verwijzer", max_length=20, blank=True)
    beschikkingnummer = models.CharField("beschikkingnummer", max_length=40, blank=True)
    inhoud = models.JSONField("inhoud van het verzoek om wijziging", default=dict, blank=True)
    toelichting = models.TextField("toelichting", blank=True)
    status = models.CharField("status", max_length=14, choices=Status.choices, default=Status.OPEN)
    reden_afwijzing = models.CharField("reden afwijzing (WJ759)", max_length=1, blank=True)
    woonplaats_gemeente = models.CharField("verantwoordelijke gemeente (woonplaatsbeginsel)", max_length=4, blank=True)
    toewijzing = models.ForeignKey(
        "trajecten.Toewijzing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    antwoord_voor = models.DateField("antwoorden uiterlijk")
    beantwoord_op = models.DateTimeField("beantwoord op", null=True, blank=True)
    beantwoord_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField("ontvangen op", default=timezone.now)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "verzoek"
        verbose_name_plural = "verzoeken"
        ordering = ["antwoord_voor", "pk"]
        indexes = [models.Index(fields=["gemeente", "status"]), models.Index(fields=["verwijzing"])]
        constraints = [
            models.UniqueConstraint(
                fields=["aanbieder", "standaard", "referentie_aanbieder"],
                name="verzoek_referentie_uniek",
                violation_error_message="ReferentieAanbieder is al gebruikt (TR347).",
            )
        ]

    def __str__(self) -> str:
        return f"Verzoek {self.referentie_aanbieder}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_ONDERZOEK)


class Levering(models.Model):
    """One start or stop of delivery as the provider reported it (JW305/JW307), keyed as IV008."""

    class Soort(models.TextChoices):
        START = "start", _("start")
        STOP = "stop", _("stop")

    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="leveringen")
    toewijzing = models.ForeignKey(
        "trajecten.Toewijzing", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.CASCADE, related_name="+")
    soort = models.CharField("soort", max_length=5, choices=Soort.choices)
    productcategorie = models.CharField("productcategorie", max_length=2, blank=True)
    productcode = models.CharField("productcode", max_length=5, blank=True)
    begindatum = models.DateField("begindatum")
    einddatum = models.DateField("einddatum", null=True, blank=True)
    reden = models.CharField("reden beëindiging", max_length=2, blank=True)
    actueel = models.BooleanField("actueel", default=True, help_text="Niet verwijderd (StatusAanlevering 3).")
    verwijderd_door = models.ForeignKey(
        Bericht, on_delete=models.SET_NULL, null=True, blank=True, related_name="verwijderde_leveringen"
    )

    class Meta:
        verbose_name = "start of stop van levering"
        verbose_name_plural = "starts en stops van levering"
        ordering = ["toewijzing", "begindatum", "pk"]
        indexes = [models.Index(fields=["toewijzing", "soort", "actueel"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.begindatum:%d-%m-%Y}"


class Prestatie(models.Model):
    """A prestatie of a received JW323: its reference, the invoice line it became, and its verdict."""

    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="prestaties")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.CASCADE, related_name="+")
    standaard = models.CharField("standaard", max_length=4)
    referentienummer = models.CharField("ReferentieNummer", max_length=20)
    vorig_referentienummer = models.CharField("VorigReferentieNummer", max_length=20, blank=True)
    toewijzing = models.ForeignKey(
        "trajecten.Toewijzing", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    declaratieregel = models.ForeignKey(
        "declaraties.Declaratieregel", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    begindatum = models.DateField("productperiode van")
    einddatum = models.DateField("productperiode tot en met")
    bedrag = models.BigIntegerField("ingediend bedrag (eurocent, credit negatief)")
    toegekend = models.BooleanField("toegekend")
    retourcodes = models.JSONField("retourcodes", default=list, blank=True)

    class Meta:
        verbose_name = "prestatie"
        verbose_name_plural = "prestaties"
        constraints = [
            models.UniqueConstraint(
                fields=["aanbieder", "standaard", "referentienummer"],
                name="prestatie_referentie_uniek",
                violation_error_message="Dit ReferentieNummer is al aangeleverd (TR314).",
            )
        ]
        indexes = [models.Index(fields=["toewijzing", "begindatum"])]

    def __str__(self) -> str:
        return f"Prestatie {self.referentienummer}"


class Toewijzingversie(models.Model):
    """What a JW301 last told the provider about one assignment (IV013)."""

    toewijzing = models.ForeignKey("trajecten.Toewijzing", on_delete=models.CASCADE, related_name="+")
    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="toewijzingversies")
    toewijzingsdatum = models.DateField("toewijzingsdatum")
    toewijzingstijd = models.TimeField("toewijzingstijd")
    staat = models.JSONField("gegevens zoals verstuurd")
    reden_wijziging = models.CharField("reden wijziging (JZ002)", max_length=2, blank=True)
    referentie_aanbieder = models.CharField("referentie aanbieder", max_length=36, blank=True)

    class Meta:
        verbose_name = "verstuurde toewijzing"
        verbose_name_plural = "verstuurde toewijzingen"
        ordering = ["toewijzing", "pk"]
        indexes = [models.Index(fields=["toewijzing", "-id"], name="toewijzingversie_laatste")]

    def __str__(self) -> str:
        return f"Toewijzing {self.toewijzing_id} ({self.toewijzingsdatum})"
