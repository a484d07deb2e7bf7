import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from uitkomst.accounts import policy
from uitkomst.signalen import selectors as signalen
from uitkomst.signalen import services as signaal_services
from uitkomst.signalen.models import Signaal
from uitkomst.utils import klok
from uitkomst.utils.errors import ValidationFailed

from .. import selectors, services
from ..models import Budgetplafond
from .serializers import (
    AfhandelenSerializer,
    BudgetplafondSerializer,
    BudgetSerializer,
    SignaalSerializer,
    SubsidiecijfersSerializer,
)


def _lezer(user):
    policy.vereis(user, "sturing.lezen")


class BudgetViewSet(viewsets.ViewSet):
    @extend_schema(
        summary="Budget per gemeente: plafond, gerealiseerd, verplicht, instroom en prognose",
        tags=["sturing"],
        parameters=[OpenApiParameter("jaar", OpenApiTypes.INT)],
        responses={200: BudgetSerializer(many=True)},
    )
    def list(self, request):
        _lezer(request.user)
        value = request.query_params.get("jaar") or klok.vandaag().year
        try:
            jaar = int(value)
        except ValueError as exc:
            raise ValidationFailed(f"'{value}' is geen jaartal.", code="jaar_ongeldig", field="jaar") from exc
        return Response(BudgetSerializer(selectors.budgetten(user=request.user, jaar=jaar), many=True).data)

    @extend_schema(
        summary="Budgetplafond vaststellen (financiën gemeente)",
        tags=["sturing"],
        request=BudgetplafondSerializer,
        responses={201: BudgetplafondSerializer},
    )
    def create(self, request):
        data = BudgetplafondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        plafond = services.budgetplafond_vaststellen(
            gemeente=v["gemeente"], jaar=v["jaar"], bedrag=v["bedrag"], toelichting=v["toelichting"], door=request.user
        )
        plafond = Budgetplafond.objects.select_related("gemeente").get(pk=plafond.pk)
        body = {"gemeente": plafond.gemeente.cbs_code, "jaar": plafond.jaar, "bedrag": str(plafond.bedrag),
                "toelichting": plafond.toelichting}  # fmt: skip
        return Response(body, status=status.HTTP_201_CREATED)


def _jaar(request) -> int:
    value = request.query_params.get("jaar") or klok.vandaag().year
    try:
        return int(value)
    except ValueError as exc:
        raise ValidationFailed(f"'{value}' is geen jaartal.", code="jaar_ongeldig", field="jaar") from exc


class SubsidiecijfersViewSet(viewsets.ViewSet):
    """Subsidies next to contracts (issue 17): the same selector as the monitor and council report."""

    @extend_schema(
        summary="Subsidies per regeling en subsidiejaar: plafond, verleend, voorschotten, vastgesteld, teruggevorderd",
        tags=["sturing"],
        parameters=[OpenApiParameter("jaar", OpenApiTypes.INT)],
        responses={200: SubsidiecijfersSerializer(many=True)},
    )
    def list(self, request):
        _lezer(request.user)
        rijen = selectors.subsidiecijfers(user=request.user, jaar=_jaar(request))
        return Response(SubsidiecijfersSerializer(rijen, many=True).data)


class SignaalFilter(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(choices=Signaal.Soort.choices)
    ernst = django_filters.ChoiceFilter(choices=Signaal.Ernst.choices)
    status = django_filters.ChoiceFilter(choices=Signaal.Status.choices)
    afgehandeld = django_filters.BooleanFilter(field_name="afgehandeld_op", lookup_expr="isnull", exclude=True)
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    regio = django_filters.CharFilter(field_name="regio__code")

    class Meta:
        model = Signaal
        fields = ["soort", "ernst", "status", "afgehandeld", "gemeente", "regio"]


@extend_schema_view(
    list=extend_schema(summary="Signalen (naar rol)", tags=["sturing"]),
    retrieve=extend_schema(summary="Eén signaal", tags=["sturing"]),
)
class SignaalViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SignaalSerializer
    lookup_field = "uuid"
    filterset_class = SignaalFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Signaal.objects.none()
        _lezer(self.request.user)
        return signalen.signalen_voor(self.request.user)

    @extend_schema(
        summary="Signaal afhandelen met een toelichting",
        tags=["sturing"],
        request=AfhandelenSerializer,
        responses={200: SignaalSerializer},
    )
    @action(detail=True, methods=["post"], url_path="afhandelen")
    def afhandelen(self, request, uuid=None):
        signaal = self.get_object()
        data = AfhandelenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        signaal = signaal_services.signaal_afhandelen(
            signaal=signaal, toelichting=v["toelichting"] or v["notitie"], door=request.user
        )
        return Response(SignaalSerializer(signalen.signaal_voor(request.user, signaal.uuid)).data)
