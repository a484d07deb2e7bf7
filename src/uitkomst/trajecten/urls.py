from django.urls import path

from . import views

app_name = "trajecten"
urlpatterns = [
    path("", views.traject_list, name="list"),
    path("inbox", views.inbox, name="inbox"),
    path("wachttijden", views.wachttijden, name="wachttijden"),
    path("signalen", views.signalen, name="signalen"),
    path("<uuid:uuid>", views.traject_detail, name="detail"),
    path("<uuid:uuid>/<slug:actie>", views.traject_actie, name="actie"),
]
