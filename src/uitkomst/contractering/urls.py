from django.urls import path

from . import views

# The report with the market concentration shares this namespace but lives in sturing
# (``sturing.urls.contractering_patterns``); the public keuzehulp lives in uitkomsten.
app_name = "contractering"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("export/<str:lijst>.<str:formaat>", views.export, name="export"),
    path("aanbieders/<uuid:uuid>", views.aanbieder_detail, name="aanbieder-detail"),
    path("aanmeldingen/<uuid:uuid>", views.aanmelding_detail, name="aanmelding-detail"),
    path("raamovereenkomsten/<uuid:uuid>", views.raamovereenkomst_detail, name="raamovereenkomst-detail"),
    path("rondes", views.rondes, name="rondes"),
    path("rondes/<uuid:uuid>", views.ronde_detail, name="ronde-detail"),
    path("aanbieders/<uuid:uuid>/bewijzen", views.bewijs_toevoegen, name="bewijs-toevoegen"),
    path("bewijzen/<int:pk>/bestand", views.bewijs_bestand, name="bewijs-bestand"),
    path("aanbestedingen", views.aanbestedingen, name="aanbestedingen"),
    path("aanbestedingen/<uuid:uuid>", views.aanbesteding_detail, name="aanbesteding-detail"),
]
