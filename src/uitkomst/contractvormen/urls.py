from django.urls import path

from . import views

app_name = "contractvormen"
urlpatterns = [
    path("", views.vragenlijst, name="vragenlijst"),
    path("lezen", views.lezen, name="lezen"),
    path("lezen/<uuid:uuid>", views.documentlezing, name="documentlezing"),
    path("opslaan", views.opslaan, name="opslaan"),
    path("kaart", views.kaart, name="kaart"),
    path("vergelijk", views.vergelijk, name="vergelijk"),
    path("portfolio", views.portfolio, name="portfolio"),
    path("<uuid:uuid>", views.detail, name="detail"),
]
