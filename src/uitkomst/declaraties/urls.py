from django.urls import path

from . import views

app_name = "declaraties"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("nieuw", views.nieuw, name="nieuw"),
    path("uploaden", views.uploaden, name="uploaden"),
    path("beoordelen", views.beoordelen, name="beoordelen"),
    path("legitimiteit", views.legitimiteit, name="legitimiteit"),
    path("betaalrondes", views.betaalrondes, name="betaalrondes"),
    path("betaalrondes/<uuid:uuid>", views.betaalronde, name="betaalronde"),
    path("betaalrondes/<uuid:uuid>/export.csv", views.betaalronde_csv, name="betaalronde-csv"),
    path("betaalrondes/<uuid:uuid>/export.xlsx", views.betaalronde_xlsx, name="betaalronde-xlsx"),
    path("regels/<uuid:uuid>/crediteren", views.crediteren, name="crediteren"),
    path("regels/<uuid:uuid>/afkeuren", views.afkeuren, name="afkeuren"),
    path("regels/<uuid:uuid>/goedkeuring-intrekken", views.goedkeuring_intrekken, name="goedkeuring-intrekken"),
    path("<uuid:uuid>", views.detail, name="detail"),
]
