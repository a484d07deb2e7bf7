from rest_framework import serializers

from uitkomst.audit.referentie import client_referentie

from ..codes import Doelrealisatie, RedenBeeindiging, RedenWeigering
from ..models import StatusWijziging, Toewijzing, Traject
from ..workflow import Status


class _ClientReferentie(serializers.ModelSerializer):
    client_referentie = serializers.SerializerMethodField(help_text="Pseudonieme cliëntreferentie, bijv. C-7Q3K9PX2.")

    def get_client_referentie(self, obj) -> str:
        return client_referentie(obj.client.uuid)


class ToewijzingSerializer(_ClientReferentie):
    client = serializers.UUIDField(source="client.uuid", read_only=True)
    plan = serializers.UUIDField(source="plan.uuid", read_only=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    product = serializers.CharField(source="product.code", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    traject = serializers.UUIDField(source="traject.uuid", read_only=True)
    kostensegment = serializers.CharField(source="kostensegment.code", read_only=True, allow_null=True)

    class Meta:
        model = Toewijzing
        fields = [
            "uuid",
            "nummer",
            "client",
            "client_referentie",
            "plan",
            "gemeente",
            "product",
            "aanbieder",
            "traject",
            "startdatum",
            "einddatum",
            "budget",
            "kostensegment",
            "goedkeuring",
            "vrijgegeven_op",
            "accepteren_voor",
            "keuze_door_client",
            "aangemaakt_op",
        ]


class ToewijzingCreateSerializer(serializers.Serializer):
    plan = serializers.UUIDField()
    aanbieder = serializers.UUIDField()
    startdatum = serializers.DateField()
    einddatum = serializers.DateField(required=False, allow_null=True)
    keuze_door_client = serializers.BooleanField(help_text="De cliënt heeft deze aanbieder zelf gekozen.")


class StatusWijzigingSerializer(serializers.ModelSerializer):
    door = serializers.CharField(source="door.username", read_only=True, allow_null=True)

    class Meta:
        model = StatusWijziging
        fields = ["van", "naar", "door", "op", "reden"]


class TrajectSerializer(_ClientReferentie):
    client = serializers.UUIDField(source="client.uuid", read_only=True)
    toewijzing = serializers.CharField(source="toewijzing.nummer", read_only=True)
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    product = serializers.CharField(source="product.code", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    inkoopmodel = serializers.CharField(source="inkoopmodel.code", read_only=True)

    class Meta:
        model = Traject
        fields = [
            "uuid",
            "toewijzing",
            "client",
            "client_referentie",
            "gemeente",
            "inkoopmodel",
            "product",
            "aanbieder",
            "status",
            "verwijsdatum",
            "toegewezen_op",
            "geaccepteerd_op",
            "gestart_op",
            "beeindigd_op",
            "afgesloten_op",
            "tussenevaluatie_op",
            "eindevaluatie_op",
            "reden_beeindiging",
            "reden_weigering",
        ]


class TrajectDetailSerializer(TrajectSerializer):
    historie = StatusWijzigingSerializer(many=True, read_only=True)

    class Meta(TrajectSerializer.Meta):
        fields = [*TrajectSerializer.Meta.fields, "historie"]


class TrajectLeegSerializer(serializers.Serializer):
    pass


class TrajectStartenSerializer(serializers.Serializer):
    datum = serializers.DateField(required=False, allow_null=True)


class TrajectAfwijzenSerializer(serializers.Serializer):
    reden = serializers.ChoiceField(choices=RedenWeigering.choices, required=False, allow_blank=True, default="")
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class DoelstatusSerializer(serializers.Serializer):
    doel = serializers.IntegerField(help_text="Volgnummer van het doel in het plan.")
    status = serializers.ChoiceField(choices=Doelrealisatie.choices)


class TrajectBeeindigenSerializer(serializers.Serializer):
    reden = serializers.ChoiceField(choices=RedenBeeindiging.choices, required=False, allow_blank=True, default="")
    datum = serializers.DateField(required=False, allow_null=True)
    doelstatussen = DoelstatusSerializer(many=True, required=False, default=list)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class TrajectTussenevaluatieSerializer(serializers.Serializer):
    doelstatussen = DoelstatusSerializer(many=True)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")


class TrajectIntrekkenSerializer(serializers.Serializer):
    reden = serializers.CharField(required=False, allow_blank=True, default="")


class TrajectOnderaannemerSerializer(serializers.Serializer):
    aanbieder = serializers.UUIDField()
    omschrijving = serializers.CharField()


STATUS_CHOICES = Status.choices
