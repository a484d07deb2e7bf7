from rest_framework import serializers

from ..models import Betaalronde, Betaalspecificatie, Declaratie, Declaratieregel


class RedenSerializer(serializers.Serializer):
    code = serializers.CharField()
    melding = serializers.CharField()
    retourcode = serializers.CharField(allow_blank=True)


class DeclaratieregelSerializer(serializers.ModelSerializer):
    toewijzing = serializers.CharField(source="toewijzing.nummer", read_only=True, allow_null=True)
    lumpsumafspraak = serializers.CharField(source="lumpsumafspraak.nummer", read_only=True, allow_null=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True, allow_null=True)
    product = serializers.CharField(source="product.code", read_only=True, allow_null=True)
    crediteert = serializers.UUIDField(source="crediteert.uuid", read_only=True, allow_null=True)
    betaalronde = serializers.CharField(source="betaalronde.nummer", read_only=True, allow_null=True)
    redenen = RedenSerializer(many=True, read_only=True)

    class Meta:
        model = Declaratieregel
        fields = [
            "uuid", "regelnummer", "referentie", "toewijzing", "lumpsumafspraak", "gemeente", "product",
            "bekostiging", "termijn", "begindatum", "einddatum", "aantal", "tarief", "bedrag", "crediteert",
            "status", "redenen", "betaalronde",
        ]  # fmt: skip


class DeclaratieSerializer(serializers.ModelSerializer):
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)

    class Meta:
        model = Declaratie
        fields = [
            "uuid", "nummer", "aanbieder", "begindatum", "einddatum", "totaal_ingediend", "totaal_toegekend",
            "totaal_afgewezen", "aantal_regels", "aantal_afgewezen", "bron", "ingediend_op",
        ]  # fmt: skip


class DeclaratieDetailSerializer(DeclaratieSerializer):
    regels = serializers.SerializerMethodField()

    class Meta(DeclaratieSerializer.Meta):
        fields = [*DeclaratieSerializer.Meta.fields, "regels"]

    def get_regels(self, obj) -> list[dict]:
        return DeclaratieregelSerializer(self.context["regels"], many=True).data


class RegelInvoerSerializer(serializers.Serializer):
    regelnummer = serializers.IntegerField(min_value=1, required=False)
    toewijzingnummer = serializers.CharField(required=False, allow_blank=True, max_length=20)
    lumpsumnummer = serializers.CharField(required=False, allow_blank=True, max_length=20)
    begindatum = serializers.DateField(required=False)
    einddatum = serializers.DateField(required=False)
    termijn = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    aantal = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True, min_value=0)
    tarief = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0)
    bedrag = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    crediteert = serializers.CharField(required=False, allow_blank=True, help_text="UUID of kenmerk (D00000012-3).")

    def validate(self, attrs):
        if not (attrs.get("toewijzingnummer") or attrs.get("lumpsumnummer") or attrs.get("crediteert")):
            raise serializers.ValidationError("Geef een toewijzingnummer, een lumpsumnummer of de te crediteren regel.")
        if not attrs.get("crediteert") and not (attrs.get("begindatum") and attrs.get("einddatum")):
            raise serializers.ValidationError("Geef begindatum en einddatum van de regel.")
        return attrs


class DeclaratieCreateSerializer(serializers.Serializer):
    begindatum = serializers.DateField()
    einddatum = serializers.DateField()
    totaal = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    regels = RegelInvoerSerializer(many=True)


class GoedkeurenSerializer(serializers.Serializer):
    regels = serializers.ListField(
        child=serializers.UUIDField(), required=False, help_text="Leeg: alle toegekende regels van uw gemeente."
    )


class BetaalspecificatieSerializer(serializers.ModelSerializer):
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    aanbieder_naam = serializers.CharField(source="aanbieder.naam", read_only=True)

    class Meta:
        model = Betaalspecificatie
        fields = ["aanbieder", "aanbieder_naam", "aantal_regels", "debet", "credit", "totaal"]


class BetaalrondeSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    specificaties = serializers.SerializerMethodField()

    class Meta:
        model = Betaalronde
        fields = ["uuid", "nummer", "gemeente", "totaal", "aantal_regels", "aangemaakt_op", "specificaties"]

    def get_specificaties(self, obj) -> list[dict]:
        qs = self.context.get("specificaties")
        return BetaalspecificatieSerializer(qs if qs is not None else obj.specificaties.all(), many=True).data
