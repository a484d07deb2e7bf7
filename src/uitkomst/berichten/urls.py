from django.urls import path

from . import views

app_name = "berichten"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("verzoeken", views.verzoeken, name="verzoeken"),
    path("verzoeken/<uuid:uuid>/<slug:actie>", views.verzoek_actie, name="verzoek-actie"),
    path("<uuid:uuid>", views.detail, name="detail"),
    path("<uuid:uuid>/opnieuw", views.opnieuw, name="opnieuw"),
]
