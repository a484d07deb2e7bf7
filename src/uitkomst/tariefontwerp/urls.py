from django.urls import path

from . import views

app_name = "tariefontwerp"
urlpatterns = [
    path("", views.ontwerp_page, name="ontwerp"),
    path("koppeling", views.koppeling_page, name="koppeling"),
    path("import", views.import_page, name="import"),
    path("herziening", views.herziening_page, name="herziening"),
]
