"""The REST API's url list: one router over the API views of every app, mounted at /api/v1/.

It lives at the top (next to ``uitkomst.urls``) because it includes every app; the API plumbing the apps
themselves use (problem+json errors, pagination, schema hooks) stays in ``uitkomst.api``.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

import uitkomst.api.schema_auth  # noqa: F401  (registers the authentication schemes with drf-spectacular)
from uitkomst.berichten.api.views import BerichtViewSet
from uitkomst.catalogus.api.views import InkoopmodelViewSet, ProductViewSet, TariefViewSet
from uitkomst.contractering.api.views import (
    AanbestedingViewSet,
    AanbiederViewSet,
    AanmeldingViewSet,
    InschrijvingViewSet,
    RaamovereenkomstViewSet,
    ToetredingsrondeViewSet,
)
from uitkomst.contractvormen.api.views import ContractvormViewSet
from uitkomst.declaraties.api.views import BetaalrondeViewSet, DeclaratieViewSet
from uitkomst.simulatie.api.views import SimulatieViewSet
from uitkomst.sturing.api.views import (
    BudgetViewSet,
    SignaalViewSet,
    SubsidiecijfersViewSet,
)
from uitkomst.subsidies.api.views import (
    SubsidieaanvraagViewSet,
    SubsidieregelingViewSet,
    SubsidieresultaatViewSet,
    SubsidieverleningViewSet,
    SubsidievoorschotViewSet,
)
from uitkomst.tariefontwerp.api.views import TariefontwerpViewSet
from uitkomst.toegang.api.views import ClientViewSet, GezinsplanViewSet, PgbbesluitViewSet, VerwijzingViewSet
from uitkomst.trajecten.api.views import ToewijzingViewSet, TrajectViewSet
from uitkomst.uitkomsten.api.views import IndicatorViewSet, UitkomstmetingViewSet
from uitkomst.voorzieningen.api.views import (
    AlgemeneVoorzieningViewSet,
    DeelnamemeldingViewSet,
    VoorliggendeVerwijzingViewSet,
    VoorzieningsbereikViewSet,
    WijkViewSet,
)

router = DefaultRouter(trailing_slash=False)
router.include_format_suffixes = False
router.register("inkoopmodellen", InkoopmodelViewSet, basename="inkoopmodel")
router.register("producten", ProductViewSet, basename="product")
router.register("tarieven", TariefViewSet, basename="tarief")
router.register("aanbieders", AanbiederViewSet, basename="aanbieder")
router.register("raamovereenkomsten", RaamovereenkomstViewSet, basename="raamovereenkomst")
router.register("toetredingsrondes", ToetredingsrondeViewSet, basename="toetredingsronde")
router.register("aanmeldingen", AanmeldingViewSet, basename="aanmelding")
router.register("aanbestedingen", AanbestedingViewSet, basename="aanbesteding")  # issue 17
router.register("inschrijvingen", InschrijvingViewSet, basename="inschrijving")  # issue 17
router.register("contractvormen", ContractvormViewSet, basename="contractvorm")
router.register("clienten", ClientViewSet, basename="client")
router.register("verwijzingen", VerwijzingViewSet, basename="verwijzing")
router.register("gezinsplannen", GezinsplanViewSet, basename="gezinsplan")
router.register("pgb-besluiten", PgbbesluitViewSet, basename="pgbbesluit")  # issue 17: personal budget
router.register("toewijzingen", ToewijzingViewSet, basename="toewijzing")
router.register("trajecten", TrajectViewSet, basename="traject")
router.register("declaraties", DeclaratieViewSet, basename="declaratie")
router.register("berichten", BerichtViewSet, basename="bericht")
router.register("betaalrondes", BetaalrondeViewSet, basename="betaalronde")
router.register("uitkomstmetingen", UitkomstmetingViewSet, basename="uitkomstmeting")
router.register("indicatoren", IndicatorViewSet, basename="indicator")
router.register("budgetten", BudgetViewSet, basename="budget")
router.register("signalen", SignaalViewSet, basename="signaal")
# steering figures of issue 17: subsidies next to contracts
router.register("subsidiecijfers", SubsidiecijfersViewSet, basename="subsidiecijfers")
router.register("tariefontwerpen", TariefontwerpViewSet, basename="tariefontwerp")
router.register("simulaties", SimulatieViewSet, basename="simulatie")
router.register("subsidieregelingen", SubsidieregelingViewSet, basename="subsidieregeling")
router.register("subsidieaanvragen", SubsidieaanvraagViewSet, basename="subsidieaanvraag")
router.register("subsidieverleningen", SubsidieverleningViewSet, basename="subsidieverlening")
router.register("subsidievoorschotten", SubsidievoorschotViewSet, basename="subsidievoorschot")
router.register("subsidieresultaten", SubsidieresultaatViewSet, basename="subsidieresultaat")
# issue 17 point 2: collective provisions
router.register("wijken", WijkViewSet, basename="wijk")
router.register("algemene-voorzieningen", AlgemeneVoorzieningViewSet, basename="algemenevoorziening")
router.register("deelnamemeldingen", DeelnamemeldingViewSet, basename="deelnamemelding")
router.register("voorliggende-verwijzingen", VoorliggendeVerwijzingViewSet, basename="voorliggendeverwijzing")
router.register("voorzieningsbereik", VoorzieningsbereikViewSet, basename="voorzieningsbereik")

app_name = "api"
urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
