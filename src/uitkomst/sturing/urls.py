from django.urls import path

from . import views

app_name = "sturing"
urlpatterns = [
    path("", views.index, name="index"),
    path("monitor", views.monitor, name="monitor"),
    path("accountgesprek/<uuid:uuid>", views.accountgesprek, name="accountgesprek"),
    path("raadsrapportage", views.raadsrapportage, name="raadsrapportage"),
    path("indicatoren", views.indicatoren, name="indicatoren"),
    path("budgetten", views.budgetten, name="budgetten"),
    path("signalen", views.signalen, name="signalen"),
    path("signalen/<uuid:uuid>/afhandelen", views.signaal_afhandelen, name="signaal-afhandelen"),
    path("tariefherziening", views.tariefherziening, name="tariefherziening"),
]

# The contracting report with the market concentration: in the ``contractering`` namespace, at
# /contractering/rapportage (``uitkomst.urls`` mounts it there), here because it reads assignments.
contractering_patterns = [
    path("rapportage", views.contractering_rapportage, name="rapportage"),
]
