from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.utils import klok
from uitkomst.utils.errors import NotFound, ValidationFailed

from .. import services


class SimulatieViewSet(viewsets.ViewSet):
    @extend_schema(
        summary="Vijf bekostigingsvormen naast elkaar voor een gemeente of de regio (Monte Carlo)",
        tags=["simulatie"],
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT},
    )
    def create(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        regio = Regio.objects.filter(code=data.get("regio", "ijsselland")).first()
        if regio is None:
            raise NotFound("Onbekende regio.", code="regio_onbekend")
        gemeente = None
        if data.get("gemeente"):
            gemeente = Gemeente.objects.filter(cbs_code=data["gemeente"]).first()
            if gemeente is None:
                raise NotFound("Onbekende gemeente.", code="gemeente_onbekend")
        try:
            jaar = int(data.get("jaar") or klok.vandaag().year + 1)
            runs = int(data.get("runs") or 1000)
            seed = int(data.get("seed") or 2018)
        except (TypeError, ValueError) as exc:
            raise ValidationFailed("Jaar, runs en seed zijn gehele getallen.", code="parameter_ongeldig") from exc
        parameters = data.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise ValidationFailed("'parameters' is een object met naam en waarde.", code="parameter_ongeldig")
        result = services.simuleer(user=request.user, regio=regio, gemeente=gemeente, jaar=jaar, runs=runs,
                                   seed=seed, parameters=parameters)  # fmt: skip
        return Response(result)
