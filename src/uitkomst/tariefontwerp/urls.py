from django.urls import path

from . import views

app_name = "tariefontwerp"
urlpatterns = [
    path("", views.ontwerp_page, name="ontwerp"),
    path("koppeling", views.koppeling_page, name="koppeling"),
]
