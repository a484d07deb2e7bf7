from rest_framework import serializers

from uitkomst.signalen.models import Signaal


class MaandSerializer(serializers.Serializer):
    maand = serializers.CharField(source="label")
    gerealiseerd = serializers.DecimalField(max_digits=14, decimal_places=2)
    verplicht = serializers.DecimalField(max_digits=14, decimal_places=2)
    instroom = serializers.DecimalField(max_digits=14, decimal_places=2)
    totaal = serializers.DecimalField(max_digits=14, decimal_places=2)


class BudgetSerializer(serializers.Serializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code")
    gemeente_naam = serializers.CharField(source="gemeente.naam")
    jaar = serializers.IntegerField()
    peildatum = serializers.DateField()
    plafond = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    gerealiseerd = serializers.DecimalField(max_digits=14, decimal_places=2)
    verplicht = serializers.DecimalField(max_digits=14, decimal_places=2)
    instroom = serializers.DecimalField(max_digits=14, decimal_places=2)
    prognose = serializers.DecimalField(max_digits=14, decimal_places=2)
    boven_plafond = serializers.BooleanField()
    maanden = MaandSerializer(many=True)


class BudgetplafondSerializer(serializers.Serializer):
    gemeente = serializers.CharField(help_text="CBS-gemeentecode")
    jaar = serializers.IntegerField()
    bedrag = serializers.CharField()
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class SignaalSerializer(serializers.ModelSerializer):
    regio = serializers.CharField(source="regio.code", read_only=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", default=None, read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", default=None, read_only=True)
    traject = serializers.UUIDField(source="traject_uuid", default=None, read_only=True)
    afgehandeld = serializers.BooleanField(source="is_afgehandeld", read_only=True)

    class Meta:
        model = Signaal
        fields = ["uuid", "soort", "ernst", "titel", "omschrijving", "regio", "gemeente", "aanbieder", "onderwerp_type",
                  "onderwerp_id", "traject", "status", "aangemaakt_op", "afgehandeld", "afgehandeld_op",
                  "toelichting"]  # fmt: skip


class AfhandelenSerializer(serializers.Serializer):
    toelichting = serializers.CharField(allow_blank=True, required=False, default="")
    notitie = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="Verouderd; gebruik toelichting."
    )
