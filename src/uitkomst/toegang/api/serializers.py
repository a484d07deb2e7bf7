import datetime as dt

from rest_framework import serializers

from .. import selectors
from ..models import Client, Doel, Gezinsplan, Verwijzer, Verwijzing


class ClientSerializer(serializers.ModelSerializer):
    """A client as the requesting user may see it (``toegang.selectors.client_kenmerken``): always the
    pseudonymous reference; BSN and date of birth only for roles under ``toegang.bsn_inzien``."""

    referentie = serializers.SerializerMethodField(help_text="Pseudonieme cliëntreferentie, bijv. C-7Q3K9PX2.")
    bsn = serializers.SerializerMethodField(
        help_text="Alleen voor rollen die het BSN mogen zien: gemaskeerd in de lijst, volledig op het detail; "
        "anders null."
    )
    geboortedatum = serializers.SerializerMethodField(
        help_text="Alleen voor rollen die het BSN mogen zien; anders null."
    )
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)

    class Meta:
        model = Client
        fields = ["uuid", "referentie", "bsn", "geboortedatum", "gemeente"]

    def _kenmerken(self, obj):
        cache = self.context.setdefault("_kenmerken", {})
        if obj.pk not in cache:
            cache[obj.pk] = selectors.client_kenmerken(
                user=self.context["request"].user, client=obj, volledig=self.context.get("volledig", False)
            )
        return cache[obj.pk]

    def get_referentie(self, obj) -> str:
        return self._kenmerken(obj).referentie

    def get_bsn(self, obj) -> str | None:
        return self._kenmerken(obj).bsn

    def get_geboortedatum(self, obj) -> dt.date | None:
        return self._kenmerken(obj).geboortedatum


class ClientZoekSerializer(serializers.Serializer):
    bsn = serializers.CharField(help_text="Het BSN om op te zoeken; in de body, nooit in de URL.")


class ClientCreateSerializer(serializers.Serializer):
    bsn = serializers.CharField()
    geboortedatum = serializers.DateField()
    gemeente = serializers.CharField(help_text="CBS-gemeentecode van de woongemeente.")


class VerwijzingSerializer(serializers.ModelSerializer):
    client = serializers.UUIDField(source="client.uuid", read_only=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    inkoopmodel = serializers.CharField(source="inkoopmodel.code", read_only=True)
    product = serializers.CharField(source="product.code", read_only=True, allow_null=True)
    plan = serializers.SerializerMethodField()

    class Meta:
        model = Verwijzing
        fields = [
            "uuid",
            "client",
            "gemeente",
            "verwijzer_type",
            "verwijzer_code",
            "verwijzer_naam",
            "datum",
            "is_verkort",
            "inkoopmodel",
            "product",
            "toelichting",
            "aangevuld_op",
            "plan",
        ]

    def get_plan(self, obj) -> str | None:
        plan = getattr(obj, "plan", None)
        return str(plan.uuid) if plan else None


class VerwijzingCreateSerializer(serializers.Serializer):
    bsn = serializers.CharField()
    geboortedatum = serializers.DateField()
    gemeente = serializers.CharField(help_text="CBS-gemeentecode van de woongemeente.")
    inkoopmodel = serializers.CharField(help_text="Code van het inkoopmodel.")
    datum = serializers.DateField()
    verwijzer_type = serializers.ChoiceField(choices=Verwijzer.choices, required=False, allow_null=True)
    verwijzer_code = serializers.CharField(required=False, allow_blank=True, default="")
    verwijzer_naam = serializers.CharField(required=False, allow_blank=True, default="")
    product = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Productcode (niet bij verkort)."
    )
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class DoelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Doel
        fields = ["volgorde", "omschrijving"]


class GezinsplanSerializer(serializers.ModelSerializer):
    verwijzing = serializers.UUIDField(source="verwijzing.uuid", read_only=True)
    client = serializers.UUIDField(source="client.uuid", read_only=True)
    product = serializers.CharField(source="product.code", read_only=True, allow_null=True)
    doelen = DoelSerializer(many=True, read_only=True)

    class Meta:
        model = Gezinsplan
        fields = [
            "uuid",
            "verwijzing",
            "client",
            "soort",
            "product",
            "motivering",
            "maatwerk_prijs",
            "maatwerk_motivering",
            "maatwerk_status",
            "doelen",
        ]


class GezinsplanCreateSerializer(serializers.Serializer):
    verwijzing = serializers.UUIDField()
    doelen = serializers.ListField(child=serializers.CharField(allow_blank=True), allow_empty=True)
    product = serializers.CharField(required=False, allow_blank=True, default="")
    motivering = serializers.CharField(required=False, allow_blank=True, default="")
    maatwerk_prijs = serializers.CharField(required=False, allow_blank=True, default="")
    maatwerk_motivering = serializers.CharField(required=False, allow_blank=True, default="")
    uitsluiting = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Code van uitgesloten zorg."
    )
