"""API for invoices and payment runs, scoped by role like the pages; errors as problem+json."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.response import Response

from uitkomst.audit.api import AuditLeesMixin

from .. import selectors, services
from ..models import Betaalronde, Declaratie, Regelstatus
from ..regels import Invoer
from .serializers import (
    BetaalrondeSerializer,
    DeclaratieCreateSerializer,
    DeclaratieDetailSerializer,
    DeclaratieSerializer,
    GoedkeurenSerializer,
)

TAG = ["declaraties"]


def _str_keys(detail):
    """Nested list errors come keyed by index (int); the shared problem+json handler wants str keys."""
    if isinstance(detail, dict):
        return {str(k): _str_keys(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_str_keys(v) for v in detail]
    return detail


def _ingelogd(request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated()


@extend_schema_view(
    list=extend_schema(summary="Declaraties (eigen organisatie of eigen gemeente)", tags=TAG),
    retrieve=extend_schema(summary="Eén declaratie met toegekende en afgewezen regels", tags=TAG),
    create=extend_schema(
        summary="Declaratie indienen; iedere regel wordt apart beoordeeld (gedeeltelijke toekenning)",
        tags=TAG,
        request=DeclaratieCreateSerializer,
        responses={201: DeclaratieDetailSerializer},
    ),
    goedkeuren=extend_schema(
        summary="Financiën keurt toegekende regels goed",
        tags=TAG,
        request=GoedkeurenSerializer,
        responses={200: DeclaratieDetailSerializer},
    ),  # fmt: skip
)
class DeclaratieViewSet(AuditLeesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    # the list shows totals per invoice only; the detail shows the lines per client
    audit_wat = "declaratie: regels per cliënt (toewijzing, periode, bedrag)"
    audit_pad, audit_lijst = "regels__client__", False
    serializer_class = DeclaratieSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Declaratie.objects.none()
        _ingelogd(self.request)
        return selectors.declaratie_list(user=self.request.user)

    def _detail(self, declaratie, status_code=status.HTTP_200_OK):
        regels = selectors.regel_list(user=self.request.user, declaratie=declaratie)
        return Response(DeclaratieDetailSerializer(declaratie, context={"regels": regels}).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        _ingelogd(request)
        data = DeclaratieCreateSerializer(data=request.data)
        if not data.is_valid():
            raise ValidationError(_str_keys(data.errors))
        v = data.validated_data
        regels = [
            Invoer(
                regelnummer=x.get("regelnummer") or i,
                referentie=(x.get("toewijzingnummer") or x.get("lumpsumnummer") or "").strip(),
                begindatum=x.get("begindatum"),
                einddatum=x.get("einddatum"),
                termijn=x.get("termijn"),
                aantal=x.get("aantal"),
                tarief=x.get("tarief"),
                bedrag=x.get("bedrag"),
                crediteert=(x.get("crediteert") or "").strip(),
            )
            for i, x in enumerate(v["regels"], start=1)
        ]
        declaratie = services.declaratie_indienen(
            aanbieder=request.user.aanbieder,
            begindatum=v["begindatum"],
            einddatum=v["einddatum"],
            regels=regels,
            totaal=v.get("totaal"),
            door=request.user,
            bron="api",
        )
        return self._detail(declaratie, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def goedkeuren(self, request, uuid=None):
        declaratie = self.get_object()
        data = GoedkeurenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        qs = selectors.regel_list(user=request.user, declaratie=declaratie, status=Regelstatus.TOEGEKEND)
        if data.validated_data.get("regels"):
            qs = selectors.regel_list(user=request.user, declaratie=declaratie).filter(
                uuid__in=data.validated_data["regels"]
            )
        services.regels_goedkeuren(regels=list(qs), door=request.user)
        return self._detail(declaratie)


@extend_schema_view(
    list=extend_schema(summary="Betaalrondes (eigen gemeente; een aanbieder ziet zijn eigen specificatie)", tags=TAG),
    retrieve=extend_schema(summary="Eén betaalronde met de specificatie per aanbieder", tags=TAG),
    create=extend_schema(
        summary="Betaalronde maken van alle goedgekeurde regels van de eigen gemeente",
        tags=TAG,
        request=None,
        responses={201: BetaalrondeSerializer},
    ),
)
class BetaalrondeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = BetaalrondeSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Betaalronde.objects.none()
        _ingelogd(self.request)
        return selectors.betaalronde_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = [self._data(r) for r in page]
        return self.get_paginated_response(data)

    def _data(self, ronde):
        specs = selectors.specificaties(user=self.request.user, ronde=ronde)
        return BetaalrondeSerializer(ronde, context={"specificaties": specs}).data

    def retrieve(self, request, *args, **kwargs):
        return Response(self._data(self.get_object()))

    def create(self, request, *args, **kwargs):
        _ingelogd(request)
        ronde = services.betaalronde_maken(door=request.user)
        return Response(self._data(ronde), status=status.HTTP_201_CREATED)
