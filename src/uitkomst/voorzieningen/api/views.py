"""API for collective provisions. Thin: rows come from ``voorzieningen.selectors`` (scoped by the
policy), every change is one call of ``voorzieningen.services`` (which asks the policy and refuses
with a code)."""


import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from uitkomst.accounts import policy
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.selectors import gemeente_per_cbs
from uitkomst.subsidies.models import Subsidieverlening
from uitkomst.uitkomsten.stats import tellingen
from uitkomst.utils.errors import ValidationFailed
from uitkomst.utils.opzoeken import per_uuid

from .. import selectors, services
from ..models import AlgemeneVoorziening, Deelnamemelding, VoorliggendeVerwijzing, Wijk
from . import serializers as s

TAGS = ["algemene voorzieningen"]
# Body fields that would identify a resident: never accepted, always refused with a code (not ignored).
PERSOONSVELDEN = ("bsn", "burgerservicenummer", "client", "client_uuid")


class VoorzieningToegang(permissions.BasePermission):
    message = "Alleen wie algemene voorzieningen beheert, uitvoert, ernaar verwijst of erop stuurt heeft toegang."

    def has_permission(self, request, view):
        return policy.mag(request.user, "voorzieningen.lezen")






class WijkFilter(django_filters.FilterSet):
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")

    class Meta:
        model = Wijk
        fields = ["gemeente"]


@extend_schema_view(
    list=extend_schema(summary="Wijken", tags=TAGS),
    retrieve=extend_schema(summary="Eén wijk", tags=TAGS),
    create=extend_schema(
        summary="Wijk vastleggen", tags=TAGS, request=s.WijkWriteSerializer, responses={201: s.WijkSerializer}
    ),  # fmt: skip
)
class WijkViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [VoorzieningToegang]
    serializer_class = s.WijkSerializer
    lookup_field = "uuid"
    filterset_class = WijkFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Wijk.objects.none()
        return selectors.wijk_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = s.WijkWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        wijk = services.wijk_create(gemeente=gemeente_per_cbs(v["gemeente"]), naam=v["naam"], cbs_code=v["cbs_code"],
                                    door=request.user)  # fmt: skip
        return Response(s.WijkSerializer(wijk).data, status=status.HTTP_201_CREATED)


class VoorzieningFilter(django_filters.FilterSet):
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    wijk = django_filters.UUIDFilter(field_name="wijk__uuid")
    aanbieder = django_filters.UUIDFilter(field_name="aanbieder__uuid")
    soort = django_filters.ChoiceFilter(choices=AlgemeneVoorziening.Soort.choices)
    status = django_filters.ChoiceFilter(choices=AlgemeneVoorziening.Status.choices)

    class Meta:
        model = AlgemeneVoorziening
        fields = ["gemeente", "wijk", "aanbieder", "soort", "status"]


@extend_schema_view(
    list=extend_schema(summary="Algemene voorzieningen (vrij toegankelijk, zonder beschikking)", tags=TAGS),
    retrieve=extend_schema(summary="Eén algemene voorziening", tags=TAGS),
    create=extend_schema(
        summary="Algemene voorziening vastleggen",
        tags=TAGS,
        request=s.VoorzieningWriteSerializer,
        responses={201: s.VoorzieningSerializer},
    ),  # fmt: skip
    sluiten=extend_schema(
        summary="De voorziening sluiten",
        tags=TAGS,
        request=s.VoorzieningSluitenSerializer,
        responses=s.VoorzieningSerializer,
    ),  # fmt: skip
)
class AlgemeneVoorzieningViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [VoorzieningToegang]
    serializer_class = s.VoorzieningSerializer
    lookup_field = "uuid"
    filterset_class = VoorzieningFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AlgemeneVoorziening.objects.none()
        return selectors.voorziening_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = s.VoorzieningWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        grant = v["subsidieverlening"]
        if grant:
            grant = per_uuid(Subsidieverlening, grant, "subsidieverlening", "Subsidieverlening")
        voorziening = services.voorziening_create(
            wijk=per_uuid(Wijk, v["wijk"], "wijk", "Wijk"), aanbieder=per_uuid(Aanbieder, v["aanbieder"], "aanbieder",
                                                                      "Aanbieder"),
            naam=v["naam"], soort=v["soort"], wet=v["wet"], omschrijving=v["omschrijving"], adres=v["adres"],
            capaciteit=v["capaciteit"], capaciteit_eenheid=v["capaciteit_eenheid"], geldig_van=v["geldig_van"],
            geldig_tot=v["geldig_tot"], door=request.user,
            subsidieverlening=grant or None,
        )  # fmt: skip
        return Response(s.VoorzieningSerializer(voorziening).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def sluiten(self, request, uuid=None):
        voorziening = self.get_object()
        data = s.VoorzieningSluitenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        voorziening = services.voorziening_sluiten(voorziening=voorziening, per=v["per"], reden=v["reden"],
                                                   door=request.user)  # fmt: skip
        return Response(s.VoorzieningSerializer(voorziening).data)


class MeldingFilter(django_filters.FilterSet):
    voorziening = django_filters.UUIDFilter(field_name="voorziening__uuid")
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    jaar = django_filters.NumberFilter(field_name="periode__year")
    status = django_filters.ChoiceFilter(choices=Deelnamemelding.Status.choices)

    class Meta:
        model = Deelnamemelding
        fields = ["voorziening", "gemeente", "jaar", "status"]


@extend_schema_view(
    list=extend_schema(summary="Deelnamemeldingen (aantallen per maand, geen persoonsgegevens)", tags=TAGS),
    retrieve=extend_schema(summary="Eén deelnamemelding", tags=TAGS),
    create=extend_schema(
        summary="Deelname over een maand melden (de aanbieder)",
        tags=TAGS,
        request=s.DeelnamemeldingWriteSerializer,
        responses={201: s.DeelnamemeldingSerializer},
    ),  # fmt: skip
    corrigeren=extend_schema(
        summary="De melding corrigeren (vervangt haar; de oude blijft als historie)",
        tags=TAGS,
        request=s.DeelnameCorrigerenSerializer,
        responses={201: s.DeelnamemeldingSerializer},
    ),  # fmt: skip
)
class DeelnamemeldingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [VoorzieningToegang]
    serializer_class = s.DeelnamemeldingSerializer
    lookup_field = "uuid"
    filterset_class = MeldingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Deelnamemelding.objects.none()
        return selectors.deelname_list(user=self.request.user, ook_vervangen=True).select_related("vervangt")

    def create(self, request, *args, **kwargs):
        data = s.DeelnamemeldingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        melding = services.deelname_melden(
            voorziening=per_uuid(AlgemeneVoorziening, v["voorziening"], "voorziening", "Voorziening"),
            periode=v["periode"], deelnames=v["deelnames"], unieke_deelnemers=v["unieke_deelnemers"],
            toelichting=v["toelichting"], door=request.user,
        )  # fmt: skip
        return Response(s.DeelnamemeldingSerializer(melding).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def corrigeren(self, request, uuid=None):
        melding = self.get_object()
        data = s.DeelnameCorrigerenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        nieuw = services.deelname_corrigeren(
            melding=melding, deelnames=v["deelnames"], unieke_deelnemers=v["unieke_deelnemers"], reden=v["reden"],
            toelichting=v["toelichting"], door=request.user,
        )  # fmt: skip
        return Response(s.DeelnamemeldingSerializer(nieuw).data, status=status.HTTP_201_CREATED)


class VerwijzingFilter(django_filters.FilterSet):
    voorziening = django_filters.UUIDFilter(field_name="voorziening__uuid")
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    jaar = django_filters.NumberFilter(field_name="datum__year")

    class Meta:
        model = VoorliggendeVerwijzing
        fields = ["voorziening", "gemeente", "jaar"]


@extend_schema_view(
    list=extend_schema(summary="Verwijzingen naar algemene voorzieningen (aantallen, zonder BSN)", tags=TAGS),
    retrieve=extend_schema(summary="Eén verwijzing naar een algemene voorziening", tags=TAGS),
    create=extend_schema(
        summary="Inwoners naar een algemene voorziening verwijzen (de toegang; nooit met BSN)",
        tags=TAGS,
        request=s.VoorliggendeVerwijzingWriteSerializer,
        responses={201: s.VoorliggendeVerwijzingSerializer},
    ),  # fmt: skip
)
class VoorliggendeVerwijzingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [VoorzieningToegang]
    serializer_class = s.VoorliggendeVerwijzingSerializer
    lookup_field = "uuid"
    filterset_class = VerwijzingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VoorliggendeVerwijzing.objects.none()
        return selectors.verwijzing_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = s.VoorliggendeVerwijzingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        extra = request.data if hasattr(request.data, "get") else {}
        bsn = next((str(extra.get(k)) for k in ("bsn", "burgerservicenummer") if extra.get(k) not in (None, "")), None)
        client = next((extra.get(k) for k in ("client", "client_uuid") if extra.get(k) not in (None, "")), None)
        verwijzing = services.voorliggend_verwijzen(
            voorziening=per_uuid(AlgemeneVoorziening, v["voorziening"], "voorziening", "Voorziening"),
            aantal=v["aantal"], datum=v["datum"], kenmerk=v["kenmerk"], bsn=bsn, client=client, door=request.user,
        )  # fmt: skip
        return Response(s.VoorliggendeVerwijzingSerializer(verwijzing).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Bereik per wijk: capaciteit, deelnames, verwijzingen en bezetting per voorziening over een jaar",
        tags=TAGS,
        parameters=[
            OpenApiParameter("jaar", OpenApiTypes.INT, required=True),
            OpenApiParameter("gemeente", OpenApiTypes.STR, description="CBS-code"),
        ],
        responses=s.VoorzieningsbereikSerializer(many=True),
    ),
)
class VoorzieningsbereikViewSet(viewsets.ViewSet):
    permission_classes = [VoorzieningToegang]
    pagination_class = None

    def list(self, request):
        q = request.query_params
        jaar = (q.get("jaar") or "").strip()
        if not jaar.isdigit() or not 2015 <= int(jaar) <= 2100:
            raise ValidationFailed(f"'{jaar}' is geen jaar tussen 2015 en 2100.", code="ongeldig_jaar", field="jaar")
        gemeenten = [gemeente_per_cbs(q["gemeente"])] if q.get("gemeente") else None
        rijen = selectors.bereik_per_wijk(user=request.user, jaar=int(jaar), gemeenten=gemeenten)
        # referrals are counts of people: suppressed by the one rule of the outcome tables and the monitor
        rijen = [
            _Onderdrukt(rij, telling)
            for rij, telling in zip(rijen, tellingen([r.verwijzingen for r in rijen]), strict=True)
        ]
        return Response(s.VoorzieningsbereikSerializer(rijen, many=True).data)


class _Onderdrukt:
    """A row of reach with its referral count as published: None when suppressed."""

    def __init__(self, rij, telling):
        self._rij = rij
        self.verwijzingen, self.verwijzingen_onderdrukt = telling.waarde, telling.onderdrukt

    def __getattr__(self, naam):
        return getattr(self._rij, naam)
