"""Serializers of the contract-form API. Input is validated by ``contractvormen.services`` (specific
codes and Dutch messages); the input serializers here document the schema."""

from rest_framework import serializers

from .. import classificatie
from ..models import PROCEDURE_CHOICES, Contractvorm, Tekstlezing, Wetgebied

ONBEKEND = classificatie.ONBEKEND


def _answer_field(sleutel: str, **kwargs):
    vraag = classificatie.vocabulaire()["vragen"][sleutel]
    return serializers.ChoiceField(
        choices=[*classificatie.waarden(sleutel), ONBEKEND], help_text=vraag["vraag"], **kwargs
    )


class AntwoordenSerializer(serializers.Serializer):
    regie = _answer_field("regie")
    bekostiging = _answer_field("bekostiging")
    aanbieders = _answer_field("aanbieders")
    scope = _answer_field("scope")
    kiest_aanbieder = _answer_field("kiest_aanbieder")
    bepaalt_inhoud = _answer_field("bepaalt_inhoud")


class ClassificeerInvoerSerializer(serializers.Serializer):
    antwoorden = AntwoordenSerializer(help_text="Alle zes vragen; 'onbekend' mag.")
    procedure = serializers.ChoiceField(choices=PROCEDURE_CHOICES, required=False, allow_null=True)
    regisseur_bij_aanbieder = serializers.BooleanField(required=False, allow_null=True)


class PositieSerializer(serializers.Serializer):
    x = serializers.FloatField(allow_null=True, help_text="Bekostiging en integraliteit (0 links, 1 rechts).")
    y = serializers.FloatField(allow_null=True, help_text="Aantal partijen en regie (1 boven, 0 onder).")


class WaarschuwingSerializer(serializers.Serializer):
    code = serializers.CharField()
    melding = serializers.CharField()
    herkomst = serializers.ChoiceField(choices=["bron", "eigen"])


class FragmentSerializer(serializers.Serializer):
    zin = serializers.CharField(help_text="De zin zoals die in het document staat.")
    sectie = serializers.CharField(allow_null=True, help_text="De kop van het hoofdstuk of de paragraaf.")
    begin = serializers.IntegerField(help_text="Positie van de zin in de documenttekst (tekens).")
    eind = serializers.IntegerField()


class BewijsSerializer(serializers.Serializer):
    zinnen = serializers.ListField(child=serializers.CharField())
    zekerheid = serializers.FloatField()
    herkomst = serializers.ChoiceField(
        choices=["opgegeven", "tekst", "afgeleid", "geen"],
        help_text="tekst: uit zinnen gelezen; afgeleid: uit andere antwoorden (samenhang); geen: onbekend.",
    )
    fragmenten = FragmentSerializer(many=True, required=False)
    uitleg = serializers.CharField(
        required=False, allow_blank=True, help_text="Waarom dit antwoord, of waarom onbekend."
    )


class OntbrekendSerializer(serializers.Serializer):
    kwadrant = serializers.ListField(child=serializers.CharField(), help_text="Onbekende antwoorden van de twee assen.")
    archetype = serializers.ListField(
        child=serializers.CharField(), help_text="Onbekende beslissende antwoorden van het dichtstbijzijnde archetype."
    )
    dichtstbij = serializers.CharField(allow_null=True)


class SuggestieSerializer(serializers.Serializer):
    waarde = serializers.CharField()
    zekerheid = serializers.FloatField()
    herkomst = serializers.ChoiceField(choices=["afgeleid"])
    regel = serializers.CharField(help_text="Code van de samenhangregel (document 001) die de suggestie afleidde.")
    uitleg = serializers.CharField()
    bronnen = serializers.DictField(child=serializers.CharField(), help_text="De antwoorden waaruit is afgeleid.")
    zinnen = serializers.ListField(child=serializers.CharField())
    fragmenten = FragmentSerializer(many=True, required=False)


class SuggestiesSerializer(serializers.Serializer):
    antwoorden = serializers.DictField(
        child=SuggestieSerializer(),
        help_text="Afgeleide suggesties voor antwoorden die de tekst niet noemt; het antwoord zelf blijft onbekend.",
    )
    archetype = serializers.CharField(allow_null=True, help_text="Archetype met de suggesties erbij, als dat afwijkt.")
    kwadrant = serializers.CharField(allow_null=True, help_text="Kwadrant met de suggesties erbij, als dat afwijkt.")


class ClassificatieSerializer(serializers.Serializer):
    antwoorden = AntwoordenSerializer()
    kwadrant = serializers.CharField(allow_null=True)
    positie = PositieSerializer()
    archetype = serializers.CharField(allow_null=True)
    afstanden = serializers.DictField(child=serializers.FloatField(allow_null=True))
    waarschuwingen = WaarschuwingSerializer(many=True)
    bewijs = serializers.DictField(child=BewijsSerializer())
    ontbrekend = OntbrekendSerializer()
    suggesties = SuggestiesSerializer(required=False)


class LeesTekstInvoerSerializer(serializers.Serializer):
    bestand = serializers.FileField(required=False, help_text="Tekst, PDF of DOCX (multipart/form-data).")
    tekst = serializers.CharField(required=False, help_text="Of de tekst zelf.")


class CorrectieSerializer(serializers.Serializer):
    sleutel = serializers.CharField()
    voorgesteld = serializers.CharField()
    gekozen = serializers.CharField()


class TekstlezingSerializer(serializers.ModelSerializer):
    contractvorm = serializers.UUIDField(source="contractvorm.uuid", read_only=True, allow_null=True)
    correcties = CorrectieSerializer(many=True, read_only=True)

    class Meta:
        model = Tekstlezing
        fields = [
            "uuid",
            "contractvorm",
            "bestandsnaam",
            "soort",
            "sha256",
            "lexicon_versie",
            "tekst",
            "voorstel",
            "antwoorden",
            "correcties",
            "aangemaakt_op",
            "bevestigd_op",
        ]


class LezingBevestigenInvoerSerializer(serializers.Serializer):
    bestand = serializers.FileField(required=False, help_text="Tekst, PDF of DOCX (multipart/form-data).")
    tekst = serializers.CharField(required=False, help_text="Of de tekst zelf.")
    antwoorden = AntwoordenSerializer(help_text="De bevestigde of verbeterde antwoorden (in multipart als JSON-tekst).")
    naam = serializers.CharField()
    gebied = serializers.CharField(help_text="Gemeente of regio.")
    wet = serializers.CharField(help_text="De wet, zoals bij een contractvorm (jeugdwet, wmo of beide).")
    jaar = serializers.IntegerField()
    procedure = serializers.CharField(
        required=False, help_text="Code van de inkoopprocedure, zoals bij een contractvorm."
    )


class LezingCorrectieInvoerSerializer(serializers.Serializer):
    antwoorden = AntwoordenSerializer()


class ContractvormSerializer(serializers.ModelSerializer):
    antwoorden = serializers.SerializerMethodField()
    classificatie = serializers.SerializerMethodField()
    inkoopmodel = serializers.UUIDField(source="inkoopmodel.uuid", read_only=True, allow_null=True)
    aanbieders_namen = serializers.SerializerMethodField()

    class Meta:
        model = Contractvorm
        fields = [
            "uuid",
            "code",
            "naam",
            "gebied",
            "wet",
            "jaar",
            "procedure",
            "regisseur_bij_aanbieder",
            "antwoorden",
            "classificatie",
            "herkomst",
            "is_fictief",
            "inkoopmodel",
            "aanbieders_namen",
            "toelichting",
            "bron",
        ]

    def get_antwoorden(self, obj) -> AntwoordenSerializer:
        return obj.antwoorden

    def get_classificatie(self, obj) -> ClassificatieSerializer:
        return obj.classificatie().als_dict()

    def get_aanbieders_namen(self, obj) -> list[str]:
        return [r.aanbieder_naam for r in obj.portfolio.all()]


class ContractvormInvoerSerializer(serializers.Serializer):
    code = serializers.SlugField(required=False)
    naam = serializers.CharField()
    gebied = serializers.CharField(help_text="Gemeente of regio.")
    wet = serializers.ChoiceField(choices=Wetgebied.values)
    jaar = serializers.IntegerField()
    procedure = serializers.ChoiceField(choices=PROCEDURE_CHOICES, required=False)
    regisseur_bij_aanbieder = serializers.BooleanField(required=False, allow_null=True)
    antwoorden = AntwoordenSerializer()
    aanbieders_namen = serializers.ListField(child=serializers.CharField(), required=False)
    toelichting = serializers.CharField(required=False, allow_blank=True)
    bron = serializers.CharField(required=False, allow_blank=True)


class VergelijkbaarSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    naam = serializers.CharField()
    gebied = serializers.CharField()
    jaar = serializers.IntegerField()
    gelijkenis = serializers.FloatField()


class KaartpuntSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    naam = serializers.CharField()
    gebied = serializers.CharField()
    jaar = serializers.IntegerField()
    fictief = serializers.BooleanField()
    x = serializers.FloatField(allow_null=True)
    y = serializers.FloatField(allow_null=True)
    archetype = serializers.CharField(allow_null=True)
    kwadrant = serializers.CharField(allow_null=True)
