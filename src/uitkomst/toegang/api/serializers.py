import datetime as dt

from rest_framework import serializers

from .. import selectors
from ..models import Client, Doel, Gezinsplan, Pgbbesluit, Verwijzer, Verwijzing


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


# --- personal budget (pgb, issue 17 point 5) ----------------------------------------------------


class PgbHistorieSerializer(serializers.Serializer):
    van = serializers.CharField(source="van_status")
    naar = serializers.CharField(source="naar_status")
    toelichting = serializers.CharField()
    door = serializers.SerializerMethodField()
    op = serializers.DateTimeField()

    def get_door(self, obj) -> str | None:
        return obj.door.username if obj.door_id else None


class PgbbesluitSerializer(serializers.ModelSerializer):
    """A pgb decision. The client by its uuid and pseudonymous reference only: no BSN."""

    client = serializers.UUIDField(source="client.uuid", read_only=True)
    client_referentie = serializers.SerializerMethodField(help_text="Pseudonieme cliëntreferentie.")
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    plan = serializers.SerializerMethodField()
    laatste_dag = serializers.DateField(read_only=True, help_text="Einddatum, of de dag van de beëindiging.")
    historie = PgbHistorieSerializer(many=True, read_only=True)

    class Meta:
        model = Pgbbesluit
        fields = [
            "uuid",
            "client",
            "client_referentie",
            "gemeente",
            "wet",
            "plan",
            "bedrag",
            "ingangsdatum",
            "einddatum",
            "beeindigd_op",
            "laatste_dag",
            "tariefgrondslag",
            "keuze_client",
            "reden",
            "status",
            "besluit_toelichting",
            "besloten_op",
            "historie",
        ]

    def get_client_referentie(self, obj) -> str:
        return selectors.client_referentie(obj.client)

    def get_plan(self, obj) -> str | None:
        return str(obj.plan.uuid) if obj.plan_id else None


class PgbbesluitCreateSerializer(serializers.Serializer):
    client = serializers.UUIDField(help_text="De cliënt (uuid).")
    wet = serializers.CharField(help_text="wmo of jeugdwet.")
    plan = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Het plan (uuid), als er een is."
    )
    bedrag = serializers.CharField(help_text="Budget voor de hele periode, bijv. 12000.00.")
    ingangsdatum = serializers.DateField()
    einddatum = serializers.DateField(help_text="Tot en met.")
    keuze_client = serializers.BooleanField(required=False, default=False, help_text="Wmo: de cliënt kiest een pgb.")
    reden = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Jeugdwet: waarom de zorg in natura niet past."
    )
    tariefgrondslag = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="professioneel, informeel of leeg."
    )
    toekennen = serializers.BooleanField(required=False, default=False, help_text="Direct toekennen.")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class PgbStapSerializer(serializers.Serializer):
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class PgbBeeindigenSerializer(serializers.Serializer):
    per = serializers.DateField(help_text="De laatste dag van het budget.")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
