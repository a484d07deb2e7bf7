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

# Steps of the access journey that read or create assignments. They live in trajecten (which holds
# ``Toewijzing`` and builds on toegang) but keep their place in the ``toegang`` namespace and under
# /toegang/: ``uitkomst.urls`` mounts them there next to ``uitkomst.toegang.urls`` (the choice of
# provider, which shows outcome figures, is ``uitkomsten.urls.toegang_patterns``).
toegang_patterns = [
    path("clienten/<uuid:uuid>", views.client_detail, name="client-detail"),
    path("goedkeuren", views.goedkeuren, name="goedkeuren"),
    path("verwijzingen/<uuid:uuid>/lopende-zorg", views.lopende_zorg, name="lopende-zorg"),
]
