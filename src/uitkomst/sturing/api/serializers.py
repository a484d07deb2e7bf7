from rest_framework import serializers

from uitkomst.signalen.models import Signaal


class MaandSerializer(serializers.Serializer):
    maand = serializers.CharField(source="label")
    gerealiseerd = serializers.DecimalField(max_digits=14, decimal_places=2)
    verplicht = serializers.DecimalField(max_digits=14, decimal_places=2)
    instroom = serializers.DecimalField(max_digits=14, decimal_places=2)
    totaal = serializers.DecimalField(max_digits=14, decimal_places=2)


BEDRAG = {"max_digits": 14, "decimal_places": 2}


class WetBudgetSerializer(serializers.Serializer):
    """One law of a municipality's budget (issue 17: Wmo and youth side by side; they add up)."""

    wet = serializers.CharField()
    gerealiseerd = serializers.DecimalField(**BEDRAG)
    toegekend = serializers.DecimalField(**BEDRAG, help_text="Wacht op definitieve goedkeuring.")
    verplicht = serializers.DecimalField(**BEDRAG, help_text="Lopende toewijzingen plus pgb.")
    pgb = serializers.DecimalField(**BEDRAG, help_text="Pgb-verplichtingen in het jaar (deel van verplicht).")
    instroom = serializers.DecimalField(**BEDRAG)
    prognose = serializers.DecimalField(**BEDRAG)


class BudgetSerializer(serializers.Serializer):
    gemeente = serializers.CharField(source="gemeente.cbs_code")
    gemeente_naam = serializers.CharField(source="gemeente.naam")
    jaar = serializers.IntegerField()
    peildatum = serializers.DateField()
    plafond = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    gerealiseerd = serializers.DecimalField(max_digits=14, decimal_places=2)
    toegekend = serializers.DecimalField(**BEDRAG, help_text="Wacht op definitieve goedkeuring.")
    verplicht = serializers.DecimalField(max_digits=14, decimal_places=2)
    pgb = serializers.DecimalField(**BEDRAG, help_text="Pgb-verplichtingen in het jaar (deel van verplicht).")
    instroom = serializers.DecimalField(max_digits=14, decimal_places=2)
    prognose = serializers.DecimalField(max_digits=14, decimal_places=2)
    boven_plafond = serializers.BooleanField()
    maanden = MaandSerializer(many=True)
    per_wet = WetBudgetSerializer(source="wetten", many=True)


class SubsidiecijfersSerializer(serializers.Serializer):
    """Subsidies of one scheme in one subsidy year (issue 17: subsidies next to contracts)."""

    gemeente = serializers.CharField(source="gemeente.cbs_code")
    gemeente_naam = serializers.CharField(source="gemeente.naam")
    regeling = serializers.UUIDField(source="regeling.uuid")
    regeling_naam = serializers.CharField(source="naam")
    wet = serializers.CharField()
    jaar = serializers.IntegerField()
    plafond = serializers.DecimalField(**BEDRAG, allow_null=True)
    verleningen = serializers.IntegerField()
    verleend = serializers.DecimalField(**BEDRAG)
    voorschotten = serializers.DecimalField(**BEDRAG, help_text="Betaalde voorschotten.")
    vastgesteld_aantal = serializers.IntegerField()
    vastgesteld = serializers.DecimalField(**BEDRAG)
    terugvordering = serializers.DecimalField(**BEDRAG)
    nabetaling = serializers.DecimalField(**BEDRAG)


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
