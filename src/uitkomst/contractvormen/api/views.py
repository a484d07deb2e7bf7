import json

from djangorestframework_camel_case.parser import CamelCaseJSONParser
from djangorestframework_camel_case.util import underscoreize
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from uitkomst.accounts import policy
from uitkomst.utils.errors import NotFound, ValidationFailed

from .. import selectors, services
from ..models import Tekstlezing
from ..tekst import MAX_DOCUMENT_BYTES
from .serializers import (
    ClassificatieSerializer,
    ClassificeerInvoerSerializer,
    ContractvormInvoerSerializer,
    ContractvormSerializer,
    KaartpuntSerializer,
    LeesTekstInvoerSerializer,
    LezingBevestigenInvoerSerializer,
    LezingCorrectieInvoerSerializer,
    TekstlezingSerializer,
    VergelijkbaarSerializer,
)

TAG = ["contractvormen"]
OPTIONAL = ("code", "procedure", "regisseur_bij_aanbieder", "aanbieders_namen", "toelichting", "bron")


def _object(data) -> dict:
    if not isinstance(data, dict):
        raise ValidationFailed("Verwacht een JSON-object.", code="invoer_geen_object")
    return data


def _document(request) -> tuple[bytes, str]:
    """The uploaded file (multipart ``bestand``) or the text (``tekst``) of a request."""
    upload = request.FILES.get("bestand")
    if upload is not None:
        if upload.size > MAX_DOCUMENT_BYTES:
            raise ValidationFailed(
                f"Het document is te groot; het maximum is {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.",
                code="bestand_te_groot",
                field="bestand",
            )
        return upload.read(), upload.name or ""
    tekst = request.data.get("tekst") if hasattr(request.data, "get") else None
    if not isinstance(tekst, str):
        raise ValidationFailed(
            "Stuur een bestand (bestand) of tekst (tekst) mee.", code="document_ontbreekt", field="bestand"
        )
    return tekst.encode("utf-8"), ""


def _antwoorden(value):
    """The six answers as a dict; a multipart form sends them as a JSON string (camelCase allowed)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(
                "De antwoorden moeten een JSON-object zijn.", code="antwoorden_ongeldig", field="antwoorden"
            ) from exc
    return underscoreize(value) if isinstance(value, dict) else value


class ContractvormPermission(permissions.BasePermission):
    """Reading needs an account; writing needs contractering.beheren or catalogus.beheren.
    Classifying (saves nothing, no personal data) is open to everyone."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) == "classificeer":
            return True
        if not selectors.can_read(request.user):
            return False
        if getattr(view, "action", None) in ("lezingen", "lezing"):
            # confirmed readings (document texts with their answers) are labelled data for managers
            return policy.mag(request.user, "contractvormen.contractvorm_beheren")
        if request.method in permissions.SAFE_METHODS or view.action == "lees_tekst":
            return True
        return policy.mag(request.user, "contractvormen.contractvorm_beheren")


@extend_schema_view(
    list=extend_schema(summary="Contractvormen", tags=TAG),
    retrieve=extend_schema(summary="Eén contractvorm met classificatie", tags=TAG),
)
class ContractvormViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [ContractvormPermission]
    serializer_class = ContractvormSerializer
    lookup_field = "uuid"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.contractvorm_list(user=self.request.user).select_related("inkoopmodel")

    @extend_schema(
        summary="Nieuwe contractvorm",
        tags=TAG,
        request=ContractvormInvoerSerializer,
        responses={201: ContractvormSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = _object(request.data)
        cv = services.contractvorm_create(
            naam=data.get("naam") or "",
            gebied=data.get("gebied") or "",
            wet=data.get("wet") or "",
            jaar=data.get("jaar"),
            antwoorden=data.get("antwoorden"),
            door=request.user,
            **{k: data[k] for k in OPTIONAL if k in data},
        )
        return Response(ContractvormSerializer(cv).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Contractvorm wijzigen", tags=TAG, request=ContractvormInvoerSerializer(partial=True))
    def partial_update(self, request, *args, **kwargs):
        cv = self.get_object()
        data = dict(_object(request.data))
        fields = {
            k: data[k]
            for k in (
                "naam",
                "gebied",
                "wet",
                "jaar",
                "procedure",
                "regisseur_bij_aanbieder",
                "toelichting",
                "bron",
                "antwoorden",
            )
            if k in data
        }
        cv = services.contractvorm_update(
            contractvorm=cv, aanbieders_namen=data.get("aanbieders_namen"), door=request.user, **fields
        )
        return Response(ContractvormSerializer(cv).data)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            return self.partial_update(request, *args, **kwargs)
        return super().update(request, *args, **kwargs)

    @extend_schema(
        summary="Antwoorden classificeren (slaat niets op)",
        tags=TAG,
        request=ClassificeerInvoerSerializer,
        responses={200: ClassificatieSerializer, 400: OpenApiResponse(description="Ongeldige antwoorden.")},
    )
    @action(detail=False, methods=["post"], url_path="classificeer", permission_classes=[permissions.AllowAny])
    def classificeer(self, request):
        data = _object(request.data)
        result = services.classificeer(
            antwoorden=data.get("antwoorden"),
            procedure=data.get("procedure"),
            regisseur_bij_aanbieder=data.get("regisseur_bij_aanbieder"),
        )
        return Response(result.als_dict())

    @extend_schema(
        summary="Antwoorden voorstellen uit een inkoopdocument (slaat niets op)",
        tags=TAG,
        request={"multipart/form-data": LeesTekstInvoerSerializer, "application/json": LeesTekstInvoerSerializer},
        responses={200: ClassificatieSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="lees-tekst",
        parser_classes=[CamelCaseJSONParser, MultiPartParser, FormParser],
    )
    def lees_tekst(self, request):
        data, _naam = _document(request)
        return Response(services.tekst_lezen(data=data).classificatie.als_dict())

    @extend_schema(
        methods=["GET"],
        summary="Bevestigde lezingen: documenttekst met bevestigde antwoorden (gelabelde data)",
        tags=TAG,
        responses={200: TekstlezingSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Document lezen en de antwoorden bevestigen of verbeteren (slaat de lezing en de correcties op)",
        tags=TAG,
        request={
            "multipart/form-data": LezingBevestigenInvoerSerializer,
            "application/json": LezingBevestigenInvoerSerializer,
        },
        responses={201: TekstlezingSerializer},
    )
    @action(
        detail=False,
        methods=["get", "post"],
        url_path="lezingen",
        parser_classes=[CamelCaseJSONParser, MultiPartParser, FormParser],
        pagination_class=None,
    )
    def lezingen(self, request):
        if request.method == "GET":
            return Response(TekstlezingSerializer(selectors.bevestigde_lezingen(user=request.user), many=True).data)
        data, naam = _document(request)
        payload = request.data
        lezing = services.lezing_uit_document_bevestigen(
            data=data,
            bestandsnaam=naam or payload.get("bestandsnaam") or "",
            antwoorden=_antwoorden(payload.get("antwoorden")),
            naam=payload.get("naam") or "",
            gebied=payload.get("gebied") or "",
            wet=payload.get("wet") or "",
            jaar=payload.get("jaar"),
            procedure=payload.get("procedure") or "onbekend",
            door=request.user,
        )
        return Response(TekstlezingSerializer(lezing).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Antwoorden van een bevestigde lezing verbeteren (de contractvorm volgt)",
        tags=TAG,
        request=LezingCorrectieInvoerSerializer,
        responses={200: TekstlezingSerializer},
    )
    @action(detail=False, methods=["patch"], url_path=r"lezingen/(?P<lezing_uuid>[0-9a-f-]{36})")
    def lezing(self, request, lezing_uuid=None):
        try:
            obj = selectors.bevestigde_lezingen(user=request.user).get(uuid=lezing_uuid)
        except Tekstlezing.DoesNotExist as exc:
            raise NotFound("Deze lezing bestaat niet of is niet bevestigd.", code="lezing_onbekend") from exc
        obj = services.tekstlezing_corrigeren(
            tekstlezing=obj, antwoorden=_antwoorden(_object(request.data).get("antwoorden")), door=request.user
        )
        return Response(TekstlezingSerializer(obj).data)

    @extend_schema(
        summary="Alle contractvormen als punten op het raamwerk",
        tags=TAG,
        responses={200: KaartpuntSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], url_path="kaart", pagination_class=None)
    def kaart(self, request):
        punten = selectors.kaartpunten(self.get_queryset())
        return Response(
            [
                {
                    **{k: p[k] for k in ("naam", "gebied", "jaar", "fictief", "x", "y", "archetype", "kwadrant")},
                    "uuid": p["contractvorm"].uuid,
                }
                for p in punten
            ]
        )

    @extend_schema(
        summary="Meest gelijkende contractvormen", tags=TAG, responses={200: VergelijkbaarSerializer(many=True)}
    )
    @action(detail=True, methods=["get"], url_path="vergelijkbaar", pagination_class=None)
    def vergelijkbaar(self, request, uuid=None):
        cv = self.get_object()
        return Response(
            [
                {"uuid": o.uuid, "naam": o.naam, "gebied": o.gebied, "jaar": o.jaar, "gelijkenis": g}
                for o, g in selectors.vergelijkbaar(contractvorm=cv, user=request.user)
            ]
        )
