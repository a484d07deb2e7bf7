from rest_framework import serializers

from ..models import Signaal


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
    gemeente = serializers.CharField(source="gemeente.cbs_code", default=None, read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", default=None, read_only=True)
    traject = serializers.UUIDField(source="traject_uuid", read_only=True)
    afgehandeld = serializers.BooleanField(source="is_afgehandeld", read_only=True)

    class Meta:
        model = Signaal
        fields = ["uuid", "soort", "omschrijving", "gemeente", "aanbieder", "traject", "aangemaakt_op", "afgehandeld",
                  "afgehandeld_op", "notitie"]  # fmt: skip


class AfhandelenSerializer(serializers.Serializer):
    notitie = serializers.CharField(allow_blank=True)
