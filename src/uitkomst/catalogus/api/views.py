import datetime as dt

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.response import Response

from uitkomst.utils.errors import ValidationFailed

from .. import selectors, services
from ..models import Bekostigingsvorm, Inkoopmodel, Product, Tarief, Wet
from .serializers import (
    InkoopmodelDetailSerializer,
    InkoopmodelSerializer,
    ProductSerializer,
    TariefCreateSerializer,
    TariefSerializer,
)

PEILDATUM = OpenApiParameter(
    "peildatum", OpenApiTypes.DATE, description="Datum waarop het huidige tarief geldt (standaard vandaag)."
)


def _peildatum(request) -> dt.date | None:
    value = request.query_params.get("peildatum")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationFailed(
            f"Peildatum '{value}' is geen datum (JJJJ-MM-DD).", code="peildatum_ongeldig", field="peildatum"
        ) from exc


class CatalogusLezenIedereen(permissions.BasePermission):
    """Purchasing models are public procurement information; changing them needs a role."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


class InkoopmodelFilter(django_filters.FilterSet):
    wet = django_filters.ChoiceFilter(choices=Wet.choices)
    regio = django_filters.CharFilter(field_name="regio__code")
    code = django_filters.CharFilter()

    class Meta:
        model = Inkoopmodel
        fields = ["wet", "regio", "code"]


@extend_schema_view(
    list=extend_schema(summary="Inkoopmodellen", tags=["catalogus"]),
    retrieve=extend_schema(
        summary="Eén inkoopmodel met producten en huidige tarieven", tags=["catalogus"], parameters=[PEILDATUM]
    ),
)
class InkoopmodelViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [CatalogusLezenIedereen]
    lookup_field = "uuid"
    filterset_class = InkoopmodelFilter

    def get_queryset(self):
        return selectors.inkoopmodel_list(user=self.request.user)

    def get_serializer_class(self):
        return InkoopmodelDetailSerializer if self.action == "retrieve" else InkoopmodelSerializer

    def retrieve(self, request, *args, **kwargs):
        model = self.get_object()
        producten = list(selectors.product_list(inkoopmodel=model, peildatum=_peildatum(request)))
        serializer = InkoopmodelDetailSerializer(
            model, context={**self.get_serializer_context(), "producten": producten}
        )
        return Response(serializer.data)


class ProductFilter(django_filters.FilterSet):
    inkoopmodel = django_filters.UUIDFilter(field_name="inkoopmodel__uuid")
    bekostiging = django_filters.ChoiceFilter(choices=Bekostigingsvorm.choices)
    soort = django_filters.ChoiceFilter(choices=Product.Soort.choices)
    code = django_filters.CharFilter()

    class Meta:
        model = Product
        fields = ["inkoopmodel", "bekostiging", "soort", "code"]


@extend_schema_view(
    list=extend_schema(summary="Producten met hun huidige tarief", tags=["catalogus"], parameters=[PEILDATUM]),
    retrieve=extend_schema(summary="Eén product", tags=["catalogus"], parameters=[PEILDATUM]),
)
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [CatalogusLezenIedereen]
    serializer_class = ProductSerializer
    lookup_field = "uuid"
    filterset_class = ProductFilter

    def get_queryset(self):  # the payment schedule's terms in one query, not one per product
        qs = selectors.product_list(user=self.request.user, peildatum=_peildatum(self.request))
        return qs.prefetch_related("betaalschema__termijnen")


class TariefFilter(django_filters.FilterSet):
    product = django_filters.UUIDFilter(field_name="product__uuid")
    inkoopmodel = django_filters.UUIDFilter(field_name="product__inkoopmodel__uuid")

    class Meta:
        model = Tarief
        fields = ["product", "inkoopmodel"]


@extend_schema_view(
    list=extend_schema(summary="Tariefversies", tags=["catalogus"]),
    retrieve=extend_schema(summary="Eén tariefversie", tags=["catalogus"]),
    create=extend_schema(
        summary="Nieuwe tariefversie toevoegen",
        tags=["catalogus"],
        request=TariefCreateSerializer,
        responses={201: TariefSerializer},
    ),
)
class TariefViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [CatalogusLezenIedereen]
    serializer_class = TariefSerializer
    lookup_field = "uuid"
    filterset_class = TariefFilter

    def get_queryset(self):
        return selectors.tarief_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = TariefCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        product = Product.objects.select_related("inkoopmodel").filter(uuid=values["product"]).first()
        if product is None:
            raise ValidationFailed("Dit product bestaat niet.", code="product_onbekend", field="product")
        tarief = services.tarief_create(
            product=product,
            bedrag=values["bedrag"],
            geldig_van=values["geldig_van"],
            geldig_tot=values.get("geldig_tot"),
            illustratief=values["illustratief"],
            toelichting=values["toelichting"],
            door=request.user,
        )
        return Response(TariefSerializer(tarief).data, status=status.HTTP_201_CREATED)
