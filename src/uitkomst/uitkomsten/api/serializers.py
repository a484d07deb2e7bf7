import hashlib
import hmac

from django.conf import settings
from rest_framework import serializers

from ..codes import JaDeelsNee, cbs_code, uitval
from ..models import Uitkomstmeting


def client_pseudoniem(obj: Uitkomstmeting) -> str:
    """A purpose-bound pseudonym: stable per client, never the BSN nor the access pseudonym itself."""
    key = settings.BSN_KEY.encode()
    return hmac.new(key, f"uitkomsten:{obj.client.bsn_pseudoniem}".encode(), hashlib.sha256).hexdigest()[:20]


class UitkomstmetingSerializer(serializers.ModelSerializer):
    traject = serializers.UUIDField(source="traject.uuid", read_only=True)
    client_pseudoniem = serializers.SerializerMethodField()
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    aanbieder = serializers.UUIDField(source="aanbieder.uuid", read_only=True)
    product = serializers.CharField(source="product.code", read_only=True)
    intensiteit = serializers.CharField(source="intensiteit.code", read_only=True, default=None)
    reden_beeindiging_cbs = serializers.SerializerMethodField()
    uitval_smal = serializers.SerializerMethodField()
    uitval_breed = serializers.SerializerMethodField()
    nieuwe_hulp_status = serializers.CharField(read_only=True)

    class Meta:
        model = Uitkomstmeting
        fields = [
            "uuid", "traject", "client_pseudoniem", "gemeente", "aanbieder", "product", "intensiteit",
            "gestart_op", "beeindigd_op", "duur_dagen", "reden_beeindiging", "reden_beeindiging_cbs",
            "uitval_smal", "uitval_breed", "zonder_hulp_verder", "nazorg_tot", "geen_nieuwe_hulp",
            "nieuwe_hulp_status", "nieuwe_hulp_bepaald_op", "probleem_afgenomen", "instrument", "t_score_voor",
            "t_score_na", "betrouwbaarheid", "rci", "doelen_ja", "doelen_deels", "doelen_nee", "doelen_behaald",
            "tevredenheid_uitgevraagd", "tevredenheid_score", "extra_vraag_score",
        ]  # fmt: skip

    def get_client_pseudoniem(self, obj) -> str:
        return client_pseudoniem(obj)

    def get_reden_beeindiging_cbs(self, obj) -> str | None:
        return cbs_code(obj.reden_beeindiging)

    def get_uitval_smal(self, obj) -> bool | None:
        return uitval(obj.reden_beeindiging)[0]

    def get_uitval_breed(self, obj) -> bool | None:
        return uitval(obj.reden_beeindiging)[1]


class UitkomstmetingCreateSerializer(serializers.Serializer):
    traject = serializers.UUIDField()
    zonder_hulp_verder = serializers.BooleanField(required=False, allow_null=True, default=None)
    probleem_afgenomen = serializers.BooleanField(required=False, allow_null=True, default=None)
    instrument = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    t_score_voor = serializers.CharField(required=False, allow_null=True, default=None)
    t_score_na = serializers.CharField(required=False, allow_null=True, default=None)
    betrouwbaarheid = serializers.CharField(required=False, allow_null=True, default=None)
    doelen_behaald = serializers.ChoiceField(choices=JaDeelsNee.choices, required=False, allow_null=True, default=None)
    tevredenheid_uitgevraagd = serializers.BooleanField(required=False, default=True)
    tevredenheid_score = serializers.IntegerField(required=False, allow_null=True, default=None)
    extra_vraag_score = serializers.IntegerField(required=False, allow_null=True, default=None)


class CelSerializer(serializers.Serializer):
    n = serializers.IntegerField(allow_null=True)
    aandeel = serializers.FloatField(allow_null=True)
    ci_laag = serializers.FloatField(allow_null=True)
    ci_hoog = serializers.FloatField(allow_null=True)
    benchmark = serializers.FloatField(allow_null=True)
    afwijking = serializers.CharField(allow_null=True)
    onderdrukt = serializers.BooleanField()


class IndicatorRijSerializer(serializers.Serializer):
    groep = serializers.CharField(allow_null=True)
    sleutel = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    aantal = serializers.IntegerField(allow_null=True)
    onderdrukt = serializers.BooleanField()
    indicatoren = serializers.DictField(child=CelSerializer())
    tevredenheid_gemiddeld = serializers.FloatField(allow_null=True)
    extra_vraag_gemiddeld = serializers.FloatField(allow_null=True)
    responspercentage = serializers.FloatField(allow_null=True)


def rij_data(groep, rij, sleutel: str | None) -> dict:
    cellen = {}
    for code, c in rij.cellen.items():
        cellen[code] = {
            "n": None if c.onderdrukt else c.n,
            "aandeel": c.aandeel,
            "ci_laag": c.ci[0] if c.ci else None,
            "ci_hoog": c.ci[1] if c.ci else None,
            "benchmark": c.benchmark,
            "afwijking": c.afwijking,
            "onderdrukt": c.onderdrukt,
        }
    return {
        "groep": groep,
        "sleutel": sleutel,
        "label": rij.label,
        "aantal": None if rij.onderdrukt else rij.aantal,
        "onderdrukt": rij.onderdrukt,
        "indicatoren": cellen,
        "tevredenheid_gemiddeld": rij.tevredenheid.gemiddelde,
        "extra_vraag_gemiddeld": rij.tevredenheid.extra_vraag,
        "responspercentage": rij.tevredenheid.responspercentage,
    }
