"""The two ways of authenticating (``api/authenticatie.py``) as drf-spectacular sees them. Apart from the
authentication classes so that a command that never serves the API (``classify``, ``berichten``)
does not import the schema generator; ``api_urls`` imports this module, as schema generation does."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .authenticatie import SCOPES, SessieAuthenticatie, TokenAuthenticatie, benodigde_scope


class SessieAuthenticatieScheme(OpenApiAuthenticationExtension):
    """The session cookie in the schema (drf-spectacular does not match subclasses by itself)."""

    target_class = SessieAuthenticatie
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}


class TokenAuthenticatieScheme(OpenApiAuthenticationExtension):
    """OAuth 2.0 client credentials in the schema, with every scope; each operation names the scope it
    needs."""

    target_class = TokenAuthenticatie
    name = "oauth2"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": (
                "OAuth 2.0 client credentials voor koppelingen. Een client hoort bij één organisatie en één "
                "rol; het token verloopt (expires_in) en geeft alleen toegang binnen zijn scopes."
            ),
            "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": dict(SCOPES)}},
        }

    def get_security_requirement(self, auto_schema):
        nodig = benodigde_scope(auto_schema.path, auto_schema.method)
        return {self.name: [nodig] if nodig else []}
