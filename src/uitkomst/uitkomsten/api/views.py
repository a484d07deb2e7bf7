import datetime as dt

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from uitkomst.accounts import policy
from uitkomst.audit.api import AuditLeesMixin
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente
from uitkomst.trajecten.models import Traject
from uitkomst.utils.errors import ValidationFailed

from .. import selectors, services
from ..models import Uitkomstmeting
from .serializers import IndicatorRijSerializer, UitkomstmetingCreateSerializer, UitkomstmetingSerializer, rij_data


class UitkomstmetingFilter(django_filters.FilterSet):
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    aanbieder = django_filters.UUIDFilter(field_name="aanbieder__uuid")
    product = django_filters.CharFilter(field_name="product__code")
    traject = django_filters.UUIDFilter(field_name="traject__uuid")  # the measurement of one trajectory
    # Query parameters in lowerCamelCase (NL API Design Rules), like the JSON fields.
    beeindigdVan = django_filters.DateFilter(field_name="beeindigd_op", lookup_expr="gte")
    beeindigdTot = django_filters.DateFilter(field_name="beeindigd_op", lookup_expr="lte")

    class Meta:
        model = Uitkomstmeting
        fields = ["gemeente", "aanbieder", "product", "traject", "beeindigdVan", "beeindigdTot"]


@extend_schema_view(
    list=extend_schema(
        summary="Uitkomstmetingen per cliënt (gepseudonimiseerd; alleen de aanbieder, eigen cliënten)",
        tags=["uitkomsten"],
    ),
    retrieve=extend_schema(summary="Eén uitkomstmeting", tags=["uitkomsten"]),
    create=extend_schema(
        summary="Uitkomst van een beëindigd traject vastleggen",
        tags=["uitkomsten"],
        request=UitkomstmetingCreateSerializer,
        responses={201: UitkomstmetingSerializer},
    ),
)
class UitkomstmetingViewSet(AuditLeesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    audit_wat = "uitkomstmetingen per cliënt (pseudoniem): doelen, uitval, tevredenheid"
    serializer_class = UitkomstmetingSerializer
    lookup_field = "uuid"
    filterset_class = UitkomstmetingFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the filters must be documented
            return Uitkomstmeting.objects.none()
        return selectors.meting_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = UitkomstmetingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        traject = Traject.objects.filter(policy.rijen(request.user, "traject"), uuid=values.pop("traject")).first()
        if traject is None:
            raise ValidationFailed(
                "Dit traject bestaat niet of u mag het niet zien.", code="traject_onbekend", field="traject"
            )
        meting = services.uitkomstmeting_create(traject=traject, door=request.user, **values)
        return Response(UitkomstmetingSerializer(meting).data, status=status.HTTP_201_CREATED)


def _datum(request, naam: str) -> dt.date | None:
    value = request.query_params.get(naam)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationFailed(f"'{value}' is geen datum (JJJJ-MM-DD).", code="datum_ongeldig", field=naam) from exc


class IndicatorViewSet(viewsets.ViewSet):
    """Indicators are aggregates: each row has n, share, 95% Wilson interval and the regional benchmark;
    small cells are suppressed. Rows are scoped to what the user may see; the benchmark is the region."""

    @extend_schema(
        summary="Uitkomstindicatoren per groep met benchmark en onderdrukking",
        tags=["uitkomsten"],
        parameters=[
            OpenApiParameter("groep", OpenApiTypes.STR, enum=list(selectors.GROEPEN)),
            OpenApiParameter("beeindigdVan", OpenApiTypes.DATE),
            OpenApiParameter("beeindigdTot", OpenApiTypes.DATE),
        ],
        responses={200: IndicatorRijSerializer(many=True)},
    )
    def list(self, request):
        user = request.user
        groep = request.query_params.get("groep") or "aanbieder"
        tabel = selectors.indicatoren(
            user=user, groep=groep, van=_datum(request, "beeindigdVan"), tot=_datum(request, "beeindigdTot")
        )
        # the providers' uuids and the municipalities' codes once, not one query per row
        uuids = _aanbieders() if groep == "aanbieder" else {}
        codes = _gemeenten() if groep == "gemeente" else {}
        sleutel = {
            "aanbieder": lambda k: str(a.uuid) if (a := uuids.get(k)) else None,
            "gemeente": lambda k: codes.get(k),
        }.get(groep, lambda k: str(k) if k is not None else None)
        rijen = [rij_data(groep, r, sleutel(r.sleutel)) for r in tabel.rijen]
        rijen.append(rij_data(None, tabel.benchmark, None))
        return Response(rijen)


def _aanbieders():
    return {a.pk: a for a in Aanbieder.objects.only("uuid")}


def _gemeenten():
    return dict(Gemeente.objects.values_list("pk", "cbs_code"))
