from django.urls import path

from . import views

app_name = "contractering"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("export/<str:lijst>.<str:formaat>", views.export, name="export"),
    path("rapportage", views.rapportage, name="rapportage"),
    path("aanbieders/<uuid:uuid>", views.aanbieder_detail, name="aanbieder-detail"),
    path("aanmeldingen/<uuid:uuid>", views.aanmelding_detail, name="aanmelding-detail"),
    path("raamovereenkomsten/<uuid:uuid>", views.raamovereenkomst_detail, name="raamovereenkomst-detail"),
]

keuzehulp_patterns = (
    [
        path("", views.keuzehulp, name="index"),
        path("<uuid:uuid>", views.keuzehulp_product, name="product"),
    ],
    "keuzehulp",
)
