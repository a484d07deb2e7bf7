from django.urls import path

from . import views

app_name = "subsidies"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("verleningen/<uuid:uuid>", views.verlening_detail, name="verlening"),
    path("verleningen/<uuid:uuid>/verantwoorden", views.verantwoorden, name="verantwoorden"),
    path("verleningen/<uuid:uuid>/vaststellen", views.vaststellen, name="vaststellen"),
]
