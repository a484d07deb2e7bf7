"""Collective provisions (algemene voorzieningen): open to every resident without a decision (issue 17)."""

from django.urls import path

from . import views

app_name = "voorzieningen"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("nieuw", views.nieuw, name="nieuw"),
    path("wijken/nieuw", views.wijk_nieuw, name="wijk-nieuw"),
    path("<uuid:uuid>", views.detail, name="detail"),
    path("meldingen/<uuid:uuid>/corrigeren", views.corrigeren, name="corrigeren"),
]
