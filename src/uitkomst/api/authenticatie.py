"""How an API call says who it is. Session login (the pages' cookie, with CSRF on writes) always; HTTP
Basic only in development (``DEBUG``): it hashes a password on every call (about a second) and sends
the password with each request. OAuth2 client credentials for integrations are still to come
(issue 12, point 3).

An anonymous call gets 401 with a ``WWW-Authenticate`` challenge, not 403: DRF answers 401 only when
the first authentication class names a challenge, which plain ``SessionAuthentication`` does not."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import SessionAuthentication


class SessieAuthenticatie(SessionAuthentication):
    def authenticate_header(self, request) -> str:
        return 'Session realm="Uitkomst", login="/inloggen"'


class SessieAuthenticatieScheme(OpenApiAuthenticationExtension):
    """The session cookie in the schema (drf-spectacular does not match subclasses by itself)."""

    target_class = SessieAuthenticatie
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
