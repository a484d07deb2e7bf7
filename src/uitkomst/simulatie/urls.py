from django.urls import path

from . import views

app_name = "simulatie"
urlpatterns = [
    path("", views.simulatie_page, name="simulatie"),
    path("runs/<uuid:uuid>", views.run_page, name="run"),
]
