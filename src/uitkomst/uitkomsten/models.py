"""The outcome measurement (uitkomstmeting) of one ended trajectory, after the nationally harmonised
outcome set for youth care (VNG "Harmonisatie Outcome Jeugdhulp"):

- 3.1 continues without help (zonder_hulp_verder), reported at the end;
- 3.2 no new start of help (geen_nieuwe_hulp): *computed*, not asked, once the follow-up window
  (``nazorg_tot``) has passed; empty ("nog niet bekend") until then;
- 3.3 problems reduced (probleem_afgenomen), optionally with T-scores and the Reliable Change Index;
- 3.4 goals reached, per goal (copied from the end evaluation) and overall (ja/deels/nee);
- satisfaction: a 1-10 score on the usefulness of the help plus the region's extra question (1-5),
  with response tracking (asked / answered);
- drop-out from the reason for ending (JZ588), see ``codes``.

The trajectory's municipality, provider, product, intensity, client and end are copied on the row so
every indicator is one aggregate query on this table. Foreign keys use DO_NOTHING like trajecten:
the database refuses to delete a trajectory with a measurement (checked at commit).
"""

from django.db import models
from django.db.models import Q

from uitkomst.utils import db  # noqa: F401  (importing it connects the SQLite connection pragmas)
from uitkomst.utils.models import ApiResource

from .codes import JaDeelsNee

GEBRUIKER = "accounts.Gebruiker"


class Uitkomstmeting(ApiResource):
    traject = models.OneToOneField("trajecten.Traject", on_delete=models.DO_NOTHING, related_name="uitkomstmeting")
    client = models.ForeignKey("toegang.Client", on_delete=models.DO_NOTHING, related_name="+")
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.PROTECT, related_name="+")
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.PROTECT, related_name="+")
    inkoopmodel = models.ForeignKey("catalogus.Inkoopmodel", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey("catalogus.Product", on_delete=models.PROTECT, related_name="+")
    intensiteit = models.ForeignKey(
        "catalogus.Intensiteit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    toewijzing_id_bron = models.BigIntegerField("toewijzing (id)", help_text="Om wijzigingen uit 3.2 te laten.")
    gestart_op = models.DateField("gestart op", null=True, blank=True)
    beeindigd_op = models.DateField("beëindigd op")
    duur_dagen = models.PositiveIntegerField("duur (dagen, start tot einde)", null=True, blank=True)
    reden_beeindiging = models.CharField("reden beëindiging (JZ588)", max_length=2, blank=True)
    # 3.1
    zonder_hulp_verder = models.BooleanField("3.1 zonder hulp verder", null=True, blank=True)
    # 3.2 (computed)
    nazorg_tot = models.DateField("3.2 nazorgperiode tot en met")
    geen_nieuwe_hulp = models.BooleanField("3.2 geen nieuwe start van hulp", null=True, blank=True)
    nieuwe_hulp_bepaald_op = models.DateField("3.2 bepaald op", null=True, blank=True)
    # 3.3
    probleem_afgenomen = models.BooleanField("3.3 problematiek afgenomen", null=True, blank=True)
    instrument = models.CharField("gevalideerd instrument", max_length=100, blank=True)
    t_score_voor = models.DecimalField("T-score begin", max_digits=5, decimal_places=1, null=True, blank=True)
    t_score_na = models.DecimalField("T-score einde", max_digits=5, decimal_places=1, null=True, blank=True)
    betrouwbaarheid = models.DecimalField(
        "betrouwbaarheid instrument (r)", max_digits=4, decimal_places=3, null=True, blank=True
    )
    rci = models.DecimalField("Reliable Change Index", max_digits=7, decimal_places=2, null=True, blank=True)
    # 3.4
    doelen_ja = models.PositiveSmallIntegerField("doelen behaald", default=0)
    doelen_deels = models.PositiveSmallIntegerField("doelen deels behaald", default=0)
    doelen_nee = models.PositiveSmallIntegerField("doelen niet behaald", default=0)
    doelen_behaald = models.CharField(
        "3.4 doelen behaald (totaal)", max_length=5, choices=JaDeelsNee.choices, blank=True
    )
    # satisfaction
    tevredenheid_uitgevraagd = models.BooleanField("tevredenheid uitgevraagd", default=True)
    tevredenheid_score = models.PositiveSmallIntegerField("tevredenheid (1-10)", null=True, blank=True)
    extra_vraag_score = models.PositiveSmallIntegerField("extra vraag regio (1-5)", null=True, blank=True)
    gemeten_door = models.ForeignKey(GEBRUIKER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    is_synthetisch = models.BooleanField("synthetisch", default=False)

    class Meta:
        verbose_name = "uitkomstmeting"
        verbose_name_plural = "uitkomstmetingen"
        indexes = [
            models.Index(fields=["aanbieder", "beeindigd_op"]),
            models.Index(fields=["gemeente", "beeindigd_op"]),
            models.Index(fields=["product", "beeindigd_op"]),
            models.Index(fields=["nazorg_tot", "geen_nieuwe_hulp"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(tevredenheid_score__isnull=True)
                | (Q(tevredenheid_score__gte=1) & Q(tevredenheid_score__lte=10)),
                name="meting_tevredenheid_1_10",
            ),
            models.CheckConstraint(
                condition=Q(extra_vraag_score__isnull=True)
                | (Q(extra_vraag_score__gte=1) & Q(extra_vraag_score__lte=5)),
                name="meting_extra_vraag_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Uitkomstmeting {str(self.uuid)[:8]}"

    @property
    def nieuwe_hulp_status(self) -> str:
        if self.geen_nieuwe_hulp is None:
            return "nog niet bekend"
        return "geen nieuwe hulp" if self.geen_nieuwe_hulp else "nieuwe hulp gestart"

    @property
    def betrouwbaar_verbeterd(self) -> bool | None:
        """A problem scale: lower is better; reliable improvement when RCI <= -1.96."""
        if self.rci is None:
            return None
        return self.rci <= -1.96


# --- summary: the indicator counts per municipality, provider, product, intensity and month -------
#
# ``selectors.indicatoren`` reads full months from this table and only the partial months at the edges
# of a period from the measurements. Database triggers (migration 0002) mark a (municipality, month)
# dirty in ``Indicatorvuil`` whenever a measurement is inserted, changed or deleted, by any path
# (services, bulk updates, the demo loader, COPY); ``samenvatting.bijwerken`` recomputes only the dirty
# cells, before a read or from the scheduled task (``uitkomst samenvattingen``).


class Indicatortellingen(models.Model):
    """The counts of ``definities.tellingen`` of a set of measurements: for each indicator its
    denominator (``<code>_n``) and numerator (``<code>_k``), and satisfaction."""

    aantal = models.PositiveIntegerField(default=0)
    zonder_hulp_verder_n = models.PositiveIntegerField(default=0)
    zonder_hulp_verder_k = models.PositiveIntegerField(default=0)
    geen_nieuwe_hulp_n = models.PositiveIntegerField(default=0)
    geen_nieuwe_hulp_k = models.PositiveIntegerField(default=0)
    probleem_afgenomen_n = models.PositiveIntegerField(default=0)
    probleem_afgenomen_k = models.PositiveIntegerField(default=0)
    betrouwbaar_verbeterd_n = models.PositiveIntegerField(default=0)
    betrouwbaar_verbeterd_k = models.PositiveIntegerField(default=0)
    doelen_behaald_n = models.PositiveIntegerField(default=0)
    doelen_behaald_k = models.PositiveIntegerField(default=0)
    uitval_smal_n = models.PositiveIntegerField(default=0)
    uitval_smal_k = models.PositiveIntegerField(default=0)
    uitval_breed_n = models.PositiveIntegerField(default=0)
    uitval_breed_k = models.PositiveIntegerField(default=0)
    tevreden_n = models.PositiveIntegerField(default=0)
    tevreden_k = models.PositiveIntegerField(default=0)
    tev_uitgevraagd = models.PositiveIntegerField(default=0)
    tev_respons = models.PositiveIntegerField(default=0)
    tev_som = models.BigIntegerField(null=True)
    tev_extra_som = models.BigIntegerField(null=True)
    tev_extra_n = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class Indicatorcel(Indicatortellingen):
    """Counts of the measurements of one (municipality, provider, product, intensity, month of ending)."""

    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")  # fmt: skip
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.DO_NOTHING, db_constraint=False,
                                  related_name="+")  # fmt: skip
    product = models.ForeignKey("catalogus.Product", on_delete=models.DO_NOTHING, db_constraint=False,
                                related_name="+")  # fmt: skip
    intensiteit = models.ForeignKey("catalogus.Intensiteit", on_delete=models.DO_NOTHING, db_constraint=False,
                                    null=True, related_name="+")  # fmt: skip
    maand = models.DateField("maand (eerste dag)")

    class Meta:
        verbose_name = "indicatorcel (samenvatting)"
        verbose_name_plural = "indicatorcellen (samenvatting)"
        indexes = [models.Index(fields=["gemeente", "maand"]), models.Index(fields=["maand"])]

    def __str__(self) -> str:
        return f"Indicatorcel {self.gemeente_id}/{self.aanbieder_id}/{self.product_id} {self.maand:%Y-%m}"


class Indicatorrollup(Indicatortellingen):
    """The cells of ``Indicatorcel`` summed over fewer dimensions, per municipality and month of ending
    (``jaar``: per year, ``maand`` its first day): ``soort`` "aanbieder" keeps the provider, "product"
    the product and intensity, "gemeente" neither. A table grouped per provider over whole years reads
    a few hundred of these instead of a cell per measurement (at 100,000 trajectories the cells barely
    compress: 80,000 for 85,000 measurements). Refreshed with the cells, from the cells
    (``samenvatting.bijwerken``)."""

    soort = models.CharField(max_length=10)
    jaar = models.BooleanField(default=False)
    gemeente = models.ForeignKey("organisaties.Gemeente", on_delete=models.DO_NOTHING, db_constraint=False,
                                 db_index=False, related_name="+")  # fmt: skip
    aanbieder = models.ForeignKey("contractering.Aanbieder", on_delete=models.DO_NOTHING, db_constraint=False,
                                  db_index=False, null=True, related_name="+")  # fmt: skip
    product = models.ForeignKey("catalogus.Product", on_delete=models.DO_NOTHING, db_constraint=False,
                                db_index=False, null=True, related_name="+")  # fmt: skip
    intensiteit = models.ForeignKey("catalogus.Intensiteit", on_delete=models.DO_NOTHING, db_constraint=False,
                                    db_index=False, null=True, related_name="+")  # fmt: skip
    maand = models.DateField("maand (eerste dag)")

    class Meta:
        verbose_name = "indicatorrollup (samenvatting)"
        verbose_name_plural = "indicatorrollups (samenvatting)"
        indexes = [models.Index(fields=["soort", "jaar", "gemeente", "maand"])]

    def __str__(self) -> str:
        return f"Indicatorrollup {self.soort} {self.gemeente_id} {self.maand:%Y-%m}"


class Indicatorvuil(models.Model):
    """A (municipality, month) whose cells must be recomputed; written by the triggers only."""

    gemeente_id = models.BigIntegerField()
    maand = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente_id", "maand"], name="indicatorvuil_uniek")]

    def __str__(self) -> str:
        return f"Indicatorvuil {self.gemeente_id} {self.maand:%Y-%m}"


class Samenvattingsstand(models.Model):
    """A token per summary that changes whenever its cells change (``utils.db.Samenvatting``): the
    version of the data that computed results are cached under."""

    naam = models.CharField(max_length=40, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.naam}: {self.token}"
