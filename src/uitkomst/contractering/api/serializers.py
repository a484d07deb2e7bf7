from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    SCORE_MAX,
    SCORE_MIN,
    Aanbesteding,
    AanbestedingHistorie,
    Aanbieder,
    Aanmelding,
    AanmeldingHistorie,
    Beoordeling,
    Gunningsbesluit,
    Gunningscriterium,
    Inschrijving,
    InschrijvingHistorie,
    Onderaanneming,
    Opschorting,
    OvereenkomstHistorie,
    Raamovereenkomst,
    Score,
    Toetredingsronde,
    Vestiging,
)


class VestigingSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code", allow_null=True, read_only=True)

    class Meta:
        model = Vestiging
        fields = ["naam", "adres", "postcode", "plaats", "gemeente"]


class ContactSerializer(serializers.Serializer):
    naam = serializers.CharField()
    functie = serializers.CharField()
    email = serializers.EmailField()
    telefoon = serializers.CharField()


class AanbiederSerializer(serializers.ModelSerializer):
    specialismen = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    werkgebied = serializers.SlugRelatedField(slug_field="cbs_code", many=True, read_only=True)
    vestigingen = VestigingSerializer(many=True, read_only=True)
    contactpersonen = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = Aanbieder
        fields = [
            "uuid",
            "naam",
            "agb_code",
            "kvk_nummer",
            "grootte",
            "omschrijving",
            "website",
            "specialismen",
            "werkgebied",
            "vestigingen",
            "contactpersonen",
            "is_synthetisch",
        ]


class AanbiederWriteSerializer(serializers.Serializer):
    """Input only; AGB and KvK rules live in contractering.services (specific Dutch messages)."""

    naam = serializers.CharField()
    agb_code = serializers.CharField(help_text="Acht cijfers (Vektis).")
    kvk_nummer = serializers.CharField(help_text="Acht cijfers (Kamer van Koophandel).")
    grootte = serializers.CharField(required=False, default=Aanbieder.Grootte.KLEIN)
    omschrijving = serializers.CharField(required=False, allow_blank=True, default="")
    website = serializers.URLField(required=False, allow_blank=True, default="")
    specialismen = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    werkgebied = serializers.ListField(
        child=serializers.CharField(), required=False, default=list, help_text="CBS-gemeentecodes."
    )


class ContractproductSerializer(serializers.Serializer):
    product = serializers.UUIDField(source="product.uuid")
    code = serializers.CharField(source="product.code")
    naam = serializers.CharField(source="product.naam")
    van = serializers.DateField()


class OpschortingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Opschorting
        fields = ["van", "tot", "reden"]


class HistorieSerializer(serializers.ModelSerializer):
    door = serializers.CharField(source="door.username", allow_null=True, read_only=True)

    class Meta:
        model = OvereenkomstHistorie
        fields = ["gebeurtenis", "datum", "toelichting", "status", "einddatum", "gegevens", "door", "op"]


class OnderaannemingSerializer(serializers.ModelSerializer):
    onderaannemer = serializers.UUIDField(source="onderaannemer.uuid", allow_null=True, read_only=True)

    class Meta:
        model = Onderaanneming
        fields = ["onderaannemer", "naam", "kvk_nummer", "toelichting", "van", "tot", "gemeld_op"]


class RaamovereenkomstSerializer(serializers.ModelSerializer):
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    aanbieder_naam = serializers.CharField(source="aanbieder.naam", read_only=True)
    inkoopmodel = serializers.UUIDField(source="inkoopmodel.uuid", read_only=True)
    producten = ContractproductSerializer(source="contractproducten", many=True, read_only=True)
    verlengopties_over = serializers.IntegerField(read_only=True)
    maximale_einddatum = serializers.DateField(read_only=True)
    opschortingen = OpschortingSerializer(many=True, read_only=True)
    onderaannemingen = OnderaannemingSerializer(many=True, read_only=True)
    historie = HistorieSerializer(many=True, read_only=True)

    class Meta:
        model = Raamovereenkomst
        fields = [
            "uuid",
            "aanbieder",
            "aanbieder_naam",
            "inkoopmodel",
            "producten",
            "ingangsdatum",
            "initiele_einddatum",
            "einddatum",
            "maximale_einddatum",
            "verlengopties",
            "verlengduur_maanden",
            "verlengingen_gebruikt",
            "verlengopties_over",
            "status",
            "beeindigingsreden",
            "omzetgarantie",
            "opschortingen",
            "onderaannemingen",
            "historie",
        ]


class RaamovereenkomstCreateSerializer(serializers.Serializer):
    aanbieder = serializers.UUIDField()
    inkoopmodel = serializers.UUIDField()
    producten = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)
    ingangsdatum = serializers.DateField()


class VerlengenSerializer(serializers.Serializer):
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class WijzigingSerializer(serializers.Serializer):
    """Input for suspending, resuming or terminating an agreement."""

    per = serializers.DateField(help_text="Ingangsdatum; bij beëindigen de laatste gecontracteerde dag.")
    reden = serializers.CharField(required=False, allow_blank=True, default="")
    tot = serializers.DateField(required=False, allow_null=True, default=None, help_text="Alleen bij opschorten.")


class OnderaannemingCreateSerializer(serializers.Serializer):
    onderaannemer = serializers.UUIDField(required=False, allow_null=True, default=None)
    naam = serializers.CharField(required=False, allow_blank=True, default="")
    kvk_nummer = serializers.CharField(required=False, allow_blank=True, default="")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
    van = serializers.DateField()
    tot = serializers.DateField(required=False, allow_null=True, default=None)


class ToetredingsrondeSerializer(serializers.ModelSerializer):
    inkoopmodel = serializers.UUIDField(source="procedure.inkoopmodel.uuid", read_only=True)
    procedure = serializers.UUIDField(source="procedure.uuid", read_only=True)
    is_open = serializers.SerializerMethodField()
    aantal_aanmeldingen = serializers.IntegerField(read_only=True)

    class Meta:
        model = Toetredingsronde
        fields = [
            "uuid",
            "naam",
            "inkoopmodel",
            "procedure",
            "aanmelden_van",
            "aanmelden_tot",
            "beoordelen_tot",
            "ingangsdatum",
            "tijdens_looptijd",
            "is_open",
            "aantal_aanmeldingen",
        ]

    def get_is_open(self, obj) -> bool:
        return obj.is_open_op(self.context["vandaag"])


class ToetredingsrondeCreateSerializer(serializers.Serializer):
    procedure = serializers.UUIDField()
    naam = serializers.CharField()
    aanmelden_van = serializers.DateField()
    aanmelden_tot = serializers.DateField()
    beoordelen_tot = serializers.DateField()
    ingangsdatum = serializers.DateField()
    tijdens_looptijd = serializers.BooleanField(required=False, default=True)


class BeoordelingSerializer(serializers.ModelSerializer):
    kwaliteitseis = serializers.CharField(source="kwaliteitseis.code", read_only=True)
    door = serializers.CharField(source="beoordeeld_door.username", allow_null=True, read_only=True)

    class Meta:
        model = Beoordeling
        fields = ["kwaliteitseis", "voldaan", "notitie", "door", "beoordeeld_op"]


class AanmeldingHistorieSerializer(serializers.ModelSerializer):
    door = serializers.CharField(source="door.username", allow_null=True, read_only=True)

    class Meta:
        model = AanmeldingHistorie
        fields = ["van_status", "naar_status", "toelichting", "door", "op"]


class AanmeldingSerializer(serializers.ModelSerializer):
    ronde = serializers.UUIDField(source="ronde.uuid", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    aanbieder_naam = serializers.CharField(source="aanbieder.naam", read_only=True)
    producten = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    beoordelingen = BeoordelingSerializer(many=True, read_only=True)
    historie = AanmeldingHistorieSerializer(many=True, read_only=True)
    raamovereenkomst = serializers.UUIDField(source="raamovereenkomst.uuid", allow_null=True, read_only=True)

    class Meta:
        model = Aanmelding
        fields = [
            "uuid",
            "ronde",
            "aanbieder",
            "aanbieder_naam",
            "producten",
            "toelichting",
            "is_nieuwkomer",
            "aanvullend_aanbod",
            "aanvullend_oordeel",
            "aanvullend_oordeel_toelichting",
            "status",
            "besluit_reden",
            "ingediend_op",
            "beoordelingen",
            "historie",
            "raamovereenkomst",
        ]


class AanmeldingCreateSerializer(serializers.Serializer):
    ronde = serializers.UUIDField()
    aanbieder = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Weglaten als aanbieder: dan de eigen organisatie."
    )
    producten = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
    aanvullend_aanbod = serializers.CharField(required=False, allow_blank=True, default="")


class BeoordelingInSerializer(serializers.Serializer):
    kwaliteitseis = serializers.CharField(help_text="Code van de kwaliteitseis.")
    voldaan = serializers.BooleanField()
    notitie = serializers.CharField(required=False, allow_blank=True, default="")


class BeoordelenSerializer(serializers.Serializer):
    beoordelingen = BeoordelingInSerializer(many=True)


class AanvullendOordeelSerializer(serializers.Serializer):
    aangetoond = serializers.BooleanField()
    toelichting = serializers.CharField(allow_blank=True)


class BesluitSerializer(serializers.Serializer):
    toelaten = serializers.BooleanField()
    reden = serializers.CharField(required=False, allow_blank=True, default="")


class IntrekkenSerializer(serializers.Serializer):
    reden = serializers.CharField(required=False, allow_blank=True, default="")


# --- competitive procedures (issue 17) --------------------------------------------------------------


class GunningscriteriumSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gunningscriterium
        fields = ["code", "naam", "soort", "weging", "omschrijving"]


class GunningscriteriumInSerializer(serializers.Serializer):
    """Input only; the rules (weights 1..100 that sum to 100, unique codes) live in the services."""

    code = serializers.CharField()
    naam = serializers.CharField(allow_blank=True)
    soort = serializers.CharField(required=False, default=Gunningscriterium.Soort.KWALITEIT)
    weging = serializers.IntegerField(help_text="Procent; alle wegingen samen precies 100.")
    omschrijving = serializers.CharField(required=False, allow_blank=True, default="")


class GunningsbesluitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gunningsbesluit
        fields = ["besloten_op", "einde_opschortende_termijn", "definitief_op", "aantal_gegund", "toelichting"]


class AanbestedingHistorieSerializer(serializers.ModelSerializer):
    door = serializers.CharField(source="door.username", allow_null=True, read_only=True)

    class Meta:
        model = AanbestedingHistorie
        fields = ["van_status", "naar_status", "toelichting", "door", "op"]


class AanbestedingSerializer(serializers.ModelSerializer):
    procedure = serializers.UUIDField(source="procedure.uuid", read_only=True)
    procedure_soort = serializers.CharField(source="procedure.soort", read_only=True)
    inkoopmodel = serializers.UUIDField(source="procedure.inkoopmodel.uuid", read_only=True)
    producten = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    criteria = GunningscriteriumSerializer(many=True, read_only=True)
    gunningsbesluit = serializers.SerializerMethodField()
    historie = AanbestedingHistorieSerializer(many=True, read_only=True)
    schaal = serializers.SerializerMethodField()

    class Meta:
        model = Aanbesteding
        fields = [
            "uuid", "naam", "perceel", "omschrijving", "procedure", "procedure_soort", "inkoopmodel", "producten",
            "inschrijven_tot", "ingangsdatum", "max_aanbieders", "opschortende_termijn_dagen", "status", "criteria",
            "schaal", "gunningsbesluit", "historie", "is_synthetisch",
        ]  # fmt: skip

    def get_schaal(self, obj) -> dict:
        return {"min": SCORE_MIN, "max": SCORE_MAX}

    @extend_schema_field(GunningsbesluitSerializer(allow_null=True))
    def get_gunningsbesluit(self, obj):
        besluit = getattr(obj, "gunningsbesluit", None)
        return GunningsbesluitSerializer(besluit).data if besluit else None


class AanbestedingCreateSerializer(serializers.Serializer):
    procedure = serializers.UUIDField(help_text="Een inkoopprocedure van een competitieve soort.")
    naam = serializers.CharField()
    perceel = serializers.CharField(required=False, allow_blank=True, default="")
    omschrijving = serializers.CharField(required=False, allow_blank=True, default="")
    producten = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)
    inschrijven_tot = serializers.DateField()
    ingangsdatum = serializers.DateField()
    max_aanbieders = serializers.IntegerField()
    opschortende_termijn_dagen = serializers.IntegerField(required=False, allow_null=True, default=None)
    criteria = GunningscriteriumInSerializer(many=True, allow_empty=True)


class ScoreSerializer(serializers.ModelSerializer):
    criterium = serializers.CharField(source="criterium.code", read_only=True)

    class Meta:
        model = Score
        fields = ["criterium", "punten", "toelichting"]


class InschrijvingHistorieSerializer(serializers.ModelSerializer):
    door = serializers.CharField(source="door.username", allow_null=True, read_only=True)

    class Meta:
        model = InschrijvingHistorie
        fields = ["van_status", "naar_status", "toelichting", "door", "op"]


class InschrijvingSerializer(serializers.ModelSerializer):
    """A tender; its scores, rank and total show to the provider only after the award decision
    (``context["scores_zichtbaar"](inschrijving)``)."""

    aanbesteding = serializers.UUIDField(source="aanbesteding.uuid", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    aanbieder_naam = serializers.CharField(source="aanbieder.naam", read_only=True)
    scores = serializers.SerializerMethodField()
    raamovereenkomst = serializers.UUIDField(source="raamovereenkomst.uuid", allow_null=True, read_only=True)
    historie = InschrijvingHistorieSerializer(many=True, read_only=True)

    class Meta:
        model = Inschrijving
        fields = [
            "uuid", "aanbesteding", "aanbieder", "aanbieder_naam", "toelichting", "ingediend_op", "status", "rang",
            "totaal", "besluit_reden", "scores", "raamovereenkomst", "historie",
        ]  # fmt: skip

    @extend_schema_field(ScoreSerializer(many=True))
    def get_scores(self, obj):
        if not self.context["scores_zichtbaar"](obj):
            return []
        return ScoreSerializer(obj.scores.all(), many=True).data


class InschrijvingCreateSerializer(serializers.Serializer):
    aanbesteding = serializers.UUIDField()
    aanbieder = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Weglaten als aanbieder: dan de eigen organisatie."
    )
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreInSerializer(serializers.Serializer):
    inschrijving = serializers.UUIDField()
    criterium = serializers.CharField(help_text="Code van het gunningscriterium.")
    punten = serializers.IntegerField(help_text=f"Heel getal van {SCORE_MIN} tot en met {SCORE_MAX}.")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class ScoresSerializer(serializers.Serializer):
    scores = ScoreInSerializer(many=True, allow_empty=True)


class GunnenSerializer(serializers.Serializer):
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class RangregelSerializer(serializers.Serializer):
    inschrijving = serializers.UUIDField(source="inschrijving.uuid")
    aanbieder = serializers.UUIDField(source="inschrijving.aanbieder.uuid")
    aanbieder_naam = serializers.CharField(source="inschrijving.aanbieder.naam")
    rang = serializers.IntegerField(allow_null=True)
    totaal = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    kwaliteit = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    prijs = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    geselecteerd = serializers.BooleanField()
    scores = serializers.SerializerMethodField()

    @extend_schema_field(ScoreSerializer(many=True))
    def get_scores(self, obj):
        return ScoreSerializer([s for s in obj.cellen if s is not None], many=True).data


class RangschikkingSerializer(serializers.Serializer):
    aanbesteding = serializers.UUIDField(source="aanbesteding.uuid")
    criteria = GunningscriteriumSerializer(many=True)
    regels = RangregelSerializer(many=True)
    compleet = serializers.BooleanField()
    ontbrekende_scores = serializers.SerializerMethodField()
    grens = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    gelijke_stand_op_grens = serializers.BooleanField()

    def get_ontbrekende_scores(self, obj) -> int:
        return len(obj.ontbrekend)
