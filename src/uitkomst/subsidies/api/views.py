"""API for subsidy relations. Thin: rows come from ``subsidies.selectors`` (scoped by the policy), every
change is one call of ``subsidies.services`` (which asks the policy and refuses with a code)."""


import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from uitkomst.accounts import policy
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.selectors import gemeente_per_cbs
from uitkomst.utils.errors import ValidationFailed
from uitkomst.utils.opzoeken import per_uuid

from .. import selectors, services
from ..models import Subsidieaanvraag, Subsidieregeling, Subsidieverlening, Voorschot
from . import serializers as s

TAGS = ["subsidies"]


class SubsidieToegang(permissions.BasePermission):
    message = "Alleen wie subsidies beheert, betaalt of ontvangt heeft toegang tot subsidies."

    def has_permission(self, request, view):
        return policy.mag(request.user, "subsidies.lezen")






class RegelingFilter(django_filters.FilterSet):
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    wet = django_filters.CharFilter(field_name="wet")
    jaar = django_filters.NumberFilter(method="_jaar")

    class Meta:
        model = Subsidieregeling
        fields = ["gemeente", "wet", "jaar"]

    def _jaar(self, qs, name, value):
        return qs.filter(van_jaar__lte=value, tot_jaar__gte=value)


@extend_schema_view(
    list=extend_schema(summary="Subsidieregelingen", tags=TAGS),
    retrieve=extend_schema(summary="Eén subsidieregeling", tags=TAGS),
    create=extend_schema(
        summary="Subsidieregeling vastleggen",
        tags=TAGS,
        request=s.RegelingWriteSerializer,
        responses={201: s.RegelingSerializer},
    ),  # fmt: skip
)
class SubsidieregelingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SubsidieToegang]
    serializer_class = s.RegelingSerializer
    lookup_field = "uuid"
    filterset_class = RegelingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the filters must be documented
            return Subsidieregeling.objects.none()
        return selectors.regeling_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = s.RegelingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        regeling = services.regeling_create(
            gemeente=gemeente_per_cbs(v["gemeente"]), naam=v["naam"], wet=v["wet"], doel=v["doel"],
            van_jaar=v["van_jaar"],
            tot_jaar=v["tot_jaar"], plafond=v["plafond"], door=request.user,
        )  # fmt: skip
        return Response(s.RegelingSerializer(regeling).data, status=status.HTTP_201_CREATED)


class AanvraagFilter(django_filters.FilterSet):
    regeling = django_filters.UUIDFilter(field_name="regeling__uuid")
    aanbieder = django_filters.UUIDFilter(field_name="aanbieder__uuid")
    jaar = django_filters.NumberFilter(field_name="jaar")
    status = django_filters.ChoiceFilter(choices=Subsidieaanvraag.Status.choices)

    class Meta:
        model = Subsidieaanvraag
        fields = ["regeling", "aanbieder", "jaar", "status"]


@extend_schema_view(
    list=extend_schema(summary="Subsidieaanvragen", tags=TAGS),
    retrieve=extend_schema(summary="Eén subsidieaanvraag", tags=TAGS),
    create=extend_schema(
        summary="Subsidie aanvragen (de aanbieder voor zichzelf)",
        tags=TAGS,
        request=s.AanvraagWriteSerializer,
        responses={201: s.AanvraagSerializer},
    ),  # fmt: skip
)
class SubsidieaanvraagViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SubsidieToegang]
    serializer_class = s.AanvraagSerializer
    lookup_field = "uuid"
    filterset_class = AanvraagFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the filters must be documented
            return Subsidieaanvraag.objects.none()
        return selectors.aanvraag_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = s.AanvraagWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        aanvraag = services.aanvraag_indienen(
            regeling=per_uuid(Subsidieregeling, v["regeling"], "regeling", "Regeling"),
            aanbieder=per_uuid(Aanbieder, v["aanbieder"], "aanbieder", "Aanbieder"),
            jaar=v["jaar"], bedrag=v["bedrag"], toelichting=v["toelichting"], door=request.user,
        )  # fmt: skip
        return Response(s.AanvraagSerializer(aanvraag).data, status=status.HTTP_201_CREATED)


class VerleningFilter(django_filters.FilterSet):
    regeling = django_filters.UUIDFilter(field_name="regeling__uuid")
    aanbieder = django_filters.UUIDFilter(field_name="aanbieder__uuid")
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    jaar = django_filters.NumberFilter(field_name="jaar")
    status = django_filters.ChoiceFilter(choices=Subsidieverlening.Status.choices)

    class Meta:
        model = Subsidieverlening
        fields = ["regeling", "aanbieder", "gemeente", "jaar", "status"]


@extend_schema_view(
    list=extend_schema(summary="Subsidieverleningen met prestaties, voorschotten en vaststelling", tags=TAGS),
    retrieve=extend_schema(summary="Eén subsidieverlening", tags=TAGS),
    create=extend_schema(
        summary="Subsidie verlenen op een aanvraag",
        tags=TAGS,
        request=s.VerleningWriteSerializer,
        responses={201: s.VerleningSerializer},
    ),  # fmt: skip
    verantwoorden=extend_schema(
        summary="De gerealiseerde prestaties verantwoorden (de aanbieder)",
        tags=TAGS,
        request=s.VerantwoordenSerializer,
        responses=s.VerleningSerializer,
    ),  # fmt: skip
    vaststellen=extend_schema(
        summary="De subsidie vaststellen (met terugvordering)",
        tags=TAGS,
        request=s.VaststellenSerializer,
        responses=s.VerleningSerializer,
    ),  # fmt: skip
)
class SubsidieverleningViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SubsidieToegang]
    serializer_class = s.VerleningSerializer
    lookup_field = "uuid"
    filterset_class = VerleningFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the filters must be documented
            return Subsidieverlening.objects.none()
        return selectors.verlening_list(user=self.request.user).select_related("verantwoording", "vaststelling")

    def _fresh(self, obj, code=status.HTTP_200_OK):
        return Response(s.VerleningSerializer(self.get_queryset().get(pk=obj.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = s.VerleningWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v["aanvraag"]:
            kwargs = {"aanvraag": per_uuid(Subsidieaanvraag, v["aanvraag"], "aanvraag", "Aanvraag")}
        else:
            kwargs = {
                "regeling": per_uuid(Subsidieregeling, v["regeling"], "regeling", "Regeling"),
                "aanbieder": per_uuid(Aanbieder, v["aanbieder"], "aanbieder", "Aanbieder"),
                "jaar": v["jaar"],
            }
        verlening = services.verlening_create(
            **kwargs, bedrag=v["bedrag"], prestaties=v["prestaties"], verplichtingen=v["verplichtingen"],
            voorschotten=v["voorschotten"], besluitdatum=v["besluitdatum"], toelichting=v["toelichting"],
            door=request.user,
        )  # fmt: skip
        return self._fresh(verlening, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def verantwoorden(self, request, uuid=None):
        verlening = self.get_object()
        data = s.VerantwoordenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        realisaties = {r["indicator"]: r["gerealiseerd"] for r in v["realisaties"]}
        services.verantwoording_indienen(
            verlening=verlening, jaar=v["jaar"], realisaties=realisaties,
            toelichting=v["toelichting"], door=request.user,
        )  # fmt: skip
        return self._fresh(verlening)

    @action(detail=True, methods=["post"])
    def vaststellen(self, request, uuid=None):
        verlening = self.get_object()
        data = s.VaststellenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        services.vaststellen(
            verlening=verlening, bedrag=v["bedrag"], datum=v["datum"], toelichting=v["toelichting"], door=request.user
        )
        return self._fresh(verlening)


class VoorschotFilter(django_filters.FilterSet):
    verlening = django_filters.UUIDFilter(field_name="verlening__uuid")
    status = django_filters.ChoiceFilter(choices=Voorschot.Status.choices)

    class Meta:
        model = Voorschot
        fields = ["verlening", "status"]


@extend_schema_view(
    list=extend_schema(summary="Voorschotten op subsidies", tags=TAGS),
    retrieve=extend_schema(summary="Eén voorschot", tags=TAGS),
    betalen=extend_schema(
        summary="Het voorschot betalen (financiën)",
        tags=TAGS,
        request=s.BetalenSerializer,
        responses=s.VoorschotSerializer,
    ),  # fmt: skip
)
class SubsidievoorschotViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [SubsidieToegang]
    serializer_class = s.VoorschotSerializer
    lookup_field = "uuid"
    filterset_class = VoorschotFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the filters must be documented
            return Voorschot.objects.none()
        return selectors.voorschot_list(user=self.request.user)

    @action(detail=True, methods=["post"])
    def betalen(self, request, uuid=None):
        voorschot = self.get_object()
        data = s.BetalenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        voorschot = services.voorschot_betalen(voorschot=voorschot, datum=data.validated_data["datum"],
                                               door=request.user)  # fmt: skip
        return Response(s.VoorschotSerializer(voorschot).data)


@extend_schema_view(
    list=extend_schema(
        summary="Subsidieresultaten: per aanbieder en regeling de streefwaarde tegen de realisatie",
        tags=TAGS,
        parameters=[
            OpenApiParameter("gemeente", OpenApiTypes.STR, description="CBS-code"),
            OpenApiParameter("regeling", OpenApiTypes.UUID),
            OpenApiParameter("aanbieder", OpenApiTypes.UUID),
            OpenApiParameter("jaar", OpenApiTypes.INT),
        ],
        responses=s.ResultaatSerializer(many=True),
    ),
)
class SubsidieresultaatViewSet(viewsets.ViewSet):
    permission_classes = [SubsidieToegang]
    pagination_class = None

    def list(self, request):
        q = request.query_params
        jaar = q.get("jaar")
        if jaar is not None and not jaar.isdigit():
            raise ValidationFailed(f"'{jaar}' is geen jaar.", code="ongeldig_jaar", field="jaar")
        rijen = selectors.subsidieresultaten(
            user=request.user,
            gemeente=gemeente_per_cbs(q["gemeente"]) if q.get("gemeente") else None,
            regeling=per_uuid(Subsidieregeling, q["regeling"], "regeling", "Regeling") if q.get("regeling") else None,
            aanbieder=per_uuid(Aanbieder, q["aanbieder"], "aanbieder", "Aanbieder") if q.get("aanbieder") else None,
            jaar=int(jaar) if jaar is not None else None,
        )
        return Response(s.ResultaatSerializer(rijen, many=True).data)
