from rest_framework import serializers

from ..models import Betaalschema, Inkoopmodel, Intensiteit, Product, Profiel, Tarief, Uitsluiting


class IntensiteitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Intensiteit
        fields = ["code", "naam", "omschrijving", "maximale_duur_maanden", "duur_illustratief"]


class ProfielSerializer(serializers.ModelSerializer):
    class Meta:
        model = Profiel
        fields = ["code", "nummer", "soort", "naam", "omschrijving"]


class BetaalschemaSerializer(serializers.ModelSerializer):
    termijnen = serializers.SerializerMethodField()

    class Meta:
        model = Betaalschema
        fields = ["code", "naam", "omschrijving", "termijnen"]

    def get_termijnen(self, obj) -> list[dict]:
        return [{"moment": t.moment, "aandeel": str(t.aandeel), "aantal": t.aantal} for t in obj.termijnen.all()]


class HuidigTariefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    bedrag = serializers.DecimalField(max_digits=12, decimal_places=2)
    geldig_van = serializers.DateField()
    geldig_tot = serializers.DateField(allow_null=True)
    illustratief = serializers.BooleanField()


class ProductSerializer(serializers.ModelSerializer):
    inkoopmodel = serializers.UUIDField(source="inkoopmodel.uuid", read_only=True)
    profiel = ProfielSerializer(read_only=True, allow_null=True)
    intensiteit = IntensiteitSerializer(read_only=True, allow_null=True)  # products outside the grid have none
    betaalschema = BetaalschemaSerializer(read_only=True, allow_null=True)
    uitvoeringsvariant = serializers.CharField(read_only=True)
    huidig_tarief = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "uuid",
            "inkoopmodel",
            "code",
            "naam",
            "omschrijving",
            "soort",
            "bekostiging",
            "uitvoeringsvariant",
            "tariefeenheid",
            "ijw_eenheid",
            "productcategorie",
            "productcode_ijw",
            "profiel",
            "intensiteit",
            "betaalschema",
            "mag_stapelen",
            "geldig_van",
            "geldig_tot",
            "huidig_tarief",
        ]

    def get_huidig_tarief(self, obj) -> HuidigTariefSerializer(allow_null=True):  # type: ignore[valid-type]
        if getattr(obj, "huidig_tarief_uuid", None) is None:
            return None
        return HuidigTariefSerializer(
            {
                "uuid": obj.huidig_tarief_uuid,
                "bedrag": obj.huidig_bedrag,
                "geldig_van": obj.huidig_geldig_van,
                "geldig_tot": obj.huidig_geldig_tot,
                "illustratief": obj.huidig_illustratief,
            }
        ).data


class UitsluitingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Uitsluiting
        fields = ["code", "naam", "reden"]


class InkoopmodelSerializer(serializers.ModelSerializer):
    regio = serializers.CharField(source="regio.code", read_only=True)
    aantal_producten = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inkoopmodel
        fields = [
            "uuid",
            "code",
            "naam",
            "regio",
            "wet",
            "omschrijving",
            "bron",
            "geldig_van",
            "geldig_tot",
            "is_referentiemodel",
            "aantal_producten",
        ]


class InkoopmodelDetailSerializer(InkoopmodelSerializer):
    intensiteiten = IntensiteitSerializer(many=True, read_only=True)
    profielen = ProfielSerializer(many=True, read_only=True)
    uitsluitingen = UitsluitingSerializer(many=True, read_only=True)
    producten = serializers.SerializerMethodField(help_text="Producten met een vast tarief (geen maatwerk).")
    maatwerk = serializers.SerializerMethodField(help_text="Maatwerkproducten: prijs per toewijzing vastgesteld.")
    kostensegmenten = serializers.SerializerMethodField()

    class Meta(InkoopmodelSerializer.Meta):
        fields = [
            *InkoopmodelSerializer.Meta.fields,
            "intensiteiten",
            "profielen",
            "uitsluitingen",
            "kostensegmenten",
            "producten",
            "maatwerk",
        ]

    def get_producten(self, obj) -> ProductSerializer(many=True):  # type: ignore[valid-type]
        items = [p for p in self.context["producten"] if p.soort != Product.Soort.MAATWERK]
        return ProductSerializer(items, many=True, context=self.context).data

    def get_maatwerk(self, obj) -> ProductSerializer(many=True):  # type: ignore[valid-type]
        items = [p for p in self.context["producten"] if p.soort == Product.Soort.MAATWERK]
        return ProductSerializer(items, many=True, context=self.context).data

    def get_kostensegmenten(self, obj) -> list[dict]:
        return [
            {
                "code": s.code,
                "naam": s.naam,
                "ondergrens": str(s.ondergrens),
                "bovengrens": str(s.bovengrens) if s.bovengrens is not None else None,
                "extraControle": s.extra_controle,
                "illustratief": s.illustratief,
            }
            for s in obj.kostensegmenten.all()
        ]


class TariefSerializer(serializers.ModelSerializer):
    product = serializers.UUIDField(source="product.uuid", read_only=True)
    productcode = serializers.CharField(source="product.code", read_only=True)

    class Meta:
        model = Tarief
        fields = [
            "uuid",
            "product",
            "productcode",
            "bedrag",
            "geldig_van",
            "geldig_tot",
            "illustratief",
            "toelichting",
            "aangemaakt_op",
        ]


class TariefCreateSerializer(serializers.Serializer):
    """Input for a new tariff version; the rules themselves live in catalogus.services."""

    product = serializers.UUIDField()
    bedrag = serializers.CharField(help_text='Bedrag in euro\'s als decimale tekst, bijv. "12500.00".')
    geldig_van = serializers.DateField()
    geldig_tot = serializers.DateField(required=False, allow_null=True)
    illustratief = serializers.BooleanField(required=False, default=False)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
