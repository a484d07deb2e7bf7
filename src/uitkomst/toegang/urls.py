from django.urls import path

from . import views

# The dossier, the choice of provider and the approver's queue share this namespace but live in
# trajecten (``trajecten.urls.toegang_patterns``); ``uitkomst.urls`` mounts both lists here.
app_name = "toegang"
urlpatterns = [
    path("", views.werkvoorraad, name="werkvoorraad"),
    path("clienten", views.client_list, name="client-list"),
    path("verwijzingen/nieuw", views.verwijzing_nieuw, name="verwijzing-nieuw"),
    path("verwijzingen/<uuid:uuid>", views.verwijzing_detail, name="verwijzing-detail"),
    path("verwijzingen/<uuid:uuid>/aanvullen", views.verwijzing_aanvullen, name="verwijzing-aanvullen"),
    path("plannen/<uuid:uuid>", views.plan_detail, name="plan-detail"),
    # personal budget (pgb, issue 17 point 5)
    path("pgb", views.pgb_list, name="pgb-list"),
    path("pgb/nieuw", views.pgb_nieuw, name="pgb-nieuw"),
    path("pgb/<uuid:uuid>", views.pgb_detail, name="pgb-detail"),
]
