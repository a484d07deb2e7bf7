from django.urls import path

from . import views

app_name = "toegang"
urlpatterns = [
    path("", views.werkvoorraad, name="werkvoorraad"),
    path("clienten", views.client_list, name="client-list"),
    path("clienten/<uuid:uuid>", views.client_detail, name="client-detail"),
    path("verwijzingen/nieuw", views.verwijzing_nieuw, name="verwijzing-nieuw"),
    path("verwijzingen/<uuid:uuid>", views.verwijzing_detail, name="verwijzing-detail"),
    path("verwijzingen/<uuid:uuid>/aanvullen", views.verwijzing_aanvullen, name="verwijzing-aanvullen"),
    path("plannen/<uuid:uuid>", views.plan_detail, name="plan-detail"),
    path("plannen/<uuid:uuid>/aanbieder", views.plan_aanbieder, name="plan-aanbieder"),
    path("goedkeuren", views.goedkeuren, name="goedkeuren"),
]
