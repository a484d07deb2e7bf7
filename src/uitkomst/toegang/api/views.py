"""API for clients, referrals and plans, scoped by role; reads of personal data are audit-logged."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from uitkomst.accounts import policy
from uitkomst.audit.api import AuditLeesMixin
from uitkomst.audit.services import audit_request
from uitkomst.catalogus.models import Inkoopmodel, Product, Wet
from uitkomst.organisaties.selectors import gemeente_per_cbs
from uitkomst.utils.errors import ValidationFailed

from .. import selectors, services
from ..models import Client, Gezinsplan, Pgbbesluit, Verwijzer, Verwijzing
from ..paging import IdPaginering
from .serializers import (
    ClientCreateSerializer,
    ClientSerializer,
    ClientZoekSerializer,
    GezinsplanCreateSerializer,
    GezinsplanSerializer,
    PgbBeeindigenSerializer,
    PgbbesluitCreateSerializer,
    PgbbesluitSerializer,
    PgbStapSerializer,
    VerwijzingCreateSerializer,
    VerwijzingSerializer,
)

TAG = ["toegang"]


def _log(request, clients, wat: str, bsn_getoond: bool = False) -> None:
    audit_request(request, clients, wat=wat, bsn_getoond=bsn_getoond)




class ClientFilter(django_filters.FilterSet):
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")

    class Meta:
        model = Client
        fields = ["gemeente"]


@extend_schema_view(
    list=extend_schema(summary="Cliënten (referentie; gemaskeerd BSN alleen voor rollen die het mogen zien)", tags=TAG),
    retrieve=extend_schema(summary="Eén cliënt; volledig BSN alleen voor rollen die het mogen zien", tags=TAG),
    create=extend_schema(
        summary="Cliënt vastleggen (of de bestaande met dit BSN)", tags=TAG, request=ClientCreateSerializer
    ),
    zoeken=extend_schema(
        summary="Cliënt zoeken op BSN (POST: het BSN staat nooit in een URL of logregel)",
        tags=TAG,
        request=ClientZoekSerializer,
        responses={200: ClientSerializer(many=True)},
    ),
)
class ClientViewSet(AuditLeesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ClientSerializer
    lookup_field = "uuid"
    pagination_class = IdPaginering
    filterset_class = ClientFilter
    audit_wat = "cliënten: referentie, woongemeente (BSN en geboortedatum naar rol)"

    def get_queryset(self):
        return selectors.client_list(user=self.request.user)

    def audit_bsn_getoond(self) -> bool:
        return self.action == "retrieve" and policy.mag_bsn_zien(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        client = self.get_object()  # audit-logged by AuditLeesMixin
        context = {**self.get_serializer_context(), "volledig": True}
        return Response(ClientSerializer(client, context=context).data)

    def create(self, request, *args, **kwargs):
        data = ClientCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        gemeente = gemeente_per_cbs(v["gemeente"])
        client = services.client_get_or_create(
            bsn=v["bsn"], geboortedatum=v["geboortedatum"], gemeente=gemeente, door=request.user
        )
        data = ClientSerializer(client, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"], pagination_class=None, filterset_class=None)
    def zoeken(self, request):
        data = ClientZoekSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        gevonden = list(selectors.client_list(user=request.user, bsn=data.validated_data["bsn"])[:10])
        _log(request, gevonden, "cliënt gezocht op BSN: referentie, BSN (gemaskeerd), geboortedatum")
        return Response(ClientSerializer(gevonden, many=True, context=self.get_serializer_context()).data)


class VerwijzingFilter(django_filters.FilterSet):
    # Query parameters in lowerCamelCase (NL API Design Rules), like the JSON fields.
    verwijzerType = django_filters.ChoiceFilter(field_name="verwijzer_type", choices=Verwijzer.choices)
    isVerkort = django_filters.BooleanFilter(field_name="is_verkort")
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")

    class Meta:
        model = Verwijzing
        fields = ["verwijzerType", "isVerkort", "gemeente"]


@extend_schema_view(
    list=extend_schema(summary="Verwijzingen", tags=TAG),
    retrieve=extend_schema(summary="Eén verwijzing", tags=TAG),
    create=extend_schema(
        summary="Verwijzen (een huisarts met het verkorte formulier)",
        tags=TAG,
        request=VerwijzingCreateSerializer,
        responses={201: VerwijzingSerializer},
    ),
)
class VerwijzingViewSet(AuditLeesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = VerwijzingSerializer
    lookup_field = "uuid"
    pagination_class = IdPaginering
    filterset_class = VerwijzingFilter
    audit_wat = "verwijzingen: hulpvraag, verwijzer"

    def get_queryset(self):
        return selectors.verwijzing_list(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()  # audit-logged by AuditLeesMixin
        return Response(VerwijzingSerializer(obj).data)

    def create(self, request, *args, **kwargs):
        data = VerwijzingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        gemeente = gemeente_per_cbs(v["gemeente"])
        model = Inkoopmodel.objects.filter(code=v["inkoopmodel"], regio_id=gemeente.regio_id).first()
        if model is None:
            raise ValidationFailed("Onbekend inkoopmodel voor deze regio.", code="model_onbekend", field="inkoopmodel")
        product = None
        if v["product"]:
            product = Product.objects.filter(code=v["product"], inkoopmodel__regio_id=gemeente.regio_id).first()
            if product is None:
                raise ValidationFailed(f"Onbekend product '{v['product']}'.", code="product_onbekend", field="product")
        verwijzing = services.verwijzing_create(
            bsn=v["bsn"],
            geboortedatum=v["geboortedatum"],
            gemeente=gemeente,
            inkoopmodel=model,
            datum=v["datum"],
            door=request.user,
            verwijzer_type=v.get("verwijzer_type"),
            verwijzer_code=v["verwijzer_code"],
            verwijzer_naam=v["verwijzer_naam"],
            product=product,
            toelichting=v["toelichting"],
        )
        return Response(VerwijzingSerializer(verwijzing).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    retrieve=extend_schema(summary="Eén gezinsplan met doelen", tags=TAG),
    create=extend_schema(
        summary="Gezinsplan met doelen, profiel en intensiteit (of maatwerk)",
        tags=TAG,
        request=GezinsplanCreateSerializer,
        responses={201: GezinsplanSerializer},
    ),
)
class GezinsplanViewSet(AuditLeesMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = GezinsplanSerializer
    queryset = Gezinsplan.objects.none()  # for the schema only: reads go through selectors.gezinsplan_get
    lookup_field = "uuid"
    pagination_class = IdPaginering
    audit_wat = "gezinsplan: doelen, profiel"

    def get_object(self):
        try:
            plan = selectors.gezinsplan_get(user=self.request.user, uuid=self.kwargs["uuid"])
        except (Gezinsplan.DoesNotExist, DjangoValidationError) as exc:  # a malformed uuid: 404, not 500
            from django.http import Http404

            raise Http404 from exc
        self.audit_lezen([plan])
        return plan

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        return Response(GezinsplanSerializer(plan).data)

    def create(self, request, *args, **kwargs):
        data = GezinsplanCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            verwijzing = selectors.verwijzing_get(user=request.user, uuid=v["verwijzing"])
        except Verwijzing.DoesNotExist as exc:
            raise ValidationFailed(
                "Deze verwijzing bestaat niet of u mag haar niet zien.", code="verwijzing_onbekend", field="verwijzing"
            ) from exc
        plan = services.gezinsplan_create(  # plan, goals and profile in one transaction: all or nothing
            verwijzing=verwijzing,
            doelen=v["doelen"],
            door=request.user,
            product_code=v["product"],
            motivering=v["motivering"],
            uitsluiting_code=v["uitsluiting"] or None,
            maatwerk_prijs=v["maatwerk_prijs"],
            maatwerk_motivering=v["maatwerk_motivering"],
        )
        return Response(GezinsplanSerializer(plan).data, status=status.HTTP_201_CREATED)


# --- personal budget (pgb, issue 17 point 5) ----------------------------------------------------


class PgbbesluitFilter(django_filters.FilterSet):
    gemeente = django_filters.CharFilter(field_name="gemeente__cbs_code")
    wet = django_filters.ChoiceFilter(field_name="wet", choices=Wet.choices)
    status = django_filters.ChoiceFilter(field_name="status", choices=Pgbbesluit.Status.choices)
    client = django_filters.UUIDFilter(field_name="client__uuid")

    class Meta:
        model = Pgbbesluit
        fields = ["gemeente", "wet", "status", "client"]


def _uit(qs, uuid, field: str, label: str):
    """One row of a scoped queryset by uuid, or a refusal with a code (never a 500)."""
    try:
        return qs.get(uuid=uuid)
    except (qs.model.DoesNotExist, DjangoValidationError) as exc:
        raise ValidationFailed(
            f"{label} bestaat niet of u mag deze niet zien.", code=f"{field}_onbekend", field=field
        ) from exc


@extend_schema_view(
    list=extend_schema(summary="Pgb-besluiten (persoonsgebonden budget in plaats van zorg in natura)", tags=TAG),
    retrieve=extend_schema(summary="Eén pgb-besluit met zijn historie", tags=TAG),
    create=extend_schema(
        summary="Pgb aanvragen (Wmo: keuze van de cliënt; Jeugdwet: alleen met reden)",
        tags=TAG,
        request=PgbbesluitCreateSerializer,
        responses={201: PgbbesluitSerializer},
    ),
    toekennen=extend_schema(
        summary="Pgb toekennen", tags=TAG, request=PgbStapSerializer, responses=PgbbesluitSerializer
    ),
    afwijzen=extend_schema(summary="Pgb afwijzen", tags=TAG, request=PgbStapSerializer, responses=PgbbesluitSerializer),
    intrekken=extend_schema(
        summary="Pgb intrekken", tags=TAG, request=PgbStapSerializer, responses=PgbbesluitSerializer
    ),
    beeindigen=extend_schema(
        summary="Pgb tussentijds beëindigen", tags=TAG, request=PgbBeeindigenSerializer, responses=PgbbesluitSerializer
    ),
)
class PgbbesluitViewSet(AuditLeesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PgbbesluitSerializer
    lookup_field = "uuid"
    pagination_class = IdPaginering
    filterset_class = PgbbesluitFilter
    audit_wat = "pgb-besluiten: wet, budget, periode, reden"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: the filters must be documented
            return Pgbbesluit.objects.none()
        return selectors.pgbbesluit_list(user=self.request.user).prefetch_related("historie__door")

    def _antwoord(self, besluit, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=besluit.pk)
        return Response(PgbbesluitSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        data = PgbbesluitCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        client = _uit(selectors.client_list(user=request.user), v["client"], "client", "Deze cliënt")
        plan = None
        if v["plan"]:
            plan = _uit(
                Gezinsplan.objects.filter(verwijzing__in=selectors.verwijzing_list(user=request.user).values("pk")),
                v["plan"],
                "plan",
                "Dit plan",
            )
        besluit = services.pgbbesluit_aanvragen(
            client=client,
            wet=v["wet"],
            plan=plan,
            bedrag=v["bedrag"],
            ingangsdatum=v["ingangsdatum"],
            einddatum=v["einddatum"],
            keuze_client=v["keuze_client"],
            reden=v["reden"],
            tariefgrondslag=v["tariefgrondslag"],
            toekennen=v["toekennen"],
            toelichting=v["toelichting"],
            door=request.user,
        )
        return self._antwoord(besluit, status.HTTP_201_CREATED)

    def _stap(self, request, serializer, service, **extra):
        besluit = self.get_object()
        data = serializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(besluit=besluit, door=request.user, **data.validated_data, **extra)
        return self._antwoord(besluit)

    @action(detail=True, methods=["post"])
    def toekennen(self, request, uuid=None):
        return self._stap(request, PgbStapSerializer, services.pgbbesluit_toekennen)

    @action(detail=True, methods=["post"])
    def afwijzen(self, request, uuid=None):
        return self._stap(request, PgbStapSerializer, services.pgbbesluit_afwijzen)

    @action(detail=True, methods=["post"])
    def intrekken(self, request, uuid=None):
        return self._stap(request, PgbStapSerializer, services.pgbbesluit_intrekken)

    @action(detail=True, methods=["post"])
    def beeindigen(self, request, uuid=None):
        return self._stap(request, PgbBeeindigenSerializer, services.pgbbesluit_beeindigen)
