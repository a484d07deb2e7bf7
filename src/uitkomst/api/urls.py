from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from uitkomst.catalogus.api.views import InkoopmodelViewSet, ProductViewSet, TariefViewSet
from uitkomst.contractering.api.views import (
    AanbiederViewSet,
    AanmeldingViewSet,
    RaamovereenkomstViewSet,
    ToetredingsrondeViewSet,
)
from uitkomst.contractvormen.api.views import ContractvormViewSet
from uitkomst.declaraties.api.views import BetaalrondeViewSet, DeclaratieViewSet
from uitkomst.sturing.api.views import BudgetViewSet, SignaalViewSet
from uitkomst.toegang.api.views import ClientViewSet, GezinsplanViewSet, VerwijzingViewSet
from uitkomst.trajecten.api.views import ToewijzingViewSet, TrajectViewSet
from uitkomst.uitkomsten.api.views import IndicatorViewSet, UitkomstmetingViewSet

router = DefaultRouter(trailing_slash=False)
router.include_format_suffixes = False
router.register("inkoopmodellen", InkoopmodelViewSet, basename="inkoopmodel")
router.register("producten", ProductViewSet, basename="product")
router.register("tarieven", TariefViewSet, basename="tarief")
router.register("aanbieders", AanbiederViewSet, basename="aanbieder")
router.register("raamovereenkomsten", RaamovereenkomstViewSet, basename="raamovereenkomst")
router.register("toetredingsrondes", ToetredingsrondeViewSet, basename="toetredingsronde")
router.register("aanmeldingen", AanmeldingViewSet, basename="aanmelding")
router.register("contractvormen", ContractvormViewSet, basename="contractvorm")
router.register("clienten", ClientViewSet, basename="client")
router.register("verwijzingen", VerwijzingViewSet, basename="verwijzing")
router.register("gezinsplannen", GezinsplanViewSet, basename="gezinsplan")
router.register("toewijzingen", ToewijzingViewSet, basename="toewijzing")
router.register("trajecten", TrajectViewSet, basename="traject")
router.register("declaraties", DeclaratieViewSet, basename="declaratie")
router.register("betaalrondes", BetaalrondeViewSet, basename="betaalronde")
router.register("uitkomstmetingen", UitkomstmetingViewSet, basename="uitkomstmeting")
router.register("indicatoren", IndicatorViewSet, basename="indicator")
router.register("budgetten", BudgetViewSet, basename="budget")
router.register("signalen", SignaalViewSet, basename="signaal")

app_name = "api"
urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
