from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.utils.errors import NotFound, ValidationFailed

from .. import selectors


class TariefontwerpViewSet(viewsets.ViewSet):
    @extend_schema(
        summary="Tariefontwerp uit de laatste historie van de regio (voorstel per profiel × intensiteit)",
        tags=["tariefontwerp"],
        parameters=[OpenApiParameter(n, OpenApiTypes.STR) for n in ("model", "regel", "trim", "percentiel")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        user = request.user
        model = Inkoopmodel.objects.filter(code=request.query_params.get("model", "ijsselland-jeugd-2018")).first()
        if model is None:
            raise NotFound("Onbekend inkoopmodel.", code="inkoopmodel_onbekend")
        historie = selectors.laatste_historie(regio=model.regio)
        if historie is None:
            raise ValidationFailed("Deze regio heeft geen historie.", code="periode_zonder_data")
        result = selectors.ontwerp(
            user=user, historie=historie, inkoopmodel=model, regel=request.query_params.get("regel", "gemiddelde"),
            trim=request.query_params.get("trim"), percentiel=request.query_params.get("percentiel"),
        )  # fmt: skip
        return Response(result)
