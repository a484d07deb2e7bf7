"""The site's url list. It composes every app's pages, so it sits at the top of the layers: a
namespace may hold pages of a higher app that combine its data with the lower app's (see
docs/architecture.md, "Layers")."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from uitkomst.api.errors import api_not_found
from uitkomst.contractering import urls as contractering_urls
from uitkomst.sturing import urls as sturing_urls
from uitkomst.toegang import urls as toegang_urls
from uitkomst.trajecten import urls as trajecten_urls
from uitkomst.uitkomsten import urls as uitkomsten_urls

admin.site.site_header = "Uitkomst – beheer"
admin.site.site_title = "Uitkomst"
admin.site.index_title = "Configuratie"

urlpatterns = [
    path("api/v1/", include("uitkomst.api_urls")),
    re_path(r"^api/", api_not_found),
    path("beheer/", admin.site.urls),
    path("inloggen", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    # the TOTP step after the password (staff roles) and the OAuth2 token endpoint (accounts/urls.py)
    path("", include("uitkomst.accounts.urls")),
    path("uitloggen", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("uitkomst.web.urls")),
    path("catalogus/", include("uitkomst.catalogus.urls")),
    # contracting: its own pages plus the report with the market concentration (in sturing)
    path(
        "contractering/",
        include((contractering_urls.urlpatterns + sturing_urls.contractering_patterns, "contractering")),
    ),
    path("keuzehulp/", include(uitkomsten_urls.keuzehulp_patterns)),
    # the access journey: toegang's own pages plus the assignment steps that live in trajecten and the
    # choice of provider with its outcome figures, which lives in uitkomsten
    path(
        "toegang/",
        include(
            (
                toegang_urls.urlpatterns + trajecten_urls.toegang_patterns + uitkomsten_urls.toegang_patterns,
                "toegang",
            )
        ),
    ),
    path("trajecten/", include("uitkomst.trajecten.urls")),
    path("audit/", include("uitkomst.audit.urls")),
    path("contractvormen/", include("uitkomst.contractvormen.urls")),
    path("declaraties/", include("uitkomst.declaraties.urls")),
    path("berichten/", include("uitkomst.berichten.urls")),
    path("sturing/", include("uitkomst.sturing.urls")),
    path("tariefontwerp/", include("uitkomst.tariefontwerp.urls")),
    path("simulatie/", include("uitkomst.simulatie.urls")),
    path("subsidies/", include("uitkomst.subsidies.urls")),
    path("voorzieningen/", include("uitkomst.voorzieningen.urls")),
]

# Error pages in the site's layout and the user's language (uitkomst.web.views)
handler400 = "uitkomst.web.views.fout_400"
handler403 = "uitkomst.web.views.geen_toegang"
handler404 = "uitkomst.web.views.niet_gevonden"
handler500 = "uitkomst.web.views.serverfout"
