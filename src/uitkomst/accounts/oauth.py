"""OAuth 2.0 client credentials for back-office integrations (django-oauth-toolkit).

An integration client is a DOT ``Application`` (confidential, grant type client-credentials) whose
``user`` is its own service user: a ``Gebruiker`` named ``integratie:<naam>`` in one role for one
organisation, active but without a usable password, so it can never log in on a page. Every token the
client gets carries that service user, so the policy (``accounts.policy``) treats a client exactly as a
person in the same role and organisation: same rows, same actions.

On top of that the token's scopes limit which parts of the API the client may call at all
(``api/authenticatie.py``: ``<area>:lezen`` / ``<area>:schrijven``). A client may ask for any subset of
its role's scopes (``ROL_SCOPES``); asking for none gives it all of them. Tokens expire after
``UITKOMST_OAUTH_TOKEN_SECONDEN`` (default one hour) and are stored as a SHA-256 checksum only.
"""

from __future__ import annotations

from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes

from uitkomst.api.authenticatie import LEZEN, SCHRIJVEN, SCOPES

SERVICE_PREFIX = "integratie:"


def _beide(*gebieden: str) -> list[str]:
    return [f"{g}:{s}" for g in gebieden for s in (LEZEN, SCHRIJVEN)]


def _lezen(*gebieden: str) -> list[str]:
    return [f"{g}:{LEZEN}" for g in gebieden]


# The scopes a client of each role may hold (docs/security.md, "OAuth2 for integrations"). They follow
# the role's rights (accounts/data/rollen.yaml); within a scope the policy still decides per row.
ROL_SCOPES: dict[str, list[str]] = {
    "beheerder": sorted(SCOPES),
    "regio-contractmanager": [
        *_beide("catalogus", "contractering", "sturing", "subsidies", "voorzieningen"),
        *_lezen("toegang", "trajecten", "declaraties", "uitkomsten"),
    ],
    "gemeente-toegang": [
        *_lezen("catalogus", "berichten"),
        *_beide("toegang", "trajecten", "uitkomsten", "voorzieningen"),  # voorzieningen: referring (issue 17)
    ],
    "gemeente-financien": [
        *_lezen("catalogus", "berichten", "uitkomsten", "voorzieningen"),
        *_beide("declaraties", "sturing", "subsidies"),
    ],
    # the policy adviser: contract forms, indicators, steering, simulations, subsidies; no dossiers
    "gemeente-beleid": [
        *_lezen("catalogus", "contractering", "uitkomsten", "voorzieningen"),
        *_beide("sturing", "subsidies"),
    ],
    "verwijzer": [*_lezen("catalogus"), *_beide("toegang")],
    "aanbieder": [
        *_lezen("catalogus", "toegang"),
        *_beide("contractering", "trajecten", "declaraties", "uitkomsten", "berichten", "subsidies", "voorzieningen"),
    ],
    "privacy-officer": _lezen("catalogus"),
    "systeem": [],
}


def scopes_voor_rol(rol_code: str | None) -> list[str]:
    return list(ROL_SCOPES.get(rol_code or "", []))


def _rol_code(application) -> str | None:
    user = getattr(application, "user", None)
    rol = getattr(user, "rol", None)
    return rol.code if rol is not None else None


class RolScopes(BaseScopes):
    """DOT's scopes backend: a client may have the scopes of its service user's role, no others."""

    def get_all_scopes(self):
        return dict(SCOPES)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        return scopes_voor_rol(_rol_code(application)) if application is not None else []

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)


class Validator(OAuth2Validator):
    """DOT leaves a client-credentials token without a user; ours carries the client's service user,
    so an API call with it authenticates as that user (role and organisation). An inactive service
    user (a client switched off) gets no token."""

    def validate_client_id(self, client_id, request, *args, **kwargs):
        return super().validate_client_id(client_id, request, *args, **kwargs) and self._actief(request)

    def authenticate_client(self, request, *args, **kwargs):
        return super().authenticate_client(request, *args, **kwargs) and self._actief(request)

    @staticmethod
    def _actief(request) -> bool:
        user = getattr(getattr(request, "client", None), "user", None)
        return user is not None and user.is_active

    def _create_access_token(self, expires, request, token, source_refresh_token=None):
        if request.grant_type == "client_credentials":
            request.user = request.client.user
        return super()._create_access_token(expires, request, token, source_refresh_token)
