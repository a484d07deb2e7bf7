"""API for assignments and trajectories; the transitions are actions, e.g.
``POST /api/v1/trajecten/{uuid}/accepteren``. Scoped by role like the pages."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from uitkomst.audit.api import AuditLeesMixin
from uitkomst.contractering.models import Aanbieder
from uitkomst.toegang import selectors as toegang
from uitkomst.toegang.models import Gezinsplan
from uitkomst.toegang.paging import IdPaginering
from uitkomst.utils.errors import ValidationFailed

from .. import selectors, services
from ..models import Toewijzing, Traject
from ..workflow import Status
from .serializers import (
    ToewijzingCreateSerializer,
    ToewijzingSerializer,
    TrajectAfwijzenSerializer,
    TrajectBeeindigenSerializer,
    TrajectDetailSerializer,
    TrajectIntrekkenSerializer,
    TrajectLeegSerializer,
    TrajectOnderaannemerSerializer,
    TrajectSerializer,
    TrajectStartenSerializer,
    TrajectTussenevaluatieSerializer,
)

TAG = ["trajecten"]




class ToewijzingFilter(django_filters.FilterSet):
    goedkeuring = django_filters.ChoiceFilter(choices=Toewijzing.Goedkeuring.choices)
    product = django_filters.CharFilter(field_name="product__code")

    class Meta:
        model = Toewijzing
        fields = ["goedkeuring", "product"]


@extend_schema_view(
    list=extend_schema(summary="Toewijzingen", tags=TAG),
    retrieve=extend_schema(summary="Eén toewijzing", tags=TAG),
    create=extend_schema(
        summary="Toewijzen aan de door de cliënt gekozen aanbieder",
        tags=TAG,
        request=ToewijzingCreateSerializer,
        responses={201: ToewijzingSerializer},
    ),
    goedkeuren=extend_schema(
        summary="Tweede persoon keurt een dure toewijzing goed", tags=TAG, request=TrajectLeegSerializer
    ),
)
class ToewijzingViewSet(AuditLeesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    audit_wat = "toewijzingen: cliëntreferentie, product, aanbieder, budget"
    serializer_class = ToewijzingSerializer
    lookup_field = "uuid"
    pagination_class = IdPaginering
    filterset_class = ToewijzingFilter

    def get_queryset(self):
        return selectors.toewijzing_list(user=self.request.user).select_related("plan")

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()  # audit-logged by AuditLeesMixin
        return Response(ToewijzingSerializer(obj).data)

    def create(self, request, *args, **kwargs):
        data = ToewijzingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            plan = toegang.gezinsplan_get(user=request.user, uuid=v["plan"])
        except Gezinsplan.DoesNotExist as exc:
            raise ValidationFailed(
                "Dit plan bestaat niet of u mag het niet zien.", code="plan_onbekend", field="plan"
            ) from exc
        aanbieder = Aanbieder.objects.filter(uuid=v["aanbieder"]).first()
        if aanbieder is None:
            raise ValidationFailed("Deze aanbieder bestaat niet.", code="aanbieder_onbekend", field="aanbieder")
        toewijzing = services.toewijzing_create(
            plan=plan,
            aanbieder=aanbieder,
            startdatum=v["startdatum"],
            einddatum=v.get("einddatum"),
            keuze_door_client=v["keuze_door_client"],
            door=request.user,
        )
        return Response(ToewijzingSerializer(toewijzing).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def goedkeuren(self, request, uuid=None):
        toewijzing = services.toewijzing_goedkeuren(toewijzing=self.get_object(), door=request.user)
        return Response(ToewijzingSerializer(toewijzing).data)


class TrajectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    product = django_filters.CharFilter(field_name="product__code")
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    aanbieder = django_filters.UUIDFilter(field_name="aanbieder__uuid")

    class Meta:
        model = Traject
        fields = ["status", "product", "gemeente", "aanbieder"]


def _transition(summary: str, request_serializer=TrajectLeegSerializer):
    return extend_schema(
        summary=summary, tags=TAG, request=request_serializer, responses={200: TrajectDetailSerializer}
    )


def _goals(traject: Traject, items: list[dict]) -> dict:
    """API goals are numbered as in the plan (1, 2, ...); the service takes goal ids."""
    by_number = {d.volgorde: d.pk for d in traject.toewijzing.plan.doelen.all()}
    return {by_number.get(i["doel"], f"#{i['doel']}"): i["status"] for i in items}


@extend_schema_view(
    list=extend_schema(summary="Trajecten", tags=TAG),
    retrieve=extend_schema(summary="Eén traject met statushistorie", tags=TAG),
    accepteren=_transition("Aanbieder accepteert de toewijzing"),
    afwijzen=_transition("Aanbieder weigert, alleen met een gecodeerde reden", TrajectAfwijzenSerializer),
    starten=_transition("Aanbieder start het traject", TrajectStartenSerializer),
    tussenevaluatie=_transition("Tussentijdse evaluatie met de status per doel", TrajectTussenevaluatieSerializer),
    beeindigen=_transition("Beëindigen met reden (JZ588) en de status per doel", TrajectBeeindigenSerializer),
    afsluiten=_transition("Afsluiten na de eindevaluatie"),
    intrekken=_transition("Toegang trekt de toewijzing in", TrajectIntrekkenSerializer),
    onderaannemers=_transition(
        "Onderaannemer inschakelen voor een deel van het traject", TrajectOnderaannemerSerializer
    ),
)
class TrajectViewSet(AuditLeesMixin, viewsets.ReadOnlyModelViewSet):
    audit_wat = "trajecten: cliëntreferentie, product, aanbieder, status, doelen"
    lookup_field = "uuid"
    pagination_class = IdPaginering
    filterset_class = TrajectFilter

    def get_queryset(self):
        return selectors.traject_list(user=self.request.user)

    def get_serializer_class(self):
        return TrajectSerializer if self.action == "list" else TrajectDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()  # audit-logged by AuditLeesMixin
        return Response(TrajectDetailSerializer(obj).data)

    def _done(self, traject: Traject) -> Response:
        fresh = selectors.traject_list(user=self.request.user).filter(pk=traject.pk).first() or traject
        return Response(TrajectDetailSerializer(fresh).data)

    def _input(self, serializer_class) -> dict:
        s = serializer_class(data=self.request.data)
        s.is_valid(raise_exception=True)
        return s.validated_data

    @action(detail=True, methods=["post"])
    def accepteren(self, request, uuid=None):
        return self._done(services.traject_accepteren(traject=self.get_object(), door=request.user))

    @action(detail=True, methods=["post"])
    def afwijzen(self, request, uuid=None):
        v = self._input(TrajectAfwijzenSerializer)
        return self._done(
            services.traject_afwijzen(
                traject=self.get_object(), reden=v["reden"], toelichting=v["toelichting"], door=request.user
            )
        )

    @action(detail=True, methods=["post"])
    def starten(self, request, uuid=None):
        v = self._input(TrajectStartenSerializer)
        return self._done(services.traject_starten(traject=self.get_object(), datum=v.get("datum"), door=request.user))

    @action(detail=True, methods=["post"])
    def tussenevaluatie(self, request, uuid=None):
        v = self._input(TrajectTussenevaluatieSerializer)
        traject = self.get_object()
        services.traject_tussenevaluatie(
            traject=traject,
            door=request.user,
            doelstatussen=_goals(traject, v["doelstatussen"]),
            toelichting=v["toelichting"],
        )
        return self._done(traject)

    @action(detail=True, methods=["post"])
    def beeindigen(self, request, uuid=None):
        v = self._input(TrajectBeeindigenSerializer)
        traject = self.get_object()
        return self._done(
            services.traject_beeindigen(
                traject=traject,
                door=request.user,
                reden=v["reden"],
                datum=v.get("datum"),
                doelstatussen=_goals(traject, v["doelstatussen"]),
                toelichting=v["toelichting"],
            )
        )

    @action(detail=True, methods=["post"])
    def afsluiten(self, request, uuid=None):
        return self._done(services.traject_afsluiten(traject=self.get_object(), door=request.user))

    @action(detail=True, methods=["post"])
    def intrekken(self, request, uuid=None):
        v = self._input(TrajectIntrekkenSerializer)
        return self._done(services.traject_intrekken(traject=self.get_object(), reden=v["reden"], door=request.user))

    @action(detail=True, methods=["post"])
    def onderaannemers(self, request, uuid=None):
        v = self._input(TrajectOnderaannemerSerializer)
        aanbieder = Aanbieder.objects.filter(uuid=v["aanbieder"]).first()
        if aanbieder is None:
            raise ValidationFailed("Deze aanbieder bestaat niet.", code="aanbieder_onbekend", field="aanbieder")
        traject = self.get_object()
        services.onderaannemer_toevoegen(
            traject=traject, aanbieder=aanbieder, omschrijving=v["omschrijving"], door=request.user
        )
        return self._done(traject)
