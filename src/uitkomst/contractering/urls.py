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
]
