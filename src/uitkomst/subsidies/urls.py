from django.urls import path

from . import views

app_name = "subsidies"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("regelingen/nieuw", views.regeling_nieuw, name="regeling-nieuw"),
    path("regelingen/<uuid:uuid>", views.regeling_detail, name="regeling"),
    path("regelingen/<uuid:uuid>/aanvragen", views.aanvraag_nieuw, name="aanvraag-nieuw"),
    path("aanvragen/<uuid:uuid>", views.aanvraag_detail, name="aanvraag"),
    path("aanvragen/<uuid:uuid>/verlenen", views.verlenen, name="verlenen"),
    path("verleningen/<uuid:uuid>", views.verlening_detail, name="verlening"),
    path("verleningen/<uuid:uuid>/verantwoorden", views.verantwoorden, name="verantwoorden"),
    path("verleningen/<uuid:uuid>/vaststellen", views.vaststellen, name="vaststellen"),
]
