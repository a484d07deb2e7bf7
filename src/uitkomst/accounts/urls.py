"""The TOTP login step and the OAuth2 token endpoint (mounted at the site's root by uitkomst.urls)."""

from django.urls import path
from oauth2_provider.views import RevokeTokenView, TokenView

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/verificatie", views.verificatie, name="verificatie"),
    path("inloggen/tweestaps", views.inschrijven, name="tweestaps-inschrijven"),
    # OAuth 2.0 (client credentials): a token for an integration client, and revoking one (RFC 7009).
    path("oauth/token", TokenView.as_view(), name="oauth-token"),
    path("oauth/intrekken", RevokeTokenView.as_view(), name="oauth-intrekken"),
]
