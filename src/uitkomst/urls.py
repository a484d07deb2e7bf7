from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from uitkomst.api.errors import api_not_found
from uitkomst.contractering import urls as contractering_urls

admin.site.site_header = "Uitkomst – beheer"
admin.site.site_title = "Uitkomst"
admin.site.index_title = "Configuratie"

urlpatterns = [
    path("api/v1/", include("uitkomst.api.urls")),
    re_path(r"^api/", api_not_found),
    path("beheer/", admin.site.urls),
    path("inloggen", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("uitloggen", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("uitkomst.web.urls")),
    path("catalogus/", include("uitkomst.catalogus.urls")),
    path("contractering/", include("uitkomst.contractering.urls")),
    path("keuzehulp/", include(contractering_urls.keuzehulp_patterns)),
    path("toegang/", include("uitkomst.toegang.urls")),
    path("trajecten/", include("uitkomst.trajecten.urls")),
    path("audit/", include("uitkomst.audit.urls")),
    path("contractvormen/", include("uitkomst.contractvormen.urls")),
    path("declaraties/", include("uitkomst.declaraties.urls")),
    path("sturing/", include("uitkomst.sturing.urls")),
]
