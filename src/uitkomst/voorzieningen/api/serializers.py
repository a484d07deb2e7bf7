"""Serializers of the collective-provision API (camelCase on the wire through the project's renderer
and parser). Counts go to the services as given: ``voorzieningen.services`` judges them with the same
codes as the pages (``ongeldig_aantal``). No serializer has a field for a resident: there is none."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing, Wijk


@extend_schema_field(OpenApiTypes.INT)
class AantalVeld(serializers.Field):
    """A whole number as a number or text; the service checks it (negative, not whole)."""

    def to_internal_value(self, data):
        if isinstance(data, (dict, list)):
            raise serializers.ValidationError("Geef een aantal als getal.")
        return data

    def to_representation(self, value):
        return value


class WijkSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)

    class Meta:
        model = Wijk
        fields = ["uuid", "gemeente", "naam", "cbs_code", "is_synthetisch"]


class WijkWriteSerializer(serializers.Serializer):
    gemeente = serializers.CharField(help_text="CBS-code van de gemeente.")
    naam = serializers.CharField(allow_blank=True)
    cbs_code = serializers.CharField(required=False, allow_blank=True, default="")


class VoorzieningSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    wijk = serializers.CharField(source="wijk.naam", read_only=True)
    wijk_uuid = serializers.UUIDField(source="wijk.uuid", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    aanbieder_naam = serializers.CharField(source="aanbieder.naam", read_only=True)
    subsidieverlening = serializers.UUIDField(source="subsidieverlening.uuid", read_only=True, allow_null=True)

    class Meta:
        model = AlgemeneVoorziening
        fields = ["uuid", "gemeente", "wijk", "wijk_uuid", "aanbieder", "aanbieder_naam", "naam", "soort", "wet",
                  "omschrijving", "adres", "capaciteit", "capaciteit_eenheid", "geldig_van", "geldig_tot",
                  "subsidieverlening", "status", "sluitreden", "is_synthetisch"]  # fmt: skip


class VoorzieningWriteSerializer(serializers.Serializer):
    wijk = serializers.UUIDField()
    aanbieder = serializers.UUIDField()
    naam = serializers.CharField(allow_blank=True)
    soort = serializers.CharField()
    wet = serializers.CharField(required=False, default="wmo")
    omschrijving = serializers.CharField(required=False, allow_blank=True, default="")
    adres = serializers.CharField(required=False, allow_blank=True, default="")
    capaciteit = AantalVeld()
    capaciteit_eenheid = serializers.CharField(required=False, default="week")
    geldig_van = serializers.DateField()
    geldig_tot = serializers.DateField(required=False, allow_null=True, default=None)
    subsidieverlening = serializers.UUIDField(required=False, allow_null=True, default=None)


class VoorzieningSluitenSerializer(serializers.Serializer):
    per = serializers.DateField(help_text="De laatste dag waarop de voorziening open is.")
    reden = serializers.CharField(allow_blank=True)


class DeelnamemeldingSerializer(serializers.ModelSerializer):
    voorziening = serializers.UUIDField(source="voorziening.uuid", read_only=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    periode = serializers.DateField(format="%Y-%m", read_only=True)
    vervangt = serializers.UUIDField(source="vervangt.uuid", read_only=True, allow_null=True)

    class Meta:
        model = Deelnamemelding
        fields = ["uuid", "voorziening", "gemeente", "aanbieder", "periode", "deelnames", "unieke_deelnemers",
                  "toelichting", "status", "vervangt", "ingediend_op", "is_synthetisch"]  # fmt: skip


class DeelnamemeldingWriteSerializer(serializers.Serializer):
    voorziening = serializers.UUIDField()
    periode = serializers.CharField(help_text="De maand, bijvoorbeeld 2026-03.")
    deelnames = AantalVeld()
    unieke_deelnemers = AantalVeld(required=False, allow_null=True, default=None)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class DeelnameCorrigerenSerializer(serializers.Serializer):
    deelnames = AantalVeld()
    unieke_deelnemers = AantalVeld(required=False, allow_null=True, default=None)
    reden = serializers.CharField(allow_blank=True)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class VoorliggendeVerwijzingSerializer(serializers.ModelSerializer):
    voorziening = serializers.UUIDField(source="voorziening.uuid", read_only=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)

    class Meta:
        model = VoorliggendeVerwijzing
        fields = ["uuid", "voorziening", "gemeente", "datum", "aantal", "kenmerk", "is_synthetisch"]


class VoorliggendeVerwijzingWriteSerializer(serializers.Serializer):
    voorziening = serializers.UUIDField()
    aantal = AantalVeld(required=False, default=1)
    datum = serializers.DateField(required=False, allow_null=True, default=None)
    kenmerk = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Een eigen kenmerk zonder persoonsgegevens (nooit een BSN).")  # fmt: skip


class VoorzieningsbereikSerializer(serializers.Serializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code")
    gemeente_naam = serializers.CharField(source="gemeente.naam")
    wijk = serializers.CharField()
    voorziening = serializers.CharField()
    voorziening_uuid = serializers.UUIDField(source="uuid")
    soort = serializers.CharField()
    aanbieder = serializers.CharField()
    capaciteit = serializers.IntegerField(help_text="Per jaar, naar rato van de geldigheid.")
    deelnames = serializers.IntegerField()
    verwijzingen = serializers.IntegerField(
        allow_null=True, help_text="Leeg als het aantal is onderdrukt (kleine aantallen, zoals op de monitor)."
    )
    verwijzingen_onderdrukt = serializers.BooleanField(default=False)
    bezetting = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    maanden_gemeld = serializers.IntegerField()
    gesubsidieerd = serializers.BooleanField()
