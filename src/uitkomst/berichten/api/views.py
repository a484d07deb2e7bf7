"""API of the message log, for a GGk adapter: ``POST /api/v1/berichten`` receives a message (the iJw/iWmo
XML, or a StUF-GGk Di01 around it; ``application/xml``, or JSON with the payload in base64), list and
detail with filters, the payload of an outgoing message, and marking it sent."""

from __future__ import annotations

import base64
import binascii

from django.http import HttpResponse
from djangorestframework_camel_case.parser import CamelCaseJSONParser
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.response import Response

from uitkomst.accounts import policy
from uitkomst.audit.api import AuditLeesMixin
from uitkomst.audit.services import audit_request
from uitkomst.utils.errors import NotAllowed

from .. import selectors, services
from ..models import Bericht, Kanaal, Status
from ..xml import MAX_BYTES
from .serializers import BerichtDetailSerializer, BerichtInSerializer, BerichtSerializer

TAG = ["berichten"]


class XmlParser(BaseParser):
    """The raw body, at most 25 MB (+1 byte, so the check can refuse a larger one)."""

    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(MAX_BYTES + 1) if stream is not None else b""


class TextXmlParser(XmlParser):
    media_type = "text/xml"


def _ingelogd(request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated()


FILTERS = [
    OpenApiParameter("richting", str, enum=["in", "uit"]),
    OpenApiParameter("status", str, enum=[s for s, _ in Status.choices]),
    OpenApiParameter("berichtcode", str, description="Bijvoorbeeld JW305 of 305."),
    OpenApiParameter("toewijzingnummer", str),
    OpenApiParameter("gemeente", str, description="CBS-code."),
    OpenApiParameter("aanbieder", str, description="AGB-code."),
]


@extend_schema_view(
    list=extend_schema(summary="Berichten (eigen gemeente of aanbieder)", tags=TAG, parameters=FILTERS),
    retrieve=extend_schema(
        summary="Eén bericht met bevindingen en antwoorden", tags=TAG, responses=BerichtDetailSerializer
    ),
    create=extend_schema(
        summary="Bericht ontvangen (iJw/iWmo-XML of StUF-GGk Di01); controle, log, verwerking, antwoord",
        tags=TAG,
        request={"application/xml": OpenApiTypes.BINARY, "application/json": BerichtInSerializer},
        responses={201: BerichtDetailSerializer, 202: BerichtDetailSerializer, 200: BerichtDetailSerializer},
    ),
    inhoud=extend_schema(
        summary="De inhoud van een bericht (voor de GGk-koppeling)",
        tags=TAG,
        responses={(200, "application/xml"): OpenApiTypes.BINARY},
    ),
    verzonden=extend_schema(
        summary="Uitgaand bericht als verzonden markeren", tags=TAG, request=None, responses=BerichtDetailSerializer
    ),
)
class BerichtViewSet(AuditLeesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    audit_wat = "berichten: toewijzingnummer, cliënten van het bericht"
    serializer_class = BerichtSerializer
    lookup_field = "uuid"
    parser_classes = [XmlParser, TextXmlParser, CamelCaseJSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Bericht.objects.none()
        _ingelogd(self.request)
        q = self.request.query_params
        return selectors.bericht_list(
            user=self.request.user,
            richting=q.get("richting"),
            status=q.get("status"),
            berichtcode=q.get("berichtcode"),
            toewijzingnummer=q.get("toewijzingnummer"),
            gemeente=q.get("gemeente"),
            aanbieder=q.get("aanbieder"),
        )

    def _detail(self, bericht, code=status.HTTP_200_OK):
        bericht = Bericht.objects.select_related("gemeente", "aanbieder", "antwoord_op").get(pk=bericht.pk)
        return Response(BerichtDetailSerializer(bericht).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        _ingelogd(request)
        if not policy.is_installatie(request.user):
            raise NotAllowed("Alleen de GGk-koppeling of beheer levert berichten aan.", code="geen_toegang")
        if isinstance(request.data, bytes | bytearray):
            data, naam = bytes(request.data), request.query_params.get("bestandsnaam", "")
        else:
            s = BerichtInSerializer(data=request.data)
            s.is_valid(raise_exception=True)
            try:
                data = base64.b64decode(s.validated_data["bericht"], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise ValidationError({"bericht": ["Geen geldige base64."]}) from exc
            naam = s.validated_data.get("bestandsnaam", "")
        r = services.bericht_ontvangen(data=data, door=request.user, kanaal=Kanaal.API, bestandsnaam=naam)
        if r.status == "dubbel":
            return self._detail(r.bericht, status.HTTP_200_OK)
        code = status.HTTP_202_ACCEPTED if r.bericht.status == Status.ONTVANGEN else status.HTTP_201_CREATED
        return self._detail(r.bericht, code)

    @action(detail=True, methods=["get"])
    def inhoud(self, request, uuid=None):
        bericht = self.get_object()
        if not policy.is_installatie(request.user):
            raise NotAllowed("De inhoud met BSN haalt alleen de GGk-koppeling of beheer op.", code="geen_toegang")
        clients = list(bericht.clienten.all())
        audit_request(request, clients, wat=f"bericht {bericht.berichtcode}: inhoud met BSN", bsn_getoond=True)
        naam, data = (
            services.uitgaand_bestand(bericht, envelop=request.query_params.get("envelop") == "1")
            if (bericht.richting == "uit")
            else (f"{bericht.berichtcode}.xml", _origineel(bericht))
        )
        response = HttpResponse(data, content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{naam}"'
        return response

    @action(detail=True, methods=["post"])
    def verzonden(self, request, uuid=None):
        bericht = self.get_object()
        if not policy.is_installatie(request.user):
            raise NotAllowed("Alleen de GGk-koppeling of beheer meldt een bericht als verzonden.", code="geen_toegang")
        return self._detail(services.bericht_verzonden(bericht=bericht, door=request.user, kanaal="API"))


def _origineel(bericht) -> bytes:
    from ..xml import origineel

    return origineel(bericht.xml)
