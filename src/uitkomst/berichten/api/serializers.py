from __future__ import annotations

from rest_framework import serializers

from ..codes import omschrijving
from ..models import Bericht


class BevindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    omschrijving = serializers.SerializerMethodField()
    melding = serializers.CharField()
    regel = serializers.CharField(allow_null=True)

    def get_omschrijving(self, obj) -> str:
        return omschrijving(obj.get("code", ""))


class BerichtVerwijzingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bericht
        fields = ["uuid", "berichtcode", "identificatie", "status"]


class BerichtSerializer(serializers.ModelSerializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code", default=None, read_only=True)
    aanbieder = serializers.CharField(source="aanbieder.agb_code", default=None, read_only=True)
    aantal_bevindingen = serializers.SerializerMethodField()

    class Meta:
        model = Bericht
        fields = [
            "uuid",
            "richting",
            "berichtcode",
            "identificatie",
            "dagtekening",
            "afzender",
            "ontvanger",
            "gemeente",
            "aanbieder",
            "status",
            "kanaal",
            "toewijzingnummers",
            "declaratienummer",
            "aangemaakt_op",
            "verwerkt_op",
            "verzonden_op",
            "aantal_bevindingen",
        ]

    def get_aantal_bevindingen(self, obj) -> int:
        return len(obj.bevindingen)


class BerichtDetailSerializer(BerichtSerializer):
    bevindingen = BevindingSerializer(many=True)
    antwoord_op = BerichtVerwijzingSerializer(allow_null=True)
    antwoorden = serializers.SerializerMethodField()
    hash = serializers.CharField()
    grootte = serializers.IntegerField()

    class Meta(BerichtSerializer.Meta):
        fields = [*BerichtSerializer.Meta.fields, "bevindingen", "antwoord_op", "antwoorden", "hash", "grootte"]

    def get_antwoorden(self, obj) -> list[dict]:
        return BerichtVerwijzingSerializer(obj.antwoorden.order_by("pk").defer("xml"), many=True).data


class BerichtInSerializer(serializers.Serializer):
    """JSON form of a POST for clients that cannot send XML: the payload (or Di01) in base64."""

    bericht = serializers.CharField(help_text="Het iJw/iWmo-bericht of de StUF-GGk-envelop, base64.")
    bestandsnaam = serializers.CharField(required=False, allow_blank=True, default="")
