from rest_framework import serializers

from ..models import (
    Aanbieder,
    Aanmelding,
    AanmeldingHistorie,
    Beoordeling,
    Onderaanneming,
    Opschorting,
    OvereenkomstHistorie,
    Raamovereenkomst,
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
