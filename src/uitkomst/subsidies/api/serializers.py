"""Serializers of the subsidy API (camelCase on the wire through the project's renderer and parser).

Amounts are passed on to the services as given (``BedragVeld``): ``subsidies.services`` judges them
(more than two decimals, negative) with the same codes as the pages, ``ongeldig_bedrag``."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Prestatie,
    Subsidieaanvraag,
    Subsidieregeling,
    Subsidieverlening,
    Subsidieverplichting,
    Vaststelling,
    Verantwoording,
    Verantwoordingsregel,
    Voorschot,
)


@extend_schema_field(OpenApiTypes.STR)
class BedragVeld(serializers.Field):
    """An amount in euros as text ("38500.00") or a number; the service checks it."""

    def to_internal_value(self, data):
        if isinstance(data, (dict, list, bool)):
            raise serializers.ValidationError("Geef een bedrag als tekst of getal.")
        return data

    def to_representation(self, value):
        return str(value)


class RegelingSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)

    class Meta:
        model = Subsidieregeling
        fields = ["uuid", "gemeente", "naam", "wet", "doel", "van_jaar", "tot_jaar", "plafond", "is_synthetisch"]


class RegelingWriteSerializer(serializers.Serializer):
    gemeente = serializers.CharField(help_text="CBS-code van de gemeente.")
    naam = serializers.CharField()
    wet = serializers.CharField()
    doel = serializers.CharField(required=False, allow_blank=True, default="")
    van_jaar = serializers.IntegerField()
    tot_jaar = serializers.IntegerField(required=False, allow_null=True, default=None)
    plafond = BedragVeld()


class AanvraagSerializer(serializers.ModelSerializer):
    regeling = serializers.UUIDField(source="regeling.uuid", read_only=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)

    class Meta:
        model = Subsidieaanvraag
        fields = ["uuid", "regeling", "gemeente", "aanbieder", "jaar", "aangevraagd_bedrag", "ingediend_op",
                  "toelichting", "status", "besluit_reden", "is_synthetisch"]  # fmt: skip


class AanvraagWriteSerializer(serializers.Serializer):
    regeling = serializers.UUIDField()
    aanbieder = serializers.UUIDField()
    jaar = serializers.IntegerField()
    bedrag = BedragVeld()
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class PrestatieSerializer(serializers.ModelSerializer):
    streefwaarde = serializers.CharField()

    class Meta:
        model = Prestatie
        fields = ["indicator", "omschrijving", "eenheid", "streefwaarde"]


class VerplichtingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subsidieverplichting
        fields = ["soort", "omschrijving"]


class VoorschotSerializer(serializers.ModelSerializer):
    verlening = serializers.UUIDField(source="verlening.uuid", read_only=True)

    class Meta:
        model = Voorschot
        fields = ["uuid", "verlening", "volgnummer", "gepland_op", "bedrag", "status", "betaald_op"]


class VoorschotInSerializer(serializers.Serializer):
    gepland_op = serializers.DateField()
    bedrag = BedragVeld()


class VerantwoordingsregelSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="prestatie.indicator", read_only=True)

    class Meta:
        model = Verantwoordingsregel
        fields = ["indicator", "gerealiseerd"]


class VerantwoordingSerializer(serializers.ModelSerializer):
    regels = VerantwoordingsregelSerializer(many=True, read_only=True)

    class Meta:
        model = Verantwoording
        fields = ["jaar", "ingediend_op", "toelichting", "regels"]


class VaststellingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vaststelling
        fields = ["vastgesteld_bedrag", "betaalde_voorschotten", "terugvordering", "nabetaling", "datum",
                  "toelichting"]  # fmt: skip


class VerleningSerializer(serializers.ModelSerializer):
    aanvraag = serializers.UUIDField(source="aanvraag.uuid", read_only=True)
    regeling = serializers.UUIDField(source="regeling.uuid", read_only=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    prestaties = PrestatieSerializer(many=True, read_only=True)
    verplichtingen = VerplichtingSerializer(many=True, read_only=True)
    voorschotten = VoorschotSerializer(many=True, read_only=True)
    verantwoording = serializers.SerializerMethodField()
    vaststelling = serializers.SerializerMethodField()

    class Meta:
        model = Subsidieverlening
        fields = ["uuid", "aanvraag", "regeling", "gemeente", "aanbieder", "jaar", "verleend_bedrag", "besluitdatum",
                  "toelichting", "status", "prestaties", "verplichtingen", "voorschotten", "verantwoording",
                  "vaststelling", "is_synthetisch"]  # fmt: skip

    @extend_schema_field(VerantwoordingSerializer(allow_null=True))
    def get_verantwoording(self, obj):
        v = getattr(obj, "verantwoording", None)
        return VerantwoordingSerializer(v).data if v else None

    @extend_schema_field(VaststellingSerializer(allow_null=True))
    def get_vaststelling(self, obj):
        v = getattr(obj, "vaststelling", None)
        return VaststellingSerializer(v).data if v else None


class VerleningWriteSerializer(serializers.Serializer):
    aanvraag = serializers.UUIDField(required=False, allow_null=True, default=None)
    regeling = serializers.UUIDField(required=False, allow_null=True, default=None)
    aanbieder = serializers.UUIDField(required=False, allow_null=True, default=None)
    jaar = serializers.IntegerField(required=False, allow_null=True, default=None)
    bedrag = BedragVeld()
    besluitdatum = serializers.DateField(required=False, allow_null=True, default=None)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
    prestaties = PrestatieSerializer(many=True)
    verplichtingen = VerplichtingSerializer(many=True, required=False, default=list)
    voorschotten = VoorschotInSerializer(many=True, required=False, default=list)


class RealisatieSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    gerealiseerd = BedragVeld(help_text="De gerealiseerde waarde (ten hoogste twee decimalen).")


class VerantwoordenSerializer(serializers.Serializer):
    jaar = serializers.IntegerField()
    realisaties = RealisatieSerializer(many=True, help_text="Per afgesproken prestatie de gerealiseerde waarde.")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class VaststellenSerializer(serializers.Serializer):
    bedrag = BedragVeld()
    datum = serializers.DateField(required=False, allow_null=True, default=None)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class BetalenSerializer(serializers.Serializer):
    datum = serializers.DateField(required=False, allow_null=True, default=None)


class ResultaatSerializer(serializers.Serializer):
    gemeente = serializers.CharField()
    regeling = serializers.CharField()
    wet = serializers.CharField()
    aanbieder = serializers.CharField()
    jaar = serializers.IntegerField()
    verlening = serializers.UUIDField()
    status = serializers.CharField()
    indicator = serializers.CharField()
    omschrijving = serializers.CharField()
    eenheid = serializers.CharField()
    streefwaarde = serializers.DecimalField(max_digits=12, decimal_places=2)
    gerealiseerd = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    realisatie = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    verleend_bedrag = serializers.DecimalField(max_digits=12, decimal_places=2)
    betaalde_voorschotten = serializers.DecimalField(max_digits=12, decimal_places=2)
    vastgesteld_bedrag = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    terugvordering = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
