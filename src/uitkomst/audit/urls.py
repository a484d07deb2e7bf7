from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [path("", views.inzage_list, name="inzage-list")]
